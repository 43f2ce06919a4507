"""议题库 with about 5,000 topics: the list query and the status counts (issue 3: opens in < 150 ms)."""

from __future__ import annotations

from core.office import Office

TARGET_S = 0.150


def test_topic_list_query(benchmark, demo_office: Office) -> None:
    def load() -> int:
        rows = demo_office.topics.topics()
        demo_office.topics.counts()
        return len(rows)

    count = benchmark(load)
    assert count >= 5000
    assert benchmark.stats.stats.median < TARGET_S
