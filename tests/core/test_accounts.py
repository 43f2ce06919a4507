"""Accounts (R18): scrypt hashes, lockout stored in the file across a reopen, admin resets, audit."""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from pathlib import Path

import pytest
from sqlalchemy import select

from core.errors import FileLocked, Invalid, WrongKeyOrDamaged
from core.keeping import keyfile
from core.model import Account, AuditRecord, Role
from core.office import KeyNeeded, Office, OfficeLocked
from core.rules.passwords import Policy
from core.services.accounts import LoginRefused, NotPermitted, hash_password, verify_password
from core.store.keys import RawKey, file_id
from core.store.keystore import KeyringSource, MemoryKeyStore

ADMIN_PW = "Admin#2026x"
CLERK_PW = "Clerk#2026x"
START = dt.datetime(2026, 6, 30, 9, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def _setup(office: Office, clock: Clock) -> None:
    office.accounts.now = clock
    office.accounts.create_first_admin("admin", ADMIN_PW, "系统管理员")
    office.log_in("admin", ADMIN_PW)
    office.accounts.add("wangli", Role.SECRETARY, CLERK_PW, "王丽")


def _audit(office: Office, user: str) -> list[tuple[str, bool, str]]:
    with office.sessions() as s:
        return [(r.event, r.success, r.summary) for r in s.scalars(
            select(AuditRecord).where(AuditRecord.user == user).order_by(AuditRecord.id))]


def test_hash_is_scrypt_with_its_parameters_and_salted() -> None:
    stored = hash_password("会务Abc12345")
    assert stored.startswith("scrypt$16384$8$1$")
    assert verify_password("会务Abc12345", stored)
    assert not verify_password("会务Abc12346", stored)
    assert hash_password("会务Abc12345") != stored  # a fresh salt each time
    assert not verify_password("x", "md5$abc")
    assert "会务Abc12345" not in stored


def test_login_sets_the_user_of_every_later_record(office: Office) -> None:
    clock = Clock()
    _setup(office, clock)
    info = office.log_in("wangli", CLERK_PW)
    assert info.role is Role.SECRETARY and info.must_change  # first password came from the admin
    assert office.user == "wangli"
    office.roster.add_person("登录后录入的人员")  # a workflow change a 秘书 may make
    with office.sessions() as s:
        last = s.scalars(select(AuditRecord).order_by(AuditRecord.id.desc())).first()
        assert last is not None and last.user == "wangli" and last.event == "人员.新增"
    assert ("登录", True, "成功") in _audit(office, "wangli")


def test_five_failures_lock_across_a_reopen_and_the_lock_lifts_after_its_period(
        office: Office, db_path: Path, key: RawKey) -> None:
    clock = Clock()
    _setup(office, clock)
    messages = []
    for _ in range(4):
        with pytest.raises(LoginRefused) as refused:
            office.log_in("wangli", "wrong-Password1")
        messages.append(refused.value)
    assert [m.remaining for m in messages] == [4, 3, 2, 1]
    assert "还可尝试 1 次" in messages[-1].message

    office.close()  # the counter is in the file, not in this process
    office = Office.open(db_path, key)
    office.accounts.now = clock
    with pytest.raises(LoginRefused) as fifth:
        office.log_in("wangli", "wrong-Password1")
    assert fifth.value.remaining == 0
    assert fifth.value.locked_until == START + dt.timedelta(minutes=15)
    assert "已被锁定" in fifth.value.message

    office.close()
    office = Office.open(db_path, key)
    office.accounts.now = clock
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(LoginRefused) as sixth:  # the right password, refused while locked
        office.log_in("wangli", CLERK_PW)
    assert "已被锁定" in sixth.value.message
    local = (START + dt.timedelta(minutes=15)).astimezone()
    assert f"{local:%H:%M}" in sixth.value.message
    assert office.accounts.get("wangli").failures == 5

    clock.advance(seconds=1)
    assert office.log_in("wangli", CLERK_PW).failures == 0
    events = _audit(office, "wangli")
    assert [e for e in events if not e[1]][-2:] == [
        ("账户.锁定", False, "连续 5 次密码错误，锁定 15 分钟"),
        ("登录", False, "账户锁定期间尝试登录，已拒绝")]
    assert events[-2:] == [("账户.解锁", True, "锁定期满自动解锁"), ("登录", True, "成功")]
    assert sum(1 for e in events if e[0] == "登录" and not e[1]) == 6
    office.close()


def test_a_success_resets_the_counter(office: Office) -> None:
    clock = Clock()
    _setup(office, clock)
    for _ in range(4):
        with pytest.raises(LoginRefused):
            office.log_in("wangli", "nope-Nope-1")
    office.log_in("wangli", CLERK_PW)
    with pytest.raises(LoginRefused) as again:
        office.log_in("wangli", "nope-Nope-1")
    assert again.value.remaining == 4


def test_unknown_user_is_refused_without_saying_so(office: Office) -> None:
    _setup(office, Clock())
    with pytest.raises(LoginRefused) as refused:
        office.log_in("nobody", CLERK_PW)
    assert refused.value.message == "用户名或密码不正确。" and refused.value.remaining is None
    assert _audit(office, "nobody") == [("登录", False, "用户名不存在")]


def test_admin_resets_a_password_which_must_then_be_changed(office: Office) -> None:
    clock = Clock()
    _setup(office, clock)
    for _ in range(5):
        with pytest.raises(LoginRefused):
            office.log_in("wangli", "nope-Nope-1")
    office.log_in("admin", ADMIN_PW)
    office.accounts.reset_password("wangli", "Temp#2026ab")
    info = office.log_in("wangli", "Temp#2026ab")  # the reset also lifted the lock
    assert info.must_change
    with pytest.raises(Invalid, match="原密码不正确"):
        office.accounts.change_password("wangli", "bad", "New#Pass2026")
    with pytest.raises(Invalid, match="不能与用户名相同|至少"):
        office.accounts.change_password("wangli", "Temp#2026ab", "wangli")
    assert not office.accounts.change_password("wangli", "Temp#2026ab", "New#Pass2026").must_change
    assert office.log_in("wangli", "New#Pass2026").role is Role.SECRETARY
    admin_events = [e[0] for e in _audit(office, "admin")]
    assert "密码.重置" in admin_events
    assert ("密码.修改", True, "本人修改密码") in _audit(office, "wangli")


def test_admin_unlocks_and_only_an_admin_manages_accounts(office: Office) -> None:
    clock = Clock()
    _setup(office, clock)
    for _ in range(5):
        with pytest.raises(LoginRefused):
            office.log_in("wangli", "nope-Nope-1")
    office.log_in("admin", ADMIN_PW)
    office.accounts.unlock("wangli")
    assert ("账户.解锁", True, "管理员解锁") in _audit(office, "admin")
    office.log_in("wangli", CLERK_PW)
    assert not office.can("accounts") and office.can("workflow")
    with pytest.raises(NotPermitted):
        office.accounts.add("lisi", Role.READ_ONLY, "Read#2026only")
    with pytest.raises(NotPermitted):
        office.accounts.reset_password("admin", "Hack#2026xyz")
    with pytest.raises(NotPermitted):
        office.accounts.set_policy(Policy(min_length=8, max_failures=10))


def test_first_admin_only_once_and_an_admin_always_remains(office: Office) -> None:
    _setup(office, Clock())
    with pytest.raises(NotPermitted):
        office.accounts.create_first_admin("admin2", ADMIN_PW)
    with pytest.raises(Invalid, match="至少须保留一个"):
        office.accounts.set_role("admin", Role.SECRETARY)
    with pytest.raises(Invalid, match="已被使用"):
        office.accounts.add("wangli", Role.READ_ONLY, "Other#2026pw")
    with pytest.raises(Invalid, match="密码不符合要求"):
        office.accounts.add("lisi", Role.READ_ONLY, "short")
    office.accounts.set_active("wangli", False)
    with pytest.raises(LoginRefused):
        office.log_in("wangli", CLERK_PW)


def test_policy_comes_from_settings(office: Office) -> None:
    clock = Clock()
    _setup(office, clock)
    assert office.accounts.policy() == Policy()
    office.accounts.set_policy(Policy(min_length=12, min_classes=3, max_failures=3, lock_minutes=30,
                                      idle_minutes=5))
    assert office.settings.get("login_max_failures") == "3"
    with pytest.raises(Invalid, match="12 个字符"):
        office.accounts.add("lisi", Role.READ_ONLY, "Read#2026x")
    for _ in range(3):
        with pytest.raises(LoginRefused) as refused:
            office.log_in("wangli", "nope-Nope-1")
    assert refused.value.locked_until == START + dt.timedelta(minutes=30)
    with pytest.raises(Invalid):
        office.accounts.set_policy(Policy(min_length=4))
    office.settings.set("login_max_failures", "999")  # a hand-edited value out of range
    assert office.accounts.policy() == Policy()  # never weakens the policy: defaults apply


def test_lock_drops_engine_and_key_and_keeps_the_file(tmp_path: Path) -> None:
    path = tmp_path / "office.huiwu"
    store = MemoryKeyStore()
    generated = RawKey.generate()
    Office.create(path, generated, "澄溪区人民政府办公室").close()
    store.put(file_id(path), generated)
    del generated
    office = Office.open(path, KeyringSource(store))
    _setup(office, Clock())
    key_ref = weakref.ref(office._key)
    engine_ref = weakref.ref(office.engine)
    office.lock()
    gc.collect()
    assert key_ref() is None and engine_ref() is None
    assert office.locked
    with pytest.raises(OfficeLocked):
        office.facts()
    with pytest.raises(OfficeLocked):  # work arriving while locked is refused in plain words
        office.settings.office_name()
    with pytest.raises(FileLocked):  # the file lock stays held while locked
        Office.open(path, KeyringSource(store))

    with pytest.raises(LoginRefused):
        office.resume("wrong-Pass-1")
    assert office.locked  # a wrong password locks again
    assert office.resume(ADMIN_PW).user_name == "admin"
    assert office.settings.office_name() == "澄溪区人民政府办公室"
    office.close()


def test_the_password_alone_unlocks_through_the_account_slot(office: Office) -> None:
    _setup(office, Clock())
    assert not office.needs_key_to_reopen  # the account's key slot gives the key back
    office.lock()
    with pytest.raises(LoginRefused):
        office.resume("wrong-Pass-1")
    assert office.locked
    assert office.resume(ADMIN_PW).user_name == "admin"
    assert office.settings.office_name() == "澄溪区人民政府办公室"


def test_without_a_key_file_a_typed_key_must_be_typed_again_to_reopen(office: Office, key: RawKey) -> None:
    _setup(office, Clock())
    keyfile.keyfile_path(office.path).unlink()  # lost: only the recovery code opens the file now
    assert office.needs_key_to_reopen
    office.lock()
    with pytest.raises(KeyNeeded):
        office.resume(ADMIN_PW)
    with pytest.raises(WrongKeyOrDamaged):
        office.resume(ADMIN_PW, RawKey.generate())
    assert office.locked
    office.resume(ADMIN_PW, key)
    assert office.settings.office_name() == "澄溪区人民政府办公室"
    assert "admin" in keyfile.load(office.path).slots  # rebuilt from the file's own slots


def test_account_rows_hold_no_password(office: Office) -> None:
    _setup(office, Clock())
    with office.sessions() as s:
        row = s.scalar(select(Account).where(Account.user_name == "wangli"))
        assert row is not None and CLERK_PW not in row.password_hash


def test_a_password_older_than_the_policy_allows_must_be_changed(office: Office) -> None:
    clock = Clock()
    _setup(office, clock)
    office.log_in("wangli", CLERK_PW)
    office.accounts.change_password("wangli", CLERK_PW, "Fresh#2026pw")
    clock.advance(days=90)
    assert not office.log_in("wangli", "Fresh#2026pw").must_change
    clock.advance(days=1)
    info = office.log_in("wangli", "Fresh#2026pw")
    assert info.must_change and info.password_expired
    assert ("登录", True, "成功，密码已过期须修改") in _audit(office, "wangli")
    office.accounts.change_password("wangli", "Fresh#2026pw", "Newer#2026pw")
    assert not office.log_in("wangli", "Newer#2026pw").must_change
    office.log_in("admin", ADMIN_PW)
    office.accounts.set_policy(Policy(max_age_days=0))  # 0: passwords do not expire
    clock.advance(days=1000)
    assert not office.log_in("wangli", "Newer#2026pw").must_change
