"""The four meeting kinds (arts. 37–41): who belongs, who may convene and preside (with the
mayor's delegation, art. 5), and which topics may go on a meeting (arts. 6, 20, 42).

A 专题 topic and the meeting it goes on (art. 42, "区政府专题会议议题由区政府领导确定", read
with art. 41, "区政府专题会议由区长或副区长召集和主持"): the leader who decides a 专题会议's
topics is the leader who convenes that meeting. So a 专题 topic goes only on a 专题会议
convened by the leader who confirmed it. Confirmed by vice mayor B, it is refused on vice mayor
C's meeting, the refusal naming both; to put it there, C confirms it first (recorded as a new
confirmation, 改由召集会议的领导确定, see core.rules.topics), so the record always shows who
decided the topic of each meeting. The program never moves a topic onto another leader's
meeting on the strength of B's confirmation.

Pure functions over plain facts; the meeting service gathers them from the roster.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from core.model.enums import DepartmentKind, MeetingKind, Post, TopicStatus
from core.rules.articles import Decision, Reason

VICE_MAYORS = frozenset({Post.EXECUTIVE_VICE_MAYOR, Post.VICE_MAYOR})
LEADERS = VICE_MAYORS | {Post.MAYOR}
# The article that fixes each kind's composition and who convenes it.
KIND_ARTICLE = {MeetingKind.PLENARY: 38, MeetingKind.EXECUTIVE: 39, MeetingKind.MAYOR_OFFICE: 40,
                MeetingKind.THEMATIC: 41}


@dataclass(frozen=True)
class Holding:
    """A post held on the meeting date (from the roster)."""

    person_id: int
    post: Post
    department_id: int | None = None
    department_kind: DepartmentKind | None = None


@dataclass(frozen=True)
class Member:
    person_id: int
    role: str  # 区长, 副区长, 政府党组成员, 组成部门主要负责人
    post: Post
    department_id: int | None = None


ROLE_TEXT = {
    Post.MAYOR: "区长", Post.EXECUTIVE_VICE_MAYOR: "常务副区长", Post.VICE_MAYOR: "副区长",
    Post.PARTY_GROUP_MEMBER: "政府党组成员", Post.DEPARTMENT_HEAD: "组成部门主要负责人",
}
_ORDER = [Post.MAYOR, Post.EXECUTIVE_VICE_MAYOR, Post.VICE_MAYOR, Post.PARTY_GROUP_MEMBER, Post.DEPARTMENT_HEAD]


def _is_member(kind: MeetingKind, h: Holding) -> bool:
    if h.post in LEADERS:
        return kind is not MeetingKind.THEMATIC
    if h.post is Post.PARTY_GROUP_MEMBER:
        return kind is MeetingKind.EXECUTIVE
    if h.post is Post.DEPARTMENT_HEAD:
        return kind is MeetingKind.PLENARY and h.department_kind is DepartmentKind.CONSTITUENT
    return False


def composition(kind: MeetingKind, holdings: Iterable[Holding]) -> list[Member]:
    """The members (组成人员) of a meeting of `kind` from the posts held on its date.

    PLENARY: mayor, vice mayors and the heads of the constituent departments (art. 38);
    EXECUTIVE: mayor, vice mayors and the government's Party-group members (art. 39);
    MAYOR_OFFICE: mayor and vice mayors (art. 40); THEMATIC has no fixed members (art. 41).
    A person is listed once, under their highest post.
    """
    chosen: dict[int, Holding] = {}
    for h in holdings:
        if not _is_member(kind, h):
            continue
        held = chosen.get(h.person_id)
        if held is None or _ORDER.index(h.post) < _ORDER.index(held.post):
            chosen[h.person_id] = h
    members = [Member(h.person_id, ROLE_TEXT[h.post], h.post, h.department_id) for h in chosen.values()]
    return sorted(members, key=lambda m: _ORDER.index(m.post))


@dataclass(frozen=True)
class MayorDelegation:
    """The mayor's delegation to preside over the government's work (art. 5), as a period."""

    delegate_id: int
    start: dt.date
    end: dt.date

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def may_preside(kind: MeetingKind, day: dt.date, posts: frozenset[Post],
                delegation: MayorDelegation | None = None, person_id: int | None = None) -> Decision:
    """Whether a person holding `posts` on `day` may convene and preside over a meeting of `kind`.

    PLENARY: only the mayor (art. 38). EXECUTIVE and MAYOR_OFFICE: the mayor, or the executive
    vice mayor under the mayor's recorded delegation covering the day (arts. 39, 40, 5).
    THEMATIC: the mayor or a vice mayor (art. 41).
    """
    article = KIND_ARTICLE[kind]
    if Post.MAYOR in posts:
        return Decision.yes()
    if kind is MeetingKind.PLENARY:
        return Decision.no(Reason("区政府全体会议由区长召集和主持", article))
    if kind is MeetingKind.THEMATIC:
        if posts & VICE_MAYORS:
            return Decision.yes()
        return Decision.no(Reason("区政府专题会议由区长或副区长召集和主持", article))
    if Post.EXECUTIVE_VICE_MAYOR not in posts:
        return Decision.no(Reason(f"{kind.value}由区长召集和主持，或由区长委托负责常务工作的副区长召集并主持", article))
    if delegation is None or not delegation.covers(day) or (person_id is not None and delegation.delegate_id != person_id):
        return Decision.no(Reason("常务副区长主持须有区长的委托，且委托期间包含会议日期", 5),
                           Reason(f"{kind.value}可由区长委托负责常务工作的副区长召集并主持", article))
    return Decision.yes()


@dataclass(frozen=True)
class Leader:
    person_id: int
    name: str


@dataclass(frozen=True)
class TopicOnAgenda:
    """What decides whether a topic may go on a meeting."""

    status: TopicStatus
    target: MeetingKind
    major: bool
    scheduled_elsewhere: str = ""  # the other meeting's name, when the topic is already on one
    # 专题 topics: who confirmed it and who convenes the meeting (ids, with names for the message)
    confirmed_by: Leader | None = None
    convener: Leader | None = None


def confirmed_by_convener(confirmed_by: Leader | None, convener: Leader) -> Decision:
    """A 专题 topic goes only on a 专题会议 convened by the leader who confirmed it (art. 42)."""
    if confirmed_by is None or confirmed_by.person_id == convener.person_id:
        return Decision.yes()
    return Decision.no(Reason(
        f"该议题由{confirmed_by.name}确定，不能列入{convener.name}召集的专题会议；专题会议议题由召集会议的"
        f"区政府领导确定，如需列入，请先由{convener.name}确定该议题（改由召集会议的领导确定）", 42))


def topic_may_go_on(kind: MeetingKind, topic: TopicOnAgenda) -> Decision:
    """A topic goes on a meeting once confirmed for that kind (art. 42; for THEMATIC decided by
    the convening leader); major decisions only on PLENARY or EXECUTIVE (arts. 6, 20)."""
    reasons = []
    if topic.major and kind not in (MeetingKind.PLENARY, MeetingKind.EXECUTIVE):
        reasons.append(Reason("重大事项须经区政府全体会议或常务会议讨论决定", 20))
    if topic.status is not TopicStatus.CONFIRMED:
        who = "召集会议的区政府领导" if kind is MeetingKind.THEMATIC else "区长"
        reasons.append(Reason(f"议题须经{who}确定后才能列入会议议程（当前：{topic.status.value}）", 42))
    elif topic.target is not kind:
        reasons.append(Reason(f"议题确定提交{topic.target.value}，不能列入{kind.value}", 42))
    elif kind is MeetingKind.THEMATIC and topic.convener is not None:
        reasons += confirmed_by_convener(topic.confirmed_by, topic.convener).reasons
    if topic.scheduled_elsewhere:
        reasons.append(Reason(f"议题已列入{topic.scheduled_elsewhere}，须先从该会议移出", 42))
    return Decision.no(*reasons) if reasons else Decision.yes()
