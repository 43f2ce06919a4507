"""Typed errors. Each carries a Chinese message a secretary can act on.

`exit_code` is what the command line returns for it: 1 refused (a rule or invalid input),
3 the file cannot be opened.
"""

from __future__ import annotations


class HuiwuError(Exception):
    """Base of every error the program explains to the user."""

    exit_code = 1
    message = "操作未能完成。"

    def __init__(self, message: str | None = None, *, detail: str | None = None) -> None:
        self.message = message or type(self).message
        self.detail = detail
        super().__init__(self.message)


# --- the file cannot be opened (exit code 3) -------------------------------------------

class CannotOpen(HuiwuError):
    exit_code = 3
    message = "无法打开会务数据文件。"


class WrongKeyOrDamaged(CannotOpen):
    # SQLCipher cannot tell a wrong key from a damaged page 1: both read as "not a database".
    message = ("密钥不正确，或数据文件已损坏，无法打开。"
               "请核对恢复密钥或口令；若确认无误，文件可能已损坏，请从备份恢复。文件未作任何改动。")


class NotHuiwuFile(CannotOpen):
    message = "该文件不是会务数据文件（能解密，但其中没有会务数据）。文件未作任何改动。"


class FileLocked(CannotOpen):
    message = "该数据文件正由另一个正在运行的会务程序使用。请切换到那个窗口，或先将其关闭。"


class NewerSchema(CannotOpen):
    message = "该数据文件由更新版本的会务程序创建（数据结构版本 {rev}），请升级本程序后再打开。文件未作任何改动。"

    def __init__(self, revision: str) -> None:
        super().__init__(type(self).message.format(rev=revision))
        self.revision = revision


class FileMissing(CannotOpen):
    message = "找不到数据文件：{path}"

    def __init__(self, path: str) -> None:
        super().__init__(type(self).message.format(path=path))


# --- keys ------------------------------------------------------------------------------

class KeyStoreUnavailable(HuiwuError):
    exit_code = 3
    message = ("系统钥匙串不可用或已被锁定，无法自动取得数据文件的密钥。"
               "请重试，或输入恢复密钥（或口令）打开。")


class KeyMissing(HuiwuError):
    exit_code = 3
    message = "系统钥匙串中没有这个数据文件的密钥。请输入恢复密钥（或口令）打开；程序不会为已有文件生成新密钥。"


class InvalidRecoveryCode(HuiwuError):
    message = "恢复密钥格式不正确：{why}"

    def __init__(self, why: str) -> None:
        super().__init__(type(self).message.format(why=why))
        self.why = why


class WeakPassphrase(HuiwuError):
    message = "口令至少需要 10 个字符。"


class TooManyAttempts(HuiwuError):
    exit_code = 3
    message = "恢复密钥连续输错 {n} 次，请 {minutes} 分钟后再试。"

    def __init__(self, n: int, minutes: int) -> None:
        super().__init__(type(self).message.format(n=n, minutes=minutes))


# --- storage ---------------------------------------------------------------------------

class StorageFull(HuiwuError):
    message = "磁盘空间不足（或超出文件大小限制），本次修改未保存。请清理磁盘空间后再保存，已有数据未受影响。"


class StorageError(HuiwuError):
    message = "读写数据文件时出错，本次修改未保存，已有数据未受影响。"


# --- refusals (exit code 1) ------------------------------------------------------------

class Invalid(HuiwuError):
    """Input the program refuses; nothing was written."""

    message = "输入无效。"


class RuleRefusal(HuiwuError):
    """A work rule forbids the action; the message cites the article."""

    message = "《工作规则》不允许此操作。"


class NotPermitted(HuiwuError):
    """The logged-in account's role may not do this (core.services.accounts.PERMISSIONS)."""

    message = "当前账户无权进行此操作，请由管理员办理。"


class NotFound(HuiwuError):
    message = "找不到该记录，可能已被修改。"


class ImportRejected(Invalid):
    """An import file with errors; nothing was written. `problems` lists (row, reason)."""

    def __init__(self, problems: list[tuple[int | str, str]], what: str = "导入文件") -> None:
        lines = [f"第 {row} 行：{why}" if isinstance(row, int) else f"{row}：{why}" for row, why in problems]
        shown = "\n".join(lines[:50]) + (f"\n……另有 {len(lines) - 50} 处问题" if len(lines) > 50 else "")
        super().__init__(f"{what}有 {len(problems)} 处问题，未导入任何数据：\n{shown}")
        self.problems = problems
