"""A chart to PNG or PDF, a table (or every table) to .xlsx: the save dialog, the file, then the
audit record (统计.导出, like the other exports of office data). The chart is drawn again at the
file's size, not grabbed from the screen: the PNG is sharp at twice the view's size and the PDF
keeps its text and bars as vectors, with the CJK font embedded by Qt's PDF writer."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QFileDialog, QWidget

from core.documents.pdf_file import replaced_when_complete
from core.errors import StorageError
from core.stats.period import DateRange
from gui.look import ui_font
from gui.stats.range_bar import tr

PNG_SCALE = 2
PDF_DPI = 300
UNSAFE = re.compile(r'[\\/:*?"<>|]')


def file_stem(title: str, r: DateRange) -> str:
    """A file name a secretary recognises: the figure and the range, without characters a
    file system refuses."""
    return UNSAFE.sub("_", f"{title}（{r.label}）")


def ask_path(parent: QWidget, caption: str, stem: str, suffix: str, kind: str) -> Path | None:
    """The save dialog, in Chinese; the suffix added when the name typed has none."""
    path, _ = QFileDialog.getSaveFileName(parent, caption, str(Path.home() / f"{stem}{suffix}"),
                                          f"{kind} (*{suffix})")
    if not path:
        return None
    return Path(path if path.lower().endswith(suffix) else path + suffix)


def write_png(view: QChartView, path: Path) -> Path:
    """The file appears only when complete (core.documents.pdf_file), as every document does."""
    with replaced_when_complete(path) as tmp:
        _png(view, tmp)
    return path


def write_pdf(view: QChartView, path: Path, heading: str) -> Path:
    with replaced_when_complete(path) as tmp:
        _pdf(view, tmp, heading)
    return path


def _png(view: QChartView, path: Path) -> None:
    size = view.size()
    image = QImage(size.width() * PNG_SCALE, size.height() * PNG_SCALE, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.render(painter, QRectF(0, 0, image.width(), image.height()), view.rect())
    painter.end()
    if not image.save(str(path), "PNG"):
        raise _unwritable(path)


def _unwritable(path: Path) -> StorageError:
    return StorageError(tr("无法写入 %1，请换一个文件夹或文件名。").replace("%1", str(path.parent)))


def _pdf(view: QChartView, path: Path, heading: str) -> None:
    """A landscape A4 page: the heading (office, range, as of), then the chart filling the page."""
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    writer.setTitle(heading)
    writer.setCreator(tr("会务"))
    painter = QPainter()
    if not painter.begin(writer):
        raise _unwritable(path)
    page = QRectF(0, 0, writer.width(), writer.height())
    font = ui_font(10)
    painter.setFont(font)
    line = painter.fontMetrics().height() * 1.6
    painter.drawText(QRectF(page.left(), page.top(), page.width(), line),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, heading)
    chart_area = QRectF(page.left(), page.top() + line, page.width(), page.height() - line)
    source = QSizeF(view.size())
    scale = min(chart_area.width() / source.width(), chart_area.height() / source.height())
    target = QRectF(chart_area.left(), chart_area.top(), source.width() * scale, source.height() * scale)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.render(painter, target, view.rect())
    painter.end()
