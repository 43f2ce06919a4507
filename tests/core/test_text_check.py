"""The one text check (core.text): control, bidi and other format characters are refused wherever
text comes in, with the character and its place named in Chinese (issue 11 §7)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import Invalid
from core.text import BIDI_CONTROLS, clean_line, clean_text, text_problem, visible

BIDI = sorted(BIDI_CONTROLS)


@pytest.mark.parametrize("ch", BIDI)
def test_every_bidi_control_is_refused_and_named(ch: str) -> None:
    for multiline in (False, True):
        problem = text_problem(f"报告{ch}gpj.exe", multiline)
        assert problem is not None
        assert f"U+{ord(ch):04X}" in problem and "显示方向" in problem and "第 3 个字符" in problem


@pytest.mark.parametrize("ch", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\r", "\u200b", "\ufeff",
                                "\u00ad", "\u2028", "\u2029", "\ue000", "\ud800", "\U000e0041"])
def test_control_format_and_invisible_characters_are_refused(ch: str) -> None:
    assert text_problem(f"议题{ch}", multiline=True) is not None
    assert text_problem(f"议题{ch}") is not None


def test_newline_and_tab_only_in_multiline_fields() -> None:
    for ch in "\n\t":
        assert text_problem(f"第一行{ch}第二行", multiline=True) is None
        problem = text_problem(f"第一行{ch}第二行")
        assert problem is not None and "只能填写一行" in problem


@pytest.mark.parametrize("text", ["区政府常务会议纪要（第3次）", "Zhang San <z@x.cn> & 100%", "👨\u200d👩\u200d👧",
                                  "é", "한국어", "العربية", ""])
def test_ordinary_text_passes(text: str) -> None:
    assert text_problem(text) is None


def test_the_forms_use_the_same_check() -> None:
    with pytest.raises(Invalid, match=r"“标题”含有改变文字显示方向的控制字符 U\+202E"):
        clean_line("通知\u202etxt.exe", "标题", max_len=100)
    with pytest.raises(Invalid, match="控制字符 U\\+0007"):
        clean_text("第一行\n第二行\x07", "内容")
    assert clean_text("第一行\r\n第二行", "内容") == "第一行\n第二行"


@given(st.text())
def test_visible_leaves_nothing_the_check_refuses(text: str) -> None:
    shown = visible(text)
    assert text_problem(shown) is None
    assert (shown == text) == (text_problem(text) is None)
