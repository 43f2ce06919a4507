"""更换密钥: a new database key K, kept as the key file's *pending* entry while the file is re-encrypted.

`PRAGMA rekey` survives kill -9 but leaves open which key the file is under afterwards
(RELIABILITY.md finding 7, recipe R5). So, with the key file (core.keeping.keyfile):

1. the new K is sealed under the file's wrapping key W as the key file's `pending` entry, beside
   the current `master`; the key file is written whole, fsynced and renamed before anything else;
2. the file is re-encrypted (`Office.change_key`; the file lock is held throughout);
3. the key file is written again with the new K as `master` and no pending entry; the change is
   audited; a rekey that failed and was rolled back drops the pending entry and is audited too;
4. a fresh backup is made under the new key (older backups stay under the old one).

Killed anywhere in between, the file opens with exactly one of the two keys, and the key file
holds both: opening through an account tries master, then pending, and `Office.open_as` settles
the key file by whichever opened the file (audited as FINISHED_AFTER_CRASH or NOT_FINISHED_BEFORE).

W does not change, so no key slot changes: every account opens the file with its own password
afterwards, and no one has to be told. The recovery code is K itself: the caller shows the new
one and has it confirmed before calling `rotate`. A file protected by a passphrase (a file from
before key slots made on a computer without a keyring) is rotated to a raw key like any other:
the pending key lives in the key file, not in the user's memory.

A file without key slots (from before them, not yet opened by an administrator) is refused: there
is no key file to keep the pending key in. An administrator's login gives it key slots.

`settle_after_open` is only for files from before key slots whose rotation by an earlier version
of the program (which kept the pending key in the keyring) was cut short.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import HuiwuError, Invalid, StorageError
from core.keeping import backups, keyfile
from core.services.accounts import NotPermitted
from core.store.engine import storage_errors
from core.store.keys import Passphrase, RawKey
from core.store.keystore import KeyringSource, Settled

if TYPE_CHECKING:
    from core.office import Office

EVENT = "数据.更换密钥"
DONE = "已更换数据文件密钥，原恢复密钥作废（文件标识不变）"
FINISHED_AFTER_CRASH = "密钥更换已在上次中断后完成"
NOT_FINISHED_BEFORE = "上次密钥更换未完成，仍使用原密钥"

NOT_ADMIN = "只有管理员可以更换数据文件的密钥。请用管理员账户登录后办理。"
NO_KEY_SLOTS = ("本数据文件尚未启用账户密钥，不能更换密钥：更换期间新旧两把密钥都要存放在数据文件旁的密钥文件中，"
                "中途断电或程序被强行结束后才能确定文件改用了哪把密钥。请先用管理员账户登录一次"
                "（登录时自动启用账户密钥），再更换密钥。数据文件未作任何改动。")
SAME_KEY = "新密钥与原密钥相同，未更换。"
PENDING_NOT_KEPT = "密钥文件未能保存新密钥，密钥未更换，数据文件未作任何改动。"
OLD_BACKUPS = ("更换之前的备份（自动备份和手动备份）仍由原密钥加密：从这些备份恢复时，须输入原来的{old}。"
               "请把{sheet}与这些备份一起保管，待不再需要这些备份时再销毁。")


@dataclass(frozen=True)
class RotationResult:
    backup: Path | None                # the fresh backup under the new key (None if it failed)
    warnings: tuple[str, ...] = ()
    was_passphrase: bool = False       # the file was protected by a passphrase until now

    @property
    def message(self) -> str:
        lines = ["数据文件的密钥已更换。新的恢复密钥即日起生效，原"
                 + ("口令" if self.was_passphrase else "恢复密钥") + "不能再打开数据文件；各账户仍用各自的密码登录。"]
        if self.backup is not None:
            lines.append(f"已用新密钥备份一次：{self.backup.name}。")
        lines.append(OLD_BACKUPS.format(old="口令", sheet="原口令的记录") if self.was_passphrase
                     else OLD_BACKUPS.format(old="恢复密钥", sheet="原恢复密钥单"))
        return "\n\n".join(lines + list(self.warnings))


def check_may_rotate(office: Office) -> None:
    """Refuse in Chinese before any code is shown: not an administrator, or no key slots."""
    if not office.can("settings"):
        raise NotPermitted(NOT_ADMIN)
    office.key_for_backup()  # locked (idle lock): OfficeLocked, not "no key slots"
    if not office.has_key_slots:
        raise Invalid(NO_KEY_SLOTS)


def rotate(office: Office, new_key: RawKey) -> RotationResult:
    """Re-encrypt the file under `new_key` (whose recovery code the user has confirmed)."""
    check_may_rotate(office)
    old = office.key_for_backup()
    if new_key == old:
        raise Invalid(SAME_KEY)
    _keep_pending(office, new_key)
    try:
        office.change_key(new_key)
    except HuiwuError as error:
        _gave_up(office, error)
        raise
    warnings = _promote(office)
    try:
        office.audit_event(EVENT, DONE)
    except HuiwuError as error:  # the file is under the new key now: never report that as a failure
        warnings.append("密钥已更换，但审计记录未能写入（" + error.message + "）。请检查磁盘空间后运行文件检查。")
    _forget_old_keyring_entry(office)
    made, more = _fresh_backup(office)
    return RotationResult(made, tuple(warnings + more), was_passphrase=isinstance(old, Passphrase))


def _keep_pending(office: Office, new_key: RawKey) -> None:
    """The new key in the key file, sealed beside the current one, on disk before the file changes."""
    with storage_errors():  # a full disk here is a refusal in Chinese, with nothing changed
        office.sync_keyfile(pending=new_key)
        kept = keyfile.load(office.path)
    if kept is None or kept.pending is None or kept.file_id != office.file_id:
        raise StorageError(PENDING_NOT_KEPT)  # never rekey to a key the key file did not keep


def _gave_up(office: Office, error: HuiwuError) -> None:
    """The rekey failed and was rolled back: the pending key goes. If the office could not tell
    which key the file is under (it is then locked), both stay for the next open to sort out."""
    if office.locked:
        return
    with contextlib.suppress(HuiwuError), storage_errors():  # the error being raised is the one to show
        office.sync_keyfile()
    with contextlib.suppress(HuiwuError):
        office.audit_event(EVENT, f"更换密钥未成功，仍使用原密钥：{error.message}", success=False)


def _promote(office: Office) -> list[str]:
    """The new key becomes the key file's current one; the pending entry goes in the same write."""
    try:
        with storage_errors():
            office.sync_keyfile()
    except HuiwuError as error:
        return ["密钥文件暂时未能更新（" + error.message + "）。新密钥已作为待用项保存在密钥文件中，"
                "下次登录打开时会自动完成更新。"]
    return []


