"""One search on ten years of data (issue 14 §2): the median of a whole search — index, titles,
snippets, 50 per kind — under 50 ms for terms of one, two and four characters, and at most 0.1× the
LIKE scan that answers the same question without the index, measured in the same run (the two
timed in turns, each side's fastest round).

Printed beside it: the index's own part (which items match) and LIKE over the texts as the index
stores them, for comparison. The file is the benchmark demo file with minutes and 督办 (tests/bench/stats_data.py): without them
the demo has no minutes' text, which is most of what is searched.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import pytest

from core.office import Office
from core.services.search_text import KINDS
from core.store import search_index
from core.store.grams import match_expression, runs

TARGET_S = 0.050
MAX_RATIO = 0.1
TERMS = ("预", "停", "预算", "停车", "城市更新", "老旧小区")



def median_time(fn: Callable[[], object], rounds: int = 5) -> float:
    fn()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired_fastest(ours: Callable[[], object], baseline: Callable[[], object], cycles: int = 4) -> tuple[float, float]:
    """Each function's fastest time over `cycles` of a few rounds of ours then two of the baseline:
    close in time, both see the same load on the machine, and ours runs warm (a scan of every
    table between two searches pushes the index's pages out of SQLCipher's cache)."""
    best = [float("inf"), float("inf")]
    for _ in range(cycles):
        for side, fn, rounds in ((0, ours, 4), (1, baseline, 2)):
            for _ in range(rounds):
                start = time.perf_counter()
                fn()
                best[side] = min(best[side], time.perf_counter() - start)
    return best[0], best[1]


def like_on_stored_texts(office: Office, term: str) -> int:
    with office.engine.connect() as conn:
        return len(conn.exec_driver_sql("SELECT DISTINCT kind, item_id FROM search_doc WHERE text LIKE ?",
                                        (f"%{term}%",)).fetchall())


def index_lookup(office: Office, term: str) -> int:
    """The index's part alone: which items match (no titles, no snippets)."""
    with office.engine.connect() as conn:
        found = search_index.hits(conn, match_expression(runs(term)), KINDS)
    return sum(len(h.items) for h in found.values())


@pytest.mark.parametrize("term", TERMS)
def test_search_speed(benchmark, minutes_office: Office, term: str) -> None:
    office = minutes_office
    results = benchmark.pedantic(lambda: office.search.search(term), rounds=15, warmup_rounds=2)
    ours = benchmark.stats.stats.median

    def scan() -> dict[str, set[int]]:
        with office.engine.connect() as conn:
            return search_index.scan(conn, term)

    scanned = scan()
    assert {g.kind: g.count for g in results.groups} == {k: len(v) for k, v in scanned.items()}  # the same answer
    # The ratio from rounds taken in turns, each side's fastest: a busy moment on one side alone
    # moved it by half when the two were measured one after the other.
    mine, theirs = paired_fastest(lambda: office.search.search(term), scan)
    baseline = median_time(scan)
    stored = median_time(lambda: like_on_stored_texts(office, term))
    lookup = median_time(lambda: index_lookup(office, term))
    ratio = mine / theirs
    print(f"\n查找“{term}”：{results.total} 条，{ours * 1000:.1f} ms（其中索引 {lookup * 1000:.2f} ms）；"
          f"LIKE 扫描各表 {baseline * 1000:.0f} ms，比值 {ratio:.3f}×（轮流测量各取最快；目标 ≤ {MAX_RATIO}×）；"
          f"LIKE 扫描已存文字 {stored * 1000:.1f} ms")
    assert results.total > 0
    assert ours < TARGET_S
    assert ratio <= MAX_RATIO
