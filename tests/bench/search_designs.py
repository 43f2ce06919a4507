"""The two index designs of issue 14 §2 measured side by side on a copy of the benchmark file:
`python -m tests.bench.search_designs` (the numbers in core/store/search_index.py's docstring).

- bigram: the index the program uses (core.store.search_schema), the matching items out of it;
- trigram: FTS5's trigram tokenizer over the same texts (external content: search_doc), a phrase
  query for three characters or more and, since trigram finds nothing shorter, LIKE over its
  content for one and two (its "short-term path");
- LIKE over the stored texts (search_doc) and over the tables (search_source: no index at all).

Sizes: each index alone in a fresh plain database, VACUUMed.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection
from sqlcipher3 import dbapi2 as driver

from core.services.search_text import KINDS
from core.store import search_index
from core.store.engine import make_engine
from core.store.grams import grams, match_expression, runs
from core.store.keys import read_secret_file
from tests.bench import stats_data

TERMS = ("预", "区", "预算", "停车", "会议", "区政府", "城市更新", "有关部门")
GROUPED = "SELECT count(DISTINCT d.kind || d.item_id) FROM {source} WHERE {where}"


def median_ms(fn: Callable[[], object], rounds: int = 9) -> float:
    fn()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(db: Path, key_file: Path) -> None:
    engine = make_engine(db, read_secret_file(key_file))
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE VIRTUAL TABLE tri USING fts5(text, tokenize = 'trigram', "
                             "content = 'search_doc', content_rowid = 'id')")
        conn.exec_driver_sql("INSERT INTO tri (tri) VALUES ('rebuild')")
    with engine.connect() as conn:
        print(f"{'term':8} {'items':>6} {'bigram':>8} {'trigram':>9} {'LIKE doc':>9} {'LIKE tables':>12}  (ms)")
        for term in TERMS:
            print(row(conn, term))
        texts = conn.exec_driver_sql("SELECT id, text FROM search_doc").fetchall()
    engine.dispose()
    print(f"{len(texts)} docs, {sum(len(t) for _, t in texts):,} characters")
    sizes(texts)


def row(conn: Connection, term: str) -> str:
    def count(sql: str, arg: str) -> int:
        return int(conn.exec_driver_sql(sql, (arg,)).scalar() or 0)

    expression = match_expression(runs(term))
    items = sum(len(h.items) for h in search_index.hits(conn, expression, KINDS).values())
    bigram = median_ms(lambda: search_index.hits(conn, expression, KINDS))
    tri_sql = GROUPED.format(source="tri JOIN search_doc d ON d.id = tri.rowid",
                             where="tri MATCH ?" if len(term) >= 3 else "tri.text LIKE ?")
    tri_arg = f'"{term}"' if len(term) >= 3 else f"%{term}%"
    assert count(tri_sql, tri_arg) == items, term  # both designs give the same answer
    trigram = median_ms(lambda: count(tri_sql, tri_arg))
    doc = median_ms(lambda: count(GROUPED.format(source="search_doc d", where="d.text LIKE ?"), f"%{term}%"))
    tables = median_ms(lambda: search_index.scan(conn, term), rounds=3)
    return f"{term:8} {items:>6} {bigram:>8.2f} {trigram:>9.2f} {doc:>9.2f} {tables:>12.1f}"


def sizes(texts: list[tuple[int, str]]) -> None:
    folder = Path(tempfile.mkdtemp())
    for name, ddl, value in (
            ("bigram, prefix='1'", "fts5(g, tokenize='ascii', prefix='1', content='', contentless_delete=1)", grams),
            ("bigram, no prefix index", "fts5(g, tokenize='ascii', content='', contentless_delete=1)", grams),
            ("trigram", "fts5(g, tokenize='trigram', content='', contentless_delete=1)", str),
            ("the texts themselves", "", str)):
        path = folder / "size.db"
        path.unlink(missing_ok=True)
        db = driver.connect(str(path))
        if ddl:
            db.execute(f"CREATE VIRTUAL TABLE f USING {ddl}")
            db.executemany("INSERT INTO f (rowid, g) VALUES (?, ?)", [(i, value(t)) for i, t in texts])
            db.execute("INSERT INTO f (f) VALUES ('optimize')")
        else:
            db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT)")
            db.executemany("INSERT INTO t VALUES (?, ?)", texts)
        db.commit()
        db.execute("VACUUM")
        db.close()
        print(f"{name:24} {path.stat().st_size / 1e6:6.1f} MB")
    shutil.rmtree(folder)


def main() -> None:
    db, key = stats_data.ensure()
    folder = Path(tempfile.mkdtemp())
    try:
        copy = folder / db.name
        shutil.copyfile(db, copy)  # the trigram table is built in a copy, never in the shared file
        measure(copy, key)
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
    sys.exit(0)
