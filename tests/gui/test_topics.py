"""议题: submitting through the dialog, filters and search, the topic page's checklist with articles,
disabled actions saying why, reviews and opinions through their dialogs, a refusal's Chinese message,
and material copies removed when the page closes."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from core.model.enums import (
    DelegationScope,
    EscalationResult,
    Flag,
    MeetingKind,
    Post,
    RefusalReason,
    TopicStatus,
    WaitingOn,
)
from core.office import Office
from core.rules.topics import Action
from gui.ops import OpRunner
from gui.topics import materials_panel
from gui.topics.action_base import ActionDialog
from gui.topics.coordination_dialogs import DisagreementDialog, EscalateDialog, OpinionDialog
from gui.topics.decision_dialogs import (
    ApproveDialog,
    ArrangeDialog,
    ConfirmDialog,
    RefuseDialog,
    ReopenDialog,
    WithdrawDialog,
)
from gui.topics.page import TopicsPage
from gui.topics.review_dialogs import LegalityReviewDialog, ResubmitDialog
from gui.topics.submit_dialog import SubmitDialog
from gui.topics.topic_window import TopicWindow
from tests.core.conftest import START, TODAY, District, build_district
from tests.gui.helpers import wait_idle, windows


@pytest.fixture
def district(office: Office) -> District:
    d = build_district(office)
    deputy = office.roster.add_person("戊副局长")  # another signer for the finance bureau's opinions
    office.roster.appoint(deputy, Post.DEPUTY_HEAD, START, department_id=d.finance)
    return d


def submit(office: Office, d: District, title: str = "关于调整城区公交线路的议题", **kw: object) -> int:
    values: dict[str, object] = dict(title=title, lead_department_id=d.transport, target=MeetingKind.EXECUTIVE,
                                     submitted_on=dt.date(2026, 6, 1))
    values.update(kw)
    return office.topics.submit(**values)  # type: ignore[arg-type]


def _page(qtbot, office: Office, runner: OpRunner) -> TopicsPage:  # type: ignore[no-untyped-def]
    page = TopicsPage(office, runner)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    wait_idle(qtbot, runner)
    return page


def _open(qtbot, page: TopicsPage, runner: OpRunner, topic_id: int) -> TopicWindow:  # type: ignore[no-untyped-def]
    """Select the topic in the list and press Enter, as a secretary would."""
    row = page.model.row_of_id(topic_id)
    assert row >= 0
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(row, 1))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    wait_idle(qtbot, runner)
    window = page.windows[topic_id]
    assert window.isVisible() and window.detail is not None and window.detail.id == topic_id
    return window


def _error_text() -> str:
    boxes = windows(QMessageBox, "errorBox")
    assert len(boxes) == 1, "expected one error message"
    box = boxes[0]
    assert isinstance(box, QMessageBox)
    text = box.text()
    box.close()
    return text


def _answer_confirm(yes: bool) -> str:
    [box] = windows(QMessageBox, "confirmBox")
    assert isinstance(box, QMessageBox)
    role = QMessageBox.ButtonRole.AcceptRole if yes else QMessageBox.ButtonRole.RejectRole
    text = box.text()
    next(b for b in box.buttons() if box.buttonRole(b) == role).click()
    return text


# --- the list ---------------------------------------------------------------------------------------

def test_submit_through_the_dialog(qtbot, office: Office, district: District, runner: OpRunner) -> None:
    d = district
    page = _page(qtbot, office, runner)
    assert page.model.rows == []
    assert "还没有议题" in page.count_label.text()

    page.new_item()  # what Ctrl+N calls
    wait_idle(qtbot, runner)
    [dialog] = windows(SubmitDialog)
    assert isinstance(dialog, SubmitDialog)
    assert dialog.submitted_edit.day() == TODAY  # dates default to the service's today
    dialog.title_edit.setText("关于审议《城区停车设施建设规划》的议题")
    dialog.lead_combo.set_value(d.transport)
    dialog.involved.search_edit.setText("财政")  # the picker narrows by name
    visible = [dialog.involved.list.item(i).text() for i in range(dialog.involved.list.count())
               if not dialog.involved.list.item(i).isHidden()]
    assert visible == ["区财政局"]
    dialog.involved.set_checked([d.finance, d.ndrc, d.transport])  # the lead itself is dropped
    assert sorted(dialog.involved.checked_ids()) == sorted([d.finance, d.ndrc])
    dialog.flag_boxes[Flag.LAWS].setChecked(True)
    dialog.target_combo.set_value(MeetingKind.EXECUTIVE)
    dialog.contact_edit.setText("王明 13800000000")

    # a major matter for the mayor's office meeting: the service refuses with art. 20, nothing written
    dialog.flag_boxes[Flag.MAJOR].setChecked(True)
    assert dialog.category_combo.isEnabled()
    dialog.category_combo.set_value("重大规划")
    dialog.target_combo.set_value(MeetingKind.MAYOR_OFFICE)
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    message = _error_text()
    assert "重大事项" in message and "第二十条" in message
    assert dialog.isVisible() and office.topics.topics() == []

    dialog.flag_boxes[Flag.MAJOR].setChecked(False)
    dialog.target_combo.set_value(MeetingKind.EXECUTIVE)
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    assert windows(SubmitDialog) == []
    [row] = office.topics.topics()
    detail = office.topics.detail(row.id)
    assert detail.title == "关于审议《城区停车设施建设规划》的议题"
    assert {name for _id, name in detail.involved} == {"区财政局", "区发展改革委"}
    assert detail.flags == frozenset({Flag.LAWS}) and detail.contact == "王明 13800000000"
    assert detail.submitted_on == TODAY and detail.supervisor == "丙副区长"
    assert [r.id for r in page.model.rows] == [row.id]
    selected = page.selected_row()
    assert selected is not None and selected.id == row.id  # the new topic is selected
    assert page.status_buttons[TopicStatus.SUBMITTED].text() == "已报送 1"


def test_filters_and_search_narrow_the_list(qtbot, office: Office, district: District, runner: OpRunner) -> None:
    d = district
    bus = submit(office, d, "关于调整城区公交线路的议题", involved=[d.finance])
    budget = submit(office, d, "关于区级财政预算调整方案的议题", lead_department_id=d.finance,
                    target=MeetingKind.PLENARY)
    park = submit(office, d, "关于停车场收费标准的议题", target=MeetingKind.THEMATIC, flags=[Flag.LAWS])
    office.topics.withdraw(park, decided_on=dt.date(2026, 6, 2))
    page = _page(qtbot, office, runner)
    assert {r.id for r in page.model.rows} == {bus, budget, park}
    assert page.status_buttons[None].text() == "全部 3"
    assert page.status_buttons[TopicStatus.WITHDRAWN].text() == "已撤回 1"

    def ids() -> set[int]:
        return {r.id for r in page.model.rows}

    # the search box is debounced: typing does not query until the pause
    page.search_edit.setText("财政")
    assert ids() == {bus, budget, park}
    qtbot.waitUntil(lambda: ids() == {budget}, timeout=3000)
    wait_idle(qtbot, runner)
    page.search_edit.setText("不存在的议题")
    qtbot.waitUntil(lambda: ids() == set(), timeout=3000)
    wait_idle(qtbot, runner)
    assert "没有符合筛选条件的议题" in page.count_label.text()
    page.clear_filters()
    wait_idle(qtbot, runner)
    assert ids() == {bus, budget, park}

    # 单位: lead or involved
    page.department_combo.set_value(d.finance)
    wait_idle(qtbot, runner)
    assert ids() == {bus, budget}
    page.clear_filters()
    wait_idle(qtbot, runner)

    page.status_buttons[TopicStatus.WITHDRAWN].click()
    wait_idle(qtbot, runner)
    assert ids() == {park}
    page.status_buttons[None].click()
    wait_idle(qtbot, runner)

    page.target_combo.set_value(MeetingKind.PLENARY)
    wait_idle(qtbot, runner)
    assert ids() == {budget}
    page.clear_filters()
    wait_idle(qtbot, runner)

    page.supervisor_combo.set_value(d.vice_a)
    wait_idle(qtbot, runner)
    assert ids() == {bus, park}
    page.clear_filters()
    wait_idle(qtbot, runner)

    page.waiting_combo.set_value(WaitingOn.INVOLVED_DEPARTMENTS)
    wait_idle(qtbot, runner)
    assert ids() == {bus}
    page.waiting_combo.set_value(WaitingOn.NOBODY)
    wait_idle(qtbot, runner)
    assert ids() == {park}


# --- the topic page ---------------------------------------------------------------------------------

def test_topic_page_checklist_cites_articles_and_disabled_actions_say_why(
        qtbot, office: Office, district: District, runner: OpRunner) -> None:
    d = district
    tid = submit(office, d, involved=[d.finance], flags=[Flag.LAWS])
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, tid)

    lines = window.checklist.lines_text()
    assert (False, "经区司法局合法性审查通过", "依据《工作规则》第四十二条") in lines
    assert (False, "各涉及部门的协调意见均由主要负责人签署", "依据《工作规则》第四十三条") in lines
    assert all(citation.startswith("依据《工作规则》第") for _done, _text, citation in lines)
    assert "区司法局" in window.status_label.text()  # whose move it is

    approve = window.action_buttons[Action.APPROVE]
    assert not approve.isEnabled()
    assert "合法性审查" in approve.toolTip() and "第四十二条" in approve.toolTip()
    review = window.action_buttons[Action.LEGALITY_REVIEW]
    assert review.isEnabled() and review.toolTip() == ""
    assert "第四十三条" in window.action_buttons[Action.ESCALATE].toolTip()

    # one row per involved department, not signed yet
    assert [(o.department, o.agrees) for o in window.opinions_model.rows] == [("区财政局", None)]
    assert window.opinions_model.index(0, 1).data() == "未签署"

    # opening the same topic again brings the same page forward
    assert page.open_topic(tid) is window


def test_legality_review_and_opinion_through_the_dialogs(
        qtbot, office: Office, district: District, runner: OpRunner) -> None:
    d = district
    tid = submit(office, d, involved=[d.finance], flags=[Flag.LAWS])
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, tid)

    window.action_buttons[Action.LEGALITY_REVIEW].click()
    wait_idle(qtbot, runner)
    [review] = windows(LegalityReviewDialog)
    assert isinstance(review, LegalityReviewDialog)
    assert review.reviewer_combo.value() == d.justice  # the designated reviewer, preselected
    assert review.day == TODAY
    review.returned_radio.setChecked(True)  # returned without comments: the service says what is missing
    review.ok_button.click()
    wait_idle(qtbot, runner)
    assert "审查意见" in _error_text()
    review.passed_radio.setChecked(True)
    review.date_edit.set_day(dt.date(2026, 6, 5))
    wait_idle(qtbot, runner)
    review.ok_button.click()
    wait_idle(qtbot, runner)
    assert windows(LegalityReviewDialog) == []
    assert (True, "经区司法局合法性审查通过", "依据《工作规则》第四十二条") in window.checklist.lines_text()
    assert not window.action_buttons[Action.LEGALITY_REVIEW].isEnabled()
    assert "已通过" in window.action_buttons[Action.LEGALITY_REVIEW].toolTip()

    window.action_buttons[Action.OPINION].click()
    wait_idle(qtbot, runner)
    [opinion] = windows(OpinionDialog)
    assert isinstance(opinion, OpinionDialog)
    assert opinion.department_combo.value() == d.finance
    assert opinion.signer_combo.value() == d.heads[d.finance]  # the principal head on that date
    assert "财政局长" in opinion.head_label.text()
    assert not opinion.reason_edit.isEnabled()

    # another signer needs a reason
    deputy = next(p.id for p in office.roster.people() if p.name == "戊副局长")
    opinion.signer_combo.set_value(deputy)
    assert opinion.reason_edit.isEnabled()
    opinion.disagree_radio.setChecked(True)
    opinion.text_edit.setPlainText("建议暂缓调整")
    opinion.ok_button.click()
    assert "第四十三条" in opinion.error.text() and opinion.isVisible()
    opinion.reason_edit.setPlainText("局长出差，由副局长代签")
    opinion.ok_button.click()
    wait_idle(qtbot, runner)
    assert windows(OpinionDialog) == []

    [row] = window.opinions_model.rows
    assert (row.agrees, row.signer_name, row.signer_is_principal) == (False, "戊副局长", False)
    assert window.opinions_model.index(0, 1).data() == "不同意"
    assert window.opinions_model.index(0, 4).data() == "非主要负责人签署"
    assert "局长出差，由副局长代签" in window.opinions_model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert (True, "各涉及部门的协调意见均由主要负责人签署", "依据《工作规则》第四十三条") in window.checklist.lines_text()
    assert window.action_buttons[Action.ESCALATE].isEnabled()  # a disagreement: escalate next
    assert any("协调意见" in h.what for h in window.detail.history)  # type: ignore[union-attr]
    assert page.model.rows[0].waiting_on is WaitingOn.SUPERVISOR  # the list reloaded


def test_refusal_shows_the_chinese_message_and_asks_first(
        qtbot, office: Office, district: District, runner: OpRunner) -> None:
    d = district
    tid = submit(office, d)  # only the lead department: coordination is complete
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, tid)

    window.action_buttons[Action.REFUSE].click()
    wait_idle(qtbot, runner)
    [dialog] = windows(RefuseDialog)
    assert isinstance(dialog, RefuseDialog)
    dialog.ok_button.click()  # no reason chosen
    assert "第四十二条" in dialog.error.text()
    dialog.reason_combo.set_value(RefusalReason.NOT_COORDINATED)
    dialog.ok_button.click()
    assert "不予安排" in _answer_confirm(yes=True)
    wait_idle(qtbot, runner)
    message = _error_text()
    assert "会前未经协调" in message and "第四十二条" in message
    assert office.topics.detail(tid).status is TopicStatus.SUBMITTED

    # cancelling the confirmation writes nothing
    dialog.reason_combo.set_value(RefusalReason.OWN_AUTHORITY)
    dialog.ok_button.click()
    _answer_confirm(yes=False)
    wait_idle(qtbot, runner)
    assert dialog.isVisible() and office.topics.detail(tid).status is TopicStatus.SUBMITTED

    dialog.ok_button.click()
    _answer_confirm(yes=True)
    wait_idle(qtbot, runner)
    assert windows(RefuseDialog) == []
    assert office.topics.detail(tid).status is TopicStatus.REFUSED
    assert TopicStatus.REFUSED.value in window.status_label.text()
    assert window.action_buttons[Action.REOPEN].isEnabled()
    assert not window.action_buttons[Action.WITHDRAW].isEnabled()
    assert page.model.rows[0].status is TopicStatus.REFUSED


def test_withdrawal_asks_first(qtbot, office: Office, district: District, runner: OpRunner) -> None:
    tid = submit(office, district)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, tid)
    window.action_buttons[Action.WITHDRAW].click()
    wait_idle(qtbot, runner)
    [dialog] = windows(WithdrawDialog)
    assert isinstance(dialog, WithdrawDialog)
    dialog.ok_button.click()
    assert "撤回" in _answer_confirm(yes=True)
    wait_idle(qtbot, runner)
    assert office.topics.detail(tid).status is TopicStatus.WITHDRAWN


def test_material_copy_is_private_and_removed_when_the_page_closes(
        qtbot, office: Office, district: District, runner: OpRunner, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[Path] = []

    def viewer(path: Path) -> bool:
        shown.append(path)
        return True

    monkeypatch.setattr(materials_panel, "open_in_viewer", viewer)
    tid = submit(office, district)
    source = tmp_path / "方案（送审稿）.txt"
    source.write_bytes("第一稿".encode())
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, tid)

    window.materials.add_file(source)
    wait_idle(qtbot, runner)
    [material] = window.materials.model.rows
    assert material.name == "方案（送审稿）.txt" and material.current

    window.materials.select_id(material.id)
    window.materials.open_button.click()
    wait_idle(qtbot, runner)
    [copy] = shown
    assert copy.read_bytes() == "第一稿".encode() and copy.name == "方案（送审稿）.txt"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    directory = window.copies.directory
    assert directory is not None and stat.S_IMODE(directory.stat().st_mode) == 0o700

    # replacing keeps the old version listed
    second = tmp_path / "方案（修改稿）.txt"
    second.write_bytes("第二稿".encode())
    window.materials.replace_file(material.id, second)
    wait_idle(qtbot, runner)
    versions = {m.name: m.current for m in window.materials.model.rows}
    assert versions == {"方案（送审稿）.txt": False, "方案（修改稿）.txt": True}
    old_row = window.materials.model.row_of_id(material.id)
    assert window.materials.model.index(old_row, 2).data() == "旧版本"

    window.close()
    wait_idle(qtbot, runner)
    assert not copy.exists() and not directory.exists()


def test_copies_left_behind_are_removed_at_exit(tmp_path: Path) -> None:
    from gui import temp_area
    from gui.topics import temp_copies

    copies = temp_copies.TempCopies()
    path = copies.write(7, "../../逃逸/纪要.docx", b"data")
    assert path.name == "_.._逃逸_纪要.docx"  # a plain name inside the private folder, never a path
    assert path.parent.parent == copies.directory
    temp_area.area().close()  # what the quit and atexit run
    assert not path.exists() and copies.directory is not None and not copies.directory.exists()


def test_main_window_shows_the_topic_library(qtbot, office: Office, district: District, runner: OpRunner) -> None:
    from gui.main_window import MainWindow

    tid = submit(office, district)
    window = MainWindow(office, runner)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    window.show_page("议题")
    wait_idle(qtbot, runner)  # a page reads its data when first shown
    page = window.stack.currentWidget()
    assert isinstance(page, TopicsPage)
    assert [r.id for r in page.model.rows] == [tid]
    assert window.new_action.isEnabled() and window.search_action.isEnabled()
    window.new_action.trigger()  # Ctrl+N
    wait_idle(qtbot, runner)
    assert len(windows(SubmitDialog)) == 1


def _dialog(qtbot, window: TopicWindow, runner: OpRunner, action: Action, kind: type[ActionDialog],  # type: ignore[no-untyped-def]
            day: dt.date) -> ActionDialog:
    button = window.action_buttons[action]
    assert button.isEnabled(), button.toolTip()
    button.click()
    wait_idle(qtbot, runner)
    [dialog] = windows(kind)
    assert isinstance(dialog, kind)
    dialog.date_edit.set_day(day)
    wait_idle(qtbot, runner)  # look-ups that follow the date
    return dialog


def _save(qtbot, dialog: ActionDialog, runner: OpRunner) -> None:  # type: ignore[no-untyped-def]
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    assert windows(type(dialog)) == [], dialog.error.text()


def test_the_whole_path_through_the_dialogs(qtbot, office: Office, district: District, runner: OpRunner) -> None:
    """Issue 3's walk: laws, two departments, one disagreement, escalation, an acting approver,
    arrangement, the mayor's confirmation — each step through its dialog, the page saying what is missing."""
    d = district
    office.roster.add_delegation(d.vice_a, d.vice_b, DelegationScope.PORTFOLIO, dt.date(2026, 6, 14),
                                 dt.date(2026, 6, 20), "外出学习")
    tid = submit(office, d, involved=[d.finance, d.ndrc], flags=[Flag.LAWS])
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, tid)

    def open_lines() -> list[str]:
        return [text for done, text, _citation in window.checklist.lines_text() if not done]

    review = _dialog(qtbot, window, runner, Action.LEGALITY_REVIEW, LegalityReviewDialog, dt.date(2026, 6, 3))
    assert isinstance(review, LegalityReviewDialog)
    review.returned_radio.setChecked(True)
    review.comments_edit.setPlainText("第三条缺少上位法依据")
    _save(qtbot, review, runner)
    assert TopicStatus.RETURNED.value in window.status_label.text()
    assert "主办部门" in window.status_label.text()

    _save(qtbot, _dialog(qtbot, window, runner, Action.RESUBMIT, ResubmitDialog, dt.date(2026, 6, 5)), runner)
    review = _dialog(qtbot, window, runner, Action.LEGALITY_REVIEW, LegalityReviewDialog, dt.date(2026, 6, 8))
    _save(qtbot, review, runner)
    assert "经区司法局合法性审查通过" not in open_lines()

    opinion = _dialog(qtbot, window, runner, Action.OPINION, OpinionDialog, dt.date(2026, 6, 9))
    assert isinstance(opinion, OpinionDialog)
    opinion.department_combo.set_value(d.finance)
    wait_idle(qtbot, runner)
    assert opinion.signer_combo.value() == d.heads[d.finance]
    _save(qtbot, opinion, runner)
    # the remaining department, from its row in the coordination panel
    window.tabs.setCurrentIndex(0)
    ndrc_row = next(i for i, o in enumerate(window.opinions_model.rows) if o.department_id == d.ndrc)
    cell = window.opinions.visualRect(window.opinions_model.index(ndrc_row, 0)).center()
    qtbot.mouseClick(window.opinions.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(window.opinions.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    wait_idle(qtbot, runner)
    [second] = windows(OpinionDialog)
    assert isinstance(second, OpinionDialog)
    opinion = second
    assert opinion.department_combo.value() == d.ndrc
    opinion.date_edit.set_day(dt.date(2026, 6, 9))
    wait_idle(qtbot, runner)
    assert opinion.signer_combo.value() == d.heads[d.ndrc]
    opinion.disagree_radio.setChecked(True)
    opinion.text_edit.setPlainText("建议暂缓调整")
    _save(qtbot, opinion, runner)
    assert "意见不一致的，报分管副区长协调" in open_lines()
    assert "分管副区长" in window.status_label.text()

    escalate = _dialog(qtbot, window, runner, Action.ESCALATE, EscalateDialog, dt.date(2026, 6, 10))
    assert isinstance(escalate, EscalateDialog)
    assert escalate.leader_label.text() == "丙副区长"
    escalate.result_buttons[EscalationResult.DIVERGENT].setChecked(True)
    _save(qtbot, escalate, runner)
    assert "仍有分歧的，主办部门说明分歧意见并提出倾向性意见" in open_lines()
    assert not window.action_buttons[Action.ARRANGE].isEnabled()

    statement = _dialog(qtbot, window, runner, Action.STATE_DISAGREEMENT, DisagreementDialog, dt.date(2026, 6, 11))
    assert isinstance(statement, DisagreementDialog)
    statement.disagreement_edit.setPlainText("区发展改革委认为应暂缓")
    statement.position_edit.setPlainText("按原方案实施")
    _save(qtbot, statement, runner)
    assert open_lines() == ["区政府分管领导审核同意", "区政府办公室统筹安排", "报区长确定"]

    # the supervisor is away: the picker lists the AB partner acting under the delegation
    approve = _dialog(qtbot, window, runner, Action.APPROVE, ApproveDialog, dt.date(2026, 6, 15))
    assert isinstance(approve, ApproveDialog)
    assert approve.person_combo.value() == d.vice_a
    assert [approve.person_combo.itemData(i) for i in range(approve.person_combo.count())] == [d.vice_a, d.vice_b]
    assert "委托" in approve.person_combo.itemText(1) and "第五条" in approve.hint.text()
    approve.person_combo.set_value(d.vice_b)
    _save(qtbot, approve, runner)
    assert any("丁副区长（受丙副区长委托）" in h.what for h in window.detail.history)  # type: ignore[union-attr]

    _save(qtbot, _dialog(qtbot, window, runner, Action.ARRANGE, ArrangeDialog, dt.date(2026, 6, 16)), runner)
    confirm_dialog = _dialog(qtbot, window, runner, Action.CONFIRM, ConfirmDialog, dt.date(2026, 6, 17))
    assert isinstance(confirm_dialog, ConfirmDialog)
    assert confirm_dialog.person_combo.value() == d.mayor
    _save(qtbot, confirm_dialog, runner)

    assert office.topics.detail(tid).status is TopicStatus.CONFIRMED
    assert open_lines() == []
    assert TopicStatus.CONFIRMED.value in window.status_label.text()
    enabled = [a for a, b in window.action_buttons.items() if b.isEnabled()]
    assert Action.CONFIRM not in enabled and Action.APPROVE not in enabled
    assert "已确定" in window.action_buttons[Action.CONFIRM].toolTip()
    assert page.model.rows[0].status is TopicStatus.CONFIRMED


def test_reopening_a_refused_topic_opens_the_new_submission(
        qtbot, office: Office, district: District, runner: OpRunner) -> None:
    tid = submit(office, district)
    office.topics.refuse(tid, RefusalReason.OWN_AUTHORITY, decided_on=dt.date(2026, 6, 2))
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, tid)
    _save(qtbot, _dialog(qtbot, window, runner, Action.REOPEN, ReopenDialog, dt.date(2026, 6, 20)), runner)
    wait_idle(qtbot, runner)
    [new] = [t for t in page.windows if t != tid]
    reopened = page.windows[new].detail
    assert reopened is not None and reopened.reopened_from_id == tid
    assert f"由议题 {tid} 重新报送" in page.windows[new].status_label.text()
    assert {r.id for r in page.model.rows} == {tid, new}


def test_a_thematic_topic_is_decided_by_the_convening_leader(
        qtbot, office: Office, district: District, runner: OpRunner) -> None:
    d = district
    tid = submit(office, d, target=MeetingKind.THEMATIC)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, tid)
    assert not window.action_buttons[Action.APPROVE].isEnabled()
    assert "专题会议" in window.action_buttons[Action.APPROVE].toolTip()
    dialog = _dialog(qtbot, window, runner, Action.CONFIRM, ConfirmDialog, dt.date(2026, 6, 10))
    assert isinstance(dialog, ConfirmDialog)
    assert dialog.windowTitle() == "召集会议的领导确定议题"
    leaders = {dialog.person_combo.itemText(i) for i in range(dialog.person_combo.count())}
    assert leaders == {"甲区长", "乙常务", "丙副区长", "丁副区长"}
    assert dialog.person_combo.value() == d.vice_a  # the supervisor of the lead department
    _save(qtbot, dialog, runner)
    assert office.topics.detail(tid).status is TopicStatus.CONFIRMED
    assert any("确定上会，丙副区长" in h.what for h in office.topics.detail(tid).history)
