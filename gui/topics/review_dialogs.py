"""Legality review (区司法局, art. 42), resubmission after a return, and assessments (arts. 17, 21)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QLineEdit, QRadioButton, QWidget

from core.model.enums import Assessment, Flag
from core.office import Office
from core.services.roster_types import DepartmentRow
from core.services.topic_types import TopicDetail
from gui.ops import OpRunner
from gui.roster.forms import ChoiceCombo
from gui.topics.action_base import ActionDialog, text_box

# Which flag asks for which assessment (RULES.md, Topics).
ASSESSMENT_FLAGS = {
    Assessment.FIVE_FACTOR: Flag.MAJOR,
    Assessment.FAIR_COMPETITION: Flag.MARKET,
    Assessment.STABILITY: Flag.STABILITY_RISK,
    Assessment.PUBLIC_CONSULTATION: Flag.NORMATIVE,
}


def _two_choices(first: str, second: str, parent: QWidget) -> tuple[QWidget, QRadioButton, QRadioButton]:
    box = QWidget(parent)
    a, b = QRadioButton(first), QRadioButton(second)
    group = QButtonGroup(box)
    group.addButton(a)
    group.addButton(b)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(a)
    row.addWidget(b)
    row.addStretch(1)
    return box, a, b


class LegalityReviewDialog(ActionDialog):
    def __init__(self, office: Office, runner: OpRunner, detail: TopicDetail,
                 departments: list[DepartmentRow], parent: QWidget | None = None) -> None:
        super().__init__(office, runner, detail, self.tr("记录合法性审查"), self.tr("保存审查结论"),
                         date_label=self.tr("审查日期："), parent=parent)
        self.reviewer_combo = ChoiceCombo([(d.name, d.id) for d in departments], searchable=True)
        self.reviewer_combo.setObjectName("reviewer")
        self.reviewer_combo.setToolTip(self.tr("合法性审查由区司法局作出（依据《工作规则》第四十二条）"))
        verdict, self.passed_radio, self.returned_radio = _two_choices(self.tr("审查通过"),
                                                                       self.tr("退回修改"), self)
        self.passed_radio.setObjectName("passed")
        self.returned_radio.setObjectName("returned")
        self.passed_radio.setChecked(True)
        self.comments_edit = text_box(self.tr("退回时必填：须修改之处及依据"), 90)
        self.comments_edit.setObjectName("comments")
        self.form.addRow(self.tr("审查单位："), self.reviewer_combo)
        self.form.addRow(self.tr("审查结论："), verdict)
        self.form.addRow(self.tr("审查意见："), self.comments_edit)
        self.add_date_row()
        self.add_on_behalf_row()
        self.date_edit.dateChanged.connect(lambda _d: self._find_reviewer())
        self._find_reviewer()

    def _find_reviewer(self) -> None:
        day = self.day
        self.look_up(lambda: self.roster.legality_reviewer(day), self._reviewer_found)

    def _reviewer_found(self, found: DepartmentRow | None) -> None:
        if found is not None:
            self.reviewer_combo.set_value(found.id)

    def problem(self) -> str:
        if self.reviewer_combo.value() is None:
            return self.refuse(self.reviewer_combo, self.tr("请从列表中选择审查单位。"))
        return ""

    def save(self) -> Callable[[], Any]:
        topics = self.topics
        tid, reviewer, passed = self.detail.id, self.reviewer_combo.value(), self.passed_radio.isChecked()
        day, comments, behalf = self.day, self.comments_edit.toPlainText(), self.on_behalf_of
        return lambda: topics.record_legality_review(
            tid, reviewer_department_id=reviewer, passed=passed, reviewed_on=day, comments=comments,
            on_behalf_of=behalf)


class ResubmitDialog(ActionDialog):
    def __init__(self, office: Office, runner: OpRunner, detail: TopicDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(office, runner, detail, self.tr("修改后重新报送"), self.tr("重新报送"),
                         date_label=self.tr("重新报送日期："), parent=parent)
        self.add_note_row(self.tr("修改说明："))
        self.add_date_row()
        self.add_on_behalf_row()

    def save(self) -> Callable[[], Any]:
        topics = self.topics
        tid, day, note, behalf = self.detail.id, self.day, self.note, self.on_behalf_of
        return lambda: topics.resubmit(tid, resubmitted_on=day, note=note, on_behalf_of=behalf)


def open_assessments(detail: TopicDetail) -> list[Assessment]:
    """The assessments the topic's flags ask for that the checklist does not tick yet."""
    done_texts = {line.text for line in detail.checklist if line.done}
    out = []
    for kind, flag in ASSESSMENT_FLAGS.items():
        if flag not in detail.flags:
            continue
        if kind is Assessment.PUBLIC_CONSULTATION:
            done = any(text.startswith("公开征求意见") for text in done_texts)
        else:
            done = kind.value in done_texts
        if not done:
            out.append(kind)
    return out


