"""Where the top-level templates/ and migrations/ folders are, in a checkout and in an installed wheel."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource_dir(name: str) -> Path:
    """The folder `name` ("templates" or "migrations") beside the package, else the copy packaged as `_name`."""
    checkout = Path(__file__).resolve().parents[1] / name
    if checkout.is_dir():
        return checkout
    return Path(str(files("placement") / f"_{name}"))
