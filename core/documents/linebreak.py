"""Chinese line breaking on the GB/T 9704 grid (GBT9704.md §4): 标点避头尾, unsplit digit and
Latin runs, "——" and "……" kept whole; violations are resolved by pushing the previous unit
down to the next line ("先挤进，后推出" without the squeeze), then the line is justified.

Pure functions over widths measured in grid cells (1 cell = one Chinese character).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

NO_START = frozenset("、。，．：；！？”’）〕］｝〉》」』】〗〙…‥—–～·・‧/／%‰℃,.;:!?)]}")
NO_END = frozenset("“‘（〔［｛〈《「『【〖〘([{$￥")
PAIRS = ("——", "……")
MAX_RUN = 24


@dataclass(frozen=True)
class Unit:
    """An unbreakable piece: one Chinese character, a run of digits or Latin letters, or a pair."""

    text: str
    width: float  # in cells
    style: str = ""  # which font the unit is drawn in (the caller's key)

    @property
    def first(self) -> str:
        return self.text[0]

    @property
    def last(self) -> str:
        return self.text[-1]


def _is_run_char(ch: str) -> bool:
    """Characters that stick together: ASCII letters and digits, and the marks inside numbers."""
    return ch.isascii() and (ch.isalnum() or ch in ".%-_/:@#+'")


def units(text: str, width_of: Callable[[str], float], style: str = "") -> list[Unit]:
    out: list[Unit] = []
    i = 0
    while i < len(text):
        pair = next((p for p in PAIRS if text.startswith(p, i)), None)
        if pair:
            out.append(Unit(pair, width_of(pair), style))
            i += len(pair)
            continue
        if _is_run_char(text[i]):
            j = i
            while j < len(text) and _is_run_char(text[j]):
                j += 1
            # A trailing ASCII full stop or colon is punctuation, not part of the run.
            while j - i > 1 and text[j - 1] in ".:":
                j -= 1
            # Runs are kept whole up to MAX_RUN characters (an 18-digit ID number fits); a longer
            # one (a pasted URL or hash) is cut into pieces, or it would run off the page.
            for k in range(i, j, MAX_RUN):
                piece = text[k:min(j, k + MAX_RUN)]
                out.append(Unit(piece, width_of(piece), style))
            i = j
            continue
        out.append(Unit(text[i], width_of(text[i]), style))
        i += 1
    return out


def _violates(line: list[Unit], following: Unit | None) -> bool:
    if line and line[-1].last in NO_END:
        return True
    return following is not None and following.first in NO_START


def break_lines(items: list[Unit], first_capacity: float, capacity: float) -> list[list[Unit]]:
    """Greedy fill, then push units down until no line starts or ends with a forbidden mark."""
    lines: list[list[Unit]] = []
    current: list[Unit] = []
    used = 0.0
    limit = first_capacity
    i = 0
    while i < len(items):
        unit = items[i]
        if current and used + unit.width > limit + 1e-6:
            # Push down while the break would put a forbidden mark at a line edge.
            while len(current) > 1 and _violates(current, items[i]):
                i -= 1
                current.pop()
            lines.append(current)
            current, used, limit = [], 0.0, capacity
            continue
        current.append(unit)
        used += unit.width
        i += 1
    if current or not lines:
        lines.append(current)
    return lines


def line_text(line: list[Unit]) -> str:
    return "".join(u.text for u in line)
