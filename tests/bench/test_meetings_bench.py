"""Ten years of meetings: the list and a calendar month load in under 100 ms (issue 4)."""

from __future__ import annotations

import datetime as dt

from core.office import Office

TARGET_S = 0.100


def test_meeting_list(benchmark, demo_office: Office) -> None:
    rows = benchmark(demo_office.meetings.meetings)
    assert len(rows) > 1000
    assert benchmark.stats.stats.median < TARGET_S


def test_calendar_month(benchmark, demo_office: Office) -> None:
    today = dt.date.today()
    first = today.replace(day=1)
    last = (first + dt.timedelta(days=40)).replace(day=1) - dt.timedelta(days=1)
    rows = benchmark(lambda: demo_office.meetings.meetings(start=first - dt.timedelta(days=7),
                                                           end=last + dt.timedelta(days=7)))
    assert len(rows) > 5
    assert benchmark.stats.stats.median < TARGET_S
