"""Enumerations of the glossary (DESIGN.md). Values are stored by name."""

from __future__ import annotations

import enum


class Labeled(enum.Enum):
    """An enumeration whose values are the Chinese labels shown to the secretary."""

    @property
    def label(self) -> str:
        return str(self.value)


class Post(Labeled):
    MAYOR = "区长"
    EXECUTIVE_VICE_MAYOR = "常务副区长"
    VICE_MAYOR = "副区长"
    PARTY_GROUP_MEMBER = "政府党组成员"
    OFFICE_DIRECTOR = "区政府办公室主任"
    OFFICE_DEPUTY_DIRECTOR = "区政府办公室副主任"
    DEPARTMENT_HEAD = "主要负责人"
    DEPUTY_HEAD = "副职负责人"
    OTHER = "其他"


class DepartmentKind(Labeled):
    CONSTITUENT = "组成部门"
    TOWNSHIP = "镇街"
    STATE_ENTERPRISE = "区属国有企业"
    OTHER = "其他单位"


class DelegationScope(Labeled):
    # art. 5: the mayor away -> the executive vice mayor presides over the government's work;
    # a vice mayor away -> the AB partner takes the portfolio.
    GOVERNMENT_WORK = "主持区政府工作"
    PORTFOLIO = "分管工作"
    OTHER = "其他事项"


def by_label(enum_cls: type[enum.Enum], text: str) -> enum.Enum | None:
    """Find a member by its Chinese label or its code name (for imports)."""
    text = text.strip()
    for member in enum_cls:
        if text in (member.value, member.name):
            return member
    return None


class MeetingKind(Labeled):
    PLENARY = "区政府全体会议"
    EXECUTIVE = "区政府常务会议"
    MAYOR_OFFICE = "区长办公会议"
    THEMATIC = "区政府专题会议"


# --- topics (RULES.md, Topics) ---

class Flag(Labeled):
    LAWS = "涉及法律法规"
    NORMATIVE = "区政府规范性文件"  # the district government's own, not a department's (art. 20)
    MAJOR = "重大事项"
    MARKET = "涉及市场主体经济活动"
    STABILITY_RISK = "涉及重大公共利益或社会稳定风险"
    SECRET = "依法需要保密"


class Assessment(Labeled):
    FIVE_FACTOR = "合法性、必要性、科学性、可行性和可控性评估（五性评估）"
    FAIR_COMPETITION = "公平竞争审查"
    STABILITY = "社会稳定风险评估"
    PUBLIC_CONSULTATION = "公开征求意见"


class TopicStatus(Labeled):
    SUBMITTED = "已报送"
    RETURNED = "合法性审查退回"
    APPROVED = "分管领导已同意"
    ARRANGED = "办公室已统筹"
    CONFIRMED = "已确定上会"
    SCHEDULED = "已列入会议"
    REFUSED = "不予安排"
    WITHDRAWN = "已撤回"


class RefusalReason(Labeled):
    OWN_AUTHORITY = "属部门职责权限范围内可以解决的事项"
    NOT_COORDINATED = "会前未经协调的事项"


class EscalationResult(Labeled):
    RESOLVED = "经协调达成一致"
    DIVERGENT = "协调后仍有分歧"


class WaitingOn(Labeled):
    """Whose move it is on a topic's path, for the 议题库 filter."""

    LEAD_DEPARTMENT = "主办部门"
    LEGALITY_REVIEWER = "区司法局"
    INVOLVED_DEPARTMENTS = "涉及部门"
    SUPERVISOR = "分管副区长"
    OFFICE = "区政府办公室"
    MAYOR = "区长"
    CONVENING_LEADER = "召集会议的区政府领导"
    NOBODY = "—"


# --- meetings and leave (RULES.md, Meeting kinds, Leave) ---

class LeaveRoute(Labeled):
    """Who a leave request goes to (art. 44, or office practice where the rules are silent)."""

    ASK_MAYOR = "向区长请假"
    OFFICE_REPORTS_TO_MAYOR = "由区政府办公室向区长报告"
    ASK_PRESIDER = "向主持会议的区政府领导请假"
    NOT_APPLICABLE = "无需请假"


class AbsenceKind(Labeled):
    """Absence from the district (art. 53)."""

    VICE_MAYOR_TRIP = "副区长出访、出差、休假"
    PRINCIPAL_HEAD_LEAVE = "镇街、部门主要负责人离永外出"


class MeetingStatus(Labeled):
    PLANNED = "筹备中"
    HELD = "已召开"
    POSTPONED = "已延期"
    CANCELLED = "已取消"


class RosterRole(Labeled):
    MEMBER = "组成人员"
    OBSERVER = "列席"
    INVITEE = "邀请出席"
    PARTICIPANT = "参会"  # THEMATIC: heads of the units concerned (art. 41)


class Attendance(Labeled):
    UNMARKED = "未登记"
    PRESENT = "出席"
    LATE = "迟到"
    ON_LEAVE = "请假"
    ABSENT = "缺席"
    SUBSTITUTE = "代为出席"


class ApprovalManner(Labeled):
    IN_PERSON = "当面"
    PHONE = "电话"
    WRITTEN = "书面"


class LeaveStatus(Labeled):
    PENDING = "待批复"
    APPROVED = "已准假"
    REPORTED = "已报告"
    DECLINED = "未准假"


# --- minutes (RULES.md, Minutes and their signer) ---

class SensitiveMatter(Labeled):
    """The matters of art. 45 whose THEMATIC minutes need the mayor's consent before issue."""

    FUNDS = "资金"
    PERSONNEL = "人事"
    STATE_ASSETS = "国有资产"
    MAJOR_INVESTMENT = "重大投资"
    URBAN_PLANNING = "城市规划"
    NATURAL_RESOURCES = "重要国有自然资源"


class MinutesStatus(Labeled):
    DRAFT = "起草中"
    REVIEWED = "已核稿"
    SIGNED = "已签发"
    ISSUED = "已印发"
    SUPERSEDED = "已更正"


class DecisionType(Labeled):
    AGREE = "同意"
    AGREE_IN_PRINCIPLE = "原则同意"
    DEFER = "暂缓"
    DISAGREE = "不同意"
    STUDY_FURTHER = "另行研究"


class Classification(Labeled):
    NONE = "无"
    SECRET = "秘密"
    CONFIDENTIAL = "机密"
    TOP_SECRET = "绝密"


class Urgency(Labeled):
    NONE = "无"
    URGENT = "加急"
    EXTRA_URGENT = "特急"


class Publication(Labeled):
    PUBLIC = "主动公开"
    ON_REQUEST = "依申请公开"
    NOT_PUBLIC = "不予公开"


class FollowUpStatus(Labeled):
    OPEN = "办理中"
    CLOSED = "已办结"
