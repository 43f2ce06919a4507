"""Windows talk to core.services only: no module under gui/ imports a database driver or SQLAlchemy,
nor the store (keys, key stores and backup places come through core.keeping.keys)."""

from __future__ import annotations

import ast
from pathlib import Path

GUI = Path(__file__).resolve().parents[2] / "gui"
FORBIDDEN = ("sqlalchemy", "sqlite3", "sqlcipher3", "alembic")


def test_no_window_imports_the_database_layer() -> None:
    offenders = []
    files = sorted(GUI.rglob("*.py"))
    assert len(files) > 10
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.relative_to(GUI)}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
            offenders += [f"{path.relative_to(GUI)}: {n}" for n in names if n.startswith("core.store")]
    assert offenders == []
