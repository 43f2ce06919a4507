"""Names as printed in the minutes: the 出席/请假/列席 entries (GB/T 9704 §10.3: 单位 and 姓名) and
the organs of 主送/抄送 (§7.4.2), as runs a line never breaks inside.

An entry is stored as the secretary sees it in the editor, "单位 姓名" with a space between the
unit and the person (core/services/minutes_draft.py writes it so), the reason of a leave after
the name: "区财政局 张三（出差）". It prints without the space, "区财政局张三（出差）", entries
separated by "，" when they carry a unit and by "、" when they are names alone (GBT9704.md §3.2).
An entry without a space (the government's own leaders; older drafts) is one name.
"""

from __future__ import annotations

import re

from core.documents.gbt9704 import Run
from core.documents.linebreak import ENTRY, FREE, WORD

_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_REASON = re.compile(r"（[^（）]*）$")
_ORGAN_SEPARATORS = re.compile(r"([，、；,;])")


def entry_parts(entry: str) -> tuple[str, str]:
    """(单位, 姓名 with its reason): split at the first space that follows a Chinese character;
    ("", entry) when the entry names no unit."""
    entry = entry.strip()
    for match in re.finditer(r"\s+", entry):
        if not entry[:match.start()].isascii():
            return entry[:match.start()], entry[match.end():]
    return "", entry


def printed(entry: str) -> str:
    """The entry as printed: no space next to a Chinese character (a Latin name keeps its own)."""
    return _CJK_SPACE.sub("", entry.strip())


def separator(entries: tuple[str, ...] | list[str]) -> str:
    return "，" if any(entry_parts(e)[0] for e in entries) else "、"


def entry_runs(entries: tuple[str, ...] | list[str]) -> list[Run]:
    """The entries joined by their separator: each unit's name and each person's name held whole,
    an entry's parts kept on one line while the entry fits one."""
    sep = separator(entries)
    out: list[Run] = []
    for n, entry in enumerate(e for e in entries if e.strip()):
        if n:
            out.append(Run(sep))
        unit, name = entry_parts(entry)
        reason = _REASON.search(name)
        person = printed(name[:reason.start()] if reason else name)
        if unit:
            out.append(Run(printed(unit), hold=WORD))
        if person:
            out.append(Run(person, hold=WORD, join=ENTRY if unit else FREE))
        if reason:
            out.append(Run(reason.group(), hold=WORD, join=ENTRY if unit or person else FREE))
    return out


def organ_runs(label: str, text: str) -> list[Run]:
    """"抄送：区委办公室，区人大常委会办公室。": each organ's name held whole, ending in "。" (§7.4.2)."""
    body = text.strip().rstrip("。")
    out = [Run(label)]
    for piece in _ORGAN_SEPARATORS.split(body):
        if not piece:
            continue
        held = not _ORGAN_SEPARATORS.fullmatch(piece)
        out.append(Run(piece.strip() if held else piece, hold=WORD if held else FREE))
    out.append(Run("。"))
    return out
