"""The office file: one object owns the lock, the engine and the services.

    office = Office.open(path, key_source)
    ...
    office.close()

The lock is taken before anything else touches the file, so a second copy of the program
never opens it half-way. Nothing here is global: two Office objects are two files.
"""

from __future__ import annotations

import functools
import getpass
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from core.errors import (
    CannotOpen,
    HuiwuError,
    Invalid,
    StorageError,
)
from core.keeping import anchor, hardening, keyfile, opening, slots, unlock
from core.keeping.filelock import take_lock
from core.model import Account, FileSecret, KeySlot
from core.services.accounts import allows
from core.services.settings import FILE_FORMAT, FORMAT_MARK
from core.store import backup, rekey, schema, search_schema
from core.store.engine import driver_facts, make_engine, storage_errors, validate_key
from core.store.keys import DatabaseKey, KeySource, RawKey, file_id
from core.store.keystore import KeyringSource, KeyStore

if TYPE_CHECKING:
    from core.services.accounts import AccountInfo


KEY_SLOTS_EVENT = "数据.启用账户密钥"


class OfficeLocked(HuiwuError):
    message = "会务已锁定，请输入密码解锁后再操作。"


class KeyNeeded(HuiwuError):
    message = "本次打开时输入了恢复密钥或口令，解锁时须再次输入。"


class NoKeySlots(CannotOpen):
    message = ("该数据文件旁没有密钥文件，不能凭账户密码打开。请用恢复密钥打开（打开后会重建密钥文件）；"
               "尚未启用账户密钥的旧数据文件，由管理员在本机登录一次即可启用。")


