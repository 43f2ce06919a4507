"""The value axis of a bar chart: round steps (1, 2, 5 × 10ⁿ), whole numbers only — every figure
counts something (topics, meetings, people, days)."""

from __future__ import annotations

import math

WANTED = 5  # about this many steps up the axis


def step_for(top: float, wanted: int = WANTED) -> int:
    raw = max(top, 1.0) / wanted
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return max(1, int(factor * power))
    return max(1, int(10 * power))  # not reached: 10 × power always covers raw


def ticks(tallest: float, wanted: int = WANTED) -> list[int]:
    """0, step, 2·step … up to the first tick at or above the tallest bar (at least one step)."""
    step = step_for(tallest, wanted)
    count = max(1, math.ceil(tallest / step))
    return [i * step for i in range(count + 1)]
