"""Restore (issue 11 §3, §5): a backup put in place of the file, with what it means for the history.

Before anything is replaced the backup's audit chain is compared with the anchored one:

- a backup of the same file whose chain extends the anchored chain, or is a prefix of it (an older
  copy: the rows after it are lost, and the user is told how many), is this file's own history;
- anything else — another file, or a chain that diverges — is not; it is still allowed to an
  administrator (restore is an administrator's act in both doors), shown as such, and recorded.

Either way the restore is recorded in the new chain together with the anchor it replaces, so a
history put back on purpose never passes for the one that was there.

A file too damaged to open is restored without opening it (`restore_unopenable`): the key comes
from the account's slot (or the recovery code), the account must be an administrator in the backup
itself, the damaged file is moved aside with its WAL, and the backup takes its place under the
file's key and file id, so the key slots and the anchor still belong to it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from core.errors import HuiwuError, NewerSchema, NotPermitted, WrongKeyOrDamaged
from core.keeping import anchor
from core.keeping.backups import BackupInfo, inspect
from core.keeping.filelock import take_lock
from core.keeping.hardening import private_dir, private_umask
from core.store import backup, schema
from core.store.engine import make_engine, storage_errors, validate_key
from core.store.health import integrity_problems
from core.store.keys import DatabaseKey, file_id

if TYPE_CHECKING:
    from core.office import Office

EVENT = "数据.从备份恢复"
# Who may restore (it replaces everything and may change the history): 管理员, in every door.
RESTORE_ACTION = "settings"


def may_restore(office: Office) -> bool:
    return office.can(RESTORE_ACTION)


@dataclass(frozen=True)
class RestorePlan:
    info: BackupInfo
    own_history: bool    # same file, and its chain extends or is a prefix of the anchored one
    lost_rows: int       # audit records of the current file that the backup does not have
    text: str            # what the user reads before saying yes, and the audit record keeps


@dataclass(frozen=True)
class RestoreResult:
    info: BackupInfo
    damaged_copy: Path | None  # where a damaged current file was kept as it was


def _chain(engine: Engine) -> list[str]:
    """The audit hashes in order; [] when the audit table cannot be read."""
    try:
        with storage_errors(), engine.connect() as conn:
            return [r[0] for r in conn.exec_driver_sql("SELECT hash FROM audit ORDER BY id")]
    except HuiwuError:
        return []


def _checked(source: Path, key: DatabaseKey) -> BackupInfo:
    info = inspect(source, key)
    if not info.ok:
        raise HuiwuError("备份文件校验未通过，未恢复：" + "；".join(info.problems))
    if info.revision != schema.HEAD and info.revision not in schema.known_revisions():
        raise NewerSchema(info.revision)
    return info


def plan(office: Office, source: Path, key: DatabaseKey) -> RestorePlan:
    source = Path(source)
    info = _checked(source, key)
    probe = make_engine(source, key, probe=True)
    try:
        theirs = _chain(probe)
    finally:
        probe.dispose()
    ours = _chain(office.engine)
    kept, _findings = anchor.kept(office)
    same_file = file_id(source) == office.file_id
    common = _common_prefix(theirs, ours)
    anchored = kept.rows if kept is not None else len(ours)
    own = same_file and bool(ours) and (common == len(theirs) or common >= anchored)
    lost = len(ours) - common
    return RestorePlan(info, own, lost, _plan_text(same_file, own, lost, len(theirs), readable=bool(ours)))


def _common_prefix(a: list[str], b: list[str]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _plan_text(same_file: bool, own: bool, lost: int, rows: int, *, readable: bool = True) -> str:
    if not readable:
        head = "当前文件的审计记录无法读取（文件已损坏），无法比较两者的历史；恢复后以备份中的记录为准。"
    elif not same_file:
        head = "该备份不是本数据文件的备份（来自另一个数据文件），恢复后审计记录换成该文件的记录。"
    elif not own:
        head = "该备份的审计记录与本文件的记录不一致（历史有分叉），恢复后以备份中的记录为准。"
    else:
        head = "该备份是本数据文件的早先副本。"
    lost_text = f"当前文件中有 {lost} 条审计记录（及其记录的修改）不在备份中，恢复后将不再存在。" if lost else ""
    return f"{head}{lost_text}备份共有 {rows} 条审计记录。恢复本身将记入审计记录，并注明此前的审计锚点。"


def restore(office: Office, source: Path, source_key: DatabaseKey) -> RestoreResult:
    """Replace the file's contents with a backup, after backing up the current file.

    The backup is re-encrypted under the file's own key (and salt), so its key slots and anchor
    still belong to it. A current file with a damaged page cannot be exported (sqlcipher_export
    reads every page): it is then kept byte for byte beside the backups instead, with its WAL."""
    if not may_restore(office):
        raise NotPermitted("只有管理员可以从备份恢复。")
    source = Path(source)
    chosen = plan(office, source, source_key)
    before = anchor.head_text(office)
    kept: Path | None = None
    try:
        office.backup_to(backup.dated_name(office.path, "pre-restore"))
    except HuiwuError:
        if not _damaged(office.engine):
            raise
        office.engine.dispose()  # no connection left: the file and its WAL are at rest
        kept = keep_damaged(office.path, move=False)  # the file itself stays: it is rewritten in place
    office.replace_contents(source, source_key)
    _record(office, source, chosen.info, chosen.text, before, kept)
    return RestoreResult(chosen.info, kept)


def _record(office: Office, source: Path, info: BackupInfo, what: str, before: str, kept: Path | None) -> None:
    note = f"当前文件已损坏，原样留存为 {kept.name}。" if kept else ""
    office.audit_event(EVENT, f"{source.name}（{info.created:%Y-%m-%d %H:%M}）。{what}{note}{before}")
    anchor.save(office, force=True)  # the file went back on purpose: the anchor follows it


def _damaged(engine: Engine) -> bool:
    problems = integrity_problems(engine)
    return bool(problems["cipher_integrity_check"] or problems["integrity_check"])


def keep_damaged(path: Path, *, move: bool = True) -> Path:
    """Keep a damaged file exactly as it was in the backups folder, with its WAL and SHM, which are
    always moved (a WAL left beside the restored file would be replayed into it). The file itself
    is moved, or (`move=False`, an open office rewriting it in place) copied."""
    kept = backup.dated_name(path, "damaged")
    private_dir(kept.parent)
    with storage_errors():
        for side in ("-wal", "-shm"):
            extra = Path(f"{path}{side}")
            if extra.exists():
                os.replace(extra, Path(f"{kept}{side}"))
        if move:
            os.replace(path, kept)
        else:
            shutil.copy2(path, kept)
    return kept


# --- a file that does not open -----------------------------------------------------------------

def restore_unopenable(path: Path, source: Path, keys: list[DatabaseKey], *, fid: str,
                       backup_key: DatabaseKey | None, authorize: Callable[[Engine], None]) -> tuple[BackupInfo, Path]:
    """Put `source` in place of a file that cannot be opened. `keys` are the file's keys (from the
    account's slot or the recovery code); `authorize` checks the account against the backup's own
    accounts and raises if it may not restore. The file's lock is held throughout. Returns the
    backup's facts and where the damaged file was kept; the caller opens the file and records."""
    source = Path(source)
    key, info = _backup_key(source, keys, backup_key)
    lock = take_lock(path)
    try:
        probe = make_engine(source, key, probe=True)
        try:
            validate_key(probe)
            authorize(probe)
            tmp = path.with_name(path.name + ".restoring")
            with private_umask():  # the restored file is this user's only from its first byte
                backup.export_copy(probe, tmp, keys[0], salt=fid)
        finally:
            probe.dispose()
        kept = keep_damaged(path)
        with storage_errors():
            backup.replace_durably(tmp, path)
    finally:
        lock.release()
    return info, kept


