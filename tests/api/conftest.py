"""The fuzzing gate's figures (operations, cases, failures per engine) at the end of the terminal output."""

from __future__ import annotations

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from tests.api.test_fuzz import FIGURES

    if FIGURES:
        terminalreporter.write_sep("-", "API fuzzing")
        for figures in FIGURES:
            terminalreporter.write_line(figures.line())
