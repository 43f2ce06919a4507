"""更换密钥 (RELIABILITY.md finding 7, recipe R5) through the key file: the new key is sealed as the
key file's pending entry before the file is re-encrypted; whatever happens, the file opens
afterwards with exactly one of the two, the next `Office.open_as` settles the key file, each step
is in the audit trail, and no key slot changes, so every account still logs in with its password."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from sqlalchemy import select

from core.errors import Invalid, NotHuiwuFile, StorageFull, WrongKeyOrDamaged
from core.keeping import backups, keyfile, rotation, slots
from core.keeping.health import run_checks
from core.model import AuditRecord
from core.office import Office
from core.services.accounts import NotPermitted, Role
from core.store import recovery
from core.store import rekey as store_rekey
from core.store.engine import make_engine
from core.store.keys import DatabaseKey, Passphrase, RawKey, file_id, key_from_text
from core.store.keystore import KeyringSource, MemoryKeyStore, Settled, SystemKeyStore
from tests.conftest import before_key_slots, file_digest

OFFICE = "澄溪区人民政府办公室"
PASSWORDS = {"admin": "Admin#2026x", "clerk": "Clerk#2026x", "reviewer": "Review#2026x", "reader": "Reader#2026x"}
ROLES = {"clerk": Role.SECRETARY, "reviewer": Role.REVIEWER, "reader": Role.READ_ONLY}


def _with_accounts(path: Path, key: DatabaseKey) -> Path:
    """A file with an administrator and one account of every other role, each with its slot."""
    with Office.create(path, key, OFFICE) as office:
        office.accounts.create_first_admin("admin", PASSWORDS["admin"])
        office.log_in("admin", PASSWORDS["admin"])
        for name, role in ROLES.items():
            office.accounts.add(name, role, PASSWORDS[name])
        office.settings.set("note", "更换前写入")
    return path


def _as(path: Path, name: str = "admin") -> Office:
    return Office.open_as(path, name, PASSWORDS[name])



def _opens(path: Path, key: DatabaseKey) -> bool:
    return store_rekey.key_that_opens(path, [key]) is not None


def _last_event(office: Office) -> tuple[str, str, bool]:
    row = office.audit_log.rows().rows[0]  # newest first
    return row.event, row.summary, row.success


def _events(office: Office) -> list[tuple[str, str, bool]]:
    return [(r.event, r.summary, r.success) for r in office.audit_log.rows().rows]


def _chain(office: Office) -> list[str]:
    with office.sessions() as s:
        return list(s.scalars(select(AuditRecord.hash).order_by(AuditRecord.id)))


def _kept_keys(path: Path) -> tuple[DatabaseKey | None, DatabaseKey | None]:
    """What the key file holds (master, pending), opened through the administrator's slot."""
    kept = keyfile.load(path)
    assert kept is not None
    wrapping = keyfile.open_slot(kept.slots["admin"], PASSWORDS["admin"], kept.file_id, "admin")
    assert wrapping is not None
    return (keyfile.open_master(wrapping, kept.master, kept.file_id),
            keyfile.open_master(wrapping, kept.pending, kept.file_id, pending=True))


def _everyone_logs_in(path: Path, key: DatabaseKey) -> None:
    for name in PASSWORDS:
        with _as(path, name) as office:
            assert office.account is not None and office.account.user_name == name
            assert office.key_for_backup() == key
            assert office.settings.get("note") == "更换前写入"


# --- the salt (file id) survives a rekey --------------------------------------------------------

