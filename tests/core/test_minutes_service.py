"""Minutes through the real services: draft from the held meeting, versions, 核稿, the correct
signer (art. 45 with art. 5), the mayor's consent, issue, lock and correction."""

from __future__ import annotations

import dataclasses
import datetime as dt

from core.errors import HuiwuError, Invalid, RuleRefusal
from core.model.enums import (
    ApprovalManner,
    Classification,
    DelegationScope,
    MeetingKind,
    MinutesStatus,
    Post,
    Publication,
    SensitiveMatter,
)
from core.office import Office
from tests.core.conftest import START, TODAY, District
from tests.core.test_meeting_service import confirmed_topic, refused

D = dt.date
HELD_ON = D(2026, 6, 25)


def held(office: Office, d: District, kind=MeetingKind.EXECUTIVE, presider=None, titles=("议题甲", "议题乙"),
         **kw) -> int:
    m = office.meetings
    mid = m.create(kind, day=HELD_ON, start_time=dt.time(9, 0), place="区政府第一会议室",
                   presider_id=presider or d.mayor, **kw)
    for title in titles:
        m.schedule(mid, confirmed_topic(office, d, f"关于{title}的议题", target=kind,
                                        involved=[d.finance] if title == titles[0] else ()))
    m.generate_roster(mid)
    return mid


def reviewer(office: Office) -> int:
    """The office's deputy director of the roster (added once, after the meetings' rosters)."""
    found = office.roster.holders(Post.OFFICE_DEPUTY_DIRECTOR, TODAY)
    if found:
        return found[0].id
    pid = office.roster.add_person("钱副主任")
    office.roster.appoint(pid, Post.OFFICE_DEPUTY_DIRECTOR, START)
    return pid


def review(office: Office, mins: int, on: dt.date = TODAY, **particulars: object) -> None:
    """The particulars the signing sheet will show (changed from what the minutes have), then 核稿."""
    if particulars:
        current = office.minutes.detail(mins).particulars
        office.minutes.set_particulars(mins, dataclasses.replace(current, **particulars))  # type: ignore[arg-type]
    office.minutes.review(mins, reviewer_id=reviewer(office), on=on)


def attend(office: Office, d: District, mid: int) -> None:
    leave = office.leave.request(d.vice_b, meeting_id=mid, reason="赴市里开会")
    office.leave.decide(leave, granted=True, decided_on=D(2026, 6, 24), manner=ApprovalManner.PHONE)
    office.meetings.mark_rest_present(mid)
    office.meetings.mark_held(mid)


def test_draft_from_the_held_meeting(office: Office, district: District) -> None:
    d = district
    mid = held(office, d)
    refused(office, lambda: office.minutes.draft(mid), Invalid, "尚未登记为已召开")
    attend(office, d, mid)
    minutes = office.minutes.draft(mid)
    detail = office.minutes.detail(minutes)
    assert detail.mark == "澄溪区人民政府常务会议纪要"
    c = detail.content
    assert c.opening.startswith("2026年6月25日上午，区长甲区长在区政府第一会议室主持召开区政府第1次常务会议")
    assert [s.heading for s in c.sections] == ["关于议题甲的事项", "关于议题乙的事项"]
    assert "会议听取了区交通局关于议题甲的汇报" in c.sections[0].text
    assert c.sections[0].decisions[0].co_ids == (d.finance,)
    assert c.present == ("甲区长", "乙常务", "丙副区长")
    assert c.on_leave == ("丁副区长（赴市里开会）",)
    assert c.observers == ("区交通局 交通局长", "区财政局 财政局长")  # 单位 and 姓名 (GB/T 9704 §10.3)
    assert c.title == ""  # only a 专题会议's minutes carry a subject title
    refused(office, lambda: office.minutes.draft(mid), Invalid, "已有纪要")


def test_versions_compare_and_review(office: Office, district: District) -> None:
    mid = held(office, district)
    attend(office, district, mid)
    mins = office.minutes.draft(mid)
    content = office.minutes.detail(mins).content
    edited = dataclasses.replace(content, closing="会议还研究了<其他>&事项。😀")
    assert office.minutes.save(mins, edited) == 2
    diff = office.minutes.compare(mins, 1, 2)
    assert ("replace", "会议还研究了其他事项。", "会议还研究了<其他>&事项。😀") in diff
    assert [v[0] for v in office.minutes.versions(mins)] == [1, 2]
    assert office.minutes.detail(mins, version=1).content.closing == "会议还研究了其他事项。"
    review(office, mins)
    assert office.minutes.detail(mins).status is MinutesStatus.REVIEWED
    assert office.minutes.detail(mins).reviewer == "钱副主任"
    office.minutes.save(mins, content)  # a change after review goes back to drafting
    assert office.minutes.detail(mins).status is MinutesStatus.DRAFT
    refused(office, lambda: office.minutes.save(mins, dataclasses.replace(content, opening="长" * 20001)),
            Invalid, "过长")


