"""Issue 12 §1–§3 and §6 through the real services: the order of the steps (核稿 before 签发,
条例 §20; a new version needs a new 核稿; signed minutes fixed, 条例 §25（一）), people named as people
(the roster for the reviewer, the account's name for the clerk, never the computer's user),
classified minutes' 印数 and the register, and corrected editions that keep their particulars."""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
import subprocess
from pathlib import Path

import pytest

from core.errors import Invalid, NotFound, NotPermitted, RuleRefusal
from core.model.accounts import Role
from core.model.enums import Classification, MeetingKind, MinutesStatus, Post, Publication, Urgency
from core.office import Office
from core.rules import minutes as rules
from core.rules.minutes import Progress
from core.services.minutes_types import Particulars
from core.store.keys import RawKey
from tests.core.conftest import START, TODAY, District, build_district
from tests.core.test_meeting_service import refused
from tests.core.test_minutes_service import HELD_ON, attend, held, review, reviewer

D = dt.date
PW = {"admin": "Admin#2026x", "clerk": "Clerk#2026x", "deputy": "Deputy#2026x"}


def drafted(office: Office, d: District) -> int:
    mid = held(office, d)
    attend(office, d, mid)
    return office.minutes.draft(mid)


def text_of(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return out.replace(" ", "")


# --- the rules ---------------------------------------------------------------------------------

def test_rule_sign_only_the_reviewed_version() -> None:
    draft = Progress(MinutesStatus.DRAFT, version=1, reviewed_version=None)
    refusal = rules.may_sign(draft)
    assert not refusal.allowed
    assert "第二十条" in refusal.explain() and "党政机关公文处理工作条例" in refusal.explain()
    assert "发文机关办公厅（室）进行审核" in refusal.explain()
    assert rules.may_sign(dataclasses.replace(draft, status=MinutesStatus.REVIEWED, reviewed_version=1)).allowed
    newer = rules.may_sign(Progress(MinutesStatus.DRAFT, version=3, reviewed_version=2))
    assert not newer.allowed and "第2稿" in newer.explain() and "第3稿" in newer.explain()
    assert rules.may_review(Progress(MinutesStatus.DRAFT, version=3, reviewed_version=2)).allowed
    signed = Progress(MinutesStatus.SIGNED, version=3, reviewed_version=3)
    assert not rules.may_sign(signed).allowed and "条例》第二十五条" in rules.may_sign(signed).explain()
    assert not rules.may_review(signed).allowed
    assert not rules.may_change(MinutesStatus.ISSUED).allowed


def test_rule_next_step_in_order() -> None:
    assert rules.next_step(Progress(MinutesStatus.DRAFT, 1, None)).what == "核稿"  # type: ignore[union-attr]
    assert rules.next_step(Progress(MinutesStatus.DRAFT, 2, 1)).what == "重新核稿"  # type: ignore[union-attr]
    assert rules.next_step(Progress(MinutesStatus.REVIEWED, 2, 2)).what == "签发"  # type: ignore[union-attr]
    consent = Progress(MinutesStatus.SIGNED, 2, 2, consent_needed=True)
    assert rules.next_step(consent).what == "报区长同意"  # type: ignore[union-attr]
    assert rules.next_step(dataclasses.replace(consent, consent_recorded=True)).what == "印发"  # type: ignore[union-attr]
    printing = Progress(MinutesStatus.ISSUED, 2, 2, classified=True, copies=3, printed=1)
    assert "印制" in rules.next_step(printing).what  # type: ignore[union-attr]
    assert rules.next_step(dataclasses.replace(printing, printed=3)) is None


def test_rule_classified_copies() -> None:
    facts = rules.ParticularsFacts(Classification.SECRET, "1年", 0, True, "涉及秘密")
    problems = rules.particulars_problems(facts)
    assert len(problems) == 1 and problems[0].article == 9 and "印数至少为 1 份" in str(problems[0])
    assert rules.particulars_problems(dataclasses.replace(facts, copies=1)) == []
    assert not rules.may_print(copies=2, printed=2, asked=1).allowed
    assert rules.may_print(copies=2, printed=1, asked=1).allowed


# --- §1 the order of the steps -------------------------------------------------------------------

def test_signing_is_refused_until_the_current_version_is_reviewed(office: Office, district: District) -> None:
    mins = drafted(office, district)
    e = refused(office, lambda: office.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY), RuleRefusal)
    assert "《党政机关公文处理工作条例》第二十条" in e.message
    assert "条例" in office.minutes.sign_refusal(mins)
    assert office.minutes.detail(mins).status is MinutesStatus.DRAFT

    review(office, mins)
    assert office.minutes.sign_refusal(mins) == ""
    detail = office.minutes.detail(mins)
    assert (detail.reviewed_version, detail.reviewed) == (1, True)
    refused(office, lambda: review(office, mins), RuleRefusal, "第1稿已核稿")

    office.minutes.save(mins, dataclasses.replace(detail.content, closing="会议还研究了其他有关事项。"))
    e = refused(office, lambda: office.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY), RuleRefusal)
    assert "核稿的是第1稿" in e.message and "第2稿" in e.message and "第二十条" in e.message
    step = office.minutes.next_step(mins)
    assert step is not None and step.what == "重新核稿" and step.who == "区政府办公室（钱副主任）"

    review(office, mins)  # the review of the new version is recorded (not greyed out for ever)
    assert office.minutes.detail(mins).reviewed_version == 2
    step = office.minutes.next_step(mins)
    assert step is not None and (step.what, step.who) == ("签发", "区长甲区长")
    refused(office, lambda: office.minutes.sign(mins, signer_id=district.mayor, signed_on=HELD_ON), Invalid,
            "早于核稿日期")
    office.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY)
    step = office.minutes.next_step(mins)
    assert step is not None and (step.what, step.who) == ("印发", "秘书科")


