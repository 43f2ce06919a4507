"""Chinese line breaking on the GB/T 9704 grid (GBT9704.md §4): 标点避头尾, unsplit digit and
Latin runs, "——" and "……" kept whole; violations are resolved by pushing the previous unit
down to the next line ("先挤进，后推出" without the squeeze), then the line is justified.

Some units hold to the one before them (`Unit.glue`): the characters of a Latin word or a number
(数字不能回行, GBT9704.md §1.5), of a person's or an organ's name in the 出席/请假/列席 lists and the
版记, and the parts of one list entry (单位, 姓名, 事由). A line breaks between such runs; a run
longer than the room left moves whole to the next line; only a run longer than a whole line is
broken inside, at its loosest joints first. A URL is one word that may break after "/", "." or
"-" (and "?", "&", "="), as offices print long addresses.

`Unit.stretch` says whether justification may open space before the unit: never inside a Latin
word, a number or a URL, so "gov.cn" never prints as "gov.   cn".

Pure functions over widths measured in grid cells (1 cell = one Chinese character).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

NO_START = frozenset("、。，．：；！？”’）〕］｝〉》」』】〗〙…‥—–～·・‧/／%‰℃,.;:!?)]}")
NO_END = frozenset("“‘（〔［｛〈《「『【〖〘([{$￥")
PAIRS = ("——", "……")
# How firmly a unit holds to the one before it; a line breaks at the loosest joint that works.
FREE, ENTRY, WORD = 0, 1, 2
URL_BREAKS = "/.-?&="
_URL = re.compile(r"(?i)^(?:[a-z][a-z0-9+.-]*://|www\.)|^[\w.+-]+@[\w-]+\.|^(?:[a-z0-9-]+\.)+[a-z]{2,}(?:[/:]|$)")
EPS = 1e-6


@dataclass(frozen=True)
class Unit:
    """An unbreakable piece: one Chinese character, one character of a Latin or digit run, or a pair."""

    text: str
    width: float  # in cells
    style: str = ""  # which font the unit is drawn in (the caller's key)
    glue: int = FREE  # FREE: a line may break before it; ENTRY, WORD: only when the run cannot fit a line
    stretch: bool = True  # justification may add space before it (False inside a word, number or URL)

    @property
    def first(self) -> str:
        return self.text[0]

    @property
    def last(self) -> str:
        return self.text[-1]


def _is_run_char(ch: str) -> bool:
    """Characters that stick together: ASCII letters and digits, and the marks inside numbers."""
    return ch.isascii() and (ch.isalnum() or ch in ".%-_/:@#+'?&=")


def _run_units(run: str, width_of: Callable[[str], float], style: str) -> list[Unit]:
    """A Latin word, a number or a URL, one unit per character held together (so that only a run
    longer than a line is ever broken inside), with no justification space inside it."""
    url = bool(_URL.search(run))
    out: list[Unit] = []
    for k, ch in enumerate(run):
        after_break = url and k > 0 and run[k - 1] in URL_BREAKS and ch not in URL_BREAKS
        glue = FREE if k == 0 or after_break else WORD
        out.append(Unit(ch, width_of(ch), style, glue, stretch=k == 0))
    return out


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
            # A trailing ASCII full stop, colon or question mark is punctuation, not part of the run.
            while j - i > 1 and text[j - 1] in ".:?":
                j -= 1
            out += _run_units(text[i:j], width_of, style)
            i = j
            continue
        out.append(Unit(text[i], width_of(text[i]), style))
        i += 1
    return out


def url_breaks(text: str, mark: str) -> str:
    """`text` with `mark` where a URL may break (after / . - ? & =, as `units` allows): for editors
    that would otherwise break a URL only where it starts (the DOCX, with a zero-width space)."""
    return "".join(mark + u.text if u.glue == FREE and not u.stretch else u.text
                   for u in units(text, lambda _: 1.0))


def held(items: list[Unit], glue: int = WORD, join: int = FREE) -> list[Unit]:
    """The units of one name (or one list entry's part) held together by `glue`; `join` is how its
    first unit holds to what comes before (FREE: the name starts a new entry)."""
    return [replace(u, glue=join if n == 0 else max(u.glue, glue)) for n, u in enumerate(items)]


def _groups(items: list[Unit], level: int) -> list[list[Unit]]:
    """Split at every joint looser than `level`: the pieces a line may break between."""
    out: list[list[Unit]] = []
    for unit in items:
        if out and unit.glue >= level:
            out[-1].append(unit)
        else:
            out.append([unit])
    return out


def _violates(line: list[list[Unit]], following: list[Unit]) -> bool:
    if line and line[-1][-1].last in NO_END:
        return True
    return following[0].first in NO_START


def _width(group: list[Unit]) -> float:
    return sum(u.width for u in group)


def _blank(group: list[Unit]) -> bool:
    return all(u.text.isspace() for u in group)


def break_lines(items: list[Unit], first_capacity: float, capacity: float) -> list[list[Unit]]:
    """Greedy fill by runs, then push runs down until no line starts or ends with a forbidden mark.
    A run wider than a whole line is split at its next looser joints and placed piece by piece."""
    lines: list[list[Unit]] = []
    current: list[tuple[list[Unit], int]] = []  # the line's runs, each with the level it was cut at
    used, limit = 0.0, first_capacity
    queue = [(group, ENTRY) for group in reversed(_groups(items, ENTRY))]  # taken from the end
    while queue:
        group, level = queue.pop()
        width = _width(group)
        if used + width <= limit + EPS:
            current.append((group, level))
            used += width
            continue
        if width > (limit if not current else capacity) + EPS and level <= WORD and len(group) > 1:
            # Longer than any line it could start: break inside it, at its loosest joints first.
            queue += [(piece, level + 1) for piece in reversed(_groups(group, level + 1))]
            continue
        if not current:
            current.append((group, level))  # a single unit wider than the line: alone on its line
        elif _blank(group):
            current.append((group, level))  # a space at the break hangs at the line's end
        else:
            queue.append((group, level))
            # Push down while the break would put a forbidden mark at a line edge.
            while len(current) > 1 and _violates([g for g, _ in current], queue[-1][0]):
                queue.append(current.pop())
        lines.append([u for g, _ in current for u in g])
        current, used, limit = [], 0.0, capacity
    if current or not lines:
        lines.append([u for g, _ in current for u in g])
    return lines


TITLE_AFTER, TITLE_BEFORE = "和与及、", "（《"


def title_lines(items: list[Unit], per_line: float) -> list[list[Unit]]:
    """A title in lines of even length (GB/T 9704 §7.3.1: 梯形 or 菱形, 词意完整): a two-line title
    breaks at the joint nearest its middle — after a conjunction (和, 与, 及, 、) or before a
    bracket or a 书名号 — when one leaves each line at least 30% of it, so no word is cut
    ("老/旧小区", "专/题会议"); otherwise the lines are made even."""
    total = sum(u.width for u in items)
    count = max(1, math.ceil(total / per_line - EPS))
    if count == 2:
        joints, used = [], 0.0
        for k, unit in enumerate(items[:-1]):
            used += unit.width
            joint = unit.text in TITLE_AFTER or items[k + 1].text in TITLE_BEFORE
            if joint and max(used, total - used) <= per_line + EPS \
                    and min(used, total - used) >= 0.3 * total and not _violates([[unit]], [items[k + 1]]):
                joints.append((abs(used - total / 2), k + 1))
        if joints:
            cut = min(joints)[1]
            return [items[:cut], items[cut:]]
    even = min(per_line, math.ceil(total / count - EPS))
    lines = break_lines(items, even, even)
    return lines if len(lines) <= count else break_lines(items, per_line, per_line)


def without_orphan(lines: list[list[Unit]], capacity: float, least: int = 2) -> list[list[Unit]]:
    """The last line of a wrapped text holds at least `least` characters ("会议/室" left 室 alone):
    units come down from the line before, a held run whole (a run already broken over the lines
    gives a character), until no mark sits at a line edge. The lines stay as they were when that
    would empty the line before or overflow the last."""
    if len(lines) < 2 or len(line_text(lines[-1])) >= least:
        return lines
    for keep_runs in (True, False):
        before, last = list(lines[-2]), list(lines[-1])
        while len(before) > 1:
            last.insert(0, before.pop())
            inside_run = keep_runs and last[0].glue > FREE
            if not inside_run and len(line_text(last)) >= least and not _violates([before], [last[0]]):
                if sum(u.width for u in last) <= capacity + EPS:
                    return [*lines[:-2], before, last]
                break
    return lines


def line_text(line: list[Unit]) -> str:
    return "".join(u.text for u in line)
