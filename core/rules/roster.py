"""The roster rules as pure functions: plain facts in, refusals (with their article) out.

No database here. Services (and the importer) load the facts they need, ask these functions,
and refuse when the answer is a non-empty list. Dates are inclusive on both ends; an `end` of
None means the post, portfolio or partnership is ongoing.

Articles cited are those of 《工作规则》 (RULES.md):
  第五条  区长负责制; 常务副区长 presides while the mayor is away; AB角 take over a vice mayor's portfolio.
  第八条  副区长按分工负责处理分管工作 (portfolios).
  第九条  组成部门实行主任、局长负责制 (one principal head per department).
  第四十二条  a topic goes through its supervising leader, so a department has one at a time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from core.model.enums import DelegationScope, Post
from core.rules.articles import chinese_number

# Posts of which a district has exactly one holder on any date, and the article that says so.
SINGLETON_POSTS: Mapping[Post, int | None] = {
    Post.MAYOR: 5,
    Post.EXECUTIVE_VICE_MAYOR: 5,
    Post.OFFICE_DIRECTOR: None,  # office practice: one director of the office
}
DEPARTMENT_POSTS = frozenset({Post.DEPARTMENT_HEAD, Post.DEPUTY_HEAD})
# Who may supervise departments (分管) and stand in for each other as AB partners.
SUPERVISOR_POSTS = frozenset({Post.VICE_MAYOR, Post.EXECUTIVE_VICE_MAYOR, Post.PARTY_GROUP_MEMBER})
LEADER_POSTS = SUPERVISOR_POSTS | {Post.MAYOR}

T = TypeVar("T")


# --- dates ----------------------------------------------------------------------------------

def covers(start: dt.date, end: dt.date | None, day: dt.date) -> bool:
    """True when `day` lies in the inclusive period [start, end]."""
    return start <= day and (end is None or day <= end)


def overlaps(a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None) -> bool:
    return (a_end is None or b_start <= a_end) and (b_end is None or a_start <= b_end)


def date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def period_text(start: dt.date, end: dt.date | None) -> str:
    return f"{date_text(start)}起" if end is None else f"{date_text(start)}至{date_text(end)}"


def article_text(number: int) -> str:
    """第五条, 第四十二条: the rules number their articles in Chinese numerals."""
    return f"第{chinese_number(number)}条"


# --- refusals -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Refusal:
    """Why something is refused; `article` when a work rule is the reason."""

    reason: str
    article: int | None = None

    @property
    def message(self) -> str:
        cite = f"（依据《工作规则》{article_text(self.article)}）" if self.article else ""
        return self.reason.rstrip("。") + cite + "。"


def date_order_problems(start: dt.date, end: dt.date | None, what: str = "") -> list[Refusal]:
    if end is not None and end < start:
        return [Refusal(f"{what}结束日期（{date_text(end)}）早于开始日期（{date_text(start)}）")]
    return []


def end_problems(start: dt.date, on: dt.date, what: str) -> list[Refusal]:
    """Ending a period: the end may be the start day itself, never before it."""
    if on < start:
        return [Refusal(f"不能结束{what}：结束日期（{date_text(on)}）早于开始日期（{date_text(start)}）")]
    return []


# --- facts ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DepartmentFact:
    id: int
    name: str
    ended_on: dt.date | None = None


@dataclass(frozen=True)
class AppointmentFact:
    person_id: int
    post: Post
    start: dt.date
    end: dt.date | None = None
    department_id: int | None = None
    id: int | None = None
    person_name: str = ""
    department_name: str = ""

    def covers(self, day: dt.date) -> bool:
        return covers(self.start, self.end, day)

    def overlaps(self, other: AppointmentFact) -> bool:
        return overlaps(self.start, self.end, other.start, other.end)


@dataclass(frozen=True)
class PortfolioFact:
    leader_id: int
    department_id: int
    start: dt.date
    end: dt.date | None = None
    id: int | None = None
    leader_name: str = ""
    department_name: str = ""


@dataclass(frozen=True)
class PartnerFact:
    person_a_id: int
    person_b_id: int
    start: dt.date
    end: dt.date | None = None
    id: int | None = None
    person_a_name: str = ""
    person_b_name: str = ""

    def partner(self, person_id: int) -> int | None:
        if person_id == self.person_a_id:
            return self.person_b_id
        if person_id == self.person_b_id:
            return self.person_a_id
        return None


@dataclass(frozen=True)
class DelegationFact:
    delegator_id: int
    delegate_id: int
    scope: DelegationScope
    start: dt.date
    end: dt.date
    id: int | None = None
    delegator_name: str = ""
    delegate_name: str = ""


def _same_row(a_id: int | None, b_id: int | None) -> bool:
    """An edited row is checked against the others, never against its own stored version."""
    return a_id is not None and a_id == b_id


# --- who held a post --------------------------------------------------------------------------

def holders(appointments: Iterable[AppointmentFact], post: Post, on: dt.date,
            department_id: int | None = None) -> list[AppointmentFact]:
    """The appointments to `post` (in `department_id`, if given) that cover `on`."""
    return [a for a in appointments
            if a.post == post and a.covers(on)
            and (department_id is None or a.department_id == department_id)]


def posts_held(appointments: Iterable[AppointmentFact], person_id: int, on: dt.date) -> set[Post]:
    return {a.post for a in appointments if a.person_id == person_id and a.covers(on)}


def _holds_any(appointments: Iterable[AppointmentFact], person_id: int, on: dt.date,
               posts: Iterable[Post]) -> bool:
    return bool(posts_held(appointments, person_id, on) & set(posts))


# --- appointments -----------------------------------------------------------------------------

def _appointment_keys(a: AppointmentFact) -> list[Hashable]:
    """Buckets in which two overlapping appointments clash."""
    keys: list[Hashable] = [("same", a.person_id, a.post, a.department_id)]
    if a.post in SINGLETON_POSTS:
        keys.append(("post", a.post))
    if a.post == Post.DEPARTMENT_HEAD and a.department_id is not None:
        keys.append(("head", a.department_id))
    return keys


def _appointment_clash(new: AppointmentFact, other: AppointmentFact) -> Refusal | None:
    if _same_row(new.id, other.id) or not new.overlaps(other):
        return None
    held = f"{other.person_name or '另一人'}（{period_text(other.start, other.end)}）"
    if other.person_id == new.person_id and other.post == new.post \
            and other.department_id == new.department_id:
        return Refusal(f"{new.person_name or '此人'}已有一段{new.post.label}任职：{period_text(other.start, other.end)}，"
                       "任期不能重叠")
    if new.post in SINGLETON_POSTS and other.post == new.post:
        return Refusal(f"同一日期只能有一位{new.post.label}：该期间已由{held}担任", SINGLETON_POSTS[new.post])
    if new.post == Post.DEPARTMENT_HEAD and other.post == new.post \
            and other.department_id == new.department_id:
        dept = new.department_name or other.department_name or "该单位"
        return Refusal(f"{dept}同一日期只能有一位主要负责人：该期间已由{held}担任", 9)
    return None


def _appointment_own_problems(new: AppointmentFact,
                              departments: Mapping[int, DepartmentFact]) -> list[Refusal]:
    problems = date_order_problems(new.start, new.end, "任职")
    if new.post in DEPARTMENT_POSTS and new.department_id is None:
        problems.append(Refusal(f"“{new.post.label}”须填写所在单位"))
    dept = departments.get(new.department_id) if new.department_id is not None else None
    if dept is not None and dept.ended_on is not None and new.start > dept.ended_on:
        problems.append(Refusal(f"{dept.name}已于{date_text(dept.ended_on)}撤销，不能在此后任职"))
    return problems


def appointment_problems(new: AppointmentFact, others: Iterable[AppointmentFact],
                         departments: Mapping[int, DepartmentFact] | None = None) -> list[Refusal]:
    """Everything wrong with `new` given the other appointments (its own stored row is ignored)."""
    problems = _appointment_own_problems(new, departments or {})
    if problems:
        return problems
    keys = set(_appointment_keys(new))
    for other in others:
        if keys & set(_appointment_keys(other)):
            clash = _appointment_clash(new, other)
            if clash:
                problems.append(clash)
    return problems


class _Buckets(Generic[T]):
    """Facts indexed by clash key, so a batch of thousands is checked in near-linear time."""

    def __init__(self) -> None:
        self._by_key: dict[Hashable, list[T]] = defaultdict(list)

    def add(self, keys: Iterable[Hashable], fact: T) -> None:
        for key in keys:
            self._by_key[key].append(fact)

    def near(self, keys: Iterable[Hashable]) -> list[T]:
        seen: dict[int, T] = {}
        for key in keys:
            for fact in self._by_key.get(key, ()):
                seen[id(fact)] = fact
        return list(seen.values())


def check_appointments(new: Sequence[AppointmentFact], existing: Iterable[AppointmentFact],
                       departments: Mapping[int, DepartmentFact] | None = None,
                       ) -> list[tuple[int, Refusal]]:
    """Problems of a batch, as (index in `new`, refusal); each row is checked against the
    existing ones and the earlier accepted rows of the batch."""
    buckets: _Buckets[AppointmentFact] = _Buckets()
    for fact in existing:
        buckets.add(_appointment_keys(fact), fact)
    found: list[tuple[int, Refusal]] = []
    for index, fact in enumerate(new):
        keys = _appointment_keys(fact)
        problems = appointment_problems(fact, buckets.near(keys), departments)
        found.extend((index, p) for p in problems)
        if not problems:
            buckets.add(keys, fact)
    return found


# --- portfolios (分管) -------------------------------------------------------------------------

def portfolio_problems(new: PortfolioFact, others: Iterable[PortfolioFact],
                       appointments: Iterable[AppointmentFact],
                       departments: Mapping[int, DepartmentFact] | None = None) -> list[Refusal]:
    """`others`: portfolios (at least those of the same department); `appointments`: at least the leader's."""
    problems = date_order_problems(new.start, new.end, "分管")
    if problems:
        return problems
    leader = new.leader_name or "该领导"
    if not _holds_any(appointments, new.leader_id, new.start, SUPERVISOR_POSTS):
        problems.append(Refusal(f"{leader}在{date_text(new.start)}不是副区长、常务副区长或政府党组成员，不能分管单位", 8))
    dept = (departments or {}).get(new.department_id)
    if dept is not None and dept.ended_on is not None and new.start > dept.ended_on:
        problems.append(Refusal(f"{dept.name}已于{date_text(dept.ended_on)}撤销，不能在此后分管"))
    for other in others:
        if other.department_id != new.department_id or _same_row(new.id, other.id):
            continue
        if overlaps(new.start, new.end, other.start, other.end):
            problems.append(Refusal(
                f"{new.department_name or other.department_name or '该单位'}同一日期只能有一位分管领导："
                f"{period_text(other.start, other.end)}已由{other.leader_name or '另一位领导'}分管", 8))
    return problems


