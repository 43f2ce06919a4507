"""What both PyInstaller specs (Linux `huiwu.spec`, Windows `windows/huiwu-windows.spec`) share:
which modules, data and Qt parts go into the bundle, and which never do.

Imported by the specs only (PyInstaller is not a dependency of the program).
"""

from __future__ import annotations

import sys
from pathlib import Path, PurePath

ROOT = Path(__file__).resolve().parent.parent

# The Qt modules the program uses: `grep -rn "from PySide6" gui` (QtNetwork for the single-instance
# QLocalServer/QLocalSocket). Everything else in PySide6 is excluded to keep the bundle small —
# QtCharts too, which is GPL-3.0-only in Qt 6: the 统计 page paints its bars with QtGui.
QT_USED = ["QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtNetwork"]
QT_EXCLUDED = [
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender", "QtAxContainer",
    "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDBus", "QtDesigner", "QtGraphs",
    "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation", "QtMultimedia", "QtMultimediaWidgets",
    "QtNetworkAuth", "QtNfc", "QtOpenGL", "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets", "QtPositioning",
    "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects",
    "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine",
    "QtSvg", "QtSvgWidgets", "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore",
    "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml",
]

# Qt plugins left out (by folder, or folder/file): other platforms (EGLFS, framebuffer, VNC, Vulkan),
# input devices read directly, network information, TLS (no network use), the GTK3 theme (it drags in
# the whole GTK/cairo/pango stack of the build machine), image formats the program never reads.
QT_PLUGINS_DROPPED = [
    "egldeviceintegrations", "generic", "networkinformation", "tls", "sqldrivers", "qmltooling", "designer",
    "platforms/libqeglfs.so", "platforms/libqlinuxfb.so", "platforms/libqminimalegl.so",
    "platforms/libqvkkhrdisplay.so", "platforms/libqvnc.so", "platformthemes/libqgtk3.so",
    "imageformats/libqtiff.so", "imageformats/libqwebp.so", "imageformats/libqicns.so", "imageformats/libqtga.so",
    "imageformats/libqwbmp.so", "platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "imageformats/libqpdf.so",  # PySide6-Addons' PDF-as-image plugin: pages are drawn by pypdfium2
]
# Libraries only the plugins dropped above need (PyInstaller collects a plugin's libraries before
# trim drops the plugin): Qt Quick and QML for the virtual keyboard (~17 MB), Qt PDF for libqpdf.
# Both plugins come with PySide6-Addons, which the program does not use but a build machine may have.
QT_LIBS_DROPPED = ["libQt6EglFSDeviceIntegration.so", "libQt6EglFsKmsSupport.so", "libQt6VirtualKeyboard",
                   "libQt6Qml", "libQt6Quick", "libQt6Pdf"]
# Qt's own translations: only Simplified Chinese (the program's only language).
QT_TRANSLATIONS_KEPT = "_zh_CN.qm"

# Libraries PyInstaller finds on the build machine (/lib, /usr/lib) are left to the target system
# (its glibc, libstdc++, X11/xcb, fontconfig, freetype, glib, D-Bus, GL, CUPS, Kerberos …): copies
# from a newer build machine would raise the glibc the bundle needs and clash with the desktop's own.
# Kept: what a fresh UOS/Kylin desktop may lack and needs no newer glibc than 2.28 (checked by
# packaging/check_glibc.sh), and what the Python interpreter was linked with (OpenSSL 3, libffi 8).
SYSTEM_LIBS_KEPT = [
    "libxcb-cursor.so", "libxcb-icccm.so", "libxcb-image.so", "libxcb-keysyms.so", "libxcb-render-util.so",
    "libxcb-util.so", "libxkbcommon-x11.so", "libbrotlicommon.so", "libbrotlidec.so",
]
PYTHON_SYSTEM_LIBS = ["libssl.so", "libcrypto.so", "libffi.so"]

