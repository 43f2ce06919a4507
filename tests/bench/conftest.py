"""Benchmarks run with `make bench` (and in CI), on the demo file of tests/bench/data.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from core.office import Office
from core.store.keys import read_secret_file
from tests.bench import data, stats_data


def _opened(ensure: Callable[[], tuple[Path, Path]]) -> Iterator[Office]:
    db, key = ensure()
    office = Office.open(db, read_secret_file(key))
    try:
        yield office
    finally:
        office.close()


@pytest.fixture(scope="session")
def demo_office() -> Iterator[Office]:
    yield from _opened(data.ensure)


@pytest.fixture(scope="session")
def minutes_office() -> Iterator[Office]:
    """The benchmark file with a year of minutes and 督办 (tests/bench/stats_data.py): statistics and search."""
    yield from _opened(stats_data.ensure)
