"""What the bundle keeps and leaves out (packaging/spec_common.py) and the glibc report
(packaging/check_glibc.sh), without building the bundle (CI builds it once, after the tests)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path, PurePath

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "check_glibc.sh"


def _spec_common():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("spec_common", ROOT / "packaging" / "spec_common.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_never_plaintext_keyring_always_sqlcipher() -> None:
    common = _spec_common()
    assert {"keyrings", "keyrings.alt", "sqlite3"} <= set(common.EXCLUDES)
    assert {"sqlcipher3", "sqlcipher3.dbapi2", "keyring.backends.SecretService"} <= set(common.HIDDEN)
    assert not any(name.startswith("keyrings") for name in common.HIDDEN)


def test_only_the_qt_modules_the_program_uses() -> None:
    common = _spec_common()
    used = set()
    for path in (ROOT / "gui").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("from PySide6.") and " import " in line:
                used.add(line.split()[1].split(".")[1])
    assert used <= set(common.QT_USED), used - set(common.QT_USED)
    assert not used & set(common.QT_EXCLUDED)
    assert {"QtWebEngineCore", "QtQml", "QtQuick", "QtMultimedia", "Qt3DCore"} <= set(common.QT_EXCLUDED)


def test_trim_keeps_program_files_and_drops_what_the_lists_say() -> None:
    common = _spec_common()
    site = "/venv/lib/python3.11/site-packages/"
    binaries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", site + "PySide6/Qt/plugins/platforms/libqxcb.so", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", site + "x", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", site + "x", "BINARY"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", site + "x", "BINARY"),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", site + "x", "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", site + "PySide6/Qt/lib/libQt6Core.so.6", "BINARY"),
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6EglFsKmsSupport.so.6", "PySide6/Qt/lib/libQt6EglFsKmsSupport.so.6", "SYMLINK"),
        ("sqlcipher3/_sqlite3.cpython-311-x86_64-linux-gnu.so", site + "sqlcipher3/_sqlite3.so", "EXTENSION"),
        ("libgtk-3.so.0", "/lib/x86_64-linux-gnu/libgtk-3.so.0", "BINARY"),
        ("libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6", "BINARY"),
        ("libxcb-cursor.so.0", "/lib/x86_64-linux-gnu/libxcb-cursor.so.0", "BINARY"),
        ("libssl.so.3", "/lib/x86_64-linux-gnu/libssl.so.3", "BINARY"),
    ]
    datas = [("PySide6/Qt/translations/qtbase_zh_CN.qm", "x", "DATA"),
             ("PySide6/Qt/translations/qtbase_de.qm", "x", "DATA"),
             ("core/store/migrations/versions/0001_office.py", "x", "DATA")]
    kept, kept_datas = common.trim(binaries, datas)
    names = [entry[0] for entry in kept]
    assert names == ["PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
                     "PySide6/Qt/lib/libQt6Core.so.6", "libQt6Core.so.6",
                     "sqlcipher3/_sqlite3.cpython-311-x86_64-linux-gnu.so", "libxcb-cursor.so.0", "libssl.so.3"]
    assert [entry[0] for entry in kept_datas] == ["PySide6/Qt/translations/qtbase_zh_CN.qm",
                                                   "core/store/migrations/versions/0001_office.py"]


@pytest.mark.skipif(shutil.which("objdump") is None, reason="objdump (binutils) not installed")
def test_glibc_check_reports_and_fails_above_the_floor(tmp_path: Path) -> None:
    bundle = tmp_path / "huiwu"
    bundle.mkdir()
    (bundle / "notes.txt").write_text("not an ELF file")
    env = dict(os.environ, GLIBC_CHECK_TOC=str(tmp_path / "none.toc"))
    empty = subprocess.run([str(SCRIPT), str(bundle)], capture_output=True, text=True, env=env)
    assert empty.returncode == 0 and "RESULT: PASS" in empty.stdout
    # This machine's own Python needs its (newer) glibc: reported, with no TOC its origin is unknown.
    shutil.copy(Path(sys.executable).resolve(), bundle / "python")
    found = subprocess.run([str(SCRIPT), "--max", "2.2", str(bundle)], capture_output=True, text=True, env=env)
    assert found.returncode == 1, found.stdout + found.stderr
    assert "[unknown]  python" in found.stdout and "RESULT: NOT compatible with glibc 2.2" in found.stdout
    ci = subprocess.run([str(SCRIPT), "--ci", "--max", "2.2", str(bundle)], capture_output=True, text=True, env=env)
    assert ci.returncode == 1  # unknown origin counts as fixable: never a pass it did not see
    high = subprocess.run([str(SCRIPT), "--max", "99.0", str(bundle)], capture_output=True, text=True, env=env)
    assert high.returncode == 0 and "RESULT: PASS" in high.stdout


def _excluded(file: PurePath, excludes: list[str]) -> bool:
    """Whether the spec's excludes leave this module file out: its package, or it, is excluded."""
    module = ".".join(file.with_suffix("").parts).removesuffix(".__init__")
    return any(module == name or module.startswith(name + ".") for name in excludes)


def test_the_runtime_hooks_left_out_serve_nothing_the_bundle_runs() -> None:
    """spec_common drops PyInstaller's multiprocessing and pkgutil runtime hooks (they cost the
    window's start). That is only right while nothing bundled starts processes through
    multiprocessing or lists a package's modules with pkgutil: the program and every distribution
    it ships are searched here, so a library that starts to would fail this test."""
    import importlib.metadata as metadata

    common = _spec_common()
    assert common.RUNTIME_HOOKS_DROPPED == ["pyi_rth_multiprocessing", "pyi_rth_pkgutil"]
    kept = common.scripts([("pyi_rth_pyside6", "", "PYSOURCE"), ("pyi_rth_pkgutil", "", "PYSOURCE"),
                           ("pyi_rth_multiprocessing", "", "PYSOURCE"), ("huiwu_main", "", "PYSOURCE")])
    assert [name for name, _path, _kind in kept] == ["pyi_rth_pyside6", "huiwu_main"]
    needles = ("import multiprocessing", "from multiprocessing", "iter_modules(", "walk_packages(")
    files = [*(ROOT / "core").rglob("*.py"), *(ROOT / "gui").rglob("*.py")]
    for name in common.LICENSED:
        distribution = metadata.distribution(name)
        files += [Path(str(distribution.locate_file(f))) for f in distribution.files or ()
                  if f.suffix == ".py" and not _excluded(f, common.EXCLUDES)]  # never bundled
    assert len(files) > 1000
    users = [str(path) for path in files if any(n in path.read_text(encoding="utf-8", errors="replace")
                                                 for n in needles)]
    assert users == []
