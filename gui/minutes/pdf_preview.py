"""A rendered PDF shown as page images, with 打印…, 另存为… and the PDF viewer. Rendering and the
previews are made on the worker (gui.meetings.pdf_pages); printing draws the pages and paints them
through Qt's print dialog on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from core.keeping.hardening import write_private  # a saved PDF is this user's only (0600)
from gui.meetings import pdf_pages
from gui.meetings.documents_panel import PREVIEW_WIDTH, DocumentsPanel
from gui.messages import show_error, show_info
from gui.minutes.common import tr
from gui.ops import OpRunner
from gui.page_strip import PageStrip


@dataclass(frozen=True)
class Pages:
    title: str
    pdf: Path
    pages: list[pdf_pages.PageImage]
    previews: list[QImage] = field(default_factory=list)
    problem: str = ""  # why there are no pages (a damaged PDF, no memory)
    fonts: str = ""  # one sentence: which fonts print it, stand-ins named (shown before printing)
    font_details: str = ""  # role by role with the files: the sentence's tooltip


def page_set(title: str, pdf: Path, ratio: float = 1.0) -> Pages:
    """On the worker: the pages of a rendered PDF, and previews drawn for the screen (`ratio`: its
    device pixel ratio)."""
    try:
        return Pages(title, pdf, pdf_pages.page_images(pdf), pdf_pages.previews(pdf, PREVIEW_WIDTH, ratio))
    except pdf_pages.RenderFailed as exc:
        return Pages(title, pdf, [], problem=tr("页面预览生成失败（%1），请用 PDF 阅读器打开查看和打印。")
                     .replace("%1", exc.reason))


def open_print_dialog(parent: QWidget, doc_name: str, pages: list[pdf_pages.PageImage], *,
                      numbered: bool = False,
                      then: Callable[[int], None] | None = None) -> tuple[QPrintDialog, QPrinter]:
    """Qt's print dialog over `parent`; the chosen pages are painted when the user accepts.
    Numbered copies (each its own 份号) print once each: the dialog's copy count would repeat a 份号.
    The caller keeps the printer as long as the dialog may use it."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)  # the page images carry the document's own margins
    printer.setDocName(doc_name)
    dialog = QPrintDialog(printer, parent)
    dialog.setObjectName("printDialog")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setMinMax(1, max(1, len(pages)))

    def accepted(*_args: Any) -> None:
        if numbered:
            printer.setCopyCount(1)
        try:
            printed = pdf_pages.print_pages(printer, DocumentsPanel._chosen(printer, pages))
        except pdf_pages.RenderFailed as exc:
            show_error(parent, exc.message)
            return
        if then is not None:
            then(printed)

    dialog.accepted.connect(accepted)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show()
    return dialog, printer


class PdfPreview(QWidget):
    def __init__(self, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.may_copy = True  # False: a classified document the account may view but not copy
        self.not_allowed = ""  # why not, for the buttons' tooltips
        self.setObjectName("pdfPreview")
        self.runner = runner
        self.shown: Pages | None = None
        self.doc_name = ""
        #: replace the plain print and save (classified minutes print and save numbered copies)
        self.print_handler: Callable[[], None] | None = None
        self.save_handler: Callable[[], None] | None = None
        #: why the PDF may not be opened outside the program ("" when it may)
        self.viewer_refused = ""
        self._printer: QPrinter | None = None  # lives as long as its print dialog may use it

        self.open_button = QPushButton(tr("用 PDF 阅读器打开"))
        self.open_button.setObjectName("openPdf")
        self.open_button.clicked.connect(self.open_in_viewer)
        self.save_button = QPushButton(tr("另存为…"))
        self.save_button.setObjectName("savePdf")
        self.save_button.clicked.connect(self.save_as)
        self.print_button = QPushButton(tr("打印…"))
        self.print_button.setObjectName("print")
        self.print_button.clicked.connect(self.print_document)
        self.bar = QHBoxLayout()
        self.bar.addStretch(1)
        self.bar.addWidget(self.open_button)
        self.bar.addWidget(self.save_button)
        self.bar.addWidget(self.print_button)

        self.scroll_area = PageStrip("previewStatus")
        self.status, self.pages = self.scroll_area.status, self.scroll_area.pages
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.scroll_area, 1)
        self._update_buttons()

    def set_may_copy(self, allowed: bool, why: str = "") -> None:
        """Whether the account may print, save or open a copy; the buttons say `why` when not."""
        self.may_copy, self.not_allowed = allowed, why
        self._update_buttons()

    def refuse_viewer(self, why: str) -> None:
        """Classified minutes: no external viewer, which could print or save an unregistered copy."""
        self.viewer_refused = why
        self._update_buttons()

    def _update_buttons(self) -> None:
        # The account's refusal first (it covers all three); the viewer's applies to every account.
        why = "" if self.may_copy else self.not_allowed
        self.save_button.setToolTip(why)
        self.print_button.setToolTip(why)
        self.open_button.setToolTip(why or self.viewer_refused)
        ready = self.shown is not None and self.may_copy
        self.open_button.setEnabled(ready and not self.viewer_refused)
        self.save_button.setEnabled(ready)
        self.print_button.setEnabled(ready and bool(self.shown and self.shown.pages))

    def show_pages(self, shown: Pages) -> None:
        self.shown = shown
        self.scroll_area.show_images(shown.previews)
        if shown.pages:
            self.status.setText(tr("%1：共 %2 页。").replace("%1", shown.title).replace("%2", str(len(shown.pages)))
                                + shown.fonts)
            self.status.setToolTip(shown.font_details)
        else:
            self.status.setText(tr("%1 已生成 PDF。").replace("%1", shown.title) + shown.problem)
        self._update_buttons()

    def clear_pages(self) -> None:
        self.scroll_area.clear()

    def forget(self) -> None:
        self.shown = None
        self.clear_pages()
        self._update_buttons()

    def open_in_viewer(self) -> None:
        if self.shown is not None and self.may_copy and not self.viewer_refused:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.shown.pdf)))

    def save_as(self) -> None:
        if self.shown is None or not self.may_copy:
            return
        if self.save_handler is not None:
            self.save_handler()
            return
        source = self.shown.pdf
        suggested = Path.home() / f"{self.doc_name or source.stem}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, tr("另存为"), str(suggested), tr("PDF 文件 (*.pdf)"))
        if not path:
            return
        target = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
        def saved(_result: Any) -> None:
            show_info(self, tr("已保存到 %1").replace("%1", str(target)))

        self.runner.run(lambda: write_private(target, source.read_bytes()), on_success=saved, parent=self.window(),
                        label=tr("正在保存…"))

    def print_document(self) -> None:
        if self.shown is None or not self.shown.pages:
            return
        if self.print_handler is not None:
            self.print_handler()
            return
        _dialog, self._printer = open_print_dialog(self, self.doc_name or self.shown.title, list(self.shown.pages))
