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
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session, sessionmaker

from core.errors import (
    CannotOpen,
    FileLocked,
    FileMissing,
    HuiwuError,
    Invalid,
    NewerSchema,
    NotHuiwuFile,
    StorageError,
    WrongKeyOrDamaged,
)
from core.services.settings import FILE_FORMAT, FORMAT_MARK
from core.store import backup, rekey, schema
from core.store.engine import check_container, driver_facts, make_engine, storage_errors, validate_key
from core.store.keys import DatabaseKey, KeySource, RawKey, file_id
from core.store.keystore import KeyringSource, KeyStore

if TYPE_CHECKING:
    from core.services.accounts import AccountInfo


class OfficeLocked(HuiwuError):
    message = "会务已锁定，请输入密码解锁后再操作。"


class KeyNeeded(HuiwuError):
    message = "本次打开时输入了恢复密钥或口令，解锁时须再次输入。"


def lock_path(path: Path) -> Path:
    # Keyed by the real file: a symlink or a second spelling of the path must meet the same lock.
    real = path.resolve()
    return real.with_name(real.name + ".lock")


def _take_lock(path: Path) -> FileLock:
    # thread_local=False: the GUI may open on its worker thread and close on the main thread;
    # a thread-local lock would then never be released and the file stay "in use" until exit.
    lock = FileLock(str(lock_path(path)), timeout=0, is_singleton=False, thread_local=False)
    try:
        lock.acquire()
    except Timeout as exc:
        raise FileLocked() from exc
    except OSError as exc:  # e.g. a read-only folder: the lock file cannot be created
        raise CannotOpen(f"无法在数据文件所在的文件夹中创建锁文件（{exc.strerror}）。"
                         "请把数据文件放在可写的文件夹中。文件未作任何改动。", detail=str(exc)) from exc
    return lock


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
        self.revision = revision
        self.sessions: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)
        self._build_services()

    def _build_services(self) -> None:
        from core.interchange import InterchangeService
        from core.services.accounts import AccountService
        from core.services.audit_log import AuditLogService
        from core.services.followup import FollowUpService
        from core.services.leave import LeaveService
        from core.services.meetings import MeetingService
        from core.services.minutes import MinutesService
        from core.services.roster import RosterService
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
        self.interchange = InterchangeService(
            self.sessions, actor, derived=self._derived)
        for service in (self.accounts, self.audit_log, self.settings, self.roster, self.topics, self.meetings,
                        self.leave, self.minutes, self.followup, self.interchange):
            service.may = self.can  # every change is refused at the service when the role may not make it

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
        path = Path(path).absolute()
        if not path.is_file():
            raise FileMissing(str(path))
        lock = _take_lock(path)
        try:
            with storage_errors():
                check_container(path)
            # Everything that can refuse the file (key, not ours, newer) is decided by a write-free
            # probe, so a refused file is left byte for byte as it was.
            key, revision = _probe_candidates(path, key_source)
            engine = make_engine(path, key)
            validate_key(engine)
            try:
                revision = _bring_schema_up_to_date(engine, path, key, revision)
            except BaseException:
                engine.dispose()
                raise
        except BaseException:
            lock.release()
            raise
        office = cls(path, engine, lock, key, user or _os_user(), revision)
        if key_source is not key:  # a key passed as its own source is not kept past lock()
            office._key_source = key_source
        if isinstance(key_source, KeyringSource) and isinstance(key, RawKey):
            _settle_pending_key(office, key_source, key)
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
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = _take_lock(path)
        tmp = path.with_name(path.name + ".creating")
        try:
            _remove_with_sidecars(tmp)
            engine = make_engine(tmp, key)
            try:
                with storage_errors(), engine.begin() as conn:
                    schema.upgrade(conn)
                office = cls(tmp, engine, lock, key, user or _os_user(), schema.HEAD)
                if fill is None:
                    office.settings.set(FILE_FORMAT, FORMAT_MARK)
                    office.settings.set_office_name(office_name)
                else:
                    fill(office)
                    if office.settings.get(FILE_FORMAT) != FORMAT_MARK:
                        # Open refuses a file without the mark; whatever fill wrote, ours must open.
                        office.settings.set(FILE_FORMAT, FORMAT_MARK)
            finally:
                engine.dispose()  # last connection closed: the WAL is checkpointed and removed
            if Path(f"{tmp}-wal").exists():
                # Renaming the main file alone would leave committed pages behind in the WAL.
                raise StorageError("新建数据文件未能写完整（预写日志未合并），请重试。")
            with storage_errors():
                backup.replace_durably(tmp, path)
        except BaseException:
            _remove_with_sidecars(tmp)
            lock.release()
            raise
        lock.release()
        return cls.open(path, key, user=user)

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
        """Check the password (lockout rules apply); from now on every record names this user."""
        info = self.accounts.login(user_name, password)
        self.user, self.account = info.user_name, info
        return info

    def log_out(self) -> None:
        if self.account is not None:
            self.accounts.record("注销")
        self.account = None

    def can(self, action: str) -> bool:
        """Whether the logged-in account's role allows `action`; scripted use (no login) may all."""
        from core.services.accounts import allows

        return self.account is None or allows(self.account.role, action)

    @property
    def locked(self) -> bool:
        return self._engine is None

    def use_key_source(self, source: KeySource) -> None:
        """Where reopen() fetches the key (after the key was put back into the keyring)."""
        self._key_source = source

    @property
    def needs_key_to_reopen(self) -> bool:
        return self._key_source is None

    def lock(self) -> None:
        """Close the engine and drop every reference to the key; keep the file lock held, so no
        other copy of the program takes the file while this window waits for its password."""
        engine, self._engine = self._engine, None
        self._held_key = None
        # The sessionmaker would otherwise keep the engine; work that still arrives is refused
        # with a message the user can read, not an internal error.
        self.sessions.configure(bind=_refusing_engine())
        if engine is not None:
            engine.dispose()

    def reopen(self, key_source: KeySource | None = None) -> None:
        """After lock(): fetch the key again (keyring, or the code or passphrase typed now)."""
        if self._engine is not None:
            return
        source = key_source if key_source is not None else self._key_source
        if source is None:
            raise KeyNeeded()
        keys = _candidates(self.path, source)
        # Several only after a rotation whose keyring update is still due: probe for the right one.
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
        if key_source is not None and key_source is not key:
            self._key_source = key_source

    def resume(self, password: str, key_source: KeySource | None = None) -> AccountInfo:
        """Unlock the screen: reopen, then the logged-in user's password (counted like a login)."""
        self.reopen(key_source)
        try:
            info = self.accounts.login(self.user, password, context="解除锁屏")
        except BaseException:
            self.lock()
            raise
        self.account = info
        return info

    # --- facts ---------------------------------------------------------------------------

    @property
    def file_id(self) -> str:
        return file_id(self.path)

    def facts(self) -> dict[str, str]:
        facts = driver_facts(self.engine)
        facts["schema"] = self.revision
        return facts

    def backup_to(self, dest: Path, *, key: DatabaseKey | None = None) -> Path:
        """An encrypted copy: under the file's own key (keeping its file id), or under `key`."""
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
            raise StorageError("更换密钥时读写数据文件出错。请退出并重新打开会务程序：新旧两把密钥都保留在"
                               "系统钥匙串中，打开时会自动选用有效的一把。", detail=failure.detail if failure else None)
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
        _remove_with_sidecars(tmp)
        probe = make_engine(Path(source), source_key, probe=True)
        try:
            validate_key(probe)
            backup.export_copy(probe, tmp, self._key, keep_salt_of=self.path)
        finally:
            probe.dispose()
        self.engine.dispose()
        with storage_errors():
            backup.replace_durably(tmp, self.path)
        self.engine = make_engine(self.path, self._key)
        validate_key(self.engine)
        self.revision = _bring_schema_up_to_date(self.engine, self.path, self._key, _probe(self.path, self._key))
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._build_services()


