"""The main window: navigation, the status bar facts, About, parts not yet built say so."""

from __future__ import annotations

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

import core
from core.office import Office
from gui.about import AboutDialog
from gui.main_window import MainWindow
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
    assert facts["cipher_version"].startswith("4.")  # "4.19.0 community"
    release = ".".join(facts["cipher_version"].split(" ")[0].split(".")[:2])
    assert window.cipher_label.text() == f"已加密（SQLCipher {release}）"  # the release, in words
    assert window.schema_label.text() == f"数据结构版本 {facts['schema']}"
    assert window.windowTitle() == office.settings.office_name()


def test_navigation_lists_the_parts_each_built_when_first_shown(qtbot, office: Office, runner: OpRunner) -> None:
    window = _window(qtbot, office, runner)
    names = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert names == ["今日", "议题", "会议", "纪要", "督办", "统计", "人员与单位", "设置"]
    assert list(window.built_pages()) == ["今日"]  # opening pays for one page, not eight
    assert window.stack.currentWidget() is window.page("今日")
    window.show_page("议题")
    assert list(window.built_pages()) == ["今日", "议题"]
    topics = window.stack.currentWidget()
    window.show_page("人员与单位")
    window.show_page("议题")
    assert window.stack.currentWidget() is topics  # built once, kept
    assert window.new_action.isEnabled()
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert window.search_action.shortcut().toString() == "Ctrl+F"
    assert window.refresh_action.shortcut().toString() == "F5"
    assert window.new_action.shortcut().toString() == "Ctrl+N"


def test_go_to_keys_ctrl_0_for_today_the_pages_keep_theirs(qtbot, office: Office, runner: OpRunner) -> None:
    window = _window(qtbot, office, runner)
    go = {action.text(): action.shortcut().toString() for action in window.findChildren(QAction)
          if action.text() in window.page_names}
    assert go == {"今日": "Ctrl+0", "议题": "Ctrl+1", "会议": "Ctrl+2", "纪要": "Ctrl+3", "督办": "Ctrl+4",
                  "统计": "Ctrl+5", "人员与单位": "Ctrl+6", "设置": "Ctrl+7"}
    window.show_page("会议")
    next(a for a in window.findChildren(QAction) if a.text() == "今日").trigger()
    assert window.stack.currentWidget() is window.page("今日")
    assert not window.new_action.isEnabled()  # nothing is made on 今日
    assert window.refresh_action.isEnabled() and not window.filter_action.isEnabled()  # no filter box on 今日
    assert window.search_action.isEnabled()  # 查找 searches everything from every page


def test_frame_before_the_office_offers_nothing_to_work_on(qtbot, office: Office, runner: OpRunner) -> None:
    window = MainWindow(None, runner, path=office.path)
    qtbot.addWidget(window)
    window.show()
    assert window.path_label.text() == str(office.path)
    assert window.stack.currentWidget() is window.placeholder
    assert not window.nav.isEnabled() and not window.new_action.isEnabled() and not window.logout_action.isEnabled()
    assert window.quit_action.isEnabled() and window.built_pages() == {}
    assert window.quit_action.shortcut().isEmpty()  # bound with the others once the window works
    window.attach(office)
    wait_idle(qtbot, runner)
    assert window.nav.isEnabled() and window.stack.currentWidget() is window.page("今日")
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    window.detach()
    assert window.built_pages() == {} and window.stack.currentWidget() is window.placeholder
    assert window.placeholder.label.text() == "已注销，请登录。" and not window.nav.isEnabled()


def test_a_restore_rebuilds_the_other_pages_from_the_restored_file(qtbot, office: Office, runner: OpRunner) -> None:
    window = _window(qtbot, office, runner)
    roster = window.roster_page
    window.show_page("设置")
    settings = window.settings_page
    settings.data_safety.restored.emit(object())
    qtbot.waitUntil(lambda: list(window.built_pages()) == ["设置"])
    assert window.stack.currentWidget() is settings  # the page that restored stays
    window.show_page("人员与单位")
    assert window.roster_page is not roster  # a fresh page, reading the restored data


def test_about_shows_the_versions(qtbot, office: Office, runner: OpRunner) -> None:
    window = _window(qtbot, office, runner)
    window.about_action.trigger()
    about = windows(AboutDialog)[0]
    facts = office.facts()
    for name, value in (("会务", core.__version__), ("Qt", qVersion()), ("PySide6", PySide6.__version__),
                        ("SQLCipher", facts["cipher_version"].replace(" community", "（社区版）")),
                        ("SQLite", facts["sqlite_version"])):
        assert about.findChild(QLabel, f"version_{name}").text() == value


def test_settings_page_renames_the_office(qtbot, office: Office, runner: OpRunner) -> None:
    window = _window(qtbot, office, runner)
    window.show_page("设置")
    wait_idle(qtbot, runner)  # a page reads its data when first shown
    page = window.settings_page
    assert page.name_edit.text() == office.settings.office_name()
    assert page.fact_labels["path"].text() == str(office.path)
    assert page.fact_labels["file_id"].text() == office.file_id
    page.name_edit.setText("青川区人民政府办公室")
    page.save_button.click()
    wait_idle(qtbot, runner)
    assert office.settings.office_name() == "青川区人民政府办公室"
    assert window.windowTitle() == "青川区人民政府办公室"
