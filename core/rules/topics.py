"""Topics (议题) from submission to confirmation: what a topic still needs, and which actions
the rules allow now (arts. 6, 17, 20, 21, 42, 43).

Pure functions over `TopicFacts`; the service gathers the facts and writes the records.
Path for PLENARY / EXECUTIVE / MAYOR_OFFICE (art. 42): submitted → legality review if flagged →
the supervising leader approves → the office arranges → the mayor confirms. For THEMATIC the
convening leader decides the topic (art. 42), after the same reviews and coordination; the
leader who confirmed it is the one whose 专题会议 it may go on (see core.rules.meetings), and a
confirmed topic not yet on a meeting may be confirmed again by another leader who will convene
it (改由召集会议的领导确定).

RULES.md's rows as read here:

| flag / case | needs before it can be scheduled | article |
|---|---|---|
| 涉及法律法规, topic for PLENARY / EXECUTIVE / MAYOR_OFFICE | legality review by 区司法局 passed ("提请区政府全体会议、区政府常务会议、区长办公会议讨论的议题，涉及法律法规的议题，送区司法局进行合法性审查") | 42 |
| 涉及法律法规, 专题 topic | the same review as office practice, shown as practice; on unless an administrator switches it off in 设置 (art. 42's sentence names the other three meetings only; its second sentence, "区政府专题会议议题由区政府领导确定", says nothing of a review) | — |
| 区政府规范性文件 (the district government's own, not a department's) | may only go to PLENARY or EXECUTIVE ("区政府规范性文件……须经区政府全体会议或常务会议讨论决定"); legality review (art. 42; art. 17 "严格合法性审查" for a 专题 topic flagged before art. 20 was enforced); public consultation unless it must stay secret | 20, 42, 17 |
| 重大事项 | may only go to PLENARY or EXECUTIVE; 五性评估 | 20, 21 |
| several departments | each involved department's opinion signed by its principal head ("区政府有关部门提出的协调意见应由主要负责人签署"); another signer only with the reason recorded, the checklist line then saying "由副职签署，理由：…" | 43 |
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
    RECONFIRM = "改由召集会议的领导确定"
    REFUSE = "不予安排"
    WITHDRAW = "撤回"
    REOPEN = "重新报送为新议题"



@dataclass(frozen=True)
class Opinion:
    """An involved department's coordination opinion (art. 43): who signed it counts, not only
    what it says. `by_principal` is whether its principal head on the signing date signed."""

    agrees: bool
    by_principal: bool
    other_signer_reason: str = ""  # why someone else signed (recorded with the opinion)
    department: str = ""  # for the checklist's note
    signer: str = ""

    @property
    def signed_as_required(self) -> bool:
        """Signed by the principal head, or by another with the reason stated (art. 43)."""
        return self.by_principal or bool(self.other_signer_reason.strip())


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
    # Office setting: a 专题 topic involving laws also goes to 区司法局 (practice, not art. 42).
    thematic_legality_practice: bool = True


@dataclass(frozen=True)
class Requirement:
    key: str
    text: str
    article: int | None  # None: office practice, not a rule
    done: bool
    note: str = ""  # how it was met when not in the plain way (e.g. another signer and the reason)

    def __str__(self) -> str:
        return str(Reason(self.text, self.article))


# --- what the topic needs ---------------------------------------------------------------

def needs_legality_review(f: TopicFacts) -> bool:
    """Art. 42 for a topic of PLENARY / EXECUTIVE / MAYOR_OFFICE involving laws or a normative
    document; art. 17 (严格合法性审查) for a normative document whatever the meeting; for a 专题
    topic involving laws only the office practice, while it is switched on."""
    if Flag.NORMATIVE in f.flags:
        return True
    if Flag.LAWS not in f.flags:
        return False
    return f.target is not MeetingKind.THEMATIC or f.thematic_legality_practice


def legality_article(f: TopicFacts) -> int | None:
    """The article the legality review rests on for this topic; None where it is office practice."""
    if f.target is not MeetingKind.THEMATIC:
        return 42
    return 17 if Flag.NORMATIVE in f.flags else None


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


def opinions_signed(f: TopicFacts) -> bool:
    """Every involved department's opinion is in and signed as art. 43 requires."""
    return set(f.opinions) == set(f.involved) and all(o.signed_as_required for o in f.opinions.values())


