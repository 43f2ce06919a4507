"""R18: no reuse of the last N passwords (the current one included), N configurable, 0 = no check.

The rule is tested pure with a fake `verify`; the service with real scrypt hashes, across a
reopen, for admin resets, in the audit trail, and on a file migrated from revision 0008.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from core.errors import Invalid
from core.model import Account, AuditRecord, PasswordHistory, Role
from core.office import Office
from core.rules.passwords import MAX_HISTORY, Policy, check_not_reused
from core.services.accounts import hash_password, verify_password
from core.services.settings import FILE_FORMAT, FORMAT_MARK, OFFICE_NAME
from core.store import schema
from core.store.engine import make_engine
from core.store.keys import RawKey

ADMIN_PW = "Admin#2026x"
CLERK_PW = "Clerk#2026x"
# Seven passwords that each satisfy the default policy; P[0] is the first one the account has.
P = [f"Pass#{i}2026x" for i in range(7)]
START = dt.datetime(2026, 6, 30, 9, 0, tzinfo=dt.UTC)
REUSED = "密码.修改", False, "新密码为最近使用过的密码，已拒绝"


# --- the pure rule ---------------------------------------------------------------------------

def _fake_hash(password: str) -> str:
    return "h:" + password


def _fake_verify(password: str, stored: str) -> bool:
    return stored == _fake_hash(password)


@given(st.lists(st.sampled_from("abcdefgh"), max_size=30), st.sampled_from("abcdefghz"),
       st.integers(0, MAX_HISTORY))
def test_rule_refuses_exactly_the_first_n_hashes(newest_first: list[str], candidate: str, n: int) -> None:
    hashes = [_fake_hash(p) for p in newest_first]
    decision = check_not_reused(candidate, hashes, _fake_verify, Policy(history_count=n))
    assert decision.allowed == (candidate not in newest_first[:n])
    if not decision.allowed:
        assert decision.reasons and "密码不能与该账户" in decision.reasons[0].text


def test_rule_counts_the_current_password_and_stops_at_the_boundary() -> None:
    recent = [_fake_hash(p) for p in reversed(P[:6])]  # P5 current, then P4 … P0
    five = Policy(history_count=5)
    assert not check_not_reused(P[5], recent, _fake_verify, five).allowed  # the current one
    assert not check_not_reused(P[1], recent, _fake_verify, five).allowed  # 5th most recent
    assert check_not_reused(P[0], recent, _fake_verify, five).allowed  # 6th most recent
    assert check_not_reused(P[5], recent, _fake_verify, Policy(history_count=0)).allowed
    refused = check_not_reused(P[1], recent, _fake_verify, five)
    assert refused.reasons[0].text == "密码不能与该账户最近 5 次使用过的密码相同（含当前密码）"


def test_rule_runs_verify_on_no_more_than_n_hashes() -> None:
    seen: list[str] = []

    def verify(password: str, stored: str) -> bool:
        seen.append(stored)
        return False

    assert check_not_reused("x", [f"h{i}" for i in range(10)], verify, Policy(history_count=3)).allowed
    assert seen == ["h0", "h1", "h2"]


def test_history_count_range() -> None:
    assert Policy().history_count == 5
    assert not Policy(history_count=0).problems() and not Policy(history_count=MAX_HISTORY).problems()
    for bad in (-1, MAX_HISTORY + 1):
        assert any("最近密码个数" in p for p in Policy(history_count=bad).problems())


# --- the service -----------------------------------------------------------------------------

def _setup(office: Office, history: int | None = None) -> None:
    office.accounts.now = lambda: START
    office.accounts.create_first_admin("admin", ADMIN_PW, "系统管理员")
    office.log_in("admin", ADMIN_PW)
    if history is not None:
        office.accounts.set_policy(Policy(history_count=history))
    office.accounts.add("wangli", Role.SECRETARY, P[0], "王丽")


def _change_through(office: Office, passwords: list[str]) -> None:
    for old, new in zip(passwords, passwords[1:], strict=False):
        office.accounts.change_password("wangli", old, new)


def _audit(office: Office, user: str) -> list[tuple[str, bool, str]]:
    with office.sessions() as s:
        return [(r.event, r.success, r.summary) for r in s.scalars(
            select(AuditRecord).where(AuditRecord.user == user).order_by(AuditRecord.id))]


def _history(office: Office, user: str) -> list[str]:
    with office.sessions() as s:
        return list(s.scalars(select(PasswordHistory.password_hash).join(Account)
                              .where(Account.user_name == user).order_by(PasswordHistory.id)))


def test_the_fifth_most_recent_is_refused_and_the_sixth_accepted(office: Office) -> None:
    _setup(office)
    _change_through(office, P[:6])  # current P5; the last five are P5 … P1
    for reused in (P[4], P[3], P[2], P[1]):  # the current P5 in the next test
        with pytest.raises(Invalid, match="最近 5 次使用过的密码"):
            office.accounts.change_password("wangli", P[5], reused)
    office.accounts.change_password("wangli", P[5], P[0])  # the sixth most recent: allowed again
    assert office.log_in("wangli", P[0]).user_name == "wangli"


def test_the_current_password_is_refused_by_its_hash(office: Office) -> None:
    """The same password typed in another Unicode form (é as e + ◌́) differs as text, not as hash."""
    composed, decomposed = "Café#2026xy", "Cafe\u0301#2026xy"
    _setup(office)
    office.accounts.change_password("wangli", P[0], composed)
    with pytest.raises(Invalid, match="新密码不能与该账户最近 5 次使用过的密码相同"):
        office.accounts.change_password("wangli", composed, decomposed)
    with pytest.raises(Invalid, match="新密码不能与原密码相同"):
        office.accounts.change_password("wangli", composed, composed)


def test_n_is_configurable_two_is_a_boundary_and_zero_allows(office: Office) -> None:
    _setup(office, history=2)
    _change_through(office, P[:3])  # current P2; the last two are P2, P1
    with pytest.raises(Invalid, match="最近 2 次"):
        office.accounts.change_password("wangli", P[2], P[1])
    office.accounts.change_password("wangli", P[2], P[0])  # third most recent
    office.accounts.set_policy(Policy(history_count=0))
    office.accounts.change_password("wangli", P[0], P[2])  # just used: allowed with the check off
    office.accounts.reset_password("wangli", P[2] + "!")
    office.accounts.reset_password("wangli", P[2])  # a reset back to the previous one, too
    assert _history(office, "wangli") == []  # nothing is remembered when nothing is checked


def test_a_lowered_n_applies_at_once_to_the_newest(office: Office) -> None:
    _setup(office)
    _change_through(office, P[:6])  # current P5, remembered P4 … P1
    office.accounts.set_policy(Policy(history_count=2))  # now only P5 and P4 count
    with pytest.raises(Invalid, match="最近 2 次"):
        office.accounts.change_password("wangli", P[5], P[4])
    office.accounts.change_password("wangli", P[5], P[3])


def test_history_is_pruned_and_holds_only_salted_hashes(office: Office) -> None:
    _setup(office)
    _change_through(office, P)  # six changes
    history = _history(office, "wangli")
    assert len(history) == 4  # with the current one: the last five
    assert all(h.startswith("scrypt$16384$8$1$") for h in history)
    assert len({h.split("$")[4] for h in history}) == 4  # each its own salt
    assert [verify_password(P[i], h) for i, h in zip(range(2, 6), history, strict=True)] == [True] * 4
    assert not any(p in h for p in P for h in history)
    office.accounts.set_policy(Policy(history_count=2))
    office.accounts.change_password("wangli", P[6], P[0])
    assert len(_history(office, "wangli")) == 1  # lowered N prunes at the next change
    assert verify_password(P[6], _history(office, "wangli")[0])


def test_a_refused_reuse_is_audited_and_changes_nothing(office: Office) -> None:
    _setup(office)
    _change_through(office, P[:3])
    with pytest.raises(Invalid):
        office.accounts.change_password("wangli", P[2], P[1])
    assert _audit(office, "wangli")[-1] == REUSED
    assert office.log_in("wangli", P[2]).user_name == "wangli"  # the password stayed
    assert len(_history(office, "wangli")) == 2
    with office.sessions() as s:
        assert not any(P[1] in (r.summary or "") for r in s.scalars(select(AuditRecord)))


def test_an_admin_cannot_reset_to_a_recent_password(office: Office) -> None:
    _setup(office)
    _change_through(office, P[:3])
    for recent in (P[2], P[1]):  # the current one, the previous one
        with pytest.raises(Invalid, match="临时密码不能与该账户最近 5 次"):
            office.accounts.reset_password("wangli", recent)
    refused = ("密码.重置", False, "临时密码为该账户最近使用过的密码，已拒绝")
    assert _audit(office, "admin")[-2:] == [refused, refused]
    assert not office.log_in("wangli", P[2]).must_change  # not reset
    office.log_in("admin", ADMIN_PW)
    office.accounts.reset_password("wangli", "Temp#2026ab")
    assert office.log_in("wangli", "Temp#2026ab").must_change
    # The forced change may go back neither to the temporary password nor to the ones before it.
    with pytest.raises(Invalid, match="最近 5 次"):
        office.accounts.change_password("wangli", "Temp#2026ab", P[2])
    assert _audit(office, "wangli")[-1] == REUSED
    assert not office.accounts.change_password("wangli", "Temp#2026ab", P[3]).must_change


def test_history_survives_closing_and_reopening(office: Office, db_path: Path, key: RawKey) -> None:
    _setup(office)
    _change_through(office, P[:4])
    office.close()
    with Office.open(db_path, key) as reopened:
        with pytest.raises(Invalid, match="最近 5 次"):
            reopened.accounts.change_password("wangli", P[3], P[0])
        reopened.accounts.change_password("wangli", P[3], P[4])


# --- a file from before the history: revision 0008 ---------------------------------------------

def _file_at_0008(path: Path, key: RawKey) -> Path:
    engine = make_engine(path, key)
    with engine.begin() as conn:
        schema.upgrade(conn, "0008")
        for k, v in ((FILE_FORMAT, FORMAT_MARK), (OFFICE_NAME, "旧版区政府办公室")):
            conn.exec_driver_sql("INSERT INTO setting (key, value) VALUES (?, ?)", (k, v))
        for i, (name, role, password) in enumerate((("admin", "ADMIN", ADMIN_PW),
                                                    ("wangli", "SECRETARY", CLERK_PW)), 1):
            conn.exec_driver_sql(
                "INSERT INTO account (id, user_name, display_name, role, password_hash, must_change, active,"
                " failures, password_changed_at) VALUES (?, ?, '', ?, ?, 0, 1, 0, '2026-06-01 08:00:00.000000')",
                (i, name, role, hash_password(password)))
    engine.dispose()
    return path


def test_a_0008_file_keeps_its_accounts_and_its_current_passwords_count(tmp_path: Path, key: RawKey) -> None:
    """Decided: the history starts empty (nothing copied); the current hash, in `account`, already counts."""
    path = _file_at_0008(tmp_path / "old.huiwu", key)
    with Office.open(path, key) as office:
        assert office.revision == schema.HEAD
        office.accounts.now = lambda: START
        assert office.log_in("wangli", CLERK_PW).role is Role.SECRETARY
        assert office.log_in("admin", ADMIN_PW).role is Role.ADMIN
        assert _history(office, "wangli") == []
        assert office.accounts.policy().history_count == 5  # no setting stored yet: the default
        with pytest.raises(Invalid, match="临时密码不能与该账户最近 5 次"):
            office.accounts.reset_password("wangli", CLERK_PW)
        office.accounts.change_password("wangli", CLERK_PW, P[0])
        with pytest.raises(Invalid, match="最近 5 次"):
            office.accounts.change_password("wangli", P[0], CLERK_PW)
        assert len(_history(office, "wangli")) == 1
