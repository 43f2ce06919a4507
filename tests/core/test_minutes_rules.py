"""Art. 45 (with art. 5): the signer of each kind's minutes, acting delegates, the mayor's consent,
and the conditions for issuing — every case of issue 5 §1, with the date boundaries."""

from __future__ import annotations

import datetime as dt

import pytest

from core.model.enums import MeetingKind, SensitiveMatter
from core.rules.minutes import Cover, SigningFacts, check_signer, may_issue, signing_route

MAYOR, EVM, VM_A, VM_B = 1, 2, 3, 4
SIGN = dt.date(2026, 7, 15)


def route(kind: MeetingKind, presider: int, *, matters=(), delegations=()):
    return signing_route(SigningFacts(kind, presider, MAYOR, SIGN, frozenset(matters), tuple(delegations)))


@pytest.mark.parametrize("kind", [MeetingKind.PLENARY, MeetingKind.EXECUTIVE, MeetingKind.MAYOR_OFFICE])
def test_mayor_signs_plenary_executive_and_mayor_office(kind: MeetingKind) -> None:
    r = route(kind, MAYOR)
    assert (r.authority_id, r.acting_id, r.consent_needed) == (MAYOR, None, False)
    assert r.reasons[0].article == 45


def test_executive_presided_by_executive_vice_mayor_under_delegation_is_still_signed_by_the_mayor() -> None:
    r = route(MeetingKind.EXECUTIVE, EVM)
    assert r.authority_id == MAYOR and r.signer_id == MAYOR


def test_thematic_convened_by_one_vice_mayor_presided_by_another_is_signed_by_the_presider() -> None:
    r = route(MeetingKind.THEMATIC, VM_B)
    assert r.authority_id == VM_B
    assert check_signer(r, VM_B).allowed
    assert not check_signer(r, VM_A).allowed


def test_delegation_covering_the_sign_off_date_signs_as_acting() -> None:
    cover = Cover(EVM, SIGN - dt.timedelta(days=3), SIGN)  # ends on the sign-off date: covers it
    r = route(MeetingKind.EXECUTIVE, MAYOR, delegations=[cover])
    assert (r.authority_id, r.acting_id, r.signer_id) == (MAYOR, EVM, EVM)
    assert any(x.article == 5 for x in r.reasons)
    assert check_signer(r, EVM).allowed and check_signer(r, MAYOR).allowed


def test_delegation_that_ended_the_day_before_the_sign_off_does_not_cover() -> None:
    cover = Cover(EVM, SIGN - dt.timedelta(days=5), SIGN - dt.timedelta(days=1))
    r = route(MeetingKind.EXECUTIVE, MAYOR, delegations=[cover])
    assert r.acting_id is None and r.signer_id == MAYOR
    decision = check_signer(r, EVM)
    assert not decision.allowed and decision.reasons[0].article == 45


def test_delegation_starting_the_day_after_does_not_cover() -> None:
    cover = Cover(EVM, SIGN + dt.timedelta(days=1), SIGN + dt.timedelta(days=4))
    assert route(MeetingKind.EXECUTIVE, MAYOR, delegations=[cover]).acting_id is None


@pytest.mark.parametrize("matter", list(SensitiveMatter))
def test_thematic_with_a_sensitive_decision_needs_the_mayors_consent(matter: SensitiveMatter) -> None:
    r = route(MeetingKind.THEMATIC, VM_A, matters=[matter])
    assert r.consent_needed
    assert matter.value in str(r.reasons[-1]) and r.reasons[-1].article == 45


def test_no_consent_when_the_mayor_presided_or_for_other_kinds() -> None:
    assert not route(MeetingKind.THEMATIC, MAYOR, matters=[SensitiveMatter.FUNDS]).consent_needed
    assert not route(MeetingKind.EXECUTIVE, MAYOR, matters=[SensitiveMatter.FUNDS]).consent_needed
    assert not route(MeetingKind.THEMATIC, VM_A).consent_needed


def test_no_mayor_on_the_roster() -> None:
    r = signing_route(SigningFacts(MeetingKind.EXECUTIVE, EVM, None, SIGN))
    assert not check_signer(r, EVM).allowed


@pytest.mark.parametrize(("signed", "needed", "recorded", "allowed", "count"), [
    (True, False, False, True, 0),
    (False, False, False, False, 1),
    (True, True, False, False, 1),
    (True, True, True, True, 0),
    (False, True, False, False, 2),
])
def test_may_issue(signed: bool, needed: bool, recorded: bool, allowed: bool, count: int) -> None:
    d = may_issue(signed=signed, consent_needed=needed, consent_recorded=recorded)
    assert d.allowed is allowed and len(d.reasons) == count
    assert all(r.article == 45 for r in d.reasons)
