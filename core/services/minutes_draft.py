"""The first draft of minutes, generated from the held meeting: the opening (when, who presided,
where, what was studied), one section per agenda topic in agenda order with the standard
phrasing and its decision, and 出席/请假/列席 from the attendance record in roster order. The
secretary edits it from there (core.services.minutes); drafts already saved keep their text.

出席, 请假 and 列席 give 单位 and 姓名 (GB/T 9704 §10.3), one entry a person, written
"单位 姓名" (the space tells the printers where the unit ends; they print "单位姓名"):
- the government's own leaders (区长, 副区长 …: no unit on the roster) by name alone, as offices
  print the 出席 of a 常务会议: "出席：甲区长、乙常务、丙副区长";
- anyone else with the unit they came for on the meeting date (the unit the roster invited them
  for, else the unit of their post on that day, else the unit written in the roster line):
  "列席：区政府办公室 王五，区财政局 张三", a substitute "区财政局 李四（代）";
- 请假 with the reason the office recorded with the leave ("丁副区长（赴市里开会）"), the bare
  name when none was recorded.
The form follows the type-set skeleton of GBT9704.md §3.2 ("列席：区政府办公室×××，区发展改革局
×××，区财政局×××") and published minutes, e.g. 肥城市第十九届市政府第20次常务会议 (2024-01-19,
feicheng.gov.cn: "市人大常委会副主任陈正一，市政协副主席孙衍辉，……列席会议"), where each entry names
the unit and the person and entries are separated by "，"; GB/T 9704 §10.3 asks for 单位 and 姓名,
not the post, so the post is left out.

A 专题会议's minutes carry a subject title, "关于……的专题会议纪要", from its topics; its opening
then names the meeting without repeating the subject.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.model import Appointment, Department, TopicDepartment
from core.model.enums import Attendance, MeetingKind, RosterRole
from core.model.meetings import LeaveRequest
from core.services.meeting_types import AgendaRow, MeetingDetail, RosterRow, meeting_name
from core.services.minutes_types import DecisionItem, MinutesContent, Section

PRESENT = (Attendance.PRESENT, Attendance.LATE, Attendance.UNMARKED)


def topic_core(title: str) -> str:
    """关于调整公交线路的议题 -> 调整公交线路 (for standard phrasing)."""
    core = re.sub(r"^关于(审议)?", "", title.strip())
    core = re.sub(r"(有关问题)?的(议题|请示|汇报|报告)$", "", core)
    return core.strip("《》") or title


def draft_title(detail: MeetingDetail, cores: list[str]) -> str:
    """关于调整城区公交线路的专题会议纪要: a 专题会议's subject, from its topics (the meeting's own
    subject when the agenda is empty); the other kinds' minutes have no subject title."""
    if detail.kind is not MeetingKind.THEMATIC:
        return ""
    subject = f"{cores[0]}等事项" if len(cores) > 2 else "和".join(cores) or detail.title.strip()
    return f"关于{subject}的专题会议纪要" if subject else ""


def draft_content(s: Session, detail: MeetingDetail) -> MinutesContent:
    cores = [topic_core(a.title) for a in detail.agenda]
    sections = tuple(_section(s, item, core) for item, core in zip(detail.agenda, cores, strict=True))
    roster = detail.roster
    present = tuple(_entry(s, r, detail.day) for r in roster
                    if r.role in (RosterRole.MEMBER, RosterRole.PARTICIPANT) and r.attendance in PRESENT)
    on_leave = tuple(_on_leave(s, r, detail.day) for r in roster if r.attendance is Attendance.ON_LEAVE)
    observers = tuple(_entry(s, r, detail.day) for r in roster
                      if r.role in (RosterRole.OBSERVER, RosterRole.INVITEE)
                      and r.attendance not in (Attendance.ON_LEAVE, Attendance.ABSENT))
    return MinutesContent(_opening(detail, cores), sections, "会议还研究了其他事项。", present, on_leave, observers,
                          draft_title(detail, cores))


def _opening(detail: MeetingDetail, cores: list[str]) -> str:
    day, half = detail.day, "上午" if detail.start_time.hour < 12 else "下午"
    where = f"{day.year}年{day.month}月{day.day}日{half}，{detail.presider_label}在{detail.place}主持召开"
    if detail.kind is MeetingKind.THEMATIC:  # the subject title says what was studied
        return f"{where}{meeting_name(detail.kind, detail.term, detail.number)}。现将会议议定事项纪要如下："
    studied = "、".join(cores[:3]) + ("等事项" if cores else "有关事项")
    return f"{where}{detail.name}，研究{studied}。现将会议议定事项纪要如下："


def _section(s: Session, item: AgendaRow, core: str) -> Section:
    unit = item.reporting_department or item.lead_department
    involved = tuple(s.scalars(select(TopicDepartment.department_id).where(TopicDepartment.topic_id == item.topic_id)))
    text = f"会议听取了{unit}关于{core}的汇报。会议原则同意{unit}提出的方案。会议要求，{unit}要抓好落实。"
    decision = DecisionItem(f"原则同意{core}，由{unit}负责落实。", responsible_id=item.reporting_department_id,
                            co_ids=involved)
    return Section(f"关于{core}的事项", text, item.topic_id, (decision,))


def _unit(s: Session, r: RosterRow, day: dt.date) -> str:
    """The unit a roster line attends for on the meeting date: the one it was invited for, else the
    department of the person's post that day; for someone from outside the roster, what the line
    says before the post (or all it says). "" for the government's leaders, whose posts have no
    department."""
    department_id = r.department_id
    if department_id is None and r.person_id is not None:
        department_id = s.scalar(select(Appointment.department_id).where(
            Appointment.person_id == r.person_id, Appointment.department_id.is_not(None),
            Appointment.start_date <= day, Appointment.end_date.is_(None) | (Appointment.end_date >= day))
            .order_by(Appointment.start_date, Appointment.id))
    if department_id is not None:
        department = s.get(Department, department_id)
        if department is not None:
            return department.name
    if r.person_id is not None:
        return ""
    return r.post_text.strip().partition(" ")[0]


def _entry(s: Session, r: RosterRow, day: dt.date) -> str:
    """"单位 姓名"; a substitute "单位 姓名（代）"; a leader by name alone."""
    name = f"{r.substitute_name}（代）" if r.attendance is Attendance.SUBSTITUTE else r.name
    unit = _unit(s, r, day)
    return f"{unit} {name}" if unit else name


def _on_leave(s: Session, r: RosterRow, day: dt.date) -> str:
    leave = s.get(LeaveRequest, r.leave_request_id) if r.leave_request_id else None
    reason = leave.reason.strip() if leave else ""
    entry = _entry(s, r, day)
    return f"{entry}（{reason}）" if reason else entry
