"""Roles are enforced where changes are made (issue 6 §1): 只读 changes nothing, 管理员 manages
accounts and settings (and may do the work), 审核 records 核稿 and decisions on behalf of leaders,
秘书 does the workflow but not the settings."""

from __future__ import annotations

import pytest

from core.errors import HuiwuError
from core.model.enums import ApprovalManner, MeetingKind
from core.office import Office
from core.services.accounts import Role
from tests.core.conftest import TODAY, District

PW = {"admin": "Admin#2026x", "clerk": "Clerk#2026x", "reviewer": "Review#2026x", "reader": "Reader#2026x"}


@pytest.fixture
def accounts(office: Office, district: District) -> Office:
    office.accounts.create_first_admin("admin", PW["admin"])
    office.log_in("admin", PW["admin"])
    office.accounts.add("clerk", Role.SECRETARY, PW["clerk"])
    office.accounts.add("reviewer", Role.REVIEWER, PW["reviewer"])
    office.accounts.add("reader", Role.READ_ONLY, PW["reader"])
    return office


def submit(office: Office, d: District) -> int:
    return office.topics.submit(title="关于调整公交线路的议题", lead_department_id=d.transport,
                                target=MeetingKind.EXECUTIVE, submitted_on=TODAY)


def test_read_only_changes_nothing(accounts: Office, district: District) -> None:
    accounts.log_in("reader", PW["reader"])
    with pytest.raises(HuiwuError, match="只读账户只能查看"):
        submit(accounts, district)
    with pytest.raises(HuiwuError):
        accounts.roster.add_person("新人")
    with pytest.raises(HuiwuError):
        accounts.settings.set_office_name("改名")
    assert accounts.topics.topics() == []  # reading is fine


def test_secretary_does_the_workflow_but_not_settings(accounts: Office, district: District) -> None:
    accounts.log_in("clerk", PW["clerk"])
    tid = submit(accounts, district)
    accounts.topics.approve(tid, decided_on=TODAY)  # 秘书 may also record leaders' decisions
    with pytest.raises(HuiwuError):
        accounts.settings.set_office_name("改名")


def test_reviewer_records_decisions_on_behalf_of_leaders_only(accounts: Office, district: District) -> None:
    accounts.log_in("clerk", PW["clerk"])
    tid = submit(accounts, district)
    mid = accounts.meetings.create(MeetingKind.EXECUTIVE, day=TODAY, start_time=__import__("datetime").time(9),
                                   place="第一会议室", presider_id=district.mayor)
    accounts.meetings.generate_roster(mid)
    leave = accounts.leave.request(district.vice_a, meeting_id=mid, reason="出差")
    accounts.log_in("reviewer", PW["reviewer"])
    with pytest.raises(HuiwuError):
        submit(accounts, district)
    accounts.topics.approve(tid, decided_on=TODAY)
    accounts.leave.decide(leave, granted=True, decided_on=TODAY, manner=ApprovalManner.PHONE)


def test_administrator_manages_settings_and_may_do_the_work(accounts: Office, district: District) -> None:
    accounts.settings.set_office_name("澄溪区人民政府办公室（新）")
    submit(accounts, district)  # one person may be both in a small office


def test_scripts_without_a_login_are_not_restricted(office: Office, district: District) -> None:
    assert office.account is None
    submit(office, district)  # the command line and the tests act as the machine's operator


def test_reviewer_prints_numbered_copies_of_classified_minutes_reader_does_not(accounts: Office,
                                                                               district: District) -> None:
    from core.model.enums import Classification
    from tests.core.test_minutes_service import attend, held, review

    accounts.log_in("clerk", PW["clerk"])
    mid = held(accounts, district)
    attend(accounts, district, mid)
    mins = accounts.minutes.draft(mid)
    review(accounts, mins, classification=Classification.CONFIDENTIAL, secrecy_period="10年", copies=3)
    accounts.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY)
    accounts.minutes.issue(mins, issued_on=TODAY)
    accounts.log_in("reviewer", PW["reviewer"])  # may print classified copies, though not do the workflow
    assert accounts.minutes.register_copies(mins, ["区委办公室"], printed_on=TODAY) == [1]
    assert accounts.minutes.reprint_lost(mins, 1, printed_on=TODAY, reason="传递途中遗失") == 4  # after the 印数
    accounts.log_in("reader", PW["reader"])
    with pytest.raises(HuiwuError, match="只读账户只能查看"):
        accounts.minutes.register_copies(mins, ["区政协办公室"], printed_on=TODAY)
    with pytest.raises(HuiwuError, match="只读账户只能查看"):
        accounts.minutes.reprint_lost(mins, 1, printed_on=TODAY, reason="遗失")