def test_rekey_with_a_raw_key_keeps_the_salt_and_rewrites_every_page(db_path: Path, key: RawKey) -> None:
    """The key file and the audit anchor are found by the salt: a rekey must not change it."""
    with Office.create(db_path, key, OFFICE) as office:
        for i in range(200):
            office.roster.add_person(f"人员{i:03d}")
    before = db_path.read_bytes()
    new = RawKey.generate()
    with Office.open(db_path, key) as office:
        office.change_key(new)
        assert office.file_id == before[:16].hex()
    after = db_path.read_bytes()
    assert after[:16] == before[:16]  # the salt, i.e. the file id
    page = 4096
    assert all(after[i * page + 16:(i + 1) * page] != before[i * page + 16:(i + 1) * page]
               for i in range(len(before) // page))  # ... while every page was re-encrypted
    assert not _opens(db_path, key) and _opens(db_path, new)


def test_rekey_from_a_passphrase_to_a_raw_key_keeps_the_salt_and_the_data(db_path: Path) -> None:
    """SQLCipher derives a passphrase's key from the file's salt; `PRAGMA rekey` to a raw key keeps
    that salt and re-encrypts every page under the raw key."""
    passphrase = Passphrase("澄溪区办公室口令2026")
    with Office.create(db_path, passphrase, OFFICE) as office:
        for i in range(200):
            office.roster.add_person(f"人员{i:03d}")
    before = db_path.read_bytes()
    new = RawKey.generate()
    with Office.open(db_path, passphrase) as office:
        office.change_key(new)
        assert office.key_for_backup() == new
    after = db_path.read_bytes()
    assert after[:16] == before[:16]
    page = 4096
    assert all(after[i * page + 16:(i + 1) * page] != before[i * page + 16:(i + 1) * page]
               for i in range(len(before) // page))
    assert not _opens(db_path, passphrase) and _opens(db_path, new)
    with Office.open(db_path, new) as office:
        assert run_checks(office).ok, run_checks(office).lines()
        assert len(office.roster.people()) == 200


# --- a rotation --------------------------------------------------------------------------------

def test_rotation_changes_the_key_and_keeps_id_data_audit_chain_slots_and_every_login(
        db_path: Path, key: RawKey) -> None:
    _with_accounts(db_path, key)
    fid = file_id(db_path)
    slots_before = keyfile.load(db_path).slots  # type: ignore[union-attr]
    new = RawKey.generate()
    with _as(db_path) as office:
        old_daily = backups.daily_backup(office)
        chain_before = _chain(office)
        result = rotation.rotate(office, new)
        assert office.key_for_backup() == new
        office.settings.set("note2", "更换后写入")  # the office goes on working under the new key
        assert run_checks(office).ok, run_checks(office).lines()
        assert (rotation.EVENT, rotation.DONE, True) in _events(office)
        assert _chain(office)[:len(chain_before)] == chain_before  # the chain goes on, nothing rewritten
    assert file_id(db_path) == fid

    kept = keyfile.load(db_path)
    assert kept is not None and kept.pending is None and kept.file_id == fid
    assert kept.slots == slots_before  # W did not change: not one slot was touched
    assert _kept_keys(db_path) == (new, None)
    assert keyfile.keyfile_path(db_path).stat().st_mode & 0o777 == 0o600

    assert not _opens(db_path, key) and _opens(db_path, new)
    with pytest.raises(WrongKeyOrDamaged):
        Office.open(db_path, key_from_text(recovery.encode(key.secret)))  # the old recovery code
    with Office.open(db_path, key_from_text(recovery.encode(new.secret))) as office:  # the new one
        assert office.settings.get("note") == "更换前写入"
        assert office.settings.get("note2") == "更换后写入"
    _everyone_logs_in(db_path, new)  # each account with its own password, as before
    with _as(db_path) as office:
        assert run_checks(office).ok, run_checks(office).lines()

    # A fresh backup under the new key; the older one stays under the old key, as the result says.
    assert result.backup is not None and result.backup != old_daily
    assert backups.inspect(result.backup, new).ok
    assert old_daily is not None and backups.inspect(old_daily, key).ok
    with pytest.raises(WrongKeyOrDamaged):
        backups.inspect(old_daily, new)
    assert "原来的恢复密钥" in result.message and result.backup.name in result.message
    assert "各账户仍用各自的密码登录" in result.message and not result.warnings


def test_a_non_administrator_may_not_rotate(db_path: Path, key: RawKey) -> None:
    _with_accounts(db_path, key)
    for name in ROLES:
        with _as(db_path, name) as office:
            kept_before = keyfile.keyfile_path(db_path).read_bytes()  # as the login left it
            with pytest.raises(NotPermitted, match="只有管理员"):
                rotation.check_may_rotate(office)
            with pytest.raises(NotPermitted, match="只有管理员"):
                rotation.rotate(office, RawKey.generate())
            assert office.key_for_backup() == key
            assert keyfile.keyfile_path(db_path).read_bytes() == kept_before  # no pending key written
    assert _opens(db_path, key)
    assert _kept_keys(db_path) == (key, None)


def test_the_same_key_is_refused(db_path: Path, key: RawKey) -> None:
    _with_accounts(db_path, key)
    with _as(db_path) as office, pytest.raises(Invalid, match="相同"):
        rotation.rotate(office, key)
    assert _kept_keys(db_path) == (key, None)


def test_a_file_without_key_slots_is_refused_until_an_administrator_logs_in(db_path: Path, key: RawKey) -> None:
    _with_accounts(db_path, key)
    before_key_slots(db_path, key)
    with Office.open(db_path, key) as office:  # scripted use: nobody logged in, the role allows all
        assert not office.has_key_slots
        before = file_digest(db_path)
        with pytest.raises(Invalid, match="尚未启用账户密钥") as refused:
            rotation.rotate(office, RawKey.generate())
        assert "管理员账户登录" in refused.value.message
        assert file_digest(db_path) == before and not keyfile.keyfile_path(db_path).exists()
        office.log_in("admin", PASSWORDS["admin"])  # the first administrator login makes the key slots
        assert office.has_key_slots
        new = RawKey.generate()
        rotation.rotate(office, new)
    assert _opens(db_path, new) and not _opens(db_path, key)
    assert _kept_keys(db_path) == (new, None)
    with _as(db_path) as office:
        assert office.key_for_backup() == new


def test_a_passphrase_file_from_before_key_slots_is_rotated_to_a_raw_key(db_path: Path) -> None:
    """Without a keyring a file was protected by a passphrase; the pending key now lives in the key
    file, so such a file can be given a raw key (and a recovery code) like any other."""
    passphrase = Passphrase("澄溪区办公室口令2026")
    _with_accounts(db_path, passphrase)
    before_key_slots(db_path, passphrase)
    new = RawKey.generate()
    with Office.open(db_path, passphrase) as office:
        office.log_in("admin", PASSWORDS["admin"])
        assert _kept_keys(db_path) == (passphrase, None)  # the key file keeps the passphrase as K
        old_daily = backups.daily_backup(office)
        result = rotation.rotate(office, new)
        assert office.key_for_backup() == new
        assert run_checks(office).ok, run_checks(office).lines()
    assert result.was_passphrase and "原口令不能再打开" in result.message and "原来的口令" in result.message
    assert not _opens(db_path, passphrase) and _opens(db_path, new)
    assert _kept_keys(db_path) == (new, None)
    with _as(db_path) as office:
        assert office.key_for_backup() == new and office.settings.get("note") == "更换前写入"
    with Office.open(db_path, key_from_text(recovery.encode(new.secret))) as office:
        assert office.settings.get("note") == "更换前写入"
    assert old_daily is not None and backups.inspect(old_daily, passphrase).ok  # older backups: the passphrase
    with pytest.raises(WrongKeyOrDamaged):
        backups.inspect(old_daily, new)


def test_a_failed_rekey_is_rolled_back_the_pending_key_dropped_and_audited(
        db_path: Path, key: RawKey, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_accounts(db_path, key)
    seen: list[DatabaseKey | None] = []

    def disk_full(*_args: object) -> None:
        seen.append(_kept_keys(db_path)[1])  # the pending key was on disk before the rekey began
        raise StorageFull(detail="database or disk is full")

    monkeypatch.setattr(store_rekey, "rekey", disk_full)
    new = RawKey.generate()
    with _as(db_path) as office:
        with pytest.raises(StorageFull):
            rotation.rotate(office, new)
        assert seen == [new]
        assert office.key_for_backup() == key
        event, summary, success = _last_event(office)
        assert event == rotation.EVENT and "未成功" in summary and not success
        office.settings.set("note2", "仍可写入")  # reconnected under the old key
    assert _kept_keys(db_path) == (key, None)
    assert _opens(db_path, key) and not _opens(db_path, new)
    monkeypatch.undo()
    with _as(db_path, "clerk") as office:  # nothing left to settle
        assert office.settings.get("note2") == "仍可写入"
        assert not any(e[1] in (rotation.FINISHED_AFTER_CRASH, rotation.NOT_FINISHED_BEFORE) for e in _events(office))


def test_a_key_file_that_cannot_take_the_pending_key_stops_everything(
        db_path: Path, key: RawKey, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_accounts(db_path, key)

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with _as(db_path) as office:
        kept_before = keyfile.keyfile_path(db_path).read_bytes()
        before = file_digest(db_path)
        monkeypatch.setattr(keyfile, "save", full)
        with pytest.raises(StorageFull):
            rotation.rotate(office, RawKey.generate())
        monkeypatch.undo()
        assert office.key_for_backup() == key
        assert file_digest(db_path) == before  # the file was never touched
    assert keyfile.keyfile_path(db_path).read_bytes() == kept_before
    assert _opens(db_path, key)


def test_a_key_file_that_cannot_be_updated_after_the_rekey_is_finished_by_unlock_and_next_open(
        db_path: Path, key: RawKey, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_accounts(db_path, key)
    real_save = keyfile.save
    writes: list[int] = []

    def full_after_the_pending_key(path: Path, kept: keyfile.KeyFile) -> None:
        writes.append(1)
        if kept.pending is None and len(writes) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_save(path, kept)

    new = RawKey.generate()
    with _as(db_path) as office:
        monkeypatch.setattr(keyfile, "save", full_after_the_pending_key)
        result = rotation.rotate(office, new)
        monkeypatch.undo()
        assert "下次登录打开时会自动完成" in " ".join(result.warnings)
        assert office.key_for_backup() == new and _kept_keys(db_path) == (key, new)
        office.lock()  # the idle lock: the key comes again from the key file, where both are ...
        office.resume(PASSWORDS["admin"])  # ... and the one that opens the file is chosen
        office.settings.set("note2", "解锁后写入")
    with _as(db_path, "reviewer") as office:
        assert _last_event(office) == (rotation.EVENT, rotation.FINISHED_AFTER_CRASH, True)
    assert _kept_keys(db_path) == (new, None)


def test_an_audit_record_that_cannot_be_written_after_the_rekey_is_a_warning_not_a_failure(
        db_path: Path, key: RawKey, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is under the new key by then: saying 密钥未更换 would send the user back to the old code."""
    _with_accounts(db_path, key)
    new = RawKey.generate()
    with _as(db_path) as office:
        real = office.audit_event

        def full_for_done(event: str, summary: str, *, success: bool = True) -> None:
            if summary == rotation.DONE:
                raise StorageFull()
            real(event, summary, success=success)

        monkeypatch.setattr(office, "audit_event", full_for_done)
        result = rotation.rotate(office, new)
        assert office.key_for_backup() == new
    assert any("审计记录未能写入" in w for w in result.warnings)
    assert _kept_keys(db_path) == (new, None)


# --- open after a rotation that was cut short --------------------------------------------------

def test_killed_after_the_pending_key_was_kept_before_the_rekey(db_path: Path, key: RawKey) -> None:
    _with_accounts(db_path, key)
    new = RawKey.generate()
    with _as(db_path) as office:
        office.sync_keyfile(pending=new)  # step 1 done; then the power went
    assert _kept_keys(db_path) == (key, new)
    with _as(db_path, "clerk") as office:
        assert office.key_for_backup() == key
        assert _last_event(office) == (rotation.EVENT, rotation.NOT_FINISHED_BEFORE, False)
        recorded = len(office.audit_log.rows().rows)
    assert _kept_keys(db_path) == (key, None)
    with _as(db_path, "clerk") as office:  # nothing left to settle: only the login is new
        assert len(office.audit_log.rows().rows) == recorded + 1
    assert _opens(db_path, key) and not _opens(db_path, new)
    _everyone_logs_in(db_path, key)


def test_killed_after_the_rekey_before_the_key_file_was_updated(db_path: Path, key: RawKey) -> None:
    _with_accounts(db_path, key)
    new = RawKey.generate()
    with _as(db_path) as office:
        office.sync_keyfile(pending=new)
        office.change_key(new)  # steps 1 and 2 done; then the power went
    assert _kept_keys(db_path) == (key, new)
    with _as(db_path, "reader") as office:
        assert office.key_for_backup() == new
        assert _last_event(office) == (rotation.EVENT, rotation.FINISHED_AFTER_CRASH, True)
        assert run_checks(office).ok, run_checks(office).lines()
    assert _kept_keys(db_path) == (new, None)
    with pytest.raises(WrongKeyOrDamaged):
        Office.open(db_path, key)
    _everyone_logs_in(db_path, new)


def test_a_wrong_password_does_not_settle_anything(db_path: Path, key: RawKey) -> None:
    from core.services.accounts import LoginRefused

    _with_accounts(db_path, key)
    new = RawKey.generate()
    with _as(db_path) as office:
        office.sync_keyfile(pending=new)
        office.change_key(new)
    with pytest.raises(LoginRefused):
        Office.open_as(db_path, "clerk", "Wrong#2026x")
    assert _kept_keys(db_path) == (key, new)  # both kept until someone gets in


# --- backups made before the rotation --------------------------------------------------------------

def test_an_older_backup_takes_the_old_recovery_code_and_its_restore_keeps_every_login(
        db_path: Path, key: RawKey) -> None:
    _with_accounts(db_path, key)
    new = RawKey.generate()
    with _as(db_path) as office:
        old = backups.daily_backup(office)
        assert old is not None
        rotation.rotate(office, new)
        office.settings.set("note", "更换后")
        with pytest.raises(WrongKeyOrDamaged, match="备份文件无法读取"):
            backups.inspect(old, office.key_for_backup())  # what the restore dialog tries first
        with pytest.raises(WrongKeyOrDamaged):
            backups.inspect(old, key_from_text(recovery.encode(new.secret)))  # nor the new code
        old_code = key_from_text(recovery.encode(key.secret))  # the old code opens it
        assert backups.inspect(old, old_code).ok
        office.replace_contents(old, old_code)  # what restore does: the backup under the current key
        assert office.settings.get("note") == "更换前写入"
        assert office.key_for_backup() == new
    assert _opens(db_path, new) and not _opens(db_path, key)
    _everyone_logs_in(db_path, new)  # the backup's wrapping key is the file's: the slots still open it


# --- a keyring entry beside the key file -----------------------------------------------------------

def test_a_keyring_entry_holding_the_old_key_is_removed(db_path: Path, key: RawKey) -> None:
    """A file whose key was also put in the keyring at first run: after the rotation that entry
    would open only the older backups, so it goes; the new key is never put in the keyring."""
    _with_accounts(db_path, key)
    store = MemoryKeyStore()
    store.put(file_id(db_path), key)
    with Office.open(db_path, KeyringSource(store)) as office:
        office.log_in("admin", PASSWORDS["admin"])
        new = RawKey.generate()
        rotation.rotate(office, new)
    assert store.entries == {}
    assert _kept_keys(db_path) == (new, None)


# --- files from before key slots, left mid-rotation by an earlier version (keyring) ------------------

def _stored(path: Path, key: RawKey, store: MemoryKeyStore) -> Path:
    Office.create(path, key, OFFICE).close()
    before_key_slots(path, key)
    store.put(file_id(path), key)
    return path


def _entries(store: MemoryKeyStore, path: Path) -> tuple[RawKey | None, RawKey | None]:
    return store.get(file_id(path)), store.get_pending(file_id(path))


def test_legacy_pending_key_that_does_not_open_the_file_is_dropped(db_path: Path, key: RawKey) -> None:
    store = MemoryKeyStore()
    _stored(db_path, key, store)
    store.put_pending(file_id(db_path), RawKey.generate())  # killed before or during the rekey
    with Office.open(db_path, KeyringSource(store)) as office:
        assert _last_event(office) == (rotation.EVENT, rotation.NOT_FINISHED_BEFORE, False)
        recorded = len(office.audit_log.rows().rows)
    assert _entries(store, db_path) == (key, None)
    with Office.open(db_path, KeyringSource(store)) as office:  # nothing left to settle
        assert len(office.audit_log.rows().rows) == recorded


def test_legacy_pending_key_that_opens_the_file_is_promoted(db_path: Path, key: RawKey) -> None:
    store = MemoryKeyStore()
    _stored(db_path, key, store)
    new = RawKey.generate()
    store.put_pending(file_id(db_path), new)
    with Office.open(db_path, key) as office:  # killed after the rekey, before the promotion
        office.change_key(new)
    with Office.open(db_path, KeyringSource(store)) as office:
        assert office.key_for_backup() == new
        assert _last_event(office) == (rotation.EVENT, rotation.FINISHED_AFTER_CRASH, True)
    assert _entries(store, db_path) == (new, None)


def test_legacy_killed_between_promotion_and_deleting_the_pending_entry(db_path: Path, key: RawKey) -> None:
    store = MemoryKeyStore()
    _stored(db_path, key, store)
    new = RawKey.generate()
    with Office.open(db_path, key) as office:
        office.change_key(new)
    store.put(file_id(db_path), new)
    store.put_pending(file_id(db_path), new)
    source = KeyringSource(store)
    assert source.candidates(db_path) == [new]
    with Office.open(db_path, source) as office:
        assert _last_event(office)[1] == rotation.FINISHED_AFTER_CRASH
    assert _entries(store, db_path) == (new, None)


def test_neither_key_opens_the_file_changes_nothing(db_path: Path, key: RawKey) -> None:
    store = MemoryKeyStore()
    _stored(db_path, key, store)
    store.put(file_id(db_path), RawKey.generate())
    store.put_pending(file_id(db_path), RawKey.generate())
    entries, before = dict(store.entries), file_digest(db_path)
    with pytest.raises(WrongKeyOrDamaged):
        Office.open(db_path, KeyringSource(store))
    assert store.entries == entries and file_digest(db_path) == before


def test_only_a_wrong_key_moves_on_to_the_pending_one(tmp_path: Path, key: RawKey) -> None:
    """A file the current key decrypts but that is not ours is refused as such, pending untouched."""
    path = tmp_path / "foreign.huiwu"
    engine = make_engine(path, key)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE notes (body TEXT)")
    engine.dispose()
    store = MemoryKeyStore()
    store.put(file_id(path), key)
    store.put_pending(file_id(path), RawKey.generate())
    entries, before = dict(store.entries), file_digest(path)
    with pytest.raises(NotHuiwuFile):
        Office.open(path, KeyringSource(store))
    assert store.entries == entries and file_digest(path) == before


def test_settle_says_what_it_did(db_path: Path, key: RawKey) -> None:
    store = MemoryKeyStore()
    _stored(db_path, key, store)
    source = KeyringSource(store)
    assert source.settle(db_path, key) is Settled.NOTHING_PENDING
    store.put_pending(file_id(db_path), RawKey.generate())
    assert source.settle(db_path, key) is Settled.DROPPED


def test_system_key_store_keeps_the_pending_key_beside_the_current_one_as_one_line_of_hex(key: RawKey) -> None:
    written: dict[str, str] = {}

    class Backend:
        def set_password(self, service: str, name: str, value: str) -> None:
            written[f"{service}/{name}"] = value

        def get_password(self, service: str, name: str) -> str | None:
            return written.get(f"{service}/{name}")

        def delete_password(self, service: str, name: str) -> None:
            from keyring.errors import PasswordDeleteError

            if written.pop(f"{service}/{name}", None) is None:
                raise PasswordDeleteError("No such password!")

    store = SystemKeyStore.__new__(SystemKeyStore)  # bypass the allowlist: a fake backend
    store._backend = Backend()
    new = RawKey.generate()
    store.put("abc", key)
    store.put_pending("abc", new)
    assert written == {"huiwu/db:abc": key.secret.hex(), "huiwu/db:abc:pending": new.secret.hex()}
    assert store.get("abc") == key and store.get_pending("abc") == new
    store.delete_pending("abc")
    store.delete_pending("abc")  # gone already: not an error
    assert written == {"huiwu/db:abc": key.secret.hex()}


# --- the backup after a rotation ----------------------------------------------------------------------

def test_the_backup_after_a_rotation_clears_daily_copies_cut_short(db_path: Path, key: RawKey) -> None:
    _with_accounts(db_path, key)
    folder = db_path.with_name(db_path.name + ".backups")
    folder.mkdir(exist_ok=True)
    leftovers = [folder / "office-20260101-080000-daily.huiwu.tmp", folder / "office-20260101-080000-daily.huiwu.tmp-journal"]
    kept = folder / "office-20260101-080000-备份.huiwu.tmp"  # not a daily copy: not ours to remove
    for path in [*leftovers, kept]:
        path.write_bytes(b"half a copy")
    with _as(db_path) as office:
        made = rotation.rotate(office, RawKey.generate()).backup
    assert made is not None and made.parent == folder
    assert not any(p.exists() for p in leftovers) and kept.exists()


def test_slots_module_offers_both_keys_while_a_rotation_is_pending(db_path: Path, key: RawKey) -> None:
    """What opening through a slot tries: the current key first, then the pending one."""
    _with_accounts(db_path, key)
    new = RawKey.generate()
    with _as(db_path) as office:
        office.sync_keyfile(pending=new)
    kept = keyfile.load(db_path)
    assert kept is not None
    wrapping = slots.unlock(db_path, kept, "admin", PASSWORDS["admin"])
    assert slots.candidate_keys(kept, wrapping) == [key, new]

