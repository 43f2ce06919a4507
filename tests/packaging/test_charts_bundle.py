"""Qt Charts in the bundle (issue 14 §3): only its module and the libraries it links come from
PySide6-Addons; the Addons' other plugins and what only they need stay out; the Addons are held
to the Essentials' bounds."""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.packaging.test_packaging_rules import _spec_common

ROOT = Path(__file__).resolve().parents[2]
SITE = "/venv/lib/python3.11/site-packages/"


def _entry(dest: str) -> tuple[str, str, str]:
    return (dest, SITE + dest, "BINARY")


def test_charts_is_used_and_bundled() -> None:
    common = _spec_common()
    assert "QtCharts" in common.QT_USED and "QtCharts" not in common.QT_EXCLUDED
    assert "PySide6.QtCharts" not in common.EXCLUDES
    assert "PySide6_Addons" in common.LICENSED  # its licence metadata goes with the bundle


def test_the_addons_plugins_and_what_only_they_need_stay_out() -> None:
    common = _spec_common()
    lib = "PySide6/Qt/lib/"
    kept_names = [lib + n for n in ("libQt6Charts.so.6", "libQt6OpenGL.so.6", "libQt6OpenGLWidgets.so.6")]
    dropped_names = [lib + n for n in ("libQt6Qml.so.6", "libQt6QmlModels.so.6", "libQt6QmlMeta.so.6",
                                       "libQt6QmlWorkerScript.so.6", "libQt6Quick.so.6", "libQt6VirtualKeyboard.so.6",
                                       "libQt6VirtualKeyboardQml.so.6", "libQt6Pdf.so.6")]
    plugins = ["PySide6/Qt/plugins/imageformats/libqpdf.so",
               "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so"]
    binaries = [_entry(d) for d in kept_names + dropped_names + plugins + ["PySide6/QtCharts.abi3.so"]]
    kept, _datas = common.trim(binaries, [])
    assert [entry[0] for entry in kept] == kept_names + ["PySide6/QtCharts.abi3.so"]


def test_the_addons_keep_the_essentials_bounds() -> None:
    """The Addons wheel requires the Essentials of its own version (==): the same bounds on both
    let the resolver pick one version for the two, on every Python the project supports."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    essentials = sorted(d.split("PySide6-Essentials", 1)[1] for d in project["dependencies"]
                        if d.startswith("PySide6-Essentials"))
    addons = sorted(d.split("PySide6-Addons", 1)[1] for d in project["dependencies"] if d.startswith("PySide6-Addons"))
    assert essentials and addons == essentials
