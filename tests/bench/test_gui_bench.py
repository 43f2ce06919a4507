"""The windows a secretary opens most, measured from construction to the rows on screen,
on the demo file of tests/bench/data.py (issue 3: 议题库 under 150 ms with 5,000 topics)."""

from __future__ import annotations

import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from core.office import Office  # noqa: E402
from gui.ops import OpRunner  # noqa: E402

TOPICS_TARGET_S = 0.150


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[OpRunner]:
    runner = OpRunner()
    yield runner
    runner.shutdown()


def open_until(qapp: QApplication, make: type, ready: str, office: Office, runner: OpRunner) -> QWidget:
    page = make(office, runner)
    page.show()
    deadline = time.monotonic() + 10
    while not getattr(page, ready):
        qapp.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        assert time.monotonic() < deadline, "page did not finish loading"
    return page


def test_topic_library_opens(benchmark, qapp: QApplication, demo_office: Office, runner: OpRunner) -> None:
    from gui.topics.page import TopicsPage

    pages: list[QWidget] = []

    def open_page() -> None:
        pages.append(open_until(qapp, TopicsPage, "loaded", demo_office, runner))

    benchmark.pedantic(open_page, rounds=12, warmup_rounds=2, iterations=1)
    assert pages[-1].model.rowCount() >= 5000  # type: ignore[attr-defined]
    for page in pages:
        page.close()
        page.deleteLater()
    assert benchmark.stats.stats.median < TOPICS_TARGET_S


MEETINGS_TARGET_S = 0.100


def test_meetings_calendar_opens(benchmark, qapp: QApplication, demo_office: Office, runner: OpRunner) -> None:
    """Ten years of meetings: the 会议 page (this month's calendar) shows its meetings in < 100 ms (issue 4)."""
    from gui.meetings.page import MeetingsPage

    pages: list[QWidget] = []

    def open_page() -> None:
        page = MeetingsPage(demo_office, runner)
        page.show()
        deadline = time.monotonic() + 10
        while not page.meetings_tab.loaded:
            qapp.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            assert time.monotonic() < deadline, "page did not finish loading"
        pages.append(page)

    benchmark.pedantic(open_page, rounds=12, warmup_rounds=2, iterations=1)
    assert pages[-1].meetings_tab.model.rowCount() > 0  # type: ignore[attr-defined]
    for page in pages:
        page.close()
        page.deleteLater()
    assert benchmark.stats.stats.median < MEETINGS_TARGET_S
