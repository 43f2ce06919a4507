"""One search across the office file (issue 14 §2): topics with their materials, meetings, minutes,
督办 items and notes, people and units.

The index (core.store.search_index) says which items match; their titles come from the tables and
each snippet is cut in Python from the matching text. Roles: every role may read every page on
screen, so the window finds everything; text from classified minutes (their body, their 督办
items and notes) leaves the program only for roles that may print it (print_classified), so a
search whose results leave the program (`leaving`: the command line) does not search it for
other roles — what an account may not take away, it does not find.

Audit: a window search is a read shown on screen, like opening a page, and is not recorded (as
you type it would record every pause); the command line's search is, term and counts, since its
output leaves the program (core.cli). Terms never go to the debug log.

Files stored before the index (or imported) have their text extracted after opening, a few at a
time (`extract_pending`); until then their words are not found, and the results say how many wait.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.model import (
    Department,
    FollowUp,
    FollowUpNote,
    Material,
    MaterialContent,
    MaterialText,
    Meeting,
    Minutes,
    Person,
    Topic,
)
from core.services import material_text
from core.services.base import Service
from core.services.meeting_types import meeting_name
from core.services.search_text import (
    KINDS,
    Found,
    KindResults,
    SearchResults,
    Snippet,
    clean_term,
    marks,
    snippet,
)
from core.store import grams, search_index

DEFAULT_LIMIT = 50
EXTRACTED_EVENT = "数据.提取材料文字"

# kind -> (session, ids) -> {id: (title, detail)}
Titles = Callable[[Session, list[int]], dict[int, tuple[str, str]]]


class SearchService(Service):
    write_action = None  # reading; the text extracted for the index is no one's change of data

    def __init__(self, sessions: sessionmaker[Session], actor: Callable[[], str]) -> None:
        super().__init__(sessions, actor)
        self._extracted = 0  # files given their text since the last record of it

    def search(self, term: str, kinds: Iterable[str] | None = None, limit: int | None = DEFAULT_LIMIT, *,
               leaving: bool = False) -> SearchResults:
        """Items whose text contains every word of `term`, grouped by kind, newest first; `limit`
        per kind (None: all). `leaving`: the results leave the program (see the module's doc)."""
        text, term_runs = clean_term(term)
        wanted = [k for k in KINDS if kinds is None or k in set(kinds)]
        if not term_runs or not wanted:
            return SearchResults(text)
        with self.reading() as s:
            found = search_index.hits(s.connection(), grams.match_expression(term_runs), wanted,
                                      exclude_restricted=leaving and not self.may("print_classified"))
            shown = {kind: hits.items[:limit] for kind, hits in found.items()}
            texts = search_index.doc_texts(s.connection(), [found[k].docs[i] for k, ids in shown.items() for i in ids])
            groups = []
            for kind in wanted:
                titles = _TITLES[kind](s, shown[kind]) if shown[kind] else {}
                rows = tuple(_found(kind, i, titles.get(i, ("", "")), texts.get(found[kind].docs[i], ""), term_runs)
                             for i in shown[kind])
                groups.append(KindResults(kind, len(found[kind].items), rows))
        return SearchResults(text, tuple(g for g in groups if g.count))

    # --- text of files stored before the index ------------------------------------------------

    def pending_extractions(self) -> int:
        with self.reading() as s:
            return len(_pending(s))

    def extract_pending(self, budget_s: float = 0.5, clock: Callable[[], float] = time.monotonic) -> int:
        """Extract the text of stored files that have none, for about `budget_s` seconds (at least
        one file); returns how many still wait. Each file is read, extracted outside any
        transaction, and written in its own short one; the last writes one audit record for all."""
        deadline = clock() + budget_s
        while True:
            with self.reading() as s:
                waiting = _pending(s)
                if not waiting:
                    return 0
                content_id, name = waiting[0]
                data = bytes(s.get(MaterialContent, content_id).data)  # type: ignore[union-attr]
            extracted = material_text.extract(name, data)
            with self.transaction() as s:
                if s.get(MaterialText, content_id) is None:  # another door may have done it meanwhile
                    s.add(MaterialText(content_id=content_id, text=extracted.text, note=extracted.note))
                    self._extracted += 1
                if len(waiting) == 1 and self._extracted:
                    self.audit(s, EXTRACTED_EVENT, "material", "",
                               f"为此前存入的 {self._extracted} 个文件提取文字，供搜索使用")
                    self._extracted = 0
            if len(waiting) == 1:
                return 0
            if clock() >= deadline:
                return len(waiting) - 1

    def record_search(self, results: SearchResults, door: str) -> None:
        """A search whose results left the program (the command line): who, what, how many."""
        counts = "，".join(f"{g.name} {g.count}" for g in results.groups) or "无结果"
        with self.transaction() as s:
            self.audit(s, "数据.查找", "search", "", f"{door}查找“{results.term}”：{counts}")


def _found(kind: str, item: int, title: tuple[str, str], text: str, term_runs: list[str]) -> Found:
    return Found(kind, item, title[0], title[1], snippet(text, term_runs), marks(title[0], term_runs))


def _pending(s: Session) -> list[tuple[int, str]]:
    """(content id, file name) of current materials and feedback files without text, oldest first."""
    materials = s.execute(select(Material.content_id, Material.name)
                          .outerjoin(MaterialText, MaterialText.content_id == Material.content_id)
                          .where(Material.current.is_(True), MaterialText.content_id.is_(None))).all()
    notes = s.execute(select(FollowUpNote.content_id, FollowUpNote.file_name)
                      .outerjoin(MaterialText, MaterialText.content_id == FollowUpNote.content_id)
                      .where(FollowUpNote.content_id.is_not(None), MaterialText.content_id.is_(None))).all()
    return sorted({(int(c or 0), str(n)) for c, n in [*materials, *notes]})


# --- titles, per kind -------------------------------------------------------------------------------

def _day(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else ""


def _topics(s: Session, ids: list[int]) -> dict[int, tuple[str, str]]:
    rows = s.execute(select(Topic.id, Topic.title, Department.name, Topic.submitted_on)
                     .join(Department, Department.id == Topic.lead_department_id).where(Topic.id.in_(ids)))
    return {i: (title, f"{lead} · {_day(day)}") for i, title, lead, day in rows}


# Columns, not ORM objects: a search shows up to a few hundred titles as you type.
_MEETING = (Meeting.kind, Meeting.term, Meeting.number, Meeting.title)


def _meetings(s: Session, ids: list[int]) -> dict[int, tuple[str, str]]:
    rows = s.execute(select(Meeting.id, *_MEETING, Meeting.day, Meeting.place).where(Meeting.id.in_(ids)))
    return {i: (meeting_name(kind, term, number, title), f"{_day(day)} · {place}")
            for i, kind, term, number, title, day, place in rows}


def _minutes(s: Session, ids: list[int]) -> dict[int, tuple[str, str]]:
    rows = s.execute(select(Minutes.id, Minutes.serial_text, Minutes.status, *_MEETING, Meeting.day)
                     .join(Meeting, Meeting.id == Minutes.meeting_id).where(Minutes.id.in_(ids)))
    return {i: (meeting_name(kind, term, number, title) + "纪要",
                _joined(serial, status.value, _day(day))) for i, serial, status, kind, term, number, title, day in rows}


def _followups(s: Session, ids: list[int]) -> dict[int, tuple[str, str]]:
    rows = s.execute(select(FollowUp.id, FollowUp.decision, Department.name, FollowUp.status, FollowUp.deadline)
                     .join(Department, Department.id == FollowUp.department_id).where(FollowUp.id.in_(ids)))
    return {i: (decision, _joined(unit, status.value, "期限 " + _day(deadline) if deadline else ""))
            for i, decision, unit, status, deadline in rows}


def _joined(*parts: str | None) -> str:
    return " · ".join(p for p in parts if p)


def _people(s: Session, ids: list[int]) -> dict[int, tuple[str, str]]:
    return {i: (name, "") for i, name in s.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))}


def _units(s: Session, ids: list[int]) -> dict[int, tuple[str, str]]:
    rows = s.execute(select(Department.id, Department.name, Department.short_name).where(Department.id.in_(ids)))
    return {i: (name, short) for i, name, short in rows}


_TITLES: dict[str, Titles] = {"topic": _topics, "meeting": _meetings, "minutes": _minutes,
                              "followup": _followups, "person": _people, "unit": _units}

__all__ = ["DEFAULT_LIMIT", "Found", "KindResults", "SearchResults", "SearchService", "Snippet"]
