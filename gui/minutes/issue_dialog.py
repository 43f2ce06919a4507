"""发文要素 and 印发.

ParticularsDialog, while drafting: classification with its secrecy period, urgency, publication
attribute (主动公开 by default for 全体会议 and 常务会议, art. 24; 不予公开 needs its reason), 主送,
抄送 and 印数 — what the signing sheet shows beside the text, fixed by the signature (条例 §25（一）).
Classified minutes plan at least one numbered copy: the 印数 is the copy register's plan (条例 §9).

IssueDialog, after sign-off: the particulars as signed (read only), the issue date and the serial
number (next free one unless given). Asks before issuing: issued minutes are locked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

from core.model.enums import Classification, MeetingKind, Publication, Urgency
from core.services.minutes import MinutesService
from core.services.minutes_types import MinutesDetail, Particulars
from gui.messages import confirm
from gui.minutes.common import day_text, tr
from gui.ops import OpRunner
from gui.roster.forms import ChoiceCombo, DateEdit, FormDialog
from gui.topics.action_base import text_box


def particulars_lines(p: Particulars) -> list[tuple[str, str]]:
    """(label, value) of the particulars, as the signing panel and the issue dialog show them."""
    none = tr("（无）")
    secret = p.classification.value + (f"★{p.secrecy_period}" if p.classification is not Classification.NONE else "")
    publication = p.publication.value + (f"（{p.publication_reason}）" if p.publication_reason else "")
    copies = tr("%1 份").replace("%1", str(p.copies)) if p.copies else tr("未定")
    if p.classification is not Classification.NONE:
        copies += tr("（份号 000001–%1）").replace("%1", f"{p.copies:06d}") if p.copies else ""
    return [(tr("密级："), secret), (tr("紧急程度："), p.urgency.value), (tr("公开属性："), publication),
            (tr("主送："), p.main_to or none), (tr("抄送："), p.copy_to or none), (tr("印数："), copies)]


def _heading(form: QFormLayout, detail: MinutesDetail, note_text: str) -> None:
    """The minutes named in bold, then a grey note: the top of both dialogs."""
    heading = QLabel(f"{detail.mark}（{detail.meeting_name}）")
    heading.setWordWrap(True)
    heading.setStyleSheet("font-weight: bold;")
    form.addRow(heading)
    note = QLabel(note_text)
    note.setWordWrap(True)
    note.setStyleSheet("color: #555;")
    form.addRow(note)


class ParticularsDialog(FormDialog):
    def __init__(self, runner: OpRunner, minutes: MinutesService, detail: MinutesDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, tr("发文要素"), tr("保存"), parent)
        self.setObjectName("particularsDialog")
        self.setMinimumWidth(580)
        self.minutes = minutes
        self.detail = detail
        _heading(self.form, detail, tr("这些事项与正文一起列在签发单上，由签发人一并签发；签发后不能再改，"
                                       "如需修改只能另起更正稿（《党政机关公文处理工作条例》第二十五条）。"))

        self.classification_combo = ChoiceCombo([(c.value, c) for c in Classification])
        self.classification_combo.setObjectName("classification")
        self.classification_combo.set_value(detail.classification)
        self.secrecy_edit = QLineEdit(detail.secrecy_period)
        self.secrecy_edit.setObjectName("secrecyPeriod")
        self.secrecy_edit.setMaxLength(20)
        self.secrecy_edit.setPlaceholderText(tr("如“1年”“10年”"))
        secret_row = QHBoxLayout()
        secret_row.addWidget(self.classification_combo)
        secret_row.addWidget(QLabel(tr("保密期限：")))
        secret_row.addWidget(self.secrecy_edit, 1)
        self.form.addRow(tr("密级："), secret_row)

        self.urgency_combo = ChoiceCombo([(u.value, u) for u in Urgency])
        self.urgency_combo.setObjectName("urgency")
        self.urgency_combo.set_value(detail.urgency)
        self.form.addRow(tr("紧急程度："), self.urgency_combo)

        self.publication_combo = ChoiceCombo([(p.value, p) for p in Publication])
        self.publication_combo.setObjectName("publication")
        self.publication_combo.set_value(detail.publication)
        self.form.addRow(tr("公开属性："), self.publication_combo)
        self.publication_hint = QLabel()
        self.publication_hint.setObjectName("publicationHint")
        self.publication_hint.setWordWrap(True)
        self.publication_hint.setStyleSheet("color: #555;")
        self.form.addRow("", self.publication_hint)
        self.reason_edit = text_box(tr("不予公开的理由"), 56)
        self.reason_edit.setObjectName("publicationReason")
        self.reason_edit.setPlainText(detail.publication_reason)
        self.reason_label = QLabel(tr("不公开理由："))
        self.form.addRow(self.reason_label, self.reason_edit)

        self.main_to_edit = QLineEdit(detail.main_to)
        self.main_to_edit.setObjectName("mainTo")
        self.main_to_edit.setMaxLength(1000)
        self.main_to_edit.setPlaceholderText(tr("可不填"))
        self.form.addRow(tr("主送："), self.main_to_edit)
        self.copy_to_edit = text_box(tr("如“区委办公室，区人大常委会办公室”"), 56)
        self.copy_to_edit.setObjectName("copyTo")
        self.copy_to_edit.setPlainText(detail.copy_to)
        self.form.addRow(tr("抄送："), self.copy_to_edit)
        self.copies_spin = QSpinBox()
        self.copies_spin.setObjectName("copies")
        self.copies_spin.setRange(0, 100000)
        self.copies_spin.setValue(detail.copies)
        self.copies_spin.setSuffix(tr(" 份"))
        self.copies_hint = QLabel()
        self.copies_hint.setObjectName("copiesHint")
        self.copies_hint.setWordWrap(True)
        self.copies_hint.setStyleSheet("color: #555;")
        copies_row = QHBoxLayout()
        copies_row.addWidget(self.copies_spin)
        copies_row.addWidget(self.copies_hint, 1)
        self.form.addRow(tr("印数："), copies_row)

        self.classification_combo.currentIndexChanged.connect(lambda _i: self._update())
        self.publication_combo.currentIndexChanged.connect(lambda _i: self._update())
        self._update()

    @property
    def classified(self) -> bool:
        return self.classification_combo.value() not in (None, Classification.NONE)

    def _update(self) -> None:
        classified = self.classified
        self.secrecy_edit.setEnabled(classified)
        if classified:
            self.publication_combo.set_value(Publication.NOT_PUBLIC)
        self.publication_combo.setEnabled(not classified)
        not_public = self.publication_combo.value() is Publication.NOT_PUBLIC
        self.reason_edit.setVisible(not_public)
        self.reason_label.setVisible(not_public)
        if classified:
            hint = tr("涉密纪要不予公开；理由可不填（默认“涉及国家秘密”）。")
        elif self.detail.kind in (MeetingKind.PLENARY, MeetingKind.EXECUTIVE):
            hint = tr("全体会议和常务会议的议定事项，除依法需要保密的外，应当公开（依据《工作规则》第二十四条）。")
        else:
            hint = ""
        self.publication_hint.setText(hint)
        self.publication_hint.setVisible(bool(hint))
        self.copies_spin.setMinimum(1 if classified else 0)
        self.copies_hint.setText(
            tr("涉密纪要每份标注份号，印数即份号登记簿计划的份数，至少 1 份（《党政机关公文处理工作条例》第九条）。")
            if classified else tr("0 表示暂不定印数。"))

    def problem(self) -> str:
        if self.classified and not self.secrecy_edit.text().strip():
            return self.refuse(self.secrecy_edit, tr("涉密纪要须填写保密期限（如“1年”）。"))
        return ""

    def particulars(self) -> Particulars:
        classification = self.classification_combo.value() or Classification.NONE
        publication = self.publication_combo.value() or Publication.ON_REQUEST
        return Particulars(
            classification, self.secrecy_edit.text() if self.classified else "",
            self.urgency_combo.value() or Urgency.NONE, publication,
            self.reason_edit.toPlainText() if publication is Publication.NOT_PUBLIC else "",
            self.main_to_edit.text(), self.copy_to_edit.toPlainText(), self.copies_spin.value())

    def save(self) -> Callable[[], Any]:
        minutes, minutes_id, particulars = self.minutes, self.detail.id, self.particulars()
        return lambda: minutes.set_particulars(minutes_id, particulars)


class IssueDialog(FormDialog):
    def __init__(self, runner: OpRunner, minutes: MinutesService, detail: MinutesDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, tr("印发纪要"), tr("印发"), parent)
        self.setObjectName("issueDialog")
        self.setMinimumWidth(560)
        self.minutes = minutes
        self.detail = detail
        _heading(self.form, detail, tr("%1签发（%2），以下发文要素按签发单印发：")
                 .replace("%1", detail.signer_label).replace("%2", day_text(detail.signed_on)))
        for label, value in particulars_lines(detail.particulars):
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setObjectName("issue_" + label.rstrip("："))
            self.form.addRow(label, shown)

        today = minutes.today()
        self.date_edit = DateEdit(today)
        self.date_edit.setObjectName("issuedOn")
        if detail.signed_on is not None:
            self.date_edit.set_earliest(min(detail.signed_on, today), tr("印发日期不能早于签发日期"))
        self.date_edit.set_latest(today, tr("印发日期不能晚于今天"))
        self.form.addRow(tr("印发日期："), self.date_edit)

        self.serial_box = QCheckBox(tr("指定编号"))
        self.serial_box.setObjectName("ownSerial")
        self.serial_spin = QSpinBox()
        self.serial_spin.setObjectName("serial")
        self.serial_spin.setRange(1, 9999)
        self.serial_spin.setEnabled(False)
        self.serial_box.toggled.connect(self.serial_spin.setEnabled)
        serial_row = QHBoxLayout()
        serial_row.addWidget(self.serial_box)
        serial_row.addWidget(self.serial_spin)
        serial_row.addWidget(QLabel(tr("不指定时取本年度下一个号")), 1)
        self.form.addRow(tr("编号："), serial_row)

    def submit(self) -> None:
        confirm(self, tr("印发%1吗？印发后纪要锁定，不能再修改；如有错误只能另起更正稿。").replace("%1", self.detail.mark),
                yes=tr("印发"), on_yes=lambda: FormDialog.submit(self))

    def save(self) -> Callable[[], Any]:
        minutes, minutes_id = self.minutes, self.detail.id
        day = self.date_edit.day()
        serial = self.serial_spin.value() if self.serial_box.isChecked() else None
        return lambda: minutes.issue(minutes_id, issued_on=day, serial_number=serial)
