"""Paths a request may send the browser to."""

from __future__ import annotations


def local_path(target: str | None) -> str:
    """Only a path on this site: never an open redirect to another one (`//host` and `/\\host` lead away)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"
