"""What the 数据安全 panel runs on the op runner's worker: the file check, the list of automatic
backups, backing up and restoring. No Qt here (these run off the GUI thread) and no database
layer (that stays in core): only core.keeping.backups, core.keeping.health, core.keeping.anchor and Office."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from core.documents import font_settings
from core.errors import HuiwuError
from core.keeping import anchor, backups
from core.keeping.backups import BackupInfo, RestoreResult
from core.keeping.health import CheckReport, run_checks
from core.office import Office
from core.store.backup import backup_dir
from core.store.keys import DatabaseKey

# The checks whose failure means the file's contents cannot be trusted: offer the latest backup.
RESTORE_WORTHY = ("integrity_check", "cipher_integrity_check", "foreign_key_check", "audit_chain", "audit_anchor")
DAMAGED_LABEL = "damaged"

# Row counts worth showing in a backup's preview, by table.
COUNT_NAMES = (("topic", "议题"), ("meeting", "会议"), ("minutes", "纪要"), ("follow_up", "督办事项"),
               ("person", "人员"), ("department", "单位"), ("account", "账户"), ("audit", "审计记录"))


@dataclass(frozen=True)
class BackupFile:
    path: Path
    modified: dt.datetime
    size: int
    kind: str  # 每日自动备份, 恢复前自动备份, 升级前自动备份, 备份

    @property
    def size_text(self) -> str:
        return size_text(self.size)


@dataclass(frozen=True)
class CheckOutcome:
    report: CheckReport
    lines: list[tuple[bool, str]]        # (passed, "✓ 名称：通过")
    offer_restore: bool
    latest: BackupFile | None            # the newest automatic backup, when restore is offered


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def counts_text(info: BackupInfo) -> str:
    return "，".join(f"{name} {info.counts[table]} 条" for table, name in COUNT_NAMES if table in info.counts)


def _kind(name: str) -> str:
    if name.endswith(f"-{backups.DAILY}"):
        return "每日自动备份"
    if name.endswith("-pre-restore"):
        return "恢复前自动备份"
    if "-pre-" in name:
        return "升级前自动备份"
    return "备份"


def automatic_backups(office: Office) -> list[BackupFile]:
    """The copies in the file's backup folder, newest first (kept copies of a damaged file and
    half-written temporary files are not backups)."""
    folder = backup_dir(office.path)
    if not folder.is_dir():
        return []
    suffix = office.path.suffix or ".db"
    found = []
    for p in folder.iterdir():
        if not (p.is_file() and p.name.startswith(office.path.stem + "-") and p.name.endswith(suffix)):
            continue
        stem = p.name[: -len(suffix)]
        if stem.endswith(f"-{DAMAGED_LABEL}"):
            continue
        stat = p.stat()
        found.append(BackupFile(p, dt.datetime.fromtimestamp(stat.st_mtime), stat.st_size, _kind(stem)))
    return sorted(found, key=lambda b: (b.modified, b.path.name), reverse=True)


def check_file(office: Office) -> CheckOutcome:
    """`huiwu check`'s checks. On a damaged page run_checks itself may fail reading the audit
    table; the checks are then made one by one, each failure named, and restore offered."""
    report = run_checks(office)  # a damaged audit table is reported as a finding, not raised
    lines = []
    for key, line in zip(report.results, report.lines(), strict=True):
        lines.append((not report.results[key], line))
    offer = any(report.results.get(k) for k in RESTORE_WORTHY)
    backups_found = automatic_backups(office) if offer else []
    return CheckOutcome(report, lines, offer, backups_found[0] if backups_found else None)


def inspect_backup(path: Path, key: DatabaseKey) -> BackupInfo:
    return backups.inspect(path, key)


def restore(office: Office, source: Path, key: DatabaseKey) -> RestoreResult:
    """core.keeping.backups.restore (which keeps a damaged current file aside when it cannot be backed up)."""
    return backups.restore(office, source, key)


def backup_now(office: Office, folder: Path, key: DatabaseKey | None) -> BackupInfo:
    return backups.backup_to_folder(office, folder, key=key)


def open_checks(office: Office) -> list[str]:
    """At start (on the worker, after the file opened): the daily backup, then the anchor.
    A failing daily backup does not stop the program; it is said along with the anchor's word."""
    warnings = []
    font_settings.apply(office)  # the font files chosen in 设置 print this office's documents
    try:
        backups.daily_backup(office)
    except HuiwuError as error:
        warnings.append("今天的自动备份未能完成：" + error.message)
    try:
        warnings += anchor.problems(office)
    except Exception as error:  # noqa: BLE001 - a damaged audit table raises driver errors here
        warnings.append("无法与审计锚点比对：" + (getattr(error, "message", None) or str(error).splitlines()[0]))
    return warnings


def save_anchor_and_close(office: Office) -> None:
    """On a clean quit (on the worker): advance the anchor, then release the file."""
    try:
        if not office.locked:
            anchor.save(office)
    except Exception:  # noqa: BLE001 - never keep the file from being released
        pass  # the anchor stays where it was; the next start compares with it
    finally:
        office.close()
