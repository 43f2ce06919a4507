"""Meetings per kind (arts. 37–41), month by month: how many were held, and how many were
postponed, cancelled or are still being prepared within the range. A meeting counts in the range
its day falls in."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from core.model import Meeting
from core.model.enums import MeetingKind, MeetingStatus
from core.stats.figure import TEXT, Chart, Column, Fact, Figure, Series, Value
from core.stats.period import DateRange
from core.stats.topics import SHORT_KIND


def read_meetings(s: Session, r: DateRange) -> Counter[tuple[MeetingKind, MeetingStatus, str]]:
    year, month = extract("year", Meeting.day), extract("month", Meeting.day)
    query = (select(Meeting.kind, Meeting.status, year, month, func.count())
             .where(Meeting.day.between(r.start, r.end)).group_by(Meeting.kind, Meeting.status, year, month))
    found: Counter[tuple[MeetingKind, MeetingStatus, str]] = Counter()
    for kind, status, y, m, n in s.execute(query):
        key = f"{int(y)}-{int(m):02d}" if r.monthly else str(int(y))
        found[kind, status, key] += n
    return found


def by_kind(r: DateRange, counts: Counter[tuple[MeetingKind, MeetingStatus, str]]) -> Figure:
    periods, kinds = r.periods(), list(MeetingKind)

    def held(kind: MeetingKind, period: str) -> int:
        return counts[kind, MeetingStatus.HELD, period]

    rows: tuple[tuple[Value, ...], ...] = tuple(
        (p.key, p.label, *(held(k, p.key) for k in kinds), sum(held(k, p.key) for k in kinds)) for p in periods)
    columns = (Column("period", "期间代码", TEXT, hidden=True), Column("period_text", "月份" if r.monthly else "年度", TEXT),
               *(Column(k.name.lower(), SHORT_KIND[k]) for k in kinds), Column("held", "合计"))
    chart = Chart(r.chart_labels(),
                  tuple(Series(SHORT_KIND[k], tuple(float(held(k, p.key)) for p in periods)) for k in kinds),
                  "次", stacked=True)

    def total(status: MeetingStatus, kind: MeetingKind | None = None) -> int:
        return sum(n for (k, st, _p), n in counts.items() if st is status and kind in (None, k))

    facts = (Fact("held", "已召开", total(MeetingStatus.HELD)),
             *(Fact(f"held_{k.name.lower()}", SHORT_KIND[k], total(MeetingStatus.HELD, k)) for k in kinds),
             Fact("postponed", "已延期", total(MeetingStatus.POSTPONED)),
             Fact("cancelled", "已取消", total(MeetingStatus.CANCELLED)),
             Fact("planned", "筹备中", total(MeetingStatus.PLANNED)))
    return Figure("meetings_by_kind", "会议按类型（按" + ("月" if r.monthly else "年") + "）", columns, rows, chart, facts,
                  "统计范围内已召开的会议，按会议日期计入所在期间；延期、取消和筹备中的会议另列。")


def figures(s: Session, r: DateRange) -> list[Figure]:
    return [by_kind(r, read_meetings(s, r))]
