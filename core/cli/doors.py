"""How a command gets at the file: always through a Huiwu account (issue 11 §1–2).

The account, not the OS account, is the boundary: secretaries of one office share a workstation.
`--user` / `HUIWU_USER` names it; the password comes from `--password-file`, `HUIWU_PASSWORD`, or the
terminal. The file opens through the account's key slot; the recovery code (`--passphrase-file`) or,
for a file from before key slots, the keyring gives the key instead, and the account logs in all
the same. Each command then asks the role's permission from the one table the windows use
(core.services.accounts.PERMISSIONS); a refusal is an audit record naming the account.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import FileMissing, HuiwuError, Invalid, NotPermitted

if TYPE_CHECKING:
    from core.office import Office
    from core.store.keys import DatabaseKey

ENV_USER = "HUIWU_USER"
ENV_PASSWORD = "HUIWU_PASSWORD"
ENV_PASSPHRASE = "HUIWU_PASSPHRASE"
DEFAULT_ADMIN = "admin"
REFUSED = "命令行.拒绝"


def typed_secret(args: argparse.Namespace) -> DatabaseKey | None:
    """The recovery code (or passphrase) a script passed, from a file or the environment."""
    from core.store.keys import key_from_text

    text = _read_text(args.passphrase_file, "恢复密钥文件") if args.passphrase_file else os.environ.get(ENV_PASSPHRASE, "")
    return key_from_text(text) if text.strip() else None


def credentials(args: argparse.Namespace, *, default_user: str = "") -> tuple[str, str]:
    user = (args.user or os.environ.get(ENV_USER) or default_user).strip()
    if args.password_file:
        password = _read_text(args.password_file, "密码文件").rstrip("\r\n")
    else:
        password = os.environ.get(ENV_PASSWORD, "")
    if not user and sys.stdin.isatty():
        user = input("用户名：").strip()
    if not password and sys.stdin.isatty():
        password = getpass.getpass("密码：")
    if not user or not password:
        raise Invalid("命令行也须以会务账户登录：请用 --user 指定用户名，并用 --password-file 指定含密码的文件"
                      f"（或环境变量 {ENV_USER}、{ENV_PASSWORD}；在终端中运行时会提示输入）。")
    return user, password


def _read_text(path: str, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise Invalid(f"无法读取{what} {path}：{getattr(exc, 'strerror', None) or exc}") from exc


def log_in(args: argparse.Namespace) -> Office:
    """The file opened and the account logged in, or a Chinese refusal."""
    from core.keeping import keyfile
    from core.office import Office

    if not args.db_path.is_file():  # said before asking for any password or key
        raise FileMissing(str(args.db_path))
    user, password = credentials(args)
    typed = typed_secret(args)
    if typed is None and keyfile.keyfile_path(args.db_path).exists():
        return Office.open_as(args.db_path, user, password)
    # The recovery code, or a file from before key slots whose key is in the keyring: the
    # account logs in all the same (an administrator's first login makes the slots).
    office = (Office.open_with_secret(args.db_path, typed) if typed is not None
              else Office.open(args.db_path, _keyring()))
    try:
        office.log_in(user, password)
    except BaseException:
        office.close()
        raise
    return office


def keys_without_opening(args: argparse.Namespace) -> list[DatabaseKey]:
    """The keys the file should open with, for a file too damaged to open: the recovery code,
    or the account's slot (its password proven by the slot itself)."""
    from core.keeping import keyfile, slots

    typed = typed_secret(args)
    if typed is not None:
        return [typed]
    key_file = keyfile.load(args.db_path)
    if key_file is None:
        from core.office import NoKeySlots

        raise NoKeySlots()
    user, password = credentials(args)
    return slots.candidate_keys(key_file, slots.unlock(args.db_path, key_file, user, password))


def _keyring():  # type: ignore[no-untyped-def]
    from core.store.keystore import KeyringSource, SystemKeyStore

    return KeyringSource(SystemKeyStore())


def require(office: Office, action: str, what: str) -> None:
    """Refuse a command the account's role may not run (`working` records the refusal)."""
    if not office.can(action):
        raise NotPermitted(f"当前账户（{office.user}）的角色不能{what}。")


def record_refusal(office: Office, what: str, error: HuiwuError) -> None:
    office.audit_event(REFUSED, f"{what}：{error.message}", success=False)


def opened(args: argparse.Namespace, action: str, what: str) -> AbstractContextManager[Office]:
    """Log in, check the role, run the command (see `working`)."""
    return working(log_in(args), action, what)


@contextmanager
def working(office: Office, action: str, what: str) -> Iterator[Office]:
    """Check the role and run the command; on success the audit anchor advances. A refusal by a
    service (the role, met deeper down) is recorded too, then shown."""
    try:
        require(office, action, what)
        yield office
    except NotPermitted as refusal:
        if not office.locked:
            record_refusal(office, what, refusal)
        office.close()
        raise
    except BaseException:
        office.close()
        raise
    from core.keeping import anchor

    anchor.save(office)
    office.close()


@contextmanager
def created(args: argparse.Namespace, office_name: str, *, first_admin: bool = True,
            fill: Callable[[Office], None] | None = None) -> Iterator[Office]:
    """A new file under a new random key (or the recovery code a script gave), its recovery code
    shown once; with `first_admin` the account named by --user (default admin) is its administrator."""
    from core.office import Office
    from core.store import recovery
    from core.store.keys import RawKey

    if first_admin:
        user, password = credentials(args, default_user=DEFAULT_ADMIN)
    typed = typed_secret(args)
    key = typed if typed is not None else RawKey.generate()
    office = Office.create(args.db_path, key, office_name, fill=fill)
    try:
        if first_admin:
            office.accounts.create_first_admin(user, password)
            office.log_in(user, password)
        yield office
        if typed is None:
            assert isinstance(key, RawKey)
            _show_recovery_code(args, office, recovery.encode(key.secret), office_name)
    except BaseException:
        office.close()
        raise
    from core.keeping import anchor

    anchor.save(office)
    office.close()


def _show_recovery_code(args: argparse.Namespace, office: Office, code: str, office_name: str) -> None:
    print("数据文件已创建。凭账户密码打开；账户密码全部遗失时，只有恢复密钥能打开它。")
    print("恢复密钥（请抄写或打印后妥善保管，不要与数据文件放在一起）：")
    print("  " + code)
    sheet = getattr(args, "recovery_sheet", None)
    if sheet:
        import datetime as dt

        from core.documents import recovery_sheet

        recovery_sheet.render(Path(sheet), code, file_id=office.file_id, office_name=office_name,
                              created=dt.date.today())
        print(f"恢复密钥单已保存：{sheet}（打印后请删除该文件）")
