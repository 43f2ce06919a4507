"""Fixtures of the core tests: a small district roster on a fresh encrypted file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from core.model.enums import DepartmentKind, Post
from core.office import Office

TODAY = dt.date(2026, 6, 30)
START = dt.date(2024, 1, 1)


@dataclass
class District:
    justice: int
    finance: int
    transport: int
    ndrc: int
    mayor: int
    executive: int
    vice_a: int
    vice_b: int
    heads: dict[int, int]


@pytest.fixture
def district(office: Office) -> District:
    return build_district(office)


def build_district(office: Office) -> District:
    """Four departments (区司法局 the legality reviewer), the mayor, the executive vice mayor, two
    vice mayors who are AB partners, principal heads and portfolios from START; services' today fixed."""
    r = office.roster
    justice = r.add_department("区司法局", DepartmentKind.CONSTITUENT, is_legality_reviewer=True)
    finance = r.add_department("区财政局", DepartmentKind.CONSTITUENT)
    transport = r.add_department("区交通局", DepartmentKind.CONSTITUENT)
    ndrc = r.add_department("区发展改革委", DepartmentKind.CONSTITUENT)

    def person(name: str, post: Post, dept: int | None = None) -> int:
        pid = r.add_person(name)
        r.appoint(pid, post, START, department_id=dept)
        return pid

    mayor = person("甲区长", Post.MAYOR)
    executive = person("乙常务", Post.EXECUTIVE_VICE_MAYOR)
    vice_a = person("丙副区长", Post.VICE_MAYOR)
    vice_b = person("丁副区长", Post.VICE_MAYOR)
    heads = {d: person(f"{n}局长", Post.DEPARTMENT_HEAD, d)
             for d, n in ((justice, "司法"), (finance, "财政"), (transport, "交通"), (ndrc, "发改"))}
    r.assign_portfolio(vice_a, transport, START)
    r.assign_portfolio(vice_a, ndrc, START)
    r.assign_portfolio(executive, finance, START)
    r.assign_portfolio(vice_b, justice, START)
    r.pair_partners(vice_a, vice_b, START)
    for service in (office.topics, office.meetings, office.leave, office.minutes, office.followup, office.desk):
        service.today = lambda: TODAY
    return District(justice, finance, transport, ndrc, mayor, executive, vice_a, vice_b, heads)