def check_portfolios(new: Sequence[PortfolioFact], existing: Iterable[PortfolioFact],
                     appointments: Iterable[AppointmentFact],
                     departments: Mapping[int, DepartmentFact] | None = None) -> list[tuple[int, Refusal]]:
    by_dept: dict[int, list[PortfolioFact]] = defaultdict(list)
    for fact in existing:
        by_dept[fact.department_id].append(fact)
    by_person = _by_person(appointments)
    found: list[tuple[int, Refusal]] = []
    for index, fact in enumerate(new):
        problems = portfolio_problems(fact, by_dept[fact.department_id], by_person.get(fact.leader_id, []),
                                      departments)
        found.extend((index, p) for p in problems)
        if not problems:
            by_dept[fact.department_id].append(fact)
    return found


def supervisor(portfolios: Iterable[PortfolioFact], department_id: int, on: dt.date) -> PortfolioFact | None:
    for p in portfolios:
        if p.department_id == department_id and covers(p.start, p.end, on):
            return p
    return None


def _by_person(appointments: Iterable[AppointmentFact]) -> dict[int, list[AppointmentFact]]:
    by_person: dict[int, list[AppointmentFact]] = defaultdict(list)
    for a in appointments:
        by_person[a.person_id].append(a)
    return by_person


# --- AB partners (AB角) ------------------------------------------------------------------------

