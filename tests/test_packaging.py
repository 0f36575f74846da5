"""The wheel ships every package of the service with its templates, migrations and data, found by the backend."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _tracked(folder: str) -> set[str]:
    listed = subprocess.run(["git", "ls-files", folder], cwd=ROOT, capture_output=True, text=True, check=True)
    return {line for line in listed.stdout.splitlines() if line}


def test_the_wheel_holds_every_module_template_migration_and_data_file(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("placement-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())

    wanted = set(_tracked("goals") | _tracked("placement"))
    wanted |= {f"placement/_templates/{path.removeprefix('templates/')}" for path in _tracked("templates")}
    wanted |= {f"placement/_migrations/{path.removeprefix('migrations/')}" for path in _tracked("migrations")}
    assert wanted - shipped == set()
    assert not any("__pycache__" in name for name in shipped)