class AssessmentDialog(ActionDialog):
    def __init__(self, office: Office, runner: OpRunner, detail: TopicDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(office, runner, detail, self.tr("记录评估"), self.tr("保存评估"),
                         date_label=self.tr("完成日期："), parent=parent)
        self.kind_combo = ChoiceCombo([(k.value, k) for k in Assessment])
        self.kind_combo.setObjectName("kind")
        still_open = open_assessments(detail)
        if still_open:
            self.kind_combo.set_value(still_open[0])
        self.conclusion_edit = text_box(self.tr("评估结论"), 90)
        self.conclusion_edit.setObjectName("conclusion")
        self.views_edit = QLineEdit()
        self.views_edit.setObjectName("viewsMethod")
        self.views_edit.setPlaceholderText(self.tr("如：听证会、问卷调查、座谈会"))
        self.secrecy_edit = text_box(self.tr("依法需要保密、不公开征求意见的理由"), 60)
        self.secrecy_edit.setObjectName("secrecyReason")
        materials = [(self.tr("（不附材料）"), None)] + [(m.name, m.id) for m in detail.materials if m.current]
        self.material_combo = ChoiceCombo(materials)
        self.material_combo.setObjectName("material")
        self.views_label = QLabel(self.tr("听取意见的方式："))
        self.secrecy_label = QLabel(self.tr("不公开的理由："))
        self.form.addRow(self.tr("评估事项："), self.kind_combo)
        self.form.addRow(self.tr("结论："), self.conclusion_edit)
        self.form.addRow(self.views_label, self.views_edit)
        self.form.addRow(self.secrecy_label, self.secrecy_edit)
        self.form.addRow(self.tr("所附材料："), self.material_combo)
        self.add_date_row()
        self.add_on_behalf_row()
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind_combo.value()
        stability = kind is Assessment.STABILITY
        secrecy = kind is Assessment.PUBLIC_CONSULTATION and Flag.SECRET in self.detail.flags
        self.views_label.setVisible(stability)
        self.views_edit.setVisible(stability)
        self.secrecy_label.setVisible(secrecy)
        self.secrecy_edit.setVisible(secrecy)
        self.adjustSize()

    def save(self) -> Callable[[], Any]:
        topics = self.topics
        kind = self.kind_combo.value()
        tid, day, behalf = self.detail.id, self.day, self.on_behalf_of
        conclusion = self.conclusion_edit.toPlainText()
        views = self.views_edit.text() if kind is Assessment.STABILITY else ""
        secrecy = self.secrecy_edit.toPlainText() if self.secrecy_edit.isVisibleTo(self) else ""
        material = self.material_combo.value()
        return lambda: topics.record_assessment(
            tid, kind, done_on=day, conclusion=conclusion, views_method=views, secrecy_reason=secrecy,
            material_id=material, on_behalf_of=behalf)
