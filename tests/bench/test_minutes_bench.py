"""A 20-topic minutes PDF: under 300 ms once fonts are loaded, and at most 4× a plain reportlab
Paragraph build of the same text measured in the same run (issue 5, Speed)."""

from __future__ import annotations

import dataclasses
import statistics
import time
from pathlib import Path

from core.documents.fonts import Face, register
from core.documents.minutes_pdf import render_minutes
from core.services.minutes_types import Section
from tests.core.test_minutes_pdf import articles, detail

TARGET_S = 0.300
MAX_RATIO = 4.0


def twenty_topics():
    paras = articles()
    sections = tuple(Section(f"关于第{i + 1}项议题的事项", "\n".join(paras[(i * 2) % 38:(i * 2) % 38 + 2]))
                     for i in range(20))
    base = detail()
    return dataclasses.replace(base, content=dataclasses.replace(base.content, sections=sections))


def plain_paragraphs(path: Path, d) -> None:
    """The baseline: reportlab's own flowables, one CJK font, no grid, no 避头尾 of our own."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = ParagraphStyle("body", fontName=register(Face.FANGSONG).reportlab_name, fontSize=16, leading=29,
                           wordWrap="CJK", firstLineIndent=32)
    texts = [d.content.opening] + [t for s in d.content.sections for t in (s.heading, *s.text.split("\n"))]
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph(escape(t), style) for t in texts])


def median_time(fn, rounds: int = 7) -> float:
    fn()  # fonts loaded, caches warm
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def test_minutes_pdf_speed(benchmark, tmp_path: Path) -> None:
    d = twenty_topics()
    ours = benchmark.pedantic(lambda: render_minutes(tmp_path / "ours.pdf", d), rounds=7, warmup_rounds=1)
    assert ours.exists()
    mine = benchmark.stats.stats.median
    baseline = median_time(lambda: plain_paragraphs(tmp_path / "plain.pdf", d))
    ratio = mine / baseline
    print(f"\n纪要 PDF（20 个议题）：{mine * 1000:.0f} ms；reportlab Paragraph 基线 {baseline * 1000:.0f} ms；"
          f"比值 {ratio:.2f}×（目标 ≤ {MAX_RATIO}×）")
    assert mine < TARGET_S
    assert ratio <= MAX_RATIO


PREVIEW_TARGET_S = 0.500


def test_preview_first_page(benchmark, tmp_path: Path) -> None:
    """The preview shows the first page of a 20-topic minutes in under 0.5 s (issue 5, Speed):
    render the PDF and its first page at screen resolution (the other pages follow)."""
    from gui.meetings.pdf_pages import first_page_image

    d = twenty_topics()
    render_minutes(tmp_path / "warm.pdf", d)  # fonts loaded once per process, as in the program
    image = benchmark.pedantic(lambda: first_page_image(render_minutes(tmp_path / "p.pdf", d), 720), rounds=5,
                               warmup_rounds=1)
    assert not image.isNull() and image.width() == 720  # the preview's width, drawn in-process by PDFium
    assert benchmark.stats.stats.median < PREVIEW_TARGET_S
