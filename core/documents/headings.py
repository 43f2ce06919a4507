"""Heading levels of GB/T 9704 §7.3.3 (GBT9704.md §1.3): the numbers of the first two (一、 and
（一）), and the second level in the text: a paragraph that starts with "（一）" … "（九十九）"
carries a heading set in 楷体. Offices write it either as a line of its own
("（一）加强组织领导") or inline, the heading sentence first and the text after it in the same
paragraph ("（一）加强组织领导。各单位要……"): then only the sentence up to its 。 is 楷体.
"""

from __future__ import annotations

import re

NUMERALS = "一二三四五六七八九十"
_SECOND_LEVEL = re.compile(r"（[一二三四五六七八九十]{1,3}）")


def second_level(paragraph: str) -> tuple[str, str] | None:
    """(heading, rest) when `paragraph` opens with a second-level number, else None; `rest` is ""
    when the whole paragraph is the heading."""
    if not _SECOND_LEVEL.match(paragraph):
        return None
    end = paragraph.find("。")
    if end == -1 or end == len(paragraph) - 1:
        return paragraph, ""
    return paragraph[:end + 1], paragraph[end + 1:]


def numeral(n: int) -> str:
    """1 → 一, 11 → 十一, 23 → 二十三 (1–99)."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else NUMERALS[tens - 1]) + "十" + (NUMERALS[ones - 1] if ones else "")


def heading_number(n: int) -> str:
    """The first level's number: 一、"""
    return numeral(n) + "、"


def second_number(n: int) -> str:
    """The second level's number: （一）"""
    return f"（{numeral(n)}）"
