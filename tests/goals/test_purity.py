"""goals/ stays pure domain code: it imports only the standard library and itself."""

import ast
import sys
from pathlib import Path

GOALS = Path(__file__).resolve().parents[2] / "goals"
OWN_PACKAGE = "goals"


def foreign_imports(path: Path) -> list[str]:
    """Return "line N: module" for every import in the file that is neither standard library nor goals."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules = [node.module or ""]
        else:
            continue
        for module in modules:
            top = module.partition(".")[0]
            if top != OWN_PACKAGE and top not in sys.stdlib_module_names:
                found.append((node.lineno, module))
    return [f"line {line}: {module}" for line, module in sorted(found)]


def test_goals_imports_only_the_standard_library_and_itself():
    files = sorted(GOALS.rglob("*.py"))
    assert {"factors.py", "questions.py", "scoring.py"} <= {path.name for path in files}
    offenders = {str(path.relative_to(GOALS)): foreign_imports(path) for path in files}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_checker_flags_a_third_party_import(tmp_path):
    module = tmp_path / "tainted.py"
    module.write_text(
        "import json\n"
        "from . import factors\n"
        "from goals.factors import FACTORS\n"
        "import sqlalchemy\n"
        "def later():\n"
        "    from litestar.exceptions import HTTPException\n",
        encoding="utf-8",
    )
    assert foreign_imports(module) == ["line 4: sqlalchemy", "line 6: litestar.exceptions"]
