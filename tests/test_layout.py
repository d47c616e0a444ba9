"""The layout keeps the architecture's rules (docs/architecture.md): modules of at most 300 lines,
no database driver outside ``monitor/store``, no private name imported from another module, and
no import cycle between modules, type-only imports included."""

from __future__ import annotations

import ast
from pathlib import Path

from paths import ROOT

PACKAGE = ROOT / "monitor"
MAX_LINES = 300
DRIVERS = ("sqlite3", "psycopg", "sqlalchemy")


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module imported, names imported from it) of every import in the file, nested ones too."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def test_every_module_is_at_most_300_lines():
    long = {
        name: n
        for name, path in _modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, long


def test_no_database_driver_outside_the_store():
    outside = [
        name
        for name, path in _modules().items()
        if not name.startswith("monitor.store")
        for module, _ in _imports(path)
        if module.split(".")[0] in DRIVERS
    ]
    assert not outside, outside


def test_no_private_name_is_imported_from_another_module():
    private = [
        f"{name}: {module}.{imported}"
        for name, path in _modules().items()
        for module, names in _imports(path)
        if module.startswith("monitor")
        for imported in names
        if imported.startswith("_") and not imported.startswith("__")
    ]
    assert not private, private


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for module, names in _imports(path):
            targets = [f"{module}.{n}" for n in names if f"{module}.{n}" in modules] or [module]
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def test_no_import_cycle_between_modules():
    graph, state, cycles = _graph(), {}, []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                cycles.append(" -> ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, cycles