def test_executive_signed_by_the_mayor_then_issued_and_locked(office: Office, district: District) -> None:
    d = district
    mid = held(office, d)
    attend(office, d, mid)
    mins = office.minutes.draft(mid)
    refused(office, lambda: office.minutes.issue(mins, issued_on=TODAY), RuleRefusal, "签发")
    review(office, mins, copy_to="区委办公室，区人大常委会办公室", copies=30)
    e = refused(office, lambda: office.minutes.sign(mins, signer_id=d.executive, signed_on=TODAY), RuleRefusal)
    assert "第四十五条" in e.message
    office.minutes.sign(mins, signer_id=d.mayor, signed_on=TODAY, opinion="同意印发")
    serial = office.minutes.issue(mins, issued_on=TODAY)
    assert serial == "〔2026〕1号"
    detail = office.minutes.detail(mins)
    assert (detail.status, detail.publication, detail.signer_label) == (
        MinutesStatus.ISSUED, Publication.PUBLIC, "甲区长")
    refused(office, lambda: office.minutes.save(mins, detail.content), RuleRefusal, "条例》第二十五条")

    fixed = office.minutes.correct(mins)
    office.minutes.save(fixed, dataclasses.replace(detail.content, closing="会议还研究了人事事项。"))
    review(office, fixed)
    office.minutes.sign(fixed, signer_id=d.mayor, signed_on=TODAY)
    assert office.minutes.issue(fixed, issued_on=TODAY) == "〔2026〕2号"
    assert office.minutes.detail(mins).status is MinutesStatus.SUPERSEDED
    assert office.minutes.detail(mins).content.closing == "会议还研究了其他事项。"  # still readable
    assert office.minutes.detail(fixed).edition == 2


def test_executive_presided_under_delegation_is_still_the_mayors_to_sign(office: Office, district: District) -> None:
    d = district
    office.roster.add_delegation(d.mayor, d.executive, DelegationScope.GOVERNMENT_WORK, D(2026, 6, 24),
                                 D(2026, 6, 26), reason="出访")
    mid = held(office, d, presider=d.executive)
    attend(office, d, mid)
    mins = office.minutes.draft(mid)
    review(office, mins, on=D(2026, 6, 26))
    view = office.minutes.signing_view(mins, TODAY)
    assert (view.authority, view.acting) == ("区长甲区长", "")  # the delegation ended before the sign-off
    refused(office, lambda: office.minutes.sign(mins, signer_id=d.executive, signed_on=TODAY), RuleRefusal)
    # On a day the delegation covers, the executive vice mayor signs as acting.
    acting = office.minutes.signing_view(mins, D(2026, 6, 26))
    assert acting.acting == "常务副区长乙常务"
    office.minutes.sign(mins, signer_id=d.executive, signed_on=D(2026, 6, 26))
    assert office.minutes.detail(mins).signer_label == "乙常务（受甲区长委托）"


def thematic_with_funds(office: Office, d: District, presider: int) -> int:
    # Convened by vice_a, who confirmed the topic (art. 42: the convening leader decides a 专题 topic).
    mid = held(office, d, kind=MeetingKind.THEMATIC, presider=presider, convener_id=d.vice_a, title="城区交通",
               titles=("专题甲",))
    office.meetings.mark_rest_present(mid)
    office.meetings.mark_held(mid)
    mins = office.minutes.draft(mid)
    content = office.minutes.detail(mins).content
    section = content.sections[0]
    funds = dataclasses.replace(section.decisions[0], matters=frozenset({SensitiveMatter.FUNDS}))
    office.minutes.save(mins, dataclasses.replace(content, sections=(dataclasses.replace(section, decisions=(funds,)),)))
    review(office, mins)
    return mins


def test_thematic_with_funds_needs_the_mayors_consent(office: Office, district: District) -> None:
    d = district
    mins = thematic_with_funds(office, d, presider=d.vice_b)  # convened by vice_a, presided by vice_b
    view = office.minutes.signing_view(mins, TODAY)
    assert view.authority == "副区长丁副区长" and view.consent_needed
    refused(office, lambda: office.minutes.sign(mins, signer_id=d.vice_a, signed_on=TODAY), RuleRefusal)
    office.minutes.sign(mins, signer_id=d.vice_b, signed_on=TODAY)
    e = refused(office, lambda: office.minutes.issue(mins, issued_on=TODAY), RuleRefusal)
    assert "区长同意" in e.message and "第四十五条" in e.message
    refused(office, lambda: office.minutes.record_consent(mins, on=TODAY, manner=ApprovalManner.WRITTEN,
                                                          mayor_id=d.vice_a), RuleRefusal)
    office.minutes.record_consent(mins, on=TODAY, manner=ApprovalManner.WRITTEN)
    assert office.minutes.issue(mins, issued_on=TODAY) == "〔2026〕1号"
    assert office.minutes.detail(mins).consent_by == "甲区长"


