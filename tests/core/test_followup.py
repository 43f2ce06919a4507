"""Follow-up (督办, arts. 35, 36): items from issued minutes, notes, closure, views by date."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from core.errors import Invalid
from core.model.enums import FollowUpStatus
from core.office import Office
from tests.core.conftest import TODAY, District
from tests.core.test_meeting_service import refused
from tests.core.test_minutes_service import attend, held, review

D = dt.date


@pytest.fixture
def issued(office: Office, district: District) -> int:
    d = district
    mid = held(office, d, titles=("议题甲", "议题乙", "议题丙"))
    attend(office, d, mid)
    mins = office.minutes.draft(mid)
    content = office.minutes.detail(mins).content
    deadlines = (TODAY + dt.timedelta(days=3), TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=30))
    sections = tuple(dataclasses.replace(s, decisions=(dataclasses.replace(s.decisions[0], deadline=dl),))
                     for s, dl in zip(content.sections, deadlines, strict=True))
    no_unit = dataclasses.replace(sections[2].decisions[0], text="会议还要求加强宣传。", responsible_id=None)
    sections = (*sections[:2], dataclasses.replace(sections[2], decisions=(*sections[2].decisions, no_unit)))
    office.minutes.save(mins, dataclasses.replace(content, sections=sections))
    review(office, mins)
    office.minutes.sign(mins, signer_id=d.mayor, signed_on=TODAY)
    office.minutes.issue(mins, issued_on=TODAY)
    return mins


def test_issue_creates_one_item_per_decision_with_a_unit(office: Office, district: District, issued: int) -> None:
    items = office.followup.items(view="all")
    assert len(items) == 3  # the decision without a responsible unit is not followed up
    assert {i.department for i in items} == {"区交通局"}
    assert {i.leader for i in items} == {"丙副区长"}  # the unit's supervising leader on the issue date
    by_deadline = {i.deadline: i for i in items}
    assert by_deadline[TODAY + dt.timedelta(days=3)].co_departments == "区财政局"  # 议题甲 involved it
    assert by_deadline[TODAY - dt.timedelta(days=1)].co_departments == ""


def test_views_by_date(office: Office, issued: int) -> None:
    f = office.followup
    assert [i.deadline for i in f.items(view="overdue")] == [TODAY - dt.timedelta(days=1)]
    assert [i.deadline for i in f.items(view="due")] == [TODAY + dt.timedelta(days=3)]  # within 7 days
    assert len(f.items(view="open")) == 3
    assert f.items(view="closed") == []
    refused(office, lambda: f.items(view="soon"), Invalid, "未知")


def test_notes_and_closure(office: Office, district: District, issued: int, tmp_path: Path) -> None:
    f = office.followup
    item = f.items(view="overdue")[0]
    report = tmp_path / "反馈.docx"
    report.write_bytes(b"progress")
    f.add_note(item.id, noted_on=TODAY, text="已完成方案修改，待报区政府。", file=report)
    assert f.items(view="overdue")[0].last_note == "已完成方案修改，待报区政府。"
    notes = f.notes(item.id)
    assert [n[:3] for n in notes] == [(TODAY, "已完成方案修改，待报区政府。", "反馈.docx")]
    assert f.note_file(notes[0][3]) == ("反馈.docx", b"progress")
    refused(office, lambda: f.add_note(item.id, noted_on=TODAY, text=""), Invalid, "办理情况")
    refused(office, lambda: f.close(item.id, closed_on=TODAY + dt.timedelta(days=1)), Invalid, "晚于今天")
    f.close(item.id, closed_on=TODAY, note="已落实")
    closed = f.items(view="closed")
    assert [(c.id, c.status, c.closed_on) for c in closed] == [(item.id, FollowUpStatus.CLOSED, TODAY)]
    assert (closed[0].closed_by, closed[0].closing_note) == ("（未登录）", "已落实")  # no login: nobody named
    assert f.items(view="overdue") == []
    refused(office, lambda: f.add_note(item.id, noted_on=TODAY, text="补充"), Invalid, "已办结")
    refused(office, lambda: f.close(item.id, closed_on=TODAY), Invalid, "已办结")


def test_by_unit_and_by_leader(office: Office, district: District, issued: int) -> None:
    f = office.followup
    assert len(f.items(view="all", department_id=district.transport)) == 3
    assert f.items(view="all", department_id=district.finance) == []
    assert len(f.items(view="all", leader_id=district.vice_a)) == 3
    assert f.items(view="all", leader_id=district.vice_b) == []