def test_after_signing_the_text_the_particulars_and_the_date_are_fixed(office: Office, district: District) -> None:
    mins = drafted(office, district)
    review(office, mins, copy_to="区委办公室", copies=20)
    office.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY)
    detail = office.minutes.detail(mins)
    for call in (lambda: office.minutes.save(mins, dataclasses.replace(detail.content, closing="改")),
                 lambda: office.minutes.set_particulars(mins, dataclasses.replace(detail.particulars, copies=21)),
                 lambda: office.minutes.review(mins, reviewer_id=reviewer(office), on=TODAY),
                 lambda: office.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY - dt.timedelta(1))):
        e = refused(office, call, RuleRefusal)
        assert "《党政机关公文处理工作条例》第二十五条" in e.message
    assert office.minutes.detail(mins).signed_on == TODAY
    office.minutes.issue(mins, issued_on=TODAY)
    refused(office, lambda: office.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY), RuleRefusal)
    assert office.minutes.next_step(mins) is None


def test_signed_minutes_change_through_a_correction_before_issue_too(office: Office, district: District) -> None:
    mins = drafted(office, district)
    review(office, mins)
    refused(office, lambda: office.minutes.correct(mins), Invalid, "可直接修改")
    office.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY)
    fixed = office.minutes.correct(mins)
    refused(office, lambda: office.minutes.issue(mins, issued_on=TODAY), Invalid, "更正稿")
    assert office.minutes.detail(fixed).status is MinutesStatus.DRAFT
    refused(office, lambda: office.minutes.sign(fixed, signer_id=district.mayor, signed_on=TODAY), RuleRefusal,
            "第二十条")
    review(office, fixed)
    office.minutes.sign(fixed, signer_id=district.mayor, signed_on=TODAY)
    office.minutes.issue(fixed, issued_on=TODAY)
    assert office.minutes.detail(mins).status is MinutesStatus.SUPERSEDED


