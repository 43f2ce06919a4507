"""签发与印发, in the order of the steps: 核稿 by a person of the roster (条例 §20), the particulars the
signing sheet shows, the signing route for a chosen date (authority, acting delegate, the mayor's
consent, each with its article), the signing sheet, sign-off — refused before the 核稿 of the
current version, with the reason shown by the button — consent, issue and correction. Once signed,
the signing date and everything the signature covers are read-only (条例 §25（一）)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.documents.meeting_docs import time_text
from core.documents.signing_sheet import render_signing_sheet
from core.model.enums import Classification, MinutesStatus
from core.office import Office
from core.services.minutes_types import MinutesDetail, Particulars, SigningView
from gui import roles, temp_area
from gui.meetings import pdf_pages
from gui.messages import confirm, show_info
from gui.minutes.common import EDITABLE, day_text, html, tr
from gui.minutes.issue_dialog import IssueDialog, ParticularsDialog, particulars_lines
from gui.minutes.pdf_preview import Pages, PdfPreview, page_set
from gui.minutes.sign_dialogs import ConsentDialog, SignDialog
from gui.ops import OpRunner
from gui.roster.forms import ChoiceCombo, DateEdit


@dataclass(frozen=True)
class StepFacts:
    """What the panel needs besides the detail, read on the worker with it."""

    sign_refusal: str = ""  # why 签发 cannot be recorded now ("" when it can)
    reviewers: list[tuple[int, str]] = field(default_factory=list)  # 核稿人 choices, the office first
    own_person: int | None = None  # the roster person of the logged-in account


def entered(name: str) -> str:
    return tr("（录入：%1）").replace("%1", name) if name else ""


def render_sheet(office: Office, minutes_id: int, day: dt.date, directory: Path, ratio: float = 1.0) -> Pages:
    """On the worker: the signing sheet naming the signer for `day`, and its page images."""
    detail = office.minutes.detail(minutes_id)
    view = office.minutes.signing_view(minutes_id, day)
    meeting = office.meetings.detail(detail.meeting_id)
    pdf = render_signing_sheet(directory / "签发单.pdf", detail, view,
                               meeting_line=f"{meeting.name}　{time_text(meeting)}　{meeting.place}")
    return page_set(tr("签发单"), pdf, ratio)


def value_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class SignoffPanel(QScrollArea):
    #: something was recorded; the window reloads
    changed = Signal()
    #: a correction edition was created; carries its id
    corrected = Signal(int)

    def __init__(self, office: Office, runner: OpRunner, unsaved: Callable[[], bool],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signoffPanel")
        self.setWidgetResizable(True)
        self.office = office
        self.runner = runner
        self.unsaved = unsaved
        self.detail: MinutesDetail | None = None
        self.view: SigningView | None = None
        self.meeting_day: dt.date = office.minutes.today()
        self.directory: Path | None = None
        self._generation = 0
        temp_area.notifier().wiped.connect(self._files_wiped)
        today = office.minutes.today()

        # 拟稿与核稿
        self.facts = StepFacts()
        self.drafter_label = value_label("drafter")
        self.reviewed_label = value_label("reviewed")
        self.reviewer_combo = ChoiceCombo(searchable=True)
        self.reviewer_combo.setObjectName("reviewer")
        self.reviewer_combo.setMinimumContentsLength(14)
        self.reviewer_combo.setToolTip(tr("核稿人从名册中选择：公文文稿签发前，应当由发文机关办公厅（室）进行审核"
                                          "（《党政机关公文处理工作条例》第二十条）"))
        self.review_date = DateEdit(today)
        self.review_date.setObjectName("reviewedOn")
        self.review_date.set_latest(today, tr("核稿日期不能晚于今天"))
        self.review_button = QPushButton(tr("记录核稿"))
        self.review_button.setObjectName("review")
        self.review_button.clicked.connect(self.review)
        review_row = QHBoxLayout()
        review_row.addWidget(self.reviewer_combo, 1)
        review_row.addWidget(self.review_date)
        review_row.addWidget(self.review_button)
        self.review_caption = QLabel(tr("记录核稿："))
        self.review_row = QWidget()
        self.review_row.setLayout(review_row)
        review_row.setContentsMargins(0, 0, 0, 0)
        drafting = QGroupBox(tr("拟稿与核稿"))
        form = QFormLayout(drafting)
        form.addRow(tr("拟稿："), self.drafter_label)
        form.addRow(tr("核稿："), self.reviewed_label)
        form.addRow(self.review_caption, self.review_row)

        # 发文要素: what the signing sheet shows besides the text, fixed by the signature
        self.particulars_box = QGroupBox(tr("发文要素（列入签发单）"))
        particulars_form = QFormLayout(self.particulars_box)
        self.particular_labels: list[QLabel] = []
        for label, _value in particulars_lines(Particulars()):
            shown = value_label("particular")
            self.particular_labels.append(shown)
            particulars_form.addRow(label, shown)
        self.particulars_button = QPushButton(tr("修改发文要素…"))
        self.particulars_button.setObjectName("particulars")
        self.particulars_button.clicked.connect(self.edit_particulars)
        self.particulars_fixed = QLabel(tr("已签发：发文要素与正文一并签发，不能再改；如需修改，请点“更正…”另起更正稿"
                                           "（《党政机关公文处理工作条例》第二十五条）。"))
        self.particulars_fixed.setObjectName("particularsFixed")
        self.particulars_fixed.setWordWrap(True)
        self.particulars_fixed.setStyleSheet("color: #555;")
        particulars_row = QHBoxLayout()
        particulars_row.addWidget(self.particulars_button)
        particulars_row.addWidget(self.particulars_fixed, 1)
        particulars_row.addStretch(0)
        particulars_form.addRow(particulars_row)

        # 签发路线
        self.route_date = DateEdit(today)
        self.route_date.setObjectName("routeDate")
        self.route_date.set_latest(today, tr("签发日期不能晚于今天"))
        self.route_date.dateChanged.connect(lambda _d: self.look_up_route())
        self.sheet_button = QPushButton(tr("打印签发单…"))
        self.sheet_button.setObjectName("signingSheet")
        self.sheet_button.clicked.connect(self.show_sheet)
        date_row = QHBoxLayout()
        date_row.addWidget(self.route_date)
        date_row.addStretch(1)
        date_row.addWidget(self.sheet_button)
        self.authority_label = value_label("authority")
        self.acting_label = value_label("acting")
        self.consent_label = value_label("consentNeeded")
        self.reasons_label = value_label("reasons")
        self.reasons_label.setStyleSheet("color: #444;")
        route = QGroupBox(tr("签发路线"))
        form = QFormLayout(route)
        self.route_date_caption = QLabel(tr("签发日期："))
        form.addRow(self.route_date_caption, date_row)
        form.addRow(tr("签发人："), self.authority_label)
        form.addRow(tr("代为签发："), self.acting_label)
        form.addRow(tr("区长同意："), self.consent_label)
        form.addRow(tr("依据："), self.reasons_label)

        # 签发与印发记录
        self.signed_label = value_label("signed")
        self.consent_record_label = value_label("consentRecord")
        self.issued_label = value_label("issued")
        self.sign_button = QPushButton(tr("记录签发…"))
        self.sign_button.setObjectName("sign")
        self.sign_button.clicked.connect(self.sign)
        self.consent_button = QPushButton(tr("记录区长同意…"))
        self.consent_button.setObjectName("consent")
        self.consent_button.clicked.connect(self.consent)
        self.issue_button = QPushButton(tr("印发…"))
        self.issue_button.setObjectName("issue")
        self.issue_button.clicked.connect(self.issue)
        self.correct_button = QPushButton(tr("更正…"))
        self.correct_button.setObjectName("correct")
        self.correct_button.clicked.connect(self.correct)
        buttons = QHBoxLayout()
        for button in (self.sign_button, self.consent_button, self.issue_button, self.correct_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        # Why 签发 cannot be recorded yet (no 核稿 of this version), with the article: shown, not
        # only a greyed button.
        self.sign_note = QLabel()
        self.sign_note.setObjectName("signNote")
        self.sign_note.setWordWrap(True)
        self.sign_note.setStyleSheet("color: #b26a00;")
        self.sign_note.hide()
        # 核稿, sign-off and consent are recorded on behalf of the reviewer and the leaders ("review");
        # issuing, correcting and the particulars are the office's workflow (core.services.minutes).
        roles.for_role(office, {
            "review": [self.review_caption, self.review_row, self.sign_button, self.consent_button],
            "workflow": [self.issue_button, self.correct_button, self.particulars_button],
        })
        records = QGroupBox(tr("签发与印发"))
        form = QFormLayout(records)
        form.addRow(tr("签发："), self.signed_label)
        form.addRow(tr("区长同意："), self.consent_record_label)
        form.addRow(tr("印发："), self.issued_label)
        form.addRow(buttons)
        form.addRow(self.sign_note)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(drafting)
        layout.addWidget(self.particulars_box)
        layout.addWidget(route)
        layout.addWidget(records)
        layout.addStretch(1)
        self.setWidget(body)
        self.sheet_dialog: QDialog | None = None

    # --- showing ---------------------------------------------------------------------------

    def show_detail(self, detail: MinutesDetail, meeting_day: dt.date, facts: StepFacts | None = None) -> None:
        self.detail = d = detail
        self.meeting_day = meeting_day
        if facts is not None:
            self.facts = facts
            chosen = self.reviewer_combo.value()
            self.reviewer_combo.set_choices([(tr("（请选择核稿人）"), None)]
                                             + [(label, pid) for pid, label in facts.reviewers])
            self.reviewer_combo.set_value(chosen if chosen is not None else facts.own_person)
        self.drafter_label.setText(html(d.drafter))
        self.reviewed_label.setText(self._review_text(d))
        earliest = min(meeting_day, self.office.minutes.today())
        self.route_date.set_earliest(earliest, tr("签发日期不能早于会议日期"))
        self.review_date.set_earliest(earliest, tr("核稿日期不能早于会议日期"))
        if d.signed_on is not None:
            self.route_date.set_day(d.signed_on)
        self.route_date_caption.setText(tr("签发日期：") if d.signed_on is not None else tr("拟签发日期："))
        self._show_particulars(d)
        self.signed_label.setText(
            html(f"{d.signer_label}　{day_text(d.signed_on)}　{tr('意见：')}{d.sign_opinion}{entered(d.sign_entered_by)}")
            if d.signed_on else tr("<span style='color:#888'>尚未签发</span>"))
        self.consent_record_label.setText(html(f"{d.consent_by}　{day_text(d.consent_on)}{entered(d.consent_entered_by)}")
                                          if d.consent_on else tr("<span style='color:#888'>未记录</span>"))
        if d.issued_on is not None:
            secret = f"　{d.classification.value}★{d.secrecy_period}" if d.classification is not Classification.NONE \
                else ""
            publication = d.publication.value + (f"（{d.publication_reason}）" if d.publication_reason else "")
            copies = tr("印数 %1 份").replace("%1", str(d.copies))
            if d.classification is not Classification.NONE:
                copies += tr("，已印制 %1 份").replace("%1", str(d.printed))
                if d.reprinted:
                    copies += tr("，补印 %1 份").replace("%1", str(d.reprinted))
            by = tr("（经办：%1）").replace("%1", d.issued_by) if d.issued_by else ""
            self.issued_label.setText(html(f"{d.serial_text}　{day_text(d.issued_on)}{secret}　{publication}　{copies}{by}"))
        else:
            self.issued_label.setText(tr("<span style='color:#888'>尚未印发</span>"))
        self._update_buttons()
        self.look_up_route()

    @staticmethod
    def _review_text(d: MinutesDetail) -> str:
        if not d.reviewer:
            return tr("<span style='color:#888'>尚未核稿</span>")
        text = html(f"{d.reviewer}　{day_text(d.reviewed_on)}")
        if d.reviewed_version is not None:
            text += html(tr("　第%1稿").replace("%1", str(d.reviewed_version)))
        text += html(entered(d.review_entered_by))
        if d.status in EDITABLE and not d.reviewed:
            stale = (tr("核稿后又保存了第%1稿，须重新核稿").replace("%1", str(d.version))
                     if d.reviewed_version is not None else tr("须重新核稿"))
            text += f"<br><span style='color:#b71c1c'>{html(stale)}</span>"
        return text

    def _show_particulars(self, d: MinutesDetail) -> None:
        for shown, (_label, value) in zip(self.particular_labels, particulars_lines(d.particulars), strict=True):
            shown.setText(html(value))
        self.particulars_fixed.setVisible(d.status not in EDITABLE)

    def _update_buttons(self) -> None:
        d, view = self.detail, self.view
        status = d.status if d else None
        editable = status in EDITABLE
        may_review = editable and d is not None and not d.reviewed
        self.review_button.setEnabled(may_review)
        self.reviewer_combo.setEnabled(may_review)
        self.review_date.setEnabled(may_review)
        refusal = self.facts.sign_refusal if editable else ""
        self.particulars_button.setEnabled(editable)
        self.sign_button.setEnabled(editable and not refusal)
        self.sign_button.setToolTip(refusal)
        self.sign_note.setText(tr("尚不能签发：%1").replace("%1", refusal) if refusal else "")
        self.sign_note.setVisible(bool(refusal) and self.office.can("review"))
        # The signing date is the signature's: fixed once signed (also after issue).
        self.route_date.setEnabled(d is not None and d.signed_on is None)
        self.route_date.setToolTip(tr("已签发，签发日期不能修改") if d is not None and d.signed_on else "")
        needed = bool(view and view.consent_needed)
        self.consent_button.setEnabled(needed and status in (*EDITABLE, MinutesStatus.SIGNED)
                                       and not (d and d.consent_on))
        self.issue_button.setEnabled(status is MinutesStatus.SIGNED)
        self.correct_button.setEnabled(status in (MinutesStatus.SIGNED, MinutesStatus.ISSUED))
        self.sheet_button.setEnabled(d is not None)

    def look_up_route(self) -> None:
        if self.detail is None:
            return
        self._generation += 1
        generation, minutes, minutes_id, day = (self._generation, self.office.minutes, self.detail.id,
                                                self.route_date.day())

        def arrived(view: SigningView) -> None:
            if generation == self._generation and shiboken6.isValid(self):
                self.show_view(view)

        self.runner.run(lambda: minutes.signing_view(minutes_id, day), on_success=arrived, parent=self.window(),
                        label=tr("正在查找签发人…"))

    def show_view(self, view: SigningView) -> None:
        self.view = view
        self.authority_label.setText(f"<b>{html(view.authority)}</b>")
        self.acting_label.setText(html(tr("%1（受委托）").replace("%1", view.acting)) if view.acting
                                  else tr("<span style='color:#888'>无（该日无委托）</span>"))
        self.consent_label.setText(tr("<b style='color:#b71c1c'>须报区长同意后印发</b>") if view.consent_needed
                                   else tr("不需要"))
        self.reasons_label.setText("<br>".join(html(r) for r in view.reasons))
        self._update_buttons()

    # --- acting -----------------------------------------------------------------------------

    def _saved_first(self) -> bool:
        if self.unsaved():
            show_info(self, tr("正文有未保存的修改，请先保存（Ctrl+S），再核稿或签发。"))
            return False
        return True

    def review(self) -> None:
        if self.detail is None or not self._saved_first():
            return
        reviewer = self.reviewer_combo.value()
        if reviewer is None:
            show_info(self, tr("请从名册中选择核稿人。"))
            return
        day, minutes, minutes_id = self.review_date.day(), self.office.minutes, self.detail.id
        self.runner.run(lambda: minutes.review(minutes_id, reviewer_id=reviewer, on=day),
                        on_success=lambda _r: self.changed.emit(), parent=self.window())

    def edit_particulars(self) -> None:
        if self.detail is None:
            return
        dialog = ParticularsDialog(self.runner, self.office.minutes, self.detail, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.on_saved = lambda _r: self.changed.emit()
        dialog.open()

    def sign(self) -> None:
        d = self.detail
        if d is None or not self._saved_first():
            return
        earliest = max(self.meeting_day, d.reviewed_on or self.meeting_day)  # 先核稿、后签发
        why = (tr("签发日期不能早于会议日期") if earliest == self.meeting_day
               else tr("签发日期不能早于核稿日期（先核稿、后签发）"))
        dialog = SignDialog(self.runner, self.office.minutes, d.id, day=max(self.route_date.day(), earliest),
                            earliest=earliest, earliest_why=why, title=f"{d.mark}（{d.meeting_name}）",
                            parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.on_saved = lambda _r: self.changed.emit()
        dialog.open()

    def consent(self) -> None:
        d = self.detail
        if d is None:
            return
        dialog = ConsentDialog(self.runner, self.office.minutes, d.id,
                               earliest=self.meeting_day, title=d.mark, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.on_saved = lambda _r: self.changed.emit()
        dialog.open()

    def issue(self) -> None:
        if self.detail is None:
            return
        dialog = IssueDialog(self.runner, self.office.minutes, self.detail, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def issued(serial: str) -> None:
            self.changed.emit()
            show_info(self, tr("已印发，文号 %1。").replace("%1", serial))

        dialog.on_saved = issued
        dialog.open()

    def correct(self) -> None:
        d = self.detail
        if d is None:
            return
        minutes, minutes_id = self.office.minutes, d.id

        def start() -> None:
            self.runner.run(lambda: minutes.correct(minutes_id), on_success=self.corrected.emit, parent=self.window(),
                            label=tr("正在建立更正稿…"))

        confirm(self, tr("为%1建立更正稿吗？").replace("%1", d.mark), yes=tr("建立更正稿"), on_yes=start,
                informative=tr("更正稿以已签发的正文为底稿，沿用主送、抄送、密级、印数等发文要素（可在更正稿中修改），"
                               "须重新核稿、签发和印发；更正稿印发后，原纪要标为“已更正”，仍可查阅。"))

    # --- the signing sheet ------------------------------------------------------------------

    def show_sheet(self) -> None:
        if self.detail is None:
            return
        if self.directory is None:
            self.directory = pdf_pages.new_directory()
        office, minutes_id, day, directory = self.office, self.detail.id, self.route_date.day(), self.directory
        ratio = self.devicePixelRatioF()
        self.runner.run(lambda: render_sheet(office, minutes_id, day, directory, ratio), on_success=self._open_sheet,
                        parent=self.window(), label=tr("正在生成签发单…"))

    def _open_sheet(self, pages: Pages) -> None:
        if self.sheet_dialog is None:
            dialog = QDialog(self.window())
            dialog.setObjectName("signingSheetDialog")
            dialog.resize(820, 760)
            preview = PdfPreview(self.runner, dialog)
            preview.setObjectName("sheetPreview")
            layout = QVBoxLayout(dialog)
            layout.addWidget(preview)
            self.sheet_dialog = dialog
        dialog = self.sheet_dialog
        shown = dialog.findChild(PdfPreview, "sheetPreview")
        assert shown is not None and self.detail is not None
        dialog.setWindowTitle(tr("签发单：%1").replace("%1", self.detail.meeting_name))
        shown.doc_name = f"{self.detail.meeting_name}{tr('纪要签发单')}"
        shown.show_pages(pages)
        dialog.show()
        dialog.raise_()

    def _files_wiped(self) -> None:
        """The screen locked: the signing sheet's PDF is gone. Its dialog stays (the unlock shows
        again what was open), empty, saying how to draw it again."""
        if self.directory is None:
            return
        self.directory = None
        shown = self.sheet_dialog.findChild(PdfPreview, "sheetPreview") if self.sheet_dialog is not None else None
        if shown is not None:
            shown.forget()
            shown.status.setText(tr("锁屏时已删除签发单文件。请再点“打印签发单…”生成。"))

    def remove_files(self) -> None:
        if self.sheet_dialog is not None:
            self.sheet_dialog.close()
        pdf_pages.remove_directory(self.directory)
        self.directory = None
