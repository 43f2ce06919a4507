"""Meeting rules (arts. 5, 6, 20, 37–42) and leave rules (arts. 44, 53), row by row, with boundaries."""

from __future__ import annotations

import datetime as dt

import pytest

from core.model.enums import DepartmentKind, LeaveRoute, MeetingKind, Post, TopicStatus
from core.rules.leave import check_absence, leave_route, overlaps
from core.rules.meetings import (
    Holding,
    MayorDelegation,
    TopicOnAgenda,
    composition,
    may_preside,
    topic_may_go_on,
)

PLENARY, EXECUTIVE, MAYOR_OFFICE, THEMATIC = (MeetingKind.PLENARY, MeetingKind.EXECUTIVE,
                                              MeetingKind.MAYOR_OFFICE, MeetingKind.THEMATIC)
DAY = dt.date(2026, 7, 9)

HOLDINGS = [
    Holding(1, Post.MAYOR),
    Holding(2, Post.EXECUTIVE_VICE_MAYOR),
    Holding(3, Post.VICE_MAYOR),
    Holding(4, Post.PARTY_GROUP_MEMBER),
    Holding(5, Post.DEPARTMENT_HEAD, 50, DepartmentKind.CONSTITUENT),
    Holding(6, Post.DEPARTMENT_HEAD, 60, DepartmentKind.TOWNSHIP),
    Holding(7, Post.OFFICE_DIRECTOR),
    Holding(8, Post.DEPUTY_HEAD, 50, DepartmentKind.CONSTITUENT),
    Holding(3, Post.PARTY_GROUP_MEMBER),  # a vice mayor who is also in the Party group: listed once
]


@pytest.mark.parametrize(("kind", "members", "article"), [
    (PLENARY, [1, 2, 3, 5], 38),
    (EXECUTIVE, [1, 2, 3, 4], 39),
    (MAYOR_OFFICE, [1, 2, 3], 40),
    (THEMATIC, [], 41),
])
def test_composition_by_kind(kind: MeetingKind, members: list[int], article: int) -> None:
    found = composition(kind, HOLDINGS)
    assert [m.person_id for m in found] == members
    assert len({m.person_id for m in found}) == len(found)
    if members:
        assert found[0].role == "区长"


@pytest.mark.parametrize(("kind", "posts", "delegated", "allowed", "article"), [
    (PLENARY, {Post.MAYOR}, False, True, None),
    (PLENARY, {Post.EXECUTIVE_VICE_MAYOR}, True, False, 38),  # never delegated (art. 38)
    (PLENARY, {Post.VICE_MAYOR}, False, False, 38),
    (EXECUTIVE, {Post.MAYOR}, False, True, None),
    (EXECUTIVE, {Post.EXECUTIVE_VICE_MAYOR}, True, True, None),
    (EXECUTIVE, {Post.EXECUTIVE_VICE_MAYOR}, False, False, 5),
    (EXECUTIVE, {Post.VICE_MAYOR}, True, False, 39),
    (MAYOR_OFFICE, {Post.EXECUTIVE_VICE_MAYOR}, True, True, None),
    (MAYOR_OFFICE, {Post.EXECUTIVE_VICE_MAYOR}, False, False, 5),
    (MAYOR_OFFICE, {Post.PARTY_GROUP_MEMBER}, False, False, 40),
    (THEMATIC, {Post.MAYOR}, False, True, None),
    (THEMATIC, {Post.VICE_MAYOR}, False, True, None),
    (THEMATIC, {Post.EXECUTIVE_VICE_MAYOR}, False, True, None),
    (THEMATIC, {Post.PARTY_GROUP_MEMBER}, False, False, 41),
    (THEMATIC, {Post.DEPARTMENT_HEAD}, False, False, 41),
])
def test_who_may_preside(kind, posts, delegated, allowed, article) -> None:
    delegation = MayorDelegation(2, DAY, DAY) if delegated else None
    decision = may_preside(kind, DAY, frozenset(posts), delegation, person_id=2)
    assert decision.allowed is allowed
    if article is not None:
        assert decision.reasons[0].article == article


def test_delegation_boundaries() -> None:
    posts = frozenset({Post.EXECUTIVE_VICE_MAYOR})
    ended_day_before = MayorDelegation(2, DAY - dt.timedelta(days=5), DAY - dt.timedelta(days=1))
    ends_that_day = MayorDelegation(2, DAY - dt.timedelta(days=5), DAY)
    starts_next_day = MayorDelegation(2, DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=3))
    assert not may_preside(EXECUTIVE, DAY, posts, ended_day_before, 2).allowed
    assert may_preside(EXECUTIVE, DAY, posts, ends_that_day, 2).allowed
    assert not may_preside(EXECUTIVE, DAY, posts, starts_next_day, 2).allowed
    assert not may_preside(EXECUTIVE, DAY, posts, ends_that_day, 99).allowed  # delegated to someone else
    assert "第五条" in may_preside(EXECUTIVE, DAY, posts, ended_day_before, 2).explain()