def require_admin_in_backup(engine: Engine, user: str, password: str) -> None:
    """Restoring a file that does not open: the account must be an active administrator in the
    backup being restored (the damaged file cannot say who its administrators are)."""
    from sqlalchemy import text

    from core.model import Role
    from core.services.accounts import allows, verify_password

    with storage_errors(), engine.connect() as conn:
        row = conn.execute(text("SELECT password_hash, role, active FROM account WHERE user_name = :u"),
                           {"u": user}).first()
    if row is None or not row.active or not verify_password(password, row.password_hash):
        raise NotPermitted(f"备份中没有可用的账户 {user}，或密码与备份中的不符，未恢复。")
    if not allows(Role[row.role], "settings"):
        raise NotPermitted(f"只有管理员可以从备份恢复（{user} 在备份中不是管理员），未恢复。")


def admin_in_backup(source: Path, key: DatabaseKey, user: str, password: str) -> None:
    """The same check before anything is asked or moved (the window asks it first)."""
    probe = make_engine(Path(source), key, probe=True)
    try:
        validate_key(probe)
        require_admin_in_backup(probe, user, password)
    finally:
        probe.dispose()


def _backup_key(source: Path, keys: list[DatabaseKey], backup_key: DatabaseKey | None) -> tuple[DatabaseKey, BackupInfo]:
    """The key the backup opens with: its own passphrase if given, else one of the file's keys."""
    for key in [backup_key] if backup_key is not None else keys:
        try:
            return key, _checked(source, key)
        except WrongKeyOrDamaged:
            continue
    raise WrongKeyOrDamaged("备份文件无法用本数据文件的密钥打开：它由别的密钥（或单独的备份口令）加密，或已损坏。"
                            "如是单独口令的备份，请同时给出备份口令。当前数据文件未作任何改动。")
