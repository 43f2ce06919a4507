"""The 统计 page's charts in the bundle (issue 14 §3): painted with QtGui, so nothing is added.
Qt Charts is GPL-3.0-only in Qt 6 (its sources say "LicenseRef-Qt-Commercial OR GPL-3.0-only"):
bundling it would put the whole program under the GPL, so it stays out, and so do the plugins of
PySide6-Addons a build machine may have installed, with the libraries only they need."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from tests.packaging.test_packaging_rules import _spec_common

ROOT = Path(__file__).resolve().parents[2]
SITE = "/venv/lib/python3.11/site-packages/"


def test_no_gpl_only_chart_module_is_used_or_required() -> None:
    common = _spec_common()
    assert "QtCharts" in common.QT_EXCLUDED and "PySide6.QtCharts" in common.EXCLUDES
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert not [d for d in dependencies if d.startswith("PySide6-Addons")]
    imported = set()
    for path in (ROOT / "gui" / "stats").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
    assert {m for m in imported if m.startswith("PySide6.")} <= {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets"}


def test_the_addons_plugins_and_what_only_they_need_stay_out() -> None:
    common = _spec_common()
    lib = "PySide6/Qt/lib/"
    kept_names = [lib + "libQt6Gui.so.6", lib + "libQt6OpenGL.so.6"]
    dropped_names = [lib + n for n in ("libQt6Qml.so.6", "libQt6QmlModels.so.6", "libQt6QmlMeta.so.6",
                                       "libQt6QmlWorkerScript.so.6", "libQt6Quick.so.6", "libQt6VirtualKeyboard.so.6",
                                       "libQt6VirtualKeyboardQml.so.6", "libQt6Pdf.so.6")]
    plugins = ["PySide6/Qt/plugins/imageformats/libqpdf.so",
               "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so"]
    binaries = [(d, SITE + d, "BINARY") for d in kept_names + dropped_names + plugins]
    kept, _datas = common.trim(binaries, [])
    assert [entry[0] for entry in kept] == kept_names
