"""The recovery code: the 256-bit database key written as 16 groups of 6 digits.

Each group holds 16 bits of the key as `value * 11 + (index mod 11)`, so every group is
checked on its own: any single wrong digit or swapped pair of neighbouring digits changes
the group's remainder mod 11 (10^k mod 11 is ±1), and a group typed in the wrong place
usually shows too. BitLocker's recovery password uses the same idea.
"""

from __future__ import annotations

import unicodedata

from core.errors import InvalidRecoveryCode

GROUPS = 16
DIGITS = 6


def encode(key: bytes) -> str:
    if len(key) != 2 * GROUPS:
        raise ValueError("key must be 32 bytes")
    groups = []
    for i in range(GROUPS):
        value = int.from_bytes(key[2 * i:2 * i + 2], "big")
        groups.append(f"{value * 11 + i % 11:06d}")
    return "-".join(groups)


def normalize(text: str) -> str:
    """Digits only: full-width digits folded, spaces and dashes of any width dropped."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if not (ch.isspace() or ch in "-‐‑‒–—―−"))


_ASCII_DIGITS = frozenset("0123456789")


def _all_digits(text: str) -> bool:
    # str.isdigit() also accepts superscripts and other scripts' digits; a code is ASCII 0-9 only.
    return bool(text) and set(text) <= _ASCII_DIGITS


def looks_like_code(text: str) -> bool:
    """Meant as a recovery code: digits only (after folding) and about the right length.

    A near miss (a digit or a group too many or too few) still counts, so that decode() can say
    what is wrong instead of the text being tried as a passphrase and failing as "wrong key".
    """
    digits = normalize(text)
    return _all_digits(digits) and abs(len(digits) - GROUPS * DIGITS) <= 2 * DIGITS


def check_group(index: int, group: str) -> bool:
    group = normalize(group)
    if len(group) != DIGITS or not _all_digits(group):
        return False
    number = int(group)
    return number % 11 == index % 11 and number // 11 < 65536


def decode(text: str) -> bytes:
    digits = normalize(text)
    if not _all_digits(digits):
        raise InvalidRecoveryCode("只能包含数字（可用空格或短横线分组）。")
    if len(digits) != GROUPS * DIGITS:
        raise InvalidRecoveryCode(f"应为 {GROUPS} 组、每组 {DIGITS} 位数字，共 {GROUPS * DIGITS} 位；现在是 {len(digits)} 位。")
    out = bytearray()
    bad = []
    for i in range(GROUPS):
        group = digits[i * DIGITS:(i + 1) * DIGITS]
        if not check_group(i, group):
            bad.append(i + 1)
            continue
        out += (int(group) // 11).to_bytes(2, "big")
    if bad:
        raise InvalidRecoveryCode("第 " + "、".join(map(str, bad)) + " 组有误，请逐位核对。")
    return bytes(out)


def groups(code: str) -> list[str]:
    digits = normalize(code)
    return [digits[i:i + DIGITS] for i in range(0, len(digits), DIGITS)]
