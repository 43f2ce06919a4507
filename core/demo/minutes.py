"""Demo history of minutes (`huiwu demo --years N`): every held meeting gets minutes in a state
that fits its age (older ones issued, recent ones still in drafting, review or sign-off), a few
corrected, some classified with numbered copies on the register, THEMATIC 资金 decisions with the
mayor's consent, and follow-up items with progress notes, some closed. Through the real services.
Returns (and last reports as progress) the minutes in the file, corrected editions included."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import random
from collections.abc import Callable

from core.documents.headings import second_number
from core.errors import HuiwuError
from core.model.enums import (
    ApprovalManner,
    Classification,
    DecisionType,
    MeetingKind,
    MeetingStatus,
    SensitiveMatter,
)
from core.services.minutes_types import DecisionItem, MinutesContent

RECENT_STATES = ("draft", "reviewed", "signed")
# How often each DecisionType (同意, 原则同意, 暂缓, 不同意, 另行研究) is a topic's outcome; reports
# (…情况) and the plenary meeting's drafts are passed.
OUTCOMES = {False: [30, 50, 8, 2, 10], True: [40, 60, 0, 0, 0]}
FINANCE = "区财政局"
RECIPIENTS = ["区委办公室", "区人大常委会办公室", "区政协办公室", "区纪委监委", "区财政局", "区审计局"]


def fill_demo_minutes(office, *, seed: int = 13, today: dt.date | None = None,  # type: ignore[no-untyped-def]
                      progress: Callable[[int, int], None] | None = None) -> int:
    from core.store.engine import relaxed_durability

    rng = random.Random(seed)
    today = today or dt.date.today()
    held = office.meetings.meetings(status=MeetingStatus.HELD)
    before = len(office.minutes.minutes_list())
    names = office.minutes.department_names()
    units = _Units(names, next((i for i, name in names.items() if name == FINANCE), None))
    with relaxed_durability(office.engine):
        for n, meeting in enumerate(held, 1):
            # The latest meetings' minutes are still on their way: drafting, review, sign-off.
            stop = RECENT_STATES[(len(held) - n) % len(RECENT_STATES)] if len(held) - n < 9 else "issued"
            with contextlib.suppress(HuiwuError):
                _one(office, rng, meeting, today, stop, units)
            if progress:  # minutes made so far, of those plus one for each meeting still to do
                made = len(office.minutes.minutes_list()) - before
                progress(made, made + len(held) - n)
        _follow_up(office, rng, today)
    return len(office.minutes.minutes_list()) - before  # editions: a corrected one is a document too


def _one(office, rng: random.Random, meeting, today: dt.date, stop: str, units: _Units) -> None:  # type: ignore[no-untyped-def]
    m = office.minutes
    mins = m.draft(meeting.id)
    content = _with_decisions(m.detail(mins).content, meeting, rng, units)
    m.save(mins, content)
    if stop == "draft":
        return
    reviewed_on = min(today, meeting.day + dt.timedelta(days=1))
    # The particulars the signing sheet shows are set before 核稿 and 签发 (issue 12 §1, §3); the
    # reviewer is a person of the roster (the office's deputy director).
    classified = rng.random() < 0.08
    m.set_particulars(mins, dataclasses.replace(
        m.detail(mins).particulars, copy_to="区委办公室，区人大常委会办公室，区政协办公室",
        classification=Classification.SECRET if classified else Classification.NONE,
        secrecy_period="1年" if classified else "", copies=len(RECIPIENTS) if classified else 40))
    reviewer = m.reviewer_choices(reviewed_on)[0][0]
    m.review(mins, reviewer_id=reviewer, on=reviewed_on)
    if stop == "reviewed":
        return
    signed_on = min(today, meeting.day + dt.timedelta(days=rng.randint(1, 3)))
    view = m.signing_view(mins, signed_on)
    m.sign(mins, signer_id=view.signer_ids[-1], signed_on=signed_on, opinion=rng.choice(("同意", "同意印发", "圈阅")))
    if view.consent_needed:
        m.record_consent(mins, on=signed_on, manner=rng.choice(list(ApprovalManner)))
    if stop == "signed":
        return
    issued_on = min(today, signed_on + dt.timedelta(days=1))
    m.issue(mins, issued_on=issued_on)
    if classified:
        m.register_copies(mins, RECIPIENTS, printed_on=issued_on)
        if rng.random() < 0.2:
            m.reprint_lost(mins, rng.randint(1, len(RECIPIENTS)), printed_on=issued_on, reason="传递途中遗失，已报告")
    if rng.random() < 0.03:
        fixed = m.correct(mins)
        text = m.detail(fixed).content
        m.save(fixed, dataclasses.replace(text, closing="会议还研究了其他事项。（本版更正了出席人员名单）"))
        m.review(fixed, reviewer_id=reviewer, on=issued_on)
        m.sign(fixed, signer_id=view.signer_ids[-1], signed_on=issued_on)
        if view.consent_needed:
            m.record_consent(fixed, on=issued_on, manner=ApprovalManner.PHONE)
        m.issue(fixed, issued_on=issued_on)


@dataclasses.dataclass(frozen=True)
class _Units:
    names: dict[int, str]  # department id -> name
    finance: int | None  # 区财政局, for the decisions on funds


def _with_decisions(content: MinutesContent, meeting, rng: random.Random, units: _Units) -> MinutesContent:  # type: ignore[no-untyped-def]
    """The drafter's work on the generated draft: each topic's outcome (agreed, agreed in principle,
    deferred, refused, to be studied further) in its text and decisions, with deadlines, sometimes
    a decision on funds (a THEMATIC one needs the mayor's consent, art. 45)."""
    sections = []
    for section in content.sections:
        core = section.heading.removeprefix("关于").removesuffix("的事项")
        decisions = []
        text = section.text
        for d in section.decisions:
            passed = meeting.kind is MeetingKind.PLENARY or "情况" in core  # a report is heard, not refused
            kind = rng.choices(list(DecisionType), weights=OUTCOMES[passed])[0]
            unit = units.names.get(d.responsible_id or 0, "有关部门")
            co = "、".join(units.names[c] for c in d.co_ids if c in units.names)
            text, decided = _outcome(kind, core, unit, co)
            deadline = meeting.day + dt.timedelta(days=rng.choice((15, 30, 45, 60, 90)))
            funds = frozenset({SensitiveMatter.FUNDS}) if "资金" in core else frozenset()
            decisions.append(dataclasses.replace(d, text=decided, type=kind, deadline=deadline, matters=funds))
            if (kind in (DecisionType.AGREE, DecisionType.AGREE_IN_PRINCIPLE) and units.finance is not None
                    and d.responsible_id != units.finance and not passed
                    and rng.random() < 0.3):
                decisions.append(DecisionItem(f"所需资金由区财政局会同{unit}按程序纳入预算统筹安排。", DecisionType.AGREE,
                                              units.finance, (d.responsible_id,) if d.responsible_id else (),
                                              deadline, frozenset({SensitiveMatter.FUNDS})))
        if len(decisions) > 1:  # several decisions: listed under the second heading level (GB/T 9704 §7.3.3)
            text += "".join(f"\n{second_number(k)}{d.text}" for k, d in enumerate(decisions, 1))
        sections.append(dataclasses.replace(section, text=text, decisions=tuple(decisions)))
    return dataclasses.replace(content, sections=tuple(sections))


def _outcome(kind: DecisionType, core: str, unit: str, co: str) -> tuple[str, str]:
    """(the section's text, the decision) for one topic's outcome."""
    heard = f"会议听取了{unit}关于{core.removeprefix(unit) or core}的汇报。"  # not 临川镇关于临川镇…
    helpers = f"，{co}等单位要密切配合" if co else ""
    agreed = kind in (DecisionType.AGREE, DecisionType.AGREE_IN_PRINCIPLE)
    if agreed and any(draft in core for draft in ("草案", "征求意见稿", "送审稿")):
        onward = "按程序报批" if "送审稿" in core else "按程序提请区人民代表大会审议"
        return (heard + f"会议原则通过{core}。会议要求，{unit}要根据会议讨论意见进一步修改完善{helpers}。",
                f"原则通过{core}，由{unit}修改完善后{onward}。")
    if agreed and "情况" in core:  # a report
        return (heard + f"会议充分肯定了{unit}的前期工作。会议要求，{unit}要对照目标任务，抓好下一步工作{helpers}。",
                f"由{unit}按照会议要求抓好下一步工作落实，并及时报告进展情况。")
    if kind is DecisionType.AGREE:
        return (heard + f"会议同意{unit}提出的方案。会议要求，{unit}要细化工作措施、明确时间节点，确保按期完成{helpers}。",
                f"同意{core}，由{unit}牵头组织实施。")
    if kind is DecisionType.DEFER:
        return (heard + "会议认为，该事项实施条件尚不成熟，暂缓实施。",
                f"{core}暂缓实施，由{unit}进一步论证完善后另行报批。")
    if kind is DecisionType.DISAGREE:
        return (heard + f"经研究，会议不同意{unit}提出的方案。",
                f"{core}不予通过，由{unit}按会议意见重新研究提出方案。")
    if kind is DecisionType.STUDY_FURTHER:
        return (heard + "会议认为，该事项涉及面广、政策性强，须进一步深入研究。",
                f"{core}由{unit}会同有关部门进一步研究论证后，另行提交会议研究。")
    return (heard + f"会议原则同意{unit}提出的方案。会议要求，{unit}要根据会议讨论意见修改完善后抓好落实{helpers}。",
            f"原则同意{core}，由{unit}根据会议意见修改完善后组织实施。")


def _follow_up(office, rng: random.Random, today: dt.date) -> None:  # type: ignore[no-untyped-def]
    f = office.followup
    for item in f.items(view="open"):
        past = item.deadline is not None and item.deadline < today
        if item.deadline is None or rng.random() < (0.05 if past else 0.4):
            continue  # no report yet (a few past their deadline: the overdue list)
        noted = min(today, item.deadline - dt.timedelta(days=rng.randint(0, 10)))
        f.add_note(item.id, noted_on=noted, text=rng.choice(("已制定工作方案，正在推进。", "已完成主体工作。",
                                                              "已会同有关部门研究，近期报送。")))
        if past and rng.random() < 0.95:
            f.close(item.id, closed_on=min(today, item.deadline), note="已按期落实。")
