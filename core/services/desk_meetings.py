"""The desk's meetings: the coming days' meetings with their preparation, for all of them at once.

A unit counts as on the roster when a line names it (the heads the roster generated, see
MeetingService.generate_roster) or when a line's person holds a post in it on the meeting's day
(a head added by hand). Leave waits for the answer when a request for the meeting, or a period
request of someone on its roster covering its day, is still PENDING (art. 44).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.model import AgendaItem, AgendaObserver, Appointment, AuditRecord, LeaveRequest, Meeting, Topic
from core.model.enums import LeaveStatus
from core.model.meetings import RosterEntry
from core.services.desk_types import Cue, MeetingTodo, Section
from core.services.meeting_types import meeting_name
from core.services.meetings import ACTIVE, NOTICE_DATE, NOTICE_EVENT

#: practice: a meeting still unprepared on the day before it (or on its day) is red
RED_DAYS = 1


def meeting_todos(s: Session, start: dt.date, end: dt.date, units: dict[int, str], may_act: bool) -> Section[MeetingTodo]:
    meetings = s.scalars(select(Meeting).where(Meeting.day >= start, Meeting.day <= end, Meeting.status.in_(ACTIVE))
                         .order_by(Meeting.day, Meeting.start_time, Meeting.id)).all()
    if not meetings:
        return Section((), 0)
    ids = [m.id for m in meetings]
    expected, topics = _agenda_units(s, ids)
    roster = _roster(s, ids)
    present = _present_units(s, meetings, roster)
    pending = _pending_leave(s, meetings, roster)
    notices = _notices(s, ids)
    out = []
    for m in meetings:
        missing = tuple(units.get(u, "") for u in expected.get(m.id, ()) if u not in present[m.id])
        todo = MeetingTodo(m.id, meeting_name(m.kind, m.term, m.number, m.title), m.day, m.start_time, m.place,
                           m.status, topics[m.id], notices.get(m.id), len(roster[m.id]), missing, pending[m.id],
                           Cue.NONE, may_act)
        cue = Cue.NONE if todo.ready else Cue.OVERDUE if (m.day - start).days <= RED_DAYS else Cue.SOON
        out.append(replace(todo, cue=cue))
    return Section(tuple(out), len(out))


def _agenda_units(s: Session, ids: list[int]) -> tuple[dict[int, list[int]], dict[int, int]]:
    """Per meeting: the units its agenda names, in agenda order (as generate_roster invites them),
    and how many topics it has."""
    expected: dict[int, dict[int, None]] = defaultdict(dict)
    topics: dict[int, int] = defaultdict(int)
    items = s.execute(select(AgendaItem.meeting_id, AgendaItem.id, Topic.lead_department_id,
                             AgendaItem.reporting_department_id)
                      .join(Topic, Topic.id == AgendaItem.topic_id)
                      .where(AgendaItem.meeting_id.in_(ids), AgendaItem.removed.is_(False))
                      .order_by(AgendaItem.meeting_id, AgendaItem.position)).all()
    observers: dict[int, list[int]] = defaultdict(list)
    for item_id, unit in s.execute(select(AgendaObserver.agenda_item_id, AgendaObserver.department_id)
                                   .join(AgendaItem, AgendaItem.id == AgendaObserver.agenda_item_id)
                                   .where(AgendaItem.meeting_id.in_(ids), AgendaItem.removed.is_(False))
                                   .order_by(AgendaObserver.id)):
        observers[item_id].append(unit)
    for meeting_id, item_id, lead, reporting in items:
        topics[meeting_id] += 1
        for named in (lead, reporting, *observers[item_id]):
            if named is not None:
                expected[meeting_id].setdefault(named)
    return {m: list(found) for m, found in expected.items()}, topics


def _roster(s: Session, ids: list[int]) -> dict[int, list[tuple[int | None, int | None]]]:
    """Per meeting: (person, unit) of each line on its roster."""
    lines: dict[int, list[tuple[int | None, int | None]]] = defaultdict(list)
    for meeting_id, person, unit in s.execute(
            select(RosterEntry.meeting_id, RosterEntry.person_id, RosterEntry.department_id)
            .where(RosterEntry.meeting_id.in_(ids), RosterEntry.removed.is_(False))):
        lines[meeting_id].append((person, unit))
    return lines


def _present_units(s: Session, meetings: Sequence[Meeting], roster: dict[int, list[tuple[int | None, int | None]]]
                   ) -> dict[int, set[int]]:
    people = {p for lines in roster.values() for p, _u in lines if p is not None}
    posts = s.execute(select(Appointment.person_id, Appointment.department_id, Appointment.start_date,
                             Appointment.end_date)
                      .where(Appointment.person_id.in_(people), Appointment.department_id.is_not(None))).all()
    held: dict[int, list[tuple[int | None, dt.date, dt.date | None]]] = defaultdict(list)
    for person, unit, first, last in posts:
        held[person].append((unit, first, last))
    present: dict[int, set[int]] = {}
    for m in meetings:
        found = {u for _p, u in roster[m.id] if u is not None}
        for who, _unit in roster[m.id]:
            found.update(u for u, first, last in held.get(who or 0, ())
                         if u is not None and first <= m.day and (last is None or last >= m.day))
        present[m.id] = found
    return present


def _pending_leave(s: Session, meetings: Sequence[Meeting], roster: dict[int, list[tuple[int | None, int | None]]]
                   ) -> dict[int, int]:
    ids = [m.id for m in meetings]
    first, last = min(m.day for m in meetings), max(m.day for m in meetings)
    requests = s.execute(select(LeaveRequest.person_id, LeaveRequest.meeting_id, LeaveRequest.start, LeaveRequest.end)
                         .where(LeaveRequest.status == LeaveStatus.PENDING,
                                or_(LeaveRequest.meeting_id.in_(ids),
                                    LeaveRequest.meeting_id.is_(None) & (LeaveRequest.start <= last)
                                    & (LeaveRequest.end >= first)))).all()
    counts: dict[int, int] = {}
    for m in meetings:
        on_roster = {p for p, _u in roster[m.id]}
        waiting = {person for person, meeting_id, begin, end in requests
                   if meeting_id == m.id or (meeting_id is None and begin <= m.day <= end and person in on_roster)}
        counts[m.id] = len(waiting)
    return counts


def _notices(s: Session, ids: list[int]) -> dict[int, dt.date]:
    """The notice's date as last recorded, as MeetingService.notice_issued_on reads it."""
    latest: dict[int, str] = {}
    for object_id, summary in s.execute(
            select(AuditRecord.object_id, AuditRecord.summary)
            .where(AuditRecord.event == NOTICE_EVENT, AuditRecord.object_type == "meeting",
                   AuditRecord.object_id.in_([str(i) for i in ids]), AuditRecord.success.is_(True))
            .order_by(AuditRecord.id)):
        latest[int(object_id)] = summary or ""
    found = {mid: NOTICE_DATE.search(summary) for mid, summary in latest.items()}
    return {mid: dt.date.fromisoformat(date.group(1)) for mid, date in found.items() if date}