# keyrings.alt would give keyring a plaintext-file fallback (RELIABILITY.md finding 1): never bundled.
NEVER = ["keyrings", "keyrings.alt", "sqlite3", "_sqlite3", "tkinter", "_tkinter", "IPython", "pytest",
         "numpy", "matplotlib", "PyQt5", "PyQt6", "PySide2", "alembic.testing", "sqlalchemy.testing",
         "keyring.testing", "readline",
         "pypdfium2_cli",  # pypdfium2's command-line tool: the program draws pages through its API only
         # fontTools' tools the OFD's font subsetting never runs (they list modules, start processes).
         "fontTools.help", "fontTools.diff", "fontTools.cu2qu.cli"]

HIDDEN = [
    # SQLAlchemy loads the dialect by name from the URL; the dialect imports the driver lazily.
    "sqlcipher3", "sqlcipher3.dbapi2", "sqlalchemy.dialects.sqlite.pysqlcipher",
    # The keyring backends on the allowlist (core.store.keystore.ALLOWED_BACKENDS) and the two
    # keyring needs to choose among them; the Windows and macOS ones import harmlessly elsewhere.
    "keyring.backends.SecretService", "keyring.backends.libsecret", "keyring.backends.kwallet",
    "keyring.backends.Windows", "keyring.backends.macOS", "keyring.backends.chainer", "keyring.backends.fail",
    "secretstorage", "jeepney", "jeepney.io.blocking",
    # Alembic's proxies `alembic.op` and `alembic.context` exist only at run time, for migration scripts.
    "alembic.op", "alembic.context", "alembic.runtime.environment", "alembic.runtime.migration",
    "alembic.operations.toimpl", "alembic.ddl.sqlite", "alembic.ddl.impl", "mako.template",
]

LICENSED = ["keyring", "PySide6_Essentials", "shiboken6", "sqlcipher3", "SQLAlchemy", "alembic", "reportlab",
            "python-docx", "openpyxl", "lxml", "pillow", "cryptography", "SecretStorage", "jeepney",
            "platformdirs", "filelock", "Mako", "pypdfium2", "fonttools"]

EXCLUDES = NEVER + [f"PySide6.{name}" for name in QT_EXCLUDED]

# PyInstaller runtime hooks that would run before the program's first line, left out: they make
# multiprocessing's child processes and pkgutil.iter_modules work in a frozen program, and neither
# the program nor the libraries it bundles use them (tests/packaging checks); importing them costs
# the window's start (issue 7 §4).
RUNTIME_HOOKS_DROPPED = ["pyi_rth_multiprocessing", "pyi_rth_pkgutil"]


def scripts(entries: list) -> list:  # type: ignore[type-arg]
    """The Analysis' scripts (runtime hooks, then the entry point) without the dropped hooks."""
    return [entry for entry in entries if entry[0] not in RUNTIME_HOOKS_DROPPED]


def handbook_datas() -> list[tuple[str, str]]:
    """The handbook (帮助 → 使用手册): its pages and pictures under gui/help/pages in the bundle,
    beside gui.help.handbook as from source (handbook_dir())."""
    folder = ROOT / "gui" / "help" / "pages"
    return [(str(p), str(p.parent.relative_to(ROOT))) for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix in (".html", ".png")]


