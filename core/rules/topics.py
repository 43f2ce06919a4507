"""Topics (议题) from submission to confirmation: what a topic still needs, and which actions
the rules allow now (arts. 6, 17, 20, 21, 42, 43).

Pure functions over `TopicFacts`; the service gathers the facts and writes the records.
Path for PLENARY / EXECUTIVE / MAYOR_OFFICE (art. 42): submitted → legality review if flagged →
the supervising leader approves → the office arranges → the mayor confirms. For THEMATIC the
convening leader decides the topic (art. 42), after the same reviews and coordination.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field

from core.model.enums import (
    Assessment,
    EscalationResult,
    Flag,
    MeetingKind,
    RefusalReason,
    TopicStatus,
    WaitingOn,
)
from core.rules.articles import Decision, Reason

MAJOR_KINDS = frozenset({MeetingKind.PLENARY, MeetingKind.EXECUTIVE})

# The categories of major matters of art. 20.
MAJOR_CATEGORIES = (
    "国民经济和社会发展计划", "财政预算", "重大规划", "贯彻国家宏观调控和改革开放的重大政策措施",
    "社会管理重要事务", "区政府规范性文件", "政府工作的其他重大问题",
)


class Action(enum.Enum):
    LEGALITY_REVIEW = "记录合法性审查"
    RESUBMIT = "重新报送"
    ASSESSMENT = "记录评估"
    OPINION = "记录协调意见"
    ESCALATE = "报分管副区长协调"
    STATE_DISAGREEMENT = "说明分歧并提出倾向性意见"
    APPROVE = "分管领导审核同意"
    ARRANGE = "办公室统筹安排"
    CONFIRM = "确定上会"
    REFUSE = "不予安排"
    WITHDRAW = "撤回"
    REOPEN = "重新报送为新议题"


@dataclass(frozen=True)
class Opinion:
    agrees: bool


@dataclass(frozen=True)
class TopicFacts:
    target: MeetingKind
    flags: frozenset[Flag] = frozenset()
    involved: frozenset[int] = frozenset()  # involved department ids (not the lead)
    legality_rounds: tuple[bool, ...] = ()  # each review round: passed?
    resubmitted_rounds: int = 0  # resubmissions after a returned review
    assessments: frozenset[Assessment] = frozenset()
    consultation_exempt: bool = False  # a recorded reason it must stay secret (art. 17)
    opinions: dict[int, Opinion] = field(default_factory=dict)
    escalation: EscalationResult | None = None
    disagreement_stated: bool = False  # both the disagreement and the recommended position
    approved: bool = False
    arranged: bool = False
    confirmed: bool = False
    scheduled: bool = False  # on the agenda of a planned or held meeting
    refused: bool = False
    withdrawn: bool = False


@dataclass(frozen=True)
class Requirement:
    key: str
    text: str
    article: int
    done: bool

    def __str__(self) -> str:
        return str(Reason(self.text, self.article))


# --- what the topic needs ---------------------------------------------------------------

def needs_legality_review(f: TopicFacts) -> bool:
    return Flag.LAWS in f.flags or Flag.NORMATIVE in f.flags


def legality_passed(f: TopicFacts) -> bool:
    return bool(f.legality_rounds) and f.legality_rounds[-1]


def awaiting_resubmission(f: TopicFacts) -> bool:
    returned = sum(1 for passed in f.legality_rounds if not passed)
    return returned > f.resubmitted_rounds


def required_assessments(f: TopicFacts) -> list[tuple[Assessment, int]]:
    needed = []
    if Flag.MAJOR in f.flags:
        needed.append((Assessment.FIVE_FACTOR, 21))
    if Flag.MARKET in f.flags:
        needed.append((Assessment.FAIR_COMPETITION, 21))
    if Flag.STABILITY_RISK in f.flags:
        needed.append((Assessment.STABILITY, 21))
    if Flag.NORMATIVE in f.flags:
        needed.append((Assessment.PUBLIC_CONSULTATION, 17))
    return needed


def assessment_done(f: TopicFacts, kind: Assessment) -> bool:
    if kind is Assessment.PUBLIC_CONSULTATION and f.consultation_exempt:
        return True
    return kind in f.assessments


def disagreement_remains(f: TopicFacts) -> bool:
    return any(not o.agrees for o in f.opinions.values()) and f.escalation is not EscalationResult.RESOLVED


def coordination_complete(f: TopicFacts) -> bool:
    if not f.involved:
        return True
    if set(f.opinions) != set(f.involved):
        return False
    if all(o.agrees for o in f.opinions.values()):
        return True
    if f.escalation is EscalationResult.RESOLVED:
        return True
    return f.escalation is EscalationResult.DIVERGENT and f.disagreement_stated


def requirements(f: TopicFacts) -> list[Requirement]:
    """The checklist shown on the topic page, in the order the work is done."""
    out: list[Requirement] = []
    if Flag.MAJOR in f.flags:
        out.append(Requirement("major_kind", "重大事项须提交区政府全体会议或常务会议讨论决定", 20,
                               f.target in MAJOR_KINDS))
    if needs_legality_review(f):
        out.append(Requirement("legality", "经区司法局合法性审查通过", 42, legality_passed(f)))
    for kind, article in required_assessments(f):
        text = kind.value if kind is not Assessment.PUBLIC_CONSULTATION else "公开征求意见（依法需要保密的除外）"
        out.append(Requirement(f"assessment:{kind.name}", text, article, assessment_done(f, kind)))
    if f.involved:
        out.append(Requirement("opinions", "各涉及部门的协调意见均由主要负责人签署", 43,
                               set(f.opinions) == set(f.involved)))
        if any(not o.agrees for o in f.opinions.values()):
            out.append(Requirement("escalation", "意见不一致的，报分管副区长协调", 43, f.escalation is not None))
            if f.escalation is EscalationResult.DIVERGENT:
                out.append(Requirement("disagreement", "仍有分歧的，主办部门说明分歧意见并提出倾向性意见", 43,
                                       f.disagreement_stated))
    if f.target is MeetingKind.THEMATIC:
        out.append(Requirement("confirmed", "专题会议议题由召集会议的区政府领导确定", 42, f.confirmed))
    else:
        out.append(Requirement("approved", "区政府分管领导审核同意", 42, f.approved))
        out.append(Requirement("arranged", "区政府办公室统筹安排", 42, f.arranged))
        out.append(Requirement("confirmed", "报区长确定", 42, f.confirmed))
    return out


def status(f: TopicFacts) -> TopicStatus:
    if f.withdrawn:
        return TopicStatus.WITHDRAWN
    if f.refused:
        return TopicStatus.REFUSED
    if f.confirmed:
        return TopicStatus.SCHEDULED if f.scheduled else TopicStatus.CONFIRMED
    if f.arranged:
        return TopicStatus.ARRANGED
    if f.approved:
        return TopicStatus.APPROVED
    if awaiting_resubmission(f):
        return TopicStatus.RETURNED
    return TopicStatus.SUBMITTED


def prerequisites_missing(f: TopicFacts) -> list[Reason]:
    """Everything before the leaders' steps that is not done yet."""
    keys = {"approved", "arranged", "confirmed"}
    return [Reason(r.text, r.article) for r in requirements(f) if not r.done and r.key not in keys]


