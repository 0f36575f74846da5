"""The architecture page's rules as tests: each rule reads a source tree and returns its violations.

A rule is a plain function of a root folder, so that the same function runs on the project and, in the tests below
the rules, on a copy of it with one violation planted: a rule that reports nothing there would pass on anything.
"""

from __future__ import annotations

import ast
import functools
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Folders that are not the project's own code, or whose code the rules do not govern.
SKIPPED_FOLDERS = {"__pycache__", "node_modules", "build", "dist"}
NOT_GOVERNED = {"migrations", "tests"}

MAX_LINES = 400

UNIT_OF_WORK = "placement/db/unit_of_work.py"
# Code that commits outside the request boundary because it runs outside any request.
COMMITS_ALLOWED = {
    "bench/weekly_log.py": "arranges the benchmark's data in its own session before the timed requests",
    "bench/report_pdf.py": "arranges the benchmark's data in its own session before the timed requests",
    "bench/insights.py": "signs the benchmark's leader in, in its own session, before the timed requests",
}

SCOPED_MODELS = {"Placement", "PlacementMember"}
SCOPE_PACKAGES = ("placement/access/", "placement/db/")
QUERY_CONSTRUCTS = {"select", "exists", "update", "delete"}
# A function whose placement query is scoped: it calls one of these scopes of placement.access.scopes, or it works on
# the PlacementAccess that a scope gave its caller (an argument annotated so).
SCOPES = {
    "placement_ids_in_reach",
    "placements_in_reach",
    "placement_in_reach",
    "citizen_ids_in_reach",
    "placement_ids_being_logged",
    "placement_ids_in_aggregates",
}
SCOPED_ARGUMENT = "PlacementAccess"
# (file, function) that query placements beyond any person's scope on purpose.
UNSCOPED_QUERIES_ALLOWED = {
    ("placement/admin/services.py", "list_accounts"): "the caseload count per consultant; an admin reaches no "
    "placement and reads no case data",
    ("placement/admin/services.py", "hand_over"): "moves a consultant's caseload by consultant; an admin reaches no "
    "placement and reads no case data",
    ("placement/demo/services.py", "create_demo"): "counts placements to refuse a database that is not empty; "
    "run by the CLI, not by a request",
    ("placement/invitations/services.py", "_refuse_second_citizen"): "one open citizen invitation across every "
    "placement of the citizen, whoever holds them; it returns no data",
    ("placement/invitations/services.py", "_join"): "accepting an invitation: its token is the authority, and its "
    "bearer is not yet a party of the placement",
    ("placement/invitations/services.py", "accept"): "accepting an invitation: its token is the authority, and its "
    "bearer is not yet a party of the placement",
}

CONTROLLER_MODULES = {"api", "pages", "controllers"}
SQL_CONSTRUCTS = {"select", "insert", "update", "delete", "text"}
SESSION_QUERIES = {"execute", "scalar", "scalars", "get"}
SESSION_NAMES = {"db", "db_session", "session"}

# Rooms every slice may use; every other package of placement/ is a slice.
SHARED_PACKAGES = {"db", "web", "auth", "access", "audit"}
APP_IMPORTERS = {"placement.cli", "placement.__main__"}


@dataclass(frozen=True)
class Source:
    """One Python file of the tree: its path from the root, its module name and its syntax tree."""

    path: str
    module: str
    tree: ast.Module
    lines: int

    @property
    def package(self) -> str:
        return self.module if self.path.endswith("__init__.py") else self.module.rpartition(".")[0]

    @property
    def is_controller(self) -> bool:
        return self.module.rpartition(".")[2] in CONTROLLER_MODULES


def _python_files(root: Path, *folders: str) -> Iterator[Path]:
    starts = [root / folder for folder in folders] if folders else [root]
    for start in starts:
        for current, subfolders, files in os.walk(start):
            subfolders[:] = sorted(
                name
                for name in subfolders
                if not name.startswith(".")
                and name not in SKIPPED_FOLDERS
                and not (Path(current) == root and name in NOT_GOVERNED)
            )
            yield from (Path(current) / name for name in sorted(files) if name.endswith(".py"))


