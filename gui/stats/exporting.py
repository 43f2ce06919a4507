"""A chart to PNG or PDF, a table (or every table) to .xlsx: the save dialog, the file, then the
audit record (统计.导出, like the other exports of office data). The chart is drawn again for the
file by the painter that draws it on screen, not grabbed from the screen: laid out at one size
whatever the window's, the PNG at twice that size, the PDF with its text and bars as vectors and
the CJK font embedded by Qt's PDF writer."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QFileDialog, QWidget

from core.documents.pdf_file import replaced_when_complete
from core.errors import StorageError
from core.stats.figure import Chart
from core.stats.period import DateRange
from gui.stats.charts import BarPainter, height_for, px_font
from gui.stats.range_bar import tr

PNG_SCALE = 2  # pixels per point of the layout: sharp on a slide or in a printed report
PDF_DPI = 300
EXPORT_WIDTH, EXPORT_MIN_HEIGHT = 1000, 560
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


def export_size(chart: Chart) -> QSizeF:
    """The size the chart is laid out at for a file, whatever the window's: every export of a
    figure looks the same. A little taller than on screen, for the rows of a lying chart."""
    return QSizeF(EXPORT_WIDTH, max(EXPORT_MIN_HEIGHT, height_for(chart) + 60))


def write_png(chart: Chart, title: str, path: Path) -> Path:
    """The file appears only when complete (core.documents.pdf_file), as every document does."""
    size = export_size(chart)
    image = QImage(int(size.width()) * PNG_SCALE, int(size.height()) * PNG_SCALE, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.scale(PNG_SCALE, PNG_SCALE)
    BarPainter(chart, title).paint(painter, QRectF(QPointF(0, 0), size))
    painter.end()
    with replaced_when_complete(path) as tmp:
        if not image.save(str(tmp), "PNG"):
            raise _unwritable(path)
    return path


def write_pdf(chart: Chart, title: str, path: Path, heading: str) -> Path:
    """A landscape A4 page: the heading (office, range, as of), then the chart filling the page,
    its text as text in the embedded CJK font, its bars as vectors."""
    size = export_size(chart)
    with replaced_when_complete(path) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(PDF_DPI)
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                         QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
        writer.setTitle(heading)
        writer.setCreator(tr("会务"))
        painter = QPainter()
        if not painter.begin(writer):
            raise _unwritable(path)
        scale = writer.width() / size.width()  # layout units to the page's dots, heading included
        painter.scale(scale, scale)
        page = QRectF(0, 0, size.width(), writer.height() / scale)
        font = px_font(10)
        line = QFontMetricsF(font).height() * 1.8
        painter.setFont(font)
        painter.drawText(QRectF(page.left(), page.top(), page.width(), line),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), heading)
        height = min(size.height(), page.height() - line)
        BarPainter(chart, title).paint(painter, QRectF(0, line, size.width(), height))
        painter.end()
    return path


def _unwritable(path: Path) -> StorageError:
    return StorageError(tr("无法写入 %1，请换一个文件夹或文件名。").replace("%1", str(path.parent)))
