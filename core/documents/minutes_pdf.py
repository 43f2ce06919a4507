"""The minutes PDF exactly per GBT9704.md: 版头 (份号, 密级★期限, 紧急程度), the red 纪要标志
35 mm below the top of the type area, number, office and date line, red rule; a 专题会议's subject
title in 2号小标宋 two lines below the rule (§7.3.1); the body on the 22 × 28 grid with 一、 黑体
and （一） 楷体 headings (§7.3.3); the 出席/请假/列席 block with 黑体 labels and 单位 and 姓名
hanging after the colon, no name broken across lines (core/documents/name_lists.py); the 版记 on
the last page (主送, 抄送, 印发), its last rule on the bottom edge of the type area; page numbers
"— N —" odd right, even left."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.documents.fonts import Face, ascent
from core.documents.gbt9704 import (
    ADVANCE,
    LINES,
    MM,
    PITCH,
    SMALL,
    X0,
    X1,
    Y0,
    Y1,
    GridPage,
    Run,
    date_text,
    red,
)
from core.documents.headings import heading_number, second_level
from core.documents.linebreak import break_lines, line_text
from core.documents.name_lists import entry_runs, organ_runs
from core.documents.pdf_file import write_pdf
from core.model.enums import Classification, Urgency
from core.services.minutes_types import MinutesDetail

MARK_SIZE = 36.0          # 小初: the organ sets the 标志's size (GB/T 9704 §10.3)
MARK_TOP = Y1 - 35 * MM   # the top of the 标志's glyphs (§7.2.4, §10.3)
THICK, THIN = 0.99, 0.71  # 版记 rules: 0.35 mm and 0.25 mm


def render_minutes(path: Path, m: MinutesDetail, *, copy_number: int | None = None,
                   write: Callable[..., Path] = write_pdf) -> Path:
    """`copy_number`: the 份号 of this printed copy (required on classified minutes when printing).
    `write(path, draw, title=…)` gives `draw` its canvas and writes the file: the PDF, or the OFD
    (core.documents.ofd.writer.write_ofd records the same drawing calls, so both have one layout)."""

    def draw(c: Any) -> None:
        page = GridPage(c)
        _header(page, m, copy_number)
        content = m.content
        page.paragraph(content.opening)
        for n, section in enumerate(content.sections, 1):
            heading = section.heading if section.heading[:2] in {heading_number(k) for k in range(1, 40)} \
                else heading_number(n) + section.heading
            page.paragraph([Run(heading, Face.HEI)])
            for para in filter(None, (p.strip() for p in section.text.split("\n"))):
                page.paragraph(_body_runs(para))
        if content.closing:
            page.paragraph(content.closing)
        if content.present or content.on_leave or content.observers:
            page.blank()
        for label, names in (("出席：", content.present), ("请假：", content.on_leave), ("列席：", content.observers)):
            if names:
                page.paragraph([Run(label, Face.HEI), *entry_runs(names)], indent=2, hang=5)
        _colophon(page, m)
        page.finish()

    return write(path, draw, title=m.mark)


def _body_runs(para: str) -> list[Run]:
    """A paragraph; one that opens with a second-level heading "（一）……" sets it in 楷体 (§7.3.3)."""
    heading = second_level(para)
    if heading is None:
        return [Run(para)]
    title, rest = heading
    return [Run(title, Face.KAI)] + ([Run(rest)] if rest else [])


def _header(page: GridPage, m: MinutesDetail, copy_number: int | None) -> None:
    c = page.canvas
    line = 0
    if m.classification is not Classification.NONE:
        if copy_number is not None:
            _left(page, f"{copy_number:06d}", Face.SONG, line)
        line += 1
        _left(page, f"{m.classification.value}★{m.secrecy_period}", Face.HEI, line)
        line += 1
    if m.urgency is not Urgency.NONE:
        _left(page, m.urgency.value, Face.HEI, line)
    # The red 标志, its top 35 mm below the top of the type area, squeezed to the type area's width.
    page.line = 0
    size = MARK_SIZE
    baseline = MARK_TOP - size * ascent(Face.BIAOSONG)
    _centered_at(page, m.mark, Face.BIAOSONG, size, baseline, red())
    # Two blank lines, then the number; one line, then the office and the date; the red rule.
    y = baseline - 3 * PITCH + (PITCH - page.size) / 2
    number = m.serial_text or "（印发时编号）"
    _centered_at(page, number, Face.FANGSONG, page.size, y, None)
    y -= 1.5 * PITCH
    office = m.office_name
    date = date_text(m.signed_on) if m.signed_on else "（签发日期）"
    _text_at(page, office, Face.FANGSONG, X0 + ADVANCE, y)
    _text_at(page, date, Face.FANGSONG, X1 - ADVANCE - _width(page, date, Face.FANGSONG, page.size), y)
    rule_y = y - 4 * MM
    page.rule(rule_y, 0.99, red())
    # The body starts on the first grid line wholly below the rule, after one blank line; a subject
    # title comes first, two blank lines below the rule, and one blank line before the body.
    below = int((Y1 - rule_y) // PITCH) + 1
    title = m.subject_title
    page.line = below + 1
    if title:
        page.line = below + 2
        page.title(title)
        page.blank()
    c.setFillColorRGB(0, 0, 0)


def _colophon(page: GridPage, m: MinutesDetail) -> None:
    """版记 at the bottom of the last page: thick rule, 主送 and 抄送 (no rule between them), thin
    rule, 印发 line, thick rule on Y0 (§7.4)."""
    addressed = [line for label, text in (("主送：", m.main_to), ("抄送：", m.copy_to)) if text.strip()
                 for line in _wrap(page, organ_runs(label, text))]
    needed = len(addressed) + 1
    if page.line + needed > LINES:
        page.new_page()
    top = Y0 + needed * PITCH
    c = page.canvas
    page.rule(top, THICK)
    y = top
    name = page.font(Face.FANGSONG)
    c.setFont(name, SMALL)
    for text, continued in addressed:
        y -= PITCH
        x = X0 + SMALL + (3 * SMALL if continued else 0)  # continuation aligned after "抄送："
        c.drawString(x, y + (PITCH - SMALL) / 2, text)
    if addressed:
        page.rule(y, THIN)
    y -= PITCH
    issued = (date_text(m.issued_on) if m.issued_on else "（印发日期）") + "印发"
    c.drawString(X0 + SMALL, y + (PITCH - SMALL) / 2, m.office_name)
    c.drawString(X1 - SMALL - _width(page, issued, Face.FANGSONG, SMALL), y + (PITCH - SMALL) / 2, issued)
    page.rule(Y0, THICK)
    page.line = LINES


def _wrap(page: GridPage, runs: list[Run]) -> list[tuple[str, bool]]:
    """The 4号 lines of one 版记 item, 1 字 in from each side, continuations after the label's
    colon; each line with whether it continues the item."""
    room = (X1 - X0 - 2 * SMALL) / ADVANCE
    lines = break_lines(page.line_units(runs, SMALL), room, room - 3 * SMALL / ADVANCE)
    return [(line_text(line).rstrip(), n > 0) for n, line in enumerate(lines)]


def _width(page: GridPage, text: str, face: Face, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, page.font(face), size))


def _text_at(page: GridPage, text: str, face: Face, x: float, y: float, size: float | None = None) -> None:
    from core.documents.fonts import require_glyphs

    require_glyphs(face, text)
    c = page.canvas
    c.setFont(page.font(face), size or page.size)
    c.drawString(x, y, text)


def _left(page: GridPage, text: str, face: Face, line: int) -> None:
    _text_at(page, text, face, X0, page.baseline(line))


def _centered_at(page: GridPage, text: str, face: Face, size: float, baseline: float, color: Any) -> None:
    from core.documents.fonts import draw_string, require_glyphs

    require_glyphs(face, text)
    c = page.canvas
    width = _width(page, text, face, size)
    scale = min(1.0, (X1 - X0) / width) if width else 1.0
    c.saveState()
    if color is not None:
        c.setFillColor(color)
    c.translate((X0 + X1) / 2 - width * scale / 2, baseline)
    c.scale(scale, 1)
    draw_string(c, face, size, 0, 0, text, color)  # emboldened when 宋体 stands in for 小标宋
    c.restoreState()
