"""Issue 12 §7 in the windows: a deputy's signature shown on the art. 43 line, the flag named
区政府规范性文件, the 专题 legality review shown as office practice, the re-confirmation of a 专题
topic by the leader who will convene, and the administrator's switch in 设置."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from core.model.enums import Flag, MeetingKind, Post
from core.office import Office
from core.rules.topics import Action
from core.services.accounts import Role
from gui.ops import OpRunner
from gui.settings_page import SettingsPage
from gui.topics.decision_dialogs import ReconfirmDialog
from gui.topics.page import TopicsPage
from gui.topics.submit_dialog import SubmitDialog
from gui.topics.topic_window import TopicWindow
from tests.core.conftest import START, District, build_district
from tests.gui.helpers import wait_idle, windows

OPINIONS = "各涉及部门的协调意见均由主要负责人签署"
LEGALITY = "经区司法局合法性审查通过（专题会议议题，办公室惯例）"


@pytest.fixture
def district(office: Office) -> District:
    d = build_district(office)
    deputy = office.roster.add_person("戊副局长")
    office.roster.appoint(deputy, Post.DEPUTY_HEAD, START, department_id=d.finance)
    return d


def submit(office: Office, d: District, **kw: object) -> int:
    values: dict[str, object] = dict(title="关于城区交通组织的议题", lead_department_id=d.transport,
                                     target=MeetingKind.EXECUTIVE, submitted_on=dt.date(2026, 6, 1))
    values.update(kw)
    return office.topics.submit(**values)  # type: ignore[arg-type]


def open_window(qtbot, office: Office, runner: OpRunner, topic_id: int) -> TopicWindow:  # type: ignore[no-untyped-def]
    page = TopicsPage(office, runner)
    qtbot.addWidget(page)
    page.show()
    wait_idle(qtbot, runner)
    window = page.open_topic(topic_id)
    wait_idle(qtbot, runner)
    assert window.detail is not None
    return window


def label_texts(window: TopicWindow) -> str:
    return "\n".join(label.text() for label in window.checklist.findChildren(QLabel))


def test_deputy_signature_is_shown_on_the_checklist_line(
        qtbot, office: Office, district: District, runner: OpRunner) -> None:
    d = district
    tid = submit(office, d, involved=[d.finance])
    deputy = next(p.id for p in office.roster.people() if p.name == "戊副局长")
    office.topics.record_opinion(tid, d.finance, agrees=True, signed_on=dt.date(2026, 6, 2), signer_id=deputy,
                                 other_signer_reason="局长出差")
    window = open_window(qtbot, office, runner, tid)
    assert (True, OPINIONS, "依据《工作规则》第四十三条") in window.checklist.lines_text()
    note = "区财政局由副职签署（戊副局长），理由：局长出差"
    assert window.checklist.note_of(OPINIONS) == note
    assert note in label_texts(window)
    [exported] = [n for n in office.topics.checklists()[tid]["needs"] if n["text"] == OPINIONS]
    assert exported["note"] == note  # the export says the same


def test_flag_is_named_as_the_district_governments_normative_document(
        qtbot, office: Office, district: District, runner: OpRunner) -> None:
    tid = submit(office, district, flags=[Flag.NORMATIVE])
    window = open_window(qtbot, office, runner, tid)
    assert window.details.labels["flags"].text() == "区政府规范性文件"
    dialog = SubmitDialog(office, runner, [])
    qtbot.addWidget(dialog)
    box = dialog.flag_boxes[Flag.NORMATIVE]
    assert box.text() == "区政府规范性文件"


def test_thematic_legality_line_is_practice_and_reconfirmation_moves_the_topic(
        qtbot, office: Office, district: District, runner: OpRunner) -> None:
    d = district
    tid = submit(office, d, target=MeetingKind.THEMATIC, flags=[Flag.LAWS])
    window = open_window(qtbot, office, runner, tid)
    assert (False, LEGALITY, "《工作规则》未作规定，按办公室惯例") in window.checklist.lines_text()
    reconfirm = window.action_buttons[Action.RECONFIRM]
    assert not reconfirm.isHidden() and not reconfirm.isEnabled()
    assert "尚未确定" in reconfirm.toolTip()

    office.topics.record_legality_review(tid, reviewer_department_id=d.justice, passed=True,
                                         reviewed_on=dt.date(2026, 6, 3))
    office.topics.confirm(tid, decided_on=dt.date(2026, 6, 4), decider_id=d.vice_a)
    window.reload()
    wait_idle(qtbot, runner)
    assert window.details.labels["confirmed"].text() == "丙副区长，2026-06-04"
    assert reconfirm.isEnabled()
    reconfirm.click()
    wait_idle(qtbot, runner)
    [dialog] = windows(ReconfirmDialog)
    assert isinstance(dialog, ReconfirmDialog)
    assert "丙副区长" in dialog.hint.text() and "第四十二条" in dialog.hint.text()
    dialog.date_edit.set_day(dt.date(2026, 6, 5))
    wait_idle(qtbot, runner)
    dialog.ok_button.click()  # nobody chosen yet
    assert dialog.isVisible() and "请选择" in dialog.error.text()
    dialog.person_combo.set_value(d.vice_b)
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    assert windows(ReconfirmDialog) == [], dialog.error.text()
    assert window.details.labels["confirmed"].text() == "丁副区长，2026-06-05"
    assert any(h.what == "改由召集会议的领导确定，丁副区长" for h in window.detail.history)  # type: ignore[union-attr]


def test_reconfirmation_is_not_offered_for_other_meetings(
        qtbot, office: Office, district: District, runner: OpRunner) -> None:
    window = open_window(qtbot, office, runner, submit(office, district))
    assert window.action_buttons[Action.RECONFIRM].isHidden()


def settings_page(qtbot, office: Office, runner: OpRunner) -> SettingsPage:  # type: ignore[no-untyped-def]
    page = SettingsPage(office, runner)
    qtbot.addWidget(page)
    page.show()
    wait_idle(qtbot, runner)
    return page


def test_administrator_switches_the_practice_off_after_confirming(
        qtbot, office: Office, district: District, runner: OpRunner) -> None:
    office.accounts.create_first_admin("admin", "Admin#2026x")
    office.log_in("admin", "Admin#2026x")
    tid = submit(office, district, target=MeetingKind.THEMATIC, flags=[Flag.LAWS])
    page = settings_page(qtbot, office, runner)
    box = page.thematic_legality
    assert box.isEnabled() and box.isChecked()

    box.click()  # off: asked first
    [question] = windows(QMessageBox, "confirmBox")
    assert isinstance(question, QMessageBox)
    assert box.isChecked()  # nothing changed yet
    question.reject()
    wait_idle(qtbot, runner)
    assert box.isChecked() and office.settings.thematic_legality_review()

    box.click()
    [question] = windows(QMessageBox, "confirmBox")
    assert isinstance(question, QMessageBox)
    next(b for b in question.buttons() if b.text() == "关闭").click()
    wait_idle(qtbot, runner)
    assert not box.isChecked() and not office.settings.thematic_legality_review()
    assert not any(c.text.startswith("经区司法局合法性审查通过") for c in office.topics.detail(tid).checklist)
    for info in windows(QMessageBox, "infoBox"):
        info.close()

    box.click()  # on again: no question
    wait_idle(qtbot, runner)
    assert box.isChecked() and office.settings.thematic_legality_review()


def test_a_secretary_sees_the_switch_but_cannot_change_it(
        qtbot, office: Office, district: District, runner: OpRunner) -> None:
    office.accounts.create_first_admin("admin", "Admin#2026x")
    office.log_in("admin", "Admin#2026x")
    office.accounts.add("clerk", Role.SECRETARY, "Clerk#2026x")
    office.log_in("clerk", "Clerk#2026x")
    page = settings_page(qtbot, office, runner)
    assert not page.thematic_legality.isEnabled() and page.thematic_legality.toolTip()
    assert page.thematic_legality.isChecked()
