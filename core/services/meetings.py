"""The meeting workflow: create (with who may preside), agenda, roster and attendance (arts. 5,
37–42). Leave and absence from the district are in core/services/leave.py.

Roster facts (posts on the meeting date, the mayor's delegation) are read through the roster
service before each write transaction; each public method writes in one transaction with an
audit record.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from core.errors import Invalid, NotFound, RuleRefusal
from core.model import (
    AgendaItem,
    AgendaObserver,
    Appointment,
    AuditRecord,
    Department,
    LeaveRequest,
    Meeting,
    Person,
    Setting,
    Topic,
    TopicDepartment,
    TopicStep,
)
from core.model.enums import (
    Attendance,
    DelegationScope,
    LeaveStatus,
    MeetingKind,
    MeetingStatus,
    Post,
    RosterRole,
    TopicStatus,
)
from core.model.meetings import RosterEntry
from core.rules import meetings as rules
from core.rules.articles import Decision, Reason, chinese_number
from core.rules.meetings import Holding, MayorDelegation, TopicOnAgenda
from core.rules.roster import date_text
from core.services.audit import now_iso
from core.services.base import Service
from core.services.meeting_types import AgendaRow, MeetingDetail, MeetingRow, RosterRow, meeting_name
from core.services.roster import RosterService
from core.services.topics import TopicService
from core.text import clean_line, clean_text

TERM_SETTING = "term"
DEFAULT_TERM = "本届"
ACTIVE = (MeetingStatus.PLANNED, MeetingStatus.HELD)
GRANTED = (LeaveStatus.APPROVED, LeaveStatus.REPORTED)
EDITABLE_FIELDS = {"day", "start_time", "place", "title", "video_conference", "note", "presider_id",
                   "convener_id", "number"}
# The notice's issue is an event of the meeting (no column of its own): the audit record carries
# the date the notice went out, written as NOTICE_DATE so that the service reads it back.
NOTICE_EVENT = "会议.印发通知"
NOTICE_DATE = re.compile(r"印发日期 (\d{4}-\d{2}-\d{2})")
# A roster line the program took off because its unit left the agenda (it comes back with the unit).
OFF_AGENDA = "所涉议题已移出议程，该单位不再参会（程序自动移出）"
ABSENT_MARKS = (Attendance.ON_LEAVE, Attendance.ABSENT, Attendance.SUBSTITUTE)


def require(decision: Decision) -> None:
    if not decision.allowed:
        raise RuleRefusal(decision.explain() + "。")


class MeetingService(Service):
    def __init__(self, sessions: sessionmaker[Session], actor: Callable[[], str], roster: RosterService,
                 topics: TopicService, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(sessions, actor)
        self._roster = roster
        self._topics = topics
        self.today = today

    # --- creating ------------------------------------------------------------------------------

    def term(self) -> str:
        with self.reading() as s:
            return s.scalar(select(Setting.value).where(Setting.key == TERM_SETTING)) or DEFAULT_TERM

    def propose_number(self, kind: MeetingKind, term: str | None = None) -> int:
        term = term or self.term()
        with self.reading() as s:
            top = s.scalar(select(func.max(Meeting.number)).where(Meeting.kind == kind, Meeting.term == term))
        return int(top or 0) + 1

    def create(self, kind: MeetingKind, *, day: dt.date, start_time: dt.time, place: str, presider_id: int,
               convener_id: int | None = None, number: int | None = None, term: str | None = None,
               title: str = "", video_conference: bool = False, note: str = "") -> int:
        term = clean_line(term or self.term(), "届次", max_len=40, required=True)
        number = number if number is not None else self.propose_number(kind, term)
        convener_id = presider_id if convener_id is None else convener_id
        delegation_id = self._check_presiding(kind, day, presider_id, convener_id)
        values = self._values(place=place, title=title, note=note, number=number)
        with self.transaction() as s:
            self._check_number_free(s, kind, term, values["number"], None)
            meeting = Meeting(kind=kind, term=term, day=day, start_time=start_time, presider_id=presider_id,
                              convener_id=convener_id, delegation_id=delegation_id,
                              video_conference=video_conference, status=MeetingStatus.PLANNED,
                              entered_by=self.actor_name(s), entered_at=now_iso(), **values)
            s.add(meeting)
            s.flush()
            self.audit(s, "会议.新建", "meeting", meeting.id, self._name(meeting))
            return meeting.id

    def update(self, meeting_id: int, **fields: Any) -> None:
        unknown = set(fields) - EDITABLE_FIELDS
        if unknown:
            raise Invalid("不能修改的字段：" + "、".join(sorted(unknown)))
        with self.reading() as s:
            current = self._planned(s, meeting_id)
            kind, day = current.kind, fields.get("day", current.day)
            presider = fields.get("presider_id", current.presider_id)
            convener = fields.get("convener_id", current.convener_id)
        delegation_id = self._check_presiding(kind, day, presider, convener)
        values = self._values(**{k: fields[k] for k in ("place", "title", "note", "number") if k in fields})
        with self.transaction() as s:
            meeting = self._planned(s, meeting_id)
            if "number" in values:
                self._check_number_free(s, meeting.kind, meeting.term, values["number"], meeting.id)
            for key, value in {**fields, **values}.items():
                setattr(meeting, key, value)
            meeting.delegation_id = delegation_id
            if "convener_id" in fields:  # a 专题 topic goes only on its confirming leader's meeting (art. 42)
                s.flush()
                for topic_id in s.scalars(select(AgendaItem.topic_id).where(
                        AgendaItem.meeting_id == meeting.id, AgendaItem.removed.is_(False))).all():
                    self._topics.refresh_in(s, topic_id)
            self.audit(s, "会议.修改", "meeting", meeting.id, "、".join(sorted(fields)))

    def _values(self, **given: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if "place" in given:
            out["place"] = clean_line(given["place"], "会议地点", max_len=200, required=True)
        if "title" in given:
            out["title"] = clean_line(given["title"], "会议主题", max_len=200)
        if "note" in given:
            out["note"] = clean_text(given["note"], "备注")
        if "number" in given:
            number = given["number"]
            if not isinstance(number, int) or isinstance(number, bool) or not 0 < number < 100000:
                raise Invalid("会议期数应为正整数。")
            out["number"] = number
        return out

    def _check_number_free(self, s: Session, kind: MeetingKind, term: str, number: int, own: int | None) -> None:
        taken = s.scalar(select(Meeting.id).where(Meeting.kind == kind, Meeting.term == term,
                                                   Meeting.number == number))
        if taken is not None and taken != own:
            raise Invalid(f"{meeting_name(kind, term, number)}的编号已被使用，请换一个期数。")

    def _check_presiding(self, kind: MeetingKind, day: dt.date, presider_id: int, convener_id: int) -> int | None:
        """Refuse a convener or presider the rules do not allow; return the delegation relied on."""
        if kind is not MeetingKind.THEMATIC and convener_id != presider_id:
            require(Decision.no(Reason(f"{kind.value}由同一位领导召集并主持", rules.KIND_ARTICLE[kind])))
        mayors = self._roster.holders(Post.MAYOR, day)
        acting = self._roster.acting_for(mayors[0].id, day, DelegationScope.GOVERNMENT_WORK) if mayors else None
        mayor_delegation = MayorDelegation(acting.acting.id, acting.start, acting.end) if acting else None
        for person_id in dict.fromkeys((presider_id, convener_id)):
            require(rules.may_preside(kind, day, self._posts(person_id, day), mayor_delegation, person_id))
        if acting is not None and presider_id == acting.acting.id and Post.MAYOR not in self._posts(presider_id, day):
            return acting.delegation_id
        return None

    def _posts(self, person_id: int, day: dt.date) -> frozenset[Post]:
        return frozenset(a.post for a in self._roster.appointments(person_id=person_id, on=day))

    # --- the agenda -------------------------------------------------------------------------------

    def pool(self, kind: MeetingKind, *, submitted_by: dt.date | None = None,
             convener_id: int | None = None) -> list[tuple[int, str]]:
        """Confirmed topics of this kind not yet on a meeting: the agenda picker's choices
        (optionally only those submitted by a date, e.g. for a past meeting). For a 专题会议 with
        its `convener_id`, only the topics that leader confirmed last (art. 42, see
        core.rules.meetings.confirmed_by_convener): the others would be refused."""
        query = (select(Topic.id, Topic.title).where(Topic.target == kind, Topic.status == TopicStatus.CONFIRMED)
                 .order_by(Topic.submitted_on, Topic.id))
        if submitted_by is not None:
            query = query.where(Topic.submitted_on <= submitted_by)
        if kind is MeetingKind.THEMATIC and convener_id is not None:
            last = (select(func.max(TopicStep.id)).where(TopicStep.topic_id == Topic.id, TopicStep.kind == "CONFIRM")
                    .correlate(Topic).scalar_subquery())
            query = query.where(select(TopicStep.person_id).where(TopicStep.id == last).scalar_subquery()
                                == convener_id)
        with self.reading() as s:
            rows = s.execute(query)
            return [(r[0], r[1]) for r in rows]

    def concerned_units(self, topic_ids: Iterable[int]) -> dict[int, list[int]]:
        """For each topic, the departments involved in it (art. 43): the observer units the agenda
        proposes when the topic is scheduled (art. 39: the heads of the units the topics concern)."""
        wanted = list(topic_ids)
        out: dict[int, list[int]] = {t: [] for t in wanted}
        with self.reading() as s:
            for topic_id, dept_id in s.execute(select(TopicDepartment.topic_id, TopicDepartment.department_id)
                                               .where(TopicDepartment.topic_id.in_(wanted))
                                               .order_by(TopicDepartment.id)):
                out[topic_id].append(dept_id)
        return out

    def schedule(self, meeting_id: int, topic_id: int, *, minutes: int = 15,
                 reporting_department_id: int | None = None, observer_ids: Iterable[int] | None = None) -> int:
        """Put a topic on the agenda. Its observer units are `observer_ids`, or by default the units
        involved in the topic, so that every unit the roster invites is named on the agenda."""
        minutes = _minutes(minutes)
        with self.transaction() as s:
            meeting = self._planned(s, meeting_id)
            topic = s.get(Topic, topic_id)
            if topic is None:
                raise NotFound(f"找不到议题（编号 {topic_id}）。")
            require(rules.topic_may_go_on(meeting.kind, self._topic_on_agenda(s, topic, meeting.id)))
            item = s.scalar(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id,
                                                     AgendaItem.topic_id == topic_id))
            position = int(s.scalar(select(func.max(AgendaItem.position)).where(
                AgendaItem.meeting_id == meeting_id, AgendaItem.removed.is_(False))) or 0) + 1
            if item is None:
                item = AgendaItem(meeting_id=meeting_id, topic_id=topic_id, position=position, minutes=minutes)
                s.add(item)
            else:  # put back after an earlier removal
                item.removed, item.position, item.minutes = False, position, minutes
            item.reporting_department_id = reporting_department_id or topic.lead_department_id
            s.flush()
            if observer_ids is None:
                shown = {topic.lead_department_id, item.reporting_department_id}
                observer_ids = [d for d in s.scalars(select(TopicDepartment.department_id).where(
                    TopicDepartment.topic_id == topic.id)) if d not in shown]
            self._set_observers(s, item, observer_ids)
            self._topics.refresh_in(s, topic_id)
            self.audit(s, "会议.列入议题", "meeting", meeting_id, f"{topic.title}（议题 {topic_id}）")
            return item.id

    def _topic_on_agenda(self, s: Session, topic: Topic, meeting_id: int) -> TopicOnAgenda:
        other = s.execute(select(Meeting).join(AgendaItem).where(
            AgendaItem.topic_id == topic.id, AgendaItem.removed.is_(False), Meeting.id != meeting_id,
            Meeting.status.in_(ACTIVE))).scalars().first()
        status = TopicStatus.CONFIRMED if topic.status is TopicStatus.SCHEDULED and other is None else topic.status
        return TopicOnAgenda(status, topic.target, topic.major, self._name(other) if other else "")

    def update_item(self, item_id: int, *, minutes: int | None = None, reporting_department_id: int | None = None,
                    observer_ids: Iterable[int] | None = None) -> None:
        with self.transaction() as s:
            item = self._get(s, AgendaItem, item_id, "议程")
            self._planned(s, item.meeting_id)
            if minutes is not None:
                item.minutes = _minutes(minutes)
            if reporting_department_id is not None:
                self._get(s, Department, reporting_department_id, "单位")
                item.reporting_department_id = reporting_department_id
            if observer_ids is not None:
                self._set_observers(s, item, observer_ids)
            s.flush()
            dropped = self._drop_units_off_agenda(s, item.meeting_id)
            self.audit(s, "会议.修改议程", "meeting", item.meeting_id, f"议题 {item.topic_id}" + _dropped(dropped))

    def reorder(self, meeting_id: int, topic_ids: Sequence[int]) -> None:
        with self.transaction() as s:
            self._planned(s, meeting_id)
            items = {i.topic_id: i for i in self._items(s, meeting_id)}
            if sorted(items) != sorted(topic_ids):
                raise Invalid("排序须包含本次会议议程中的全部议题，且每个只出现一次。")
            for position, topic_id in enumerate(topic_ids, 1):
                items[topic_id].position = position
            self.audit(s, "会议.调整议题顺序", "meeting", meeting_id, "、".join(map(str, topic_ids)))

    def unschedule(self, meeting_id: int, topic_id: int, *, reason: str = "") -> None:
        """Take a topic off the agenda: it goes back to the pool of confirmed topics."""
        with self.transaction() as s:
            self._planned(s, meeting_id)
            item = s.scalar(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id,
                                                     AgendaItem.topic_id == topic_id,
                                                     AgendaItem.removed.is_(False)))
            if item is None:
                raise NotFound("该议题不在本次会议的议程中。")
            item.removed = True
            self._renumber(s, meeting_id)
            self._topics.refresh_in(s, topic_id)
            s.flush()
            dropped = self._drop_units_off_agenda(s, meeting_id)
            self.audit(s, "会议.移出议题", "meeting", meeting_id,
                       f"议题 {topic_id} 移回待安排" + (f"：{clean_text(reason, '理由')}" if reason else "")
                       + _dropped(dropped))

    def postpone(self, meeting_id: int, *, reason: str) -> None:
        self._close(meeting_id, MeetingStatus.POSTPONED, "会议.延期", reason)

    def cancel(self, meeting_id: int, *, reason: str) -> None:
        self._close(meeting_id, MeetingStatus.CANCELLED, "会议.取消", reason)

    def _close(self, meeting_id: int, status: MeetingStatus, event: str, reason: str) -> None:
        """Postponed or cancelled: every topic goes back to the pool; the agenda stays as history."""
        reason = clean_text(reason, "理由")
        if not reason:
            raise Invalid("请填写延期或取消的理由。")
        with self.transaction() as s:
            meeting = self._planned(s, meeting_id)
            meeting.status = status
            topic_ids = [i.topic_id for i in self._items(s, meeting_id)]
            s.flush()
            for topic_id in topic_ids:
                self._topics.refresh_in(s, topic_id)
            self.audit(s, event, "meeting", meeting_id, f"{reason}；{len(topic_ids)} 个议题移回待安排")

    def mark_held(self, meeting_id: int) -> None:
        with self.transaction() as s:
            meeting = self._planned(s, meeting_id)
            if meeting.day > self.today():
                raise Invalid("会议日期尚未到，不能登记为已召开。")
            meeting.status = MeetingStatus.HELD
            self.audit(s, "会议.召开", "meeting", meeting_id, self._name(meeting))

    def _set_observers(self, s: Session, item: AgendaItem, department_ids: Iterable[int]) -> None:
        wanted = set(department_ids)
        for dept_id in wanted:
            self._get(s, Department, dept_id, "单位")
        current = {o.department_id: o for o in s.scalars(select(AgendaObserver).where(
            AgendaObserver.agenda_item_id == item.id))}
        for dept_id, row in current.items():
            if dept_id not in wanted:
                s.delete(row)
        s.add_all(AgendaObserver(agenda_item_id=item.id, department_id=d) for d in wanted - set(current))

    def _renumber(self, s: Session, meeting_id: int) -> None:
        for position, item in enumerate(self._items(s, meeting_id), 1):
            item.position = position

    def _items(self, s: Session, meeting_id: int) -> list[AgendaItem]:
        return list(s.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id,
                                                       AgendaItem.removed.is_(False))
                              .order_by(AgendaItem.position)))

    # --- the roster and attendance ------------------------------------------------------------

    def generate_roster(self, meeting_id: int) -> int:
        """Members from the composition on the meeting date (arts. 38–41), the presider (and a
        convener who does not preside) where the composition does not hold them — a THEMATIC meeting
        has no members (art. 41), so its presiding leader heads its list — then the principal heads
        of the units on the agenda (lead, reporting and marked observer units) as observers (THEMATIC:
        as participants). People already on the roster stay as they are; a head whose unit has left
        the agenda leaves the list; approved leave covering the date marks them 请假."""
        with self.reading() as s:
            meeting = self._get(s, Meeting, meeting_id, "会议")
            kind, day = meeting.kind, meeting.day
            leaders = list(dict.fromkeys((meeting.presider_id, meeting.convener_id)))
            unit_ids = self._agenda_units(s, meeting_id)
        holdings = self._holdings(day)
        members = rules.composition(kind, holdings)
        heads = {d: h for d in unit_ids if (h := self._roster.principal_head(d, day)) is not None}
        titles = {a.person_id: a.post_text for a in self._roster.appointments(on=day)}
        with self.transaction() as s:
            meeting = self._get(s, Meeting, meeting_id, "会议")
            entries = {e.person_id: e for e in self._entries(s, meeting_id, include_removed=True)}
            position = len(entries)
            added = 0
            role = RosterRole.PARTICIPANT if kind is MeetingKind.THEMATIC else RosterRole.OBSERVER
            wanted: list[tuple[int, RosterRole, int | None]] = [
                (m.person_id, RosterRole.MEMBER, m.department_id) for m in members]
            in_composition = {m.person_id for m in members}
            lead_role = RosterRole.PARTICIPANT if kind is MeetingKind.THEMATIC else RosterRole.MEMBER
            presiding: list[tuple[int, RosterRole, int | None]] = [
                (p, lead_role, None) for p in leaders if p not in in_composition]
            wanted = presiding + wanted if kind is MeetingKind.THEMATIC else wanted + presiding
            wanted += [(h.id, role, d) for d, h in heads.items()]
            for person_id, entry_role, dept_id in wanted:
                entry = entries.get(person_id)
                if entry is not None:
                    if entry.removed and entry.edit_reason == OFF_AGENDA:  # its unit is back on the agenda
                        entry.removed, entry.edit_reason, entry.department_id = False, "", dept_id
                        added += 1
                    continue
                position += 1
                added += 1
                entries[person_id] = RosterEntry(
                    meeting_id=meeting_id, person_id=person_id, department_id=dept_id,
                    name=self._person(s, person_id), post_text=titles.get(person_id, ""), role=entry_role,
                    position=position, attendance=Attendance.UNMARKED)
                s.add(entries[person_id])
            s.flush()
            dropped = self._drop_units_off_agenda(s, meeting_id)
            apply_granted_leave(s, meeting)
            self.audit(s, "会议.生成名单", "meeting", meeting_id, f"新增 {added} 人" + _dropped(dropped))
            return added

    def _holdings(self, day: dt.date) -> list[Holding]:
        kinds = {d.id: d.kind for d in self._roster.departments()}
        return [Holding(a.person_id, a.post, a.department_id,
                        kinds.get(a.department_id) if a.department_id else None)
                for a in self._roster.appointments(on=day)]

    def _agenda_units(self, s: Session, meeting_id: int) -> list[int]:
        """The units the agenda names: each item's lead, reporting and observer units, in agenda
        order. A topic's involved units are observers when scheduled (see `schedule`), so a unit the
        secretary took off an item is not invited behind the agenda's back."""
        units: dict[int, None] = {}
        for item in self._items(s, meeting_id):
            topic = s.get(Topic, item.topic_id)
            assert topic is not None
            units.setdefault(topic.lead_department_id)
            if item.reporting_department_id:
                units.setdefault(item.reporting_department_id)
            for d in s.scalars(select(AgendaObserver.department_id).where(AgendaObserver.agenda_item_id == item.id)
                               .order_by(AgendaObserver.id)):
                units.setdefault(d)
        return list(units)

    def _drop_units_off_agenda(self, s: Session, meeting_id: int) -> list[str]:
        """Take off the roster the heads the program invited for a unit no longer on the agenda
        (not the ones added by hand, nor anyone whose attendance is already marked). Names dropped."""
        units = set(self._agenda_units(s, meeting_id))
        dropped = []
        for entry in self._entries(s, meeting_id):
            if (entry.role in (RosterRole.OBSERVER, RosterRole.PARTICIPANT) and entry.department_id is not None
                    and entry.department_id not in units and not entry.edit_reason
                    and entry.attendance in (Attendance.UNMARKED, Attendance.ON_LEAVE)):
                entry.removed, entry.edit_reason = True, OFF_AGENDA
                dropped.append(entry.name)
        return dropped

    def add_to_roster(self, meeting_id: int, *, role: RosterRole, reason: str, person_id: int | None = None,
                      name: str = "", post_text: str = "") -> int:
        """A person added by hand (e.g. an invitee not in the roster), with the reason."""
        reason = clean_text(reason, "理由")
        if not reason:
            raise Invalid("手工调整名单须写明理由。")
        with self.transaction() as s:
            self._get(s, Meeting, meeting_id, "会议")
            if person_id is not None:
                name = self._person(s, person_id)
                if any(e.person_id == person_id for e in self._entries(s, meeting_id)):
                    raise Invalid(f"{name}已在本次会议名单中。")
            name = clean_line(name, "姓名", max_len=100, required=True)
            position = len(self._entries(s, meeting_id, include_removed=True)) + 1
            entry = RosterEntry(meeting_id=meeting_id, person_id=person_id, name=name,
                                post_text=clean_line(post_text, "职务", max_len=100), role=role,
                                position=position, attendance=Attendance.UNMARKED, edit_reason=reason)
            s.add(entry)
            s.flush()
            self.audit(s, "会议.名单增加", "meeting", meeting_id, f"{name}（{role.value}）：{reason}")
            return entry.id

    def remove_from_roster(self, entry_id: int, *, reason: str) -> None:
        reason = clean_text(reason, "理由")
        if not reason:
            raise Invalid("手工调整名单须写明理由。")
        with self.transaction() as s:
            entry = self._get(s, RosterEntry, entry_id, "名单记录")
            entry.removed, entry.edit_reason = True, reason
            self.audit(s, "会议.名单删除", "meeting", entry.meeting_id, f"{entry.name}：{reason}")

    def mark(self, entry_id: int, attendance: Attendance, *, late_at: dt.time | None = None,
             substitute_name: str = "", substitute_post: str = "") -> None:
        """Attendance on the day: present, late (with time), on leave, absent, or a substitute
        (observer and participant units only: the substitute's name and post).

        Only from the meeting's day: before it, who is expected is what the roster and the leave
        register show. 请假 is the leave register's fact (art. 44): it is marked from a leave request
        covering the meeting (it is linked to the line), never typed in on its own. The presider
        presides: they are neither on leave nor absent, nor sent by someone else."""
        substitute_name = clean_line(substitute_name, "代为出席人员", max_len=100)
        substitute_post = clean_line(substitute_post, "代为出席人员职务", max_len=100)
        with self.transaction() as s:
            entry = self._get(s, RosterEntry, entry_id, "名单记录")
            meeting = self._get(s, Meeting, entry.meeting_id, "会议")
            self._check_markable(meeting)
            if attendance is Attendance.LATE and late_at is None:
                raise Invalid("迟到请填写到会时间。")
            if attendance in ABSENT_MARKS and entry.person_id is not None and entry.person_id == meeting.presider_id:
                raise Invalid(f"{entry.name}主持本次会议，不能登记为{attendance.value}。"
                              "主持人有变的，请先在“修改会议”中更改主持人。")
            if attendance is Attendance.SUBSTITUTE:
                if entry.role not in (RosterRole.OBSERVER, RosterRole.PARTICIPANT):
                    raise Invalid("只有列席或参会单位可以由他人代为出席；组成人员不能出席的应请假。")
                if not substitute_name or not substitute_post:
                    raise Invalid("代为出席须填写代为出席人员的姓名和职务。")
            if attendance is Attendance.ON_LEAVE:
                leave = covering_leave(s, entry, meeting)
                if leave is None:
                    raise Invalid(f"{entry.name}没有本次会议的请假登记。请假须登记事由，并按《工作规则》"
                                  "第四十四条确定请假途径：请在请假登记中登记后再标为请假。")
                entry.leave_request_id = leave.id
            entry.attendance = attendance
            entry.late_at = late_at if attendance is Attendance.LATE else None
            keep = attendance is Attendance.SUBSTITUTE
            entry.substitute_name = substitute_name if keep else ""
            entry.substitute_post = substitute_post if keep else ""
            self.audit(s, "会议.考勤", "meeting", entry.meeting_id, f"{entry.name}：{attendance.value}")

    def mark_rest_present(self, meeting_id: int) -> int:
        """Everyone not yet marked is present: the usual first step on the day, then the exceptions."""
        with self.transaction() as s:
            self._check_markable(self._get(s, Meeting, meeting_id, "会议"))
            count = 0
            for entry in self._entries(s, meeting_id):
                if entry.attendance is Attendance.UNMARKED:
                    entry.attendance = Attendance.PRESENT
                    count += 1
            self.audit(s, "会议.考勤", "meeting", meeting_id, f"其余 {count} 人登记为出席")
            return count

    def attendance_opens(self, meeting_id: int) -> dt.date | None:
        """The day attendance can first be marked, or None when it cannot be (postponed, cancelled)."""
        with self.reading() as s:
            meeting = self._get(s, Meeting, meeting_id, "会议")
            return meeting.day if meeting.status in ACTIVE else None

    def _check_markable(self, meeting: Meeting) -> None:
        if meeting.status not in ACTIVE:
            raise Invalid(f"{self._name(meeting)}{meeting.status.value}，不能登记考勤。")
        if meeting.day > self.today():
            raise Invalid(f"{self._name(meeting)}定于{date_text(meeting.day)}召开，会议当天起才能登记考勤；"
                          "会前的预计出席情况以参会名单和请假登记为准。")

    # --- the notice -----------------------------------------------------------------------------

    def record_notice_issued(self, meeting_id: int, issued_on: dt.date) -> None:
        """The notice went out on `issued_on` (not later than today, nor than the meeting's day). A
        second record corrects the first: the notice is dated by the latest."""
        with self.transaction() as s:
            meeting = self._get(s, Meeting, meeting_id, "会议")
            if meeting.status not in ACTIVE:
                raise Invalid(f"{self._name(meeting)}{meeting.status.value}，不能登记通知印发。")
            if issued_on > self.today():
                raise Invalid("通知印发日期不能晚于今天。")
            if issued_on > meeting.day:
                raise Invalid(f"通知印发日期不能晚于会议日期（{date_text(meeting.day)}）。")
            before = _notice_date(s, meeting_id)
            summary = f"{self._name(meeting)}：印发日期 {issued_on.isoformat()}"
            if before is not None:
                summary += f"（更正，原登记 {before.isoformat()}）"
            self.audit(s, NOTICE_EVENT, "meeting", meeting_id, summary)

    def notice_issued_on(self, meeting_id: int) -> dt.date | None:
        """The date the meeting's notice was issued, as last recorded; None if never recorded."""
        with self.reading() as s:
            self._get(s, Meeting, meeting_id, "会议")
            return _notice_date(s, meeting_id)

    # --- reading --------------------------------------------------------------------------------

    def meetings(self, *, start: dt.date | None = None, end: dt.date | None = None,
                 kind: MeetingKind | None = None, status: MeetingStatus | None = None) -> list[MeetingRow]:
        topics = (select(func.count()).where(AgendaItem.meeting_id == Meeting.id, AgendaItem.removed.is_(False))
                  .scalar_subquery())
        presider = select(Person.name).where(Person.id == Meeting.presider_id).scalar_subquery()
        query = select(Meeting, presider, topics).order_by(Meeting.day, Meeting.start_time)
        if start is not None:
            query = query.where(Meeting.day >= start)
        if end is not None:
            query = query.where(Meeting.day <= end)
        if kind is not None:
            query = query.where(Meeting.kind == kind)
        if status is not None:
            query = query.where(Meeting.status == status)
        with self.reading() as s:
            return [MeetingRow(m.id, m.kind, m.number, self._name(m), m.day, m.start_time, m.place, p or "",
                               m.status, int(n)) for m, p, n in s.execute(query)]

    def presider_checks(self) -> dict[int, str]:
        """For every meeting, whether its presider is allowed by the rules, with the article (for exports)."""
        out = {}
        for row in self.meetings():
            detail = self.detail(row.id)
            try:
                self._check_presiding(detail.kind, detail.day, detail.presider_id, detail.convener_id)
                out[row.id] = f"符合规定：{detail.presider_label}召集并主持（依据《工作规则》第{chinese_number(rules.KIND_ARTICLE[detail.kind])}条）"
            except RuleRefusal as refusal:
                out[row.id] = "不符合规定：" + refusal.message
        return out

    def detail(self, meeting_id: int) -> MeetingDetail:
        with self.reading() as s:
            m = self._get(s, Meeting, meeting_id, "会议")
            presider = self._person(s, m.presider_id)
            label = leader_post(s, m.presider_id, m.day) + presider
            if m.delegation_id is not None:
                label += "（受区长委托）"
            return MeetingDetail(
                id=m.id, kind=m.kind, term=m.term, number=m.number, name=self._name(m), title=m.title,
                day=m.day, start_time=m.start_time, place=m.place, convener_id=m.convener_id,
                convener=self._person(s, m.convener_id), presider_id=m.presider_id, presider=presider,
                presider_label=label, delegation_id=m.delegation_id, video_conference=m.video_conference,
                status=m.status, note=m.note, agenda=tuple(self._agenda_rows(s, m.id)),
                roster=tuple(_roster_row(s, e) for e in self._entries(s, m.id)),
                notice_issued_on=_notice_date(s, m.id))

    def _agenda_rows(self, s: Session, meeting_id: int) -> list[AgendaRow]:
        names = dict(s.execute(select(Department.id, Department.name)).all())
        rows = []
        for item in self._items(s, meeting_id):
            topic = s.get(Topic, item.topic_id)
            assert topic is not None
            observers = tuple((d, names.get(d, "")) for d in s.scalars(
                select(AgendaObserver.department_id).where(AgendaObserver.agenda_item_id == item.id)
                .order_by(AgendaObserver.id)))
            rows.append(AgendaRow(item.id, topic.id, item.position, topic.title,
                                  names.get(topic.lead_department_id, ""), item.minutes,
                                  item.reporting_department_id, names.get(item.reporting_department_id or 0, ""),
                                  observers, topic.lead_department_id))
        return rows

    def _entries(self, s: Session, meeting_id: int, include_removed: bool = False) -> list[RosterEntry]:
        query = select(RosterEntry).where(RosterEntry.meeting_id == meeting_id)
        if not include_removed:
            query = query.where(RosterEntry.removed.is_(False))
        return list(s.scalars(query.order_by(RosterEntry.position)))

    # --- helpers ----------------------------------------------------------------------------------

    def _planned(self, s: Session, meeting_id: int) -> Meeting:
        meeting = self._get(s, Meeting, meeting_id, "会议")
        if meeting.status is not MeetingStatus.PLANNED:
            raise Invalid(f"{self._name(meeting)}{meeting.status.value}，不能再修改会议安排。")
        return meeting

    @staticmethod
    def _name(meeting: Meeting) -> str:
        return meeting_name(meeting.kind, meeting.term, meeting.number, meeting.title)

