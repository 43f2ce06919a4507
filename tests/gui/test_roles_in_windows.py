"""The windows offer only what the logged-in account's role may do (gui.roles): 只读 sees no 新建 and
no editing, and prints or saves no classified minutes; 审核 records 核稿 and the leaders' decisions
but creates nothing; 秘书 does the workflow but not the settings or the accounts; 管理员 sees all."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLabel, QMessageBox, QPushButton, QWidget

from core.model.enums import Classification
from core.office import Office
from core.rules.topics import Action
from core.services.accounts import Role
from gui.followup.page import FollowUpPage
from gui.meetings.page import MeetingsPage
from gui.minutes.copy_register import CopyRegisterDialog
from gui.minutes.minutes_window import MinutesWindow
from gui.minutes.page import MinutesPage
from gui.ops import OpRunner
from gui.roster.page import RosterPage
from gui.settings_page import SettingsPage
from gui.topics.page import TopicsPage
from gui.topics.submit_dialog import SubmitDialog
from tests.core import conftest as core_fixtures
from tests.core.conftest import TODAY, District
from tests.core.test_meeting_docs import assert_safe_pdf
from tests.core.test_minutes_service import attend, held, review
from tests.gui.helpers import wait_idle, windows

district = core_fixtures.district

ACCOUNTS = {"admin": (Role.ADMIN, "Admin#2026x"), "clerk": (Role.SECRETARY, "Clerk#2026x"),
            "reviewer": (Role.REVIEWER, "Review#2026x"), "reader": (Role.READ_ONLY, "Reader#2026x")}


@dataclass
class World:
    office: Office
    topic: int
    meeting: int
    issued: int  # classified minutes, issued
    draft: int   # its correction, a draft


@pytest.fixture
def world(office: Office, district: District) -> World:
    """A held meeting with its topics and leave, its minutes issued as 秘密 with follow-up items and a
    correction in draft; then the four accounts. Built as the machine's operator (no login)."""
    meeting = held(office, district)
    attend(office, district, meeting)
    issued = office.minutes.draft(meeting)
    review(office, issued, classification=Classification.CONFIDENTIAL, secrecy_period="10年", copies=3)
    office.minutes.sign(issued, signer_id=district.mayor, signed_on=TODAY)
    office.minutes.issue(issued, issued_on=TODAY)
    office.minutes.register_copies(issued, ["区委办公室"], printed_on=TODAY)
    draft = office.minutes.correct(issued)
    office.accounts.create_first_admin("admin", ACCOUNTS["admin"][1])
    office.log_in("admin", ACCOUNTS["admin"][1])
    for name, (role, password) in ACCOUNTS.items():
        if role is not Role.ADMIN:
            office.accounts.add(name, role, password)
    return World(office, office.topics.topics()[0].id, meeting, issued, draft)


@dataclass
class Pages:
    topics: TopicsPage
    meetings: MeetingsPage
    minutes: MinutesPage
    followup: FollowUpPage
    roster: RosterPage
    settings: SettingsPage

    def all(self) -> list[QWidget]:
        return [self.topics, self.meetings, self.minutes, self.followup, self.roster, self.settings]


def _pages(qtbot, world: World, runner: OpRunner, user: str) -> Pages:  # type: ignore[no-untyped-def]
    """Log in as `user`, then build the pages (as the main window does after the login)."""
    office = world.office
    office.log_in(user, ACCOUNTS[user][1])
    pages = Pages(TopicsPage(office, runner), MeetingsPage(office, runner), MinutesPage(office, runner),
                  FollowUpPage(office, runner), RosterPage(office, runner), SettingsPage(office, runner))
    for page in pages.all():
        qtbot.addWidget(page)
        page.show()
    wait_idle(qtbot, runner)
    return pages


def offered(*widgets: QWidget) -> list[bool]:
    """Whether each widget is offered: the role hides what it may not use."""
    return [not w.isHidden() for w in widgets]


