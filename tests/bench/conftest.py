"""Benchmarks run with `make bench` (and in CI), on the demo file of tests/bench/data.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from core.office import Office
from core.store.keys import read_secret_file
from tests.bench import data, stats_data


@pytest.fixture(scope="session")
def demo_office() -> Iterator[Office]:
    db, key = data.ensure()
    office = Office.open(db, read_secret_file(key))
    try:
        yield office
    finally:
        office.close()


@pytest.fixture(scope="session")
def minutes_office() -> Iterator[Office]:
    """The benchmark file with a year of minutes and 督办 (tests/bench/stats_data.py): statistics and search."""
    db, key = stats_data.ensure()
    office = Office.open(db, read_secret_file(key))
    try:
        yield office
    finally:
        office.close()
