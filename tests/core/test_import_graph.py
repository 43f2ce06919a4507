"""core has no import circles (issue 11, "The house"): every import counts, lazy ones inside a
function too, since a lazy import that runs upward is still a circle. Only imports under
`if TYPE_CHECKING:` are left out: they never run."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "core"


def module_name(path: Path) -> str:
    parts = path.relative_to(CORE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, known: set[str], here: str) -> set[str]:
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    # Every edge counts, a package's __init__ importing its own children too: `from core.cli import
    # doors` in a child runs core/cli/__init__.py first, so a package file that imports its children
    # makes a circle with each child that imports a sibling through it.
    return {m for m in found if m in known}


def import_graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in CORE.rglob("*.py") if "migrations" not in p.parts}
    known = set(paths)
    return {name: _imports(ast.parse(path.read_text(encoding="utf-8")), known, name)
            for name, path in paths.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph.get(v, ()):
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


def test_the_graph_is_read():
    graph = import_graph()
    assert "core.office" in graph["core.cli.doors"]
    assert "core.cli" in graph["core.cli.commands"]  # `from core.cli import doors` reaches the package file
    assert "core.store.engine" in graph["core.office"]


def test_a_circle_is_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"p": {"p"}}) == [["p"]]  # a package file importing from itself


def test_core_has_no_import_circles():
    assert cycles(import_graph()) == []


@pytest.mark.parametrize("module", ["core.keeping.anchor", "core.keeping.backups", "core.keeping.health",
                                    "core.keeping.rotation", "core.keeping.keyfile", "core.keeping.hardening",
                                    "core.keeping.slots", "core.keeping.unlock",
                                    "core.keeping.opening", "core.keeping.restore"])
def test_the_keeping_package_never_imports_the_office(module):
    assert "core.office" not in import_graph().get(module, {"core.office"})