def partnership_problems(new: PartnerFact, others: Iterable[PartnerFact],
                         appointments: Iterable[AppointmentFact]) -> list[Refusal]:
    """`others`: partnerships (at least those of either person); `appointments`: at least both people's."""
    problems = date_order_problems(new.start, new.end, "AB角")
    if new.person_a_id == new.person_b_id:
        problems.append(Refusal("AB角须是两位不同的领导"))
    if problems:
        return problems
    appointments = list(appointments)
    for pid, name in ((new.person_a_id, new.person_a_name), (new.person_b_id, new.person_b_name)):
        if not _holds_any(appointments, pid, new.start, SUPERVISOR_POSTS):
            problems.append(Refusal(
                f"{name or '该人员'}在{date_text(new.start)}不是副区长、常务副区长或政府党组成员，不能结为AB角", 5))
    for other in others:
        if _same_row(new.id, other.id) or not overlaps(new.start, new.end, other.start, other.end):
            continue
        held = f"{other.person_a_name}与{other.person_b_name}，{period_text(other.start, other.end)}"
        if {other.person_a_id, other.person_b_id} == {new.person_a_id, new.person_b_id}:
            problems.append(Refusal(f"这两位领导已互为AB角（{held}），期间不能重叠"))
            continue
        for pid, name in ((new.person_a_id, new.person_a_name), (new.person_b_id, new.person_b_name)):
            if other.partner(pid) is not None:
                problems.append(Refusal(f"{name or '该领导'}已有AB角（{held}），同一日期只能有一位AB角", 5))
    return problems