def test_the_reviewer_is_a_person_of_the_roster(office: Office, district: District) -> None:
    mins = drafted(office, district)
    refused(office, lambda: office.minutes.review(mins, reviewer_id=99999, on=TODAY), NotFound, "核稿人")
    deputy = reviewer(office)
    director = office.roster.add_person("孙主任")
    office.roster.appoint(director, Post.OFFICE_DIRECTOR, START)
    choices = office.minutes.reviewer_choices(TODAY)
    assert choices[:2] == [(director, "区政府办公室主任 孙主任"), (deputy, "区政府办公室副主任 钱副主任")]
    assert (district.mayor, "甲区长") in choices  # anyone of the roster may be chosen, after the office
    refused(office, lambda: office.minutes.review(mins, reviewer_id=deputy, on=HELD_ON - dt.timedelta(1)), Invalid,
            "早于会议日期")
    office.minutes.review(mins, reviewer_id=deputy, on=TODAY)
    assert office.minutes.detail(mins).reviewer == "钱副主任"


# --- §2 people are people ------------------------------------------------------------------------

@pytest.fixture
def accounts(office: Office, district: District) -> Office:
    office.accounts.create_first_admin("admin", PW["admin"])
    office.log_in("admin", PW["admin"])
    office.accounts.add("clerk", Role.SECRETARY, PW["clerk"], display_name="张秘书")
    office.accounts.add("deputy", Role.REVIEWER, PW["deputy"])  # no display name: its person names it
    return office


def test_records_name_the_accounts_person(accounts: Office, district: District) -> None:
    office, d = accounts, district
    deputy = reviewer(office)
    office.accounts.set_person("deputy", deputy)
    assert office.accounts.get("deputy").person_name == "钱副主任"
    office.log_in("clerk", PW["clerk"])
    with pytest.raises(NotPermitted):
        office.accounts.set_person("clerk", deputy)  # only the administrator links accounts
    mins = drafted(office, d)
    review(office, mins, classification=Classification.SECRET, secrecy_period="1年", copies=2)
    office.log_in("deputy", PW["deputy"])
    assert office.minutes.own_person() == deputy
    office.minutes.sign(mins, signer_id=d.mayor, signed_on=TODAY)
    office.log_in("clerk", PW["clerk"])
    office.minutes.issue(mins, issued_on=TODAY)
    office.minutes.register_copies(mins, ["区委办公室"], printed_on=TODAY)
    item = office.followup.items(view="all")[0]
    office.followup.close(item.id, closed_on=TODAY, note="已落实")

    detail = office.minutes.detail(mins)
    assert (detail.drafter, detail.review_entered_by, detail.sign_entered_by, detail.issued_by) == (
        "张秘书", "张秘书", "钱副主任", "张秘书")
    assert [v[1] for v in office.minutes.versions(mins)] == ["张秘书"]
    assert office.minutes.copy_register(mins)[0][3] == "张秘书"
    assert office.followup.items(view="closed")[0].closed_by == "张秘书"
    office.log_in("admin", PW["admin"])
    rows = office.audit_log.rows().rows
    assert {r.user for r in rows if r.event == "纪要.印发"} == {"张秘书（clerk）"}
    assert {r.user for r in rows if r.event == "纪要.签发"} == {"钱副主任（deputy）"}
    assert {r.user_name for r in rows if r.event == "纪要.签发"} == {"deputy"}
    refused(office, lambda: office.accounts.set_person("admin", deputy), Invalid, "只能对应一个账户")


def test_topics_meetings_and_leave_name_who_entered_them_as_a_person(accounts: Office, district: District) -> None:
    office, d = accounts, district
    office.log_in("clerk", PW["clerk"])
    mid = held(office, d, titles=("议题甲",))
    tid = office.meetings.detail(mid).agenda[0].topic_id
    office.topics.add_material(tid, "说明.txt", "材料".encode())
    leave = office.leave.request(d.vice_a, reason="外出学习", meeting_id=mid)
    history = office.topics.detail(tid).history
    assert history and {h.who for h in history} == {"张秘书"}
    from core.model import LeaveRequest, Meeting

    with office.sessions() as s:
        assert s.get(Meeting, mid).entered_by == "张秘书"
        assert s.get(LeaveRequest, leave).entered_by == "张秘书"


