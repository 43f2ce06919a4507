"""Demo history of minutes (`huiwu demo --years N`): every held meeting gets minutes in a state
that fits its age (older ones issued, recent ones still in drafting, review or sign-off), a few
corrected, some classified with numbered copies on the register, THEMATIC 资金 decisions with the
mayor's consent, and follow-up items with progress notes, some closed. Through the real services."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import random
from collections.abc import Callable

from core.errors import HuiwuError
from core.model.enums import (
    ApprovalManner,
    Classification,
    DecisionType,
    MeetingKind,
    MeetingStatus,
    SensitiveMatter,
)
from core.services.minutes_types import MinutesContent

RECENT_STATES = ("draft", "reviewed", "signed")
RECIPIENTS = ["区委办公室", "区人大常委会办公室", "区政协办公室", "区纪委监委", "区财政局", "区审计局"]


def fill_demo_minutes(office, *, seed: int = 13, today: dt.date | None = None,  # type: ignore[no-untyped-def]
                      progress: Callable[[int, int], None] | None = None) -> int:
    from core.store.engine import relaxed_durability

    rng = random.Random(seed)
    today = today or dt.date.today()
    held = office.meetings.meetings(status=MeetingStatus.HELD)
    with relaxed_durability(office.engine):
        for n, meeting in enumerate(held, 1):
            # The latest meetings' minutes are still on their way: drafting, review, sign-off.
            stop = RECENT_STATES[(len(held) - n) % len(RECENT_STATES)] if len(held) - n < 9 else "issued"
            with contextlib.suppress(HuiwuError):
                _one(office, rng, meeting, today, stop)
            if progress:
                progress(n, len(held))
        _follow_up(office, rng, today)
    return len(held)


def _one(office, rng: random.Random, meeting, today: dt.date, stop: str) -> None:  # type: ignore[no-untyped-def]
    m = office.minutes
    mins = m.draft(meeting.id)
    content = _with_decisions(m.detail(mins).content, meeting, rng)
    m.save(mins, content)
    if stop == "draft":
        return
    reviewed_on = min(today, meeting.day + dt.timedelta(days=1))
    m.review(mins, reviewer="区政府办公室副主任", on=reviewed_on)
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
    classified = rng.random() < 0.08
    m.issue(mins, issued_on=issued_on, copy_to="区委办公室，区人大常委会办公室，区政协办公室",
            classification=Classification.SECRET if classified else Classification.NONE,
            secrecy_period="1年" if classified else "", copies=len(RECIPIENTS) if classified else 40)
    if classified:
        m.register_copies(mins, RECIPIENTS, printed_on=issued_on)
        if rng.random() < 0.2:
            m.reprint_lost(mins, rng.randint(1, len(RECIPIENTS)), printed_on=issued_on, reason="传递途中遗失，已报告")
    if rng.random() < 0.03:
        fixed = m.correct(mins)
        text = m.detail(fixed).content
        m.save(fixed, dataclasses.replace(text, closing="会议还研究了其他事项。（本版更正了出席人员名单）"))
        m.sign(fixed, signer_id=view.signer_ids[-1], signed_on=issued_on)
        if view.consent_needed:
            m.record_consent(fixed, on=issued_on, manner=ApprovalManner.PHONE)
        m.issue(fixed, issued_on=issued_on)


def _with_decisions(content: MinutesContent, meeting, rng: random.Random) -> MinutesContent:  # type: ignore[no-untyped-def]
    sections = []
    for section in content.sections:
        decisions = []
        for d in section.decisions:
            deadline = meeting.day + dt.timedelta(days=rng.choice((15, 30, 45, 60, 90)))
            matters = frozenset({rng.choice(list(SensitiveMatter))}) if (
                meeting.kind is MeetingKind.THEMATIC and rng.random() < 0.3) else frozenset()
            kind = rng.choices(list(DecisionType), weights=[30, 50, 8, 2, 10])[0]
            decisions.append(dataclasses.replace(d, type=kind, deadline=deadline, matters=matters))
        sections.append(dataclasses.replace(section, decisions=tuple(decisions)))
    return dataclasses.replace(content, sections=tuple(sections))


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
