"""Plain results of the roster service: frozen dataclasses, never ORM objects.

Periods are inclusive; `end` None means ongoing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.model.enums import DelegationScope, DepartmentKind, Post
from core.rules.roster import acting_label, covers, period_text


@dataclass(frozen=True)
class PersonRef:
    id: int
    name: str


@dataclass(frozen=True)
class DepartmentRow:
    id: int
    name: str
    short_name: str
    kind: DepartmentKind
    is_legality_reviewer: bool
    ended_on: dt.date | None
    note: str
    sort_order: int

    @property
    def kind_label(self) -> str:
        return self.kind.label

    def active(self, on: dt.date) -> bool:
        return self.ended_on is None or on <= self.ended_on


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    note: str
    posts: str  # the posts held on the listing's date, e.g. "副区长；区财政局 主要负责人"


@dataclass(frozen=True)
class AppointmentRow:
    id: int
    person_id: int
    person_name: str
    post: Post
    department_id: int | None
    department_name: str
    title: str
    start: dt.date
    end: dt.date | None

    @property
    def post_text(self) -> str:
        """The post as shown: the title if given, else the post label, after the department."""
        post = self.title or self.post.label
        return f"{self.department_name} {post}" if self.department_name else post

    @property
    def period(self) -> str:
        return period_text(self.start, self.end)

    def covers(self, on: dt.date) -> bool:
        return covers(self.start, self.end, on)


@dataclass(frozen=True)
class PortfolioRow:
    id: int
    leader_id: int
    leader_name: str
    department_id: int
    department_name: str
    start: dt.date
    end: dt.date | None

    @property
    def period(self) -> str:
        return period_text(self.start, self.end)


@dataclass(frozen=True)
class PartnershipRow:
    id: int
    person_a_id: int
    person_a_name: str
    person_b_id: int
    person_b_name: str
    start: dt.date
    end: dt.date | None

    @property
    def period(self) -> str:
        return period_text(self.start, self.end)


@dataclass(frozen=True)
class DelegationRow:
    id: int
    delegator_id: int
    delegator_name: str
    delegate_id: int
    delegate_name: str
    scope: DelegationScope
    start: dt.date
    end: dt.date
    reason: str

    @property
    def period(self) -> str:
        return period_text(self.start, self.end)


@dataclass(frozen=True)
class PersonDetail:
    id: int
    name: str
    note: str
    appointments: tuple[AppointmentRow, ...]
    portfolios: tuple[PortfolioRow, ...]
    partnerships: tuple[PartnershipRow, ...]
    delegations: tuple[DelegationRow, ...]  # given or received


@dataclass(frozen=True)
class Acting:
    """Art. 5: the formal authority stays on the record; the acting person is shown as acting."""

    authority: PersonRef
    authority_post: str
    acting: PersonRef
    acting_post: str
    scope: DelegationScope
    delegation_id: int
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        """e.g. 常务副区长 李某（受区长委托）."""
        return acting_label(self.acting_post, self.acting.name, self.authority_post)


@dataclass(frozen=True)
class ImportSummary:
    """Counts of what one roster import wrote (existing departments and people are reused)."""

    departments: int = 0
    people: int = 0
    appointments: int = 0
    portfolios: int = 0
    partnerships: int = 0
    delegations: int = 0
    departments_reused: int = 0
    people_reused: int = 0

    @property
    def text(self) -> str:
        return (f"新增单位 {self.departments} 个、人员 {self.people} 人、任职 {self.appointments} 条、"
                f"分管 {self.portfolios} 条、AB角 {self.partnerships} 对、"
                f"委托 {self.delegations} 条；沿用已有单位 {self.departments_reused} 个、人员 {self.people_reused} 人")

    def __str__(self) -> str:
        """The sentence `huiwu roster import` prints after “导入完成：”."""
        return self.text