@pytest.mark.parametrize(("kind", "topic", "allowed", "articles"), [
    (EXECUTIVE, TopicOnAgenda(TopicStatus.CONFIRMED, EXECUTIVE, False), True, []),
    (EXECUTIVE, TopicOnAgenda(TopicStatus.ARRANGED, EXECUTIVE, False), False, [42]),
    (EXECUTIVE, TopicOnAgenda(TopicStatus.CONFIRMED, MAYOR_OFFICE, False), False, [42]),
    (PLENARY, TopicOnAgenda(TopicStatus.CONFIRMED, PLENARY, True), True, []),
    (EXECUTIVE, TopicOnAgenda(TopicStatus.CONFIRMED, EXECUTIVE, True), True, []),
    (MAYOR_OFFICE, TopicOnAgenda(TopicStatus.CONFIRMED, MAYOR_OFFICE, True), False, [20]),
    (THEMATIC, TopicOnAgenda(TopicStatus.CONFIRMED, THEMATIC, True), False, [20]),
    (THEMATIC, TopicOnAgenda(TopicStatus.CONFIRMED, THEMATIC, False), True, []),
    (THEMATIC, TopicOnAgenda(TopicStatus.SUBMITTED, THEMATIC, False), False, [42]),
    (EXECUTIVE, TopicOnAgenda(TopicStatus.CONFIRMED, EXECUTIVE, False, "区政府第3次常务会议"), False, [42]),
])
def test_topic_on_a_meeting(kind, topic, allowed, articles) -> None:
    decision = topic_may_go_on(kind, topic)
    assert decision.allowed is allowed
    assert [r.article for r in decision.reasons] == articles


def test_unconfirmed_thematic_topic_names_the_convening_leader() -> None:
    d = topic_may_go_on(THEMATIC, TopicOnAgenda(TopicStatus.SUBMITTED, THEMATIC, False))
    assert "召集会议的区政府领导" in d.explain()


# --- leave (art. 44; practice where silent) -------------------------------------------------

VM, EVM, MAYOR, PG, HEAD = (frozenset({Post.VICE_MAYOR}), frozenset({Post.EXECUTIVE_VICE_MAYOR}),
                            frozenset({Post.MAYOR}), frozenset({Post.PARTY_GROUP_MEMBER}),
                            frozenset({Post.DEPARTMENT_HEAD}))


@pytest.mark.parametrize(("kind", "posts", "member", "route", "article"), [
    (PLENARY, VM, True, LeaveRoute.ASK_MAYOR, 44),
    (EXECUTIVE, VM, True, LeaveRoute.ASK_MAYOR, 44),
    (MAYOR_OFFICE, VM, True, LeaveRoute.ASK_MAYOR, 44),
    (EXECUTIVE, EVM, True, LeaveRoute.ASK_MAYOR, 44),
    (PLENARY, HEAD, True, LeaveRoute.OFFICE_REPORTS_TO_MAYOR, 44),   # other PLENARY member
    (EXECUTIVE, HEAD, False, LeaveRoute.OFFICE_REPORTS_TO_MAYOR, 44),  # EXECUTIVE observer
    (MAYOR_OFFICE, HEAD, False, LeaveRoute.OFFICE_REPORTS_TO_MAYOR, 44),  # MAYOR_OFFICE observer
    (EXECUTIVE, PG, True, LeaveRoute.OFFICE_REPORTS_TO_MAYOR, None),  # practice
    (THEMATIC, VM, False, LeaveRoute.ASK_PRESIDER, None),  # practice
    (THEMATIC, HEAD, False, LeaveRoute.ASK_PRESIDER, None),  # practice
    (PLENARY, HEAD, False, LeaveRoute.OFFICE_REPORTS_TO_MAYOR, None),  # PLENARY observer: practice
    (EXECUTIVE, MAYOR, True, LeaveRoute.NOT_APPLICABLE, 39),  # art. 39 delegation, not art. 5
    (MAYOR_OFFICE, MAYOR, True, LeaveRoute.NOT_APPLICABLE, 40),
    (PLENARY, MAYOR, True, LeaveRoute.NOT_APPLICABLE, 38),  # no delegation for the 全体会议
])
def test_leave_routes(kind, posts, member, route, article) -> None:
    found = leave_route(kind, posts, member=member)
    assert found.route is route
    assert found.reason.article == article
    assert found.is_practice is (article is None)
    assert ("按办公室惯例" in str(found)) is (article is None)


# --- absence from the district (art. 53) ------------------------------------------------------

LEAVES = dt.date(2026, 7, 10)


@pytest.mark.parametrize(("days_before", "late"), [(5, False), (3, False), (2, True), (0, True)])
def test_principal_head_three_days_boundary(days_before: int, late: bool) -> None:
    decision, check = check_absence(HEAD, LEAVES, LEAVES - dt.timedelta(days=days_before), acting_head="副局长 某某")
    assert decision.allowed  # late is flagged, never refused
    assert check.late is late
    if late:
        assert check.reasons[0].article == 53


def test_principal_head_must_name_an_acting_head() -> None:
    decision, _ = check_absence(HEAD, LEAVES, LEAVES - dt.timedelta(days=7))
    assert not decision.allowed and decision.reasons[0].article == 53


@pytest.mark.parametrize(("requested", "late"), [(LEAVES - dt.timedelta(days=1), False), (LEAVES, False),
                                                 (LEAVES + dt.timedelta(days=1), True)])
def test_vice_mayor_reports_beforehand(requested: dt.date, late: bool) -> None:
    decision, check = check_absence(VM, LEAVES, requested)
    assert decision.allowed and check.late is late


def test_absence_register_is_for_leaders_and_heads_only() -> None:
    decision, _ = check_absence(frozenset({Post.DEPUTY_HEAD}), LEAVES, LEAVES)
    assert not decision.allowed


def test_overlapping_periods() -> None:
    a, b = dt.date(2026, 7, 1), dt.date(2026, 7, 5)
    assert overlaps(a, b, b, b + dt.timedelta(days=2))
    assert not overlaps(a, b, b + dt.timedelta(days=1), b + dt.timedelta(days=2))
