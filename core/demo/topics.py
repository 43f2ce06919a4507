"""Demo history of topics (`huiwu demo --years N`): topics in every state, across departments,
each walked through the real topic service so the records, audit trail and statuses are real.

A topic's walk ends within READY_DAYS of its submission, so the meetings generator can put on a
past meeting only topics the mayor (or, THEMATIC, the convening leader) had confirmed before that
day. Topics older than SETTLED_AFTER days have reached an end (mostly confirmed, then scheduled by
the meetings generator); only recent ones are still waiting on a review, a leader or the office.
The plenary meetings' topics (政府工作报告, 计划, 预算) are submitted in December and June, ahead of
the February and August plenary meetings."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from core.errors import HuiwuError
from core.model.enums import (
    Assessment,
    DepartmentKind,
    EscalationResult,
    Flag,
    MeetingKind,
    RefusalReason,
    TopicStatus,
)
from core.rules.topics import MAJOR_CATEGORIES

TOPICS_PER_YEAR = 240
READY_DAYS = 28  # the last step of a topic's walk is at most this many days after its submission
SETTLED_AFTER = 45  # days: an older topic has reached an end
# Topics start this many days before the meetings' history, so its first meetings find topics ready.
# It must stay within the roster's margin (core.demo.district.history_start: 31 days).
LEAD_IN_DAYS = 30

SUBJECTS = {
    "区发展改革委": ["{y}年国民经济和社会发展计划执行情况", "重点项目投资计划调整", "成渝地区双城经济圈建设年度任务"],
    "区财政局": ["{y}年区级财政预算调整方案", "政府债务风险化解方案", "区级专项资金管理办法（修订）"],
    "区交通局": ["城区公交线路优化调整方案", "农村公路提档升级工程实施方案", "城区停车设施建设规划"],
    "区教委": ["义务教育学校布局调整方案", "城区学校学位扩容工程", "学前教育普惠发展实施意见"],
    "区卫生健康委": ["区人民医院新院区建设方案", "基层医疗卫生服务能力提升行动", "公共卫生应急物资储备方案"],
    "区住房城乡建委": ["老旧小区改造{y}年实施计划", "城市更新试点项目实施方案", "保障性租赁住房筹集方案"],
    "区规划自然资源局": ["国土空间总体规划（送审稿）", "城区控制性详细规划局部调整", "土地储备{y}年度计划"],
    "区生态环境局": ["大气污染防治{y}年工作方案", "流域水环境综合治理方案", "生态环境保护督察问题整改方案"],
    "区商务委": ["促进消费若干措施", "招商引资优惠政策（试行）", "商贸物流园区建设方案"],
    "区农业农村委": ["高标准农田建设{y}年实施方案", "乡村振兴示范村建设方案", "农村集体经营性建设用地入市试点"],
    "区民政局": ["养老服务体系建设实施方案", "社会救助资金调整方案", "殡葬改革实施意见"],
    "区人力社保局": ["稳就业若干措施", "高层次人才引进办法（修订）", "事业单位公开招聘计划"],
    "区城市管理局": ["城区环卫作业市场化改革方案", "生活垃圾分类{y}年实施方案", "城市照明设施改造方案"],
    "区应急局": ["安全生产专项整治三年行动", "防汛抗旱应急预案（修订）", "森林防灭火工作方案"],
    "区市场监管局": ["食品安全示范城市创建方案", "公平竞争审查工作实施办法", "质量强区建设方案"],
}
TOWNSHIP_SUBJECTS = ["场镇综合整治项目资金安排", "集镇污水管网建设方案", "地质灾害隐患点搬迁安置方案"]
FORMS = ["关于{s}的请示", "关于审议《{s}》的议题", "关于{s}有关问题的汇报"]

# The regular topics' meeting kinds, weighted so that the weekly executive meeting has several
# topics and the other kinds enough (PLENARY topics come only from PLENARY_TOPICS).
TARGETS = [(MeetingKind.EXECUTIVE, 68), (MeetingKind.MAYOR_OFFICE, 11), (MeetingKind.THEMATIC, 21)]
# Where a topic ends and how often: settled (older than SETTLED_AFTER days) and still in progress.
SETTLED = [(TopicStatus.CONFIRMED, 84), (TopicStatus.REFUSED, 7), (TopicStatus.WITHDRAWN, 5),
           (TopicStatus.RETURNED, 4)]
IN_PROGRESS = [(TopicStatus.SUBMITTED, 22), (TopicStatus.RETURNED, 5), (TopicStatus.APPROVED, 12),
               (TopicStatus.ARRANGED, 12), (TopicStatus.CONFIRMED, 39), (TopicStatus.REFUSED, 5),
               (TopicStatus.WITHDRAWN, 5)]
# The plenary meeting's topics (art. 38): the first topic submitted in each third of December
# (for February, year + 1) and of June (for August) is one of these.
PLENARY_TOPICS = {
    12: [("区政府办公室", "关于审议《{y}年区政府工作报告（征求意见稿）》的议题", "政府工作的其他重大问题"),
         ("区发展改革委", "关于审议《{y}年国民经济和社会发展计划（草案）》的议题", "国民经济和社会发展计划"),
         ("区财政局", "关于审议《{y}年区级预算（草案）》的议题", "财政预算")],
    6: [("区发展改革委", "关于{y}年上半年经济运行情况和下半年重点工作安排的汇报", "国民经济和社会发展计划"),
        ("区财政局", "关于{y}年上半年区级预算执行情况的汇报", "财政预算"),
        ("区政府办公室", "关于{y}年区政府重点工作任务推进情况的汇报", "政府工作的其他重大问题")],
}


@dataclass
class _Walk:
    """One topic's path through the service, with dates advancing a few days per step."""

    office: object
    tid: int
    day: dt.date
    today: dt.date
    rng: random.Random
    ready_by: dt.date

    def next_day(self) -> dt.date:
        self.day = min(self.today, self.ready_by, self.day + dt.timedelta(days=self.rng.randint(1, 4)))
        return self.day


