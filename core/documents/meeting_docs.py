"""Meeting documents: the notice (会议通知), the sign-in sheet (签到表) and the attendance
summary (出席情况), from a MeetingDetail. Layout per GB/T 9704 where it applies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from core.documents.fonts import Face, require_glyphs
from core.documents.gbt9704 import (
    ADVANCE,
    CELLS,
    PITCH,
    X0,
    X1,
    Y0,
    Y1,
    GridPage,
    Run,
    black,
    date_text,
    weekday_text,
)
from core.documents.linebreak import WORD, break_lines, line_text, without_orphan
from core.documents.name_lists import entry_runs
from core.documents.pdf_file import write_pdf
from core.model.enums import Attendance, MeetingStatus, RosterRole
from core.services.meeting_types import MeetingDetail, RosterRow

HEADINGS = ("一、", "二、", "三、", "四、", "五、")


def time_text(detail: MeetingDetail) -> str:
    t = detail.start_time
    half = "上午" if t.hour < 12 else "下午"
    hour = t.hour if t.hour <= 12 else t.hour - 12
    return f"{date_text(detail.day)}（{weekday_text(detail.day)}）{half}{hour}:{t.minute:02d}"


def _names(rows: list[RosterRow], role: RosterRole) -> list[str]:
    return [r.name for r in rows if r.role is role]


def _listed(label: str, entries: list[str]) -> list[Run]:
    """"出席：" and the names, each held whole on its line (core/documents/name_lists.py)."""
    return [Run(label, Face.HEI), *entry_runs(entries), Run("。")]


def notice_date(detail: MeetingDetail, today: dt.date) -> dt.date | None:
    """The date the notice carries: the day it was issued, as recorded with the meeting. A notice
    not yet issued is being drawn up to go out today; one for a meeting past its planning that was
    never recorded as issued carries no date rather than the day it happens to be printed."""
    if detail.notice_issued_on is not None:
        return detail.notice_issued_on
    return today if detail.status is MeetingStatus.PLANNED else None


BLANK_DATE = "　　　　年　　月　　日"  # filled in by hand


def render_notice(path: Path, detail: MeetingDetail, *, office_name: str, issued_on: dt.date | None,
                  requirements: str = "") -> Path:
    """The notice, dated `issued_on` (see `notice_date`); None leaves the date to be written in."""
    roster = list(detail.roster)

    def draw(c: Any) -> None:
        page = GridPage(c)
        page.title(f"关于召开{detail.name}的通知")
        page.blank()
        page.paragraph("各有关单位：", indent=0)
        how = "以视频会议形式" if detail.video_conference else ""
        page.paragraph(f"经区政府领导同意，定于{time_text(detail)}在{detail.place}{how}召开{detail.name}，"
                       f"由{detail.presider_label}主持。现将有关事项通知如下：")
        page.paragraph([Run("一、会议议题", Face.HEI)])
        if not detail.agenda:
            page.paragraph("议题另行通知。")
        for item in detail.agenda:
            extra = f"汇报单位：{item.reporting_department or item.lead_department}"
            if item.observers:
                extra += "；列席单位：" + "、".join(name for _, name in item.observers)
            page.paragraph(f"{item.position}.{item.title}（{extra}；{item.minutes}分钟）。")
        page.paragraph([Run("二、参会人员", Face.HEI)])
        members = _names(roster, RosterRole.MEMBER) or _names(roster, RosterRole.PARTICIPANT)
        if members:
            page.paragraph(_listed("出席：", members), hang=5)
        # Observers are invited as their units' heads: the notice names the post ("区财政局 主要负责人").
        observers = [r.post_text or r.name for r in roster if r.role is RosterRole.OBSERVER]
        if observers:
            page.paragraph(_listed("列席：", observers), hang=5)
        invited = _names(roster, RosterRole.INVITEE)
        if invited:
            page.paragraph(_listed("邀请：", invited), hang=5)
        page.paragraph([Run("三、有关要求", Face.HEI)])
        page.paragraph(requirements or (
            "请参会人员提前10分钟到会签到。因故不能参会的，请按《工作规则》第四十四条的规定履行请假手续；"
            "汇报单位请于会前2个工作日将汇报材料报送区政府办公室。"))
        page.blank()
        _signature(page, office_name, date_text(issued_on) if issued_on is not None else BLANK_DATE)
        page.finish()

    return write_pdf(path, draw, title=f"关于召开{detail.name}的通知")


def _signature(page: GridPage, office: str, date: str) -> None:
    """署名 2 字 from the right; the date below, its first character 2 字 right of the 署名's (§7.3.5.2)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    require_glyphs(Face.FANGSONG, office)
    page.ensure(2)
    name = page.font(Face.FANGSONG)
    c = page.canvas
    c.setFillColor(black())
    c.setFont(name, page.size)
    office_x = X1 - 2 * ADVANCE - stringWidth(office, name, page.size)
    c.drawString(office_x, page.baseline(), office)
    page.line += 1
    date_x = min(office_x + 2 * ADVANCE, X1 - stringWidth(date, name, page.size))
    c.drawString(date_x, page.baseline(), date)
    page.line += 1


# --- tables: sign-in sheet and attendance summary ----------------------------------------------

ROW = 30.0
CELL = 14.0      # 4号 in the cells
LEADING = 18.0   # between the lines of a wrapped cell
PAD_X, PAD_Y = 4.0, 6.0  # a cell's text from its sides, and from its top and bottom


