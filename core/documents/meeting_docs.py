"""Meeting documents: the notice (会议通知), the sign-in sheet (签到表) and the attendance
summary (出席情况), from a MeetingDetail. Layout per GB/T 9704 where it applies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.documents.fonts import Face, require_glyphs
from core.documents.gbt9704 import (
    ADVANCE,
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
from core.documents.linebreak import break_lines, line_text, units
from core.documents.pdf_file import write_pdf
from core.model.enums import Attendance, MeetingStatus, RosterRole
from core.services.meeting_types import MeetingDetail, RosterRow

TITLE = 22.0  # 2号
HEADINGS = ("一、", "二、", "三、", "四、", "五、")


def time_text(detail: MeetingDetail) -> str:
    t = detail.start_time
    half = "上午" if t.hour < 12 else "下午"
    hour = t.hour if t.hour <= 12 else t.hour - 12
    return f"{date_text(detail.day)}（{weekday_text(detail.day)}）{half}{hour}:{t.minute:02d}"


def _title(page: GridPage, text: str) -> None:
    """A 2号小标宋 title, broken on the grid of its own size and centred line by line."""
    per_line = int((X1 - X0) // TITLE)
    lines = break_lines(units(text, lambda s: 1.0 if not s.isascii() else len(s) * 0.5), per_line, per_line)
    for line in lines:
        page.centered(line_text(line), Face.BIAOSONG, TITLE)


def _names(rows: list[RosterRow], role: RosterRole) -> str:
    return "、".join(r.name for r in rows if r.role is role)


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
        _title(page, f"关于召开{detail.name}的通知")
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
            page.paragraph([Run("出席：", Face.HEI), Run(members + "。")], hang=5)
        observers = "、".join(_who(r) or r.name for r in roster if r.role is RosterRole.OBSERVER)
        if observers:
            page.paragraph([Run("列席：", Face.HEI), Run(observers + "。")], hang=5)
        invited = _names(roster, RosterRole.INVITEE)
        if invited:
            page.paragraph([Run("邀请：", Face.HEI), Run(invited + "。")], hang=5)
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


def _table(path: Path, title: str, subtitle: str, headers: list[tuple[str, float]],
           rows: list[list[str]], *, row_height: float = ROW) -> Path:
    """A ruled table across the type area, repeated headers on each page, numbered pages."""
    widths = [w * (X1 - X0) for _, w in headers]

    def draw(c: Any) -> None:
        page = GridPage(c, numbered=True)
        song = page.font(Face.FANGSONG)
        hei = page.font(Face.HEI)
        for cell_row in rows:
            for text in cell_row:
                require_glyphs(Face.FANGSONG, text)

        def header() -> float:
            _title(page, title)
            page.paragraph(subtitle, indent=0, size=14)
            y = Y1 - page.line * PITCH - 4
            _row(c, [h for h, _ in headers], widths, y, row_height, hei, 14)
            return y - row_height

        y = header()
        for cells in rows:
            if y - row_height < Y0:
                page.new_page()
                y = header()
            _row(c, cells, widths, y, row_height, song, 14)
            y -= row_height
        page.finish()

    return write_pdf(path, draw, title=title)


def _row(c: Any, cells: list[str], widths: list[float], top: float, height: float, font: str, size: float) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    c.setStrokeColor(black())
    c.setFillColor(black())
    c.setLineWidth(0.71)
    x = X0
    for text, width in zip(cells, widths, strict=True):
        c.rect(x, top - height, width, height)
        shown = _fit(text, font, size, width - 6, stringWidth)
        c.setFont(font, size)
        c.drawString(x + (width - stringWidth(shown, font, size)) / 2, top - height / 2 - size * 0.35, shown)
        x += width


def _fit(text: str, font: str, size: float, room: float, width: Callable[[str, str, float], float]) -> str:
    """Shorten with "…" rather than overflow a cell (the full text is in the file)."""
    if width(text, font, size) <= room:
        return text
    while text and width(text + "…", font, size) > room:
        text = text[:-1]
    return text + "…"


def _who(r: RosterRow) -> str:
    return (r.post_text or "").replace(" ", "")


def render_signin(path: Path, detail: MeetingDetail) -> Path:
    rows = [[str(i), r.name, _who(r), r.role.value, ""] for i, r in enumerate(detail.roster, 1)]
    return _table(path, f"{detail.name}签到表", f"时间：{time_text(detail)}　　地点：{detail.place}",
                  [("序号", 0.08), ("姓名", 0.15), ("单位及职务", 0.36), ("类别", 0.15), ("签名", 0.26)],
                  rows, row_height=36.0)


def attendance_note(r: RosterRow) -> str:
    if r.attendance is Attendance.LATE and r.late_at is not None:
        return f"{r.late_at:%H:%M}到会"
    if r.attendance is Attendance.SUBSTITUTE:
        return f"{r.substitute_name}（{r.substitute_post}）代"
    return ""


def render_attendance(path: Path, detail: MeetingDetail) -> Path:
    rows = [[str(i), r.name, _who(r), r.role.value, r.attendance.value, attendance_note(r)]
            for i, r in enumerate(detail.roster, 1)]
    counts = {a: sum(1 for r in detail.roster if r.attendance is a) for a in Attendance}
    summary = "，".join(f"{a.value}{n}人" for a, n in counts.items() if n)
    return _table(path, f"{detail.name}出席情况", f"{time_text(detail)}　　{summary}",
                  [("序号", 0.08), ("姓名", 0.13), ("单位及职务", 0.31), ("类别", 0.15), ("情况", 0.12), ("备注", 0.21)],
                  rows)

