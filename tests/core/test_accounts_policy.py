"""Password policy and lockout rules (pure functions), as properties (R18)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from core.rules import passwords
from core.rules.passwords import (
    CLASSES,
    HANZI,
    SYMBOL,
    Lockout,
    Policy,
    char_class,
    classes_of,
    password_problems,
)

NOW = dt.datetime(2026, 6, 30, 9, 0, tzinfo=dt.UTC)
policies = st.builds(Policy, min_length=st.integers(8, 64), min_classes=st.integers(3, 5),
                     max_failures=st.integers(1, 10), lock_minutes=st.integers(1, 1440),
                     idle_minutes=st.integers(1, 60))
# Printable text without control characters: what a keyboard or input method can produce.
typed = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=80)


@given(typed, st.text(max_size=20), policies)
def test_accepted_means_long_enough_varied_enough_and_not_the_name(password: str, name: str, policy: Policy) -> None:
    problems = password_problems(password, name, policy)
    if not problems:
        assert len(password) >= policy.min_length
        assert len(classes_of(password)) >= policy.min_classes
        assert password.strip().casefold() != name.strip().casefold()
    else:
        assert all(isinstance(p, str) and p for p in problems)


@given(typed, policies)
def test_short_passwords_are_always_refused_with_a_length_reason(password: str, policy: Policy) -> None:
    if len(password) < policy.min_length:
        assert any("至少需要" in p for p in password_problems(password, "", policy))


@given(st.text(st.sampled_from("ABCdef123!@#"), min_size=8, max_size=30))
def test_the_user_name_itself_is_never_a_password(name: str) -> None:
    assert "密码不能与用户名相同" in password_problems(name, name)
    assert "密码不能与用户名相同" in password_problems(name.upper(), name.lower())


@given(st.lists(st.sampled_from(["A", "b", "7", "#", "会"]), min_size=8, max_size=20))
def test_class_count_decides_exactly(chars: list[str]) -> None:
    password = "".join(chars)
    enough = len(set(chars)) >= 3
    assert (not password_problems(password, "someone")) == enough


def test_classes_are_documented_ones() -> None:
    assert char_class("会") == HANZI and char_class("Ａ") == SYMBOL and char_class(" ") == SYMBOL
    assert classes_of("会务2026abc") == {HANZI, "数字", "小写字母"}
    assert set(CLASSES) == {"大写字母", "小写字母", "数字", "符号", "汉字"}
    assert not password_problems("会务2026abc", "wangli")
    assert password_problems("abcdefgh", "x")[0].startswith("密码须包含")


@given(st.integers(0, 30), policies)
def test_lock_comes_exactly_at_the_limit_and_lasts_the_configured_time(failures_before: int, policy: Policy) -> None:
    state = Lockout()
    for _ in range(failures_before):
        state = passwords.after_failure(state, NOW, policy)
    if failures_before >= policy.max_failures:
        assert state.locked_until == NOW + dt.timedelta(minutes=policy.lock_minutes)
        assert state.is_locked(NOW + dt.timedelta(minutes=policy.lock_minutes) - dt.timedelta(seconds=1))
        assert not state.is_locked(NOW + dt.timedelta(minutes=policy.lock_minutes))
        assert state.remaining(policy) == 0
    else:
        assert state.locked_until is None and not state.is_locked(NOW)
        assert state.remaining(policy) == policy.max_failures - failures_before


@given(policies)
def test_valid_policies_have_no_problems_and_weaker_ones_do(policy: Policy) -> None:
    assert policy.problems() == []
    assert Policy(min_length=7).problems() and Policy(min_classes=2).problems()
    assert Policy(max_failures=0).problems() and Policy(idle_minutes=0).problems()


@given(st.integers(0, 365), st.integers(0, 800), st.integers(0, 86399))
def test_expiry_after_exactly_max_age_days(max_age: int, days: int, seconds: int) -> None:
    policy = Policy(max_age_days=max_age)
    changed = NOW - dt.timedelta(days=days, seconds=seconds)
    expired = passwords.password_expired(changed, NOW, policy)
    assert expired == (max_age > 0 and NOW - changed > dt.timedelta(days=max_age))
    assert not passwords.password_expired(None, NOW, policy)
