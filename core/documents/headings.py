"""The second heading level of GB/T 9704 §7.3.3 (GBT9704.md §1.3): a paragraph that starts with
"（一）" … "（九十九）" carries a heading set in 楷体. Offices write it either as a line of its own
("（一）加强组织领导") or inline, the heading sentence first and the text after it in the same
paragraph ("（一）加强组织领导。各单位要……"): then only the sentence up to its 。 is 楷体.
"""

from __future__ import annotations

import re

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
