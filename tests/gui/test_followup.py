"""督办: the views show the right items with their counts, filters by unit and leader, a progress
note with a feedback file, closing after a confirmation, a refusal shown over the dialog, and the
summary PDF rendered through the op runner into the chosen file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.model.enums import FollowUpStatus
from core.office import Office
from gui.followup.common import OVERDUE_RED
from gui.followup.dialogs import CloseDialog, NoteDialog
from gui.followup.page import FollowUpPage
from gui.main_window import MainWindow
from gui.ops import OpRunner
from tests.core import conftest as core_fixtures
from tests.core.conftest import TODAY, District
from tests.core.test_followup import issued  # noqa: F401 - the fixture, used by name
from tests.core.test_meeting_docs import assert_safe_pdf
from tests.gui.helpers import wait_idle, windows

district = core_fixtures.district  # the core tests' small district roster, as a fixture here too

YESTERDAY = TODAY - dt.timedelta(days=1)
IN_3_DAYS = TODAY + dt.timedelta(days=3)
IN_30_DAYS = TODAY + dt.timedelta(days=30)


def _page(qtbot, office: Office, runner: OpRunner) -> FollowUpPage:  # type: ignore[no-untyped-def]
    page = FollowUpPage(office, runner)
    qtbot.addWidget(page)
    page.resize(1200, 720)
    page.show()
    wait_idle(qtbot, runner)
    return page


def _only(kind: type, name: str | None = None):  # type: ignore[no-untyped-def]
    found = windows(kind, name)
    assert len(found) == 1, found
    return found[0]


def _answer(qtbot, runner: OpRunner, yes: bool) -> str:  # type: ignore[no-untyped-def]
    box = _only(QMessageBox, "confirmBox")
    text = box.text() + box.informativeText()
    role = QMessageBox.ButtonRole.AcceptRole if yes else QMessageBox.ButtonRole.RejectRole
    next(b for b in box.buttons() if box.buttonRole(b) == role).click()
    wait_idle(qtbot, runner)
    return text


def _deadlines(page: FollowUpPage) -> list[dt.date | None]:
    return [r.deadline for r in page.model.rows]


def _select(qtbot, page: FollowUpPage, runner: OpRunner, deadline: dt.date) -> None:  # type: ignore[no-untyped-def]
    page.table.selectRow(_deadlines(page).index(deadline))
    wait_idle(qtbot, runner)


def _view(qtbot, page: FollowUpPage, runner: OpRunner, view: str) -> None:  # type: ignore[no-untyped-def]
    page.view_buttons[view].click()
    wait_idle(qtbot, runner)


def test_views_show_the_right_items(qtbot, office: Office, runner: OpRunner, district: District,
                                    issued: int) -> None:  # noqa: F811
    page = _page(qtbot, office, runner)
    assert [b.text() for b in page.view_buttons.values()] == ["办理中 3", "7日内到期 1", "已逾期 1", "已办结 0",
                                                              "全部 3"]
    assert _deadlines(page) == [YESTERDAY, IN_3_DAYS, IN_30_DAYS]  # by deadline; the unit-less decision is absent
    status = [page.model.columns[4].text(r) for r in page.model.rows]
    assert status == ["已逾期1天", "还剩3天", "办理中"]
    red = page.model.data(page.model.index(0, 0), Qt.ItemDataRole.ForegroundRole)
    assert red is not None and red.color().name() == OVERDUE_RED  # the overdue row is red
    assert page.model.data(page.model.index(1, 0), Qt.ItemDataRole.ForegroundRole) is None

    _view(qtbot, page, runner, "overdue")
    assert _deadlines(page) == [YESTERDAY]
    _view(qtbot, page, runner, "due")
    assert _deadlines(page) == [IN_3_DAYS]
    _view(qtbot, page, runner, "closed")
    assert _deadlines(page) == [] and page.count_label.text() == "本视图没有督办事项。"
    _view(qtbot, page, runner, "all")
    assert len(page.model.rows) == 3

    page.department_combo.set_value(district.finance)  # a unit with no items
    wait_idle(qtbot, runner)
    assert page.model.rows == [] and page.view_buttons["all"].text() == "全部 0"
    page.department_combo.set_value(district.transport)
    wait_idle(qtbot, runner)
    assert len(page.model.rows) == 3
    page.leader_combo.set_value(district.vice_b)  # 丁副区长 supervises 区司法局 only
    wait_idle(qtbot, runner)
    assert page.model.rows == []
    page.clear_filters()
    wait_idle(qtbot, runner)
    page.leader_combo.set_value(district.vice_a)
    wait_idle(qtbot, runner)
    assert _deadlines(page) == [YESTERDAY, IN_3_DAYS, IN_30_DAYS]
    assert page.view_buttons["open"].isChecked()  # clearing the filters went back to 办理中


def test_selected_item_shows_its_facts_and_notes(qtbot, office: Office, runner: OpRunner, district: District,
                                                 issued: int) -> None:  # noqa: F811
    item = office.followup.items(view="due")[0]
    office.followup.add_note(item.id, noted_on=TODAY - dt.timedelta(days=2), text="已起草方案。")
    page = _page(qtbot, office, runner)
    detail = page.detail
    assert detail.empty.isVisibleTo(page) and not detail.body.isVisibleTo(page)
    _select(qtbot, page, runner, IN_3_DAYS)
    assert detail.body.isVisibleTo(page)
    assert detail.decision.text() == item.decision
    facts = {key: label.text() for key, label in detail.facts.items()}
    assert facts["department"] == "区交通局" and facts["co"] == "区财政局" and facts["leader"] == "丙副区长"
    assert facts["deadline"] == "2026年7月3日" and facts["status"] == "还剩3天"
    assert facts["source"] == "区政府第1次常务会议纪要〔2026〕1号"
    assert [n[:3] for n in detail.notes_model.rows] == [(TODAY - dt.timedelta(days=2), "已起草方案。", "")]
    assert detail.note_button.isEnabled() and detail.close_button.isEnabled()


def test_adding_a_note_with_a_feedback_file(qtbot, office: Office, runner: OpRunner, district: District,
                                            issued: int, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    report = tmp_path / "交通局反馈.docx"
    report.write_bytes(b"progress report")
    page = _page(qtbot, office, runner)
    _select(qtbot, page, runner, YESTERDAY)
    assert page.detail.notes_hint.text().startswith("尚无反馈")
    page.table.activated.emit(page.table.currentIndex())  # Enter or a double-click opens the same dialog
    dialog = _only(NoteDialog)
    assert dialog.date_edit.day() == TODAY
    dialog.ok_button.click()  # nothing written yet
    assert dialog.error.text() == "请填写办理情况。" and dialog.isVisible()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(report), "")))
    dialog.choose_button.click()
    assert dialog.file_label.text() == "交通局反馈.docx"
    dialog.date_edit.set_day(TODAY - dt.timedelta(days=1))
    dialog.text_edit.setPlainText("已完成方案修改，待报区政府审定。")
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    assert windows(type(dialog)) == []  # saved and closed

    item = office.followup.items(view="overdue")[0]
    assert [n[:3] for n in office.followup.notes(item.id)] == [
        (TODAY - dt.timedelta(days=1), "已完成方案修改，待报区政府审定。", "交通局反馈.docx")]
    assert page.selected_row() is not None and page.selected_row().id == item.id  # still selected
    assert page.detail.notes_model.rows == office.followup.notes(item.id)
    assert page.selected_row().last_note == "已完成方案修改，待报区政府审定。"
    assert not page.detail.notes_hint.isVisible()


def test_closing_asks_first_then_the_item_moves_to_closed(qtbot, office: Office, runner: OpRunner,
                                                          district: District, issued: int) -> None:  # noqa: F811
    page = _page(qtbot, office, runner)
    _select(qtbot, page, runner, IN_30_DAYS)
    item_id = page.selected_row().id
    page.detail.close_button.click()
    dialog = _only(CloseDialog)
    dialog.note_edit.setPlainText("方案已印发实施。")
    dialog.ok_button.click()
    question = _answer(qtbot, runner, yes=False)
    assert "确定将该事项登记为已办结" in question and "不能再登记办理情况" in question
    assert dialog.isVisible() and office.followup.items(view="closed") == []  # not closed on 取消

    dialog.ok_button.click()
    _answer(qtbot, runner, yes=True)
    assert windows(type(dialog)) == []  # saved and closed
    [closed] = office.followup.items(view="closed")
    assert (closed.id, closed.status, closed.closed_on) == (item_id, FollowUpStatus.CLOSED, TODAY)
    assert _deadlines(page) == [YESTERDAY, IN_3_DAYS]  # gone from 办理中
    assert page.view_buttons["closed"].text() == "已办结 1"
    assert page.detail.empty.isVisible()

    _view(qtbot, page, runner, "closed")
    _select(qtbot, page, runner, IN_30_DAYS)
    grey = page.model.data(page.model.index(0, 0), Qt.ItemDataRole.ForegroundRole)
    assert grey is not None and grey.color().name() == "#8a8a8a"
    assert page.detail.facts["status"].text() == "2026年6月30日办结，办结人：（未登录）；方案已印发实施。"  # within its deadline of 7月30日
    assert not page.detail.note_button.isEnabled() and not page.detail.close_button.isEnabled()
    assert page.detail.notes_hint.text() == "已办结，不能再登记办理情况。"


def test_a_refusal_is_shown_over_the_dialog_which_stays_open(qtbot, office: Office, runner: OpRunner,
                                                             district: District, issued: int) -> None:  # noqa: F811
    page = _page(qtbot, office, runner)
    _select(qtbot, page, runner, YESTERDAY)
    page.detail.close_button.click()
    dialog = _only(CloseDialog)
    office.followup.close(page.selected_row().id, closed_on=TODAY)  # closed meanwhile, e.g. on another page
    dialog.ok_button.click()
    _answer(qtbot, runner, yes=True)
    box = _only(QMessageBox, "errorBox")
    assert box.text() == "该督办事项已办结。"
    box.close()
    assert dialog.isVisible()


def test_summary_pdf_is_rendered_through_the_runner(qtbot, office: Office, runner: OpRunner, district: District,
                                                    issued: int, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    overdue = office.followup.items(view="overdue")[0]
    office.followup.add_note(overdue.id, noted_on=TODAY, text="正在修改方案。")
    page = _page(qtbot, office, runner)
    target = tmp_path / "汇总"  # the extension is added
    offered: list[str] = []

    def save_dialog(*args: object, **_kw: object) -> tuple[str, str]:
        offered.append(str(args[2]))
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    finished: list[object] = []
    runner.op_finished.connect(finished.append)
    _view(qtbot, page, runner, "all")
    finished.clear()
    page.export_button.click()
    wait_idle(qtbot, runner)
    assert finished, "the PDF is rendered on the op runner"
    assert offered[0].endswith("督办事项情况汇总20260630.pdf")
    pdf = tmp_path / "汇总.pdf"
    assert page.exported == pdf
    body = re.sub(r"\s+", "", assert_safe_pdf(pdf))
    assert body.startswith("督办事项情况汇总澄溪区人民政府办公室截至2026年6月30日")
    assert "共3项：办理中3项（其中7日内到期1项、已逾期1项），已办结0项。" in body
    assert "正在修改方案。" in body
    info = _only(QMessageBox, "infoBox")
    assert str(pdf) in info.text()
    info.close()

    # The current view and filter name the report.
    _view(qtbot, page, runner, "overdue")
    page.department_combo.set_value(district.transport)
    wait_idle(qtbot, runner)
    page.export_button.click()
    wait_idle(qtbot, runner)
    assert offered[1].endswith("区交通局督办事项情况汇总（已逾期）20260630.pdf")
    body = re.sub(r"\s+", "", assert_safe_pdf(pdf))
    assert body.startswith("区交通局督办事项情况汇总（已逾期）") and "共1项" in body


def test_cancelled_save_dialog_writes_nothing(qtbot, office: Office, runner: OpRunner, district: District,
                                              issued: int, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page = _page(qtbot, office, runner)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    page.export_button.click()
    wait_idle(qtbot, runner)
    assert page.exported is None and windows(QMessageBox) == []


def test_main_window_shows_the_follow_up_page(qtbot, office: Office, runner: OpRunner, district: District,
                                              issued: int) -> None:  # noqa: F811
    window = MainWindow(office, runner)
    qtbot.addWidget(window)
    window.show()
    window.show_page("督办")
    wait_idle(qtbot, runner)
    page = window.stack.currentWidget()
    assert isinstance(page, FollowUpPage)
    assert len(page.model.rows) == 3
    assert window.refresh_action.isEnabled()


def test_feedback_file_opens_as_a_temporary_copy(qtbot, office: Office, runner: OpRunner, district: District,
                                                 tmp_path, monkeypatch, issued) -> None:  # noqa: F811
    from gui.topics import materials_panel

    opened: list[Path] = []
    monkeypatch.setattr(materials_panel, "open_in_viewer", lambda path: opened.append(path) or True)
    item = office.followup.items(view="open")[0]
    report = tmp_path / "反馈材料.pdf"
    report.write_bytes(b"%PDF feedback")
    office.followup.add_note(item.id, noted_on=TODAY, text="已报送反馈", file=report)
    note_id = office.followup.notes(item.id)[0][3]
    page = FollowUpPage(office, runner)
    qtbot.addWidget(page)
    wait_idle(qtbot, runner)
    page.open_note_file(note_id)
    wait_idle(qtbot, runner)
    assert opened and opened[0].name == "反馈材料.pdf" and opened[0].read_bytes() == b"%PDF feedback"
