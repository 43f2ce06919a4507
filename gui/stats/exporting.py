"""A chart to PNG or PDF, a table (or every table) to .xlsx: the save dialog, the file, then the
audit record (统计.导出, like the other exports of office data). The chart is drawn again for the
file, not grabbed from the screen: laid out at one size whatever the window's, the PNG at twice
that size, the PDF with its text and bars as vectors and the CJK font embedded by Qt's writer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QFileDialog, QGraphicsScene, QWidget

from core.documents.pdf_file import replaced_when_complete
from core.errors import StorageError
from core.stats.figure import Chart
from core.stats.period import DateRange
from gui.look import ui_font
from gui.stats.charts import build_chart, height_for
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
    """The size the chart is laid out at for a file, whatever the window's size: every export of a
    figure looks the same. A little taller than on screen, for the rows of a horizontal chart."""
    return QSizeF(EXPORT_WIDTH, max(EXPORT_MIN_HEIGHT, height_for(chart) + 60))


@contextmanager
def laid_out(chart: Chart, title: str) -> Iterator[tuple[QGraphicsScene, QSizeF]]:
    """A chart of its own, off screen, laid out at the export size (the scene owns it)."""
    scene = QGraphicsScene()
    qchart = build_chart(chart, title)
    scene.addItem(qchart)
    size = export_size(chart)
    qchart.resize(size)
    qchart.layout().activate()  # now, not when the event loop comes round
    try:
        yield scene, size
    finally:
        scene.clear()


def write_png(chart: Chart, title: str, path: Path) -> Path:
    """The file appears only when complete (core.documents.pdf_file), as every document does."""
    with replaced_when_complete(path) as tmp, laid_out(chart, title) as (scene, size):
        image = QImage(int(size.width()) * PNG_SCALE, int(size.height()) * PNG_SCALE, QImage.Format.Format_ARGB32)
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scene.render(painter, QRectF(0, 0, image.width(), image.height()), QRectF(QPointF(0, 0), size))
        painter.end()
        if not image.save(str(tmp), "PNG"):
            raise _unwritable(path)
    return path


def write_pdf(chart: Chart, title: str, path: Path, heading: str) -> Path:
    """A landscape A4 page: the heading (office, range, as of), then the chart filling the page."""
    with replaced_when_complete(path) as tmp, laid_out(chart, title) as (scene, size):
        writer = QPdfWriter(str(tmp))
        writer.setResolution(PDF_DPI)
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                         QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
        writer.setTitle(heading)
        writer.setCreator(tr("会务"))
        painter = QPainter()
        if not painter.begin(writer):
            raise _unwritable(path)
        page = QRectF(0, 0, writer.width(), writer.height())
        painter.setFont(ui_font(10))
        line = painter.fontMetrics().height() * 1.6
        painter.drawText(QRectF(page.left(), page.top(), page.width(), line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, heading)
        area = QRectF(page.left(), page.top() + line, page.width(), page.height() - line)
        scale = min(area.width() / size.width(), area.height() / size.height())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scene.render(painter, QRectF(area.topLeft(), size * scale), QRectF(QPointF(0, 0), size))
        painter.end()
    return path


def _unwritable(path: Path) -> StorageError:
    return StorageError(tr("无法写入 %1，请换一个文件夹或文件名。").replace("%1", str(path.parent)))
