"""会议文件: the notice, the sign-in sheet and the attendance summary, rendered to PDF on the
worker, previewed as page images, opened in the PDF viewer, saved elsewhere, printed through
Qt's print dialog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.documents.meeting_docs import notice_date, render_attendance, render_notice, render_signin
from core.keeping.hardening import write_private  # a saved PDF is this user's only (0600)
from core.model.enums import MeetingStatus
from core.office import Office
from core.services.meeting_types import MeetingDetail
from gui import roles, temp_area
from gui.meetings import pdf_pages
from gui.meetings.common import day_text, tr
from gui.meetings.notice_dialog import NoticeIssuedDialog
from gui.messages import show_error, show_info
from gui.ops import OpRunner
from gui.page_strip import PageStrip

PREVIEW_WIDTH = 720


@dataclass(frozen=True)
class Document:
    key: str
    title: str
    file_stem: str


DOCUMENTS = (
    Document("notice", "会议通知", "会议通知"),
    Document("signin", "签到表", "签到表"),
    Document("attendance", "出席情况", "出席情况"),
)


@dataclass(frozen=True)
class Rendered:
    document: Document
    pdf: Path
    pages: list[pdf_pages.PageImage]
    previews: list[QImage] = field(default_factory=list)  # drawn on the worker at the width shown
    preview_problem: str = ""  # why there are no pages (a damaged PDF, no memory)
    detail: MeetingDetail | None = None  # the meeting as rendered (the notice's issue date)


def render(office: Office, meeting_id: int, document: Document, directory: Path, ratio: float = 1.0) -> Rendered:
    """On the worker: the meeting as it is now, to a PDF, then its pages for the preview and printing
    (`ratio`: the screen's device pixel ratio)."""
    detail = office.meetings.detail(meeting_id)
    pdf = directory / f"{document.file_stem}.pdf"
    if document.key == "notice":
        render_notice(pdf, detail, office_name=office.settings.office_name(),
                      issued_on=notice_date(detail, office.meetings.today()))
    elif document.key == "signin":
        render_signin(pdf, detail)
    else:
        render_attendance(pdf, detail)
    try:
        return Rendered(document, pdf, pdf_pages.page_images(pdf), pdf_pages.previews(pdf, PREVIEW_WIDTH, ratio),
                        detail=detail)
    except pdf_pages.RenderFailed as exc:
        return Rendered(document, pdf, [], preview_problem=tr("页面预览生成失败（%1），请用 PDF 阅读器打开查看和打印。")
                        .replace("%1", exc.reason), detail=detail)


def notice_state(detail: MeetingDetail, today: dt.date) -> str:
    """What date the notice carries, and why, for the line above its preview."""
    if detail.notice_issued_on is not None:
        return tr("通知已于%1印发，落款为印发日期。").replace("%1", day_text(detail.notice_issued_on))
    if detail.status is MeetingStatus.PLANNED:
        return tr("通知尚未登记印发，落款暂为今天（%1）。印发后请点“登记印发…”，以后打印都以印发日期落款。").replace(
            "%1", day_text(today))
    return tr("通知未登记印发日期，落款日期留空。如已印发，请点“登记印发…”补登。")


class DocumentsPanel(QWidget):
    def __init__(self, office: Office, runner: OpRunner, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentsPanel")
        self.office = office
        self.runner = runner
        self.meeting_id = meeting_id
        self.meeting_name = ""
        self.directory: Path | None = None
        self.rendered: Rendered | None = None
        self._printer: QPrinter | None = None  # lives as long as its print dialog may use it

        self.document_group = QButtonGroup(self)
        self.document_buttons: dict[str, QPushButton] = {}
        choose = QHBoxLayout()
        choose.setSpacing(0)
        for document in DOCUMENTS:
            button = QPushButton(tr(document.title))
            button.setObjectName("doc_" + document.key)
            button.setCheckable(True)
            button.setMinimumWidth(90)
            button.setStyleSheet("QPushButton { border: 1px solid #c9c4b8; padding: 5px 12px; background: #faf9f6; }"
                                 "QPushButton:checked { background: #b71c1c; color: white; border-color: #b71c1c; }")
            button.clicked.connect(lambda _=False, d=document: self.show_document(d))
            self.document_group.addButton(button)
            self.document_buttons[document.key] = button
            choose.addWidget(button)
        self.refresh_button = QPushButton(tr("重新生成"))
        self.refresh_button.setObjectName("regenerate")
        self.refresh_button.setToolTip(tr("按会议当前的议程和名单重新生成"))
        self.refresh_button.clicked.connect(lambda: self.show_document(self.rendered.document if self.rendered else
                                                                       DOCUMENTS[0]))
        self.open_button = QPushButton(tr("用 PDF 阅读器打开"))
        self.open_button.setObjectName("openPdf")
        self.open_button.clicked.connect(self.open_in_viewer)
        self.save_button = QPushButton(tr("另存为…"))
        self.save_button.setObjectName("savePdf")
        self.save_button.clicked.connect(self.save_as)
        self.print_button = QPushButton(tr("打印…"))
        self.print_button.setObjectName("print")
        self.print_button.clicked.connect(self.print_document)
        self.issue_button = QPushButton(tr("登记印发…"))
        self.issue_button.setObjectName("noticeIssued")
        self.issue_button.setToolTip(tr("登记通知的印发日期：通知以印发日期落款，而不是打印的日期"))
        self.issue_button.clicked.connect(self.record_issue)
        self.notice_label = QLabel()
        self.notice_label.setObjectName("noticeState")
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet("color: #555;")
        self.may_issue = roles.allow(office, "workflow", self.issue_button)
        bar = QHBoxLayout()
        bar.addLayout(choose)
        bar.addSpacing(12)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        bar.addWidget(self.issue_button)
        bar.addWidget(self.open_button)
        bar.addWidget(self.save_button)
        bar.addWidget(self.print_button)

        self.preview = PageStrip("documentStatus")
        self.status, self.pages = self.preview.status, self.preview.pages

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.status)
        layout.addWidget(self.preview, 1)
        self._update_buttons()
        self.status.setText(tr("选择上面的文件生成预览。"))
        temp_area.notifier().wiped.connect(self._files_wiped)

    def _update_buttons(self) -> None:
        ready = self.rendered is not None
        self.refresh_button.setEnabled(ready)
        self.open_button.setEnabled(ready)
        self.save_button.setEnabled(ready)
        self.print_button.setEnabled(ready and bool(self.rendered and self.rendered.pages))
        detail = self.rendered.detail if self.rendered is not None else None
        notice = detail is not None and self.rendered is not None and self.rendered.document.key == "notice"
        self.notice_label.setVisible(notice)
        self.issue_button.setVisible(notice and self.may_issue)
        if notice and detail is not None:
            self.notice_label.setText(notice_state(detail, self.office.meetings.today()))
            self.issue_button.setEnabled(detail.status in (MeetingStatus.PLANNED, MeetingStatus.HELD))

    # --- rendering ----------------------------------------------------------------------------

    def show_document(self, document: Document, then: Callable[[Rendered], None] | None = None) -> None:
        self.document_buttons[document.key].setChecked(True)
        if self.directory is None:
            self.directory = pdf_pages.new_directory()
        office, meeting_id, directory, ratio = self.office, self.meeting_id, self.directory, self.devicePixelRatioF()

        def done(rendered: Rendered) -> None:
            self._show(rendered)
            if then is not None:
                then(rendered)

        self.runner.run(lambda: render(office, meeting_id, document, directory, ratio), on_success=done,
                        parent=self.window(), label=tr("正在生成%1…").replace("%1", tr(document.title)))

    def _show(self, rendered: Rendered) -> None:
        self.rendered = rendered
        self.preview.show_images(rendered.previews)
        name = tr(rendered.document.title)
        if rendered.pages:
            self.status.setText(tr("%1：共 %2 页。可打印、另存为 PDF，或用 PDF 阅读器打开。")
                                .replace("%1", name).replace("%2", str(len(rendered.pages))))
        else:
            self.status.setText(tr("%1 已生成 PDF。").replace("%1", name) + rendered.preview_problem)
        self._update_buttons()

    def record_issue(self) -> None:
        """登记印发…: the date the notice went out; the notice is drawn again with it."""
        detail = self.rendered.detail if self.rendered is not None else None
        if detail is None:
            return
        dialog = NoticeIssuedDialog(self.runner, self.office.meetings, detail, today=self.office.meetings.today(),
                                    parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.on_saved = lambda _r: self.show_document(DOCUMENTS[0])
        dialog.open()

    def remove_files(self) -> None:
        pdf_pages.remove_directory(self.directory)
        self.directory = None
        self.rendered = None

    def _files_wiped(self) -> None:
        """The screen locked or the user logged out: the PDFs behind the preview are gone."""
        if self.rendered is None and self.directory is None:
            return
        self.remove_files()
        self.preview.clear()
        self.status.setText(tr("锁屏时已删除预览文件。请点上面的文件重新生成。"))
        self._update_buttons()

    # --- using it -----------------------------------------------------------------------------

    def open_in_viewer(self) -> None:
        if self.rendered is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.rendered.pdf)))

    def save_as(self) -> None:
        if self.rendered is None:
            return
        rendered = self.rendered
        suggested = Path.home() / f"{self.meeting_name}{rendered.document.file_stem}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, tr("另存为"), str(suggested), tr("PDF 文件 (*.pdf)"))
        if not path:
            return
        target = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
        def saved(_result: Any) -> None:
            show_info(self, tr("已保存到 %1").replace("%1", str(target)))

        self.runner.run(lambda: write_private(target, rendered.pdf.read_bytes()), on_success=saved, parent=self.window(),
                        label=tr("正在保存…"))

    def print_document(self) -> None:
        if self.rendered is None or not self.rendered.pages:
            return
        pages = list(self.rendered.pages)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)  # the page images carry the document's own margins
        printer.setDocName(f"{self.meeting_name}{self.rendered.document.title}")
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("printDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setMinMax(1, len(pages))

        def accepted(*_args: Any) -> None:
            try:
                pdf_pages.print_pages(printer, self._chosen(printer, pages))
            except pdf_pages.RenderFailed as exc:
                show_error(self, exc.message)

        dialog.accepted.connect(accepted)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        self._printer = printer

    @staticmethod
    def _chosen(printer: QPrinter, pages: list[pdf_pages.PageImage]) -> list[pdf_pages.PageImage]:
        if printer.printRange() == QPrinter.PrintRange.PageRange:
            first, last = printer.fromPage(), printer.toPage()
            return pages[first - 1:last]
        return pages
