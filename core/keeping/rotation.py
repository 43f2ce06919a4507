"""更换密钥: a new database key, with a pending key in the keyring while the file is re-encrypted.

`PRAGMA rekey` survives kill -9 but leaves open which key the file is under afterwards
(RELIABILITY.md finding 7, recipe R5). So:

1. the new key is stored in the keyring as the file's *pending* entry (and read back);
2. the file is re-encrypted (`Office.change_key`; the file lock is held throughout);
3. the pending key is promoted to current, the pending entry deleted, the change audited;
4. a fresh backup is made under the new key (older backups stay under the old one).

Killed anywhere in between, the next open tries current, then pending, and settles the keyring
by whichever opens the file (`settle_after_open`). The recovery code is the key itself: the
caller shows the new one and has it confirmed before calling `rotate`.

Files protected by a passphrase are refused: without a keyring there is nowhere to keep the
pending key, and a secretary could not tell after a crash which passphrase the file now wants.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import HuiwuError, Invalid, KeyStoreUnavailable
from core.keeping import backups
from core.services.accounts import NotPermitted
from core.store.keys import DatabaseKey, Passphrase, RawKey
from core.store.keystore import KeyringSource, KeyStore, Settled

if TYPE_CHECKING:
    from core.office import Office

EVENT = "数据.更换密钥"
DONE = "已更换数据文件密钥，原恢复密钥作废（文件标识不变）"
FINISHED_AFTER_CRASH = "密钥更换已在上次中断后完成"
NOT_FINISHED_BEFORE = "上次密钥更换未完成，仍使用原密钥"

NOT_ADMIN = "只有管理员可以更换数据文件的密钥。请用管理员账户登录后办理。"
PASSPHRASE_FILE = ("本数据文件由口令保护（本机没有可用的系统钥匙串），不支持更改口令：更改中途若断电或程序被强行结束，"
                   "将无法确定文件改用了哪个口令。请在有系统钥匙串的电脑上使用会务程序后再更换密钥。")
NO_KEYRING = ("本次是用恢复密钥打开的，系统钥匙串中没有保存本文件的密钥，新密钥无处安全存放，无法更换密钥。"
              "请先让系统钥匙串恢复可用并重新打开会务程序。")
OLD_BACKUPS = ("更换之前的备份（自动备份和手动备份）仍由原密钥加密：从这些备份恢复时，须输入原来的恢复密钥。"
               "请把原恢复密钥单与这些备份一起保管，待不再需要这些备份时再销毁。")


@dataclass(frozen=True)
class RotationResult:
    backup: Path | None                # the fresh backup under the new key (None if it failed)
    warnings: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        lines = ["数据文件的密钥已更换。新的恢复密钥即日起生效，原恢复密钥不能再打开数据文件。"]
        if self.backup is not None:
            lines.append(f"已用新密钥备份一次：{self.backup.name}。")
        lines.append(OLD_BACKUPS)
        return "\n\n".join(lines + list(self.warnings))


def key_store_for(office: Office) -> KeyStore:
    """The keyring to rotate in, or a refusal in Chinese (role, passphrase file, no keyring)."""
    if not office.can("settings"):
        raise NotPermitted(NOT_ADMIN)
    if isinstance(office.key_for_backup(), Passphrase):
        raise Invalid(PASSPHRASE_FILE)
    store = office.key_store
    if store is None:
        raise Invalid(NO_KEYRING)
    return store


def rotate(office: Office, new_key: RawKey) -> RotationResult:
    """Re-encrypt the file under `new_key` (whose recovery code the user has confirmed)."""
    if office.has_key_slots:
        return _rotate_in_key_file(office, new_key)
    store = key_store_for(office)
    old, fid = office.key_for_backup(), office.file_id
    if new_key == old:
        raise Invalid("新密钥与原密钥相同，未更换。")
    _store_pending(store, fid, old, new_key)
    try:
        office.change_key(new_key)
    except HuiwuError as error:
        _gave_up(office, store, fid, error)
        raise
    warnings = _promote(store, fid, new_key)
    office.audit_event(EVENT, DONE)
    made, more = _fresh_backup(office)
    return RotationResult(made, tuple(warnings + more))


def _rotate_in_key_file(office: Office, new_key: RawKey) -> RotationResult:
    """With key slots the pending key is kept in the key file, sealed like the current one: the
    slots themselves do not change, so no account has to set its password again."""
    if not office.can("settings"):
        raise NotPermitted(NOT_ADMIN)
    if new_key == office.key_for_backup():
        raise Invalid("新密钥与原密钥相同，未更换。")
    office.sync_keyfile(pending=new_key)  # written and fsynced before the file changes
    try:
        office.change_key(new_key)
    except HuiwuError as error:
        if not office.locked:  # rolled back: the file is under the old key, the pending one goes
            with contextlib.suppress(HuiwuError):
                office.sync_keyfile()
                office.audit_event(EVENT, f"更换密钥未成功，仍使用原密钥：{error.message}", success=False)
        raise
    office.sync_keyfile()  # the new key becomes the current one
    office.audit_event(EVENT, DONE)
    made, more = _fresh_backup(office)
    return RotationResult(made, tuple(more))


def settle_after_open(office: Office, source: KeyringSource, key: RawKey) -> None:
    """On open, after a rotation that was cut short: the keyring follows the key that worked."""
    outcome = source.settle(office.path, key)
    if outcome is Settled.PROMOTED:
        office.audit_event(EVENT, FINISHED_AFTER_CRASH)
    elif outcome is Settled.DROPPED:
        office.audit_event(EVENT, NOT_FINISHED_BEFORE, success=False)


def _store_pending(store: KeyStore, fid: str, old: DatabaseKey, new_key: RawKey) -> None:
    # The current entry must hold the key the file is under now: an earlier rotation whose
    # promotion failed may have left it behind, and a crash must never leave no working entry.
    if isinstance(old, RawKey) and store.get(fid) != old:
        store.put(fid, old)
    store.put_pending(fid, new_key)
    if store.get_pending(fid) != new_key:  # never rekey to a key the keyring did not keep
        store.delete_pending(fid)
        raise KeyStoreUnavailable("系统钥匙串未能保存新密钥，密钥未更换，数据文件未作任何改动。")


def _gave_up(office: Office, store: KeyStore, fid: str, error: HuiwuError) -> None:
    """The rekey failed and was rolled back: the pending key goes. If the office could not tell
    which key the file is under (it is then locked), both stay for the next open to sort out."""
    if office.locked:
        return
    with contextlib.suppress(HuiwuError):  # the error being raised is the one to show
        store.delete_pending(fid)
        office.audit_event(EVENT, f"更换密钥未成功，仍使用原密钥：{error.message}", success=False)


def _promote(store: KeyStore, fid: str, new_key: RawKey) -> list[str]:
    try:
        store.put(fid, new_key)
        store.delete_pending(fid)  # only after current holds the new key
    except HuiwuError as error:
        return ["系统钥匙串暂时未能更新（" + error.message + "）。新密钥仍保存在钥匙串的待用项中，"
                "下次打开时会自动完成更新。"]
    return []


def _fresh_backup(office: Office) -> tuple[Path | None, list[str]]:
    try:
        made = backups.daily_backup_now(office)
        info = backups.inspect(made, office.key_for_backup())
    except HuiwuError as error:
        return None, ["更换后的自动备份未能完成：" + error.message + "请尽快在“备份与恢复”中手动备份。"]
    if not info.ok:
        return None, ["更换后的自动备份校验未通过：" + "；".join(info.problems) + "。请尽快手动备份。"]
    return made, []
