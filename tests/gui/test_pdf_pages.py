"""gui.meetings.pdf_pages: PDF pages drawn in-process by PDFium, in order, at the print and preview
sizes, in colour, CJK text included; nothing written beside the PDF; a damaged PDF says so in Chinese."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter

from core.documents.fonts import Face, register
from gui.meetings import pdf_pages

A4 = (595.2756, 841.8898)
A5 = (419.5276, 595.2756)


def three_pages(path: Path) -> Path:
    """A4 portrait, A4 landscape, A5: each page's size tells where it went. Page 1 has a red
    square at its top left and a line of 仿宋 text."""
    from reportlab.pdfgen.canvas import Canvas

    font = register(Face.FANGSONG).reportlab_name
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFillColorRGB(1, 0, 0)
    canvas.rect(0, A4[1] - 72, 72, 72, stroke=0, fill=1)  # one inch square
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(font, 32)
    canvas.drawString(72, A4[1] - 200, "区政府常务会议纪要")
    canvas.showPage()
    canvas.setPageSize((A4[1], A4[0]))
    canvas.showPage()
    canvas.setPageSize(A5)
    canvas.showPage()
    canvas.save()
    return path


def dark_pixels(image: QImage, x0: int, y0: int, x1: int, y1: int) -> int:
    return sum(1 for y in range(y0, y1, 2) for x in range(x0, x1, 2) if QColor(image.pixel(x, y)).lightness() < 100)


def test_pages_in_order_at_200_dpi_and_nothing_written_beside_the_pdf(qapp, tmp_path: Path) -> None:
    pdf = three_pages(tmp_path / "纪要.pdf")  # a Chinese file name, as the program's own
    pages = pdf_pages.page_images(pdf)
    assert [(p.pdf, p.index, p.dpi) for p in pages] == [(pdf, 0, 200), (pdf, 1, 200), (pdf, 2, 200)]
    sizes = [(image.width(), image.height()) for image in (p.image() for p in pages)]
    assert sizes == [(1654, 2339), (2339, 1654), (1166, 1654)]  # points × 200 / 72, rounded up
    assert sorted(p.name for p in tmp_path.iterdir()) == ["纪要.pdf"]


def test_colour_and_cjk_text_are_drawn(qapp, tmp_path: Path) -> None:
    image = pdf_pages.page_images(three_pages(tmp_path / "p.pdf"))[0].image()
    assert image.format() == QImage.Format.Format_RGB888
    assert QColor(image.pixel(100, 100)).getRgb()[:3] == (255, 0, 0)  # red stays red (byte order)
    assert QColor(image.pixel(1000, 1000)).getRgb()[:3] == (255, 255, 255)  # the page is white
    # 9 characters of 32 pt from x = 1 inch, baseline 200 pt down: ink there, none to their right.
    top = round((200 - 32) * 200 / 72)
    assert dark_pixels(image, 200, top, 200 + round(9 * 32 * 200 / 72), top + 100) > 500
    assert dark_pixels(image, 1200, top, 1600, top + 100) == 0


def test_previews_and_the_first_page_are_drawn_at_the_width_shown(qapp, tmp_path: Path) -> None:
    pdf = three_pages(tmp_path / "p.pdf")
    assert [image.width() for image in pdf_pages.previews(pdf, 720)] == [720, 720, 720]
    first = pdf_pages.first_page_image(pdf, 720)
    assert (first.width(), first.height()) == (720, 1019)  # A4 (595×842 pt) at 720 px, not scaled up afterwards


def test_on_a_scaled_screen_the_pages_are_drawn_with_more_pixels_not_stretched(qapp, tmp_path: Path) -> None:
    pdf = three_pages(tmp_path / "p.pdf")
    for image in (*pdf_pages.previews(pdf, 720, 1.5), pdf_pages.first_page_image(pdf, 720, 1.5)):
        assert (image.width(), image.devicePixelRatio()) == (1080, 1.5)
        assert round(image.deviceIndependentSize().width()) == 720  # the same size on the screen


def test_a_damaged_or_missing_pdf_says_why_in_chinese(qapp, tmp_path: Path) -> None:
    good = three_pages(tmp_path / "good.pdf").read_bytes()
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(good[:200])
    with pytest.raises(pdf_pages.RenderFailed) as failed:
        pdf_pages.page_images(damaged)
    assert failed.value.reason == "PDF 文件已损坏或无法读取"
    assert "PDF 阅读器" in failed.value.message
    with pytest.raises(pdf_pages.RenderFailed) as failed:
        pdf_pages.previews(tmp_path / "gone.pdf", 720)
    assert failed.value.reason == "无法读取 PDF 文件"


def test_out_of_memory_is_named(qapp, tmp_path: Path, monkeypatch) -> None:
    import pypdfium2

    def no_memory(_data: bytes) -> None:
        raise MemoryError

    monkeypatch.setattr(pypdfium2, "PdfDocument", no_memory)
    with pytest.raises(pdf_pages.RenderFailed) as failed:
        pdf_pages.first_page_image(three_pages(tmp_path / "p.pdf"), 720)
    assert failed.value.reason == "内存不足"


def test_printing_draws_every_page_and_a_lost_pdf_prints_nothing(qapp, tmp_path: Path) -> None:
    import pypdfium2

    pdf = three_pages(tmp_path / "p.pdf")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setFullPage(True)
    assert pdf_pages.print_pages(printer, pdf_pages.page_images(pdf)) == 3
    with pypdfium2.PdfDocument((tmp_path / "printed.pdf").read_bytes()) as printed:
        assert len(printed) == 3

    lost = pdf_pages.page_images(pdf)
    pdf.unlink()
    again = QPrinter(QPrinter.PrinterMode.HighResolution)
    again.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    again.setOutputFileName(str(tmp_path / "again.pdf"))
    with pytest.raises(pdf_pages.RenderFailed):
        pdf_pages.print_pages(again, lost)
    assert not (tmp_path / "again.pdf").exists()  # checked before the job began


def test_one_thread_at_a_time_in_pdfium(qapp, tmp_path: Path) -> None:
    """The worker draws previews while the GUI thread prints: the lock keeps PDFium to one thread."""
    pdf = three_pages(tmp_path / "p.pdf")
    results: list[list[int]] = []

    def draw() -> None:
        results.append([image.width() for image in pdf_pages.previews(pdf, 360)])

    threads = [threading.Thread(target=draw) for _ in range(4)]
    for thread in threads:
        thread.start()
    for _ in range(3):
        assert pdf_pages.page_images(pdf)[1].image().width() == 2339
    for thread in threads:
        thread.join(timeout=30)
    assert results == [[360, 360, 360]] * 4