def test_a_session_without_a_login_never_names_the_computers_user(tmp_path: Path) -> None:
    me = getpass.getuser()
    with Office.create(tmp_path / "scripted.huiwu", RawKey.generate(), "澄溪区人民政府办公室") as office:
        assert office.user == me  # the scripted actor (core.office), recorded in the trail only
        d = build_district(office)
        mins = drafted(office, d)
        review(office, mins)
        office.minutes.sign(mins, signer_id=d.mayor, signed_on=TODAY)
        detail = office.minutes.detail(mins)
        shown = (detail.drafter, detail.review_entered_by, detail.sign_entered_by,
                 *(v[1] for v in office.minutes.versions(mins)))
        assert set(shown) == {"（未登录）"}
        assert me not in {r.user for r in office.audit_log.rows().rows}
        assert me not in office.audit_log.choices().users
        from core.documents.signing_sheet import render_signing_sheet

        pdf = render_signing_sheet(tmp_path / "sheet.pdf", detail, office.minutes.signing_view(mins, TODAY),
                                   meeting_line="常务会议")
        assert f"拟稿{me}" not in text_of(pdf)


# --- §3 classified minutes: 印数 and the register ------------------------------------------------

def test_classified_minutes_plan_their_copies_and_the_record_counts_the_printed(office: Office,
                                                                                district: District,
                                                                                tmp_path: Path) -> None:
    mins = drafted(office, district)
    e = refused(office, lambda: review(office, mins, classification=Classification.SECRET, secrecy_period="1年"),
                RuleRefusal)
    assert "印数至少为 1 份" in e.message and "第九条" in e.message
    review(office, mins, classification=Classification.SECRET, secrecy_period="1年", copies=3)
    office.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY)
    office.minutes.issue(mins, issued_on=TODAY)
    detail = office.minutes.detail(mins)
    assert (detail.copies, detail.printed) == (3, 0)
    assert [(r[0], r[2]) for r in office.minutes.copy_register(mins)] == [(1, None), (2, None), (3, None)]

    assert office.minutes.register_copies(mins, ["区委办公室", "区政协办公室"], printed_on=TODAY) == [1, 2]
    assert office.minutes.detail(mins).printed == 2  # the issue record follows the register
    assert office.minutes.reprint_lost(mins, 1, printed_on=TODAY, reason="遗失") == 4  # never a planned number
    assert office.minutes.register_copies(mins, ["区纪委监委"], printed_on=TODAY) == [3]
    refused(office, lambda: office.minutes.register_copies(mins, ["区审计局"], printed_on=TODAY), RuleRefusal,
            "印数为 3 份")
    detail = office.minutes.detail(mins)
    assert (detail.copies, detail.printed, detail.reprinted) == (3, 3, 1)
    assert [r[0] for r in office.minutes.copy_register(mins)] == [1, 2, 3, 4]

    from core.documents.signing_sheet import render_signing_sheet

    pdf = render_signing_sheet(tmp_path / "sheet.pdf", detail, office.minutes.signing_view(mins, TODAY),
                               meeting_line="常务会议")
    assert "印数3份" in text_of(pdf)


# --- §6 a corrected edition keeps its particulars --------------------------------------------------

def test_a_corrected_edition_keeps_main_to_copy_to_and_the_colophon(office: Office, district: District) -> None:
    mins = drafted(office, district)
    review(office, mins, main_to="各镇人民政府、街道办事处，区政府各部门", copy_to="区委办公室，区人大常委会办公室",
           urgency=Urgency.URGENT, copies=40)
    office.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY)
    office.minutes.issue(mins, issued_on=TODAY)
    fixed = office.minutes.correct(mins)
    kept = office.minutes.detail(fixed).particulars
    assert kept == office.minutes.detail(mins).particulars
    assert kept.copy_to == "区委办公室，区人大常委会办公室" and kept.copies == 40
    office.minutes.set_particulars(fixed, dataclasses.replace(kept, copy_to="区委办公室"))  # unless changed
    review(office, fixed)
    office.minutes.sign(fixed, signer_id=district.mayor, signed_on=TODAY)
    office.minutes.issue(fixed, issued_on=TODAY)
    issued = office.minutes.detail(fixed)
    assert (issued.main_to, issued.copy_to, issued.urgency, issued.copies) == (
        "各镇人民政府、街道办事处，区政府各部门", "区委办公室", Urgency.URGENT, 40)


