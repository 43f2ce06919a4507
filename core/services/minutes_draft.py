"""The first draft of minutes, generated from the held meeting: the opening (when, who presided,
where, what was studied), one section per agenda topic in agenda order with the standard
phrasing and its decision, and 出席/请假/列席 from the attendance record in roster order. The
secretary edits it from there (core.services.minutes)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.model import TopicDepartment
from core.model.enums import Attendance, RosterRole
from core.model.meetings import LeaveRequest
from core.services.meeting_types import AgendaRow, MeetingDetail, RosterRow
from core.services.minutes_types import DecisionItem, MinutesContent, Section

PRESENT = (Attendance.PRESENT, Attendance.LATE, Attendance.UNMARKED)


def topic_core(title: str) -> str:
    """关于调整公交线路的议题 -> 调整公交线路 (for standard phrasing)."""
    core = re.sub(r"^关于(审议)?", "", title.strip())
    core = re.sub(r"(有关问题)?的(议题|请示|汇报|报告)$", "", core)
    return core.strip("《》") or title


def draft_content(s: Session, detail: MeetingDetail) -> MinutesContent:
    cores = [topic_core(a.title) for a in detail.agenda]
    sections = tuple(_section(s, item, core) for item, core in zip(detail.agenda, cores, strict=True))
    roster = detail.roster
    present = tuple(r.name for r in roster if r.role in (RosterRole.MEMBER, RosterRole.PARTICIPANT)
                    and r.attendance in PRESENT)
    on_leave = tuple(_on_leave(s, r) for r in roster if r.attendance is Attendance.ON_LEAVE)
    observers = tuple(_observer(r) for r in roster if r.role in (RosterRole.OBSERVER, RosterRole.INVITEE)
                      and r.attendance not in (Attendance.ON_LEAVE, Attendance.ABSENT))
    return MinutesContent(_opening(detail, cores), sections, "会议还研究了其他事项。", present, on_leave, observers)


def _opening(detail: MeetingDetail, cores: list[str]) -> str:
    day, half = detail.day, "上午" if detail.start_time.hour < 12 else "下午"
    studied = "、".join(cores[:3]) + ("等事项" if cores else "有关事项")
    return (f"{day.year}年{day.month}月{day.day}日{half}，{detail.presider_label}"
            f"在{detail.place}主持召开{detail.name}，研究{studied}。现将会议议定事项纪要如下：")


def _section(s: Session, item: AgendaRow, core: str) -> Section:
    unit = item.reporting_department or item.lead_department
    involved = tuple(s.scalars(select(TopicDepartment.department_id).where(TopicDepartment.topic_id == item.topic_id)))
    text = f"会议听取了{unit}关于{core}的汇报。会议原则同意{unit}提出的方案。会议要求，{unit}要抓好落实。"
    decision = DecisionItem(f"原则同意{core}，由{unit}负责落实。", responsible_id=item.reporting_department_id,
                            co_ids=involved)
    return Section(f"关于{core}的事项", text, item.topic_id, (decision,))


def _on_leave(s: Session, r: RosterRow) -> str:
    if not r.leave_request_id:
        return r.name
    leave = s.get(LeaveRequest, r.leave_request_id)
    return f"{r.name}（{leave.reason if leave else '请假'}）"


def _observer(r: RosterRow) -> str:
    if r.attendance is Attendance.SUBSTITUTE:
        return f"{r.post_text.split(' ')[0]}{r.substitute_name}（代）"
    return r.post_text.replace(" ", "")
