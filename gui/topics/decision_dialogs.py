"""The leaders' and the office's steps (art. 42, with delegation art. 5): the supervisor's approval,
the office's arrangement, the mayor's (or convening leader's) confirmation — and, for a 专题
topic, its confirmation by another leader who will convene the meeting — refusal, withdrawal,
and reopening a refused topic as a new submission."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from core.model.enums import DelegationScope, MeetingKind, Post, RefusalReason
from core.office import Office
from core.services.roster_types import Acting, PersonRef
from core.services.topic_types import TopicDetail
from gui.ops import OpRunner
from gui.roster.forms import ChoiceCombo
from gui.topics.action_base import ActionDialog, tr

LEADER_POSTS = (Post.MAYOR, Post.EXECUTIVE_VICE_MAYOR, Post.VICE_MAYOR)

Choices = list[tuple[str, Any]]


class PickerDialog(ActionDialog):
    """A step decided by a leader: the picker lists who may decide on the chosen date."""

    picker_label = ""

    def __init__(self, office: Office, runner: OpRunner, detail: TopicDetail, title: str, ok_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(office, runner, detail, title, ok_text, date_label=self.tr("日期："), parent=parent)
        self.person_combo = ChoiceCombo()
        self.person_combo.setObjectName("person")
        self.hint = QLabel()
        self.hint.setObjectName("pickerHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        self.add_date_row()
        self.form.addRow(self.tr(self.picker_label), self.person_combo)
        self.form.addRow("", self.hint)
        self.add_note_row()
        self.add_on_behalf_row()
        self.date_edit.dateChanged.connect(lambda _d: self._find_people())
        self._find_people()

    def candidates(self, day: dt.date) -> tuple[Choices, Any, str]:
        """On the worker: (choices, default value, hint) for `day`."""
        raise NotImplementedError

    def _find_people(self) -> None:
        day = self.day
        self.look_up(lambda: self.candidates(day), self._show_people)

    def _show_people(self, found: tuple[Choices, Any, str]) -> None:
        choices, default, hint = found
        self.person_combo.set_choices(choices)
        self.person_combo.set_value(default)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))

    def problem(self) -> str:
        if self.person_combo.value() is None:
            return self.refuse(self.person_combo, self.hint.text() or self.tr("请选择作出决定的领导。"))
        return ""


def _with_acting(authority: PersonRef, authority_text: str, acting: Acting | None) -> tuple[Choices, str]:
    choices: Choices = [(f"{authority.name}（{authority_text}）", authority.id)]
    hint = ""
    if acting is not None:
        choices.append((acting.label, acting.acting.id))
        hint = tr("%1 该日期在委托期内，可由 %2 代为作出，记录为受委托（依据《工作规则》第五条）。") \
            .replace("%1", authority.name).replace("%2", acting.acting.name)
    return choices, hint


class ApproveDialog(PickerDialog):
    picker_label = "审核领导："

    def __init__(self, office: Office, runner: OpRunner, detail: TopicDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(office, runner, detail, self.tr("分管领导审核同意"), self.tr("记录审核同意"), parent)

    def candidates(self, day: dt.date) -> tuple[Choices, Any, str]:
        supervisor = self.roster.supervisor(self.detail.lead_department_id, day)
        if supervisor is None:
            return [], None, tr("名册中该日期主办部门没有分管领导，请先在“人员与单位”中设置分管关系（依据《工作规则》第四十二条）。")
        acting = self.roster.acting_for(supervisor.id, day, DelegationScope.PORTFOLIO)
        choices, hint = _with_acting(supervisor, tr("分管领导"), acting)
        return choices, supervisor.id, hint

    def save(self) -> Callable[[], Any]:
        topics = self.topics
        tid, day, who, note, behalf = self.detail.id, self.day, self.person_combo.value(), self.note, self.on_behalf_of
        return lambda: topics.approve(tid, decided_on=day, approver_id=who, note=note, on_behalf_of=behalf)


class ConfirmDialog(PickerDialog):
    picker_label = "确定人："

    def __init__(self, office: Office, runner: OpRunner, detail: TopicDetail,
                 parent: QWidget | None = None) -> None:
        thematic = detail.target is MeetingKind.THEMATIC
        title = self.tr("召集会议的领导确定议题") if thematic else self.tr("报区长确定")
        super().__init__(office, runner, detail, title, self.tr("记录确定上会"), parent)

    def candidates(self, day: dt.date) -> tuple[Choices, Any, str]:
        if self.detail.target is MeetingKind.THEMATIC:
            leaders = thematic_leaders(self.office, day)
            supervisor = self.roster.supervisor(self.detail.lead_department_id, day)
            default = supervisor.id if supervisor in leaders else (leaders[0].id if leaders else None)
            hint = tr("专题会议议题由召集会议的区政府领导确定（依据《工作规则》第四十二条）。")
            return [(p.name, p.id) for p in leaders], default, hint
        mayors = self.roster.holders(Post.MAYOR, day)
        if not mayors:
            return [], None, tr("名册中该日期没有在任区长，无法记录区长确定（依据《工作规则》第四十二条）。")
        acting = self.roster.acting_for(mayors[0].id, day, DelegationScope.GOVERNMENT_WORK)
        choices, hint = _with_acting(mayors[0], tr("区长"), acting)
        return choices, mayors[0].id, hint

    def save(self) -> Callable[[], Any]:
        topics = self.topics
        tid, day, who, note, behalf = self.detail.id, self.day, self.person_combo.value(), self.note, self.on_behalf_of
        return lambda: topics.confirm(tid, decided_on=day, decider_id=who, note=note, on_behalf_of=behalf)


def thematic_leaders(office: Office, day: dt.date) -> list[PersonRef]:
    """The mayor and vice mayors in office on `day`: who may convene a 专题会议 (art. 41)."""
    leaders: list[PersonRef] = []
    for post in LEADER_POSTS:
        leaders += [p for p in office.roster.holders(post, day) if p not in leaders]
    return leaders


class ReconfirmDialog(PickerDialog):
    """改由召集会议的领导确定: a confirmed 专题 topic is to go on another leader's 专题会议, so that
    leader confirms it (art. 42: the topic of a 专题会议 is decided by the leader who convenes it)."""

    picker_label = "召集会议的领导："

    def __init__(self, office: Office, runner: OpRunner, detail: TopicDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(office, runner, detail, self.tr("改由召集会议的领导确定"), self.tr("记录确定"), parent)

    def candidates(self, day: dt.date) -> tuple[Choices, Any, str]:
        leaders = thematic_leaders(self.office, day)
        hint = tr("该议题已由 %1 确定。专题会议议题由召集会议的区政府领导确定，只能列入该领导召集的专题会议；"
                  "要列入另一位领导召集的专题会议，须由该领导确定（依据《工作规则》第四十二条）。") \
            .replace("%1", self.detail.confirmed_by or tr("其他领导"))
        return [(tr("（请选择）"), None)] + [(p.name, p.id) for p in leaders], None, hint

    def problem(self) -> str:
        if self.person_combo.value() is None:
            return self.refuse(self.person_combo, self.tr("请选择将召集专题会议并确定该议题的领导。"))
        return ""

    def save(self) -> Callable[[], Any]:
        topics = self.topics
        tid, day, who, note, behalf = self.detail.id, self.day, self.person_combo.value(), self.note, self.on_behalf_of
        return lambda: topics.reconfirm(tid, decided_on=day, decider_id=who, note=note, on_behalf_of=behalf)


class ArrangeDialog(ActionDialog):
    takes_on_behalf = False

    def __init__(self, office: Office, runner: OpRunner, detail: TopicDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(office, runner, detail, self.tr("办公室统筹安排"), self.tr("记录统筹安排"), parent=parent)
        self.add_date_row()
        self.add_note_row()

    def save(self) -> Callable[[], Any]:
        topics = self.topics
        tid, day, note = self.detail.id, self.day, self.note
        return lambda: topics.arrange(tid, decided_on=day, note=note)


class RefuseDialog(ActionDialog):
    takes_on_behalf = False

    def __init__(self, office: Office, runner: OpRunner, detail: TopicDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(office, runner, detail, self.tr("不予安排"), self.tr("不予安排"), parent=parent)
        self.confirm_text = self.tr("确定对该议题不予安排吗？议题将退回主办部门，此后只能作为新议题重新报送。")
        self.reason_combo = ChoiceCombo([(self.tr("（请选择理由）"), None)] + [(r.value, r) for r in RefusalReason])
        self.reason_combo.setObjectName("reason")
        hint = QLabel(self.tr("依据《工作规则》第四十二条第二款，区政府办公室对下列议题不予安排。"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.form.addRow(hint)
        self.form.addRow(self.tr("理由："), self.reason_combo)
        self.add_date_row()
        self.add_note_row(self.tr("说明："))

    def problem(self) -> str:
        if self.reason_combo.value() is None:
            return self.refuse(self.reason_combo, self.tr("请选择不予安排的理由（依据《工作规则》第四十二条）。"))
        return ""

    def save(self) -> Callable[[], Any]:
        topics = self.topics
        tid, reason, day, note = self.detail.id, self.reason_combo.value(), self.day, self.note
        return lambda: topics.refuse(tid, reason, decided_on=day, note=note)


class WithdrawDialog(ActionDialog):
    def __init__(self, office: Office, runner: OpRunner, detail: TopicDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(office, runner, detail, self.tr("撤回议题"), self.tr("撤回"), parent=parent)
        self.confirm_text = self.tr("确定由主办部门撤回该议题吗？撤回后议题不再办理。")
        self.add_date_row()
        self.add_note_row(self.tr("撤回原因："))
        self.add_on_behalf_row()

    def save(self) -> Callable[[], Any]:
        topics = self.topics
        tid, day, note, behalf = self.detail.id, self.day, self.note, self.on_behalf_of
        return lambda: topics.withdraw(tid, decided_on=day, note=note, on_behalf_of=behalf)


class ReopenDialog(ActionDialog):
    takes_on_behalf = False

    def __init__(self, office: Office, runner: OpRunner, detail: TopicDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(office, runner, detail, self.tr("重新报送为新议题"), self.tr("重新报送"),
                         date_label=self.tr("报送日期："), parent=parent)
        hint = QLabel(self.tr("以原议题的名称、部门和标记报送一个新议题，与原议题关联；原议题保持不予安排。"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.form.addRow(hint)
        self.add_date_row()

    def save(self) -> Callable[[], Any]:
        topics = self.topics
        tid, day = self.detail.id, self.day
        return lambda: topics.reopen(tid, submitted_on=day)
