"""A roster file read into typed rows, each with its place in the file, plus the problems found."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from core.model.enums import DelegationScope, DepartmentKind, Post


@dataclass(frozen=True)
class Where:
    sheet: str
    row: int

    @property
    def text(self) -> str:
        return f"“{self.sheet}”第 {self.row} 行"


@dataclass(frozen=True)
class DepartmentIn:
    where: Where
    name: str
    short_name: str
    kind: DepartmentKind
    is_legality_reviewer: bool
    note: str


@dataclass(frozen=True)
class PostIn:
    where: Where
    name: str
    note: str
    post: Post | None
    department: str
    title: str
    start: dt.date | None
    end: dt.date | None


@dataclass(frozen=True)
class PortfolioIn:
    where: Where
    leader: str
    department: str
    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class PartnershipIn:
    where: Where
    person_a: str
    person_b: str
    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class DelegationIn:
    where: Where
    delegator: str
    delegate: str
    scope: DelegationScope
    start: dt.date
    end: dt.date
    reason: str


@dataclass
class ParsedRoster:
    source: str
    departments: list[DepartmentIn] = field(default_factory=list)
    posts: list[PostIn] = field(default_factory=list)
    portfolios: list[PortfolioIn] = field(default_factory=list)
    partnerships: list[PartnershipIn] = field(default_factory=list)
    delegations: list[DelegationIn] = field(default_factory=list)
    problems: list[tuple[int | str, str]] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(len(x) for x in (self.departments, self.posts, self.portfolios, self.partnerships,
                                    self.delegations))
