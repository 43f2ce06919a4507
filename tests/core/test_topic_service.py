"""The topic workflow through the real service on an encrypted file: every step, every refusal
(with nothing written), delegation to an acting leader, and the 'done means' walk of issue 3."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.errors import HuiwuError, Invalid, NotFound, RuleRefusal
from core.model import AuditRecord, Material
from core.model.enums import (
    Assessment,
    DelegationScope,
    EscalationResult,
    Flag,
    MeetingKind,
    RefusalReason,
    TopicStatus,
    WaitingOn,
)
from core.office import Office
from core.rules.topics import Action
from core.services import topics as topic_service
from core.services.base import NOT_LOGGED_IN
from tests.core.conftest import TODAY, District

D = dt.date


def audit_count(office: Office) -> int:
    with office.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(AuditRecord)))


def submit(office: Office, d: District, **kw) -> int:
    values = dict(title="关于调整城区公交线路的议题", lead_department_id=d.transport,
                  target=MeetingKind.EXECUTIVE, submitted_on=D(2026, 6, 1))
    values.update(kw)
    return office.topics.submit(**values)


def refused_without_writing(office: Office, call, error=HuiwuError, match: str | None = None) -> HuiwuError:
    before = audit_count(office)
    with pytest.raises(error, match=match) as caught:
        call()
    assert audit_count(office) == before
    return caught.value


# --- the walk of issue 3's "done means" ---------------------------------------------------------

def test_multi_department_topic_with_laws_walks_to_confirmation(office: Office, district: District) -> None:
    t = office.topics
    d = district
    tid = submit(office, d, involved=[d.finance, d.ndrc], flags=[Flag.LAWS])
    detail = t.detail(tid)
    assert detail.status is TopicStatus.SUBMITTED
    assert detail.waiting_on is WaitingOn.LEGALITY_REVIEWER
    assert detail.supervisor == "丙副区长"
    assert [(c.article, c.done) for c in detail.checklist][:2] == [(42, False), (43, False)]
    assert not detail.action(Action.APPROVE).allowed
    assert "第四十二条" in detail.action(Action.APPROVE).why_not

    t.record_legality_review(tid, reviewer_department_id=d.justice, passed=False,
                             reviewed_on=D(2026, 6, 3), comments="第三条缺少上位法依据")
    assert t.detail(tid).status is TopicStatus.RETURNED
    t.resubmit(tid, resubmitted_on=D(2026, 6, 5), note="已补充依据")
    t.record_legality_review(tid, reviewer_department_id=d.justice, passed=True, reviewed_on=D(2026, 6, 8))
    assert t.detail(tid).waiting_on is WaitingOn.INVOLVED_DEPARTMENTS

    t.record_opinion(tid, d.finance, agrees=True, signed_on=D(2026, 6, 9), signer_id=d.heads[d.finance])
    t.record_opinion(tid, d.ndrc, agrees=False, signed_on=D(2026, 6, 9), signer_id=d.heads[d.ndrc],
                     text="建议暂缓调整")
    assert t.detail(tid).waiting_on is WaitingOn.SUPERVISOR
    t.escalate(tid, held_on=D(2026, 6, 12), result=EscalationResult.DIVERGENT)
    assert t.detail(tid).action(Action.APPROVE).allowed  # the supervisor may approve ...
    assert "第四十三条" in t.detail(tid).action(Action.ARRANGE).why_not  # ... but the office cannot arrange yet
    t.state_disagreement(tid, disagreement="发改委认为应暂缓", recommended_position="按交通局方案实施",
                         stated_on=D(2026, 6, 13))
    t.approve(tid, decided_on=D(2026, 6, 15))
    t.arrange(tid, decided_on=D(2026, 6, 16))
    t.confirm(tid, decided_on=D(2026, 6, 17))

    done = t.detail(tid)
    assert done.status is TopicStatus.CONFIRMED
    assert done.waiting_on is WaitingOn.NOBODY
    assert all(c.done for c in done.checklist)
    texts = [h.what for h in done.history]
    assert any("第 1 轮合法性审查退回" in x for x in texts)
    assert any("第 2 轮合法性审查通过" in x for x in texts)
    assert any("报分管副区长协调：协调后仍有分歧" in x for x in texts)
    assert any(x.startswith("确定上会") and "甲区长" in x for x in texts)
    assert all(h.who == NOT_LOGGED_IN for h in done.history)  # a script is no person (issue 12 §2)


# --- refusals: each writes nothing --------------------------------------------------------------

def test_submission_refusals(office: Office, district: District) -> None:
    d = district
    refused_without_writing(office, lambda: submit(office, d, lead_department_id=None), Invalid, "主办部门")
    refused_without_writing(office, lambda: submit(office, d, title="  "), Invalid, "议题名称")
    refused_without_writing(office, lambda: submit(office, d, submitted_on=TODAY + dt.timedelta(days=1)),
                            Invalid, "不能晚于今天")
    refused_without_writing(office, lambda: submit(office, d, lead_department_id=999), Invalid, "不存在")
    e = refused_without_writing(office, lambda: submit(office, d, flags=[Flag.MAJOR], major_category="财政预算",
                                                       target=MeetingKind.MAYOR_OFFICE), RuleRefusal)
    assert "第二十条" in e.message
    refused_without_writing(office, lambda: submit(office, d, flags=[Flag.MAJOR]), RuleRefusal, "类别")
    refused_without_writing(office, lambda: submit(office, d, title="议" * 201), Invalid, "过长")
    refused_without_writing(office, lambda: submit(office, d, title="议题\x07"), Invalid, "控制字符")


def test_strange_text_is_kept_exactly(office: Office, district: District) -> None:
    title = "关于<b>“城区”&公交😀线路</b>的议题"
    tid = submit(office, district, title=title, summary="第一行\n第二行\t<tab> & 😀")
    detail = office.topics.detail(tid)
    assert detail.title == title
    assert detail.summary == "第一行\n第二行\t<tab> & 😀"


def test_legality_review_only_by_the_designated_reviewer(office: Office, district: District) -> None:
    tid = submit(office, district, flags=[Flag.LAWS])
    e = refused_without_writing(office, lambda: office.topics.record_legality_review(
        tid, reviewer_department_id=district.finance, passed=True, reviewed_on=D(2026, 6, 2)), RuleRefusal)
    assert "区司法局" in e.message and "第四十二条" in e.message


def test_review_dates_must_lie_between_submission_and_today(office: Office, district: District) -> None:
    tid = submit(office, district, flags=[Flag.LAWS])
    review = office.topics.record_legality_review
    refused_without_writing(office, lambda: review(tid, reviewer_department_id=district.justice, passed=True,
                                                   reviewed_on=D(2026, 5, 31)), Invalid, "早于议题报送日期")
    refused_without_writing(office, lambda: review(tid, reviewer_department_id=district.justice, passed=True,
                                                   reviewed_on=TODAY + dt.timedelta(days=1)), Invalid, "晚于今天")
    review(tid, reviewer_department_id=district.justice, passed=True, reviewed_on=D(2026, 6, 1))  # the same day is fine


def test_opinion_from_a_department_not_involved_is_refused(office: Office, district: District) -> None:
    d = district
    tid = submit(office, d, involved=[d.finance])
    e = refused_without_writing(office, lambda: office.topics.record_opinion(
        tid, d.ndrc, agrees=True, signed_on=D(2026, 6, 2), signer_id=d.heads[d.ndrc]), RuleRefusal)
    assert "不是本议题的涉及部门" in e.message and "第四十三条" in e.message


def test_opinion_signed_by_another_person_needs_a_reason_and_stays_flagged(office: Office, district: District) -> None:
    d = district
    tid = submit(office, d, involved=[d.finance])
    deputy = office.roster.add_person("财政副局长")
    e = refused_without_writing(office, lambda: office.topics.record_opinion(
        tid, d.finance, agrees=True, signed_on=D(2026, 6, 2), signer_id=deputy), RuleRefusal)
    assert "财政局长" in e.message and "第四十三条" in e.message
    office.topics.record_opinion(tid, d.finance, agrees=True, signed_on=D(2026, 6, 2), signer_id=deputy,
                                 other_signer_reason="局长出差，受委托签署")
    row = office.topics.detail(tid).opinions[0]
    assert not row.signer_is_principal and row.other_signer_reason == "局长出差，受委托签署"
    assert any("非主要负责人签署" in h.what for h in office.topics.detail(tid).history)


# --- delegation (art. 5) ---------------------------------------------------------------------------

def ready_for_approval(office: Office, district: District) -> int:
    return submit(office, district)


def test_ab_partner_approves_as_acting_under_a_delegation(office: Office, district: District) -> None:
    d = district
    tid = ready_for_approval(office, d)
    office.roster.add_delegation(d.vice_a, d.vice_b, DelegationScope.PORTFOLIO, D(2026, 6, 10), D(2026, 6, 20),
                                 reason="出差")
    office.topics.approve(tid, decided_on=D(2026, 6, 20), approver_id=d.vice_b)
    history = office.topics.detail(tid).history
    assert any("丁副区长（受丙副区长委托）" in h.what for h in history)


def test_delegation_that_ended_the_day_before_does_not_cover(office: Office, district: District) -> None:
    d = district
    tid = ready_for_approval(office, d)
    office.roster.add_delegation(d.vice_a, d.vice_b, DelegationScope.PORTFOLIO, D(2026, 6, 10), D(2026, 6, 20))
    e = refused_without_writing(office, lambda: office.topics.approve(
        tid, decided_on=D(2026, 6, 21), approver_id=d.vice_b), RuleRefusal)
    assert "丙副区长" in e.message and "第五条" in e.message


def test_other_leader_cannot_approve(office: Office, district: District) -> None:
    tid = ready_for_approval(office, district)
    refused_without_writing(office, lambda: office.topics.approve(
        tid, decided_on=D(2026, 6, 5), approver_id=district.executive), RuleRefusal, "丙副区长")


def test_executive_vice_mayor_confirms_as_acting_for_the_mayor(office: Office, district: District) -> None:
    d = district
    tid = ready_for_approval(office, d)
    office.topics.approve(tid, decided_on=D(2026, 6, 5))
    office.topics.arrange(tid, decided_on=D(2026, 6, 6))
    refused_without_writing(office, lambda: office.topics.confirm(
        tid, decided_on=D(2026, 6, 7), decider_id=d.executive), RuleRefusal, "甲区长")
    office.roster.add_delegation(d.mayor, d.executive, DelegationScope.GOVERNMENT_WORK, D(2026, 6, 7),
                                 D(2026, 6, 9), reason="出访")
    office.topics.confirm(tid, decided_on=D(2026, 6, 7), decider_id=d.executive)
    assert any("乙常务（受甲区长委托）" in h.what for h in office.topics.detail(tid).history)


def test_thematic_topic_is_decided_by_a_leader(office: Office, district: District) -> None:
    tid = submit(office, district, target=MeetingKind.THEMATIC)
    refused_without_writing(office, lambda: office.topics.confirm(tid, decided_on=D(2026, 6, 2)), RuleRefusal,
                            "召集会议")
    deputy = office.roster.add_person("某科长")
    refused_without_writing(office, lambda: office.topics.confirm(tid, decided_on=D(2026, 6, 2),
                                                                  decider_id=deputy), RuleRefusal)
    refused_without_writing(office, lambda: office.topics.approve(tid, decided_on=D(2026, 6, 2)), RuleRefusal)
    office.topics.confirm(tid, decided_on=D(2026, 6, 2), decider_id=district.vice_b)
    assert office.topics.detail(tid).status is TopicStatus.CONFIRMED


# --- assessments ---------------------------------------------------------------------------------

def test_assessments_and_secret_consultation(office: Office, district: District) -> None:
    t = office.topics
    tid = submit(office, district, flags=[Flag.STABILITY_RISK, Flag.NORMATIVE])
    refused_without_writing(office, lambda: t.record_assessment(
        tid, Assessment.STABILITY, done_on=D(2026, 6, 2), conclusion="风险可控"), RuleRefusal, "第二十一条")
    t.record_assessment(tid, Assessment.STABILITY, done_on=D(2026, 6, 2), conclusion="风险可控", views_method="听证会")
    refused_without_writing(office, lambda: t.record_assessment(
        tid, Assessment.PUBLIC_CONSULTATION, done_on=D(2026, 6, 2), secrecy_reason="涉密"), RuleRefusal, "第十七条")
    checklist = {c.text: c.done for c in t.detail(tid).checklist}
    assert checklist["社会稳定风险评估"] is True
    assert checklist["公开征求意见（依法需要保密的除外）"] is False

    secret = submit(office, district, flags=[Flag.NORMATIVE, Flag.SECRET])
    t.record_assessment(secret, Assessment.PUBLIC_CONSULTATION, done_on=D(2026, 6, 2),
                        secrecy_reason="涉及国家秘密，依法不公开征求意见")
    checklist = {c.text: c.done for c in t.detail(secret).checklist}
    assert checklist["公开征求意见（依法需要保密的除外）"] is True


# --- refusal, withdrawal, reopening -------------------------------------------------------------

def test_refusal_reasons_of_article_42(office: Office, district: District) -> None:
    d = district
    coordinated = submit(office, d, involved=[d.finance])
    office.topics.record_opinion(coordinated, d.finance, agrees=True, signed_on=D(2026, 6, 2),
                                 signer_id=d.heads[d.finance])
    refused_without_writing(office, lambda: office.topics.refuse(
        coordinated, RefusalReason.NOT_COORDINATED, decided_on=D(2026, 6, 3)), RuleRefusal, "已完成会前协调")
    office.topics.refuse(coordinated, RefusalReason.OWN_AUTHORITY, decided_on=D(2026, 6, 3))
    assert office.topics.detail(coordinated).status is TopicStatus.REFUSED
    new = office.topics.reopen(coordinated, submitted_on=D(2026, 6, 10))
    reopened = office.topics.detail(new)
    assert reopened.reopened_from_id == coordinated and reopened.status is TopicStatus.SUBMITTED
    assert reopened.involved == ((d.finance, "区财政局"),)

    uncoordinated = submit(office, d, involved=[d.finance])
    office.topics.refuse(uncoordinated, RefusalReason.NOT_COORDINATED, decided_on=D(2026, 6, 3))
    refused_without_writing(office, lambda: office.topics.approve(uncoordinated, decided_on=D(2026, 6, 4)),
                            RuleRefusal, "不予安排")


def test_withdrawal_closes_the_topic(office: Office, district: District) -> None:
    tid = submit(office, district)
    office.topics.withdraw(tid, decided_on=D(2026, 6, 2), on_behalf_of="区交通局")
    detail = office.topics.detail(tid)
    assert detail.status is TopicStatus.WITHDRAWN
    assert detail.history[-1].on_behalf_of == "区交通局"
    refused_without_writing(office, lambda: office.topics.reopen(tid), RuleRefusal)


# --- materials ------------------------------------------------------------------------------------

def test_materials_add_replace_and_keep_old_versions(office: Office, district: District, tmp_path: Path) -> None:
    tid = submit(office, district)
    first = tmp_path / "方案.docx"
    first.write_bytes(b"version one")
    mid = office.topics.add_material_file(tid, first)
    second = tmp_path / "方案（修改稿）.docx"
    second.write_bytes(b"version two")
    new_id = office.topics.replace_material(mid, second)
    rows = office.topics.detail(tid).materials
    assert [(m.name, m.current) for m in rows] == [("方案.docx", False), ("方案（修改稿）.docx", True)]
    assert rows[1].supersedes_id == mid
    assert office.topics.material_data(mid) == ("方案.docx", b"version one")
    assert office.topics.material_data(new_id)[1] == b"version two"


def test_material_over_the_limit_or_unreadable_is_refused(office: Office, district: District, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    tid = submit(office, district)
    monkeypatch.setattr(topic_service, "MATERIAL_MAX_BYTES", 10)
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * 11)
    refused_without_writing(office, lambda: office.topics.add_material_file(tid, big), Invalid, "文件过大")
    refused_without_writing(office, lambda: office.topics.add_material_file(tid, tmp_path / "none.pdf"),
                            Invalid, "无法读取")
    with office.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Material)) == 0
    refused_without_writing(office, lambda: office.topics.add_material(999, "x.pdf", b"1"), NotFound)


# --- the list --------------------------------------------------------------------------------------

def test_list_filters_and_counts(office: Office, district: District) -> None:
    d = district
    a = submit(office, d, title="公交线路调整")
    b = submit(office, d, title="财政预算调整", lead_department_id=d.finance, involved=[d.ndrc])
    office.topics.withdraw(a, decided_on=D(2026, 6, 2))
    t = office.topics
    assert [r.id for r in t.topics(status=TopicStatus.WITHDRAWN)] == [a]
    assert [r.id for r in t.topics(department_id=d.ndrc)] == [b]  # involved, not lead
    assert [r.id for r in t.topics(supervisor_id=d.executive)] == [b]
    assert [r.id for r in t.topics(waiting_on=WaitingOn.INVOLVED_DEPARTMENTS)] == [b]
    assert [r.id for r in t.topics(search="预算")] == [b]
    assert [r.id for r in t.topics(search="调整")] == [b, a]
    assert t.topics(search="%") == []
    counts = t.counts()
    assert counts[TopicStatus.WITHDRAWN] == 1 and counts[TopicStatus.SUBMITTED] == 1