@functools.cache
def _parse(text: str, filename: str) -> ast.Module:
    # The planted tests read each file of a copy twice; a copy's files parse as the project's own.
    return ast.parse(text, filename=filename)


def sources(root: Path, *folders: str) -> list[Source]:
    """The Python files below `folders` of `root` (all of it when none is given), migrations and tests left out."""
    found = []
    for path in _python_files(root, *folders):
        relative = path.relative_to(root).as_posix()
        parts = relative.removesuffix(".py").split("/")
        if parts[-1] == "__init__":
            parts.pop()
        text = path.read_text(encoding="utf-8")
        found.append(Source(relative, ".".join(parts), _parse(text, relative), len(text.splitlines())))
    return found


def _in_order(violations: Iterable[str]) -> list[str]:
    """Violations ("path:line: what") by file, then by line."""

    def place(violation: str) -> tuple[str, int]:
        path, _, rest = violation.partition(":")
        line = rest.partition(":")[0]
        return path, int(line) if line.isdigit() else 0

    return sorted(violations, key=place)


def _enclosing_functions(tree: ast.Module) -> dict[ast.AST, str]:
    """Every node's innermost enclosing function name ("" at module level)."""
    owner: dict[ast.AST, str] = {}

    def visit(node: ast.AST, name: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else name
            owner[child] = inner
            visit(child, inner)

    visit(tree, "")
    return owner


def _scoped_functions(tree: ast.Module) -> set[str]:
    """The names of the functions that call a scope or take a PlacementAccess."""
    scoped = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        takes_access = any(
            arg.annotation is not None and SCOPED_ARGUMENT in ast.unparse(arg.annotation)
            for arg in node.args.args + node.args.kwonlyargs
        )
        calls_scope = any(
            isinstance(call, ast.Call)
            and (getattr(call.func, "id", None) in SCOPES or getattr(call.func, "attr", None) in SCOPES)
            for call in ast.walk(node)
        )
        if takes_access or calls_scope:
            scoped.add(node.name)
    return scoped


def _mentions(node: ast.AST, names: set[str]) -> bool:
    return any(
        (isinstance(n, ast.Name) and n.id in names) or (isinstance(n, ast.Attribute) and n.attr in names)
        for n in ast.walk(node)
    )


def _calls(tree: ast.AST) -> Iterator[ast.Call]:
    return (node for node in ast.walk(tree) if isinstance(node, ast.Call))


def _called_method(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


# Rule a: the request boundary is the only place that commits or rolls back.


def commits_outside_the_boundary(root: Path) -> list[str]:
    """Every `.commit()` or `.rollback()` call outside placement/db/unit_of_work.py and the listed exceptions."""
    return _in_order(
        f"{source.path}:{node.lineno}: {_called_method(node)}()"
        for source in sources(root)
        if source.path != UNIT_OF_WORK and source.path not in COMMITS_ALLOWED
        for node in _calls(source.tree)
        if _called_method(node) in {"commit", "rollback"}
    )


# Rule b: no query on placements bypasses the scopes in placement/access/.


def _statement(node: ast.Call, parents: dict[ast.AST, ast.AST]) -> ast.AST:
    """The whole statement a construct call starts: select(...).join(...).where(...) as one expression."""
    top: ast.AST = node
    while (parent := parents.get(top)) is not None and (
        isinstance(parent, ast.Attribute) or (isinstance(parent, ast.Call) and parent.func is top)
    ):
        top = parent
    return top


def placement_queries_outside_the_scopes(root: Path) -> list[str]:
    """Every select/exists/update/delete statement and every session `.get` that names Placement or PlacementMember,
    outside placement/access/ and placement/db/, in a function that neither calls a scope nor works on a
    PlacementAccess, and is not one of the listed exceptions."""
    found = []
    for source in sources(root, "placement"):
        if source.path.startswith(SCOPE_PACKAGES):
            continue
        parents = {child: node for node in ast.walk(source.tree) for child in ast.iter_child_nodes(node)}
        owner = _enclosing_functions(source.tree)
        scoped = _scoped_functions(source.tree)
        for node in _calls(source.tree):
            if (source.path, owner.get(node, "")) in UNSCOPED_QUERIES_ALLOWED or owner.get(node, "") in scoped:
                continue
            if isinstance(node.func, ast.Name) and node.func.id in QUERY_CONSTRUCTS:
                if _mentions(_statement(node, parents), SCOPED_MODELS):
                    found.append(f"{source.path}:{node.lineno}: {node.func.id}(...) on placements")
            elif _called_method(node) == "get" and node.args and _mentions(node.args[0], SCOPED_MODELS):
                found.append(f"{source.path}:{node.lineno}: get({ast.unparse(node.args[0])}, ...)")
    return _in_order(found)


# Rule c: a controller builds no query; it calls a service.


def _session_names(tree: ast.Module) -> set[str]:
    """Names that hold a session: the usual ones, and every argument annotated with a Session type."""
    names = set(SESSION_NAMES)
    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and node.annotation is not None and "Session" in ast.unparse(node.annotation):
            names.add(node.arg)
    return names


def queries_in_controllers(root: Path) -> list[str]:
    """In api.py, pages.py and controllers.py: imports of select/insert/update/delete/text from sqlalchemy, and
    `.execute`/`.scalar`/`.scalars`/`.get` called on a session."""
    found = []
    for source in sources(root, "placement"):
        if not source.is_controller:
            continue
        aliases = set()  # names bound to the sqlalchemy package or one of its modules
        for node in ast.walk(source.tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").partition(".")[0] == "sqlalchemy":
                for alias in node.names:
                    if alias.name in SQL_CONSTRUCTS:
                        found.append(f"{source.path}:{node.lineno}: imports {alias.name} from {node.module}")
            elif isinstance(node, ast.Import):
                aliases |= {
                    alias.asname or alias.name for alias in node.names if alias.name.partition(".")[0] == "sqlalchemy"
                }
        sessions = _session_names(source.tree)
        for node in ast.walk(source.tree):
            if isinstance(node, ast.Attribute) and node.attr in SQL_CONSTRUCTS and ast.unparse(node.value) in aliases:
                found.append(f"{source.path}:{node.lineno}: uses {ast.unparse(node)}")
            if isinstance(node, ast.Call) and isinstance(call := node.func, ast.Attribute):
                receiver = call.value
                if call.attr in SESSION_QUERIES and isinstance(receiver, ast.Name) and receiver.id in sessions:
                    found.append(f"{source.path}:{node.lineno}: {receiver.id}.{call.attr}(...)")
    return _in_order(found)


# Rule d: no file of the service or the domain passes 400 lines.


def files_over_the_limit(root: Path) -> list[str]:
    """Every Python file in placement/ or goals/ longer than 400 lines (data files and the catalogue are data)."""
    return [
        f"{source.path}: {source.lines} lines"
        for source in sources(root, "placement", "goals")
        if source.lines > MAX_LINES
    ]


# Rule e: no import runs back up the layers.


def _imported(source: Source, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The absolute module names an import names; `from a import b` names both a and a.b (b may be a module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        parts = source.package.split(".")
        base = ".".join(parts[: len(parts) - node.level + 1])
        module = f"{base}.{node.module}" if node.module else base
    else:
        module = node.module or ""
    return [module, *(f"{module}.{alias.name}" for alias in node.names if alias.name != "*")]


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _slice_of(module: str) -> str | None:
    """The slice a placement module belongs to: placement.<slice>..., unless it is a shared room or a plain module."""
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "placement":
        return None
    return parts[1] if parts[1] not in SHARED_PACKAGES else None


def _layer_problem(importer: Source, imported: str, packages: set[str]) -> str | None:
    """What is wrong with `importer` importing `imported`, by the architecture page; None when nothing is."""
    here = importer.module
    top = imported.partition(".")[0]
    if _within(here, "goals"):
        if top != "goals" and top not in sys.stdlib_module_names:
            return "goals imports only the standard library"
        return None
    if top != "placement":
        return None
    subpackage = imported.split(".")[1] if imported.count(".") else ""
    if _within(here, "placement.db") and subpackage in packages and subpackage != "db":
        return "placement.db imports no other package of placement"
    if _within(here, "placement.web") and _slice_of(imported) in packages:
        return "placement.web imports no slice"
    if _within(here, "placement.audit") and (
        _within(imported, "placement.access") or _within(imported, "placement.auth")
    ):
        return "placement.audit imports neither placement.access nor placement.auth"
    if imported.rpartition(".")[2] in CONTROLLER_MODULES and here != "placement.app":
        if not importer.is_controller:
            return "only placement.app and controllers import controllers"
        if imported.split(".")[:2] != here.split(".")[:2]:
            return "a slice never imports another slice's controllers"
    if _within(imported, "placement.app") and here != "placement.app" and here not in APP_IMPORTERS:
        return "only placement.cli and placement.__main__ import placement.app"
    return None


def imports_up_the_layers(root: Path) -> list[str]:
    """Every import in goals/ and placement/ that runs against the dependency direction of the architecture page."""
    packages = {path.name for path in (root / "placement").iterdir() if path.is_dir() and path.name != "__pycache__"}
    found = []
    for source in sources(root, "goals", "placement"):
        for node in ast.walk(source.tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            problems = {_layer_problem(source, name, packages) for name in _imported(source, node)}
            found += [f"{source.path}:{node.lineno}: {problem}" for problem in sorted(filter(None, problems))]
    return _in_order(found)


# Rule f: links and redirects by route name, never a path written by hand.

_HAND_WRITTEN_LINK = re.compile(r"""\b(href|action|src)=["']/""")
_PATH_LITERAL = re.compile(r"^/[a-zæøå]")


def links_by_hand(root: Path) -> list[str]:
    """A template attribute that starts with "/" (use url_for), and a Redirect whose target is a string path."""
    found = []
    for template in sorted((root / "templates").rglob("*.html")):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            if _HAND_WRITTEN_LINK.search(line):
                found.append(f"{template.relative_to(root).as_posix()}:{number}: a link written by hand")
    for source in sources(root, "placement"):
        for node in _calls(source.tree):
            if getattr(node.func, "id", None) != "Redirect" or not node.args:
                continue
            target = node.args[0]
            parts = target.values if isinstance(target, ast.JoinedStr) else [target]
            first = parts[0] if parts else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str) and _PATH_LITERAL.match(first.value):
                found.append(f"{source.path}:{node.lineno}: a redirect to a path written by hand")
    return _in_order(found)


Rule = Callable[[Path], list[str]]
RULES: list[Rule] = [
    commits_outside_the_boundary,
    placement_queries_outside_the_scopes,
    queries_in_controllers,
    files_over_the_limit,
    imports_up_the_layers,
    links_by_hand,
]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_the_project_keeps_the_rule(rule: Rule) -> None:
    violations = rule(ROOT)
    assert not violations, "\n".join([f"{len(violations)} violations of {rule.__name__}:", *violations])


def test_the_rules_read_the_whole_service() -> None:
    read = {source.path for source in sources(ROOT)}
    assert {"placement/app.py", "placement/db/models.py", "goals/scoring.py"} <= read
    assert not any(path.startswith(("tests/", "migrations/", ".venv/")) for path in read)


# Each rule reports a violation planted in a copy of the project, and only that one.


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    for folder in ("goals", "placement", "bench", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return tmp_path


def _plant(root: Path, path: str, text: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    for package in list(target.relative_to(root).parents)[:-1]:
        (root / package / "__init__.py").touch()
    target.write_text(text, encoding="utf-8")


def _new_violations(rule: Rule, root: Path, plant: Callable[[Path], None]) -> set[str]:
    before = set(rule(root))
    plant(root)
    return set(rule(root)) - before


def test_a_commit_outside_the_boundary_is_reported(copy: Path) -> None:
    def plant(root: Path) -> None:
        _plant(root, "placement/planted/services.py", "async def save(db):\n    await db.commit()\n")
        _plant(root, "placement/planted/pages.py", "async def undo(conn):\n    await conn.rollback()\n")
        _plant(root, "placement/db/unit_of_work.py", "async def end(db):\n    await db.commit()\n")
        _plant(root, "migrations/versions/planted.py", "def upgrade(conn):\n    conn.commit()\n")
        _plant(root, "tests/planted.py", "async def arrange(db):\n    await db.commit()\n")

    assert _new_violations(commits_outside_the_boundary, copy, plant) == {
        "placement/planted/services.py:2: commit()",
        "placement/planted/pages.py:2: rollback()",
    }


def test_a_query_on_placements_outside_the_scopes_is_reported(copy: Path) -> None:
    text = (
        "from sqlalchemy import select, update\n"
        "from placement.db.models import Citizen, Placement, PlacementMember\n"
        "from placement.db import models\n"
        "async def read(db, pid):\n"
        "    return await db.scalar(select(Placement).where(Placement.id == pid))\n"
        "async def joined(db):\n"
        "    return await db.scalars(select(Citizen).join(models.Placement))\n"
        "async def members(db, pid):\n"
        "    return await db.get(PlacementMember, pid)\n"
        "async def move(db):\n"
        "    await db.execute(update(Placement).values(consultant_id=None))\n"
        "async def citizens(db):\n"
        "    return await db.scalars(select(Citizen))\n"
        "async def in_reach(db, actor):\n"
        "    return await db.scalars(select(Placement).where(Placement.id.in_(placement_ids_in_reach(actor))))\n"
        "async def given(db, access: PlacementAccess):\n"
        "    return await db.scalar(select(Placement).where(Placement.id == access.placement.id))\n"
    )

    def plant(root: Path) -> None:
        _plant(root, "placement/planted/services.py", text)
        _plant(root, "placement/access/planted.py", text)

    assert _new_violations(placement_queries_outside_the_scopes, copy, plant) == {
        "placement/planted/services.py:5: select(...) on placements",
        "placement/planted/services.py:7: select(...) on placements",
        "placement/planted/services.py:9: get(PlacementMember, ...)",
        "placement/planted/services.py:11: update(...) on placements",
    }


def test_a_controller_that_queries_is_reported(copy: Path) -> None:
    def plant(root: Path) -> None:
        _plant(
            root,
            "placement/planted/api.py",
            "from sqlalchemy import func, select\n"
            "from sqlalchemy.ext.asyncio import AsyncSession\n"
            "async def show(db_session: AsyncSession, data: dict):\n"
            "    data.get('name')\n"
            "    return await db_session.execute(select(1))\n",
        )
        _plant(
            root,
            "placement/planted/pages.py",
            "import sqlalchemy as sa\n"
            "async def show(store: 'AsyncSession', mapping):\n"
            "    mapping.get('x')\n"
            "    return await store.scalar(sa.text('SELECT 1'))\n",
        )
        _plant(
            root,
            "placement/planted/services.py",
            "from sqlalchemy import select\nasync def read(db):\n    return await db.scalar(select(1))\n",
        )

    assert _new_violations(queries_in_controllers, copy, plant) == {
        "placement/planted/api.py:1: imports select from sqlalchemy",
        "placement/planted/api.py:5: db_session.execute(...)",
        "placement/planted/pages.py:4: uses sa.text",
        "placement/planted/pages.py:4: store.scalar(...)",
    }


def test_a_file_over_400_lines_is_reported(copy: Path) -> None:
    def plant(root: Path) -> None:
        _plant(root, "placement/planted/long.py", "x = 1\n" * 401)
        _plant(root, "placement/planted/full.py", "x = 1\n" * 400)
        _plant(root, "goals/planted.py", "x = 1\n" * 450)
        _plant(root, "bench/planted.py", "x = 1\n" * 450)

    assert _new_violations(files_over_the_limit, copy, plant) == {
        "placement/planted/long.py: 401 lines",
        "goals/planted.py: 450 lines",
    }


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        (
            "goals/planted.py",
            "import json\nfrom . import factors\nfrom goals.weeks import add_weeks\nimport sqlalchemy\n"
            "def later():\n    from litestar.exceptions import HTTPException\n",
            {
                "goals/planted.py:4: goals imports only the standard library",
                "goals/planted.py:6: goals imports only the standard library",
            },
        ),
        (
            "placement/db/planted.py",
            "from placement.config import Settings\nfrom placement.db.base import metadata\n"
            "from placement.citizens import services\nfrom ..audit.services import record\n",
            {
                "placement/db/planted.py:3: placement.db imports no other package of placement",
                "placement/db/planted.py:4: placement.db imports no other package of placement",
            },
        ),
        (
            "placement/web/planted.py",
            "from placement.errors import NotFound\nfrom placement.auth.identity import Actor\n"
            "from placement.placements.views import PlanView\n",
            {"placement/web/planted.py:3: placement.web imports no slice"},
        ),
        (
            "placement/audit/planted.py",
            "from placement.db.models import AuditEvent\nfrom placement.access.policy import Actor\n"
            "from ..auth import identity\n",
            {
                "placement/audit/planted.py:2: placement.audit imports neither placement.access nor placement.auth",
                "placement/audit/planted.py:3: placement.audit imports neither placement.access nor placement.auth",
            },
        ),
        (
            "placement/planted/services.py",
            "from placement.citizens import services\nfrom placement.citizens import pages\n"
            "from placement.companies.api import CompanyController\n",
            {
                "placement/planted/services.py:2: only placement.app and controllers import controllers",
                "placement/planted/services.py:3: only placement.app and controllers import controllers",
            },
        ),
        (
            "placement/planted/pages.py",
            "from placement.planted.api import shared\nfrom placement.citizens.pages import CitizenPages\n",
            {"placement/planted/pages.py:2: a slice never imports another slice's controllers"},
        ),
        (
            "placement/planted/views.py",
            "from placement.app import create_app\n",
            {"placement/planted/views.py:1: only placement.cli and placement.__main__ import placement.app"},
        ),
    ],
    ids=["goals", "db", "web", "audit", "services", "controllers", "app"],
)
def test_an_import_up_the_layers_is_reported(copy: Path, path: str, text: str, expected: set[str]) -> None:
    assert _new_violations(imports_up_the_layers, copy, lambda root: _plant(root, path, text)) == expected


def test_the_app_may_be_imported_by_the_command_and_controllers_by_the_app(copy: Path) -> None:
    def plant(root: Path) -> None:
        _plant(root, "placement/cli.py", "def main():\n    from placement.app import create_app\n")
        _plant(root, "placement/app.py", "from placement.citizens import api, pages\n")

    assert _new_violations(imports_up_the_layers, copy, plant) == set()


def test_a_link_or_redirect_written_by_hand_is_reported(copy: Path) -> None:
    def plant(root: Path) -> None:
        _plant(
            root,
            "templates/planted/page.html",
            '<a href="/forloeb/{{ p.id }}">x</a>\n<a href="{{ url_for(\'x\') }}">ok</a>\n',
        )
        _plant(
            root,
            "placement/planted/pages.py",
            "from litestar.response import Redirect\n"
            "def a(pid):\n    return Redirect(f'/forloeb/{pid}', status_code=303)\n"
            "def b(request):\n    return Redirect(request.app.route_reverse('x'), status_code=303)\n",
        )

    assert _new_violations(links_by_hand, copy, plant) == {
        "templates/planted/page.html:1: a link written by hand",
        "placement/planted/pages.py:3: a redirect to a path written by hand",
    }
