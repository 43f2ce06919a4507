"""Issue 12 §7 through the real services on an encrypted file: the leave refusal for the mayor,
the art. 43 line the same in the window's detail and in `derived.topics`, the art. 20 refusal
at submission and on an agenda, the 专题 topic kept to its confirming leader's meeting (with the
re-confirmation that moves it), and the office setting for the 专题 legality review."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, update

from core.errors import HuiwuError, Invalid, NotPermitted, RuleRefusal
from core.model import AuditRecord, CoordinationOpinion, Topic
from core.model.enums import Flag, MeetingKind, Post, TopicStatus, WaitingOn
from core.office import Office
from core.rules.topics import Action, waiting_on
from core.services.accounts import Role
from core.services.settings import THEMATIC_LEGALITY
from tests.core.conftest import START, District

D = dt.date
T9 = dt.time(9, 0)
MEETING_DAY = D(2026, 7, 9)
OPINIONS = "各涉及部门的协调意见均由主要负责人签署"


def audit_count(office: Office) -> int:
    with office.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(AuditRecord)))


def refused(office: Office, call, error=HuiwuError, match: str | None = None) -> HuiwuError:
    before = audit_count(office)
    with pytest.raises(error, match=match) as caught:
        call()
    assert audit_count(office) == before
    return caught.value


def submit(office: Office, d: District, **kw) -> int:
    values = dict(title="关于调整城区公交线路的议题", lead_department_id=d.transport,
                  target=MeetingKind.EXECUTIVE, submitted_on=D(2026, 6, 1))
    values.update(kw)
    return office.topics.submit(**values)


def thematic_meeting(office: Office, *, convener: int, presider: int | None = None) -> int:
    return office.meetings.create(MeetingKind.THEMATIC, day=MEETING_DAY, start_time=T9, place="第三会议室",
                                  presider_id=presider or convener, convener_id=convener, title="城区交通")


def on_agenda(office: Office, meeting_id: int) -> list[int]:
    return [a.topic_id for a in office.meetings.detail(meeting_id).agenda]


def exported(office: Office, topic_id: int, text: str) -> dict:
    return next(n for n in office.topics.checklists()[topic_id]["needs"] if n["text"].startswith(text))


def window_line(office: Office, topic_id: int, text: str):  # type: ignore[no-untyped-def]
    return next(c for c in office.topics.detail(topic_id).checklist if c.text.startswith(text))


# --- 1. the mayor's leave -----------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "article"), [(MeetingKind.PLENARY, "第三十八条"),
                                               (MeetingKind.EXECUTIVE, "第三十九条"),
                                               (MeetingKind.MAYOR_OFFICE, "第四十条")])
def test_mayor_cannot_ask_for_leave_and_is_told_what_the_kind_allows(
        office: Office, district: District, kind: MeetingKind, article: str) -> None:
    d = district
    mid = office.meetings.create(kind, day=MEETING_DAY, start_time=T9, place="区政府第一会议室", presider_id=d.mayor)
    office.meetings.generate_roster(mid)
    e = refused(office, lambda: office.leave.request(d.mayor, meeting_id=mid, reason="出差"), RuleRefusal, article)
    assert "第五条" not in e.message
    assert ("委托负责常务工作的副区长召集并主持" in e.message) is (kind is not MeetingKind.PLENARY)


# --- 2. art. 43 in the window and in the export ----------------------------------------------------

@pytest.fixture
def deputy(office: Office, district: District) -> int:
    pid = office.roster.add_person("戊副局长")
    office.roster.appoint(pid, Post.DEPUTY_HEAD, START, department_id=district.finance)
    return pid


def test_principal_head_signature_is_done_without_a_note(office: Office, district: District) -> None:
    d = district
    tid = submit(office, d, involved=[d.finance])
    office.topics.record_opinion(tid, d.finance, agrees=True, signed_on=D(2026, 6, 2), signer_id=d.heads[d.finance])
    line = window_line(office, tid, OPINIONS)
    assert (line.done, line.note, line.article) == (True, "", 43)
    assert exported(office, tid, OPINIONS) == {"text": OPINIONS, "article": 43, "done": True, "note": ""}


def test_deputy_signature_with_reason_is_shown_as_such(office: Office, district: District, deputy: int) -> None:
    d = district
    tid = submit(office, d, involved=[d.finance])
    office.topics.record_opinion(tid, d.finance, agrees=True, signed_on=D(2026, 6, 2), signer_id=deputy,
                                 other_signer_reason="局长出差")
    line = window_line(office, tid, OPINIONS)
    note = "区财政局由副职签署（戊副局长），理由：局长出差"
    assert (line.done, line.note) == (True, note)
    assert exported(office, tid, OPINIONS) == {"text": OPINIONS, "article": 43, "done": True, "note": note}


def test_deputy_signature_without_reason_is_not_done_in_window_or_export(
        office: Office, district: District, deputy: int) -> None:
    """An opinion the service would refuse today, e.g. from an older file or an import."""
    d = district
    tid = submit(office, d, involved=[d.finance])
    office.topics.record_opinion(tid, d.finance, agrees=True, signed_on=D(2026, 6, 2), signer_id=deputy,
                                 other_signer_reason="局长出差")
    with office.sessions.begin() as s:
        s.execute(update(CoordinationOpinion).values(other_signer_reason=""))
    line = window_line(office, tid, OPINIONS)
    assert not line.done and "未写明理由" in line.note
    export = exported(office, tid, OPINIONS)
    assert (export["done"], export["note"]) == (False, line.note)
    assert waiting_on(office.topics.facts(tid)) is WaitingOn.INVOLVED_DEPARTMENTS
    office.topics.approve(tid, decided_on=D(2026, 6, 3))
    assert "第四十三条" in office.topics.detail(tid).action(Action.ARRANGE).why_not
    refused(office, lambda: office.topics.arrange(tid, decided_on=D(2026, 6, 4)), RuleRefusal, "第四十三条")
    # the principal head signs: done, no note
    office.topics.record_opinion(tid, d.finance, agrees=True, signed_on=D(2026, 6, 4), signer_id=d.heads[d.finance])
    assert (window_line(office, tid, OPINIONS).done, window_line(office, tid, OPINIONS).note) == (True, "")


# --- 3. art. 20: 区政府规范性文件 ----------------------------------------------------------------

@pytest.mark.parametrize("target", [MeetingKind.MAYOR_OFFICE, MeetingKind.THEMATIC])
def test_normative_document_refused_for_mayor_office_and_thematic(
        office: Office, district: District, target: MeetingKind) -> None:
    e = refused(office, lambda: submit(office, district, target=target, flags=[Flag.NORMATIVE]),
                RuleRefusal, "第二十条")
    assert "区政府规范性文件" in e.message
    assert office.topics.topics() == []


def test_normative_document_accepted_for_plenary_and_executive(office: Office, district: District) -> None:
    for target in (MeetingKind.PLENARY, MeetingKind.EXECUTIVE):
        submit(office, district, target=target, flags=[Flag.NORMATIVE])
    assert len(office.topics.topics()) == 2


def test_older_normative_topic_for_mayor_office_cannot_go_on_its_agenda(office: Office, district: District) -> None:
    """Confirmed before the rule was enforced, flagged since: the agenda refuses it (art. 20)."""
    d = district
    tid = submit(office, d, target=MeetingKind.MAYOR_OFFICE)
    office.topics.approve(tid, decided_on=D(2026, 6, 2))
    office.topics.arrange(tid, decided_on=D(2026, 6, 3))
    office.topics.confirm(tid, decided_on=D(2026, 6, 4))
    with office.sessions.begin() as s:
        s.execute(update(Topic).where(Topic.id == tid).values(normative=True))
    mid = office.meetings.create(MeetingKind.MAYOR_OFFICE, day=MEETING_DAY, start_time=T9, place="第二会议室",
                                 presider_id=d.mayor)
    refused(office, lambda: office.meetings.schedule(mid, tid), RuleRefusal, "第二十条")
    assert on_agenda(office, mid) == []


# --- 4. art. 42: the 专题 topic and the leader who convenes -------------------------------------------

def confirmed_thematic(office: Office, d: District, by: int) -> int:
    tid = submit(office, d, title="关于城区交通组织的专题议题", target=MeetingKind.THEMATIC)
    office.topics.confirm(tid, decided_on=D(2026, 6, 5), decider_id=by)
    return tid


def test_thematic_topic_refused_on_another_leaders_meeting(office: Office, district: District) -> None:
    d = district
    tid = confirmed_thematic(office, d, d.vice_a)
    other = thematic_meeting(office, convener=d.vice_b)
    e = refused(office, lambda: office.meetings.schedule(other, tid), RuleRefusal, "第四十二条")
    assert "由丙副区长确定" in e.message and "丁副区长召集" in e.message
    assert on_agenda(office, other) == []
    assert office.topics.detail(tid).status is TopicStatus.CONFIRMED


def test_thematic_topic_goes_on_its_confirming_leaders_meeting(office: Office, district: District) -> None:
    d = district
    tid = confirmed_thematic(office, d, d.vice_a)
    own = thematic_meeting(office, convener=d.vice_a)
    office.meetings.schedule(own, tid)
    assert on_agenda(office, own) == [tid]
    assert office.topics.detail(tid).status is TopicStatus.SCHEDULED


def test_the_convener_counts_not_the_presider(office: Office, district: District) -> None:
    d = district
    tid = confirmed_thematic(office, d, d.vice_a)
    convened_by_a = thematic_meeting(office, convener=d.vice_a, presider=d.vice_b)
    office.meetings.schedule(convened_by_a, tid)
    assert on_agenda(office, convened_by_a) == [tid]
    tid2 = confirmed_thematic(office, d, d.vice_b)
    refused(office, lambda: office.meetings.schedule(convened_by_a, tid2), RuleRefusal, "丙副区长召集")


def test_reconfirmation_by_the_convening_leader_moves_the_topic(office: Office, district: District) -> None:
    d = district
    t = office.topics
    tid = confirmed_thematic(office, d, d.vice_a)
    assert t.detail(tid).confirmed_by == "丙副区长，2026-06-05"
    refused(office, lambda: t.reconfirm(tid, decided_on=D(2026, 6, 6), decider_id=d.vice_a), RuleRefusal, "无须再次确定")
    refused(office, lambda: t.reconfirm(tid, decided_on=D(2026, 6, 6), decider_id=d.heads[d.finance]),
            RuleRefusal, "区长或副区长")
    t.reconfirm(tid, decided_on=D(2026, 6, 6), decider_id=d.vice_b, note="改由丁副区长召集专题会议研究")
    detail = t.detail(tid)
    assert detail.confirmed_by == "丁副区长，2026-06-06"
    assert detail.status is TopicStatus.CONFIRMED
    assert any(h.what == "改由召集会议的领导确定，丁副区长" for h in detail.history)
    assert any(h.what == "确定上会，丙副区长" for h in detail.history)
    b_meeting = thematic_meeting(office, convener=d.vice_b)
    a_meeting = thematic_meeting(office, convener=d.vice_a)
    refused(office, lambda: office.meetings.schedule(a_meeting, tid), RuleRefusal, "由丁副区长确定")
    office.meetings.schedule(b_meeting, tid)
    assert on_agenda(office, b_meeting) == [tid]
    # on a meeting: take it off first
    refused(office, lambda: t.reconfirm(tid, decided_on=D(2026, 6, 7), decider_id=d.vice_a), RuleRefusal, "移出")
    with office.sessions() as s:
        summaries = list(s.scalars(select(AuditRecord.summary).where(AuditRecord.event == "议题.改由召集会议的领导确定")))
    assert summaries == ["改由召集会议的领导确定：丁副区长"]


def test_reconfirmation_is_for_thematic_topics_only(office: Office, district: District) -> None:
    d = district
    tid = submit(office, d)
    office.topics.approve(tid, decided_on=D(2026, 6, 2))
    office.topics.arrange(tid, decided_on=D(2026, 6, 3))
    office.topics.confirm(tid, decided_on=D(2026, 6, 4))
    refused(office, lambda: office.topics.reconfirm(tid, decided_on=D(2026, 6, 5), decider_id=d.vice_a),
            RuleRefusal, "第四十二条")


def test_removing_and_cancelling_still_work_for_a_placed_topic(office: Office, district: District) -> None:
    d = district
    tid = confirmed_thematic(office, d, d.vice_a)
    mid = thematic_meeting(office, convener=d.vice_a)
    office.meetings.schedule(mid, tid)
    office.meetings.unschedule(mid, tid, reason="改期")
    office.meetings.schedule(mid, tid)
    office.meetings.cancel(mid, reason="领导另有公务")
    assert office.topics.detail(tid).status is TopicStatus.CONFIRMED


# --- 5. the 专题 legality review as an office setting -------------------------------------------------

LEGALITY = "经区司法局合法性审查通过"
PW = {"admin": "Admin#2026x", "clerk": "Clerk#2026x"}


@pytest.fixture
def admin(office: Office, district: District) -> Office:
    office.accounts.create_first_admin("admin", PW["admin"])
    office.log_in("admin", PW["admin"])
    office.accounts.add("clerk", Role.SECRETARY, PW["clerk"])
    return office


def test_thematic_legality_review_is_practice_on_by_default(office: Office, district: District) -> None:
    d = district
    thematic = submit(office, d, target=MeetingKind.THEMATIC, flags=[Flag.LAWS])
    executive = submit(office, d, flags=[Flag.LAWS])
    line = window_line(office, thematic, LEGALITY)
    assert line.article is None and "办公室惯例" in line.text and "按办公室惯例" in line.citation
    assert office.settings.thematic_legality_review() is True
    assert exported(office, thematic, LEGALITY)["article"] is None
    assert office.topics.detail(thematic).waiting_on is WaitingOn.LEGALITY_REVIEWER
    assert window_line(office, executive, LEGALITY).article == 42


def test_switching_it_off_removes_the_line_and_rederives_statuses(admin: Office, district: District) -> None:
    d = district
    office = admin
    thematic = submit(office, d, target=MeetingKind.THEMATIC, flags=[Flag.LAWS])
    executive = submit(office, d, flags=[Flag.LAWS])
    before = audit_count(office)
    office.topics.set_thematic_legality_review(False)
    assert audit_count(office) == before + 1
    with office.sessions() as s:
        record = s.scalars(select(AuditRecord).order_by(AuditRecord.id.desc())).first()
    assert record is not None and record.event == "设置.修改" and record.user == "admin"
    assert "开启 → 关闭" in record.summary and "办公室惯例" in record.summary
    assert office.settings.thematic_legality_review() is False
    assert not any(c.text.startswith(LEGALITY) for c in office.topics.detail(thematic).checklist)
    assert not any(n["text"].startswith(LEGALITY) for n in office.topics.checklists()[thematic]["needs"])
    rows = {r.id: r for r in office.topics.topics()}
    assert rows[thematic].waiting_on is WaitingOn.CONVENING_LEADER  # the stored status follows
    assert rows[executive].waiting_on is WaitingOn.LEGALITY_REVIEWER  # art. 42 is not a setting
    office.topics.confirm(thematic, decided_on=D(2026, 6, 5), decider_id=d.vice_a)
    before = audit_count(office)
    office.topics.set_thematic_legality_review(False)  # already off: nothing to record
    assert audit_count(office) == before
    office.topics.set_thematic_legality_review(True)
    assert window_line(office, thematic, LEGALITY).article is None


def test_only_an_administrator_switches_it(admin: Office, district: District) -> None:
    office = admin
    office.log_in("clerk", PW["clerk"])
    refused(office, lambda: office.topics.set_thematic_legality_review(False), NotPermitted)
    assert office.settings.thematic_legality_review() is True


def test_the_generic_setter_does_not_write_it(admin: Office) -> None:
    refused(admin, lambda: admin.settings.set(THEMATIC_LEGALITY, "0"), Invalid, "设置")
    assert admin.settings.thematic_legality_review() is True


def test_a_new_convener_must_have_confirmed_the_topics_on_the_agenda(office: Office, district: District) -> None:
    d = district
    tid = confirmed_thematic(office, d, d.vice_a)
    mid = thematic_meeting(office, convener=d.vice_a)
    office.meetings.schedule(mid, tid)
    refused(office, lambda: office.meetings.update(mid, convener_id=d.vice_b, presider_id=d.vice_b),
            RuleRefusal, "由丙副区长确定")
    assert office.meetings.detail(mid).convener_id == d.vice_a
    office.meetings.update(mid, presider_id=d.vice_b)  # the presider may change; the convener counts
    assert on_agenda(office, mid) == [tid]


def test_the_agenda_picker_offers_a_thematic_meeting_only_its_conveners_topics(office: Office,
                                                                                 district: District) -> None:
    d = district
    by_a = confirmed_thematic(office, d, d.vice_a)
    by_b = confirmed_thematic(office, d, d.vice_b)
    pool = office.meetings.pool
    assert [t for t, _ in pool(MeetingKind.THEMATIC, convener_id=d.vice_a)] == [by_a]
    assert [t for t, _ in pool(MeetingKind.THEMATIC, convener_id=d.vice_b)] == [by_b]
    assert {t for t, _ in pool(MeetingKind.THEMATIC)} == {by_a, by_b}
    office.topics.reconfirm(by_b, decided_on=D(2026, 6, 6), decider_id=d.vice_a)  # the latest confirmation counts
    assert [t for t, _ in pool(MeetingKind.THEMATIC, convener_id=d.vice_a)] == [by_a, by_b]
    assert pool(MeetingKind.THEMATIC, convener_id=d.vice_b) == []
