"""报送议题: a new topic with its departments, target meeting, flags and dates (arts. 17, 20, 21, 42)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QLineEdit, QWidget

from core.model.enums import Flag, MeetingKind
from core.office import Office
from core.rules.topics import MAJOR_CATEGORIES
from core.services.roster_types import DepartmentRow
from gui.field_lines import FieldLines
from gui.ops import OpRunner
from gui.roster.forms import ChoiceCombo, DateEdit, FormDialog, OptionalDateEdit, not_before
from gui.topics.action_base import text_box
from gui.topics.department_picker import DepartmentPicker

# Shown under each flag: what it will ask for.
FLAG_HINTS = {
    Flag.LAWS: "须经区司法局合法性审查（第四十二条；专题会议议题按办公室惯例）",
    Flag.NORMATIVE: "以区政府名义制定，不是部门的规范性文件：只能提交全体会议或常务会议，"
                    "须经合法性审查并公开征求意见（第二十条、第十七条）",
    Flag.MAJOR: "只能提交全体会议或常务会议，须五性评估（第二十条、第二十一条）",
    Flag.MARKET: "须公平竞争审查（第二十一条）",
    Flag.STABILITY_RISK: "须社会稳定风险评估（第二十一条）",
    Flag.SECRET: "可不公开征求意见，须写明理由（第十七条）",
}


class SubmitDialog(FormDialog):
    def __init__(self, office: Office, runner: OpRunner, departments: list[DepartmentRow],
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, self.tr("报送议题"), self.tr("报送"), parent)
        self.setObjectName("submitDialog")
        self.setMinimumWidth(640)
        self.topics = office.topics
        today = office.topics.today()
        items = [(d.name, d.id) for d in departments]

        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("title")
        self.title_edit.setMaxLength(200)
        self.title_edit.setPlaceholderText(self.tr("如：关于审议《城区停车设施建设规划》的议题"))
        self.lead_combo = ChoiceCombo([(self.tr("（请选择）"), None)] + items, searchable=True)
        self.lead_combo.setObjectName("lead")
        self.involved = DepartmentPicker()
        self.involved.setObjectName("involved")
        self.involved.set_departments(items)
        self.lead_combo.currentIndexChanged.connect(lambda _i: self.involved.exclude(self.lead_combo.value()))
        self.target_combo = ChoiceCombo([(k.value, k) for k in MeetingKind])
        self.target_combo.setObjectName("target")
        self.target_combo.set_value(MeetingKind.EXECUTIVE)

        self.flag_boxes: dict[Flag, QCheckBox] = {}
        flags = QWidget()
        grid = QGridLayout(flags)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        for row, flag in enumerate(Flag):
            box = QCheckBox(flag.label)
            box.setObjectName("flag_" + flag.name)
            hint = QLabel(self.tr(FLAG_HINTS[flag]))
            hint.setStyleSheet("color: #777;")
            grid.addWidget(box, row, 0)
            grid.addWidget(hint, row, 1)
            self.flag_boxes[flag] = box
        grid.setColumnStretch(1, 1)
        self.category_combo = ChoiceCombo([(self.tr("（请选择重大事项类别）"), "")] + [(c, c) for c in MAJOR_CATEGORIES])
        self.category_combo.setObjectName("majorCategory")
        self.category_label = QLabel(self.tr("重大事项类别："))
        self.flag_boxes[Flag.MAJOR].toggled.connect(lambda _on: self._major_toggled())

        self.summary_edit = text_box(self.tr("议题的主要内容、需要会议研究的事项"), 90)
        self.summary_edit.setObjectName("summary")
        self.requested_edit = OptionalDateEdit(self.tr("建议于"), None)
        self.requested_edit.setObjectName("requested")
        self.requested_edit.edit.set_day(today)
        self.contact_edit = QLineEdit()
        self.contact_edit.setObjectName("contact")
        self.contact_edit.setMaxLength(100)
        self.contact_edit.setPlaceholderText(self.tr("姓名和电话"))
        self.submitted_edit = DateEdit(today)
        self.submitted_edit.setObjectName("submittedOn")
        self.submitted_edit.set_latest(today, self.tr("报送日期不能晚于今天"))  # as TopicService.submit
        not_before(self.requested_edit.edit, self.submitted_edit, self.tr("建议上会日期不能早于报送日期"))

        self.form.addRow(self.tr("议题名称："), self.title_edit)
        self.form.addRow(self.tr("主办部门："), self.lead_combo)
        self.form.addRow(self.tr("涉及部门："), self.involved)
        self.form.addRow(self.tr("拟提交会议："), self.target_combo)
        self.form.addRow(self.tr("议题标记："), flags)
        self.form.addRow(self.category_label, self.category_combo)
        self.form.addRow(self.tr("议题摘要："), self.summary_edit)
        self.form.addRow(self.tr("建议上会日期："), self.requested_edit)
        self.form.addRow(self.tr("联系人："), self.contact_edit)
        self.form.addRow(self.tr("报送日期："), self.submitted_edit)
        self._major_toggled()

        # What the service would refuse without an article, said under the field before it is asked.
        self.checks = FieldLines(self.form)
        self.checks.add(self.title_edit, self._title_problem, self.title_edit.textChanged)
        self.checks.add(self.lead_combo, self._lead_problem, self.lead_combo.currentIndexChanged,
                        self.lead_combo.editTextChanged)
        self.checks.add(self.category_combo, self._category_problem, self.category_combo.currentIndexChanged,
                        self.flag_boxes[Flag.MAJOR].toggled)

    def _major_toggled(self) -> None:
        major = self.flag_boxes[Flag.MAJOR].isChecked()
        self.category_label.setEnabled(major)
        self.category_combo.setEnabled(major)

    def flags(self) -> list[Flag]:
        return [flag for flag, box in self.flag_boxes.items() if box.isChecked()]

    def _title_problem(self) -> str:
        return "" if self.title_edit.text().strip() else self.tr("请填写议题名称。")

    def _lead_problem(self) -> str:
        if self.lead_combo.value() is not None:
            return ""
        typed = self.lead_combo.isEditable() and self.lead_combo.currentText().strip() not in (
            "", self.lead_combo.itemText(0))
        return self.tr("请从列表中选择主办部门。") if typed else self.tr("请选择主办部门。")

    def _category_problem(self) -> str:
        if self.flag_boxes[Flag.MAJOR].isChecked() and not self.category_combo.value():
            return self.tr("重大事项须注明类别（第二十条）。")
        return ""

    def submit(self) -> None:
        if self.checks.run():
            super().submit()

    def save(self) -> Callable[[], Any]:
        topics = self.topics
        values: dict[str, Any] = {
            "title": self.title_edit.text(),
            "lead_department_id": self.lead_combo.value(),
            "target": self.target_combo.value(),
            "involved": self.involved.checked_ids(),
            "flags": self.flags(),
            "major_category": self.category_combo.value() or "",
            "summary": self.summary_edit.toPlainText(),
            "requested_date": self.requested_edit.day(),
            "contact": self.contact_edit.text(),
            "submitted_on": self.submitted_edit.day(),
        }
        return lambda: topics.submit(**values)
