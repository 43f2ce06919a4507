"""Issue 12 §7: five readings of the work rules corrected in the rule modules, each with its
boundaries. Every test here failed on the rules as they were (see the commit messages)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from core.model.enums import LeaveRoute, MeetingKind, Post, TopicStatus, WaitingOn
from core.rules.leave import leave_route
from core.rules.meetings import (
    Leader,
    MayorDelegation,
    TopicOnAgenda,
    confirmed_by_convener,
    may_preside,
    topic_may_go_on,
)
from core.rules.topics import (
    Action,
    Flag,
    Opinion,
    TopicFacts,
    allowed,
    check_target,
    coordination_complete,
    requirements,
    waiting_on,
)

PLENARY, EXECUTIVE, MAYOR_OFFICE, THEMATIC = (MeetingKind.PLENARY, MeetingKind.EXECUTIVE,
                                              MeetingKind.MAYOR_OFFICE, MeetingKind.THEMATIC)
DAY = dt.date(2026, 7, 9)


def line(f: TopicFacts, key: str):  # type: ignore[no-untyped-def]
    return next((r for r in requirements(f) if r.key == key), None)


# --- 1. the mayor cannot attend: what arts. 38–40 allow for each kind ---------------------------

@pytest.mark.parametrize(("kind", "article", "delegable"), [
    (PLENARY, 38, False),       # 由区长召集和主持 — no delegation
    (EXECUTIVE, 39, True),      # 也可由区长委托负责常务工作的副区长召集并主持
    (MAYOR_OFFICE, 40, True),   # the same words
])
def test_mayor_absent_cites_the_article_of_the_kind(kind: MeetingKind, article: int, delegable: bool) -> None:
    route = leave_route(kind, frozenset({Post.MAYOR}), member=True)
    assert route.route is LeaveRoute.NOT_APPLICABLE
    assert route.reason.article == article  # not art. 5, which is about the government's work
    text = str(route)
    assert ("委托负责常务工作的副区长召集并主持" in text) is delegable
    if not delegable:
        assert "不能委托他人主持" in text and "另行安排" in text


@pytest.mark.parametrize("kind", [PLENARY, EXECUTIVE, MAYOR_OFFICE])
def test_mayor_absent_says_what_may_preside_allows(kind: MeetingKind) -> None:
    """The leave reason and the presiding check give the same answer for a delegated executive."""
    delegation = MayorDelegation(2, DAY, DAY)
    presides = may_preside(kind, DAY, frozenset({Post.EXECUTIVE_VICE_MAYOR}), delegation, 2).allowed
    said = "委托负责常务工作的副区长召集并主持" in str(leave_route(kind, frozenset({Post.MAYOR}), member=True))
    assert said is presides


def test_mayor_at_a_thematic_meeting_stays_practice() -> None:
    route = leave_route(THEMATIC, frozenset({Post.MAYOR}), member=False)
    assert route.route is LeaveRoute.ASK_PRESIDER and route.is_practice


# --- 2. art. 43: opinions signed by the principal head, or another signer with the reason ---------

def opinions_facts(**opinions: Opinion) -> TopicFacts:
    ids = {"finance": 1, "ndrc": 2}
    return TopicFacts(target=EXECUTIVE, involved=frozenset(ids.values()),
                      opinions={ids[k]: o for k, o in opinions.items()})


PRINCIPAL = Opinion(True, by_principal=True, department="区发展改革委", signer="发改局长")


def test_all_signed_by_principal_heads_is_done_without_a_note() -> None:
    f = opinions_facts(finance=dataclasses.replace(PRINCIPAL, department="区财政局"), ndrc=PRINCIPAL)
    r = line(f, "opinions")
    assert r is not None and (r.article, r.done, r.note) == (43, True, "")


def test_deputy_with_reason_is_done_and_said_as_such() -> None:
    deputy = Opinion(True, by_principal=False, other_signer_reason="局长出差", department="区财政局", signer="戊副局长")
    f = opinions_facts(finance=deputy, ndrc=PRINCIPAL)
    r = line(f, "opinions")
    assert r is not None and r.done
    assert r.note == "区财政局由副职签署（戊副局长），理由：局长出差"
    assert coordination_complete(f)


@pytest.mark.parametrize("reason", ["", "   ", "\u3000"])
def test_another_signer_without_a_reason_is_not_done(reason: str) -> None:
    unsigned = Opinion(True, by_principal=False, other_signer_reason=reason, department="区财政局", signer="某科长")
    f = opinions_facts(finance=unsigned, ndrc=PRINCIPAL)
    r = line(f, "opinions")
    assert r is not None and not r.done
    assert "区财政局非主要负责人签署（某科长）且未写明理由" in r.note
    assert not coordination_complete(f)
    assert waiting_on(f) is WaitingOn.INVOLVED_DEPARTMENTS
    approved = dataclasses.replace(f, approved=True)
    refused = allowed(approved, Action.ARRANGE)
    assert not refused.allowed and any(x.article == 43 for x in refused.reasons)


def test_a_missing_opinion_is_still_not_done() -> None:
    f = opinions_facts(ndrc=PRINCIPAL)
    r = line(f, "opinions")
    assert r is not None and not r.done and r.note == ""


def test_disagreeing_deputy_without_reason_cannot_be_escalated_yet() -> None:
    unsigned = Opinion(False, by_principal=False, department="区财政局")
    f = opinions_facts(finance=unsigned, ndrc=PRINCIPAL)
    d = allowed(f, Action.ESCALATE)
    assert not d.allowed and "主要负责人签署" in d.explain() and "第四十三条" in d.explain()


# --- 3. art. 20: 区政府规范性文件 only for PLENARY or EXECUTIVE ----------------------------------

@pytest.mark.parametrize(("target", "ok"), [(PLENARY, True), (EXECUTIVE, True), (MAYOR_OFFICE, False),
                                            (THEMATIC, False)])
def test_normative_document_only_for_plenary_or_executive(target: MeetingKind, ok: bool) -> None:
    d = check_target(target, frozenset({Flag.NORMATIVE}))
    assert d.allowed is ok
    if not ok:
        assert [r.article for r in d.reasons] == [20]
        assert "区政府规范性文件" in d.explain() and target.value in d.explain()
    r = line(TopicFacts(target=target, flags=frozenset({Flag.NORMATIVE})), "major_kind")
    assert r is not None and (r.article, r.done) == (20, ok)


def test_normative_and_major_give_both_reasons_once() -> None:
    d = check_target(MAYOR_OFFICE, frozenset({Flag.NORMATIVE, Flag.MAJOR}))
    assert [r.article for r in d.reasons] == [20, 20]
    assert len([r for r in requirements(TopicFacts(target=MAYOR_OFFICE, flags=frozenset({Flag.NORMATIVE, Flag.MAJOR})))
                if r.key == "major_kind"]) == 1


def test_normative_topic_for_mayor_office_cannot_be_confirmed() -> None:
    f = TopicFacts(target=MAYOR_OFFICE, flags=frozenset({Flag.NORMATIVE}), legality_rounds=(True,),
                   consultation_exempt=True, approved=True, arranged=True)
    d = allowed(f, Action.CONFIRM)
    assert not d.allowed and "第二十条" in d.explain()


def test_the_flag_says_whose_normative_document() -> None:
    """Its label is what every door prints (window, export, requirements), not a window-only text."""
    assert Flag.NORMATIVE.label == "区政府规范性文件"


# --- 4. art. 42: a 专题 topic goes on the meeting of the leader who confirmed it ---------------------

B, C = Leader(3, "丙副区长"), Leader(4, "丁副区长")


def test_confirmed_by_the_convener_goes_on() -> None:
    assert confirmed_by_convener(B, B).allowed
    d = confirmed_by_convener(B, C)
    assert not d.allowed and d.reasons[0].article == 42
    assert "由丙副区长确定" in d.explain() and "丁副区长召集" in d.explain() and "请先由丁副区长确定" in d.explain()


def test_topic_may_go_on_checks_the_convener_for_thematic_only() -> None:
    topic = TopicOnAgenda(TopicStatus.CONFIRMED, THEMATIC, False, confirmed_by=B, convener=C)
    d = topic_may_go_on(THEMATIC, topic)
    assert not d.allowed and [r.article for r in d.reasons] == [42]
    assert topic_may_go_on(THEMATIC, dataclasses.replace(topic, convener=B)).allowed
    # facts without the convener (an older caller) keep the old answer
    assert topic_may_go_on(THEMATIC, dataclasses.replace(topic, convener=None)).allowed


def test_reconfirmation_only_for_a_confirmed_thematic_topic_not_on_a_meeting() -> None:
    f = TopicFacts(target=THEMATIC, confirmed=True)
    assert allowed(f, Action.RECONFIRM).allowed
    assert not allowed(dataclasses.replace(f, confirmed=False), Action.RECONFIRM).allowed
    on_meeting = allowed(dataclasses.replace(f, scheduled=True), Action.RECONFIRM)
    assert not on_meeting.allowed and "移出" in on_meeting.explain()
    executive = allowed(dataclasses.replace(f, target=EXECUTIVE), Action.RECONFIRM)
    assert not executive.allowed and "第四十二条" in executive.explain()
    assert not allowed(dataclasses.replace(f, withdrawn=True), Action.RECONFIRM).allowed


# --- 5. legality review: art. 42 for the other three meetings, office practice for 专题 -------------

@pytest.mark.parametrize("target", [PLENARY, EXECUTIVE, MAYOR_OFFICE])
@pytest.mark.parametrize("practice", [True, False])
def test_laws_topic_of_the_three_meetings_cites_art_42(target: MeetingKind, practice: bool) -> None:
    f = TopicFacts(target=target, flags=frozenset({Flag.LAWS}), thematic_legality_practice=practice)
    r = line(f, "legality")
    assert r is not None and r.article == 42 and "惯例" not in r.text


def test_thematic_laws_topic_is_office_practice_while_on() -> None:
    f = TopicFacts(target=THEMATIC, flags=frozenset({Flag.LAWS}))
    r = line(f, "legality")
    assert r is not None and r.article is None and not r.done
    assert "办公室惯例" in r.text and "按办公室惯例" in str(r)
    assert "第四十二条" not in str(r)
    assert waiting_on(f) is WaitingOn.LEGALITY_REVIEWER
    assert not allowed(f, Action.CONFIRM).allowed
    assert allowed(f, Action.LEGALITY_REVIEW).allowed
    passed = dataclasses.replace(f, legality_rounds=(True,))
    d = allowed(passed, Action.LEGALITY_REVIEW)
    assert not d.allowed and "按办公室惯例" in d.explain()
    assert allowed(passed, Action.CONFIRM).allowed


def test_thematic_laws_topic_needs_no_review_when_switched_off() -> None:
    f = TopicFacts(target=THEMATIC, flags=frozenset({Flag.LAWS}), thematic_legality_practice=False)
    assert line(f, "legality") is None
    assert waiting_on(f) is WaitingOn.CONVENING_LEADER
    assert allowed(f, Action.CONFIRM).allowed
    d = allowed(f, Action.LEGALITY_REVIEW)
    assert not d.allowed and "设置中关闭" in d.explain()


def test_a_normative_document_is_reviewed_under_art_17_whatever_the_setting() -> None:
    """A 专题 topic flagged 规范性文件 from before art. 20 was enforced: still 严格合法性审查 (art. 17)."""
    f = TopicFacts(target=THEMATIC, flags=frozenset({Flag.NORMATIVE, Flag.LAWS}), thematic_legality_practice=False)
    r = line(f, "legality")
    assert r is not None and r.article == 17
