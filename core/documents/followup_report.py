"""The follow-up summary (督办事项情况汇总) for the office's periodic report: a title, the counts
(open, due within 7 days, overdue, closed), then a ruled table grouped by responsible unit.

Cells wrap onto as many lines as their text needs (a report must not cut a decision short, as
the sign-in sheet's one-line cells may), and a row taller than what is left of a page continues
on the next one under repeated column headers. Text is drawn line by line with drawString, so
user text is printed literally.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.documents.fonts import Face, require_glyphs
from core.documents.gbt9704 import PITCH, X0, X1, Y0, Y1, GridPage, black, date_text, red
from core.documents.linebreak import break_lines, line_text, units
from core.documents.meeting_docs import _row, _title
from core.documents.pdf_file import write_pdf
from core.model.enums import FollowUpStatus
from core.services.followup import DUE_DAYS, FollowUpRow

SIZE = 10.5          # 五号, the usual size for tables in official documents
LEADING = 15.0
PAD = 4.0            # inside each cell, above and below the text
HPAD = 3.0           # and left and right: "2026年12月31日" just fits its column
HEADER_ROW = 24.0
RULE = 0.71          # 0.25 mm, as the sign-in sheet
COLUMNS = (("序号", 0.065), ("议定事项", 0.31), ("分管领导", 0.12), ("办理时限", 0.18), ("办理状态", 0.115),
           ("最新进展", 0.21))
WIDTHS = [w * (X1 - X0) for _, w in COLUMNS]
NO_UNIT = "（未指定责任单位）"


@dataclass(frozen=True)
class Counts:
    total: int
    open: int
    due: int
    overdue: int
    closed: int


def counts(rows: Sequence[FollowUpRow], as_of: dt.date) -> Counts:
    """The same buckets as FollowUpService.items(view=…): due means open with a deadline from
    `as_of` to `as_of` + 7 days, overdue means open with a deadline before `as_of`."""
    open_rows = [r for r in rows if r.status is FollowUpStatus.OPEN]
    due = sum(1 for r in open_rows if r.deadline is not None
              and as_of <= r.deadline <= as_of + dt.timedelta(days=DUE_DAYS))
    overdue = sum(1 for r in open_rows if r.overdue(as_of))
    return Counts(len(rows), len(open_rows), due, overdue, len(rows) - len(open_rows))


def summary_text(c: Counts) -> str:
    return (f"共{c.total}项：办理中{c.open}项（其中{DUE_DAYS}日内到期{c.due}项、已逾期{c.overdue}项），"
            f"已办结{c.closed}项。")


def omitted_text(omitted: int) -> str:
    """Said under the title, and by the page after the export, when items were left out."""
    return f"本汇总不含涉密纪要的{omitted}项督办事项（当前账户无权打印涉密内容）。"


def _group_text(unit: str, rows: list[FollowUpRow], as_of: dt.date) -> str:
    c = counts(rows, as_of)
    text = f"{unit}　共{c.total}项，办理中{c.open}项"
    if c.overdue:
        text += f"（已逾期{c.overdue}项）"
    return text + f"，已办结{c.closed}项"


def _status(row: FollowUpRow, as_of: dt.date) -> tuple[str, bool]:
    """The status cell's text, and whether it is an overdue mark (drawn in red and 黑体)."""
    if row.status is FollowUpStatus.CLOSED:
        return "已办结" + (f"\n{_short_date(row.closed_on, as_of)}" if row.closed_on else ""), False
    if row.overdue(as_of):
        assert row.deadline is not None
        return f"已逾期\n{(as_of - row.deadline).days}天", True
    if row.deadline is not None and row.deadline <= as_of + dt.timedelta(days=DUE_DAYS):
        days = (row.deadline - as_of).days
        return "办理中\n" + ("今日到期" if days == 0 else f"还剩{days}天"), False
    return "办理中", False


def _short_date(day: dt.date, as_of: dt.date) -> str:
    """The year only when it is not the report's, on a line of its own: the status column is narrow."""
    return f"{day.month}月{day.day}日" if day.year == as_of.year else f"{day.year}年\n{day.month}月{day.day}日"