def signature_note(f: TopicFacts) -> str:
    """The opinions not signed by the principal head, said as such (shown with the checklist line)."""
    parts = []
    for dept_id in sorted(f.opinions, key=lambda d: (f.opinions[d].department, d)):
        o = f.opinions[dept_id]
        if o.by_principal:
            continue
        who = o.department or f"单位 {dept_id}"
        signer = f"（{o.signer}）" if o.signer else ""
        if o.other_signer_reason.strip():
            parts.append(f"{who}由副职签署{signer}，理由：{o.other_signer_reason.strip()}")
        else:
            parts.append(f"{who}非主要负责人签署{signer}且未写明理由，须由主要负责人签署")
    return "；".join(parts)


def disagreement_remains(f: TopicFacts) -> bool:
    return any(not o.agrees for o in f.opinions.values()) and f.escalation is not EscalationResult.RESOLVED


def coordination_complete(f: TopicFacts) -> bool:
    if not f.involved:
        return True
    if not opinions_signed(f):
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
    elif Flag.NORMATIVE in f.flags:
        out.append(Requirement("major_kind", "区政府规范性文件须提交区政府全体会议或常务会议讨论决定", 20,
                               f.target in MAJOR_KINDS))
    if needs_legality_review(f):
        article = legality_article(f)
        text = "经区司法局合法性审查通过" + ("（专题会议议题，办公室惯例）" if article is None else "")
        out.append(Requirement("legality", text, article, legality_passed(f)))
    for kind, article in required_assessments(f):
        text = kind.value if kind is not Assessment.PUBLIC_CONSULTATION else "公开征求意见（依法需要保密的除外）"
        out.append(Requirement(f"assessment:{kind.name}", text, article, assessment_done(f, kind)))
    if f.involved:
        out.append(Requirement("opinions", "各涉及部门的协调意见均由主要负责人签署", 43,
                               opinions_signed(f), signature_note(f)))
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
    if f.involved and not opinions_signed(f):
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
    """A major decision and a 区政府规范性文件 may only go to PLENARY or EXECUTIVE (arts. 6, 20)."""
    if target in MAJOR_KINDS:
        return Decision.yes()
    reasons = []
    if Flag.MAJOR in flags:
        reasons.append(Reason("重大事项须经区政府全体会议或常务会议讨论决定，不能提交" + target.value, 20))
    if Flag.NORMATIVE in flags:
        reasons.append(Reason("区政府规范性文件须经区政府全体会议或常务会议讨论决定，不能提交" + target.value, 20))
    return Decision.no(*reasons) if reasons else Decision.yes()


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
        if Flag.LAWS in f.flags:  # a 专题 topic with the office practice switched off
            return Decision.no(Reason("第四十二条的合法性审查适用于全体会议、常务会议、区长办公会议议题；"
                                      "专题会议议题送区司法局审查的办公室惯例已在设置中关闭", 42))
        return Decision.no(Reason("议题未涉及法律法规或规范性文件，无须合法性审查", 42))
    article = legality_article(f)
    if legality_passed(f):
        return Decision.no(Reason("合法性审查已通过", article))
    if awaiting_resubmission(f):
        return Decision.no(Reason("审查退回后须由主办部门修改并重新报送，才能再次审查", article))
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
    if not opinions_signed(f):
        return Decision.no(Reason("协调意见应由主要负责人签署；由他人签署的须写明理由", 43))
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


def _reconfirm(f: TopicFacts, *_: object) -> Decision:
    """A confirmed 专题 topic not on a meeting yet, to go on another leader's 专题会议: that leader
    confirms it (art. 42: the topic of a 专题会议 is decided by the leader who convenes it)."""
    if f.target is not MeetingKind.THEMATIC:
        return Decision.no(Reason("只有专题会议议题由召集会议的区政府领导确定；其他会议的议题报区长确定", 42))
    if not f.confirmed:
        return Decision.no(Reason("议题尚未确定，请先由召集会议的区政府领导确定", 42))
    if f.scheduled:
        return Decision.no(Reason("议题已列入会议议程，须先从该会议移出，再改由其他领导确定", 42))
    return Decision.yes()


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
    Action.RECONFIRM: _reconfirm,
    Action.REFUSE: _refuse,
    Action.WITHDRAW: _withdraw,
}


def available_actions(f: TopicFacts) -> dict[Action, Decision]:
    """Every action with its decision, for the topic page (disabled ones explain why)."""
    # Refusing for "own authority" is always a possible reason; the dialog asks which applies.
    return {action: allowed(f, action, refusal=RefusalReason.OWN_AUTHORITY) for action in Action}
