"""查找 (issue 14 §2): Ctrl+F from any page and the tool bar's box open it; search as you type on
the op runner (no progress dialog, older answers dropped); results grouped by kind with counts, the
matched words highlighted and the user's text escaped; ↑↓ from the box and Enter open the item
through its page; a refused term said in the dialog; 注销 closes it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QProgressDialog

from core.office import Office
from gui.followup.page import FollowUpPage
from gui.main_window import MainWindow
from gui.minutes.minutes_window import MinutesWindow
from gui.ops import OpRunner
from gui.roster.page import RosterPage
from gui.search.dialog import FOUND_ROLE, SearchDialog
from gui.search.rich_text import HTML_ROLE, highlighted
from gui.topics.topic_window import TopicWindow
from tests.core import conftest as core_fixtures
from tests.core.conftest import District
from tests.core.test_followup import issued  # noqa: F401  (the fixture)
from tests.core.test_topic_service import submit
from tests.gui.helpers import wait_idle, windows

district = core_fixtures.district


@pytest.fixture
def window(qtbot, office: Office, runner: OpRunner) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(office, runner)
    qtbot.addWidget(main)
    main.show()
    wait_idle(qtbot, runner)
    return main


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Keys with Chinese text, as an input method delivers them (QTest types ASCII only)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def searched(qtbot, window: MainWindow, runner: OpRunner, text: str) -> SearchDialog:  # type: ignore[no-untyped-def]
    """Type `text` into 查找 as a user does (key by key) and wait for the answer."""
    window.search_action.trigger()  # Ctrl+F
    dialog = window.search_dialog
    assert isinstance(dialog, SearchDialog) and dialog.isVisible()
    dialog.edit.clear()
    with qtbot.waitSignal(dialog.shown, timeout=10000):
        type_text(dialog.edit, text)
    wait_idle(qtbot, runner)
    return dialog


def groups(dialog: SearchDialog) -> dict[str, list[tuple[str, int]]]:
    out = {}
    for g in range(dialog.tree.topLevelItemCount()):
        header = dialog.tree.topLevelItem(g)
        out[header.text(0)] = [header.child(i).data(0, FOUND_ROLE) for i in range(header.childCount())]
    return out


def test_ctrl_f_from_any_page_searches_as_you_type(qtbot, window: MainWindow, runner: OpRunner, office: Office,
                                                   district: District) -> None:
    parking = submit(office, district, title="关于城区停车设施建设规划的议题")
    for page in ("议题", "督办", "人员与单位", "设置"):
        window.show_page(page)
        assert window.search_action.isEnabled() and window.search_action.shortcut().toString() == "Ctrl+F"
    dialog = searched(qtbot, window, runner, "停车")
    assert groups(dialog) == {"议题（1 条）": [("topic", parking)]}
    assert dialog.status.text().startswith("找到 1 条：议题 1")
    assert dialog.tree.currentItem().data(0, FOUND_ROLE) == ("topic", parking)  # the first result chosen
    assert windows(QProgressDialog) == []  # typing is never interrupted
    assert searched(qtbot, window, runner, "没有这个词").status.text() == "没有找到“没有这个词”。"


def test_matches_are_highlighted_and_the_users_text_escaped(qtbot, window: MainWindow, runner: OpRunner,
                                                            office: Office, district: District) -> None:
    submit(office, district, title="关于<b>停车</b>&收费的议题")
    dialog = searched(qtbot, window, runner, "停车")
    html = dialog.tree.topLevelItem(0).child(0).data(0, HTML_ROLE)
    assert "&lt;b&gt;" in html and "&amp;收费" in html and "<b>停车</b>" not in html
    assert '<span style="background-color: #ffe082;">停车</span>' in html
    assert highlighted("a<b>c", ((1, 4),)) == 'a<span style="background-color: #ffe082;">&lt;b&gt;</span>c'


def test_an_older_answer_never_replaces_a_newer_one(qtbot, window: MainWindow, runner: OpRunner,
                                                    office: Office, district: District) -> None:
    submit(office, district, title="关于停车的议题")
    fees = submit(office, district, title="关于收费的议题")
    dialog = searched(qtbot, window, runner, "停车")
    dialog.edit.setText("停车")
    dialog.run_search()  # an answer on its way …
    dialog.edit.setText("收费")
    with qtbot.waitSignal(dialog.shown, timeout=10000):
        dialog.run_search()  # … overtaken
    wait_idle(qtbot, runner)
    assert groups(dialog) == {"议题（1 条）": [("topic", fees)]}


def test_arrows_from_the_box_and_enter_open_through_the_page(qtbot, window: MainWindow, runner: OpRunner,
                                                             office: Office, district: District,
                                                             issued: int) -> None:  # noqa: F811
    minutes = office.minutes.detail(issued)
    item = office.followup.items(view="all")[0]
    dialog = searched(qtbot, window, runner, "区交通局")
    found = [r for rows in groups(dialog).values() for r in rows]
    assert ("unit", district.transport) in found and ("followup", item.id) in found
    rows = [r for r in found if r is not None]
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Down)
    assert dialog.tree.currentItem().data(0, FOUND_ROLE) == rows[1]
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Up)  # stays on the first
    assert dialog.tree.currentItem().data(0, FOUND_ROLE) == rows[0]
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    wait_idle(qtbot, runner)
    assert windows(TopicWindow)  # the first is a topic: its window, as the 议题 page opens it

    dialog = searched(qtbot, window, runner, minutes.serial_text)
    assert groups(dialog) == {"纪要（1 条）": [("minutes", issued)]}
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    wait_idle(qtbot, runner)
    assert [w.minutes_id for w in windows(MinutesWindow)] == [issued]

    dialog = searched(qtbot, window, runner, "区交通局")
    _open(qtbot, window, runner, dialog, ("followup", item.id))
    page = window.stack.currentWidget()
    assert isinstance(page, FollowUpPage) and page.selected_row().id == item.id

    _open(qtbot, window, runner, dialog, ("unit", district.transport))
    roster = window.stack.currentWidget()
    assert isinstance(roster, RosterPage) and roster.tabs.currentWidget() is roster.departments
    assert roster.departments.selected_row().id == district.transport


def _open(qtbot, window: MainWindow, runner: OpRunner, dialog: SearchDialog, found: tuple[str, int]) -> None:  # type: ignore[no-untyped-def]
    for g in range(dialog.tree.topLevelItemCount()):
        header = dialog.tree.topLevelItem(g)
        for i in range(header.childCount()):
            if header.child(i).data(0, FOUND_ROLE) == found:
                dialog.tree.setCurrentItem(header.child(i))
    assert dialog.tree.currentItem().data(0, FOUND_ROLE) == found
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)
    wait_idle(qtbot, runner)


def test_the_tool_bar_box_hands_the_typing_over(qtbot, window: MainWindow, runner: OpRunner,
                                               office: Office, district: District) -> None:
    tid = submit(office, district, title="关于停车的议题")
    assert window.search_box.isVisible() and window.search_box.placeholderText() == "查找（Ctrl+F）"
    type_text(window.search_box, "停")
    dialog = window.search_dialog
    assert isinstance(dialog, SearchDialog) and dialog.edit.text() == "停" and window.search_box.text() == ""
    qtbot.waitUntil(lambda: dialog.results is not None, timeout=10000)
    type_text(dialog.edit, "车")  # the typing goes on in 查找
    qtbot.waitUntil(lambda: dialog.results is not None and dialog.results.term == "停车", timeout=10000)
    assert groups(dialog) == {"议题（1 条）": [("topic", tid)]}


def test_a_refused_term_is_said_in_the_dialog(qtbot, window: MainWindow, runner: OpRunner) -> None:
    dialog = searched(qtbot, window, runner, "停车\u202e")
    assert "查找内容" in dialog.status.text() and dialog.tree.topLevelItemCount() == 0
    assert windows(name="qt_msgbox_label") == []


def test_the_page_filter_keeps_its_own_key_and_logout_closes_the_search(qtbot, window: MainWindow,
                                                                         runner: OpRunner) -> None:
    window.show_page("议题")
    assert window.filter_action.isEnabled() and window.filter_action.shortcut().toString() == "Ctrl+Shift+F"
    window.show_page("纪要")
    assert not window.filter_action.isEnabled()  # a page without a filter box
    searched(qtbot, window, runner, "区")
    window.detach()
    assert window.search_dialog is None and not window.search_box.isEnabled()


def test_a_kind_chosen_lists_only_that_kind(qtbot, window: MainWindow, runner: OpRunner, office: Office,
                                            district: District) -> None:
    dialog = searched(qtbot, window, runner, "交通")
    assert len(groups(dialog)) >= 2
    with qtbot.waitSignal(dialog.shown, timeout=10000):
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findText("人员与单位"))
    wait_idle(qtbot, runner)
    assert {k for rows in groups(dialog).values() for k, _i in rows} <= {"person", "unit"}


def test_files_stored_before_get_their_text_in_the_background(qtbot, office: Office, runner: OpRunner,  # type: ignore[no-untyped-def]
                                                              district: District) -> None:
    from gui.search import backfill
    from tests.core.test_material_text import docx

    tid = submit(office, district, title="关于停车的议题")
    for n in range(3):
        office.topics.add_material(tid, f"请示{n}.docx", docx(f"拟新增泊位{n}百个"))
    with office.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM material_text")  # as files from before the index
    main = MainWindow(office, runner)  # the login's attach starts the extraction
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: not backfill.running(office), timeout=20000)
    wait_idle(qtbot, runner)
    assert office.search.pending_extractions() == 0
    assert windows(QProgressDialog) == []  # quietly
    dialog = searched(qtbot, main, runner, "泊位")
    assert groups(dialog) == {"议题（1 条）": [("topic", tid)]}
