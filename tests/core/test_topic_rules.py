"""The topic rules (arts. 17, 20, 21, 42, 43): every row of RULES.md's table, both refusal
reasons of art. 42, and a state machine proving no path confirms an incomplete topic."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from core.model.enums import MeetingKind
from core.rules.topics import (
    Action,
    Assessment,
    EscalationResult,
    Flag,
    Opinion,
    RefusalReason,
    TopicFacts,
    TopicStatus,
    allowed,
    available_actions,
    check_target,
    coordination_complete,
    requirements,
    status,
)

PLENARY, EXECUTIVE, MAYOR_OFFICE, THEMATIC = (MeetingKind.PLENARY, MeetingKind.EXECUTIVE,
                                              MeetingKind.MAYOR_OFFICE, MeetingKind.THEMATIC)


def facts(**kw) -> TopicFacts:
    kw.setdefault("target", EXECUTIVE)
    return TopicFacts(**kw)


def req(f: TopicFacts) -> dict[str, tuple[int, bool]]:
    return {r.key: (r.article, r.done) for r in requirements(f)}


# --- RULES.md table: flag -> what it needs, with the article -----------------------------

@pytest.mark.parametrize(("flag", "key", "article"), [
    (Flag.LAWS, "legality", 42),
    (Flag.NORMATIVE, "legality", 42),
    (Flag.NORMATIVE, "assessment:PUBLIC_CONSULTATION", 17),
    (Flag.MAJOR, "assessment:FIVE_FACTOR", 21),
    (Flag.MAJOR, "major_kind", 20),
    (Flag.MARKET, "assessment:FAIR_COMPETITION", 21),
    (Flag.STABILITY_RISK, "assessment:STABILITY", 21),
])
def test_each_flag_adds_its_requirement(flag: Flag, key: str, article: int) -> None:
    assert key not in req(facts())
    assert req(facts(flags=frozenset({flag})))[key] == (article, flag is Flag.MAJOR and key == "major_kind")


def test_several_departments_need_coordination() -> None:
    f = facts(involved=frozenset({7, 8}))
    assert req(f)["opinions"] == (43, False)
    assert not coordination_complete(f)
    assert "opinions" not in req(facts())


def test_secret_normative_document_needs_no_consultation() -> None:
    f = facts(flags=frozenset({Flag.NORMATIVE, Flag.SECRET}), consultation_exempt=True)
    assert req(f)["assessment:PUBLIC_CONSULTATION"] == (17, True)


def test_path_requirements_by_kind() -> None:
    assert {"approved", "arranged", "confirmed"} <= set(req(facts(target=MAYOR_OFFICE)))
    thematic = req(facts(target=THEMATIC))
    assert "approved" not in thematic and "arranged" not in thematic
    assert thematic["confirmed"] == (42, False)


@pytest.mark.parametrize("target", [MAYOR_OFFICE, THEMATIC])
def test_major_decision_only_for_plenary_or_executive(target: MeetingKind) -> None:
    decision = check_target(target, frozenset({Flag.MAJOR}))
    assert not decision.allowed
    assert decision.reasons[0].article == 20
    assert check_target(PLENARY, frozenset({Flag.MAJOR})).allowed
    assert check_target(EXECUTIVE, frozenset({Flag.MAJOR})).allowed


# --- the path of art. 42 -------------------------------------------------------------------

def test_legality_review_comes_before_supervisor_approval() -> None:
    f = facts(flags=frozenset({Flag.LAWS}))
    refused = allowed(f, Action.APPROVE)
    assert not refused.allowed and refused.reasons[0].article == 42
    assert "合法性审查" in refused.explain()
    assert allowed(dataclasses.replace(f, legality_rounds=(True,)), Action.APPROVE).allowed


def test_returned_review_waits_for_resubmission_and_keeps_rounds() -> None:
    returned = facts(flags=frozenset({Flag.LAWS}), legality_rounds=(False,))
    assert status(returned) is TopicStatus.RETURNED
    assert not allowed(returned, Action.LEGALITY_REVIEW).allowed
    assert allowed(returned, Action.RESUBMIT).allowed
    again = dataclasses.replace(returned, resubmitted_rounds=1)
    assert status(again) is TopicStatus.SUBMITTED
    assert allowed(again, Action.LEGALITY_REVIEW).allowed
    assert not allowed(again, Action.RESUBMIT).allowed
    passed = dataclasses.replace(again, legality_rounds=(False, True))
    assert req(passed)["legality"] == (42, True)


def test_no_review_without_the_flag() -> None:
    assert not allowed(facts(), Action.LEGALITY_REVIEW).allowed


def test_arrangement_needs_approval_and_every_prerequisite() -> None:
    f = facts(flags=frozenset({Flag.MARKET}), approved=True)
    d = allowed(f, Action.ARRANGE)
    assert not d.allowed and "公平竞争审查" in d.explain() and d.reasons[0].article == 21
    done = dataclasses.replace(f, assessments=frozenset({Assessment.FAIR_COMPETITION}))
    assert allowed(done, Action.ARRANGE).allowed
    assert not allowed(facts(), Action.ARRANGE).allowed  # not approved


def test_confirmation_needs_arrangement() -> None:
    f = facts(approved=True)
    assert not allowed(f, Action.CONFIRM).allowed
    assert allowed(dataclasses.replace(f, arranged=True), Action.CONFIRM).allowed


def test_thematic_is_decided_by_the_convening_leader() -> None:
    f = facts(target=THEMATIC)
    assert not allowed(f, Action.APPROVE).allowed
    assert not allowed(f, Action.ARRANGE).allowed
    assert allowed(f, Action.CONFIRM).allowed
    assert not allowed(dataclasses.replace(f, flags=frozenset({Flag.LAWS})), Action.CONFIRM).allowed


# --- coordination (art. 43) ------------------------------------------------------------------

def test_all_agree_completes_coordination() -> None:
    f = facts(involved=frozenset({1, 2}), opinions={1: Opinion(True, by_principal=True), 2: Opinion(True, by_principal=True)})
    assert coordination_complete(f)
    assert not allowed(f, Action.ESCALATE).allowed


def test_opinion_only_from_involved_departments() -> None:
    f = facts(involved=frozenset({1}))
    assert allowed(f, Action.OPINION, department=1).allowed
    d = allowed(f, Action.OPINION, department=9)
    assert not d.allowed and d.reasons[0].article == 43


def test_disagreement_escalates_then_must_be_stated() -> None:
    f = facts(involved=frozenset({1, 2}), opinions={1: Opinion(True, by_principal=True)})
    assert not allowed(f, Action.ESCALATE).allowed  # department 2 has not given its opinion
    f = dataclasses.replace(f, opinions={1: Opinion(True, by_principal=True), 2: Opinion(False, by_principal=True)})
    assert allowed(f, Action.ESCALATE).allowed
    assert not coordination_complete(f)
    resolved = dataclasses.replace(f, escalation=EscalationResult.RESOLVED)
    assert coordination_complete(resolved)
    divergent = dataclasses.replace(f, escalation=EscalationResult.DIVERGENT)
    assert not coordination_complete(divergent)
    assert req(divergent)["disagreement"] == (43, False)
    assert allowed(divergent, Action.STATE_DISAGREEMENT).allowed
    assert coordination_complete(dataclasses.replace(divergent, disagreement_stated=True))


def test_uncoordinated_topic_cannot_be_arranged() -> None:
    f = facts(involved=frozenset({1}), approved=True)
    d = allowed(f, Action.ARRANGE)
    assert not d.allowed and any(r.article == 43 for r in d.reasons)


# --- refusal (art. 42, second paragraph), withdrawal, reopening -----------------------------

def test_refusal_for_own_authority() -> None:
    d = allowed(facts(), Action.REFUSE, refusal=RefusalReason.OWN_AUTHORITY)
    assert d.allowed
    assert not allowed(facts(), Action.REFUSE).allowed  # a reason is required


def test_refusal_as_not_coordinated_only_when_it_is_not() -> None:
    uncoordinated = facts(involved=frozenset({3}))
    assert allowed(uncoordinated, Action.REFUSE, refusal=RefusalReason.NOT_COORDINATED).allowed
    coordinated = dataclasses.replace(uncoordinated, opinions={3: Opinion(True, by_principal=True)})
    d = allowed(coordinated, Action.REFUSE, refusal=RefusalReason.NOT_COORDINATED)
    assert not d.allowed and d.reasons[0].article == 42


def test_refused_topic_is_closed_but_can_be_reopened() -> None:
    f = facts(refused=True)
    assert status(f) is TopicStatus.REFUSED
    closed = {a for a, d in available_actions(f).items() if d.allowed}
    assert closed == {Action.REOPEN}
    assert not allowed(facts(), Action.REOPEN).allowed


def test_withdrawn_topic_is_closed() -> None:
    f = facts(withdrawn=True)
    assert status(f) is TopicStatus.WITHDRAWN
    assert not any(d.allowed for d in available_actions(f).values())


def test_confirmed_topic_cannot_be_refused_and_scheduled_one_not_withdrawn() -> None:
    f = facts(approved=True, arranged=True, confirmed=True)
    assert not allowed(f, Action.REFUSE, refusal=RefusalReason.OWN_AUTHORITY).allowed
    assert allowed(f, Action.WITHDRAW).allowed
    on_agenda = dataclasses.replace(f, scheduled=True)
    assert status(on_agenda) is TopicStatus.SCHEDULED
    assert not allowed(on_agenda, Action.WITHDRAW).allowed


def test_reasons_cite_articles_in_chinese() -> None:
    d = allowed(facts(flags=frozenset({Flag.LAWS})), Action.APPROVE)
    assert "依据《工作规则》第四十二条" in d.explain()


# --- the state machine ------------------------------------------------------------------------

DEPTS = (1, 2, 3)


class TopicMachine(RuleBasedStateMachine):
    """Random walks through every action the rules allow; the invariant must always hold."""

    @initialize(meeting=st.sampled_from(list(MeetingKind)),
                flags=st.frozensets(st.sampled_from(list(Flag))),
                involved=st.frozensets(st.sampled_from(DEPTS)),
                practice=st.booleans())
    def submit(self, meeting: MeetingKind, flags: frozenset[Flag], involved: frozenset[int], practice: bool) -> None:
        self.f = TopicFacts(target=meeting, flags=flags, involved=involved, thematic_legality_practice=practice)

    def _do(self, action: Action, **changes: object) -> None:
        if allowed(self.f, action).allowed:
            self.f = dataclasses.replace(self.f, **changes)

    @rule(passed=st.booleans())
    def review(self, passed: bool) -> None:
        self._do(Action.LEGALITY_REVIEW, legality_rounds=(*self.f.legality_rounds, passed))

    @rule()
    def resubmit(self) -> None:
        self._do(Action.RESUBMIT, resubmitted_rounds=self.f.resubmitted_rounds + 1)

    @rule(kind=st.sampled_from(list(Assessment)))
    def assess(self, kind: Assessment) -> None:
        self._do(Action.ASSESSMENT, assessments=self.f.assessments | {kind})

    @rule(dept=st.sampled_from(DEPTS), agrees=st.booleans(), principal=st.booleans(),
          reason=st.sampled_from(["", "局长出差"]))
    def opinion(self, dept: int, agrees: bool, principal: bool, reason: str) -> None:
        if allowed(self.f, Action.OPINION, department=dept).allowed:
            signed = Opinion(agrees, by_principal=principal, other_signer_reason=reason)
            self.f = dataclasses.replace(self.f, opinions={**self.f.opinions, dept: signed})

    @rule(result=st.sampled_from(list(EscalationResult)))
    def escalate(self, result: EscalationResult) -> None:
        self._do(Action.ESCALATE, escalation=result)

    @rule()
    def state_disagreement(self) -> None:
        self._do(Action.STATE_DISAGREEMENT, disagreement_stated=True)

    @rule()
    def approve(self) -> None:
        self._do(Action.APPROVE, approved=True)

    @rule()
    def arrange(self) -> None:
        self._do(Action.ARRANGE, arranged=True)

    @rule()
    def confirm(self) -> None:
        self._do(Action.CONFIRM, confirmed=True)

    @invariant()
    def confirmed_only_when_complete(self) -> None:
        f = getattr(self, "f", None)
        if f is None or not f.confirmed:
            return
        missing = [r for r in requirements(f) if not r.done]
        assert not missing, missing
        assert coordination_complete(f)
        if Flag.MAJOR in f.flags or Flag.NORMATIVE in f.flags:
            assert f.target in (PLENARY, EXECUTIVE)  # art. 20
        if f.target is not THEMATIC:
            assert f.approved and f.arranged
        if Flag.NORMATIVE in f.flags or (Flag.LAWS in f.flags and (f.target is not THEMATIC
                                                                   or f.thematic_legality_practice)):
            assert f.legality_rounds and f.legality_rounds[-1]
        # art. 43: every opinion from its principal head, or another signer with the reason stated
        assert all(o.by_principal or o.other_signer_reason for o in f.opinions.values())


TopicMachine.TestCase.settings = settings(max_examples=300, stateful_step_count=30, deadline=None)
test_topic_state_machine = TopicMachine.TestCase


# --- whose move it is ------------------------------------------------------------------------

def test_waiting_on_follows_the_path() -> None:
    from core.model.enums import WaitingOn
    from core.rules.topics import waiting_on

    f = facts(flags=frozenset({Flag.LAWS, Flag.MARKET}), involved=frozenset({1}))
    assert waiting_on(f) is WaitingOn.LEGALITY_REVIEWER
    f = dataclasses.replace(f, legality_rounds=(False,))
    assert waiting_on(f) is WaitingOn.LEAD_DEPARTMENT  # returned, to be resubmitted
    f = dataclasses.replace(f, resubmitted_rounds=1, legality_rounds=(False, True))
    assert waiting_on(f) is WaitingOn.LEAD_DEPARTMENT  # the fair-competition review is missing
    f = dataclasses.replace(f, assessments=frozenset({Assessment.FAIR_COMPETITION}))
    assert waiting_on(f) is WaitingOn.INVOLVED_DEPARTMENTS
    f = dataclasses.replace(f, opinions={1: Opinion(False, by_principal=True)})
    assert waiting_on(f) is WaitingOn.SUPERVISOR  # escalation
    f = dataclasses.replace(f, escalation=EscalationResult.DIVERGENT)
    assert waiting_on(f) is WaitingOn.LEAD_DEPARTMENT  # state the disagreement
    f = dataclasses.replace(f, disagreement_stated=True)
    assert waiting_on(f) is WaitingOn.SUPERVISOR  # approval
    f = dataclasses.replace(f, approved=True)
    assert waiting_on(f) is WaitingOn.OFFICE
    f = dataclasses.replace(f, arranged=True)
    assert waiting_on(f) is WaitingOn.MAYOR
    assert waiting_on(dataclasses.replace(f, confirmed=True)) is WaitingOn.NOBODY
    assert waiting_on(facts(target=THEMATIC)) is WaitingOn.CONVENING_LEADER
