"""Days from a meeting to its issued minutes (印发, art. 45), per meeting kind.

A meeting's minutes count in the range they were issued in; the time is that of the first
edition (a correction, 更正稿, is not the minutes coming late). Meetings held within the range
whose minutes are not issued yet are counted beside, as of the report's day.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session

from core.model import Meeting, Minutes
from core.model.enums import MeetingKind, MeetingStatus
from core.stats.durations import summarise
from core.stats.figure import Fact, Figure
from core.stats.period import DateRange
from core.stats.topics import days_figure


def read_issued(s: Session, r: DateRange) -> list[tuple[MeetingKind, dt.date, dt.date, int]]:
    query = (select(Meeting.kind, Meeting.day, Minutes.issued_on, func.count())
             .join(Minutes, Minutes.meeting_id == Meeting.id)
             .where(Minutes.corrects_id.is_(None), Minutes.issued_on.between(r.start, r.end))
             .group_by(Meeting.kind, Meeting.day, Minutes.issued_on))
    return [(kind, day, issued, n) for kind, day, issued, n in s.execute(query) if issued is not None]


def read_waiting(s: Session, r: DateRange) -> int:
    """Meetings held within the range without issued minutes (yet)."""
    issued = exists().where(Minutes.meeting_id == Meeting.id,
                            and_(Minutes.corrects_id.is_(None), Minutes.issued_on.is_not(None)))
    return s.scalar(select(func.count()).select_from(Meeting).where(
        Meeting.status == MeetingStatus.HELD, Meeting.day.between(r.start, r.end), ~issued)) or 0


def minutes_days(issued: list[tuple[MeetingKind, dt.date, dt.date, int]], waiting: int) -> Figure:
    everything: Counter[int] = Counter()
    per_kind: dict[MeetingKind, Counter[int]] = defaultdict(Counter)
    for kind, day, on, n in issued:
        everything[(on - day).days] += n
        per_kind[kind][(on - day).days] += n
    return days_figure("minutes_days", "会议至纪要印发用时", summarise(everything),
                       {k: summarise(per_kind[k]) for k in MeetingKind},
                       "统计范围内印发的纪要（按印发日期），自会议召开之日至印发之日的天数；更正稿不计。"
                       "“未印发”为统计范围内已召开、截至统计之日纪要尚未印发的会议。",
                       (Fact("waiting", "已召开未印发（次）", waiting),))


def figures(s: Session, r: DateRange) -> list[Figure]:
    return [minutes_days(read_issued(s, r), read_waiting(s, r))]