def _forget_old_keyring_entry(office: Office) -> None:
    """A keyring entry for this file (a file from before key slots, or one whose key was kept there
    at first run) holds the old key: it no longer opens the file, only the older backups, so it goes."""
    store = office.key_store
    if store is None:
        return
    with contextlib.suppress(HuiwuError):
        if store.get(office.file_id) is not None:
            store.delete(office.file_id)


def settle_after_open(office: Office, source: KeyringSource, key: RawKey) -> None:
    """On open of a file from before key slots whose rotation by an earlier version (pending key in
    the keyring) was cut short: the keyring follows the key that worked, and the audit says so."""
    outcome = source.settle(office.path, key)
    if outcome is Settled.PROMOTED:
        office.audit_event(EVENT, FINISHED_AFTER_CRASH)
    elif outcome is Settled.DROPPED:
        office.audit_event(EVENT, NOT_FINISHED_BEFORE, success=False)


def _fresh_backup(office: Office) -> tuple[Path | None, list[str]]:
    try:
        made = backups.daily_backup_now(office)
        info = backups.inspect(made, office.key_for_backup())
    except HuiwuError as error:
        return None, ["更换后的自动备份未能完成：" + error.message + "请尽快在“备份与恢复”中手动备份。"]
    if not info.ok:
        return None, ["更换后的自动备份校验未通过：" + "；".join(info.problems) + "。请尽快手动备份。"]
    return made, []