def new_buttons(p: Pages) -> list[QPushButton]:
    return [p.topics.new_button, p.meetings.meetings_tab.new_button, p.meetings.absence_tab.new_button,
            p.meetings.leave_tab.list.request_button, p.minutes.draft_button, p.roster.people.add_button,
            p.roster.appointments.add_button, p.roster.import_button]


def role_note(page: QWidget) -> str:
    label = page.findChild(QLabel, "roleNote")
    return label.text() if label is not None else ""


def open_dialogs() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def minutes_window(qtbot, p: Pages, runner: OpRunner, minutes_id: int) -> MinutesWindow:  # type: ignore[no-untyped-def]
    window = p.minutes.open_minutes(minutes_id)
    wait_idle(qtbot, runner)
    assert window.detail is not None and window.detail.id == minutes_id
    return window


def preview(qtbot, window: MinutesWindow, runner: OpRunner) -> None:  # type: ignore[no-untyped-def]
    window.tabs.setCurrentWidget(window.preview)  # showing the tab renders the PDF
    wait_idle(qtbot, runner, timeout=30000)
    assert window.preview.shown is not None


def export_summary(qtbot, p: Pages, runner: OpRunner, target: Path, monkeypatch) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """督办's 导出汇总 PDF into `target`: what the page said after it, and the PDF's text."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    p.followup.export_button.click()
    wait_idle(qtbot, runner)
    [info] = windows(QMessageBox, "infoBox")
    said = info.text()
    info.close()
    return said, re.sub(r"\s+", "", assert_safe_pdf(target))


def signoff_buttons(window: MinutesWindow) -> list[bool]:
    s = window.signoff
    return offered(s.review_row, s.review_caption, s.sign_button, s.consent_button, s.issue_button,
                   s.correct_button, s.sheet_button)


# --- 只读 ------------------------------------------------------------------------------------------

def test_read_only_sees_no_new_and_changes_nothing(qtbot, world: World, runner: OpRunner) -> None:
    p = _pages(qtbot, world, runner, "reader")
    assert offered(*new_buttons(p)) == [False] * 8
    assert [page.can_create for page in (p.topics, p.meetings, p.minutes, p.roster)] == [False] * 4
    for page in (p.topics, p.meetings, p.minutes, p.roster):
        page.new_item()  # Ctrl+N does nothing
    wait_idle(qtbot, runner)
    assert open_dialogs() == []
    assert all(role_note(page) == "只读账户：可查看，不能修改" for page in p.all())
    # what only looks stays
    assert offered(p.minutes.open_button, p.followup.export_button, p.roster.people.search_edit) == [True] * 3
    assert offered(p.roster.people.edit_button, p.roster.appointments.end_button) == [False, False]
    assert offered(p.followup.detail.note_button, p.followup.detail.close_button) == [False, False]
    assert offered(p.meetings.leave_tab.list.decide_button, p.meetings.absence_tab.inform_button) == [False, False]


def test_read_only_settings_show_values_only(qtbot, world: World, runner: OpRunner) -> None:
    p = _pages(qtbot, world, runner, "reader")
    s = p.settings
    assert s.name_edit.isReadOnly() and s.name_edit.toolTip() == "只读账户只能查看，不能修改"
    assert offered(s.save_button, s.accounts_button) == [False, False]
    assert not any(offered(*s.fonts_box.findChildren(QPushButton)))
    assert all(label.text() for label in s.fonts_box.labels.values())  # the report is still there
    s.name_edit.setText("改名")
    s.save_name()  # Enter in the field: nothing is sent
    wait_idle(qtbot, runner)
    assert world.office.settings.office_name() == "澄溪区人民政府办公室"


def test_read_only_opens_topics_and_meetings_to_look(qtbot, world: World, runner: OpRunner) -> None:
    p = _pages(qtbot, world, runner, "reader")
    topic = p.topics.open_topic(world.topic)
    wait_idle(qtbot, runner)
    assert not any(offered(*topic.action_buttons.values()))
    assert not topic.action_buttons[Action.APPROVE].parentWidget().isVisible()  # no empty 办理 box
    assert offered(topic.materials.add_button, topic.materials.replace_button, topic.materials.open_button) \
        == [False, False, True]
    meeting = p.meetings.open_meeting(world.meeting)
    wait_idle(qtbot, runner)
    assert offered(meeting.edit_button, meeting.held_button, meeting.cancel_button, meeting.agenda.add_button,
                   meeting.agenda.remove_button, meeting.roster.generate_button, meeting.roster.legend,
                   meeting.leaves.request_button, meeting.leaves.decide_button) == [False] * 9
    assert not meeting.roster.may_mark and not meeting.agenda.model.movable
    assert offered(meeting.documents.print_button) == [True]  # meeting documents print for everyone


def test_read_only_minutes_open_read_only_and_classified_stay_on_screen(qtbot, world: World,
                                                                         runner: OpRunner) -> None:
    p = _pages(qtbot, world, runner, "reader")
    draft = minutes_window(qtbot, p, runner, world.draft)
    assert draft.editor.opening_edit.isReadOnly() and draft.editor.blocks[0].heading_edit.isReadOnly()
    assert offered(draft.save_button, draft.editor.add_section_button) == [False, False]
    assert "只读账户只能查看" in draft.locked_label.text() and not draft.locked_label.isHidden()
    assert signoff_buttons(draft) == [False, False, False, False, False, False, True]

    issued = minutes_window(qtbot, p, runner, world.issued)
    preview(qtbot, issued, runner)
    buttons = (issued.preview.open_button, issued.preview.save_button, issued.preview.print_button)
    assert [b.isEnabled() for b in buttons] == [False, False, False]
    assert all(b.toolTip().startswith("只读账户不能打印、另存") for b in buttons)
    issued.show_register()  # the register may be read, no copy reprinted
    wait_idle(qtbot, runner)
    [register] = windows(CopyRegisterDialog)
    assert register.model.rowCount() == 3 and register.reprint_button.isHidden()  # the 印数 planned: 1 printed
    register.close()


def test_read_only_follow_up_summary_leaves_out_classified_minutes(qtbot, world: World, runner: OpRunner,  # type: ignore[no-untyped-def]
                                                                    tmp_path: Path, monkeypatch) -> None:
    p = _pages(qtbot, world, runner, "reader")
    assert p.followup.model.rowCount() == 2  # the items of the 机密 minutes stay on screen
    assert "不含涉密纪要" in p.followup.export_button.toolTip()
    said, body = export_summary(qtbot, p, runner, tmp_path / "汇总.pdf", monkeypatch)
    assert "本汇总不含涉密纪要的2项督办事项（当前账户无权打印涉密内容）" in said
    assert "本汇总不含涉密纪要的2项督办事项（当前账户无权打印涉密内容）" in body
    assert "共0项" in body and "议题甲" not in body and "议题乙" not in body


def test_secretary_follow_up_summary_has_every_item(qtbot, world: World, runner: OpRunner,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path, monkeypatch) -> None:
    p = _pages(qtbot, world, runner, "clerk")
    assert "不含涉密纪要" not in p.followup.export_button.toolTip()
    said, body = export_summary(qtbot, p, runner, tmp_path / "汇总.pdf", monkeypatch)
    assert "本汇总不含" not in said and "本汇总不含" not in body
    assert "共2项" in body and "议题甲" in body


def test_reviewer_records_review_and_decisions_but_creates_nothing(qtbot, world: World, runner: OpRunner) -> None:
    p = _pages(qtbot, world, runner, "reviewer")
    assert offered(*new_buttons(p)) == [False] * 8
    assert [page.can_create for page in (p.topics, p.meetings, p.minutes, p.roster)] == [False] * 4
    assert role_note(p.topics).startswith("审核账户")
    assert offered(p.meetings.leave_tab.list.decide_button, p.meetings.absence_tab.inform_button) == [True, False]

    topic = p.topics.open_topic(world.topic)
    wait_idle(qtbot, runner)
    shown = [action for action, button in topic.action_buttons.items() if not button.isHidden()]
    assert shown == [Action.APPROVE, Action.CONFIRM]
    assert topic.action_buttons[Action.APPROVE].parentWidget().isVisible()
    assert offered(topic.materials.add_button) == [False]

    meeting = p.meetings.open_meeting(world.meeting)
    wait_idle(qtbot, runner)
    assert offered(meeting.leaves.decide_button, meeting.leaves.request_button, meeting.edit_button) \
        == [True, False, False]

    draft = minutes_window(qtbot, p, runner, world.draft)
    assert signoff_buttons(draft) == [True, True, True, True, False, False, True]
    assert draft.editor.opening_edit.isReadOnly() and draft.save_button.isHidden()  # the text is the office's
    assert "审核账户只能录入核稿和领导意见" in draft.locked_label.text()

    issued = minutes_window(qtbot, p, runner, world.issued)
    preview(qtbot, issued, runner)
    # a reviewer saves and prints registered copies; no account opens classified minutes elsewhere
    assert issued.preview.save_button.isEnabled() and issued.preview.print_button.toolTip() == ""
    assert not issued.preview.open_button.isEnabled()
    assert issued.preview.open_button.toolTip().startswith("涉密纪要不在外部 PDF 阅读器中打开")


# --- 秘书 ------------------------------------------------------------------------------------------

def test_secretary_does_the_workflow_but_not_settings_or_accounts(qtbot, world: World, runner: OpRunner) -> None:
    p = _pages(qtbot, world, runner, "clerk")
    assert offered(*new_buttons(p)) == [True] * 8
    assert [page.can_create for page in (p.topics, p.meetings, p.minutes, p.roster)] == [True] * 4
    assert all(role_note(page) == "" for page in p.all())
    p.topics.new_item()  # Ctrl+N 报送议题
    wait_idle(qtbot, runner)
    [submit] = windows(SubmitDialog)
    submit.reject()

    s = p.settings
    assert s.name_edit.isReadOnly() and s.name_edit.toolTip() == "设置只能由管理员修改"
    assert offered(s.save_button, s.accounts_button) == [False, False]
    assert not any(offered(*s.fonts_box.findChildren(QPushButton)))
    assert s.data_safety.backup.backup_button.isEnabled()  # backups are the secretary's too
    assert not s.data_safety.backup.keep_spin.isEnabled()  # how many are kept is a setting

    topic = p.topics.open_topic(world.topic)
    wait_idle(qtbot, runner)
    # Every step is offered; 改由召集会议的领导确定 only on 专题 topics (art. 42), which this one is not.
    assert all(offered(*(b for a, b in topic.action_buttons.items() if a is not Action.RECONFIRM)))
    draft = minutes_window(qtbot, p, runner, world.draft)
    assert not draft.editor.opening_edit.isReadOnly() and not draft.save_button.isHidden()
    assert draft.locked_label.isHidden()
    assert all(signoff_buttons(draft))


# --- 管理员 ----------------------------------------------------------------------------------------

def test_administrator_sees_everything(qtbot, world: World, runner: OpRunner) -> None:
    p = _pages(qtbot, world, runner, "admin")
    assert offered(*new_buttons(p)) == [True] * 8
    s = p.settings
    assert not s.name_edit.isReadOnly() and s.name_edit.toolTip() == ""
    assert offered(s.save_button, s.accounts_button) == [True, True]
    assert all(offered(*s.fonts_box.findChildren(QPushButton)))
    assert s.data_safety.backup.keep_spin.isEnabled()
    assert all(role_note(page) == "" for page in p.all())
    assert offered(p.followup.detail.note_button, p.roster.people.edit_button, p.roster.template_button) == [True] * 3
    s.name_edit.setText("澄溪区人民政府办公室（新）")
    s.save_name()
    wait_idle(qtbot, runner)
    assert world.office.settings.office_name() == "澄溪区人民政府办公室（新）"
    for box in windows(QDialog):
        box.close()
