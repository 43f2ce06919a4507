"""A rendered PDF as page images (through poppler's pdftoppm, where the machine has it), for the
preview and for printing through Qt's print dialog. Without pdftoppm the program says so and
the PDF goes to the system's PDF viewer instead.

The files live in a private temporary directory that goes when the meeting page closes, and
at exit whatever is left."""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

PRINT_DPI = 200
_live: set[Path] = set()


def pdftoppm() -> str | None:
    return shutil.which("pdftoppm")


def new_directory() -> Path:
    directory = Path(tempfile.mkdtemp(prefix="huiwu-docs-"))  # mkdtemp makes it 0700
    _live.add(directory)
    return directory


def remove_directory(directory: Path | None) -> None:
    if directory is not None:
        shutil.rmtree(directory, ignore_errors=True)
        _live.discard(directory)


@atexit.register
def _remove_all() -> None:
    for directory in list(_live):
        remove_directory(directory)


def page_images(pdf: Path, dpi: int = PRINT_DPI) -> list[Path]:
    """On the worker: one PNG per page beside the PDF; [] where pdftoppm is missing."""
    tool = pdftoppm()
    if tool is None:
        return []
    prefix = pdf.with_suffix("")
    for old in pdf.parent.glob(prefix.name + "-*.png"):
        old.unlink()
    subprocess.run([tool, "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True, capture_output=True,
                   timeout=120)
    return sorted(pdf.parent.glob(prefix.name + "-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


FIRST_PAGE_DPI = 72  # enough for the preview's width; the first page shows in a fraction of a second


def first_page_image(pdf: Path, dpi: int = FIRST_PAGE_DPI) -> Path | None:
    """On the worker: page 1 alone at screen resolution, shown while the rest is rendered."""
    tool = pdftoppm()
    if tool is None:
        return None
    prefix = pdf.with_name(pdf.stem + "-first")
    subprocess.run([tool, "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(prefix)],
                   check=True, capture_output=True, timeout=60)
    made = prefix.with_suffix(".png")
    return made if made.exists() else None


def print_pages(printer: QPrinter, images: list[Path]) -> int:
    """Paint each page image onto a printer page, scaled to fit; returns the pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    printed = 0
    try:
        for i, path in enumerate(images):
            image = QImage(str(path))
            if image.isNull():
                continue
            if i:
                printer.newPage()
            page = painter.viewport()
            size = image.size().scaled(page.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(page.x() + (page.width() - size.width()) // 2, page.y(), size.width(), size.height())
            painter.drawImage(target, image)
            printed += 1
    finally:
        painter.end()
    return printed