class Office:
    def __init__(self, path: Path, engine: Engine, lock: FileLock, key: DatabaseKey,
                 user: str, revision: str) -> None:
        self.path = path
        self._engine: Engine | None = engine
        self._lock = lock
        self._held_key: DatabaseKey | None = key
        # Where the key can be fetched again after lock() (the keyring); None when the key was
        # typed, since keeping a typed key would defeat dropping it.
        self._key_source: KeySource | None = None
        self.user = user
        self.account: AccountInfo | None = None  # set by log_in; None in scripted use
        # W, the wrapping key of the key slots (core.keeping.keyfile); None for a file from before
        # key slots until its first administrator login. Dropped with the key by lock().
        self._wrapping_key: bytes | None = None
        self.revision = revision
        self.sessions: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)
        self._build_services()

    def _build_services(self) -> None:
        from core.interchange import InterchangeService
        from core.services.accounts import AccountService
        from core.services.audit_log import AuditLogService
        from core.services.desk import DeskService
        from core.services.followup import FollowUpService
        from core.services.leave import LeaveService
        from core.services.meetings import MeetingService
        from core.services.minutes import MinutesService
        from core.services.preferences import PreferencesService
        from core.services.roster import RosterService
        from core.services.search import SearchService
        from core.services.settings import SettingsService
        from core.services.topics import TopicService

        actor: Callable[[], str] = lambda: self.user  # noqa: E731
        self.accounts = AccountService(self.sessions, actor)
        self.audit_log = AuditLogService(self.sessions, actor)
        self.settings = SettingsService(self.sessions, actor)
        self.roster = RosterService(self.sessions, actor)
        self.topics = TopicService(self.sessions, actor, self.roster)
        self.meetings = MeetingService(self.sessions, actor, self.roster, self.topics)
        self.leave = LeaveService(self.sessions, actor, self.roster)
        self.minutes = MinutesService(self.sessions, actor, self.roster, self.meetings)
        self.followup = FollowUpService(self.sessions, actor)
        self.desk = DeskService(self.sessions, actor)  # 今日: reads what the others wrote
        self.search = SearchService(self.sessions, actor)  # one search across everything (issue 14 §2)
        self.preferences = PreferencesService(self.sessions, actor)  # each account's window layout
        self.interchange = InterchangeService(
            self.sessions, actor, derived=self._derived)
        for service in (self.accounts, self.audit_log, self.settings, self.roster, self.topics, self.meetings,
                        self.leave, self.minutes, self.followup, self.desk, self.search, self.preferences,
                        self.interchange):
            service.may = self.can  # every change is refused at the service when the role may not make it
        self.accounts.seal_slot = self._seal_slot
        self.accounts.slots_changed = self.sync_keyfile

    def _derived(self) -> dict[str, object]:
        """What an export shows for reading (computed by the rules, ignored on import)."""
        return {
            "topics": self.topics.checklists(),
            "meetings": {m: {"presider_check": text} for m, text in self.meetings.presider_checks().items()},
            "leave": {r.id: {"route": r.route_text, "practice": r.route_article is None}
                      for r in self.leave.leaves()},
            "minutes": self.minutes.signing_routes(),
        }

    # --- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], key_source: KeySource, *, user: str | None = None) -> Office:
        """With a typed key (recovery code, passphrase) or, for a file from before key slots, the
        keyring. Nobody is logged in yet: the doors (window, command line) ask for an account."""
        path = Path(path).absolute()
        with opening.locked(path) as lock:
            # Office.open takes the lock before asking for the key: a file in use by another copy
            # is reported as such, even where there is no keyring.
            key, engine, revision = opening.open_engine(path, opening.candidates(path, key_source))
        office = cls(path, engine, lock, key, user or _os_user(), revision)
        if key_source is not key:  # a key passed as its own source is not kept past lock()
            office._key_source = key_source
        office._load_wrapping_key()
        if isinstance(key_source, KeyringSource) and isinstance(key, RawKey):
            _settle_pending_key(office, key_source, key)
        return office

    @classmethod
    def open_with_secret(cls, path: str | os.PathLike[str], key: DatabaseKey, *,
                         clock: Callable[[], float] = time.time) -> Office:
        """With a typed recovery code or passphrase: five wrong in a row wait 15 minutes (R10)."""
        with unlock.counted(Path(path), clock):
            return cls.open(path, key)

    @classmethod
    def open_as(cls, path: str | os.PathLike[str], user_name: str, password: str) -> Office:
        """Through the account's key slot, then logged in as that account (issue 11 §1)."""
        path = Path(path).absolute()
        with opening.locked(path) as lock:
            key_file = keyfile.load(path)
            if key_file is None:
                raise NoKeySlots()
            wrapping = slots.unlock(path, key_file, user_name, password)
            key, engine, revision = opening.open_engine(path, slots.candidate_keys(key_file, wrapping))
        office = cls(path, engine, lock, key, user_name, revision)
        office._wrapping_key = wrapping
        try:
            office._record_refused_tries(key_file)
            office.log_in(user_name, password)
            office._settle_pending(key_file, key)
        except BaseException:
            office.close()
            raise
        return office

    @classmethod
    def create(cls, path: str | os.PathLike[str], key: DatabaseKey, office_name: str = "", *,
               user: str | None = None, fill: Callable[[Office], None] | None = None) -> Office:
        """A new file, built under a temporary name and renamed only when complete.

        `fill` writes the first contents through the services (default: the office name);
        if it raises, no file is left behind.
        """
        path = Path(path).absolute()
        if path.exists():
            raise Invalid(f"文件已存在，不会覆盖：{path}")
        path.parent.mkdir(mode=hardening.PRIVATE_DIR, parents=True, exist_ok=True)
        with hardening.private_umask():  # SQLite takes no mode: the file, and its WAL after it, are 0600
            return cls._create(path, key, office_name, user=user, fill=fill)

    @classmethod
    def _create(cls, path: Path, key: DatabaseKey, office_name: str, *, user: str | None,
                fill: Callable[[Office], None] | None) -> Office:
        lock = take_lock(path)
        tmp = path.with_name(path.name + ".creating")
        try:
            opening.remove_with_sidecars(tmp)
            engine = make_engine(tmp, key)
            try:
                with storage_errors(), engine.begin() as conn:
                    schema.upgrade(conn)
                    search_schema.install(conn)  # the search index, over the newest tables
                office = cls(tmp, engine, lock, key, user or _os_user(), schema.HEAD)
                if fill is None:
                    office.settings.set(FILE_FORMAT, FORMAT_MARK)
                    office.settings.set_office_name(office_name)
                else:
                    fill(office)
                    if office.settings.get(FILE_FORMAT) != FORMAT_MARK:
                        # Open refuses a file without the mark; whatever fill wrote, ours must open.
                        office.settings.set(FILE_FORMAT, FORMAT_MARK)
                office.accounts.init_key_slots(keyfile.new_wrapping_key())
            finally:
                engine.dispose()  # last connection closed: the WAL is checkpointed and removed
            if Path(f"{tmp}-wal").exists():
                # Renaming the main file alone would leave committed pages behind in the WAL.
                raise StorageError("新建数据文件未能写完整（预写日志未合并），请重试。")
            with storage_errors():
                backup.replace_durably(tmp, path)
        except BaseException:
            opening.remove_with_sidecars(tmp)
            lock.release()
            raise
        lock.release()
        office = cls.open(path, key, user=user)
        anchor.save(office, force=True)  # the anchor starts with the file
        return office

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        if self._lock.is_locked:
            self._lock.release()

    def __enter__(self) -> Office:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- engine and key: gone while locked ---------------------------------------------------

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise OfficeLocked()
        return self._engine

    @engine.setter
    def engine(self, engine: Engine) -> None:
        self._engine = engine

    @property
    def _key(self) -> DatabaseKey:
        if self._held_key is None:
            raise OfficeLocked()
        return self._held_key

    @_key.setter
    def _key(self, key: DatabaseKey) -> None:
        self._held_key = key

    # --- login, idle lock ------------------------------------------------------------------

    def log_in(self, user_name: str, password: str) -> AccountInfo:
        """Check the password (lockout rules apply); from now on every record names this user.
        An account without a slot gets one now; a file from before key slots gets them at its
        first administrator login, and the bare key leaves the keyring (issue 11 §1)."""
        info = self.accounts.login(user_name, password)
        self.user, self.account = info.user_name, info
        if self._wrapping_key is None and allows(info.role, "accounts"):
            self._start_key_slots(info.user_name, password)
        return info

    def log_out(self) -> None:
        if self.account is not None:
            self.accounts.record("注销")
        self.account = None

    def can(self, action: str) -> bool:
        """Whether the logged-in account's role allows `action`; scripted use (no login) may all."""
        return self.account is None or allows(self.account.role, action)

    @property
    def locked(self) -> bool:
        return self._engine is None

    def use_key_source(self, source: KeySource) -> None:
        """Where reopen() fetches the key (after the key was put back into the keyring)."""
        self._key_source = source

    def lock(self) -> None:
        """Close the engine and drop every reference to the key; keep the file lock held, so no
        other copy of the program takes the file while this window waits for its password."""
        engine, self._engine = self._engine, None
        self._held_key = self._wrapping_key = None
        # The sessionmaker would otherwise keep the engine; work that still arrives is refused
        # with a message the user can read, not an internal error.
        self.sessions.configure(bind=_refusing_engine())
        if engine is not None:
            engine.dispose()

    @property
    def needs_key_to_reopen(self) -> bool:
        """Whether unlocking needs a typed key: not when the user's slot (or the keyring) gives it."""
        return self._key_source is None and not self._has_own_slot

    def reopen(self, key_source: KeySource | None = None) -> None:
        """After lock(): fetch the key again (keyring, or the code or passphrase typed now)."""
        if self._engine is not None:
            return
        source = key_source if key_source is not None else self._key_source
        if source is None:
            raise KeyNeeded()
        self._reconnect(opening.candidates(self.path, source))
        if key_source is not None and key_source is not self._held_key:
            self._key_source = key_source
        self._load_wrapping_key()

    def _reconnect(self, keys: list[DatabaseKey]) -> None:
        # Several only after a rotation whose key file update is still due: probe for the right one.
        key = keys[0] if len(keys) == 1 else (rekey.key_that_opens(self.path, keys) or keys[0])
        engine = make_engine(self.path, key)
        validate_key(engine)  # a wrong key raises WrongKeyOrDamaged and disposes
        with storage_errors(), engine.connect() as conn:
            revision = schema.current_revision(conn)
        if revision != self.revision:
            engine.dispose()
            raise CannotOpen("数据文件在锁定期间被改动（数据结构版本不符），请退出后重新打开。")
        self._engine, self._held_key = engine, key
        self.sessions.configure(bind=engine)

    def resume(self, password: str, key_source: KeySource | None = None) -> AccountInfo:
        """Unlock the screen: reopen through the user's slot (or `key_source`), then the password
        is checked and counted like a login."""
        key_file = keyfile.load(self.path) if key_source is None and self._has_own_slot else None
        if key_file is not None:
            wrapping = slots.unlock(self.path, key_file, self.user, password)
            self._reconnect(slots.candidate_keys(key_file, wrapping))
            self._wrapping_key = wrapping
        else:
            self.reopen(key_source)
        try:
            info = self.accounts.login(self.user, password, context="解除锁屏")
        except BaseException:
            self.lock()
            raise
        self.account = info
        return info

    # --- key slots (core.keeping.keyfile) ----------------------------------------------------

    @property
    def has_key_slots(self) -> bool:
        """Whether the file has its wrapping key (all files made or opened by an administrator
        since key slots; a file from before them until its first administrator login)."""
        return self._wrapping_key is not None

    def sealing_key(self, purpose: str) -> bytes:
        """A key for sealing what only holders of the file's key may write (the audit anchor)."""
        return keyfile.derived_key(self._key_wrapping, purpose)

    @property
    def _has_own_slot(self) -> bool:
        try:
            key_file = keyfile.load(self.path)
        except CannotOpen:
            return False
        return key_file is not None and self.user in key_file.slots

    def _load_wrapping_key(self) -> None:
        """W from inside the file (None for a file from before key slots); a lost or damaged key
        file is rebuilt from it, which is how opening with the recovery code restores it."""
        with storage_errors(), self.sessions() as s:
            row = s.get(FileSecret, 1)
            self._wrapping_key = None if row is None else bytes(row.wrapping_key)
        self.sync_keyfile()

    def _seal_slot(self, user_name: str, password: str) -> str | None:
        wrapping = self._wrapping_key
        return None if wrapping is None else keyfile.seal_slot(wrapping, password, self.file_id, user_name)

    def sync_keyfile(self, *, pending: DatabaseKey | None = None) -> None:
        """Write the key file from the file's own slots: after every change of slots, at open, and
        by 更换密钥 (`pending`: the new key, kept beside the current one while the file is re-encrypted)."""
        wrapping = self._wrapping_key
        if wrapping is None:
            return
        fid = self.file_id
        try:
            kept = keyfile.load(self.path)
        except keyfile.KeyFileDamaged:
            kept = None
        with storage_errors(), self.sessions() as s:
            rows = s.execute(select(Account.user_name, KeySlot.slot).join(KeySlot, KeySlot.account_id == Account.id)
                             .where(Account.active.is_(True))).all()
        base = kept if kept is not None and kept.file_id == fid else keyfile.KeyFile(fid, {})
        keyfile.save(self.path, base.replace(
            master=keyfile.seal_master(wrapping, self._key, fid),
            pending=None if pending is None else keyfile.seal_master(wrapping, pending, fid, pending=True),
            slots={name: json.loads(slot) for name, slot in rows}))

    def _start_key_slots(self, user_name: str, password: str) -> None:
        """The first administrator login on a file from before key slots: W is made, this account
        gets its slot, the key file is written, and the bare key leaves the keyring."""
        self._wrapping_key = keyfile.new_wrapping_key()
        try:
            self.accounts.start_key_slots(self._wrapping_key, user_name, password)
        except BaseException:
            self._wrapping_key = None
            raise
        self.sync_keyfile()
        anchor.start_after_key_slots(self)
        store = self.key_store
        if store is not None:
            store.delete(self.file_id)
            self._key_source = None
            self.audit_event(KEY_SLOTS_EVENT, "系统钥匙串中的数据文件密钥已删除：此后只能凭账户密码或恢复密钥打开")

    def _settle_pending(self, key_file: keyfile.KeyFile, key: DatabaseKey) -> None:
        """After a rotation cut short the key file follows the key that opened the file (R5)."""
        if key_file.pending is not None:
            from core.keeping import rotation

            finished = key == keyfile.open_master(self._key_wrapping, key_file.pending, key_file.file_id, pending=True)
            self.audit_event(rotation.EVENT, rotation.FINISHED_AFTER_CRASH if finished else rotation.NOT_FINISHED_BEFORE,
                             success=finished)
        self.sync_keyfile()

    @property
    def _key_wrapping(self) -> bytes:
        if self._wrapping_key is None:
            raise OfficeLocked()
        return self._wrapping_key

    def _record_refused_tries(self, key_file: keyfile.KeyFile) -> None:
        """Refused logins kept in the key file (the file was not open then) join the audit trail."""
        for failure in slots.unrecorded(key_file):
            self.accounts.record_refused_try(failure.get("user", ""), failure.get("at", ""))
        keyfile.save(self.path, slots.after_success(key_file, self.user))

    # --- facts ---------------------------------------------------------------------------

    @property
    def file_id(self) -> str:
        return file_id(self.path)

    def facts(self) -> dict[str, str]:
        facts = driver_facts(self.engine)
        facts["schema"] = self.revision
        return facts

    def backup_to(self, dest: Path, *, key: DatabaseKey | None = None) -> Path:
        """An encrypted copy (0600): under the file's own key (keeping its file id), or under `key`."""
        if dest.parent == backup.backup_dir(self.path):
            hardening.private_dir(dest.parent)
        with hardening.private_umask():
            if key is None:
                return backup.export_copy(self.engine, dest, self._key, keep_salt_of=self.path)
            return backup.export_copy(self.engine, dest, key)

    def key_for_backup(self) -> DatabaseKey:
        return self._key

    @property
    def key_store(self) -> KeyStore | None:
        """The keyring the key is fetched from again, if the file was opened (or re-stored) there."""
        source = self._key_source
        return source.store if isinstance(source, KeyringSource) else None

    def change_key(self, new_key: RawKey) -> None:
        """Re-encrypt the file under `new_key`, the file lock held throughout, and go on with a new
        engine. Which key the file is under afterwards is asked of the file, not assumed (finding 7):
        a rekey that failed was rolled back, and the error is raised with the old key still in use.
        Keeping both keys where a crash cannot lose them is the caller's part (core.keeping.rotation)."""
        old, engine = self._key, self.engine
        failure: HuiwuError | None = None
        try:
            rekey.rekey(engine, new_key)
        except HuiwuError as exc:
            failure = exc
        engine.dispose()  # its URL holds the old key; the last connection closing checkpoints the WAL
        working = rekey.key_that_opens(self.path, (new_key, old))
        if working is None:
            self.lock()
            raise StorageError("更换密钥时读写数据文件出错。请退出并重新打开会务程序：新旧两把密钥都已保存在密钥文件中，"
                               "登录打开时会自动选用有效的一把。", detail=failure.detail if failure else None)
        self._connect(working)
        if working != new_key:
            raise failure or StorageError("更换密钥未能完成，数据文件仍使用原密钥。")

    def _connect(self, key: DatabaseKey) -> None:
        engine = make_engine(self.path, key)
        validate_key(engine)
        self._engine, self._held_key = engine, key
        self.sessions.configure(bind=engine)  # every service keeps this sessionmaker

    def audit_event(self, event: str, summary: str, *, success: bool = True) -> None:
        """An audit record for work done on the file as a whole (backup, restore, key change)."""
        with self.audit_log.transaction() as s:  # recorded for whoever acted, whatever their role
            self.audit_log.audit(s, event, "file", "", summary, success=success)

    def replace_contents(self, source: Path, source_key: DatabaseKey) -> None:
        """Make the file hold `source`'s data, re-encrypted under this file's key and salt.

        The lock stays held throughout; the new contents are written beside the file and renamed
        over it only when complete, then migrated if the copy is older."""
        tmp = self.path.with_name(self.path.name + ".restoring")
        opening.remove_with_sidecars(tmp)
        probe = make_engine(Path(source), source_key, probe=True)
        try:
            validate_key(probe)
            with hardening.private_umask():
                backup.export_copy(probe, tmp, self._key, keep_salt_of=self.path)
        finally:
            probe.dispose()
        self.engine.dispose()
        with storage_errors():
            backup.replace_durably(tmp, self.path)
        self.engine = make_engine(self.path, self._key)
        validate_key(self.engine)
        self.revision = opening.bring_up_to_date(self.engine, self.path, self._key, opening.probe(self.path, self._key))
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._build_services()


def _settle_pending_key(office: Office, source: KeyringSource, key: RawKey) -> None:
    """The file is open: the keyring follows the key that opened it, and the audit trail says so."""
    from core.keeping import rotation

    try:
        rotation.settle_after_open(office, source, key)
    except BaseException:
        office.close()
        raise


@functools.cache
def _refusing_engine() -> Engine:
    """Bound while locked: every connection attempt raises OfficeLocked (no file is touched)."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    def refuse() -> object:
        raise OfficeLocked()

    # The dialect only has to exist; no connection is ever made.
    return create_engine("sqlite+pysqlcipher://", creator=refuse, poolclass=NullPool)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "本机用户"


__all__ = ["HuiwuError", "Office"]