def leader_post(s: Session, person_id: int, day: dt.date) -> str:
    """区长, 常务副区长 or 副区长: the highest leader post held on the day (for 由区长某某主持)."""
    posts = set(s.scalars(select(Appointment.post).where(
        Appointment.person_id == person_id, Appointment.start_date <= day,
        (Appointment.end_date.is_(None)) | (Appointment.end_date >= day))))
    for post in (Post.MAYOR, Post.EXECUTIVE_VICE_MAYOR, Post.VICE_MAYOR):
        if post in posts:
            return post.label
    return ""


def apply_granted_leave(s: Session, meeting: Meeting) -> None:
    """Mark 请假 on the meeting's roster for everyone whose granted leave covers it (art. 44)."""
    leaves = s.scalars(select(LeaveRequest).where(
        LeaveRequest.status.in_(GRANTED), LeaveRequest.start <= meeting.day, LeaveRequest.end >= meeting.day,
        (LeaveRequest.meeting_id.is_(None)) | (LeaveRequest.meeting_id == meeting.id)))
    for leave in leaves:
        s.execute(update(RosterEntry).where(
            RosterEntry.meeting_id == meeting.id, RosterEntry.person_id == leave.person_id,
            RosterEntry.removed.is_(False)).values(attendance=Attendance.ON_LEAVE, leave_request_id=leave.id))


