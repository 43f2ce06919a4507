"""Backups (issue 6 §4): a daily encrypted backup on open keeping the last N, and a manual backup
to a chosen folder (optionally under a separate passphrase) verified after writing. Never a plain
copy of a live file: every copy goes through sqlcipher_export (core.store.backup). Restore is
core.keeping.restore."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from core.errors import HuiwuError, Invalid, NotPermitted, WrongKeyOrDamaged
from core.store import backup, schema
from core.store.engine import make_engine, storage_errors, validate_key
from core.store.health import integrity_problems
from core.store.keys import DatabaseKey

if TYPE_CHECKING:
    from core.office import Office

# Row counts worth showing in a backup's preview, by table.
COUNT_NAMES = (("topic", "议题"), ("meeting", "会议"), ("minutes", "纪要"), ("follow_up", "督办事项"),
               ("person", "人员"), ("department", "单位"), ("account", "账户"), ("audit", "审计记录"))

# Who may make a manual backup (a copy of everything): 管理员 and 秘书, in every door.
BACKUP_ACTION = "workflow"

KEEP_SETTING = "backup_keep"
DEFAULT_KEEP = 14
DAILY = "daily"
MANUAL = "备份"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: dt.datetime
    revision: str
    counts: dict[str, int]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def counts_text(info: BackupInfo) -> str:
    return "，".join(f"{name} {info.counts[table]} 条" for table, name in COUNT_NAMES if table in info.counts)


def table_counts(engine: Engine) -> dict[str, int]:
    with storage_errors(), engine.connect() as conn:
        names = [r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {n: int(conn.exec_driver_sql(f'SELECT count(*) FROM "{n}"').scalar() or 0) for n in names}


def inspect(path: Path, key: DatabaseKey) -> BackupInfo:
    """Open a backup read-only with its key: integrity, cipher integrity, revision and row counts."""
    try:
        return _inspect(path, key)
    except HuiwuError as error:
        raise WrongKeyOrDamaged(UNREADABLE, detail=error.message) from error


UNREADABLE = "备份文件无法读取：密钥（或备份口令）不正确，或备份文件已损坏。当前数据文件未作任何改动。"


def _inspect(path: Path, key: DatabaseKey) -> BackupInfo:
    engine = make_engine(path, key, probe=True)
    try:
        validate_key(engine)
        problems = [f"{name}：{p}" for name, found in integrity_problems(engine).items() for p in found]
        counts = table_counts(engine)
        with storage_errors(), engine.connect() as conn:
            revision = schema.current_revision(conn) or ""
        if not revision:
            problems.append("不是会务数据文件")
    finally:
        engine.dispose()
    created = dt.datetime.fromtimestamp(path.stat().st_mtime)
    return BackupInfo(path, created, revision, counts, tuple(problems))


def daily_backup(office: Office, *, now: dt.datetime | None = None) -> Path | None:
    """Once a day on open: an encrypted copy beside the file; keeps the newest N daily copies."""
    now = now or dt.datetime.now()
    folder = backup.backup_dir(office.path)
    today = now.strftime("%Y%m%d")
    if any(p.name.startswith(f"{office.path.stem}-{today}") and p.name.endswith(f"-{DAILY}{_suffix(office)}")
           for p in _daily(office)):
        return None
    made = daily_backup_now(office, now=now)
    assert made.parent == folder
    return made


def daily_backup_now(office: Office, *, now: dt.datetime | None = None) -> Path:
    """A daily copy now, even if today's exists (after a key change today's is under the old key);
    the newest N daily copies are kept, as for the one made on open."""
    now = now or dt.datetime.now()
    dest = backup.dated_name(office.path, DAILY, now)
    while dest.exists():  # made within the same second: never overwrite a copy (it may be under the old key)
        now += dt.timedelta(seconds=1)
        dest = backup.dated_name(office.path, DAILY, now)
    made = office.backup_to(dest)
    keep = _keep(office)
    for old in sorted(_daily(office))[:-keep]:
        old.unlink(missing_ok=True)
    for stale in _daily(office, unfinished=True):
        stale.unlink(missing_ok=True)  # left by a copy cut short (kill -9): never a backup, only space
    return made


def _daily(office: Office, *, unfinished: bool = False) -> list[Path]:
    """The daily copies, or (`unfinished`) the temporary files of daily copies never finished."""
    folder = backup.backup_dir(office.path)
    if unfinished:
        return _unfinished(folder, office.path.stem, DAILY, _suffix(office))
    return _copies(folder, office.path.stem, DAILY, _suffix(office), "")


def _unfinished(folder: Path, stem: str, label: str, suffix: str) -> list[Path]:
    return _copies(folder, stem, label, suffix, r"\.tmp(-journal)?")


def _copies(folder: Path, stem: str, label: str, suffix: str, tail: str) -> list[Path]:
    if not folder.is_dir():
        return []
    pattern = re.compile(rf"^{re.escape(stem)}-\d{{8}}-\d{{6}}-{label}{re.escape(suffix)}{tail}$")
    return [p for p in folder.iterdir() if pattern.match(p.name)]


def _suffix(office: Office) -> str:
    return office.path.suffix or ".db"


def _keep(office: Office) -> int:
    try:
        return max(1, int(office.settings.get(KEEP_SETTING) or DEFAULT_KEEP))
    except ValueError:
        return DEFAULT_KEEP


def may_back_up(office: Office) -> bool:
    return office.can(BACKUP_ACTION)


def backup_to_folder(office: Office, folder: Path, *, key: DatabaseKey | None = None,
                     now: dt.datetime | None = None) -> BackupInfo:
    """A manual backup (e.g. to removable media), under the file's key or a separate passphrase,
    verified after writing: it opens, both integrity checks pass, and the row counts match."""
    if not may_back_up(office):
        raise NotPermitted("只有管理员和秘书可以备份数据文件（备份含全部数据）。")
    folder = Path(folder)
    if not folder.is_dir():
        raise Invalid(f"备份位置不存在或不是文件夹：{folder}")
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    dest = folder / f"{office.path.stem}-{stamp}-{MANUAL}{_suffix(office)}"
    for stale in _unfinished(folder, office.path.stem, MANUAL, _suffix(office)):
        stale.unlink(missing_ok=True)  # left by a backup cut short (kill -9): never a backup, only space
    expected = table_counts(office.engine)
    made = office.backup_to(dest, key=key)
    info = inspect(made, key or office.key_for_backup())
    problems = list(info.problems)
    if info.counts != expected:
        problems.append("备份中的记录数与数据文件不一致")
    if problems:
        made.unlink(missing_ok=True)
        raise HuiwuError("备份写入后校验未通过，已删除该备份：" + "；".join(problems))
    office.audit_event("数据.备份", f"备份到 {dest.name}（{'单独口令' if key else '原密钥'}）")
    return info
