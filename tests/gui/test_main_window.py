"""The main window: navigation, the status bar facts, About, parts not yet built say so."""

from __future__ import annotations

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QLabel

import core
from core.office import Office
from gui.about import AboutDialog
from gui.main_window import MainWindow, NotYetPage
from gui.ops import OpRunner
from tests.gui.helpers import wait_idle, windows


def _window(qtbot, office: Office, runner: OpRunner) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(office, runner)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    return window


def test_status_bar_shows_file_encryption_and_schema(qtbot, office: Office, runner: OpRunner) -> None:
    window = _window(qtbot, office, runner)
    facts = office.facts()
    assert window.path_label.text() == str(office.path)
    assert window.cipher_label.text() == f"已加密 (SQLCipher {facts['cipher_version']})"
    assert facts["cipher_version"].startswith("4.")
    assert window.schema_label.text() == f"数据结构版本 {facts['schema']}"
    assert window.windowTitle() == office.settings.office_name()


def test_navigation_lists_the_six_parts_and_unbuilt_ones_say_so(qtbot, office: Office, runner: OpRunner) -> None:
    window = _window(qtbot, office, runner)
    names = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert names == ["议题", "会议", "纪要", "督办", "人员与单位", "设置"]
    assert window.stack.currentWidget() is window.roster_page
    not_yet = [name for name, page in window.pages.items() if isinstance(page, NotYetPage)]
    for name in not_yet:  # each part not built yet says so plainly
        window.show_page(name)
        page = window.stack.currentWidget()
        assert page.findChild(QLabel, "notYet").text().endswith("将在后续版本提供。")
        assert not window.new_action.isEnabled()
    window.show_page("人员与单位")
    assert window.new_action.isEnabled()
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert window.search_action.shortcut().toString() == "Ctrl+F"
    assert window.refresh_action.shortcut().toString() == "F5"
    assert window.new_action.shortcut().toString() == "Ctrl+N"


def test_about_shows_the_versions(qtbot, office: Office, runner: OpRunner) -> None:
    window = _window(qtbot, office, runner)
    window.about_action.trigger()
    about = windows(AboutDialog)[0]
    facts = office.facts()
    for name, value in (("会务", core.__version__), ("Qt", qVersion()), ("PySide6", PySide6.__version__),
                        ("SQLCipher", facts["cipher_version"]), ("SQLite", facts["sqlite_version"])):
        assert about.findChild(QLabel, f"version_{name}").text() == value


def test_settings_page_renames_the_office(qtbot, office: Office, runner: OpRunner) -> None:
    window = _window(qtbot, office, runner)
    window.show_page("设置")
    page = window.settings_page
    assert page.name_edit.text() == office.settings.office_name()
    assert page.fact_labels["path"].text() == str(office.path)
    assert page.fact_labels["file_id"].text() == office.file_id
    page.name_edit.setText("青川区人民政府办公室")
    page.save_button.click()
    wait_idle(qtbot, runner)
    assert office.settings.office_name() == "青川区人民政府办公室"
    assert window.windowTitle() == "青川区人民政府办公室"
