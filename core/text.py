"""Checks for text a user types or imports: one place decides what is acceptable.

Every door text comes in by — the forms of the services, the roster import, the JSON import,
material file names — asks `text_problem`. Refused: control characters (a NUL or BEL stored in a
title), format characters (bidi controls can make "gpj.exe" show as "exe.jpg", zero-width ones
make two names look alike), surrogates, private-use characters and the Unicode line and paragraph
separators. A multi-line field also takes newlines and tabs.
"""

from __future__ import annotations

import unicodedata

from core.errors import Invalid

# Cc control, Cf format (bidi, zero-width, BOM), Cs lone surrogate, Co private use,
# Zl / Zp line and paragraph separators (a line break in disguise).
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})
MULTILINE_ALLOWED = frozenset("\n\t")
# The zero-width joiner builds emoji sequences (👨‍👩‍👧); it reorders nothing.
ALWAYS_ALLOWED = frozenset("\u200d")
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def is_refused(ch: str, multiline: bool = False) -> bool:
    if ch in ALWAYS_ALLOWED or (multiline and ch in MULTILINE_ALLOWED):
        return False
    return unicodedata.category(ch) in REFUSED_CATEGORIES


def _describe(ch: str, position: int) -> str:
    code = f"U+{ord(ch):04X}（第 {position} 个字符）"
    if ch in BIDI_CONTROLS:
        return f"含有改变文字显示方向的控制字符 {code}"
    if ch in MULTILINE_ALLOWED or unicodedata.category(ch) in ("Zl", "Zp"):
        return f"含有换行或制表控制字符 {code}，此处只能填写一行"
    if unicodedata.category(ch) == "Cs":
        return f"含有无效的字符 {code}（不成对的代理码）"
    return f"含有不可见的控制字符 {code}"


def text_problem(value: str, multiline: bool = False) -> str | None:
    """Why `value` is not acceptable text (a Chinese phrase naming the first bad character and where
    it is, to follow the field's name), or None when it is. `multiline` also allows \\n and \\t."""
    for position, ch in enumerate(value, 1):
        if is_refused(ch, multiline):
            return _describe(ch, position)
    return None


def has_control_chars(text: str, allow_newlines: bool = False) -> bool:
    return text_problem(text, allow_newlines) is not None


def visible(text: str, multiline: bool = False) -> str:
    """`text` with each refused character written out as [U+XXXX]: for records that must keep
    what was attempted (a login name typed with a bidi control) without carrying the character."""
    if text_problem(text, multiline) is None:
        return text
    return "".join(f"[U+{ord(ch):04X}]" if is_refused(ch, multiline) else ch for ch in text)


def _refuse_bad_text(value: str, field: str, multiline: bool) -> None:
    problem = text_problem(value, multiline)
    if problem is not None:
        raise Invalid(f"“{field}”{problem}，请删除后重试。")


def clean_line(text: str | None, field: str, *, max_len: int, required: bool = False) -> str:
    """A single-line field: trimmed, no control characters, at most `max_len` characters."""
    value = unicodedata.normalize("NFC", (text or "").strip())
    if required and not value:
        raise Invalid(f"“{field}”不能为空。")
    _refuse_bad_text(value, field, multiline=False)
    if len(value) > max_len:
        raise Invalid(f"“{field}”过长：最多 {max_len} 个字符，现在是 {len(value)} 个。")
    return value


def clean_text(text: str | None, field: str, *, max_len: int = 20000) -> str:
    """A multi-line field: newlines and tabs allowed, other control characters not."""
    value = unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n").strip())
    _refuse_bad_text(value, field, multiline=True)
    if len(value) > max_len:
        raise Invalid(f"“{field}”过长：最多 {max_len} 个字符，现在是 {len(value)} 个。")
    return value