def test_thematic_presided_by_the_mayor_needs_no_consent(office: Office, district: District) -> None:
    mins = thematic_with_funds(office, district, presider=district.mayor)
    assert not office.minutes.signing_view(mins, TODAY).consent_needed
    office.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY)
    office.minutes.issue(mins, issued_on=TODAY)


def test_classified_and_not_public_need_their_details(office: Office, district: District) -> None:
    mid = held(office, district)
    attend(office, district, mid)
    mins = office.minutes.draft(mid)
    refused(office, lambda: review(office, mins, classification=Classification.SECRET, copies=3),
            RuleRefusal, "保密期限")
    refused(office, lambda: review(office, mins, publication=Publication.NOT_PUBLIC), RuleRefusal, "第二十四条")
    review(office, mins, classification=Classification.SECRET, secrecy_period="1年", copies=3)
    office.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY)
    office.minutes.issue(mins, issued_on=TODAY)
    detail = office.minutes.detail(mins)
    assert detail.publication is Publication.NOT_PUBLIC and detail.secrecy_period == "1年"


def test_sign_off_dates(office: Office, district: District) -> None:
    mid = held(office, district)
    attend(office, district, mid)
    mins = office.minutes.draft(mid)
    review(office, mins)
    refused(office, lambda: office.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY + dt.timedelta(1)),
            Invalid, "晚于今天")
    refused(office, lambda: office.minutes.sign(mins, signer_id=district.mayor, signed_on=HELD_ON - dt.timedelta(1)),
            Invalid, "早于会议日期")


def test_signing_sheet_names_the_signer_and_the_consent(office: Office, district: District, tmp_path) -> None:
    import subprocess

    from core.documents.signing_sheet import render_signing_sheet

    mins = thematic_with_funds(office, district, presider=district.vice_b)
    view = office.minutes.signing_view(mins, TODAY)
    pdf = render_signing_sheet(tmp_path / "sheet.pdf", office.minutes.detail(mins), view, meeting_line="专题会议")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout.replace(" ", "")
    assert "签发人：副区长丁副区长" in text
    assert "区长同意" in text and "第四十五条" in text
    assert "澄溪区人民政府办公室纪要签发单" in text
    assert "标题关于专题甲的专题会议纪要" in text  # the subject title the signature covers


def test_copy_register_of_classified_minutes(office: Office, district: District) -> None:
    mid = held(office, district)
    attend(office, district, mid)
    mins = office.minutes.draft(mid)
    review(office, mins, classification=Classification.CONFIDENTIAL, secrecy_period="10年", copies=3)
    office.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY)
    refused(office, lambda: office.minutes.register_copies(mins, ["区委办公室"], printed_on=TODAY), Invalid, "印发后")
    office.minutes.issue(mins, issued_on=TODAY)
    assert office.minutes.register_copies(mins, ["区委办公室", "区人大常委会办公室", "区政协办公室"],
                                          printed_on=TODAY) == [1, 2, 3]
    refused(office, lambda: office.minutes.register_copies(mins, ["区纪委"], printed_on=TODAY), RuleRefusal, "印数为 3 份")
    assert office.minutes.reprint_lost(mins, 2, printed_on=TODAY, reason="传递途中遗失，已报保密办") == 4
    register = office.minutes.copy_register(mins)
    assert [(r[0], r[1], r[4]) for r in register] == [(1, "区委办公室", None), (2, "区人大常委会办公室", None),
                                                     (3, "区政协办公室", None), (4, "区人大常委会办公室", 2)]
    assert register[3][3] == "（未登录）"  # a session without a login names nobody
    refused(office, lambda: office.minutes.reprint_lost(mins, 9, printed_on=TODAY, reason="遗失"), HuiwuError)
    refused(office, lambda: office.minutes.reprint_lost(mins, 1, printed_on=TODAY, reason=""), Invalid, "原因")


def test_unclassified_minutes_have_no_copy_numbers(office: Office, district: District) -> None:
    mid = held(office, district)
    attend(office, district, mid)
    mins = office.minutes.draft(mid)
    review(office, mins)
    office.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY)
    office.minutes.issue(mins, issued_on=TODAY)
    refused(office, lambda: office.minutes.register_copies(mins, ["区委办公室"], printed_on=TODAY), Invalid, "非涉密")
