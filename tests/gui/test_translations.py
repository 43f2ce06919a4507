"""Qt's own words are Chinese: standard buttons and the text fields' context menu."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from gui import translations


def test_standard_buttons_and_edit_menu_speak_chinese(qtbot) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert app is not None
    translator = translations.install(app)
    assert translator is not None
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = {box.button(b).text().replace("&", "") for b in (QDialogButtonBox.StandardButton.Ok,
                                                             QDialogButtonBox.StandardButton.Cancel)}
    assert texts <= {"确定", "取消", "确定(O)", "取消(C)"} and len(texts) == 2
    assert QCoreApplication.translate("QWidgetTextControl", "&Copy") == "复制(&C)"
    app.removeTranslator(translator)  # other tests see Qt as it comes


def test_a_missing_catalog_leaves_qt_in_english(qtbot, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(translations, "folders", lambda: [tmp_path])
    assert translations.install(QApplication.instance()) is None  # type: ignore[arg-type]