def _candidates(path: Path, source: KeySource) -> list[DatabaseKey]:
    """A keyring may hold a pending key beside the current one: a rotation cut short (R5)."""
    if isinstance(source, KeyringSource):
        return [*source.candidates(path)]
    return [source.key(path)]


def _probe_candidates(path: Path, source: KeySource) -> tuple[DatabaseKey, str]:
    """The first candidate key the file opens with, and the file's revision. Only a wrong key
    moves on to the next; any other refusal (not ours, newer) is the file's answer."""
    keys = _candidates(path, source)
    for key in keys[:-1]:
        try:
            return key, _probe(path, key)
        except WrongKeyOrDamaged:
            continue
    return keys[-1], _probe(path, keys[-1])


def _settle_pending_key(office: Office, source: KeyringSource, key: RawKey) -> None:
    """The file is open: the keyring follows the key that opened it, and the audit trail says so."""
    from core.keeping import rotation

    try:
        rotation.settle_after_open(office, source, key)
    except BaseException:
        office.close()
        raise


def _probe(path: Path, key: DatabaseKey) -> str:
    """The file's schema revision, or a typed refusal; reads only, never writes the file."""
    engine = make_engine(path, key, probe=True)
    try:
        # One connection: with a passphrase each connection costs a KDF run (finding 4).
        # A wrong key fails at its first statement (finding 5), translated to WrongKeyOrDamaged.
        with storage_errors(), engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
            revision = schema.current_revision(conn)
            marked = (revision is not None and inspect(conn).has_table("setting")
                      and conn.exec_driver_sql("SELECT value FROM setting WHERE key = ?",
                                               (FILE_FORMAT,)).scalar() == FORMAT_MARK)
    finally:
        engine.dispose()
    # alembic_version alone is any Alembic-managed database; the format mark makes it ours.
    if revision is None or not marked:
        raise NotHuiwuFile()
    if revision != schema.HEAD and revision not in schema.known_revisions():
        raise NewerSchema(revision)
    return revision


