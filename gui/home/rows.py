"""The desk in lines: each section's heading with its count, what it says when empty, and one line
per piece of work (when, what, its state in words, the cue's colour, what it opens).

A line opens (kind, id) — kind as core.services.desk_types.DeskKind names it; id 0 is the page
itself (the line under a long section: 另有 N 项…)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from core.services.desk import MEETING_DAYS
from core.services.desk_types import (
    AbsenceTodo,
    Cue,
    Desk,
    DeskKind,
    FollowUpTodo,
    MeetingTodo,
    MinutesTodo,
    Section,
    TopicTodo,
)
from core.services.followup import DUE_DAYS
from gui.columns import cell_date, cell_date_weekday

RED, AMBER = "#c62828", "#b26a00"
CUE_COLORS = {Cue.OVERDUE: RED, Cue.SOON: AMBER}
WEEKDAYS = "一二三四五六日"


def tr(text: str) -> str:
    return QCoreApplication.translate("Home", text)


@dataclass(frozen=True)
class Line:
    when: str
    what: str
    state: str
    cue: Cue
    target: tuple[str, int]
    may_act: bool = True


@dataclass(frozen=True)
class Block:
    key: str
    title: str
    count: str  # e.g. 3项, shown beside the title
    empty: str  # said in place of the lines when there are none
    lines: tuple[Line, ...]


def weekday_text(day: dt.date) -> str:
    """星期六: the page's heading says the day in words."""
    return tr("星期") + WEEKDAYS[day.weekday()]


def relative_day(day: dt.date, today: dt.date) -> str:
    """（今天）（明天）（后天）, or nothing: the weekday is in the date already."""
    near = {0: tr("今天"), 1: tr("明天"), 2: tr("后天")}.get((day - today).days)
    return f"（{near}）" if near else ""


# The lines' dates are written as in every list (gui.columns: 2026-12-04); the states are sentences.
def meeting_line(m: MeetingTodo, today: dt.date) -> Line:
    when = f"{cell_date_weekday(m.day)} {m.start_time:%H:%M}{relative_day(m.day, today)}"
    return Line(when, m.name, m.state, m.cue, (m.kind.value, m.id), m.may_act)


def topic_line(t: TopicTodo, _today: dt.date) -> Line:
    return Line(cell_date(t.since) + tr(" 起"), f"{t.title}（{t.lead_department}）", t.state, t.cue,
                (t.kind.value, t.id), t.may_act)


def minutes_line(m: MinutesTodo, _today: dt.date) -> Line:
    what = m.meeting_name + tr("纪要") + (tr("（第%1版，更正）").replace("%1", str(m.edition)) if m.edition > 1 else "")
    return Line(cell_date(m.meeting_day) + tr(" 召开"), what, m.state, m.cue, (m.kind.value, m.id), m.may_act)


def followup_line(f: FollowUpTodo, _today: dt.date) -> Line:
    return Line(tr("时限 ") + cell_date(f.deadline), f"{f.department}：{f.decision}", f.state, f.cue,
                (f.kind.value, f.id), f.may_act)


def absence_line(a: AbsenceTodo, _today: dt.date) -> Line:
    where = tr("赴%1").replace("%1", a.destination) if a.destination else tr("离永外出")
    return Line(f"{cell_date(a.leaves_on)} 至 {cell_date(a.returns_on)}", f"{a.person}{where}", a.state, a.cue,
                (a.kind.value, a.id), a.may_act)


def _block(key: str, title: str, unit: str, empty: str, section: Section[Any], kind: DeskKind, page: str,
           line: Callable[[Any, dt.date], Line], today: dt.date) -> Block:
    lines = [line(row, today) for row in section.rows]
    if section.more > 0:
        lines.append(Line("", tr("另有%1%2，打开“%3”查看全部").replace("%1", str(section.more)).replace("%2", unit)
                          .replace("%3", page), "", Cue.NONE, (kind.value, 0)))
    return Block(key, title, f"{section.total}{unit}", empty, tuple(lines))


def blocks(desk: Desk) -> Sequence[Block]:
    """In the order of urgency: what has a day first; the topics, the longest list and dated by no
    rule, last, so that they never push this week's work below the fold."""
    today = desk.today
    return (
        _block("meetings", tr("会议（今日及未来%1天）").replace("%1", str(MEETING_DAYS)), tr("次"),
               tr("今日及未来%1天没有会议安排").replace("%1", str(MEETING_DAYS)),
               desk.meetings, DeskKind.MEETING, tr("会议"), meeting_line, today),
        _block("absences", tr("离永外出（3日内离开或待报告、通报）"), tr("人次"),
               tr("近期没有需要报告或通报的离永外出"), desk.absences, DeskKind.ABSENCE, tr("会议"), absence_line,
               today),
        _block("minutes", tr("纪要（待核稿、签发、区长同意或印发）"), tr("份"), tr("没有待办理的纪要"),
               desk.minutes, DeskKind.MINUTES, tr("纪要"), minutes_line, today),
        _block("followups", tr("督办（已逾期及%1日内到期）").replace("%1", str(DUE_DAYS)), tr("项"),
               tr("本周没有待办的督办事项"), desk.followups, DeskKind.FOLLOWUP, tr("督办"), followup_line, today),
        _block("topics", tr("议题（待办公室办理）"), tr("项"), tr("没有等待办公室办理的议题"),
               desk.topics, DeskKind.TOPIC, tr("议题"), topic_line, today),
    )
