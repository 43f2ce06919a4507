"""更换密钥 (RELIABILITY.md finding 7, recipe R5): the new key is kept as the keyring's pending
entry while the file is re-encrypted; whatever happens, the file opens afterwards with exactly one
key the keyring holds, the keyring is settled on open, and each step is in the audit trail."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import Invalid, KeyStoreUnavailable, NotHuiwuFile, StorageFull, WrongKeyOrDamaged
from core.keeping import backups, rotation
from core.keeping.health import run_checks
from core.office import Office
from core.services.accounts import NotPermitted, Role
from core.store import recovery
from core.store import rekey as store_rekey
from core.store.engine import make_engine
from core.store.keys import Passphrase, RawKey, file_id, key_from_text
from core.store.keystore import KeyringSource, MemoryKeyStore, Settled, SystemKeyStore
from tests.conftest import file_digest

OFFICE = "澄溪区人民政府办公室"


def _stored(path: Path, key: RawKey, store: MemoryKeyStore) -> Path:
    Office.create(path, key, OFFICE).close()
    store.put(file_id(path), key)
    return path


def _opens(path: Path, key: RawKey) -> bool:
    return store_rekey.key_that_opens(path, [key]) is not None


def _last_event(office: Office) -> tuple[str, str, bool]:
    row = office.audit_log.rows().rows[0]  # newest first
    return row.event, row.summary, row.success


def _entries(store: MemoryKeyStore, path: Path) -> tuple[RawKey | None, RawKey | None]:
    return store.get(file_id(path)), store.get_pending(file_id(path))


# --- the salt (file id) survives a rekey --------------------------------------------------------

def test_rekey_with_a_raw_key_keeps_the_salt_and_rewrites_every_page(db_path: Path, key: RawKey) -> None:
    """The keyring entry and the audit anchor are found by the salt: a rekey must not change it."""
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


# --- a rotation --------------------------------------------------------------------------------

def test_rotation_changes_the_key_and_keeps_data_id_and_audit_chain(db_path: Path, key: RawKey) -> None:
    store = MemoryKeyStore()
    _stored(db_path, key, store)
    fid = file_id(db_path)
    new = RawKey.generate()
    with Office.open(db_path, KeyringSource(store)) as office:
        office.settings.set("note", "更换前写入")
        old_daily = backups.daily_backup(office)
        result = rotation.rotate(office, new)
        assert office.key_for_backup() == new
        office.settings.set("note2", "更换后写入")  # the office goes on working under the new key
        assert run_checks(office).ok, run_checks(office).lines()
        events = [(r.event, r.summary, r.success) for r in office.audit_log.rows().rows]
        assert (rotation.EVENT, rotation.DONE, True) in events
    assert file_id(db_path) == fid
    assert store.entries == {f"db:{fid}": new.secret.hex()}  # current = new, no pending entry
    assert not _opens(db_path, key) and _opens(db_path, new)
    with pytest.raises(WrongKeyOrDamaged):
        Office.open(db_path, key)  # the old recovery code no longer opens the file
    with Office.open(db_path, key_from_text(recovery.encode(new.secret))) as office:  # the new one does
        assert office.settings.get("note") == "更换前写入"
        assert office.settings.get("note2") == "更换后写入"

    # A fresh backup under the new key; the older one stays under the old key, as the result says.
    assert result.backup is not None and result.backup != old_daily
    assert backups.inspect(result.backup, new).ok
    assert old_daily is not None and backups.inspect(old_daily, key).ok
    with pytest.raises(WrongKeyOrDamaged):
        backups.inspect(old_daily, new)
    assert "原来的恢复密钥" in result.message and result.backup.name in result.message


def test_a_non_administrator_may_not_rotate(office: Office, db_path: Path, key: RawKey) -> None:
    store = MemoryKeyStore()
    store.put(office.file_id, key)
    office.use_key_source(KeyringSource(store))
    office.accounts.create_first_admin("admin", "Admin#2026x")
    office.log_in("admin", "Admin#2026x")
    office.accounts.add("clerk", Role.SECRETARY, "Clerk#2026x")
    office.log_in("clerk", "Clerk#2026x")
    with pytest.raises(NotPermitted, match="只有管理员"):
        rotation.rotate(office, RawKey.generate())
    assert store.entries == {f"db:{office.file_id}": key.secret.hex()}
    office.close()
    assert _opens(db_path, key)


def test_passphrase_files_and_files_without_a_keyring_entry_are_refused(tmp_path: Path, key: RawKey) -> None:
    passphrase = Passphrase("澄溪区办公室口令2026")
    with Office.create(tmp_path / "p.huiwu", passphrase, OFFICE) as office, \
            pytest.raises(Invalid, match="不支持更改口令"):
        rotation.rotate(office, RawKey.generate())
    # Opened with the code typed, on a machine without a keyring entry for it:
    with Office.create(tmp_path / "r.huiwu", key, OFFICE) as office, \
            pytest.raises(Invalid, match="系统钥匙串中没有保存"):
        rotation.rotate(office, RawKey.generate())
    assert _opens(tmp_path / "r.huiwu", key)


def test_a_failed_rekey_is_rolled_back_the_pending_key_dropped_and_audited(
        db_path: Path, key: RawKey, monkeypatch: pytest.MonkeyPatch) -> None:
    store = MemoryKeyStore()
    _stored(db_path, key, store)

    def disk_full(*_args: object) -> None:
        raise StorageFull(detail="database or disk is full")

    monkeypatch.setattr(store_rekey, "rekey", disk_full)
    with Office.open(db_path, KeyringSource(store)) as office:
        with pytest.raises(StorageFull):
            rotation.rotate(office, RawKey.generate())
        assert office.key_for_backup() == key
        event, summary, success = _last_event(office)
        assert event == rotation.EVENT and "未成功" in summary and not success
        office.settings.set("note", "仍可写入")  # reconnected under the old key
    assert _entries(store, db_path) == (key, None)
    assert _opens(db_path, key)


def test_keyring_promotion_that_fails_is_finished_by_unlock_and_next_open(db_path: Path, key: RawKey) -> None:
    store = MemoryKeyStore()
    _stored(db_path, key, store)

    class StuckKeyring(MemoryKeyStore):
        """Takes the pending entry, then becomes unavailable before the promotion."""

        def put(self, fid: str, value: RawKey) -> None:
            if self.get_pending(fid) == value:
                raise KeyStoreUnavailable(detail="Prompt dismissed")
            super().put(fid, value)

    stuck = StuckKeyring()
    stuck.entries = store.entries
    new = RawKey.generate()
    with Office.open(db_path, KeyringSource(stuck)) as office:
        result = rotation.rotate(office, new)
        assert "下次打开时会自动完成" in result.message
        assert _entries(stuck, db_path) == (key, new)
        office.lock()  # the idle lock: the key is fetched again from the keyring ...
        office.reopen()  # ... where current no longer opens the file but pending does
        office.settings.set("note", "解锁后写入")
    with Office.open(db_path, KeyringSource(store)) as office:
        assert _last_event(office) == (rotation.EVENT, rotation.FINISHED_AFTER_CRASH, True)
    assert _entries(store, db_path) == (new, None)


# --- open after a rotation that was cut short --------------------------------------------------

def test_pending_key_that_does_not_open_the_file_is_dropped(db_path: Path, key: RawKey) -> None:
    store = MemoryKeyStore()
    _stored(db_path, key, store)
    store.put_pending(file_id(db_path), RawKey.generate())  # killed before or during the rekey
    with Office.open(db_path, KeyringSource(store)) as office:
        assert _last_event(office) == (rotation.EVENT, rotation.NOT_FINISHED_BEFORE, False)
        recorded = len(office.audit_log.rows().rows)
    assert _entries(store, db_path) == (key, None)
    with Office.open(db_path, KeyringSource(store)) as office:  # nothing left to settle
        assert len(office.audit_log.rows().rows) == recorded


def test_pending_key_that_opens_the_file_is_promoted(db_path: Path, key: RawKey) -> None:
    store = MemoryKeyStore()
    _stored(db_path, key, store)
    new = RawKey.generate()
    store.put_pending(file_id(db_path), new)
    with Office.open(db_path, key) as office:  # killed after the rekey, before the promotion
        office.change_key(new)
    with Office.open(db_path, KeyringSource(store)) as office:
        assert office.key_for_backup() == new
        assert _last_event(office) == (rotation.EVENT, rotation.FINISHED_AFTER_CRASH, True)
        assert run_checks(office).ok
    assert _entries(store, db_path) == (new, None)


def test_killed_between_promotion_and_deleting_the_pending_entry(db_path: Path, key: RawKey) -> None:
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


# --- backups made before the rotation --------------------------------------------------------------

def test_restoring_an_older_backup_takes_the_old_recovery_code(db_path: Path, key: RawKey) -> None:
    store = MemoryKeyStore()
    _stored(db_path, key, store)
    new = RawKey.generate()
    with Office.open(db_path, KeyringSource(store)) as office:
        office.settings.set("note", "更换前")
        old = backups.daily_backup(office)
        assert old is not None
        rotation.rotate(office, new)
        office.settings.set("note", "更换后")
        with pytest.raises(WrongKeyOrDamaged, match="备份文件无法读取"):
            backups.inspect(old, office.key_for_backup())  # what the restore dialog tries first
        old_code = key_from_text(recovery.encode(key.secret))  # then it asks; the old code opens it
        backups.restore(office, old, old_code)
        assert office.settings.get("note") == "更换前"
        assert office.key_for_backup() == new
    assert _opens(db_path, new) and not _opens(db_path, key)  # restored under the current key
    with Office.open(db_path, KeyringSource(store)) as office:
        assert run_checks(office).ok


# --- the key store's pending entry -----------------------------------------------------------------

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


def test_the_backup_after_a_rotation_clears_daily_copies_cut_short(db_path: Path, key: RawKey) -> None:
    store = MemoryKeyStore()
    _stored(db_path, key, store)
    folder = db_path.with_name(db_path.name + ".backups")
    folder.mkdir()
    leftovers = [folder / "office-20260101-080000-daily.huiwu.tmp", folder / "office-20260101-080000-daily.huiwu.tmp-journal"]
    kept = folder / "office-20260101-080000-备份.huiwu.tmp"  # not a daily copy: not ours to remove
    for path in [*leftovers, kept]:
        path.write_bytes(b"half a copy")
    with Office.open(db_path, KeyringSource(store)) as office:
        made = rotation.rotate(office, RawKey.generate()).backup
    assert made is not None and made.parent == folder
    assert not any(p.exists() for p in leftovers) and kept.exists()
