"""人员与单位: add a person, appoint a mayor, refuse a second mayor, end a post after confirming."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from core import roster_import
from core.model.enums import DepartmentKind, Post
from core.office import Office
from gui.ops import OpRunner
from gui.roster import importing
from gui.roster.appointments import AppointmentDialog
from gui.roster.departments import DepartmentDialog
from gui.roster.end_dialog import EndDialog
from gui.roster.page import RosterPage
from gui.roster.people import PersonDialog
from tests.gui.helpers import wait_idle, windows


def _page(qtbot, office: Office, runner: OpRunner) -> RosterPage:  # type: ignore[no-untyped-def]
    page = RosterPage(office, runner)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    wait_idle(qtbot, runner)
    return page


def _add_person(qtbot, page: RosterPage, runner: OpRunner, name: str) -> None:  # type: ignore[no-untyped-def]
    page.tabs.setCurrentWidget(page.people)
    page.new_item()
    dialog = windows(PersonDialog)[0]
    assert isinstance(dialog, PersonDialog)
    dialog.name_edit.setText(name)
    dialog.ok_button.click()
    wait_idle(qtbot, runner)


def _appoint(qtbot, page: RosterPage, runner: OpRunner, person_id: int, post: Post,  # type: ignore[no-untyped-def]
             start: dt.date) -> AppointmentDialog:
    page.tabs.setCurrentWidget(page.appointments)
    wait_idle(qtbot, runner)
    page.new_item()
    wait_idle(qtbot, runner)  # the dialog's choices are read on the worker first
    dialog = windows(AppointmentDialog)[-1]
    assert isinstance(dialog, AppointmentDialog)
    dialog.person_combo.set_value(person_id)
    dialog.post_combo.set_value(post)
    dialog.start_edit.set_day(start)
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    return dialog


def test_add_person_appoint_mayor_refuse_a_second_and_end_the_post(
        qtbot, office: Office, runner: OpRunner) -> None:
    page = _page(qtbot, office, runner)

    # a person without a name is refused in the dialog, nothing is written
    page.new_item()
    empty = windows(PersonDialog)[0]
    assert isinstance(empty, PersonDialog)
    empty.ok_button.click()
    assert empty.isVisible() and empty.error.text() == "请填写姓名。"
    empty.reject()

    _add_person(qtbot, page, runner, "付立")
    assert [p.name for p in page.people.model.rows] == ["付立"]
    assert page.people.selected_row().name == "付立"  # the new person is selected
    first = page.people.model.rows[0].id

    _appoint(qtbot, page, runner, first, Post.MAYOR, dt.date(2024, 1, 1))
    assert windows(AppointmentDialog) == []  # saved and closed
    rows = page.appointments.model.rows
    assert [(r.person_name, r.post) for r in rows] == [("付立", Post.MAYOR)]
    page.tabs.setCurrentWidget(page.people)
    wait_idle(qtbot, runner)
    assert page.people.model.rows[0].posts == "区长"  # the people tab reloaded with the post

    _add_person(qtbot, page, runner, "邓晓")
    second = next(p.id for p in page.people.model.rows if p.name == "邓晓")
    refused = _appoint(qtbot, page, runner, second, Post.MAYOR, dt.date(2024, 6, 1))
    boxes = windows(QMessageBox, "errorBox")
    assert len(boxes) == 1
    message = boxes[0].text()
    assert "区长" in message and "付立" in message  # the service's Chinese refusal, shown as is
    assert refused.isVisible()  # the dialog stays open with what was typed
    assert len(office.roster.appointments(post=Post.MAYOR)) == 1
    boxes[0].close()
    refused.reject()

    # 结束: a confirmation with a date; cancelling changes nothing
    appointments = page.appointments
    appointments.select_id(appointments.model.rows[0].id)
    appointments.end_button.click()
    end_dialog = windows(EndDialog)[0]
    assert isinstance(end_dialog, EndDialog)
    assert "付立" in end_dialog.findChild(type(end_dialog.error), "endText").text()
    end_dialog.reject()
    wait_idle(qtbot, runner)
    assert office.roster.appointments(post=Post.MAYOR)[0].end is None

    appointments.end_button.click()
    end_dialog = windows(EndDialog)[0]
    assert isinstance(end_dialog, EndDialog)
    end_dialog.date_edit.set_day(dt.date(2025, 12, 31))
    assert end_dialog.ok_button.text() == "结束任职"
    end_dialog.ok_button.click()
    wait_idle(qtbot, runner)
    ended = office.roster.appointments(post=Post.MAYOR)
    assert [(a.person_name, a.end) for a in ended] == [("付立", dt.date(2025, 12, 31))]
    # today's list no longer shows the ended post; the history still has it
    assert appointments.model.rows == []
    appointments.history_box.setChecked(True)
    wait_idle(qtbot, runner)
    assert [r.end for r in appointments.model.rows] == [dt.date(2025, 12, 31)]
    # viewing an earlier date shows who held the post then
    appointments.history_box.setChecked(False)
    appointments.date_edit.set_day(dt.date(2025, 6, 1))
    wait_idle(qtbot, runner)
    assert [r.person_name for r in appointments.model.rows] == ["付立"]


def test_search_filters_as_you_type(qtbot, office: Office, runner: OpRunner) -> None:
    for name in ("区财政局", "区司法局", "青川街道"):
        office.roster.add_department(name, DepartmentKind.CONSTITUENT)
    page = _page(qtbot, office, runner)
    page.tabs.setCurrentWidget(page.departments)
    wait_idle(qtbot, runner)
    assert len(page.departments.model.rows) == 3
    page.departments.search_edit.setText("司法")
    qtbot.waitUntil(lambda: [d.name for d in page.departments.model.rows] == ["区司法局"], timeout=3000)


def test_department_dialog_adds_and_edits(qtbot, office: Office, runner: OpRunner) -> None:
    page = _page(qtbot, office, runner)
    page.tabs.setCurrentWidget(page.departments)
    wait_idle(qtbot, runner)
    page.new_item()
    dialog = windows(DepartmentDialog)[0]
    assert isinstance(dialog, DepartmentDialog)
    dialog.name_edit.setText("区司法局")
    dialog.kind_combo.set_value(DepartmentKind.CONSTITUENT)
    dialog.reviewer_box.setChecked(True)
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    [row] = page.departments.model.rows
    assert row.name == "区司法局" and row.is_legality_reviewer

    page.departments.select_id(row.id)
    page.departments.edit_button.click()
    edit = windows(DepartmentDialog)[0]
    assert isinstance(edit, DepartmentDialog)
    assert edit.name_edit.text() == "区司法局"
    edit.short_edit.setText("司法局")
    edit.ok_button.click()
    wait_idle(qtbot, runner)
    assert office.roster.departments()[0].short_name == "司法局"


def test_a_rejected_import_lists_every_problem_and_writes_nothing(
        qtbot, office: Office, runner: OpRunner, tmp_path: Path) -> None:
    page = _page(qtbot, office, runner)
    bad = tmp_path / "单位.csv"
    bad.write_text("名称,类别\n,组成部门\n区财政局,不存在的类别\n", encoding="utf-8")
    importing.import_from(page, runner, office, str(bad), page.reload_all)
    wait_idle(qtbot, runner)
    [dialog] = windows(importing.ProblemsDialog)
    assert isinstance(dialog, importing.ProblemsDialog)
    assert dialog.model.rowCount() >= 2
    places = [dialog.model.data(dialog.model.index(r, 0)) for r in range(dialog.model.rowCount())]
    assert any("第 2 行" in p for p in places) and any("第 3 行" in p for p in places)
    assert office.roster.departments() == []


def test_the_template_imports(qtbot, office: Office, runner: OpRunner, tmp_path: Path) -> None:
    page = _page(qtbot, office, runner)
    template = roster_import.write_template(tmp_path / "模板.xlsx")
    importing.import_from(page, runner, office, str(template), page.reload_all)
    wait_idle(qtbot, runner)
    infos = windows(QMessageBox, "infoBox")
    assert infos and "已导入" in infos[0].text()
    assert office.roster.departments() != []


def test_portfolio_partners_and_delegation_are_added_and_ended(qtbot, office: Office, runner: OpRunner) -> None:
    from gui.roster.links import DelegationDialog, PartnershipDialog, PortfolioDialog

    roster = office.roster
    start = dt.date(2024, 1, 1)
    mayor, executive, vice = (roster.add_person(n) for n in ("付立", "邓晓", "秦德嘉"))
    roster.appoint(mayor, Post.MAYOR, start)
    roster.appoint(executive, Post.EXECUTIVE_VICE_MAYOR, start)
    roster.appoint(vice, Post.VICE_MAYOR, start)
    finance = roster.add_department("区财政局", DepartmentKind.CONSTITUENT)
    page = _page(qtbot, office, runner)

    page.tabs.setCurrentWidget(page.portfolios)
    wait_idle(qtbot, runner)
    page.new_item()
    wait_idle(qtbot, runner)
    [portfolio] = windows(PortfolioDialog)
    assert isinstance(portfolio, PortfolioDialog)
    portfolio.leader_combo.set_value(vice)
    portfolio.department_combo.set_value(finance)
    portfolio.start_edit.set_day(start)
    portfolio.ok_button.click()
    wait_idle(qtbot, runner)
    assert [(r.leader_name, r.department_name) for r in page.portfolios.model.rows] == [("秦德嘉", "区财政局")]
    page.portfolios.select_id(page.portfolios.model.rows[0].id)
    page.portfolios.end_button.click()
    [end] = windows(EndDialog)
    assert isinstance(end, EndDialog)
    end.date_edit.set_day(dt.date(2025, 3, 31))
    end.ok_button.click()
    wait_idle(qtbot, runner)
    assert roster.portfolios()[0].end == dt.date(2025, 3, 31)

    page.tabs.setCurrentWidget(page.partnerships)
    wait_idle(qtbot, runner)
    page.new_item()
    wait_idle(qtbot, runner)
    [pair] = windows(PartnershipDialog)
    assert isinstance(pair, PartnershipDialog)
    pair.a_combo.set_value(executive)
    pair.b_combo.set_value(executive)
    pair.ok_button.click()
    assert pair.error.text() == "A角和B角不能是同一人。"
    pair.b_combo.set_value(vice)
    pair.start_edit.set_day(start)
    pair.ok_button.click()
    wait_idle(qtbot, runner)
    assert [(r.person_a_name, r.person_b_name) for r in roster.partnerships()] == [("邓晓", "秦德嘉")]

    page.tabs.setCurrentWidget(page.delegations)
    wait_idle(qtbot, runner)
    page.new_item()
    wait_idle(qtbot, runner)
    [delegation] = windows(DelegationDialog)
    assert isinstance(delegation, DelegationDialog)
    delegation.delegator_combo.set_value(mayor)
    delegation.delegate_combo.set_value(executive)
    from core.model.enums import DelegationScope
    delegation.scope_combo.set_value(DelegationScope.GOVERNMENT_WORK)
    today = dt.date.today()
    delegation.start_edit.set_day(today)
    delegation.end_edit.set_day(today - dt.timedelta(days=1))
    delegation.ok_button.click()
    assert delegation.error.text() == "结束日期不能早于开始日期。"
    delegation.end_edit.set_day(today + dt.timedelta(days=10))
    delegation.reason_edit.setText("赴省里学习")
    delegation.ok_button.click()
    wait_idle(qtbot, runner)
    if windows(QMessageBox, "errorBox"):
        raise AssertionError(windows(QMessageBox, "errorBox")[0].text())
    [row] = page.delegations.model.rows
    assert (row.delegator_name, row.delegate_name, row.reason) == ("付立", "邓晓", "赴省里学习")
    page.delegations.select_id(row.id)
    page.delegations.end_button.click()
    [end] = windows(EndDialog)
    assert isinstance(end, EndDialog)
    end.date_edit.set_day(today + dt.timedelta(days=2))
    end.ok_button.click()
    wait_idle(qtbot, runner)
    assert roster.delegations()[0].end == today + dt.timedelta(days=2)


def test_an_appointment_is_edited(qtbot, office: Office, runner: OpRunner) -> None:
    roster = office.roster
    person = roster.add_person("熊伟凌")
    dept = roster.add_department("区科技局", DepartmentKind.CONSTITUENT)
    appointment = roster.appoint(person, Post.DEPARTMENT_HEAD, dt.date(2023, 5, 1), department_id=dept)
    page = _page(qtbot, office, runner)
    page.tabs.setCurrentWidget(page.appointments)
    wait_idle(qtbot, runner)
    page.appointments.select_id(appointment)
    page.appointments.edit_button.click()
    wait_idle(qtbot, runner)
    [dialog] = windows(AppointmentDialog)
    assert isinstance(dialog, AppointmentDialog)
    assert dialog.department_combo.value() == dept and not dialog.person_combo.isEnabled()
    dialog.title_edit.setText("局长")
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    assert roster.appointments()[0].title == "局长"
    assert page.appointments.model.rows[0].post_text == "区科技局 局长"


def test_selecting_shows_the_whole_record(qtbot, office: Office, runner: OpRunner) -> None:
    roster = office.roster
    start = dt.date(2024, 1, 1)
    head, vice = roster.add_person("熊伟凌"), roster.add_person("秦德嘉")
    dept = roster.add_department("区科技局", DepartmentKind.CONSTITUENT)
    roster.appoint(head, Post.DEPARTMENT_HEAD, start, department_id=dept, title="局长")
    roster.appoint(vice, Post.VICE_MAYOR, start)
    roster.assign_portfolio(vice, dept, start)
    page = _page(qtbot, office, runner)

    page.people.select_id(vice)
    wait_idle(qtbot, runner)
    text = page.people.detail.toPlainText()
    assert "秦德嘉" in text and "副区长" in text and "分管 区科技局" in text

    page.tabs.setCurrentWidget(page.departments)
    wait_idle(qtbot, runner)
    page.departments.select_id(dept)
    wait_idle(qtbot, runner)
    text = page.departments.detail.toPlainText()
    assert "主要负责人（查看日期）" in text and "熊伟凌" in text and "秦德嘉" in text


def test_the_buttons_save_the_template_and_import_the_chosen_file(
        qtbot, office: Office, runner: OpRunner, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    page = _page(qtbot, office, runner)
    target = tmp_path / "模板"  # the extension is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    page.template_button.click()
    wait_idle(qtbot, runner)
    saved = tmp_path / "模板.xlsx"
    assert saved.is_file()
    [info] = windows(QMessageBox, "infoBox")
    assert str(saved) in info.text()
    info.close()

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(saved), "")))
    page.import_button.click()
    wait_idle(qtbot, runner)
    assert any("已导入" in box.text() for box in windows(QMessageBox, "infoBox"))
    assert page.people.model.rows != []  # the lists reloaded