def check_partnerships(new: Sequence[PartnerFact], existing: Iterable[PartnerFact],
                       appointments: Iterable[AppointmentFact]) -> list[tuple[int, Refusal]]:
    by_person: dict[int, list[PartnerFact]] = defaultdict(list)

    def index_fact(fact: PartnerFact) -> None:
        by_person[fact.person_a_id].append(fact)
        by_person[fact.person_b_id].append(fact)

    for fact in existing:
        index_fact(fact)
    appointments_of = _by_person(appointments)
    found: list[tuple[int, Refusal]] = []
    for index, fact in enumerate(new):
        others = {id(o): o for o in by_person[fact.person_a_id] + by_person[fact.person_b_id]}
        mine = appointments_of.get(fact.person_a_id, []) + appointments_of.get(fact.person_b_id, [])
        problems = partnership_problems(fact, others.values(), mine)
        found.extend((index, p) for p in problems)
        if not problems:
            index_fact(fact)
    return found


def partner_of(partnerships: Iterable[PartnerFact], person_id: int, on: dt.date) -> int | None:
    for p in partnerships:
        other = p.partner(person_id)
        if other is not None and covers(p.start, p.end, on):
            return other
    return None


# --- delegations (委托, art. 5) -----------------------------------------------------------------

def delegation_problems(new: DelegationFact, others: Iterable[DelegationFact],
                        appointments: Iterable[AppointmentFact],
                        partnerships: Iterable[PartnerFact]) -> list[Refusal]:
    """`others`: delegations (at least the delegator's); `appointments` and `partnerships`:
    at least those of both people."""
    problems = date_order_problems(new.start, new.end, "委托")
    if new.delegator_id == new.delegate_id:
        problems.append(Refusal("委托人与受托人不能是同一人"))
    if problems:
        return problems
    appointments = list(appointments)
    problems.extend(_scope_problems(new, appointments, partnerships))
    for other in others:
        if other.delegator_id == new.delegator_id and other.scope == new.scope \
                and not _same_row(new.id, other.id) and overlaps(new.start, new.end, other.start, other.end):
            problems.append(Refusal(
                f"{new.delegator_name or '委托人'}在{period_text(other.start, other.end)}已将“{new.scope.label}”"
                f"委托给{other.delegate_name or '他人'}，同一事项同一期间只能委托一人"))
    return problems