def fill_demo_topics(office, years: int, *, seed: int = 7, today: dt.date | None = None,
                     progress: Callable[[int, int], None] | None = None) -> int:  # type: ignore[no-untyped-def]
    """Add about TOPICS_PER_YEAR topics a year for the last `years` years (from LEAD_IN_DAYS before).
    Returns how many are in the file now that were not before."""
    from core.store.engine import relaxed_durability

    rng = random.Random(seed)
    today = today or dt.date.today()
    departments = [d for d in office.roster.departments() if d.name != "区审计局"]  # the mayor's own (art. 9)
    leads = [d for d in departments if d.name in SUBJECTS or d.kind is DepartmentKind.TOWNSHIP]
    by_name = {d.name: d for d in departments}
    total = TOPICS_PER_YEAR * years
    span = 365 * years + LEAD_IN_DAYS
    start = today - dt.timedelta(days=span)
    plenary_slots: set[tuple[int, int, int]] = set()
    before = len(office.topics.topics())
    with relaxed_durability(office.engine):
        for i in range(total):
            submitted = start + dt.timedelta(days=int(i * span / total))
            settled = (today - submitted).days > SETTLED_AFTER
            states = SETTLED if settled else IN_PROGRESS
            final = rng.choices([s for s, _ in states], weights=[w for _, w in states])[0]
            plenary = _plenary_topic(submitted, plenary_slots, by_name)
            if plenary is not None:
                lead, title, category = plenary
                _one_topic(office, rng, lead, departments, submitted, today,
                           TopicStatus.CONFIRMED if settled else final, plenary=(title, category))
            else:
                _one_topic(office, rng, rng.choice(leads), departments, submitted, today, final)
            if progress:
                progress(i + 1, total)
    return len(office.topics.topics()) - before  # the count in the file


