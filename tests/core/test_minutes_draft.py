"""The first draft's names (GB/T 9704 §10.3: 单位 and 姓名 for 出席, 请假 and 列席, from the roster on
the meeting date) and a 专题会议's subject title, through the real services."""

from __future__ import annotations

import datetime as dt

from core.model.enums import ApprovalManner, Attendance, MeetingKind, Post, RosterRole
from core.office import Office
from core.services.minutes_draft import draft_title
from tests.core.conftest import START, District
from tests.core.test_minutes_service import HELD_ON, attend, held


def rows(office: Office, mid: int) -> dict[str, int]:
    return {r.name: r.id for r in office.meetings.detail(mid).roster}


def test_observers_by_unit_and_name_a_substitute_marked(office: Office, district: District) -> None:
    d = district
    mid = held(office, d)
    office.meetings.today = lambda: HELD_ON
    # Someone of the roster added by hand (no invited unit): the unit of their post on the day.
    deputy = office.roster.add_person("庚副局长")
    office.roster.appoint(deputy, Post.DEPUTY_HEAD, START, department_id=d.ndrc)
    office.meetings.add_to_roster(mid, role=RosterRole.OBSERVER, person_id=deputy, reason="汇报")
    # Someone from outside the roster: the unit written before the post.
    office.meetings.add_to_roster(mid, role=RosterRole.INVITEE, name="辛科长", post_text="市交通运输局 科长",
                                  reason="邀请")
    entry = rows(office, mid)["财政局长"]
    office.meetings.mark(entry, Attendance.SUBSTITUTE, substitute_name="壬副局长", substitute_post="副局长")
    attend(office, d, mid)
    content = office.minutes.detail(office.minutes.draft(mid)).content
    assert content.present == ("甲区长", "乙常务", "丙副区长")  # the government's leaders by name
    assert content.on_leave == ("丁副区长（赴市里开会）",)
    assert content.observers == ("区交通局 交通局长", "区财政局 壬副局长（代）", "区发展改革委 庚副局长",
                                 "市交通运输局 辛科长")


def test_a_head_on_leave_is_listed_with_unit_and_reason(office: Office, district: District) -> None:
    d = district
    mid = held(office, d)
    leave = office.leave.request(d.heads[d.finance], meeting_id=mid, reason="参加市财政工作会议")
    office.leave.decide(leave, granted=True, decided_on=dt.date(2026, 6, 24), manner=ApprovalManner.PHONE)
    attend(office, d, mid)
    content = office.minutes.detail(office.minutes.draft(mid)).content
    assert content.on_leave == ("丁副区长（赴市里开会）", "区财政局 财政局长（参加市财政工作会议）")  # roster order
    assert "区财政局 财政局长" not in content.observers


def test_thematic_minutes_carry_a_subject_title_and_do_not_repeat_it(office: Office, district: District) -> None:
    d = district
    mid = held(office, d, kind=MeetingKind.THEMATIC, presider=d.vice_a, convener_id=d.vice_a, title="城区交通",
               titles=("调整城区公交线路",))
    office.meetings.mark_rest_present(mid)
    office.meetings.mark_held(mid)
    content = office.minutes.detail(office.minutes.draft(mid)).content
    assert content.title == "关于调整城区公交线路的专题会议纪要"
    assert content.opening == ("2026年6月25日上午，副区长丙副区长在区政府第一会议室主持召开区政府第1次专题会议。"
                               "现将会议议定事项纪要如下：")
    assert content.present[0] == "丙副区长"  # the presiding leader, then the units' heads
    assert "区交通局 交通局长" in content.present


def test_the_drafted_title_of_several_topics() -> None:
    class Meeting:
        kind, title = MeetingKind.THEMATIC, "城区交通"

    assert draft_title(Meeting, ["甲", "乙"]) == "关于甲和乙的专题会议纪要"  # type: ignore[arg-type]
    assert draft_title(Meeting, ["甲", "乙", "丙"]) == "关于甲等事项的专题会议纪要"  # type: ignore[arg-type]
    assert draft_title(Meeting, []) == "关于城区交通的专题会议纪要"  # type: ignore[arg-type]
    Meeting.kind = MeetingKind.EXECUTIVE
    assert draft_title(Meeting, ["甲"]) == ""  # type: ignore[arg-type]