def waiting_on(f: TopicFacts) -> WaitingOn:
    """Whose move it is: the first open step on the path, in the order the work is done."""
    if f.refused or f.withdrawn or f.confirmed:
        return WaitingOn.NOBODY
    if awaiting_resubmission(f):
        return WaitingOn.LEAD_DEPARTMENT
    if needs_legality_review(f) and not legality_passed(f):
        return WaitingOn.LEGALITY_REVIEWER
    if any(not assessment_done(f, kind) for kind, _ in required_assessments(f)):
        return WaitingOn.LEAD_DEPARTMENT
    if f.involved and set(f.opinions) != set(f.involved):
        return WaitingOn.INVOLVED_DEPARTMENTS
    if disagreement_remains(f) and f.escalation is None:
        return WaitingOn.SUPERVISOR
    if not coordination_complete(f):
        return WaitingOn.LEAD_DEPARTMENT
    if f.target is MeetingKind.THEMATIC:
        return WaitingOn.CONVENING_LEADER
    if not f.approved:
        return WaitingOn.SUPERVISOR
    return WaitingOn.OFFICE if not f.arranged else WaitingOn.MAYOR


# --- what may be done now ---------------------------------------------------------------

CLOSED = Reason("议题已不予安排或已撤回", 42)


def check_target(target: MeetingKind, flags: frozenset[Flag]) -> Decision:
    """A major-decision topic may only go to PLENARY or EXECUTIVE (arts. 6, 20)."""
    if Flag.MAJOR in flags and target not in MAJOR_KINDS:
        return Decision.no(Reason("重大事项须经区政府全体会议或常务会议讨论决定，不能提交" + target.value, 20))
    return Decision.yes()


def allowed(f: TopicFacts, action: Action, *, refusal: RefusalReason | None = None,
            department: int | None = None) -> Decision:
    """Whether `action` may be taken now; when not, every reason with its article."""
    closed = f.refused or f.withdrawn
    if action is Action.REOPEN:
        return Decision.yes() if f.refused else Decision.no(Reason("只有不予安排的议题可以重新报送", 42))
    if closed:
        return Decision.no(CLOSED)
    check = _CHECKS[action]
    return check(f, refusal, department)


def _legality_review(f: TopicFacts, *_: object) -> Decision:
    if not needs_legality_review(f):
        return Decision.no(Reason("议题未涉及法律法规或规范性文件，无须合法性审查", 42))
    if legality_passed(f):
        return Decision.no(Reason("合法性审查已通过", 42))
    if awaiting_resubmission(f):
        return Decision.no(Reason("审查退回后须由主办部门修改并重新报送，才能再次审查", 42))
    if f.approved:
        return Decision.no(Reason("分管领导已审核同意，不能再改审查结论", 42))
    return Decision.yes()


