"""The minutes PDF: rendered on the worker for the preview, and for classified minutes one PDF per
printed copy, each with its own 6-digit 份号 (copy_number 1..N), printed as one job."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from core.documents import font_settings
from core.documents.minutes_pdf import render_minutes
from core.office import Office
from gui.meetings import pdf_pages
from gui.meetings.documents_panel import PREVIEW_WIDTH
from gui.messages import error_label
from gui.minutes.common import tr
from gui.minutes.pdf_preview import Pages, page_set
from gui.ops import CancelToken


def render_first_page(office: Office, minutes_id: int, directory: Path, ratio: float = 1.0) -> Pages:
    """On the worker: the minutes as last saved, to a PDF, and its first page for the screen
    (under half a second for 20 topics: the rest of the pages follow in render_rest)."""
    detail = office.minutes.detail(minutes_id)
    title = tr("纪要（第%1稿）").replace("%1", str(detail.version))
    pdf = render_minutes(directory / "纪要.pdf", detail)
    try:
        first = pdf_pages.first_page_image(pdf, PREVIEW_WIDTH, ratio)
    except pdf_pages.RenderFailed:
        return Pages(title, pdf, [])  # render_rest says why
    return Pages(title, pdf, [], [first])


def render_rest(first: Pages, ratio: float = 1.0) -> Pages:
    """On the worker: every page, for the preview and for printing, and the sentence saying which
    fonts print it (stand-ins named)."""
    said, details = font_settings.summary()
    return dataclasses.replace(page_set(first.title, first.pdf, ratio), fonts=said, font_details=details)


def render_copies(office: Office, minutes_id: int, recipients: list[str], directory: Path,
                  token: CancelToken) -> list[pdf_pages.PageImage]:
    """On the worker: one copy per recipient, taking the next planned 份号 of the 印数 on the copy
    register first (who gets which, when, printed by whom), each its own PDF with its 份号, as
    pages in print order."""
    numbers = office.minutes.register_copies(minutes_id, recipients, printed_on=office.minutes.today())
    return render_numbered(office, minutes_id, numbers, directory, token)


def reprint_lost(office: Office, minutes_id: int, lost: int, reason: str, directory: Path,
                 token: CancelToken) -> list[pdf_pages.PageImage]:
    """On the worker: a new numbered copy for a lost one, recorded on the register as its reprint."""
    number = office.minutes.reprint_lost(minutes_id, lost, printed_on=office.minutes.today(), reason=reason)
    return render_numbered(office, minutes_id, [number], directory, token)


def render_numbered(office: Office, minutes_id: int, numbers: list[int], directory: Path,
                    token: CancelToken) -> list[pdf_pages.PageImage]:
    detail = office.minutes.detail(minutes_id)
    pages: list[pdf_pages.PageImage] = []
    for number in numbers:
        token.raise_if_cancelled()
        pdf = render_minutes(directory / f"copy-{number:06d}.pdf", detail, copy_number=number)
        pages += pdf_pages.page_images(pdf)
    return pages


class CopiesDialog(QDialog):
    """Who receives the numbered copies to print (classified minutes): one line per recipient, at
    most as many as the 印数 planned still leaves (the register numbers exactly those copies)."""

    def __init__(self, classification: str, planned: int, printed: int, then: Callable[[list[str]], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("copiesDialog")
        self.setWindowTitle(tr("打印涉密纪要"))
        self.setMinimumWidth(440)
        text = QLabel(tr("本纪要密级为“%1”，每份打印件带有各自的份号（000001 起依次编号）。")
                      .replace("%1", classification))
        text.setWordWrap(True)
        self.recipients = QPlainTextEdit()
        self.recipients.setObjectName("recipients")
        self.recipients.setPlaceholderText(tr("每行一个接收单位或人员，如：\n区委办公室\n区人大常委会办公室"))
        self.recipients.setMinimumHeight(140)
        self.left = max(planned - printed, 0)
        note = QLabel(tr("生成时即按顺序编号并登记到份号登记簿（接收单位、日期、印制人）。签发单所列印数 %1 份，"
                         "已印制 %2 份，尚可印制 %3 份；遗失补印请在份号登记簿中办理。")
                      .replace("%1", str(planned)).replace("%2", str(printed)).replace("%3", str(self.left)))
        note.setObjectName("registerNote")
        note.setWordWrap(True)
        note.setStyleSheet("color: #b26a00;")
        self.error = error_label()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(tr("生成并打印…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setEnabled(self.left > 0)
        buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(tr("接收单位："), self.recipients)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.accepted.connect(lambda: then(self.names()))

    def _check(self) -> None:
        names = self.names()
        if not names:
            self.error.setText(tr("请至少填写一个接收单位或人员。"))
        elif len(names) > self.left:
            self.error.setText(tr("印数为签发单所列的份数，尚可印制 %1 份，填写了 %2 个接收单位。")
                               .replace("%1", str(self.left)).replace("%2", str(len(names))))
        else:
            self.accept()

    def names(self) -> list[str]:
        return [line.strip() for line in self.recipients.toPlainText().splitlines() if line.strip()]