def _plenary_topic(submitted: dt.date, seen: set[tuple[int, int, int]], by_name):  # type: ignore[no-untyped-def]
    """(lead, title, major category) when this is the first topic in a third of December or June."""
    subjects = PLENARY_TOPICS.get(submitted.month)
    slot = min(2, (submitted.day - 1) // 10)
    if subjects is None or (submitted.year, submitted.month, slot) in seen:
        return None
    seen.add((submitted.year, submitted.month, slot))
    name, title, category = subjects[slot]
    lead = by_name.get(name)
    if lead is None:
        return None
    return lead, title.format(y=submitted.year + (1 if submitted.month == 12 else 0)), category


def _title(rng: random.Random, lead, year: int) -> str:  # type: ignore[no-untyped-def]
    subjects = SUBJECTS.get(lead.name, TOWNSHIP_SUBJECTS)
    subject = rng.choice(subjects).format(y=year)
    if lead.kind is DepartmentKind.TOWNSHIP:
        subject = lead.name + subject
    return rng.choice(FORMS).format(s=subject)


def _one_topic(office, rng: random.Random, lead, departments, submitted: dt.date, today: dt.date,  # type: ignore[no-untyped-def]
               final: TopicStatus, *, plenary: tuple[str, str] | None = None) -> None:
    flags = {f for f, p in ((Flag.LAWS, 0.3), (Flag.NORMATIVE, 0.15), (Flag.MARKET, 0.2),
                            (Flag.STABILITY_RISK, 0.15)) if rng.random() < p}
    if final is TopicStatus.RETURNED:
        flags.add(Flag.LAWS)  # returned by the legality review (art. 42): only a topic that needs one
    if plenary is not None:
        target, title, category = MeetingKind.PLENARY, plenary[0], plenary[1]
        flags.add(Flag.MAJOR)
    else:
        target = rng.choices([k for k, _ in TARGETS], weights=[w for _, w in TARGETS])[0]
        title, category = _title(rng, lead, submitted.year), ""
        if rng.random() < 0.15 and target is MeetingKind.EXECUTIVE:
            flags.add(Flag.MAJOR)
            category = rng.choice(MAJOR_CATEGORIES)
    if target not in (MeetingKind.PLENARY, MeetingKind.EXECUTIVE):
        flags.discard(Flag.NORMATIVE)  # the district's normative documents go to those two only (art. 20)
    others = [d for d in departments if d.id != lead.id]
    involved = rng.sample(others, rng.choice((0, 0, 1, 2, 3)))
    tid = office.topics.submit(
        title=title, lead_department_id=lead.id, target=target,
        summary="主办部门已会同有关部门开展调研，形成方案，现提请区政府研究。", involved=[d.id for d in involved],
        flags=flags, major_category=category, contact="办公室 联系人", submitted_on=submitted)
    walk = _Walk(office, tid, submitted, today, rng, submitted + dt.timedelta(days=READY_DAYS))
    # A walk the roster cannot support (e.g. a department without a supervisor) stops where it is.
    with contextlib.suppress(HuiwuError):
        _walk_to(walk, final, flags, target, lead, involved)


def _walk_to(w: _Walk, final: TopicStatus, flags: set[Flag], target: MeetingKind, lead, involved) -> None:  # type: ignore[no-untyped-def]
    t = w.office.topics  # type: ignore[attr-defined]
    roster = w.office.roster  # type: ignore[attr-defined]
    if final is TopicStatus.WITHDRAWN:
        t.withdraw(w.tid, decided_on=w.next_day(), on_behalf_of=lead.name)
        return
    if final is TopicStatus.REFUSED:
        t.refuse(w.tid, RefusalReason.OWN_AUTHORITY, decided_on=w.next_day(), note="请主办部门按职责自行研究办理")
        return
    if Flag.LAWS in flags or Flag.NORMATIVE in flags:
        reviewer = roster.legality_reviewer(w.day)
        if final is TopicStatus.RETURNED or w.rng.random() < 0.25:
            t.record_legality_review(w.tid, reviewer_department_id=reviewer.id, passed=False,
                                     reviewed_on=w.next_day(), comments="部分条款缺少上位法依据，请修改完善。")
            if final is TopicStatus.RETURNED:
                return
            t.resubmit(w.tid, resubmitted_on=w.next_day(), note="已按审查意见修改")
        t.record_legality_review(w.tid, reviewer_department_id=reviewer.id, passed=True, reviewed_on=w.next_day())
    if final is TopicStatus.SUBMITTED:
        return
    for kind, _article in _needed_assessments(flags):
        t.record_assessment(w.tid, kind, done_on=w.next_day(), conclusion="经评估，方案可行，风险可控。",
                            views_method="听证会、问卷调查" if kind is Assessment.STABILITY else "")
    disagree = bool(involved) and w.rng.random() < 0.2
    for i, dept in enumerate(involved):
        day = w.next_day()
        head = roster.principal_head(dept.id, day)
        t.record_opinion(w.tid, dept.id, agrees=not (disagree and i == 0), signed_on=day,
                         signer_id=head.id if head else None, signer_name="" if head else "代理负责人",
                         other_signer_reason="" if head else "主要负责人空缺，由主持工作的副职签署",
                         text="原则同意。" if not (disagree and i == 0) else "建议进一步论证后再议。")
    if disagree:
        divergent = w.rng.random() < 0.5
        t.escalate(w.tid, held_on=w.next_day(),
                   result=EscalationResult.DIVERGENT if divergent else EscalationResult.RESOLVED)
        if divergent:
            t.state_disagreement(w.tid, disagreement="有关部门对实施时序有不同意见。",
                                 recommended_position="按主办部门方案分步实施。", stated_on=w.next_day())
    if target is MeetingKind.THEMATIC:
        if final in (TopicStatus.CONFIRMED, TopicStatus.ARRANGED, TopicStatus.APPROVED):
            leader = roster.supervisor(lead.id, w.day)
            t.confirm(w.tid, decided_on=w.next_day(), decider_id=leader.id if leader else None)
        return
    t.approve(w.tid, decided_on=w.next_day())
    if final is TopicStatus.APPROVED:
        return
    t.arrange(w.tid, decided_on=w.next_day())
    if final is TopicStatus.ARRANGED:
        return
    t.confirm(w.tid, decided_on=w.next_day())


def _needed_assessments(flags: set[Flag]) -> list[tuple[Assessment, int]]:
    from core.rules.topics import TopicFacts, required_assessments

    return required_assessments(TopicFacts(target=MeetingKind.EXECUTIVE, flags=frozenset(flags)))