def _resubmit(f: TopicFacts, *_: object) -> Decision:
    if awaiting_resubmission(f):
        return Decision.yes()
    return Decision.no(Reason("只有合法性审查退回的议题需要重新报送", 42))


def _before_arrangement(f: TopicFacts, what: str, article: int) -> Decision:
    if f.arranged or f.confirmed:
        return Decision.no(Reason(f"议题已统筹安排，不能再{what}", article))
    return Decision.yes()


def _assessment(f: TopicFacts, *_: object) -> Decision:
    return _before_arrangement(f, "补充评估", 21)


def _opinion(f: TopicFacts, _refusal: object, department: int | None) -> Decision:
    if department is not None and department not in f.involved:
        return Decision.no(Reason("该单位不是本议题的涉及部门", 43))
    if not f.involved:
        return Decision.no(Reason("议题只涉及主办部门，无须协调", 43))
    if f.escalation is not None:
        return Decision.no(Reason("已报分管副区长协调，部门意见以协调结果为准", 43))
    return _before_arrangement(f, "记录协调意见", 43)


def _escalate(f: TopicFacts, *_: object) -> Decision:
    if set(f.opinions) != set(f.involved):
        return Decision.no(Reason("须先取得全部涉及部门的协调意见", 43))
    if all(o.agrees for o in f.opinions.values()):
        return Decision.no(Reason("各部门意见一致，无须报分管副区长协调", 43))
    if f.escalation is not None:
        return Decision.no(Reason("已报分管副区长协调", 43))
    return _before_arrangement(f, "报请协调", 43)


def _state_disagreement(f: TopicFacts, *_: object) -> Decision:
    if f.escalation is not EscalationResult.DIVERGENT:
        return Decision.no(Reason("经分管副区长协调后仍有分歧的，才需说明分歧意见和倾向性意见", 43))
    return _before_arrangement(f, "修改分歧说明", 43)


def _approve(f: TopicFacts, *_: object) -> Decision:
    if f.target is MeetingKind.THEMATIC:
        return Decision.no(Reason("专题会议议题由召集会议的区政府领导确定，不经此步骤", 42))
    if f.approved:
        return Decision.no(Reason("分管领导已审核同意", 42))
    if needs_legality_review(f) and not legality_passed(f):
        return Decision.no(Reason("涉及法律法规的议题须先经区司法局合法性审查通过，再报分管领导审核", 42))
    return Decision.yes()


def _arrange(f: TopicFacts, *_: object) -> Decision:
    if f.target is MeetingKind.THEMATIC:
        return Decision.no(Reason("专题会议议题由召集会议的区政府领导确定，不经此步骤", 42))
    if f.arranged:
        return Decision.no(Reason("办公室已统筹安排", 42))
    reasons = [] if f.approved else [Reason("须先经区政府分管领导审核同意", 42)]
    reasons += prerequisites_missing(f)
    return Decision.no(*reasons) if reasons else Decision.yes()


def _confirm(f: TopicFacts, *_: object) -> Decision:
    if f.confirmed:
        return Decision.no(Reason("议题已确定", 42))
    reasons = list(check_target(f.target, f.flags).reasons)
    if f.target is not MeetingKind.THEMATIC and not f.arranged:
        reasons.append(Reason("须先经分管领导审核同意、办公室统筹安排，再报区长确定", 42))
    reasons += prerequisites_missing(f)
    return Decision.no(*dict.fromkeys(reasons)) if reasons else Decision.yes()


def _refuse(f: TopicFacts, refusal: RefusalReason | None, _department: object) -> Decision:
    if f.confirmed:
        return Decision.no(Reason("议题已确定上会，不能再不予安排", 42))
    if refusal is None:
        return Decision.no(Reason("不予安排须写明理由：部门职责权限内可以解决，或会前未经协调", 42))
    if refusal is RefusalReason.NOT_COORDINATED and coordination_complete(f):
        return Decision.no(Reason("该议题已完成会前协调，不能以“会前未经协调”为由不予安排", 42))
    return Decision.yes()


def _withdraw(f: TopicFacts, *_: object) -> Decision:
    if f.scheduled:
        return Decision.no(Reason("议题已列入会议议程，须先从会议议程中移出再撤回", 42))
    return Decision.yes()


_CHECKS: dict[Action, Callable[[TopicFacts, RefusalReason | None, int | None], Decision]] = {
    Action.LEGALITY_REVIEW: _legality_review,
    Action.RESUBMIT: _resubmit,
    Action.ASSESSMENT: _assessment,
    Action.OPINION: _opinion,
    Action.ESCALATE: _escalate,
    Action.STATE_DISAGREEMENT: _state_disagreement,
    Action.APPROVE: _approve,
    Action.ARRANGE: _arrange,
    Action.CONFIRM: _confirm,
    Action.REFUSE: _refuse,
    Action.WITHDRAW: _withdraw,
}


def available_actions(f: TopicFacts) -> dict[Action, Decision]:
    """Every action with its decision, for the topic page (disabled ones explain why)."""
    # Refusing for "own authority" is always a possible reason; the dialog asks which applies.
    return {action: allowed(f, action, refusal=RefusalReason.OWN_AUTHORITY) for action in Action}