def _table(path: Path, title: str, subtitle: list[str], headers: list[tuple[str, float]],
           rows: list[list[list[Run]]], *, row_height: float = ROW) -> Path:
    """A ruled table across the type area, repeated headers on each page, numbered pages. A cell
    too long for its column wraps and its row grows: nothing is cut off."""
    widths = [w * (X1 - X0) for _, w in headers]

    def draw(c: Any) -> None:
        page = GridPage(c, numbered=True)

        def header() -> float:
            page.title(title)
            _subtitle(page, subtitle)
            y = Y1 - page.line * PITCH - 4
            return y - _table_row(page, [[Run(h, Face.HEI)] for h, _ in headers], widths, y, row_height)

        y = header()
        for cells in rows:
            if y - _row_height(page, cells, widths, row_height) < Y0:
                page.new_page()
                y = header()
            y -= _table_row(page, cells, widths, y, row_height)
        page.finish()

    return write_pdf(path, draw, title=title)


def _subtitle(page: GridPage, parts: list[str]) -> None:
    """时间 and 地点 on one 4号 line when they fit, else each on its own (never "会议/室")."""
    one = "　　".join(parts)
    fits = sum(u.width for u in page.line_units([Run(one)], CELL)) <= CELLS
    for text in [one] if fits else parts:
        page.paragraph(text, indent=0, size=CELL, no_orphan=True)


def _cell_lines(page: GridPage, runs: list[Run], room: float) -> list[str]:
    """A cell's text in lines of its column, the last line never a lone character."""
    capacity = room / ADVANCE
    lines = break_lines(page.line_units(runs, CELL), capacity, capacity)
    return [line_text(line).strip() for line in without_orphan(lines, capacity)]


def _row_height(page: GridPage, cells: list[list[Run]], widths: list[float], least: float) -> float:
    tallest = max(len(_cell_lines(page, runs, width - 2 * PAD_X)) for runs, width in zip(cells, widths, strict=True))
    return max(least, (tallest - 1) * LEADING + CELL + 2 * PAD_Y)


def _table_row(page: GridPage, cells: list[list[Run]], widths: list[float], top: float, least: float) -> float:
    """Draw one row below `top`; its height."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    height = _row_height(page, cells, widths, least)
    c = page.canvas
    c.setStrokeColor(black())
    c.setFillColor(black())
    c.setLineWidth(0.71)
    x = X0
    for runs, width in zip(cells, widths, strict=True):
        c.rect(x, top - height, width, height)
        lines = _cell_lines(page, runs, width - 2 * PAD_X)
        font = page.font(runs[0].face if runs else Face.FANGSONG)
        c.setFont(font, CELL)
        # The block of lines centred in the cell, each line centred in the column.
        baseline = top - height / 2 + (len(lines) - 1) * LEADING / 2 - CELL * 0.35
        for n, text in enumerate(lines):
            c.drawString(x + (width - stringWidth(text, font, CELL)) / 2, baseline - n * LEADING, text)
        x += width
    return height


def _title(page: GridPage, text: str) -> None:
    """A 2号小标宋 title (the audit and 督办 reports use the meeting documents' heading)."""
    page.title(text)


def _row(c: Any, cells: list[str], widths: list[float], top: float, height: float, font: str, size: float) -> None:
    """One line of cells, each centred (the column headers of the audit and 督办 reports)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    c.setStrokeColor(black())
    c.setFillColor(black())
    c.setLineWidth(0.71)
    x = X0
    for text, width in zip(cells, widths, strict=True):
        c.rect(x, top - height, width, height)
        c.setFont(font, size)
        c.drawString(x + (width - stringWidth(text, font, size)) / 2, top - height / 2 - size * 0.35, text)
        x += width


def _who(r: RosterRow) -> list[Run]:
    """单位 and 职务 ("区财政局 主要负责人"), each held whole so a wrap falls between them."""
    return [Run(part, hold=WORD) for part in (r.post_text or "").split()]


def _cells(*texts: str | list[Run]) -> list[list[Run]]:
    return [text if isinstance(text, list) else [Run(text, hold=WORD)] if text else [] for text in texts]


def render_signin(path: Path, detail: MeetingDetail) -> Path:
    rows = [_cells(str(i), r.name, _who(r), r.role.value, "") for i, r in enumerate(detail.roster, 1)]
    return _table(path, f"{detail.name}签到表", [f"时间：{time_text(detail)}", f"地点：{detail.place}"],
                  [("序号", 0.09), ("姓名", 0.15), ("单位及职务", 0.36), ("类别", 0.15), ("签名", 0.25)],
                  rows, row_height=36.0)


def attendance_note(r: RosterRow) -> str:
    if r.attendance is Attendance.LATE and r.late_at is not None:
        return f"{r.late_at:%H:%M}到会"
    if r.attendance is Attendance.SUBSTITUTE:
        return f"{r.substitute_name}（{r.substitute_post}）代"
    return ""


def render_attendance(path: Path, detail: MeetingDetail) -> Path:
    rows = [_cells(str(i), r.name, _who(r), r.role.value, r.attendance.value, [Run(attendance_note(r))])
            for i, r in enumerate(detail.roster, 1)]
    counts = {a: sum(1 for r in detail.roster if r.attendance is a) for a in Attendance}
    summary = "，".join(f"{a.value}{n}人" for a, n in counts.items() if n)
    return _table(path, f"{detail.name}出席情况", [time_text(detail), summary],
                  [("序号", 0.09), ("姓名", 0.13), ("单位及职务", 0.28), ("类别", 0.15), ("情况", 0.15), ("备注", 0.20)],
                  rows)