def _bring_schema_up_to_date(engine: Engine, path: Path, key: DatabaseKey, revision: str) -> str:
    if revision == schema.HEAD:
        return revision
    # An older file: keep a dated, encrypted copy first, then migrate in one transaction.
    backup.export_copy(engine, backup.dated_name(path, f"pre-{schema.HEAD}"), key)
    _migrate(engine)
    return schema.HEAD


def _migrate(engine: Engine) -> None:
    """Run the migrations in one transaction, with foreign keys off while they run.

    Alembic's batch mode rebuilds a table (copy, DROP, rename); with foreign_keys ON, dropping a
    table that other rows refer to fails or deletes. SQLite ignores this pragma inside a
    transaction, so it is set on the driver connection before BEGIN, and every reference is
    checked before COMMIT (the procedure SQLite's ALTER TABLE documentation gives).
    """
    with storage_errors(), engine.connect() as conn:
        driver_conn = conn.connection.driver_connection
        assert driver_conn is not None
        driver_conn.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                schema.upgrade(conn)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:  # raising inside the block rolls the whole migration back
                    raise StorageError("升级数据结构后发现无效的记录引用，升级已撤销，文件保持原样。"
                                       "请把此文件交给技术支持。", detail=repr(broken[:10]))
        finally:
            driver_conn.execute("PRAGMA foreign_keys = ON")  # the pool keeps this connection


@functools.cache
def _refusing_engine() -> Engine:
    """Bound while locked: every connection attempt raises OfficeLocked (no file is touched)."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    def refuse() -> object:
        raise OfficeLocked()

    # The dialect only has to exist; no connection is ever made.
    return create_engine("sqlite+pysqlcipher://", creator=refuse, poolclass=NullPool)


def _remove_with_sidecars(path: Path) -> None:
    for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        part.unlink(missing_ok=True)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "本机用户"


__all__ = ["HuiwuError", "Office"]
