"""What the 数据安全 panel and the open-failure dialog run on the op runner's worker: the file
check, the list of backups beside the file, backing up and restoring, and restoring a file that
does not open. No Qt here (these run off the GUI thread) and no database layer (that stays in
core): only core.keeping and Office."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from core.documents import font_settings
from core.errors import HuiwuError, WrongKeyOrDamaged
from core.keeping import anchor, backups
from core.keeping.backups import BackupInfo
from core.keeping.health import CheckReport, run_checks
from core.keeping.keys import DatabaseKey, backup_dir
from core.keeping.restore import RestorePlan, RestoreResult
from core.office import Office

if TYPE_CHECKING:
    from core.keeping.keys import KeyStore

# The checks whose failure means the file's contents cannot be trusted: offer the latest backup.
RESTORE_WORTHY = ("integrity_check", "cipher_integrity_check", "foreign_key_check", "audit_chain", "audit_anchor")
DAMAGED_LABEL = "damaged"


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


def _kind(name: str) -> str:
    if name.endswith(f"-{backups.DAILY}"):
        return "每日自动备份"
    if name.endswith("-pre-restore"):
        return "恢复前自动备份"
    if "-pre-" in name:
        return "升级前自动备份"
    return "备份"


def automatic_backups(office: Office) -> list[BackupFile]:
    return backups_beside(office.path)


def backups_beside(path: Path) -> list[BackupFile]:
    """The copies in the file's backup folder (daily, before a restore, before an upgrade, manual),
    newest first; kept copies of a damaged file and half-written temporary files are not backups."""
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    suffix = path.suffix or ".db"
    found = []
    for p in folder.iterdir():
        if not (p.is_file() and p.name.startswith(path.stem + "-") and p.name.endswith(suffix)):
            continue
        stem = p.name[: -len(suffix)]
        if stem.endswith(f"-{DAMAGED_LABEL}"):
            continue
        found.append(backup_file(p, _kind(stem)))
    return sorted(found, key=lambda b: (b.modified, b.path.name), reverse=True)


def backup_file(path: Path, kind: str = "其他位置的备份") -> BackupFile:
    stat = path.stat()
    return BackupFile(path, dt.datetime.fromtimestamp(stat.st_mtime), stat.st_size, kind)


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


@dataclass(frozen=True)
class Preview:
    info: BackupInfo
    plan: RestorePlan | None  # None when the backup fails its checks (nothing to restore from it)


def preview_backup(office: Office, path: Path, key: DatabaseKey) -> Preview:
    """What the backup holds and what restoring it means for the history (own history or not, how
    many audit records are lost). A wrong key raises WrongKeyOrDamaged, as inspect does."""
    from core.keeping import restore as restoring

    try:
        chosen = restoring.plan(office, path, key)
    except WrongKeyOrDamaged:
        raise
    except HuiwuError:
        info = inspect_backup(path, key)
        if info.ok:
            raise  # not the backup's checks: another refusal (a newer schema…), said as it is
        return Preview(info, None)
    return Preview(chosen.info, chosen)


def restore(office: Office, source: Path, key: DatabaseKey) -> RestoreResult:
    """core.keeping.restore.restore (which keeps a damaged current file aside when it cannot be backed up)."""
    from core.keeping import restore as restoring

    return restoring.restore(office, source, key)


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


# --- a file that does not open (issue 11 §5) ------------------------------------------------------

@dataclass(frozen=True)
class Credentials:
    """Who asks, for a file that does not open: an account's name and password (its key slot gives
    the file's key) and, where the key file is missing or damaged, the recovery code instead."""
    user: str
    password: str
    code: DatabaseKey | None = None
    backup_key: DatabaseKey | None = None  # a backup under its own passphrase


def has_key_slots(path: Path) -> bool:
    """Whether the key file beside `path` holds at least one account's slot (KeyFileDamaged if it
    cannot be read)."""
    from core.keeping import keyfile

    kept = keyfile.load(path)
    return kept is not None and bool(kept.slots)


