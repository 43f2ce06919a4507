"""The topic workflow: submission, materials, reviews, assessments, coordination, and the
leaders' steps up to confirmation (arts. 17, 20–22, 42, 43).

Each public method is one transaction: it loads the topic's facts, asks core.rules.topics
whether the step is allowed, writes the record (who entered it, when, on whose behalf),
re-derives the stored status, and appends to the audit trail. Roster facts a step needs
(supervisor, principal head, delegations) are read first, through the roster service.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from core.errors import Invalid, RuleRefusal
from core.model import (
    AgendaItem,
    AssessmentRecord,
    CoordinationOpinion,
    Department,
    DisagreementStatement,
    Escalation,
    LegalityReview,
    Material,
    MaterialContent,
    MaterialText,
    Meeting,
    Person,
    Resubmission,
    Topic,
    TopicDepartment,
    TopicStep,
)
from core.model.enums import (
    Assessment,
    DelegationScope,
    EscalationResult,
    Flag,
    MeetingKind,
    MeetingStatus,
    Post,
    RefusalReason,
    TopicStatus,
    WaitingOn,
)
from core.rules import topics as rules
from core.rules.articles import Decision, Reason, chinese_number
from core.rules.meetings import Leader, confirmed_by_convener
from core.rules.topics import Action, Opinion, TopicFacts
from core.services import material_text
from core.services.audit import now_iso
from core.services.base import Service
from core.services.material_files import check_intake, name_refusal
from core.services.roster import RosterService
from core.services.settings import OFF, ON, THEMATIC_LEGALITY, thematic_legality_review_in, write_in
from core.services.topic_types import (
    ActionState,
    ChecklistLine,
    HistoryEntry,
    MaterialRow,
    OpinionRow,
    TopicDetail,
    TopicRow,
)
from core.text import clean_line, clean_text

MATERIAL_MAX_BYTES = 100 * 1024 * 1024
ACTIVE_MEETINGS = (MeetingStatus.PLANNED, MeetingStatus.HELD)
FLAG_COLUMNS = {
    Flag.LAWS: "involves_laws", Flag.NORMATIVE: "normative", Flag.MAJOR: "major",
    Flag.MARKET: "market", Flag.STABILITY_RISK: "stability_risk", Flag.SECRET: "secret",
}
LEADER_POSTS = (Post.MAYOR, Post.EXECUTIVE_VICE_MAYOR, Post.VICE_MAYOR)
STEP_TEXT = {"APPROVE": "分管领导审核同意", "ARRANGE": "办公室统筹安排", "CONFIRM": "确定上会",
             "REFUSE": "不予安排", "WITHDRAW": "撤回"}


def require(decision: Decision) -> None:
    if not decision.allowed:
        raise RuleRefusal(decision.explain() + "。")


def refuse(text: str, article: int | None = None) -> RuleRefusal | Invalid:
    if article is None:
        return Invalid(text)
    return RuleRefusal(str(Reason(text, article)) + "。")


class TopicService(Service):
    def __init__(self, sessions: sessionmaker[Session], actor: Callable[[], str], roster: RosterService,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(sessions, actor)
        self._roster = roster
        self.today = today

    # --- submission ------------------------------------------------------------------------

    def submit(self, *, title: str, lead_department_id: int | None, target: MeetingKind,
               summary: str = "", involved: Iterable[int] = (), flags: Iterable[Flag] = (),
               major_category: str = "", requested_date: dt.date | None = None, contact: str = "",
               submitted_on: dt.date | None = None, on_behalf_of: str = "",
               reopened_from_id: int | None = None) -> int:
        submitted_on = submitted_on or self.today()
        values = self._submission_values(title, lead_department_id, target, summary, involved, flags,
                                         major_category, requested_date, contact, submitted_on)
        supervisor = self._roster.supervisor(values["lead_department_id"], submitted_on)
        with self.transaction() as s:
            self._check_departments(s, values["lead_department_id"], values["involved"], submitted_on)
            topic = Topic(**{k: v for k, v in values.items() if k not in ("involved", "flags")},
                          **{FLAG_COLUMNS[f]: True for f in values["flags"]},
                          supervisor_id=supervisor.id if supervisor else None,
                          status=TopicStatus.SUBMITTED, waiting_on=WaitingOn.NOBODY,
                          reopened_from_id=reopened_from_id, **self._entered(s, on_behalf_of))
            s.add(topic)
            s.flush()
            s.add_all(TopicDepartment(topic_id=topic.id, department_id=d) for d in values["involved"])
            s.flush()
            self._refresh(s, topic)
            self.audit(s, "议题.报送", "topic", topic.id, topic.title)
            return topic.id

    def _submission_values(self, title: str, lead: int | None, target: MeetingKind, summary: str,
                           involved: Iterable[int], flags: Iterable[Flag], major_category: str,
                           requested_date: dt.date | None, contact: str,
                           submitted_on: dt.date) -> dict[str, Any]:
        if lead is None:
            raise Invalid("请选择主办部门。")
        if not isinstance(target, MeetingKind):
            raise Invalid("请选择拟提交的会议类型。")
        flag_set = frozenset(flags)
        require(rules.check_target(target, flag_set))
        if Flag.MAJOR in flag_set and major_category not in rules.MAJOR_CATEGORIES:
            raise refuse("重大事项须注明类别：" + "、".join(rules.MAJOR_CATEGORIES), 20)
        if submitted_on > self.today():
            raise Invalid("报送日期不能晚于今天。")
        if requested_date is not None and requested_date < submitted_on:
            raise Invalid("建议上会日期不能早于报送日期。")
        involved_set = frozenset(involved) - {lead}
        return {
            "title": clean_line(title, "议题名称", max_len=200, required=True),
            "summary": clean_text(summary, "议题摘要"),
            "lead_department_id": lead, "target": target, "involved": involved_set, "flags": flag_set,
            "major_category": major_category if Flag.MAJOR in flag_set else "",
            "requested_date": requested_date, "contact": clean_line(contact, "联系人", max_len=100),
            "submitted_on": submitted_on,
        }

    def _check_departments(self, s: Session, lead: int, involved: frozenset[int], on: dt.date) -> None:
        ids = {lead, *involved}
        found = {d.id: d for d in s.scalars(select(Department).where(Department.id.in_(ids)))}
        for dept_id in sorted(ids):
            dept = found.get(dept_id)
            if dept is None:
                raise Invalid(f"单位（编号 {dept_id}）不存在。")
            if dept.ended_on is not None and dept.ended_on < on:
                raise Invalid(f"{dept.name}已于{dept.ended_on:%Y-%m-%d}撤销，不能作为议题的主办或涉及部门。")

    def withdraw(self, topic_id: int, *, decided_on: dt.date | None = None, note: str = "",
                 on_behalf_of: str = "") -> None:
        self._step(topic_id, Action.WITHDRAW, "WITHDRAW", decided_on, note=note, on_behalf_of=on_behalf_of)

    def refuse(self, topic_id: int, reason: RefusalReason, *, decided_on: dt.date | None = None,
               note: str = "") -> None:
        """The office declines to put the topic on a meeting (art. 42, second paragraph)."""
        if not isinstance(reason, RefusalReason):
            raise refuse("不予安排须写明理由：部门职责权限内可以解决，或会前未经协调", 42)
        self._step(topic_id, Action.REFUSE, "REFUSE", decided_on, note=note, refusal=reason)

    def reopen(self, topic_id: int, *, submitted_on: dt.date | None = None) -> int:
        """A refused topic comes back as a new submission linked to the old one."""
        detail = self.detail(topic_id)
        require(rules.allowed(self._facts_of(topic_id), Action.REOPEN))
        return self.submit(title=detail.title, lead_department_id=detail.lead_department_id,
                           target=detail.target, summary=detail.summary,
                           involved=[d for d, _ in detail.involved], flags=detail.flags,
                           major_category=detail.major_category, contact=detail.contact,
                           submitted_on=submitted_on, reopened_from_id=topic_id)

    # --- materials --------------------------------------------------------------------------

    def add_material(self, topic_id: int, name: str, data: bytes) -> int:
        return self._store_material(topic_id, name, data, supersedes=None)

    def add_material_file(self, topic_id: int, path: Path) -> int:
        return self.add_material(topic_id, Path(path).name, read_material(Path(path)))

    def replace_material(self, material_id: int, path: Path) -> int:
        """A new version; the old one stays readable in the history."""
        with self.reading() as s:
            old = self._get(s, Material, material_id, "材料")
            topic_id = old.topic_id
        return self._store_material(topic_id, Path(path).name, read_material(Path(path)), supersedes=material_id)

    def _store_material(self, topic_id: int, name: str, data: bytes, supersedes: int | None) -> int:
        check_intake(name, data)  # before anything is written: no program and no disguised name
        name = clean_line(name, "文件名", max_len=255, required=True)
        if len(data) > MATERIAL_MAX_BYTES:
            raise Invalid(too_large(len(data)))
        extracted = material_text.extract(name, data)  # for the search; bounded, outside the transaction
        with self.transaction() as s:
            self._get(s, Topic, topic_id, "议题")
            content = MaterialContent(data=data)
            s.add(content)
            s.flush()
            s.add(MaterialText(content_id=content.id, text=extracted.text, note=extracted.note))
            if supersedes is not None:
                old = self._get(s, Material, supersedes, "材料")
                old.current = False
            row = Material(topic_id=topic_id, name=name, size=len(data),
                           sha256=hashlib.sha256(data).hexdigest(), content_id=content.id,
                           supersedes_id=supersedes, current=True, uploaded_by=self.actor_name(s),
                           uploaded_at=now_iso())
            s.add(row)
            s.flush()
            event = "议题.替换材料" if supersedes else "议题.添加材料"
            self.audit(s, event, "material", row.id, f"议题 {topic_id}：{name}（{len(data)} 字节）")
            return row.id

    def material_data(self, material_id: int) -> tuple[str, bytes]:
        with self.reading() as s:
            row = self._get(s, Material, material_id, "材料")
            content = self._get(s, MaterialContent, row.content_id, "材料内容")
            return row.name, bytes(content.data)

    # --- reviews and assessments --------------------------------------------------------------

    def record_legality_review(self, topic_id: int, *, reviewer_department_id: int, passed: bool,
                               reviewed_on: dt.date, comments: str = "", on_behalf_of: str = "") -> None:
        """A round of legality review by the designated reviewer (区司法局, art. 42)."""
        reviewer = self._roster.legality_reviewer(reviewed_on)
        if reviewer is None or reviewer.id != reviewer_department_id:
            name = reviewer.name if reviewer else "区司法局"
            raise refuse(f"合法性审查须由{name}作出，其他单位的审查意见不能记录为合法性审查", 42)
        comments = clean_text(comments, "审查意见")
        if not passed and not comments:
            raise Invalid("退回时请填写审查意见，供主办部门修改。")
        with self.transaction() as s:
            topic, facts = self._load(s, topic_id)
            require(rules.allowed(facts, Action.LEGALITY_REVIEW))
            self._check_day(topic, reviewed_on, "审查日期")
            s.add(LegalityReview(topic_id=topic_id, round=len(facts.legality_rounds) + 1,
                                 reviewer_department_id=reviewer_department_id, passed=passed,
                                 comments=comments, reviewed_on=reviewed_on, **self._entered(s, on_behalf_of)))
            self._finish(s, topic, "议题.合法性审查", "通过" if passed else "退回：" + comments[:80])

    def resubmit(self, topic_id: int, *, resubmitted_on: dt.date, note: str = "",
                 on_behalf_of: str = "") -> None:
        with self.transaction() as s:
            topic, facts = self._load(s, topic_id)
            require(rules.allowed(facts, Action.RESUBMIT))
            self._check_day(topic, resubmitted_on, "重新报送日期")
            s.add(Resubmission(topic_id=topic_id, round=facts.resubmitted_rounds + 1,
                               resubmitted_on=resubmitted_on, note=clean_text(note, "修改说明"),
                               **self._entered(s, on_behalf_of)))
            self._finish(s, topic, "议题.重新报送", note[:80])

    def record_assessment(self, topic_id: int, kind: Assessment, *, done_on: dt.date, conclusion: str = "",
                          views_method: str = "", secrecy_reason: str = "", material_id: int | None = None,
                          on_behalf_of: str = "") -> None:
        conclusion = clean_text(conclusion, "结论")
        views_method = clean_line(views_method, "听取意见的方式", max_len=200)
        secrecy_reason = clean_text(secrecy_reason, "保密理由")
        if kind is Assessment.STABILITY and not views_method:
            raise refuse("社会稳定风险评估须写明听取各方面意见的方式（如听证会、问卷调查）", 21)
        if kind is Assessment.PUBLIC_CONSULTATION and not (conclusion or secrecy_reason):
            raise refuse("请填写征求意见的情况，或依法需要保密、不公开征求意见的理由", 17)
        if kind is not Assessment.PUBLIC_CONSULTATION and not conclusion:
            raise Invalid("请填写评估结论。")
        with self.transaction() as s:
            topic, facts = self._load(s, topic_id)
            require(rules.allowed(facts, Action.ASSESSMENT))
            self._check_day(topic, done_on, "评估日期")
            if secrecy_reason and not topic.secret:
                raise refuse("议题未标记为依法需要保密，不能以保密为由不公开征求意见", 17)
            if material_id is not None and self._get(s, Material, material_id, "材料").topic_id != topic_id:
                raise Invalid("所附材料不属于本议题。")
            s.add(AssessmentRecord(topic_id=topic_id, kind=kind, done_on=done_on, conclusion=conclusion,
                                   views_method=views_method, secrecy_reason=secrecy_reason,
                                   material_id=material_id, **self._entered(s, on_behalf_of)))
            self._finish(s, topic, "议题.评估", kind.value)

    # --- coordination (art. 43) ---------------------------------------------------------------

    def record_opinion(self, topic_id: int, department_id: int, *, agrees: bool, signed_on: dt.date,
                       text: str = "", signer_id: int | None = None, signer_name: str = "",
                       other_signer_reason: str = "", on_behalf_of: str = "") -> None:
        """An involved department's opinion, signed by its principal head on that date (art. 43).

        Another signer is accepted only with a stated reason, and the opinion stays flagged.
        """
        head = self._roster.principal_head(department_id, signed_on)
        signer_name = clean_line(signer_name, "签署人", max_len=100)
        if signer_id is not None:
            signer_name = self._person_name(signer_id)
        if not signer_name:
            raise Invalid("请填写签署人。")
        is_principal = head is not None and (signer_id == head.id or (signer_id is None and signer_name == head.name))
        reason = clean_text(other_signer_reason, "由他人签署的理由")
        if is_principal and signer_id is None and head is not None:
            signer_id = head.id
        if not is_principal and not reason:
            who = f"（{signed_on:%Y-%m-%d} 为{head.name}）" if head else "（名册中该日期没有主要负责人）"
            raise refuse(f"协调意见应由部门主要负责人签署{who}；由他人签署须写明理由", 43)
        with self.transaction() as s:
            topic, facts = self._load(s, topic_id)
            require(rules.allowed(facts, Action.OPINION, department=department_id))
            self._check_day(topic, signed_on, "签署日期")
            s.add(CoordinationOpinion(topic_id=topic_id, department_id=department_id, agrees=agrees,
                                      text=clean_text(text, "协调意见"), signed_on=signed_on,
                                      signer_id=signer_id,
                                      signer_name=signer_name, signer_is_principal=is_principal,
                                      other_signer_reason="" if is_principal else reason,
                                      **self._entered(s, on_behalf_of)))
            dept = self._get(s, Department, department_id, "单位").name
            self._finish(s, topic, "议题.协调意见", f"{dept}：{'同意' if agrees else '不同意'}（{signer_name}签署）")

    def escalate(self, topic_id: int, *, held_on: dt.date, result: EscalationResult, note: str = "",
                 on_behalf_of: str = "") -> None:
        """Coordination by the supervising vice mayor of the lead department (art. 43)."""
        lead = self._lead_department(topic_id)
        leader = self._roster.supervisor(lead, held_on)
        with self.transaction() as s:
            topic, facts = self._load(s, topic_id)
            require(rules.allowed(facts, Action.ESCALATE))
            self._check_day(topic, held_on, "协调日期")
            s.add(Escalation(topic_id=topic_id, leader_id=leader.id if leader else None, held_on=held_on,
                             result=result, note=clean_text(note, "协调情况"), **self._entered(s, on_behalf_of)))
            self._finish(s, topic, "议题.分管副区长协调", result.value)

    def state_disagreement(self, topic_id: int, *, disagreement: str, recommended_position: str,
                           stated_on: dt.date, on_behalf_of: str = "") -> None:
        disagreement = clean_text(disagreement, "分歧意见")
        position = clean_text(recommended_position, "倾向性意见")
        if not disagreement or not position:
            raise refuse("主办部门须同时说明分歧意见和倾向性意见", 43)
        with self.transaction() as s:
            topic, facts = self._load(s, topic_id)
            require(rules.allowed(facts, Action.STATE_DISAGREEMENT))
            self._check_day(topic, stated_on, "日期")
            s.add(DisagreementStatement(topic_id=topic_id, disagreement=disagreement,
                                        recommended_position=position, stated_on=stated_on,
                                        **self._entered(s, on_behalf_of)))
            self._finish(s, topic, "议题.分歧说明", position[:80])

    # --- the leaders' steps (art. 42, with delegation art. 5) ---------------------------------

    def approve(self, topic_id: int, *, decided_on: dt.date, approver_id: int | None = None,
                note: str = "", on_behalf_of: str = "") -> None:
        """The supervising vice mayor of the lead department on that date approves — or the AB
        partner under a delegation covering the date, recorded as acting."""
        lead = self._lead_department(topic_id)
        supervisor = self._roster.supervisor(lead, decided_on)
        if supervisor is None:
            raise refuse(f"主办部门在{decided_on:%Y-%m-%d}没有分管领导，请先在“人员与单位”中设置分管关系", 42)
        acting = self._roster.acting_for(supervisor.id, decided_on, DelegationScope.PORTFOLIO)
        person, authority = self._who_decides(supervisor.id, acting, approver_id, "分管领导审核", 42)
        self._step(topic_id, Action.APPROVE, "APPROVE", decided_on, person=person, authority=authority,
                   note=note, on_behalf_of=on_behalf_of, role_action="review")

    def arrange(self, topic_id: int, *, decided_on: dt.date, note: str = "") -> None:
        self._step(topic_id, Action.ARRANGE, "ARRANGE", decided_on, note=note)

    def confirm(self, topic_id: int, *, decided_on: dt.date, decider_id: int | None = None,
                note: str = "", on_behalf_of: str = "") -> None:
        """The mayor confirms (or the executive vice mayor under the mayor's delegation, as acting);
        a THEMATIC topic is decided by the leader who convenes the meeting (art. 42)."""
        target = self.detail(topic_id).target
        if target is MeetingKind.THEMATIC:
            person, authority = self._thematic_leader(decider_id, decided_on), None
        else:
            mayors = self._roster.holders(Post.MAYOR, decided_on)
            if not mayors:
                raise refuse(f"名册中{decided_on:%Y-%m-%d}没有在任区长，无法记录区长确定", 42)
            acting = self._roster.acting_for(mayors[0].id, decided_on, DelegationScope.GOVERNMENT_WORK)
            person, authority = self._who_decides(mayors[0].id, acting, decider_id, "议题报区长确定", 42)
        self._step(topic_id, Action.CONFIRM, "CONFIRM", decided_on, person=person, authority=authority,
                   note=note, on_behalf_of=on_behalf_of, role_action="review")

    def reconfirm(self, topic_id: int, *, decided_on: dt.date, decider_id: int | None, note: str = "",
                  on_behalf_of: str = "") -> None:
        """A confirmed 专题 topic, not yet on a meeting, is confirmed by another leader who will
        convene the 专题会议 it goes on (art. 42 read with art. 41; see core.rules.meetings).
        Recorded as a new confirmation; the latest one is whose meeting the topic may go on."""
        person = self._thematic_leader(decider_id, decided_on)
        current = self.confirmed_by(topic_id)
        if current is not None and current.person_id == person:
            raise refuse(f"该议题已由{current.name}确定，无须再次确定", 42)
        self._step(topic_id, Action.RECONFIRM, "CONFIRM", decided_on, person=person, note=note,
                   on_behalf_of=on_behalf_of, role_action="review")

    def confirmed_by(self, topic_id: int) -> Leader | None:
        """Who confirmed the topic last (for a 专题 topic: the leader whose meeting it may go on)."""
        with self.reading() as s:
            return self._confirmed_by(s, topic_id)

    def _confirmed_by(self, s: Session, topic_id: int) -> Leader | None:
        person_id = s.scalar(select(TopicStep.person_id).where(TopicStep.topic_id == topic_id,
                                                                TopicStep.kind == "CONFIRM")
                             .order_by(TopicStep.id.desc()).limit(1))
        return Leader(person_id, self._person(s, person_id)) if person_id is not None else None

    def _thematic_leader(self, decider_id: int | None, day: dt.date) -> int:
        if decider_id is None:
            raise refuse("专题会议议题由召集会议的区政府领导确定，请选择该领导", 42)
        leaders = {p.id for post in LEADER_POSTS for p in self._roster.holders(post, day)}
        if decider_id not in leaders:
            raise refuse("确定专题会议议题的须是该日期在任的区长或副区长", 42)
        return decider_id

    def _who_decides(self, authority_id: int, acting: Any, chosen: int | None, what: str,
                     article: int) -> tuple[int, int | None]:
        """(person, authority): the authority in person, or the delegate shown as acting (art. 5)."""
        if chosen is None or chosen == authority_id:
            return authority_id, None
        if acting is not None and chosen == acting.acting.id:
            return chosen, authority_id
        name = self._person_name(authority_id)
        extra = f"或受其委托的{acting.acting.name}" if acting is not None else ""
        raise RuleRefusal(f"{what}应由{name}{extra}作出（依据《工作规则》第{chinese_number(article)}条、第五条）。")

    def _step(self, topic_id: int, action: Action, kind: str, decided_on: dt.date | None, *,
              person: int | None = None, authority: int | None = None, note: str = "",
              refusal: RefusalReason | None = None, on_behalf_of: str = "", role_action: str | None = None) -> None:
        decided_on = decided_on or self.today()
        note = clean_text(note, "备注")
        with self.transaction(role_action) as s:
            topic, facts = self._load(s, topic_id)
            require(rules.allowed(facts, action, refusal=refusal))
            self._check_day(topic, decided_on, "日期")
            s.add(TopicStep(topic_id=topic_id, kind=kind, decided_on=decided_on, person_id=person,
                            authority_id=authority, refusal_reason=refusal, note=note,
                            **self._entered(s, on_behalf_of)))
            summary = (action.value if action is Action.RECONFIRM else STEP_TEXT[kind]) \
                + (f"：{refusal.value}" if refusal else "")
            if action is Action.RECONFIRM and person is not None:
                summary += f"：{self._person(s, person)}"
            if authority is not None and person is not None:
                summary += f"（{self._person(s, person)}受{self._person(s, authority)}委托）"
            event = action.value if action is Action.RECONFIRM else STEP_TEXT[kind]
            self._finish(s, topic, "议题." + event, summary)

    # --- reading --------------------------------------------------------------------------------

    def topics(self, *, status: TopicStatus | None = None, department_id: int | None = None,
               supervisor_id: int | None = None, target: MeetingKind | None = None,
               waiting_on: WaitingOn | None = None, search: str = "", limit: int | None = None) -> list[TopicRow]:
        # Joins, not per-row subqueries: the 议题库 reads every topic at once (5,000 in < 150 ms).
        query = (select(Topic.id, Topic.title, Department.name, Topic.target, Topic.status, Topic.waiting_on,
                        Person.name, Topic.submitted_on)
                 .join(Department, Department.id == Topic.lead_department_id)
                 .outerjoin(Person, Person.id == Topic.supervisor_id))
        if status is not None:
            query = query.where(Topic.status == status)
        query = _filtered(query, department_id, supervisor_id, target, waiting_on, search)
        query = query.order_by(Topic.submitted_on.desc(), Topic.id.desc()).limit(limit)
        with self.reading() as s:
            rows = s.connection().execute(query)  # plain rows: no ORM bookkeeping per row
            return [TopicRow(r[0], r[1], r[2] or "", r[3], r[4], r[5], r[6] or "", r[7]) for r in rows]

    def counts(self, *, department_id: int | None = None, supervisor_id: int | None = None,
               target: MeetingKind | None = None, waiting_on: WaitingOn | None = None,
               search: str = "") -> dict[TopicStatus, int]:
        """Topics per status under the same filters as topics() (the status chips follow a search)."""
        query = _filtered(select(Topic.status, func.count()), department_id, supervisor_id, target, waiting_on,
                          search).group_by(Topic.status)
        with self.reading() as s:
            found = dict(s.execute(query).all())
        return {st: int(found.get(st, 0)) for st in TopicStatus}

    def checklists(self) -> dict[int, dict[str, Any]]:
        """For every topic, its status and what it still needs with the articles (for exports)."""
        with self.reading() as s:
            out = {}
            for topic in s.scalars(select(Topic).order_by(Topic.id)):
                facts = self._facts(s, topic)
                out[topic.id] = {
                    "status": topic.status.name,
                    "waiting_on": topic.waiting_on.value,
                    "needs": [{"text": r.text, "article": r.article, "done": r.done, "note": r.note}
                              for r in rules.requirements(facts)],
                }
            return out

    def facts(self, topic_id: int) -> TopicFacts:
        return self._facts_of(topic_id)

    def detail(self, topic_id: int) -> TopicDetail:
        with self.reading() as s:
            topic, facts = self._load(s, topic_id)
            return self._detail(s, topic, facts)

    def _facts_of(self, topic_id: int) -> TopicFacts:
        with self.reading() as s:
            return self._load(s, topic_id)[1]

    # --- internals ------------------------------------------------------------------------------

    def _entered(self, s: Session, on_behalf_of: str) -> dict[str, str]:
        return {"entered_by": self.actor_name(s), "entered_at": now_iso(),
                "on_behalf_of": clean_line(on_behalf_of, "代为录入的对象", max_len=100)}

    def _check_day(self, topic: Topic, day: dt.date, field: str) -> None:
        if day < topic.submitted_on:
            raise Invalid(f"{field}不能早于议题报送日期（{topic.submitted_on:%Y-%m-%d}）。")
        if day > self.today():
            raise Invalid(f"{field}不能晚于今天。")

    def _finish(self, s: Session, topic: Topic, event: str, summary: str) -> None:
        s.flush()
        self._refresh(s, topic)
        self.audit(s, event, "topic", topic.id, summary)

    def refresh_in(self, s: Session, topic_id: int) -> None:
        """Re-derive a topic's stored status inside another service's transaction (scheduling,
        removal, postponement), and refuse — rolling that transaction back — a place on a planned
        meeting the rules do not allow: a major decision or a 区政府规范性文件 on a meeting other
        than PLENARY or EXECUTIVE (art. 20), a 专题 topic on a 专题会议 convened by another leader
        than the one who confirmed it (art. 42, see core.rules.meetings)."""
        topic = self._get(s, Topic, topic_id, "议题")
        self._refresh(s, topic)
        self._check_agenda(s, topic)

    def _check_agenda(self, s: Session, topic: Topic) -> None:
        meetings = s.scalars(select(Meeting).join(AgendaItem).where(
            AgendaItem.topic_id == topic.id, AgendaItem.removed.is_(False),
            Meeting.status == MeetingStatus.PLANNED)).all()
        if not meetings:
            return
        flags = frozenset(f for f, col in FLAG_COLUMNS.items() if getattr(topic, col))
        confirmed_by = self._confirmed_by(s, topic.id)
        for meeting in meetings:
            require(rules.check_target(meeting.kind, flags))
            if meeting.kind is MeetingKind.THEMATIC:
                convener = Leader(meeting.convener_id, self._person(s, meeting.convener_id))
                require(confirmed_by_convener(confirmed_by, convener))

    def set_thematic_legality_review(self, on: bool) -> None:
        """The office setting: 专题 topics involving laws go to 区司法局 (practice, not art. 42).
        Administrators only; every 专题 topic's stored status is re-derived in the same transaction."""
        with self.transaction("settings") as s:
            before = thematic_legality_review_in(s)
            if before == on:
                return  # nothing changes, nothing to record
            write_in(s, THEMATIC_LEGALITY, ON if on else OFF)
            s.flush()
            thematic = s.scalars(select(Topic).where(Topic.target == MeetingKind.THEMATIC)).all()
            for topic in thematic:
                self._refresh(s, topic)
            words = {True: "开启", False: "关闭"}
            self.audit(s, "设置.修改", "setting", THEMATIC_LEGALITY,
                       f"专题会议议题送区司法局合法性审查（办公室惯例）：{words[before]} → {words[on]}；"
                       f"重新计算 {len(thematic)} 个专题会议议题的办理状态")

    def _refresh(self, s: Session, topic: Topic) -> None:
        facts = self._facts(s, topic)
        topic.status = rules.status(facts)
        topic.waiting_on = rules.waiting_on(facts)

    def _load(self, s: Session, topic_id: int) -> tuple[Topic, TopicFacts]:
        topic = self._get(s, Topic, topic_id, "议题")
        return topic, self._facts(s, topic)

    def _facts(self, s: Session, topic: Topic) -> TopicFacts:
        tid = topic.id
        reviews = s.scalars(select(LegalityReview.passed).where(LegalityReview.topic_id == tid)
                            .order_by(LegalityReview.round)).all()
        assessments = s.scalars(select(AssessmentRecord).where(AssessmentRecord.topic_id == tid)).all()
        opinions = s.execute(select(CoordinationOpinion, Department.name)
                             .join(Department, Department.id == CoordinationOpinion.department_id)
                             .where(CoordinationOpinion.topic_id == tid)
                             .order_by(CoordinationOpinion.id)).all()
        steps = set(s.scalars(select(TopicStep.kind).where(TopicStep.topic_id == tid)))
        escalation = s.scalar(select(Escalation.result).where(Escalation.topic_id == tid))
        return TopicFacts(
            target=topic.target,
            flags=frozenset(f for f, col in FLAG_COLUMNS.items() if getattr(topic, col)),
            involved=frozenset(s.scalars(select(TopicDepartment.department_id)
                                         .where(TopicDepartment.topic_id == tid))),
            legality_rounds=tuple(reviews),
            resubmitted_rounds=int(s.scalar(select(func.count()).where(Resubmission.topic_id == tid)) or 0),
            assessments=frozenset(a.kind for a in assessments if not a.secrecy_reason),
            consultation_exempt=any(a.secrecy_reason for a in assessments),
            opinions={o.department_id: Opinion(o.agrees, o.signer_is_principal, o.other_signer_reason,
                                               dept, o.signer_name) for o, dept in opinions},
            escalation=escalation,
            disagreement_stated=bool(s.scalar(select(func.count()).where(DisagreementStatement.topic_id == tid))),
            approved="APPROVE" in steps, arranged="ARRANGE" in steps, confirmed="CONFIRM" in steps,
            refused="REFUSE" in steps, withdrawn="WITHDRAW" in steps,
            scheduled=bool(s.scalar(select(func.count()).select_from(AgendaItem).join(Meeting)
                                    .where(AgendaItem.topic_id == tid, AgendaItem.removed.is_(False),
                                           Meeting.status.in_(ACTIVE_MEETINGS)))),
            thematic_legality_practice=thematic_legality_review_in(s),
        )

    def _detail(self, s: Session, topic: Topic, facts: TopicFacts) -> TopicDetail:
        names = dict(s.execute(select(Department.id, Department.name)).all())
        involved = tuple(sorted(((d, names.get(d, "")) for d in facts.involved), key=lambda x: x[1]))
        checklist = tuple(ChecklistLine(r.text, r.article, r.done, r.note) for r in rules.requirements(facts))
        actions = tuple(ActionState(a, d.allowed, "" if d.allowed else d.explain())
                        for a, d in rules.available_actions(facts).items())
        return TopicDetail(
            id=topic.id, title=topic.title, summary=topic.summary,
            lead_department_id=topic.lead_department_id, lead_department=names.get(topic.lead_department_id, ""),
            involved=involved, target=topic.target, flags=facts.flags, major_category=topic.major_category,
            submitted_on=topic.submitted_on, requested_date=topic.requested_date, contact=topic.contact,
            status=topic.status, waiting_on=topic.waiting_on,
            supervisor=self._person(s, topic.supervisor_id) if topic.supervisor_id else "",
            reopened_from_id=topic.reopened_from_id, checklist=checklist, actions=actions,
            confirmed_by=self._confirmation_text(s, topic.id) if facts.confirmed else "",
            opinions=self._opinion_rows(s, topic.id, involved), materials=self._material_rows(s, topic.id),
            history=tuple(self._history(s, topic, names)),
        )

    def _confirmation_text(self, s: Session, topic_id: int) -> str:
        step = s.scalars(select(TopicStep).where(TopicStep.topic_id == topic_id, TopicStep.kind == "CONFIRM")
                         .order_by(TopicStep.id.desc()).limit(1)).first()
        if step is None or step.person_id is None:
            return ""
        who = self._person(s, step.person_id)
        if step.authority_id:
            who += f"（受{self._person(s, step.authority_id)}委托）"
        return f"{who}，{step.decided_on:%Y-%m-%d}"

    def _opinion_rows(self, s: Session, topic_id: int, involved: tuple[tuple[int, str], ...]) -> tuple[OpinionRow, ...]:
        latest = {o.department_id: o for o in s.scalars(
            select(CoordinationOpinion).where(CoordinationOpinion.topic_id == topic_id).order_by(CoordinationOpinion.id))}
        rows = []
        for dept_id, name in involved:
            o = latest.get(dept_id)
            rows.append(OpinionRow(dept_id, name, o.agrees if o else None, o.text if o else "",
                                   o.signed_on if o else None, o.signer_name if o else "",
                                   o.signer_is_principal if o else False, o.other_signer_reason if o else ""))
        return tuple(rows)

    def _material_rows(self, s: Session, topic_id: int) -> tuple[MaterialRow, ...]:
        rows = s.scalars(select(Material).where(Material.topic_id == topic_id).order_by(Material.id))
        return tuple(MaterialRow(m.id, m.name, m.size, m.sha256, m.uploaded_by, m.uploaded_at, m.current,
                                 m.supersedes_id) for m in rows)

    def _history(self, s: Session, topic: Topic, names: dict[int, str]) -> list[HistoryEntry]:
        tid = topic.id
        out = [HistoryEntry(topic.entered_at, topic.entered_by, topic.on_behalf_of,
                            f"报送议题（{names.get(topic.lead_department_id, '')}，拟提交{topic.target.value}）")]
        for lr in s.scalars(select(LegalityReview).where(LegalityReview.topic_id == tid)):
            verdict = "通过" if lr.passed else f"退回：{lr.comments}"
            out.append(HistoryEntry(lr.entered_at, lr.entered_by, lr.on_behalf_of, f"第 {lr.round} 轮合法性审查{verdict}"))
        for rs in s.scalars(select(Resubmission).where(Resubmission.topic_id == tid)):
            out.append(HistoryEntry(rs.entered_at, rs.entered_by, rs.on_behalf_of, f"修改后第 {rs.round} 次重新报送"))
        for a in s.scalars(select(AssessmentRecord).where(AssessmentRecord.topic_id == tid)):
            text = f"{a.kind.value}：{a.conclusion or '不公开征求意见（' + a.secrecy_reason + '）'}"
            out.append(HistoryEntry(a.entered_at, a.entered_by, a.on_behalf_of, text))
        for o in s.scalars(select(CoordinationOpinion).where(CoordinationOpinion.topic_id == tid)):
            flag = "" if o.signer_is_principal else f"【非主要负责人签署：{o.other_signer_reason}】"
            text = f"{names.get(o.department_id, '')}协调意见：{'同意' if o.agrees else '不同意'}（{o.signer_name}签署）{flag}"
            out.append(HistoryEntry(o.entered_at, o.entered_by, o.on_behalf_of, text))
        for e in s.scalars(select(Escalation).where(Escalation.topic_id == tid)):
            out.append(HistoryEntry(e.entered_at, e.entered_by, e.on_behalf_of, f"报分管副区长协调：{e.result.value}"))
        for d in s.scalars(select(DisagreementStatement).where(DisagreementStatement.topic_id == tid)):
            out.append(HistoryEntry(d.entered_at, d.entered_by, d.on_behalf_of,
                                    f"说明分歧意见：{d.disagreement}；倾向性意见：{d.recommended_position}"))
        confirmations = 0
        for st in s.scalars(select(TopicStep).where(TopicStep.topic_id == tid).order_by(TopicStep.id)):
            who = self._person(s, st.person_id) if st.person_id else ""
            if st.authority_id:
                who += f"（受{self._person(s, st.authority_id)}委托）"
            reason = f"：{st.refusal_reason.value}" if st.refusal_reason else ""
            what = STEP_TEXT[st.kind]
            if st.kind == "CONFIRM":
                confirmations += 1
                if confirmations > 1:
                    what = Action.RECONFIRM.value
            out.append(HistoryEntry(st.entered_at, st.entered_by, st.on_behalf_of,
                                    f"{what}{reason}{('，' + who) if who else ''}"))
        for m in s.scalars(select(Material).where(Material.topic_id == tid)):
            verb = "替换材料" if m.supersedes_id else "添加材料"
            out.append(HistoryEntry(m.uploaded_at, m.uploaded_by, "", f"{verb}：{m.name}"))
        out.sort(key=lambda h: h.at)
        return out

    def _lead_department(self, topic_id: int) -> int:
        with self.reading() as s:
            return self._get(s, Topic, topic_id, "议题").lead_department_id

    def _person_name(self, person_id: int) -> str:
        with self.reading() as s:
            return self._person(s, person_id)

def too_large(size: int) -> str:
    return f"文件过大（{size / 1024 / 1024:.1f} MB），每个材料最大 {MATERIAL_MAX_BYTES // 1024 // 1024} MB。"


def read_material(path: Path) -> bytes:
    """Read a file to attach, refusing a type that is not taken in or an oversized file before
    reading it."""
    reason = name_refusal(path.name)
    if reason is not None:
        raise Invalid(reason)
    try:
        size = path.stat().st_size
        if size > MATERIAL_MAX_BYTES:
            raise Invalid(too_large(size))
        return path.read_bytes()
    except OSError as exc:
        raise Invalid(f"无法读取文件“{path.name}”：{exc.strerror or exc}。") from exc


_Query = TypeVar("_Query", bound=Select)


def _filtered(query: _Query, department_id: int | None, supervisor_id: int | None, target: MeetingKind | None,
              waiting_on: WaitingOn | None, search: str) -> _Query:
    """The 议题库's filters other than the status, for the rows and their counts alike."""
    if department_id is not None:
        involved = select(TopicDepartment.topic_id).where(TopicDepartment.department_id == department_id)
        query = query.where(or_(Topic.lead_department_id == department_id, Topic.id.in_(involved)))
    if supervisor_id is not None:
        query = query.where(Topic.supervisor_id == supervisor_id)
    if target is not None:
        query = query.where(Topic.target == target)
    if waiting_on is not None:
        query = query.where(Topic.waiting_on == waiting_on)
    if search.strip():
        query = query.where(Topic.title.contains(search.strip(), autoescape=True))
    return query
