"""The desk (今日): what the office has to do today and this week, read in one session.

    desk = office.desk.today_desk()

Five sections, each from a few set-based queries (no per-row service calls: the page opens in
under 100 ms on ten years of data):

- meetings of today and the next MEETING_DAYS days (a meeting on day+7 is in, day+8 out), planned
  or held, with their preparation: the notice issued (as MeetingService records it), the roster
  generated with every unit the agenda names on it (as the lead, reporting or observer unit), and
  leave requests covering the meeting still waiting for the answer (art. 44);
- topics waiting on the office: WaitingOn.OFFICE (办公室统筹安排, art. 42), WaitingOn.MAYOR (the
  office reports to the mayor, 报区长确定) and confirmed topics not yet on an agenda (the office
  schedules them). Topics waiting on a department, the 司法局 or a leader are not the office's move;
- minutes before issue with their next step from core.rules.minutes.next_step (核稿, 签发, 报区长同意,
  印发) and the days since the meeting;
- open 督办 items overdue, and due within followup.DUE_DAYS days;
- absences from the district (art. 53) leaving within the notice window (LATE_NOTICE_DAYS), or
  not yet returned with the office's step open: a vice mayor's trip not yet made known to the
  other leaders, a principal head's leave without the approving leader.

Every role that may read may see the desk, as it may see every page (classified minutes are listed
as the minutes page lists them). `may_act` says whether the account's role may take the row's
next step (PERMISSIONS): 只读 sees every row and acts on none.

Where the rules set no time the cues follow office practice, named here and nowhere else:
MINUTES_SOON_DAYS / MINUTES_LATE_DAYS after the meeting, TOPIC_SLOW_DAYS of waiting, and a meeting
still unprepared on the day before it is red.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from core.model import (
    Absence,
    Appointment,
    Department,
    FollowUp,
    Meeting,
    Minutes,
    MinutesVersion,
    Person,
    Topic,
    TopicStep,
)
from core.model.enums import (
    AbsenceKind,
    Classification,
    FollowUpStatus,
    MeetingKind,
    MinutesStatus,
    Post,
    TopicStatus,
    WaitingOn,
)
from core.rules import minutes as minutes_rules
from core.rules.leave import LATE_NOTICE_DAYS
from core.services.base import Service
from core.services.desk_meetings import meeting_todos
from core.services.desk_types import (
    AbsenceTodo,
    Cue,
    Desk,
    FollowUpTodo,
    MinutesTodo,
    Section,
    TopicTodo,
)
from core.services.followup import DUE_DAYS
from core.services.meeting_types import meeting_name
from core.services.minutes_types import MinutesContent

MEETING_DAYS = 7
# Rows a long section shows, the latest first: what arrived or slipped lately is what the day can
# still change; the count says how many there are, and the page with all of them is one Enter away.
SHOWN = 30
TOPIC_SLOW_DAYS = 7  # practice: a topic with the office for a week is amber
MINUTES_SOON_DAYS, MINUTES_LATE_DAYS = 7, 15  # practice: minutes are out within a week, late after two
OFFICE_STEPS = (WaitingOn.OFFICE, WaitingOn.MAYOR)
BEFORE_ISSUE = (MinutesStatus.DRAFT, MinutesStatus.REVIEWED, MinutesStatus.SIGNED)
REVIEW_STEPS = ("核稿", "重新核稿", "签发", "报区长同意")  # the leaders' acts, entered with "review"


class DeskService(Service):
    write_action = None  # reads only

    def __init__(self, sessions: sessionmaker[Session], actor: Callable[[], str],
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(sessions, actor)
        self.today = today

    def today_desk(self) -> Desk:
        today = self.today()
        with self.reading() as s:
            units = dict(s.execute(select(Department.id, Department.name)).all())
            return Desk(
                today,
                meetings=meeting_todos(s, today, today + dt.timedelta(days=MEETING_DAYS), units,
                                       self.may("workflow")),
                topics=self._topics(s, today),
                minutes=self._minutes(s, today),
                followups=self._followups(s, today, units),
                absences=self._absences(s, today))

    # --- topics ---------------------------------------------------------------------------------

    def _topics(self, s: Session, today: dt.date) -> Section[TopicTodo]:
        with_office = or_(Topic.waiting_on.in_(OFFICE_STEPS), Topic.status == TopicStatus.CONFIRMED)
        last_step = (select(func.max(TopicStep.decided_on)).where(TopicStep.topic_id == Topic.id)
                     .correlate(Topic).scalar_subquery())
        since = func.coalesce(last_step, Topic.submitted_on)
        total = s.scalar(select(func.count()).select_from(Topic).where(with_office)) or 0
        rows = s.connection().execute(
            select(Topic.id, Topic.title, Department.name, Topic.status, Topic.waiting_on, since)
            .join(Department, Department.id == Topic.lead_department_id)
            .where(with_office).order_by(since.desc(), Topic.id.desc()).limit(SHOWN))
        out = []
        for tid, title, lead, status, waiting, day in rows:
            day = _date(day)
            days = (today - day).days
            action = "review" if waiting is WaitingOn.MAYOR else "workflow"  # the mayor's act is entered as review
            out.append(TopicTodo(tid, title, lead or "", status, waiting, day, days,
                                 Cue.SOON if days >= TOPIC_SLOW_DAYS else Cue.NONE, self.may(action)))
        return Section(tuple(out), int(total))

    # --- minutes --------------------------------------------------------------------------------

    def _minutes(self, s: Session, today: dt.date) -> Section[MinutesTodo]:
        latest = (select(func.max(MinutesVersion.number)).where(MinutesVersion.minutes_id == Minutes.id)
                  .correlate(Minutes).scalar_subquery())
        rows = s.execute(select(Minutes, Meeting, latest).join(Meeting, Meeting.id == Minutes.meeting_id)
                         .where(Minutes.status.in_(BEFORE_ISSUE)).order_by(Meeting.day, Minutes.id)).all()
        consent = self._consent_needed(s, [(m, mt) for m, mt, _v in rows])
        out = []
        for m, mt, version in rows:
            progress = minutes_rules.Progress(
                m.status, int(version or 0), m.reviewed_version, consent_needed=m.id in consent,
                consent_recorded=m.consent_by_id is not None, classified=m.classification is not Classification.NONE)
            step = minutes_rules.next_step(progress)
            if step is None:
                continue
            days = (today - mt.day).days
            cue = Cue.OVERDUE if days >= MINUTES_LATE_DAYS else Cue.SOON if days >= MINUTES_SOON_DAYS else Cue.NONE
            out.append(MinutesTodo(m.id, mt.id, meeting_name(mt.kind, mt.term, mt.number, mt.title), mt.day,
                                   m.edition, m.status, step.what, days, progress.classified, cue,
                                   self.may("review" if step.what in REVIEW_STEPS else "workflow")))
        return Section(tuple(out[:SHOWN]), len(out))

    @staticmethod
    def _consent_needed(s: Session, rows: list[tuple[Minutes, Meeting]]) -> set[int]:
        """Signed THEMATIC minutes still without the mayor's consent whose decisions need it (art. 45,
        as MinutesService.route judges it): their latest text read, the mayor on the signing day."""
        waiting = {m.id: (m, mt) for m, mt in rows if m.status is MinutesStatus.SIGNED
                   and mt.kind is MeetingKind.THEMATIC and m.consent_by_id is None}
        if not waiting:
            return set()
        latest = (select(MinutesVersion.minutes_id, func.max(MinutesVersion.number).label("n"))
                  .where(MinutesVersion.minutes_id.in_(waiting)).group_by(MinutesVersion.minutes_id).subquery())
        texts = dict(s.execute(select(MinutesVersion.minutes_id, MinutesVersion.content).join(
            latest, (latest.c.minutes_id == MinutesVersion.minutes_id) & (latest.c.n == MinutesVersion.number))).all())
        mayors = s.execute(select(Appointment.person_id, Appointment.start_date, Appointment.end_date)
                           .where(Appointment.post == Post.MAYOR)).all()
        needed = set()
        for mid, (m, mt) in waiting.items():
            day = m.signed_on or mt.day
            mayor = next((p for p, start, end in mayors if start <= day and (end is None or end >= day)), None)
            matters = MinutesContent.from_json(texts[mid]).matters if mid in texts else frozenset()
            if minutes_rules.consent_needed(mt.kind, matters, presided_by_mayor=mt.presider_id == mayor):
                needed.add(mid)
        return needed

    # --- follow-up ------------------------------------------------------------------------------

    def _followups(self, s: Session, today: dt.date, units: dict[int, str]) -> Section[FollowUpTodo]:
        """Overdue first, then what falls due within DUE_DAYS. A long overdue list shows the latest to
        slip (see SHOWN), never at the cost of this week's."""
        open_items = select(FollowUp.id, FollowUp.minutes_id, FollowUp.decision, FollowUp.department_id,
                            FollowUp.deadline).where(FollowUp.status == FollowUpStatus.OPEN)
        overdue_where = FollowUp.deadline < today
        overdue_total = s.scalar(select(func.count()).select_from(FollowUp).where(
            FollowUp.status == FollowUpStatus.OPEN, overdue_where)) or 0
        overdue = s.execute(open_items.where(overdue_where).order_by(FollowUp.deadline.desc(), FollowUp.id)
                            .limit(SHOWN))
        due = s.execute(open_items.where(FollowUp.deadline >= today,
                                         FollowUp.deadline <= today + dt.timedelta(days=DUE_DAYS))
                        .order_by(FollowUp.deadline, FollowUp.id)).all()
        may = self.may("workflow")
        out = []
        for fid, minutes_id, decision, unit, deadline in [*overdue, *due]:
            days = (deadline - today).days
            out.append(FollowUpTodo(fid, minutes_id, decision, units.get(unit, ""), deadline, days,
                                    Cue.OVERDUE if days < 0 else Cue.SOON, may))
        return Section(tuple(out), int(overdue_total) + len(due))

    # --- absences from the district -------------------------------------------------------------

    def _absences(self, s: Session, today: dt.date) -> Section[AbsenceTodo]:
        trip_open = (Absence.kind == AbsenceKind.VICE_MAYOR_TRIP) & Absence.leaders_informed.is_(False)
        leave_open = (Absence.kind == AbsenceKind.PRINCIPAL_HEAD_LEAVE) & Absence.approved_by_id.is_(None)
        window = Absence.leaves_on <= today + dt.timedelta(days=LATE_NOTICE_DAYS)
        rows = s.execute(select(Absence, Person.name).join(Person, Person.id == Absence.person_id)
                         .where(Absence.returns_on >= today, or_(window, trip_open, leave_open))
                         .order_by(Absence.leaves_on, Absence.id)).all()
        may = self.may("workflow")
        out = []
        for a, person in rows:
            open_step = _absence_step(a)
            if not open_step and a.leaves_on < today:
                continue  # away already, nothing left for the office
            cue = (Cue.NONE if not open_step else Cue.OVERDUE if a.leaves_on <= today else Cue.SOON)
            out.append(AbsenceTodo(a.id, person, a.kind, a.leaves_on, a.returns_on, a.destination, a.late,
                                   open_step, cue, may))
        return Section(tuple(out), len(out))


def _absence_step(a: Absence) -> str:
    """The office's step still open on an absence (art. 53), "" when none."""
    if a.kind is AbsenceKind.VICE_MAYOR_TRIP:
        return "" if a.leaders_informed else "待通报区政府其他领导同志"
    return "" if a.approved_by_id is not None else "待报区政府领导批准"


def _date(value: object) -> dt.date:
    """A date from a plain row: SQLite hands an aggregate's date back as text."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))

