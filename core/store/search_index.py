"""Queries of the search index (core.store.search_schema): which items match, and their texts.

Each doc's id is its FTS5 rowid and packs (kind, item, part), so the matching items come out of
the index alone, newest first, without reading a table — which is what makes a one-character term
that matches thousands of rows cheap.

Measured on the benchmark file with minutes and 督办 (tests/bench/stats_data.py: 5,040 topics,
1,163 meetings, 1,193 minutes, 3,269 督办 items, 3,119 notes — 15,149 docs, 1.1 million
characters), medians in ms on the shared 2-core machine, `python -m tests.bench.search_designs`
(the matching items only; a whole search with titles and snippets: tests/bench/test_search_bench.py):

    term      items   bigram (this)   trigram + LIKE <3   LIKE stored texts   LIKE the tables
    预         1368        1.2              7.1                 4.0                75
    预算       1270        1.1              6.0                 3.9                74
    停车        136        0.16             5.4                 3.7                61
    城市更新    123        0.26             0.09                3.9                61
    会议       3996        4.3              7.2                 4.1                87
    区         9953        9.1             10.4                 6.1               105

Trigram finds nothing under three characters, so its one- and two-character terms fall back to a
LIKE scan of its content (slower than LIKE on a plain table); from three characters the two are
alike. A term in nearly every row (区, 会议) costs about what LIKE does, the work being in the
thousands of hits. Sizes, each alone and VACUUMed: bigram 10.3 MB (5.8 MB without the one-character
prefix index), trigram 7.0 MB; both need the 3.8 MB copy of the texts (snippets; trigram's LIKE).
The bigram index was chosen: one and two characters are most of what people type.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection

from core.store.search_schema import ITEM_BITS, KIND_CODES, PART_BITS

_KINDS = {code: kind for kind, code in KIND_CODES.items()}
_ITEM_MASK = 2**ITEM_BITS - 1
_CHUNK = 500  # ids per IN (…): well under SQLite's limit on variables


@dataclass
class KindHits:
    """The items of one kind that match, newest first, each with the doc to cut its snippet from
    (its own text when that matched, else the first other doc: minutes' body, a material …)."""

    items: list[int] = field(default_factory=list)
    docs: dict[int, int] = field(default_factory=dict)


def hits(conn: Connection, expression: str, kinds: Iterable[str], *,
         exclude_restricted: bool = False) -> dict[str, KindHits]:
    """Every item of `kinds` whose docs match the FTS5 `expression` (core.store.grams)."""
    wanted = {KIND_CODES[k] for k in kinds}
    found: dict[str, KindHits] = {_KINDS[code]: KindHits() for code in sorted(wanted)}
    restricted = " AND NOT d.restricted" if exclude_restricted else ""
    # The kinds' range of rowids: FTS5 seeks to it rather than reading every kind's hits.
    low, high = min(wanted) << (ITEM_BITS + PART_BITS), (max(wanted) + 1) << (ITEM_BITS + PART_BITS)
    sql = ("SELECT f.rowid FROM search_fts f " + ("JOIN search_doc d ON d.id = f.rowid " if restricted else "")
           + f"WHERE search_fts MATCH ? AND f.rowid >= ? AND f.rowid < ?{restricted} ORDER BY f.rowid DESC")
    # The driver's cursor: a one-character term matches thousands of rows, and SQLAlchemy's row
    # objects took a quarter of the whole search's time (measured; the benchmark's ratio is tight).
    cursor = conn.connection.cursor()
    try:
        rows = cursor.execute(sql, (expression, low, high)).fetchall()
    finally:
        cursor.close()
    shift = ITEM_BITS + PART_BITS
    for (rowid,) in rows:
        code = rowid >> shift
        if code not in wanted:
            continue
        group = found[_KINDS[code]]
        item = (rowid >> PART_BITS) & _ITEM_MASK
        if item not in group.docs:
            group.items.append(item)
        group.docs[item] = rowid  # rows come highest first: the item's lowest part wins
    return found


def doc_texts(conn: Connection, doc_ids: list[int]) -> dict[int, str]:
    texts: dict[int, str] = {}
    for start in range(0, len(doc_ids), _CHUNK):
        chunk = doc_ids[start:start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows = conn.exec_driver_sql(f"SELECT id, text FROM search_doc WHERE id IN ({marks})", tuple(chunk))
        texts.update((int(i), str(t)) for i, t in rows)
    return texts


def scan(conn: Connection, term: str) -> dict[str, set[int]]:
    """The same question without the index: LIKE over the texts as the tables hold them (what a
    search cost before; the benchmark's comparison). ASCII case only, as LIKE folds it."""
    pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    found: dict[str, set[int]] = {}
    for kind, item in conn.exec_driver_sql(
            "SELECT DISTINCT kind, item_id FROM search_source WHERE text LIKE ? ESCAPE '\\'", (pattern,)):
        found.setdefault(kind, set()).add(item)
    return found
