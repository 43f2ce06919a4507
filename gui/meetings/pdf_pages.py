"""A rendered PDF's pages, drawn in-process by PDFium (pypdfium2), for the preview and for
printing through Qt's print dialog. Nothing outside the program is needed, on Linux or Windows.

A page is kept as where it is (its PDF, in a private folder of gui.temp_area that goes when the
meeting page or the minutes window closes, when the screen locks, and at exit), not as an image file:
PDFium draws an A4 page at 200 dpi in about 10 ms, less than reading a PNG back takes. So the
preview is drawn straight at the width shown, printing draws each page as it is painted onto the
printer, nothing but the PDFs is written to disk, and a run of numbered copies never holds more
than one full-size page image in memory.

PDFium is not thread-safe: every use holds one lock, core.documents.pdfium_lock (the worker draws previews while the GUI
thread may be printing). The PDF is read into memory before PDFium opens it, so no file handle
stays open (Windows could not remove the directory) and a path in Chinese reaches PDFium intact."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from core.documents.pdfium_lock import PDFIUM as _lock
from core.errors import HuiwuError
from gui import temp_area

PRINT_DPI = 200


def tr(text: str) -> str:
    return QCoreApplication.translate("PdfPages", text)


class RenderFailed(HuiwuError):
    """PDFium could not draw the PDF; `reason` says why in a few Chinese words."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(tr("PDF 页面无法生成（%1）。请点“用 PDF 阅读器打开”查看，并在 PDF 阅读器中打印。")
                         .replace("%1", reason))


@dataclass(frozen=True)
class PageImage:
    """Page `index` (from 0) of `pdf` at `dpi`, drawn when it is painted."""

    pdf: Path
    index: int
    dpi: int = PRINT_DPI

    def image(self) -> QImage:
        with _document(self.pdf) as document:
            return _draw(document[self.index], lambda _width: self.dpi / 72)


def new_directory() -> Path:
    return temp_area.new_folder("docs-")  # 0700, inside the run's folder


def remove_directory(directory: Path | None) -> None:
    if directory is not None:
        shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def _document(pdf: Path) -> Iterator[Any]:
    """The open document, under the lock; whatever goes wrong comes out as RenderFailed."""
    try:
        import pypdfium2 as pdfium  # about 70 ms: imported on first use, never at start-up
    except (ImportError, OSError) as exc:  # a bundle or installation without pdfium's library
        raise RenderFailed(tr("程序缺少 PDF 页面组件 PDFium")) from exc
    try:
        with _lock:
            document = pdfium.PdfDocument(pdf.read_bytes())
            try:
                yield document
            finally:
                document.close()
    except MemoryError as exc:
        raise RenderFailed(tr("内存不足")) from exc
    except OSError as exc:
        raise RenderFailed(tr("无法读取 PDF 文件")) from exc
    except (pdfium.PdfiumError, ValueError, IndexError) as exc:  # a page with no size; a page gone
        raise RenderFailed(tr("PDF 文件已损坏或无法读取")) from exc


def _draw(page: Any, scale_for: Callable[[float], float]) -> QImage:
    """The page on white, in colour; `scale_for(width in points)` gives pixels per point."""
    import pypdfium2.raw as pdfium_c

    bitmap = page.render(scale=scale_for(page.get_width()), force_bitmap_format=pdfium_c.FPDFBitmap_BGR,
                         rev_byteorder=True)  # 3 bytes a pixel, in the order QImage's RGB888 reads
    try:
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888)
        kept = image.copy()  # the bitmap's memory goes with the bitmap
        if kept.isNull():
            raise MemoryError
        return kept
    finally:
        bitmap.close()
        page.close()


def page_images(pdf: Path, dpi: int = PRINT_DPI) -> list[PageImage]:
    """On the worker: the PDF's pages in order, checked to open; drawn at `dpi` when printed."""
    with _document(pdf) as document:
        return [PageImage(pdf, index, dpi) for index in range(len(document))]


def _fit(width: int, ratio: float) -> Callable[[float], float]:
    # A hair under the pixel width: PDFium rounds the pixel size up.
    return lambda points: (round(width * ratio) - 0.001) / points


def _for_screen(image: QImage, ratio: float) -> QImage:
    image.setDevicePixelRatio(ratio)  # shown `width` wide on a scaled screen, sharp
    return image


def previews(pdf: Path, width: int, ratio: float = 1.0) -> list[QImage]:
    """On the worker: every page `width` wide on the screen. `ratio` is the screen's device pixel
    ratio (1.25 at 125 % scaling), read by the window: the page is drawn at width × ratio pixels."""
    with _document(pdf) as document:
        return [_for_screen(_draw(document[index], _fit(width, ratio)), ratio) for index in range(len(document))]


def first_page_image(pdf: Path, width: int, ratio: float = 1.0) -> QImage:
    """On the worker: page 1 alone, as previews() draws it, shown while the rest is drawn."""
    with _document(pdf) as document:
        return _for_screen(_draw(document[0], _fit(width, ratio)), ratio)


def print_pages(printer: QPrinter, pages: list[PageImage]) -> int:
    """Paint each page onto a printer page, scaled to fit; returns the pages printed. Each PDF is
    opened before anything is printed, so a lost or damaged one prints nothing and raises
    RenderFailed. A page failing later (no memory) aborts the job where the printer can (Windows;
    Qt's CUPS and PDF engines cannot: the pages before it come out) and raises RenderFailed."""
    for pdf in dict.fromkeys(page.pdf for page in pages):
        with _document(pdf):
            pass
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    printed = 0
    try:
        for page in pages:
            try:
                image = page.image()
            except RenderFailed:
                printer.abort()
                raise
            if printed:
                printer.newPage()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(area.x() + (area.width() - size.width()) // 2, area.y(), size.width(), size.height())
            painter.drawImage(target, image)
            printed += 1
    finally:
        painter.end()
    return printed