def _wrap(text: str, face: Face, font: str, room: float) -> list[str]:
    """Lines of `text` no wider than `room` points, broken by the house line breaker (避头尾)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    require_glyphs(face, text)
    out: list[str] = []
    for para in text.replace("\t", " ").split("\n"):
        if not para:
            out.append("")
            continue
        items = units(para, lambda s: stringWidth(s, font, SIZE) / SIZE)
        out += [line_text(line) for line in break_lines(items, room / SIZE, room / SIZE)]
    return out


def _lines(row: list[_Cell]) -> int:
    return max(len(cell.lines) for cell in row)


def _height(lines: int) -> float:
    return lines * LEADING + 2 * PAD


def _baseline(top: float, k: int) -> float:
    """Baseline of line `k` in a cell whose top is `top`: the glyph box centred in its slot."""
    slot = top - PAD - k * LEADING
    return slot - (LEADING - SIZE) / 2 - SIZE * 0.88


@dataclass(frozen=True)
class _Cell:
    lines: list[str]
    face: Face = Face.FANGSONG
    centered: bool = False
    color: Any = None


def render_followup_report(path: Path, rows: Sequence[FollowUpRow], *, office_name: str, as_of: dt.date,
                           title: str = "督办事项情况汇总", omitted: int = 0) -> Path:
    """Units appear in the order of their first row (the service lists by deadline, so the unit
    with the most pressing item comes first); each unit's rows keep the order given. `omitted`:
    items of classified minutes the account may not print (FollowUpService.report_rows), said
    under the title."""
    groups: dict[str, list[FollowUpRow]] = {}
    for r in rows:
        groups.setdefault(r.department or NO_UNIT, []).append(r)
    require_glyphs(Face.FANGSONG, office_name)

    def draw(c: Any) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        page = GridPage(c, numbered=True)
        song, hei = page.font(Face.FANGSONG), page.font(Face.HEI)
        fonts = {Face.FANGSONG: song, Face.HEI: hei}

        def cells(n: int, r: FollowUpRow) -> list[_Cell]:
            room = [w - 2 * HPAD for w in WIDTHS]
            decision = r.decision + (f"\n协办：{r.co_departments}" if r.co_departments else "")
            status, late = _status(r, as_of)
            return [
                _Cell(_wrap(str(n), Face.FANGSONG, song, room[0]), centered=True),
                _Cell(_wrap(decision, Face.FANGSONG, song, room[1])),
                _Cell(_wrap(r.leader or "—", Face.FANGSONG, song, room[2]), centered=True),
                _Cell(_wrap(date_text(r.deadline) if r.deadline else "未定", Face.FANGSONG, song, room[3]),
                      centered=True),
                _Cell(_wrap(status, Face.HEI if late else Face.FANGSONG, hei if late else song, room[4]),
                      face=Face.HEI if late else Face.FANGSONG, centered=True, color=red() if late else None),
                _Cell(_wrap(r.last_note or "尚无反馈", Face.FANGSONG, song, room[5])),
            ]

        def column_headers(top: float) -> float:
            _row(c, [h for h, _ in COLUMNS], WIDTHS, top, HEADER_ROW, hei, SIZE)
            return top - HEADER_ROW

        def fresh_page() -> float:
            page.new_page()
            return column_headers(Y1)

        def draw_chunk(chunk: list[_Cell], first: int, count: int, top: float) -> float:
            height = _height(count)
            c.setStrokeColor(black())
            c.setLineWidth(RULE)
            x = X0
            for cell, width in zip(chunk, WIDTHS, strict=True):
                c.rect(x, top - height, width, height)
                c.setFillColor(cell.color or black())
                c.setFont(fonts[cell.face], SIZE)
                for k, text in enumerate(cell.lines[first:first + count]):
                    left = x + (width - stringWidth(text, fonts[cell.face], SIZE)) / 2 if cell.centered else x + HPAD
                    c.drawString(left, _baseline(top, k), text)
                x += width
            c.setFillColor(black())
            return top - height

        def moves_on(total: int, top: float) -> bool:
            """Whether a row of `total` lines starting at `top` starts on the next page instead:
            when it fits whole there, or when only a one-line sliver would stay here."""
            if top - _height(total) >= Y0:
                return False
            return Y1 - HEADER_ROW - _height(total) >= Y0 or (top - Y0 - 2 * PAD) // LEADING < 2

        def draw_row(chunk: list[_Cell], top: float) -> float:
            """Draw the row, continuing it on the next page when it does not fit."""
            total = _lines(chunk)
            if moves_on(total, top):
                top = fresh_page()
            first = 0
            while first < total:
                room = int((top - Y0 - 2 * PAD) // LEADING)
                count = min(total - first, max(room, 1))
                top = draw_chunk(chunk, first, count, top)
                first += count
                if first < total:
                    top = fresh_page()
            return top

        def group_row(text: str, first_row: list[_Cell], top: float) -> float:
            lines = _wrap(text, Face.HEI, hei, X1 - X0 - 2 * HPAD)
            height = _height(len(lines))
            if top - height < Y0 or moves_on(_lines(first_row), top - height):
                top = fresh_page()  # a unit's name goes with its first row, never alone at a page end
            c.setStrokeColor(black())
            c.setLineWidth(RULE)
            c.setFillColorRGB(0.93, 0.93, 0.93)
            c.rect(X0, top - height, X1 - X0, height, fill=1)
            c.setFillColor(black())
            c.setFont(hei, SIZE)
            for k, line in enumerate(lines):
                c.drawString(X0 + HPAD, _baseline(top, k), line)
            return top - height

        _title(page, title)
        page.centered(f"{office_name}　截至{date_text(as_of)}", Face.FANGSONG, 14)
        if omitted:
            page.paragraph(omitted_text(omitted), size=14)
        page.paragraph(summary_text(counts(rows, as_of)), size=14)
        if not rows:
            if not omitted:
                page.paragraph("本期没有督办事项。", indent=0, size=14)
            page.finish()
            return
        top = column_headers(Y1 - page.line * PITCH - 4)
        n = 0
        for unit, unit_rows in groups.items():
            unit_cells = [cells(n + k, r) for k, r in enumerate(unit_rows, 1)]
            n += len(unit_rows)
            top = group_row(_group_text(unit, unit_rows, as_of), unit_cells[0], top)
            for row_cells in unit_cells:
                top = draw_row(row_cells, top)
        page.finish()

    return write_pdf(path, draw, title=title)
