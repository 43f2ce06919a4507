"""The audit trail printed (issue 6 §3 "Audit export to PDF"): a title, the office, the period or
filter, the chain's and the anchor's verdicts on the first page, then a ruled table of the rows —
编号 (the row's number in the chain, the one a broken chain names), time with its UTC offset,
user, event, object, result and the before/after summary.

Cells wrap (the summary is never cut short); a row taller than what is left of a page continues
on the next one under repeated column headers. Text is drawn with drawString (via the follow-up
report's cell helpers and the meeting documents' header row), so user text is printed literally.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.documents.followup_report import (
    HEADER_ROW,
    HPAD,
    LEADING,
    PAD,
    RULE,
    SIZE,
    _baseline,
    _height,
    _wrap,
)
from core.documents.fonts import Face, require_glyphs
from core.documents.gbt9704 import PITCH, X0, X1, Y0, Y1, GridPage, Run, black, red
from core.documents.meeting_docs import _row, _title
from core.documents.pdf_file import write_pdf
from core.services.audit_log import AuditRow

TITLE = "审计记录"
COLUMNS = (("编号", 0.075), ("时间", 0.185), ("用户", 0.11), ("事件", 0.14), ("对象", 0.12), ("结果", 0.07),
           ("摘要", 0.30))
WIDTHS = [w * (X1 - X0) for _, w in COLUMNS]


def _fit_lines(text: str, face: Face, font: str, room: float) -> list[str]:
    """The house line breaker, then a hard split of any line still too wide (a long file name or
    other unbroken Latin run), so nothing runs over a cell's rule."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out: list[str] = []
    for line in _wrap(text, face, font, room):
        while stringWidth(line, font, SIZE) > room and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and stringWidth(line[:cut], font, SIZE) > room:
                cut -= 1
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return out or [""]


def render_audit_report(path: Path, rows: Sequence[AuditRow], *, office_name: str, chain_text: str,
                        anchor_text: str, period_text: str, chain_ok: bool = True, anchor_ok: bool = True,
                        printed_at: dt.datetime | None = None) -> Path:
    """`rows` in the order to print (the service gives them oldest first). A failed chain or
    anchor verdict is printed in red and 黑体."""
    printed_at = printed_at or dt.datetime.now()
    for text in (office_name, chain_text, anchor_text, period_text):
        require_glyphs(Face.FANGSONG, text)

    def draw(c: Any) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        page = GridPage(c, numbered=True)
        song, hei = page.font(Face.FANGSONG), page.font(Face.HEI)
        room = [w - 2 * HPAD for w in WIDTHS]

        def cells(r: AuditRow) -> list[list[str]]:
            when = r.time_text.replace(" ", "\n", 1) + r.offset_text
            texts = [str(r.id), when, r.user, r.event, r.object_text, r.result_text, r.summary or "—"]
            return [_fit_lines(t, Face.FANGSONG, song, w) for t, w in zip(texts, room, strict=True)]

        def column_headers(top: float) -> float:
            _row(c, [h for h, _ in COLUMNS], WIDTHS, top, HEADER_ROW, hei, SIZE)
            return top - HEADER_ROW

        def fresh_page() -> float:
            page.new_page()
            return column_headers(Y1)

        def draw_chunk(row: list[list[str]], failed: bool, first: int, count: int, top: float) -> float:
            height = _height(count)
            c.setStrokeColor(black())
            c.setLineWidth(RULE)
            x = X0
            for k_col, (lines, width) in enumerate(zip(row, WIDTHS, strict=True)):
                c.rect(x, top - height, width, height)
                late = failed and k_col == 5
                font = hei if late else song
                c.setFillColor(red() if late else black())
                c.setFont(font, SIZE)
                centered = k_col in (0, 5)
                for k, text in enumerate(lines[first:first + count]):
                    left = x + (width - stringWidth(text, font, SIZE)) / 2 if centered else x + HPAD
                    c.drawString(left, _baseline(top, k), text)
                x += width
            c.setFillColor(black())
            return top - height

        def draw_row(r: AuditRow, top: float) -> float:
            row = cells(r)
            total = max(len(lines) for lines in row)
            if top - _height(total) < Y0 and (Y1 - HEADER_ROW - _height(total) >= Y0
                                              or (top - Y0 - 2 * PAD) // LEADING < 2):
                top = fresh_page()  # whole on the next page when it fits there, or only a sliver is left
            first = 0
            while first < total:
                count = min(total - first, max(int((top - Y0 - 2 * PAD) // LEADING), 1))
                top = draw_chunk(row, not r.success, first, count, top)
                first += count
                if first < total:
                    top = fresh_page()
            return top

        _title(page, TITLE)
        page.centered(office_name, Face.FANGSONG, 14)
        page.paragraph([Run("范围："), Run(period_text)], indent=0, size=14)
        page.paragraph([Run("审计链：", Face.HEI), Run(chain_text, Face.FANGSONG if chain_ok else Face.HEI)],
                       indent=0, size=14, color=None if chain_ok else red())
        page.paragraph([Run("审计锚点：", Face.HEI), Run(anchor_text, Face.FANGSONG if anchor_ok else Face.HEI)],
                       indent=0, size=14, color=None if anchor_ok else red())
        page.paragraph(f"本表共{len(rows)}条记录，导出于{printed_at:%Y-%m-%d %H:%M}。", indent=0, size=14)
        if not rows:
            page.paragraph("所选范围内没有审计记录。", indent=0, size=14)
            page.finish()
            return
        top = column_headers(Y1 - page.line * PITCH - 4)
        for r in rows:
            top = draw_row(r, top)
        page.finish()

    return write_pdf(path, draw, title=TITLE)
