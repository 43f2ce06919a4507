"""The line breaker: 标点避头尾, unsplit runs, nothing lost, nothing over the grid (GBT9704.md §4, §7.7)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from core.documents.linebreak import NO_END, NO_START, break_lines, line_text, units


def cells(text: str) -> float:
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def lay(text: str, capacity: float = 28, first: float = 26) -> list[str]:
    return [line_text(line) for line in break_lines(units(text, cells), first, capacity)]


def test_comma_never_starts_a_line() -> None:
    text = "会" * 28 + "，议"
    lines = lay(text, first=28)
    assert lines == ["会" * 27, "会，议"]


def test_opening_quote_never_ends_a_line() -> None:
    text = "会" * 27 + "“纪要”"
    lines = lay(text, first=28)
    assert lines[0] == "会" * 27
    assert lines[1].startswith("“")


def test_digit_runs_stay_whole() -> None:
    assert lay("会" * 26 + "2026年", first=28) == ["会" * 26 + "2026", "年"]  # exactly fills the line
    assert lay("会" * 27 + "2026年", first=28) == ["会" * 27, "2026年"]
    assert lay("〔2026〕3号") == ["〔2026〕3号"]


def test_dash_and_ellipsis_pairs_stay_whole() -> None:
    assert all("—" not in (line[:1] + line[-1:]) or "——" in line for line in lay("会" * 27 + "——会议"))
    assert "……" in "".join(lay("会" * 27 + "……会议"))


CJK = st.sampled_from(list("区政府常务会议纪要出席请假列席议题研究同意原则要求落实"))
PUNCT = st.sampled_from(list("，。、；：！？“”（）《》〔〕…—·"))
LATIN = st.sampled_from(["2026", "10.5%", "GB/T", "A", "3"])
TEXT = st.lists(st.one_of(CJK, CJK, CJK, PUNCT, LATIN), min_size=1, max_size=200).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_properties(text: str) -> None:
    lines = break_lines(units(text, cells), 26, 28)
    assert "".join(line_text(line) for line in lines) == text  # nothing lost or reordered
    for n, line in enumerate(lines):
        capacity = 26 if n == 0 else 28
        width = sum(u.width for u in line)
        assert width <= capacity + 1e-6 or len(line) == 1
    for before, after in zip(lines, lines[1:], strict=False):
        if len(before) > 1:  # a single unit that cannot move is the only allowed exception
            assert after[0].first not in NO_START or before[-1].first in NO_START
            assert before[-1].last not in NO_END


def test_overlong_latin_or_digit_runs_never_leave_the_line() -> None:
    lines = break_lines(units("会" * 5 + "A" * 100 + "9" * 60, cells), 26, 28)
    assert all(sum(u.width for u in line) <= 28 for line in lines)
    assert "".join(line_text(line) for line in lines) == "会" * 5 + "A" * 100 + "9" * 60
    assert lay("身份证号110101199003074512。") == ["身份证号110101199003074512。"]  # 18 digits stay whole