def test_particulars_are_checked_and_audited(office: Office, district: District) -> None:
    mins = drafted(office, district)
    detail = office.minutes.detail(mins)
    assert detail.particulars == Particulars(publication=Publication.PUBLIC)  # art. 24 for 常务会议
    refused(office, lambda: office.minutes.set_particulars(mins, Particulars(copies=-1)), Invalid, "印数")
    office.minutes.set_particulars(mins, Particulars(classification=Classification.CONFIDENTIAL,
                                                     secrecy_period="10年", copies=2, publication=Publication.PUBLIC))
    classified = office.minutes.detail(mins)
    assert classified.publication is Publication.NOT_PUBLIC and classified.publication_reason == "涉及机密级国家秘密"
    rows = office.audit_log.rows().rows
    assert any(r.event == "纪要.发文要素" and "印数" in r.summary for r in rows)


def test_thematic_minutes_wait_for_the_mayors_consent_in_the_next_step(office: Office, district: District) -> None:
    mid = held(office, district, kind=MeetingKind.THEMATIC, presider=district.vice_a, convener_id=district.vice_a,
               title="城区交通", titles=("专题甲",))
    office.meetings.mark_rest_present(mid)
    office.meetings.mark_held(mid)
    mins = office.minutes.draft(mid)
    content = office.minutes.detail(mins).content
    from core.model.enums import SensitiveMatter

    section = content.sections[0]
    funds = dataclasses.replace(section.decisions[0], matters=frozenset({SensitiveMatter.FUNDS}))
    office.minutes.save(mins, dataclasses.replace(content, sections=(dataclasses.replace(section, decisions=(funds,)),)))
    review(office, mins)
    step = office.minutes.next_step(mins)
    assert step is not None and (step.what, step.who) == ("签发", "副区长丙副区长")
    office.minutes.sign(mins, signer_id=district.vice_a, signed_on=TODAY)
    step = office.minutes.next_step(mins)
    assert step is not None and (step.what, step.who) == ("报区长同意", "区长甲区长")


def test_the_subject_title_is_text_reviewed_and_fixed_by_the_signature(office: Office, district: District) -> None:
    """A 专题会议's subject title is part of the text: a change is a new version that needs its own 核稿
    (条例 §20), the signature fixes it (条例 §25（一）), a correction keeps it; other minutes have none."""
    d = district
    mid = held(office, d, kind=MeetingKind.THEMATIC, presider=d.vice_a, convener_id=d.vice_a, title="城区交通",
               titles=("专题甲",))
    office.meetings.mark_rest_present(mid)
    office.meetings.mark_held(mid)
    mins = office.minutes.draft(mid)
    content = office.minutes.detail(mins).content
    assert content.title == "关于专题甲的专题会议纪要"
    review(office, mins)
    retitled = dataclasses.replace(content, title="关于城区交通组织优化有关问题的会议纪要")
    office.minutes.save(mins, retitled)
    assert office.minutes.detail(mins).status is MinutesStatus.DRAFT  # the new title needs its own 核稿
    assert office.minutes.compare(mins, 1, 2)[0] == ("replace", "标题：关于专题甲的专题会议纪要",
                                                     "标题：关于城区交通组织优化有关问题的会议纪要")
    review(office, mins)
    office.minutes.sign(mins, signer_id=d.vice_a, signed_on=TODAY)
    refused(office, lambda: office.minutes.save(mins, dataclasses.replace(retitled, title="关于别的事项的纪要")),
            RuleRefusal, "不能再修改")
    correction = office.minutes.correct(mins)
    assert office.minutes.detail(correction).content.title == "关于城区交通组织优化有关问题的会议纪要"

    other = drafted(office, d)
    plain = office.minutes.detail(other).content
    refused(office, lambda: office.minutes.save(other, dataclasses.replace(plain, title="关于某事项的纪要")),
            Invalid, "只有专题会议纪要")
