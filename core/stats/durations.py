"""Days between two events (submission → confirmation, meeting → issued minutes), summarised.

The queries return each distinct number of days with how often it occurred, so a year of
thousands of topics arrives as a few dozen rows; the median and the distribution are taken from
those counts here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Upper bounds (inclusive) of the distribution's bands, in days; the last band is open.
BANDS: tuple[tuple[int, str], ...] = ((7, "7天以内"), (14, "8–14天"), (30, "15–30天"), (60, "31–60天"),
                                      (90, "61–90天"))
OVER = "90天以上"


@dataclass(frozen=True)
class Durations:
    count: int
    median: float | None
    mean: float | None
    shortest: int | None
    longest: int | None
    bands: tuple[tuple[str, int], ...]


def summarise(days: Mapping[int, int]) -> Durations:
    """`days`: number of days → how many items took that long."""
    count = sum(days.values())
    bands = _bands(days)
    if not count:
        return Durations(0, None, None, None, None, bands)
    ordered = sorted(days)
    mean = round(sum(d * n for d, n in days.items()) / count, 1)
    return Durations(count, _median(days, count), mean, ordered[0], ordered[-1], bands)


def _median(days: Mapping[int, int], count: int) -> float:
    """The middle value, or the mean of the two middle ones when the count is even."""
    lower_rank, upper_rank = (count - 1) // 2, count // 2
    seen = 0
    lower = upper = None
    for value in sorted(days):
        seen += days[value]
        if lower is None and seen > lower_rank:
            lower = value
        if seen > upper_rank:
            upper = value
            break
    assert lower is not None and upper is not None
    return (lower + upper) / 2


def _bands(days: Mapping[int, int]) -> tuple[tuple[str, int], ...]:
    counts = dict.fromkeys([label for _, label in BANDS] + [OVER], 0)
    for value, n in days.items():
        label = next((label for bound, label in BANDS if value <= bound), OVER)
        counts[label] += n
    return tuple(counts.items())
