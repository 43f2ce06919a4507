"""Coordination before the meeting (art. 43): each involved department's signed opinion,
escalation to the supervising vice mayor, and the lead department's statement of disagreement."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QRadioButton, QWidget

from core.model.enums import EscalationResult
from core.office import Office
from core.services.roster_types import PersonRef, PersonRow
from core.services.topic_types import TopicDetail
from gui.ops import OpRunner
from gui.roster.forms import ChoiceCombo
from gui.topics.action_base import ActionDialog, text_box


def _radio_row(parent: QWidget, labels: list[str]) -> tuple[QWidget, list[QRadioButton]]:
    box = QWidget(parent)
    group = QButtonGroup(box)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    buttons = []
    for label in labels:
        button = QRadioButton(label)
        group.addButton(button)
        row.addWidget(button)
        buttons.append(button)
    row.addStretch(1)
    buttons[0].setChecked(True)
    return box, buttons


class OpinionDialog(ActionDialog):
    """An opinion signed by the department's principal head on that date; another signer only
    with a stated reason (the opinion stays flagged)."""

    def __init__(self, office: Office, runner: OpRunner, detail: TopicDetail, people: list[PersonRow],
                 department_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(office, runner, detail, self.tr("记录协调意见"), self.tr("保存协调意见"),
                         date_label=self.tr("签署日期："), parent=parent)
        self.head: PersonRef | None = None
        self.department_combo = ChoiceCombo([(name, dept_id) for dept_id, name in detail.involved])
        self.department_combo.setObjectName("department")
        unsigned = [o.department_id for o in detail.opinions if o.agrees is None]
        if department_id is not None:
            self.department_combo.set_value(department_id)
        elif unsigned:
            self.department_combo.set_value(unsigned[0])
        verdict, (self.agree_radio, self.disagree_radio) = _radio_row(self, [self.tr("同意"), self.tr("不同意")])
        self.agree_radio.setObjectName("agree")
        self.disagree_radio.setObjectName("disagree")
        self.text_edit = text_box(self.tr("意见内容（不同意的，写明理由）"), 80)
        self.text_edit.setObjectName("opinionText")
        self.signer_combo = ChoiceCombo([(f"{p.name}（{p.posts}）" if p.posts else p.name, p.id) for p in people],
                                        searchable=True)
        self.signer_combo.setObjectName("signer")
        self.head_label = QLabel()
        self.head_label.setObjectName("headLabel")
        self.head_label.setWordWrap(True)
        self.head_label.setStyleSheet("color: #555;")
        self.reason_label = QLabel(self.tr("由他人签署的理由："))
        self.reason_edit = text_box(self.tr("非主要负责人签署时必填，如“主要负责人出差，由常务副局长代签”"), 60)
        self.reason_edit.setObjectName("otherSignerReason")

        self.form.addRow(self.tr("涉及部门："), self.department_combo)
        self.form.addRow(self.tr("意见："), verdict)
        self.form.addRow(self.tr("意见内容："), self.text_edit)
        self.add_date_row()
        self.form.addRow(self.tr("签署人："), self.signer_combo)
        self.form.addRow("", self.head_label)
        self.form.addRow(self.reason_label, self.reason_edit)
        self.add_on_behalf_row()

        self.department_combo.currentIndexChanged.connect(lambda _i: self._find_head())
        self.date_edit.dateChanged.connect(lambda _d: self._find_head())
        self.signer_combo.currentIndexChanged.connect(lambda _i: self._signer_changed())
        self._find_head()

    def _find_head(self) -> None:
        dept, day = self.department_combo.value(), self.day
        if dept is None:
            return
        self.look_up(lambda: self.roster.principal_head(dept, day), self._head_found)

    def _head_found(self, head: PersonRef | None) -> None:
        self.head = head
        if head is None:
            self.head_label.setText(self.tr("名册中该日期没有该部门的主要负责人；由他人签署须写明理由。"))
        else:
            self.head_label.setText(self.tr("该日期的主要负责人：%1").replace("%1", head.name))
            self.signer_combo.set_value(head.id)
        self._signer_changed()

    def signer_is_head(self) -> bool:
        return self.head is not None and self.signer_combo.value() == self.head.id

    def _signer_changed(self) -> None:
        other = not self.signer_is_head()
        self.reason_label.setEnabled(other)
        self.reason_edit.setEnabled(other)
        self.reason_label.setText(self.tr("由他人签署的理由（必填）：") if other else self.tr("由他人签署的理由："))

    def problem(self) -> str:
        if self.department_combo.value() is None:
            return self.refuse(self.department_combo, self.tr("请选择涉及部门。"))
        if self.signer_combo.value() is None:
            return self.refuse(self.signer_combo, self.tr("请从列表中选择签署人。"))
        if not self.signer_is_head() and not self.reason_edit.toPlainText().strip():
            return self.refuse(self.reason_edit, self.tr("协调意见应由部门主要负责人签署；由他人签署须写明理由（依据《工作规则》第四十三条）。"))
        return ""

    def save(self) -> Callable[[], Any]:
        topics = self.topics
        tid, dept, agrees = self.detail.id, self.department_combo.value(), self.agree_radio.isChecked()
        day, text, signer, behalf = self.day, self.text_edit.toPlainText(), self.signer_combo.value(), self.on_behalf_of
        reason = "" if self.signer_is_head() else self.reason_edit.toPlainText()
        return lambda: topics.record_opinion(tid, dept, agrees=agrees, signed_on=day, text=text, signer_id=signer,
                                             other_signer_reason=reason, on_behalf_of=behalf)


class EscalateDialog(ActionDialog):
    def __init__(self, office: Office, runner: OpRunner, detail: TopicDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(office, runner, detail, self.tr("报分管副区长协调"), self.tr("保存协调结果"),
                         date_label=self.tr("协调日期："), parent=parent)
        self.leader_label = QLabel()
        self.leader_label.setObjectName("leader")
        result, buttons = _radio_row(self, [r.value for r in EscalationResult])
        self.result_buttons = dict(zip(EscalationResult, buttons, strict=True))
        self.form.addRow(self.tr("协调领导："), self.leader_label)
        self.add_date_row()
        self.form.addRow(self.tr("协调结果："), result)
        self.add_note_row(self.tr("协调情况："))
        self.add_on_behalf_row()
        self.date_edit.dateChanged.connect(lambda _d: self._find_leader())
        self._find_leader()

    def _find_leader(self) -> None:
        lead, day = self.detail.lead_department_id, self.day
        self.look_up(lambda: self.roster.supervisor(lead, day),
                     lambda found: self.leader_label.setText(
                         found.name if found else self.tr("（名册中该日期主办部门没有分管领导）")))

    @property
    def chosen_result(self) -> EscalationResult:
        return next(r for r, button in self.result_buttons.items() if button.isChecked())

    def save(self) -> Callable[[], Any]:
        topics = self.topics
        tid, day, result, note, behalf = self.detail.id, self.day, self.chosen_result, self.note, self.on_behalf_of
        return lambda: topics.escalate(tid, held_on=day, result=result, note=note, on_behalf_of=behalf)


class DisagreementDialog(ActionDialog):
    def __init__(self, office: Office, runner: OpRunner, detail: TopicDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(office, runner, detail, self.tr("说明分歧并提出倾向性意见"), self.tr("保存"),
                         parent=parent)
        self.disagreement_edit = text_box(self.tr("各方分歧所在"), 90)
        self.disagreement_edit.setObjectName("disagreement")
        self.position_edit = text_box(self.tr("主办部门的倾向性意见"), 90)
        self.position_edit.setObjectName("position")
        hint = QLabel(self.tr("经分管副区长协调仍有分歧的，主办部门须在会上说明分歧意见，并提出倾向性意见"
                              "（依据《工作规则》第四十三条）。"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.form.addRow(hint)
        self.form.addRow(self.tr("分歧意见："), self.disagreement_edit)
        self.form.addRow(self.tr("倾向性意见："), self.position_edit)
        self.add_date_row()
        self.add_on_behalf_row()

    def save(self) -> Callable[[], Any]:
        topics = self.topics
        tid, day, behalf = self.detail.id, self.day, self.on_behalf_of
        text, position = self.disagreement_edit.toPlainText(), self.position_edit.toPlainText()
        return lambda: topics.state_disagreement(tid, disagreement=text, recommended_position=position,
                                                 stated_on=day, on_behalf_of=behalf)
