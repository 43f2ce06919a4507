"""Password policy and login lockout as pure functions (等保 2.0 身份鉴别; RELIABILITY.md R18).

GB/T 22239-2019 sets no numbers; the defaults are the values assessors usually expect
(finding 10): at least 8 characters from at least 3 classes, 5 failures lock the account
for 15 minutes, 10 idle minutes lock the window, a password older than 90 days must be changed,
and none of the last 5 passwords (the current one included) may be used again. Every value can be changed in 设置.

Character classes: upper-case letters, lower-case letters, digits, symbols, and Chinese
characters (汉字) as a class of their own. A secretary's password such as “会务2026abc” then
counts three classes; treating 汉字 as symbols would count the same here but hide, in the
reason shown, what the user actually typed. Anything else (punctuation, spaces, other
scripts) is a symbol.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from core.rules.articles import Decision, Reason

UPPER = "大写字母"
LOWER = "小写字母"
DIGIT = "数字"
SYMBOL = "符号"
HANZI = "汉字"
CLASSES = (UPPER, LOWER, DIGIT, SYMBOL, HANZI)

MAX_LENGTH = 128  # the KDF takes any length; this only keeps a pasted document out
MAX_HISTORY = 24  # every remembered password costs one scrypt run (~50 ms) per change


@dataclass(frozen=True)
class Policy:
    min_length: int = 8
    min_classes: int = 3
    max_failures: int = 5
    lock_minutes: int = 15
    idle_minutes: int = 10
    max_age_days: int = 90  # 0: passwords do not expire
    history_count: int = 5  # the last N passwords, the current one included, may not be reused; 0: no check

    def problems(self) -> list[str]:
        """Why these values cannot be the policy (an empty list: they can)."""
        found = []
        if not 8 <= self.min_length <= 64:
            found.append("密码最小长度应在 8 至 64 之间")
        if not 3 <= self.min_classes <= len(CLASSES):
            found.append(f"密码至少包含的字符类别数应在 3 至 {len(CLASSES)} 之间")
        if not 1 <= self.max_failures <= 10:
            found.append("连续登录失败次数上限应在 1 至 10 之间")
        if not 1 <= self.lock_minutes <= 24 * 60:
            found.append("锁定时长应在 1 至 1440 分钟之间")
        if not 1 <= self.idle_minutes <= 60:
            found.append("无操作自动锁定时间应在 1 至 60 分钟之间")
        if not 0 <= self.max_age_days <= 365:
            found.append("密码有效期应在 0（不过期）至 365 天之间")
        if not 0 <= self.history_count <= MAX_HISTORY:
            found.append(f"不得重复使用的最近密码个数应在 0（不检查）至 {MAX_HISTORY} 之间")
        return found


DEFAULT = Policy()


def _is_hanzi(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


def char_class(ch: str) -> str:
    if _is_hanzi(ch):
        return HANZI
    if ch.isascii() and ch.isupper():
        return UPPER
    if ch.isascii() and ch.islower():
        return LOWER
    if ch.isascii() and ch.isdigit():
        return DIGIT
    # Full-width letters and digits, accented letters, punctuation, spaces: one more class.
    return SYMBOL


def classes_of(password: str) -> frozenset[str]:
    return frozenset(char_class(ch) for ch in password)


def password_problems(password: str, user_name: str, policy: Policy = DEFAULT) -> list[str]:
    """Every reason the password is refused, in Chinese; an empty list means it is acceptable."""
    found = []
    if len(password) < policy.min_length:
        found.append(f"密码至少需要 {policy.min_length} 个字符（现有 {len(password)} 个）")
    if len(password) > MAX_LENGTH:
        found.append(f"密码不能超过 {MAX_LENGTH} 个字符")
    classes = classes_of(password)
    if len(classes) < policy.min_classes:
        have = "、".join(c for c in CLASSES if c in classes) or "无"
        found.append(f"密码须包含大写字母、小写字母、数字、符号、汉字中的至少 {policy.min_classes} 类"
                     f"（现有：{have}）")
    if user_name and password.strip().casefold() == user_name.strip().casefold():
        found.append("密码不能与用户名相同")
    if any(unicodedata.category(ch) == "Cc" for ch in password):
        found.append("密码不能包含控制字符")
    return found


# --- reuse (R18: no reuse of the last N passwords) --------------------------------------------

def reuse_message(count: int) -> str:
    if count == 1:
        return "密码不能与该账户当前的密码相同"
    return f"密码不能与该账户最近 {count} 次使用过的密码相同（含当前密码）"


def check_not_reused(candidate: str, recent_hashes: Sequence[str], verify: Callable[[str, str], bool],
                     policy: Policy = DEFAULT) -> Decision:
    """R18: refused when the candidate matches one of the last `history_count` passwords.

    `recent_hashes` are the account's hashes newest first, the current password's first: it
    counts as one of the N. Only hashes come in; `verify(candidate, stored)` compares.
    """
    if any(verify(candidate, stored) for stored in recent_hashes[:policy.history_count]):
        return Decision.no(Reason(reuse_message(policy.history_count)))
    return Decision.yes()


# --- lockout -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Lockout:
    """An account's failure counter and lock, as stored in the file."""

    failures: int = 0
    locked_until: dt.datetime | None = None

    def is_locked(self, now: dt.datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def lock_expired(self, now: dt.datetime) -> bool:
        return self.locked_until is not None and now >= self.locked_until

    def remaining(self, policy: Policy = DEFAULT) -> int:
        return max(policy.max_failures - self.failures, 0)


def after_failure(state: Lockout, now: dt.datetime, policy: Policy = DEFAULT) -> Lockout:
    """One more wrong password; the max-th in a row locks the account for `lock_minutes`."""
    failures = state.failures + 1
    if failures >= policy.max_failures:
        return Lockout(failures, now + dt.timedelta(minutes=policy.lock_minutes))
    return Lockout(failures, None)


def password_expired(changed_at: dt.datetime | None, now: dt.datetime, policy: Policy = DEFAULT) -> bool:
    """A password set more than `max_age_days` ago must be changed at login (0: never)."""
    if policy.max_age_days == 0 or changed_at is None:
        return False
    return now - changed_at > dt.timedelta(days=policy.max_age_days)


def after_success() -> Lockout:
    return Lockout(0, None)


def locked_message(until: dt.datetime) -> str:
    local = until.astimezone()
    return f"该账户因连续登录失败已被锁定，请于 {local:%Y-%m-%d %H:%M} 后再试，或请管理员解锁。"
