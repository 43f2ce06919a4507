"""统计 on the benchmark file with minutes and 督办 (tests/bench/stats_data.py: ~5,000 topics, ten
years of meetings, their minutes and follow-up): the page opens, figures read and first chart
drawn, in < 300 ms (issue 14 §3); the report's queries alone for a year and for all ten years."""

from __future__ import annotations

import datetime as dt
import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from core.office import Office  # noqa: E402
from core.stats.period import custom_range, year_range  # noqa: E402
from core.stats.service import stats_of  # noqa: E402
from gui.ops import OpRunner  # noqa: E402

PAGE_TARGET_S = 0.300
YEAR_TARGET_S = 0.100  # the queries' share of the page's budget, with room for the chart



@pytest.fixture
def runner(qapp: QApplication) -> Iterator[OpRunner]:
    runner = OpRunner()
    yield runner
    runner.shutdown()


def test_statistics_page_opens(benchmark, qapp: QApplication, minutes_office: Office, runner: OpRunner) -> None:
    from gui.stats.page import StatsPage

    pages: list[QWidget] = []

    def open_page() -> None:
        page = StatsPage(minutes_office, runner)
        page.resize(1280, 800)
        page.show()
        deadline = time.monotonic() + 10
        while not page.loaded:
            qapp.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            assert time.monotonic() < deadline, "page did not finish loading"
        pages.append(page)

    benchmark.pedantic(open_page, rounds=12, warmup_rounds=2, iterations=1)
    page = pages[-1]
    assert page.panel.view is not None and page.figure_list.count() == 11  # type: ignore[attr-defined]
    assert page.report.figure("topics_by_status").facts[0].value > 100  # type: ignore[attr-defined]  # a year of topics
    for shown in pages:
        shown.close()
        shown.deleteLater()
    assert benchmark.stats.stats.median < PAGE_TARGET_S


def test_report_of_a_year(benchmark, minutes_office: Office) -> None:
    stats = stats_of(minutes_office)
    year = year_range(stats.today().year - 1)  # a whole year of history: minutes issued, 督办 closed
    report = benchmark(stats.report, year)
    assert report.figure("minutes_days").facts[0].value > 50
    assert report.figure("followup_by_unit").facts[0].value > 100
    assert benchmark.stats.stats.median < YEAR_TARGET_S


def test_report_of_ten_years(benchmark, minutes_office: Office) -> None:
    stats = stats_of(minutes_office)
    today = stats.today()
    everything = custom_range(dt.date(today.year - 21, 1, 1), today)  # yearly bars; every row read
    report = benchmark(stats.report, everything)
    assert report.figure("topics_by_status").facts[0].value >= 5000
    assert benchmark.stats.stats.median < PAGE_TARGET_S