def file_keys(path: Path, who: Credentials, store: KeyStore | None = None) -> list[DatabaseKey]:
    """The keys the file should open with, without opening it: the recovery code, else the
    account's slot (the password proven by the slot, a wrong one counted there), else — for a file
    from before key slots — the keyring."""
    from core.keeping import keyfile, slots
    from core.office import NoKeySlots

    if who.code is not None:
        return [who.code]
    kept = keyfile.load(path)
    if kept is not None and kept.slots:
        return slots.candidate_keys(kept, slots.unlock(path, kept, who.user, who.password))
    if store is not None:
        from core.keeping.keys import KeyringSource

        return [*KeyringSource(store).candidates(path)]
    raise NoKeySlots()


def check_unopenable(path: Path, who: Credentials, store: KeyStore | None = None) -> list[tuple[bool, str]]:
    """What `huiwu check` says of a file that does not open: (passed, line) for each check."""
    from core.keeping import health

    report = health.check_unopenable(path, file_keys(path, who, store))
    return [(not report.results[key], line) for key, line in zip(report.results, report.lines(), strict=True)]


@dataclass(frozen=True)
class Unopenable:
    info: BackupInfo   # the backup's facts
    kept: Path         # where the file that did not open was moved, as it was
    office: Office     # the restored file, open and logged in as the administrator who restored it
    by_code: bool = False  # opened with the recovery code (no key slot could give the key)


RESTORED_SUMMARY = "数据文件无法打开，原样移至 {kept}；由 {source}（{created:%Y-%m-%d %H:%M}）恢复。{before}"


def inspect_for_restore(path: Path, source: Path, who: Credentials, store: KeyStore | None = None) -> BackupInfo:
    """Before asking "restore?": the account's keys (a wrong password is refused here), the
    backup's facts under them (or under its own passphrase), and whether the account is an
    administrator in the backup (refused now, not after the confirmation)."""
    from core.keeping.restore import admin_in_backup

    keys = [who.backup_key] if who.backup_key is not None else file_keys(path, who, store)
    error: HuiwuError | None = None
    for key in keys:
        try:
            info = backups.inspect(source, key)
        except WrongKeyOrDamaged as exc:
            error = exc
            continue
        admin_in_backup(source, key, who.user, who.password)
        return info
    raise error or WrongKeyOrDamaged()


def restore_unopenable(path: Path, source: Path, who: Credentials, store: KeyStore | None = None) -> Unopenable:
    """Put `source` in place of a file that does not open, then open it as the administrator and
    record the restore with the anchor it replaces (as `huiwu restore` does): the account must be
    an active administrator in the backup itself; the file that did not open is moved into the
    backups folder with its WAL, not deleted; the backup keeps the file id, so the key slots and
    the anchor still belong to it."""
    from core.keeping import keyfile
    from core.keeping import restore as restoring
    from core.keeping.keys import file_id
    from core.keeping.restore import require_admin_in_backup

    keys = file_keys(path, who, store)
    key_file = keyfile.load(path)
    fid = key_file.file_id if key_file is not None else file_id(path)
    info, kept = restoring.restore_unopenable(
        path, source, keys, fid=fid, backup_key=who.backup_key,
        authorize=lambda engine: require_admin_in_backup(engine, who.user, who.password))
    office = _open_restored(path, who, store, keys)
    try:
        before = anchor.head_text(office)
        office.audit_event(restoring.EVENT, RESTORED_SUMMARY.format(
            kept=kept.name, source=source.name, created=info.created, before=before))
        anchor.save(office, force=True)  # the file went back on purpose: the anchor follows it
    except BaseException:
        office.close()
        raise
    return Unopenable(info, kept, office, by_code=who.code is not None)


def _open_restored(path: Path, who: Credentials, store: KeyStore | None, keys: list[DatabaseKey]) -> Office:
    if who.code is None and has_key_slots(path):
        return Office.open_as(path, who.user, who.password)
    if who.code is not None:
        office = Office.open_with_secret(path, who.code)
    elif store is not None:
        from core.keeping.keys import KeyringSource

        office = Office.open(path, KeyringSource(store))
    else:
        office = Office.open(path, keys[0])
    try:
        office.log_in(who.user, who.password)
    except BaseException:
        office.close()
        raise
    return office
