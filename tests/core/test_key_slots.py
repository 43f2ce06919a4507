"""Key slots (issue 11 §1): the file opens only through an account's password or the recovery code;
slots follow the accounts; files from before key slots move over at the first administrator login."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from core.errors import CannotOpen, WrongKeyOrDamaged
from core.keeping import keyfile, slots
from core.model import Role
from core.office import NoKeySlots, Office
from core.services.accounts import LoginRefused
from core.services.audit_log import AuditFilter
from core.store.keys import RawKey, file_id
from core.store.keystore import KeyringSource, MemoryKeyStore

ADMIN_PW, CLERK_PW = "Admin-2026pw", "Clerk-2026pw"


@pytest.fixture
def slotted(db_path: Path, key: RawKey) -> Path:
    with Office.create(db_path, key, "澄溪区人民政府办公室") as office:
        office.accounts.create_first_admin("admin", ADMIN_PW)
        office.log_in("admin", ADMIN_PW)
        office.accounts.add("clerk", Role.SECRETARY, "First-2026pw")
        office.accounts.change_password("clerk", "First-2026pw", CLERK_PW)
    return db_path


def _slots(path: Path) -> set[str]:
    kept = keyfile.load(path)
    assert kept is not None
    return set(kept.slots)


def test_each_account_opens_the_file_with_its_own_password(slotted: Path) -> None:
    assert _slots(slotted) == {"admin", "clerk"}
    for user, password, role in (("admin", ADMIN_PW, Role.ADMIN), ("clerk", CLERK_PW, Role.SECRETARY)):
        with Office.open_as(slotted, user, password) as office:
            assert office.account is not None and office.account.role is role


def test_the_key_file_holds_no_key_in_the_clear(slotted: Path, key: RawKey) -> None:
    data = keyfile.keyfile_path(slotted).read_bytes()
    assert key.secret not in data and key.secret.hex().encode() not in data
    with Office.open_as(slotted, "admin", ADMIN_PW) as office, office.sessions() as s:
        wrapping = s.execute(text("SELECT wrapping_key FROM file_secret")).scalar()
    assert wrapping is not None and bytes(wrapping) not in data and bytes(wrapping).hex().encode() not in data


def test_a_wrong_password_opens_nothing_is_counted_and_recorded_at_the_next_open(slotted: Path) -> None:
    for _ in range(2):
        with pytest.raises(LoginRefused):
            Office.open_as(slotted, "clerk", "Wrong-2026pw")
    with pytest.raises(LoginRefused):
        Office.open_as(slotted, "nobody", "Wrong-2026pw")  # an unknown name costs the same KDF
    with Office.open_as(slotted, "admin", ADMIN_PW) as office:
        rows = office.audit_log.rows(AuditFilter(event="登录", failures_only=True)).rows
    assert sorted(r.user for r in rows) == ["clerk", "clerk", "nobody"]
    assert all("打开后补记" in r.summary for r in rows)
    kept = keyfile.load(slotted)
    assert kept is not None and not slots.unrecorded(kept)  # recorded once, not again


def test_a_wrong_password_says_how_many_tries_are_left(slotted: Path) -> None:
    with pytest.raises(LoginRefused) as first:
        Office.open_as(slotted, "clerk", "Wrong-2026pw")
    assert first.value.remaining == 4 and "还可尝试 4 次" in first.value.message
    with pytest.raises(LoginRefused) as unknown:
        Office.open_as(slotted, "nobody", "Wrong-2026pw")
    assert unknown.value.remaining is None


def test_five_wrong_passwords_lock_the_account_before_any_kdf_runs(slotted: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for _ in range(5):
        with pytest.raises(LoginRefused):
            Office.open_as(slotted, "clerk", "Wrong-2026pw")

    def no_kdf(*_args: object, **_kw: object) -> bytes:
        raise AssertionError("the KDF ran for a locked account")

    monkeypatch.setattr(keyfile, "_password_key", no_kdf)
    with pytest.raises(LoginRefused) as locked:
        Office.open_as(slotted, "clerk", CLERK_PW)  # even the right password waits
    assert locked.value.locked_until is not None and "锁定" in locked.value.message


def test_the_lock_ends_after_fifteen_minutes(slotted: Path) -> None:
    kept = keyfile.load(slotted)
    assert kept is not None
    now = dt.datetime.now(dt.UTC)
    for _ in range(5):
        with pytest.raises(LoginRefused):
            slots.unlock(slotted, keyfile.load(slotted), "clerk", "Wrong-2026pw", now=now)  # type: ignore[arg-type]
    with pytest.raises(LoginRefused):
        slots.unlock(slotted, keyfile.load(slotted), "clerk", CLERK_PW,  # type: ignore[arg-type]
                     now=now + dt.timedelta(minutes=14, seconds=59))
    assert slots.unlock(slotted, keyfile.load(slotted), "clerk", CLERK_PW,  # type: ignore[arg-type]
                        now=now + dt.timedelta(minutes=15, seconds=1))


def test_a_slot_copied_under_another_name_opens_nothing(slotted: Path) -> None:
    kept = keyfile.load(slotted)
    assert kept is not None
    keyfile.save(slotted, kept.replace(slots={**kept.slots, "admin": kept.slots["clerk"]}))
    with pytest.raises(LoginRefused):
        Office.open_as(slotted, "admin", CLERK_PW)  # the clerk's password in the admin's place


def test_a_slot_asking_for_an_absurd_kdf_is_not_run(slotted: Path) -> None:
    kept = keyfile.load(slotted)
    assert kept is not None
    huge = {**kept.slots["clerk"], "n": 2**30}
    keyfile.save(slotted, kept.replace(slots={**kept.slots, "clerk": huge}))
    with pytest.raises(LoginRefused):
        Office.open_as(slotted, "clerk", CLERK_PW)


def test_slots_follow_passwords_and_accounts(slotted: Path) -> None:
    before = keyfile.load(slotted).slots["clerk"]  # type: ignore[union-attr]
    with Office.open_as(slotted, "admin", ADMIN_PW) as office:
        office.accounts.reset_password("clerk", "Reset-2026pw")
    assert keyfile.load(slotted).slots["clerk"] != before  # type: ignore[union-attr]
    with pytest.raises(LoginRefused):
        Office.open_as(slotted, "clerk", CLERK_PW)  # the old password no longer opens anything
    Office.open_as(slotted, "clerk", "Reset-2026pw").close()
    with Office.open_as(slotted, "admin", ADMIN_PW) as office:
        office.accounts.set_active("clerk", False)
    assert _slots(slotted) == {"admin"}  # a disabled account's slot leaves the key file
    with pytest.raises(LoginRefused):
        Office.open_as(slotted, "clerk", "Reset-2026pw")
    with Office.open_as(slotted, "admin", ADMIN_PW) as office:
        office.accounts.set_active("clerk", True)
    assert _slots(slotted) == {"admin", "clerk"}


def test_a_lost_key_file_is_rebuilt_by_the_recovery_code(slotted: Path, key: RawKey) -> None:
    keyfile.keyfile_path(slotted).unlink()
    with pytest.raises(NoKeySlots):
        Office.open_as(slotted, "admin", ADMIN_PW)
    with pytest.raises(WrongKeyOrDamaged):
        Office.open(slotted, RawKey.generate())
    Office.open(slotted, key).close()
    assert _slots(slotted) == {"admin", "clerk"}
    Office.open_as(slotted, "clerk", CLERK_PW).close()


def test_a_damaged_key_file_says_so_in_chinese(slotted: Path) -> None:
    keyfile.keyfile_path(slotted).write_text("{not json", encoding="utf-8")
    with pytest.raises(CannotOpen, match="密钥文件.*已损坏.*恢复密钥"):
        Office.open_as(slotted, "admin", ADMIN_PW)


def test_a_key_file_of_another_file_opens_nothing(slotted: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.huiwu"
    with Office.create(other, RawKey.generate(), "另一个办公室") as office:
        office.accounts.create_first_admin("admin", ADMIN_PW)
    keyfile.keyfile_path(slotted).write_bytes(keyfile.keyfile_path(other).read_bytes())
    with pytest.raises(WrongKeyOrDamaged):
        Office.open_as(slotted, "admin", ADMIN_PW)


def _legacy(db_path: Path, key: RawKey, store: MemoryKeyStore) -> None:
    """A file as the version before key slots left it: the bare key in the keyring, no slots."""
    with Office.create(db_path, key, "澄溪区人民政府办公室") as office:
        office.accounts.create_first_admin("admin", ADMIN_PW)
        office.log_in("admin", ADMIN_PW)
        office.accounts.add("clerk", Role.SECRETARY, CLERK_PW)
        with office.engine.begin() as conn:
            conn.execute(text("DELETE FROM key_slot"))
            conn.execute(text("DELETE FROM file_secret"))
    keyfile.keyfile_path(db_path).unlink()
    store.put(file_id(db_path), key)


def test_a_file_from_before_key_slots_moves_over_at_the_first_administrator_login(db_path: Path, key: RawKey) -> None:
    store = MemoryKeyStore()
    _legacy(db_path, key, store)
    with Office.open(db_path, KeyringSource(store)) as office:
        assert not office.has_key_slots
        office.log_in("clerk", CLERK_PW)  # not an administrator: nothing moves yet
        assert not office.has_key_slots and not keyfile.keyfile_path(db_path).exists()
        office.log_out()
        office.log_in("admin", ADMIN_PW)
        assert office.has_key_slots
        events = [r.event for r in office.audit_log.rows().rows]
    assert "数据.启用账户密钥" in events
    assert store.entries == {}  # the bare key left the keyring
    assert _slots(db_path) == {"admin"}
    Office.open_as(db_path, "admin", ADMIN_PW).close()
    with pytest.raises(LoginRefused):  # the clerk has no slot yet: the administrator resets the password
        Office.open_as(db_path, "clerk", CLERK_PW)
    with Office.open_as(db_path, "admin", ADMIN_PW) as office:
        office.accounts.reset_password("clerk", "Reset-2026pw")
    Office.open_as(db_path, "clerk", "Reset-2026pw").close()


def test_an_account_without_a_slot_gets_one_at_its_login_on_an_open_file(db_path: Path, key: RawKey) -> None:
    store = MemoryKeyStore()
    _legacy(db_path, key, store)
    with Office.open(db_path, KeyringSource(store)) as office:
        office.log_in("admin", ADMIN_PW)
        office.log_out()
        office.log_in("clerk", CLERK_PW)  # e.g. 注销 and the next secretary logs in
    assert _slots(db_path) == {"admin", "clerk"}
    slot = json.loads(keyfile.keyfile_path(db_path).read_text(encoding="utf-8"))["slots"]["clerk"]
    assert slot["kdf"] == "scrypt"


def test_the_shipped_kdf_costs_what_the_readme_says() -> None:
    """The tests lower the cost (tests/conftest.py); the module as shipped says 2^16, 8, 1."""
    source = Path(keyfile.__file__).read_text(encoding="utf-8")
    assert "KDF_N, KDF_R, KDF_P = 2**16, 8, 1" in source