def datas() -> list[tuple[str, str]]:
    """Data files: Alembic loads the migration scripts from files, so they go in as source."""
    from PyInstaller.utils.hooks import collect_data_files, copy_metadata

    migrations = ROOT / "core" / "store" / "migrations"
    found = [(str(p), str(p.parent.relative_to(ROOT)))
             for p in sorted(migrations.rglob("*")) if p.is_file() and p.suffix in (".py", ".mako")]
    found += handbook_datas()
    found += collect_data_files("alembic", excludes=["**/testing/**", "**/templates/**/*.pyc"])
    found += collect_data_files("docx")  # docx/templates: the default document and parts
    # python-docx opens docx/parts/../templates/…: the folder docx/parts must exist on disk too.
    found += collect_data_files("docx", include_py_files=True, includes=["parts/__init__.py"])
    # reportlab's own fonts folder (Vera, DarkGarden under GPL, Type 1 samples) is left out: the
    # documents use the system's CJK TrueType fonts and the PDF standard fonts, whose metrics are
    # built into reportlab's modules. No font file is bundled, so no font licence to ship.
    # keyring finds its backends through the entry points in its metadata; the others' metadata
    # (and sqlcipher3's LICENSE) names each bundled package's licence.
    for distribution in LICENSED:
        found += copy_metadata(distribution)
    # Licence texts: Qt/PySide6's LGPL-3.0 (packaging/licenses), and any of resources/licenses.
    for folder in (ROOT / "packaging" / "licenses", ROOT / "resources" / "licenses"):
        if folder.is_dir():
            found += [(str(p), "licenses") for p in sorted(folder.iterdir()) if p.is_file()]
    return found


def hiddenimports() -> list[str]:
    from PyInstaller.utils.hooks import collect_submodules

    # The program imports most of its own modules lazily (inside functions); collect them all.
    own = collect_submodules("core") + collect_submodules("gui")
    return HIDDEN + [m for m in own if not m.startswith(("core.store.migrations",))]


def _is_system(src: str) -> bool:
    return src.startswith(("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/local/lib/")) \
        and "/site-packages/" not in src and not src.startswith(sys.base_prefix)


def _qt_part(dest: str) -> tuple[str, tuple[str, ...]]:
    """('plugins', rest) / ('translations', rest) for Qt's files: PySide6/Qt/plugins/… on Linux and
    macOS, PySide6/plugins/… on Windows. ('', ()) for anything else."""
    parts = PurePath(dest).parts
    if not parts or parts[0] != "PySide6":
        return "", ()
    for kind in ("plugins", "translations"):
        if kind in parts:
            return kind, parts[parts.index(kind) + 1:]
    return "", ()


def _keep_binary(dest: str, src: str) -> bool:
    name = PurePath(dest).name
    kind, rest = _qt_part(dest)
    if kind == "plugins" and len(rest) >= 2 and (rest[0] in QT_PLUGINS_DROPPED or f"{rest[0]}/{name}" in QT_PLUGINS_DROPPED):
        return False
    if name.startswith(tuple(QT_LIBS_DROPPED)):
        return False
    if _is_system(src):
        return name.startswith(tuple(SYSTEM_LIBS_KEPT + PYTHON_SYSTEM_LIBS))
    return True


def _keep_data(dest: str) -> bool:
    kind, rest = _qt_part(dest)
    if kind == "translations":
        return dest.endswith(QT_TRANSLATIONS_KEPT)
    return not (kind == "plugins" and rest and rest[0] in QT_PLUGINS_DROPPED)


def trim(binaries: list, datas: list) -> tuple[list, list]:  # type: ignore[type-arg]
    """Drop what the lists above leave out (and symlinks pointing at it); print what was dropped."""
    kept_binaries = [entry for entry in binaries if entry[2] == "SYMLINK" or _keep_binary(entry[0], entry[1])]
    names = {entry[0] for entry in kept_binaries if entry[2] != "SYMLINK"}
    # A symlink's source is its target relative to the bundle: keep it only if the target stays.
    kept_binaries = [entry for entry in kept_binaries if entry[2] != "SYMLINK" or entry[1] in names]
    kept_datas = [entry for entry in datas if _keep_data(entry[0])]
    dropped = sorted({PurePath(e[0]).name for e in binaries} - {PurePath(e[0]).name for e in kept_binaries})
    print(f"spec_common.trim: left out {len(binaries) - len(kept_binaries)} binaries and "
          f"{len(datas) - len(kept_datas)} data files: " + " ".join(dropped))
    return kept_binaries, kept_datas
