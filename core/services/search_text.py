"""What the search reads and returns: the typed term made safe, the results, and the snippet cut
from a matching text with the matched words marked."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from core.errors import Invalid
from core.store.grams import fold, runs
from core.text import text_problem

# Kinds of items found, in the order they are shown; 人员与单位 is two of them.
KINDS = ("topic", "meeting", "minutes", "followup", "person", "unit")
KIND_NAMES = {"topic": "议题", "meeting": "会议", "minutes": "纪要", "followup": "督办",
              "person": "人员", "unit": "单位"}
MAX_TERM = 100
SNIPPET_CONTEXT = 20  # characters either side of the first match
ELLIPSIS = "…"


@dataclass(frozen=True)
class Snippet:
    """A line of the matching text; `marks` are the (start, end) offsets of matched words in it."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()

    def marked(self, before: str = "【", after: str = "】") -> str:
        out, last = [], 0
        for start, end in self.marks:
            out += [self.text[last:start], before, self.text[start:end], after]
            last = end
        return "".join(out) + self.text[last:]


@dataclass(frozen=True)
class Found:
    kind: str
    id: int
    title: str
    detail: str  # a short line beside the title: unit and date, status …
    snippet: Snippet
    title_marks: tuple[tuple[int, int], ...] = ()  # the matched words in the title


@dataclass(frozen=True)
class KindResults:
    kind: str
    count: int  # all items of this kind that match; `found` holds the first of them
    found: tuple[Found, ...]

    @property
    def name(self) -> str:
        return KIND_NAMES[self.kind]


@dataclass(frozen=True)
class SearchResults:
    term: str
    groups: tuple[KindResults, ...] = ()

    @property
    def total(self) -> int:
        return sum(g.count for g in self.groups)


def clean_term(term: str) -> tuple[str, list[str]]:
    """The term as typed (trimmed, NFC) and its runs of letters and digits, which is what is
    searched: every run must occur. Punctuation and FTS5 syntax only separate runs."""
    text = unicodedata.normalize("NFC", (term or "").strip())
    problem = text_problem(text)
    if problem is not None:
        raise Invalid(f"查找内容{problem}，请删除后重试。")
    if len(text) > MAX_TERM:
        raise Invalid(f"查找内容过长：最多 {MAX_TERM} 个字符，现在是 {len(text)} 个。")
    return text, list(dict.fromkeys(runs(text)))


def _words(term_runs: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(r) for r in sorted(term_runs, key=len, reverse=True)))


def marks(text: str, term_runs: list[str]) -> tuple[tuple[int, int], ...]:
    """Where the words occur in `text` (folded as the index folds; offsets of the original)."""
    if not term_runs:
        return ()
    return tuple(m.span() for m in _words(term_runs).finditer(fold(text)))


def snippet(text: str, term_runs: list[str], context: int = SNIPPET_CONTEXT) -> Snippet:
    """About `context` characters either side of the first match, every match in it marked. The
    folded text has the original's offsets (core.store.grams.fold), so marks fall on the original."""
    folded = fold(text)
    words = _words(term_runs)
    first = words.search(folded) if term_runs else None
    if first is None:
        return Snippet(_flat(text[:2 * context]) + (ELLIPSIS if len(text) > 2 * context else ""))
    start, end = max(0, first.start() - context), min(len(text), first.end() + context)
    lead = ELLIPSIS if start > 0 else ""
    marks = tuple((m.start() - start + len(lead), m.end() - start + len(lead))
                  for m in words.finditer(folded, start, end))
    return Snippet(lead + _flat(text[start:end]) + (ELLIPSIS if end < len(text) else ""), marks)


def _flat(text: str) -> str:
    """One line, offsets kept: each line break or tab becomes one space."""
    return text.replace("\n", " ").replace("\t", " ")
