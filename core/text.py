"""Checks for text a user types or imports: one place decides what is acceptable."""

from __future__ import annotations

import unicodedata

from core.errors import Invalid


def has_control_chars(text: str, allow_newlines: bool = False) -> bool:
    for ch in text:
        if allow_newlines and ch in "\n\t":
            continue
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") and ch not in "\u200d":
            return True
    return False


def clean_line(text: str | None, field: str, *, max_len: int, required: bool = False) -> str:
    """A single-line field: trimmed, no control characters, at most `max_len` characters."""
    value = unicodedata.normalize("NFC", (text or "").strip())
    if required and not value:
        raise Invalid(f"“{field}”不能为空。")
    if has_control_chars(value):
        raise Invalid(f"“{field}”含有不可见的控制字符，请删除后重试。")
    if len(value) > max_len:
        raise Invalid(f"“{field}”过长：最多 {max_len} 个字符，现在是 {len(value)} 个。")
    return value


def clean_text(text: str | None, field: str, *, max_len: int = 20000) -> str:
    """A multi-line field: newlines and tabs allowed, other control characters not."""
    value = unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n").strip())
    if has_control_chars(value, allow_newlines=True):
        raise Invalid(f"“{field}”含有不可见的控制字符，请删除后重试。")
    if len(value) > max_len:
        raise Invalid(f"“{field}”过长：最多 {max_len} 个字符，现在是 {len(value)} 个。")
    return value
