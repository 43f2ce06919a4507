"""The recovery code (R11): 16 groups of 6 digits that give back the key, and catch every typo
a person makes when copying it from paper: one wrong digit, or two neighbouring digits swapped."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from core.errors import InvalidRecoveryCode
from core.store import recovery

keys = st.binary(min_size=32, max_size=32)
EDGE_KEYS = (bytes(32), b"\xff" * 32, bytes(range(32)))


def _digits(code: str) -> str:
    return code.replace("-", "")


def _rejected(digits: str) -> bool:
    try:
        recovery.decode(digits)
    except InvalidRecoveryCode:
        return True
    return False


@given(keys)
@example(EDGE_KEYS[0])
@example(EDGE_KEYS[1])
def test_round_trip_and_format(key: bytes) -> None:
    code = recovery.encode(key)
    assert re.fullmatch(r"\d{6}(-\d{6}){15}", code)
    assert recovery.decode(code) == key
    assert recovery.looks_like_code(code)


@settings(max_examples=25, deadline=None)
@given(keys)
@example(EDGE_KEYS[0])
@example(EDGE_KEYS[1])
@example(EDGE_KEYS[2])
def test_every_single_digit_substitution_is_detected(key: bytes) -> None:
    digits = _digits(recovery.encode(key))
    assert len(digits) == 96
    missed = [(i, d) for i in range(96) for d in "0123456789"
              if d != digits[i] and not _rejected(digits[:i] + d + digits[i + 1:])]
    assert missed == []


@settings(max_examples=25, deadline=None)
@given(keys)
@example(EDGE_KEYS[0])
@example(EDGE_KEYS[1])
@example(EDGE_KEYS[2])
def test_every_adjacent_transposition_is_detected(key: bytes) -> None:
    digits = _digits(recovery.encode(key))
    swapped_somewhere = 0
    missed = []
    for i in range(95):  # includes i = 5, 11, ...: the last digit of a group with the next group's first
        if digits[i] == digits[i + 1]:
            continue  # swapping equal digits changes nothing: there is no typo to detect
        swapped_somewhere += 1
        typo = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
        if not _rejected(typo):
            missed.append(i)
    assert missed == []
    assert swapped_somewhere > 0 or key in EDGE_KEYS


def test_transposition_across_a_group_boundary_is_caught_for_a_known_code() -> None:
    digits = _digits(recovery.encode(bytes(range(32))))
    i = 5  # last digit of group 1 and first of group 2
    assert digits[i] != digits[i + 1]
    with pytest.raises(InvalidRecoveryCode) as wrong:
        recovery.decode(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:])
    assert "第 1" in wrong.value.message  # the group is named for the user


def test_typed_forms_are_normalised() -> None:
    key = bytes(range(32))
    code = recovery.encode(key)
    groups = recovery.groups(code)
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in code)
    for typed in (code, " ".join(groups), "\n".join(groups) + "\n", "".join(groups),
                  full_width, "　".join(groups), "–".join(groups), " - ".join(groups)):
        assert recovery.decode(typed) == key, typed


@pytest.mark.parametrize(("typed", "why"), [
    ("12345", "96 位"),
    ("12a456-" * 16, "只能包含数字"),
    ("١٢٣٤٥٦" * 16, "只能包含数字"),  # Arabic-Indic digits are digits to str.isdigit(), not to us
])
def test_malformed_codes_are_explained(typed: str, why: str) -> None:
    with pytest.raises(InvalidRecoveryCode) as wrong:
        recovery.decode(typed)
    assert why in wrong.value.message


def test_encode_refuses_wrong_key_length() -> None:
    with pytest.raises(ValueError):
        recovery.encode(bytes(31))