def covering_leave(s: Session, entry: RosterEntry, meeting: Meeting) -> LeaveRequest | None:
    """The leave request behind a line's 请假: the one linked to it, else one of the person's not
    declined covering the meeting (for this meeting, or for a period containing its day)."""
    if entry.leave_request_id is not None:
        linked = s.get(LeaveRequest, entry.leave_request_id)
        if linked is not None and linked.status is not LeaveStatus.DECLINED:
            return linked
    if entry.person_id is None:
        return None
    found: LeaveRequest | None = s.scalars(select(LeaveRequest).where(
        LeaveRequest.person_id == entry.person_id, LeaveRequest.status != LeaveStatus.DECLINED,
        LeaveRequest.start <= meeting.day, LeaveRequest.end >= meeting.day,
        (LeaveRequest.meeting_id.is_(None)) | (LeaveRequest.meeting_id == meeting.id))
        .order_by(LeaveRequest.meeting_id.is_(None), LeaveRequest.id.desc())).first()
    return found


def _notice_date(s: Session, meeting_id: int) -> dt.date | None:
    summary = s.scalars(select(AuditRecord.summary).where(
        AuditRecord.event == NOTICE_EVENT, AuditRecord.object_type == "meeting",
        AuditRecord.object_id == str(meeting_id), AuditRecord.success.is_(True))
        .order_by(AuditRecord.id.desc()).limit(1)).first()
    found = NOTICE_DATE.search(summary or "")
    return dt.date.fromisoformat(found.group(1)) if found else None


def _dropped(names: list[str]) -> str:
    return f"；{'、'.join(names)}的单位已不在议程上，移出名单" if names else ""


def _roster_row(s: Session, e: RosterEntry) -> RosterRow:
    leave = s.get(LeaveRequest, e.leave_request_id) if e.leave_request_id is not None else None
    return RosterRow(e.id, e.person_id, e.name, e.post_text, e.role, e.attendance, e.late_at,
                     e.substitute_name, e.substitute_post, e.leave_request_id, e.edit_reason,
                     leave.status if leave is not None else None, e.department_id)


def _minutes(value: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 480:
        raise Invalid("每个议题的时间应为 1 至 480 分钟。")
    return value