def _scope_problems(new: DelegationFact, appointments: Sequence[AppointmentFact],
                    partnerships: Iterable[PartnerFact]) -> list[Refusal]:
    day = date_text(new.start)
    who, to = new.delegator_name or "委托人", new.delegate_name or "受托人"
    if new.scope == DelegationScope.GOVERNMENT_WORK:
        problems = []
        if not _holds_any(appointments, new.delegator_id, new.start, {Post.MAYOR}):
            problems.append(Refusal(f"只有区长可以委托主持区政府工作，{who}在{day}不是区长", 5))
        if not _holds_any(appointments, new.delegate_id, new.start, {Post.EXECUTIVE_VICE_MAYOR}):
            problems.append(Refusal(f"区长出差（出访）期间由负责常务工作的副区长主持区政府工作，{to}在{day}不是常务副区长", 5))
        return problems
    if new.scope == DelegationScope.PORTFOLIO:
        if not _holds_any(appointments, new.delegator_id, new.start, SUPERVISOR_POSTS):
            return [Refusal(f"{who}在{day}没有分管工作可委托（不是副区长、常务副区长或政府党组成员）", 5)]
        if partner_of(partnerships, new.delegator_id, new.start) != new.delegate_id:
            return [Refusal(f"副区长出差（出访）期间按AB角分工关系委托分管工作，{to}在{day}不是{who}的AB角", 5)]
    return []


def check_delegations(new: Sequence[DelegationFact], existing: Iterable[DelegationFact],
                      appointments: Iterable[AppointmentFact],
                      partnerships: Iterable[PartnerFact]) -> list[tuple[int, Refusal]]:
    by_delegator: dict[int, list[DelegationFact]] = defaultdict(list)
    for fact in existing:
        by_delegator[fact.delegator_id].append(fact)
    appointments_of = _by_person(appointments)
    partnerships = list(partnerships)
    found: list[tuple[int, Refusal]] = []
    for index, fact in enumerate(new):
        mine = appointments_of.get(fact.delegator_id, []) + appointments_of.get(fact.delegate_id, [])
        problems = delegation_problems(fact, by_delegator[fact.delegator_id], mine, partnerships)
        found.extend((index, p) for p in problems)
        if not problems:
            by_delegator[fact.delegator_id].append(fact)
    return found


def covering_delegation(delegations: Iterable[DelegationFact], person_id: int, on: dt.date,
                        scope: DelegationScope) -> DelegationFact | None:
    """The delegation by `person_id` for `scope` in force on `on` (the latest-starting one, if several)."""
    found = [d for d in delegations
             if d.delegator_id == person_id and d.scope == scope and covers(d.start, d.end, on)]
    return max(found, key=lambda d: d.start) if found else None


@dataclass(frozen=True)
class ActingFact:
    """Who acts and for whom: the authority stays on the record next to the acting person."""

    authority_id: int
    acting_id: int
    delegation: DelegationFact


def acting_for(delegations: Iterable[DelegationFact], person_id: int, on: dt.date,
               scope: DelegationScope) -> ActingFact | None:
    """None when `person_id` acts in person on `on`; else the authority and the delegate (art. 5)."""
    d = covering_delegation(delegations, person_id, on, scope)
    return ActingFact(authority_id=person_id, acting_id=d.delegate_id, delegation=d) if d else None


def acting_label(acting_post: str, acting_name: str, authority_post: str) -> str:
    """How an acting person is shown and printed, e.g. 常务副区长 李某（受区长委托）."""
    return f"{acting_post} {acting_name}（受{authority_post}委托）".strip()


# --- legality reviewer ----------------------------------------------------------------------

def legality_reviewer_problems(department_id: int | None, reviewers: Iterable[DepartmentFact],
                               on: dt.date) -> list[Refusal]:
    """Only one department at a time is the legality reviewer (区司法局, art. 42)."""
    for other in reviewers:
        if other.id != department_id and (other.ended_on is None or other.ended_on >= on):
            return [Refusal(f"已有合法性审查单位：{other.name}；请先取消其标记或撤销该单位", 42)]
    return []
