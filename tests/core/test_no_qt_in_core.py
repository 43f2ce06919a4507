"""`core` never imports Qt: every module under core/ imports, and the migrations run, in a process
where PySide6 cannot be imported."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = ROOT / "core" / "store" / "migrations"

_IMPORT_ALL = textwrap.dedent("""
    import importlib, json, pkgutil, sys, tempfile
    from pathlib import Path
    for name in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
        sys.modules[name] = None  # any import of these now raises ImportError
    try:
        import PySide6.QtCore  # noqa: F401
        blocked = False
    except ImportError:
        blocked = True

    import core
    walk_errors, failures = [], {}
    names = ["core"] + [m.name for m in pkgutil.walk_packages(core.__path__, "core.",
                                                             onerror=walk_errors.append)]
    for name in names:
        try:
            importlib.import_module(name)
        except BaseException as error:  # report every module, not just the first
            failures[name] = f"{type(error).__name__}: {error}"

    # The migration scripts are not a package; running them imports env.py and every version.
    from core.store import schema
    from core.store.engine import make_engine
    from core.store.keys import RawKey
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(Path(folder) / "x.db", RawKey.generate())
        with engine.begin() as conn:
            schema.upgrade(conn)
        engine.dispose()

    qt = sorted(m for m, mod in sys.modules.items()
                if mod is not None and m.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"))
    print(json.dumps({"blocked": blocked, "names": names, "failures": failures,
                      "walk_errors": walk_errors, "qt": qt}))
""")


def _expected_modules() -> set[str]:
    """Every .py file under core/ that belongs to a package, found independently of pkgutil."""
    found = set()
    for path in (ROOT / "core").rglob("*.py"):
        if not (path.parent / "__init__.py").exists():
            # Only migrations/ may hold loose scripts (Alembic loads them by path; the upgrade in
            # the subprocess runs them). Anywhere else pkgutil would silently not see the file.
            assert MIGRATIONS in path.parents, f"{path} is outside any package"
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found.add(".".join(parts))
    return found


def test_every_core_module_imports_without_qt() -> None:
    done = subprocess.run([sys.executable, "-c", _IMPORT_ALL], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["blocked"] is True  # the guard itself works
    assert report["walk_errors"] == []
    assert report["failures"] == {}, report["failures"]
    assert report["qt"] == []
    assert set(report["names"]) == _expected_modules()
    assert {"core.office", "core.store.engine", "core.store.keystore", "core.errors"} <= set(report["names"])
