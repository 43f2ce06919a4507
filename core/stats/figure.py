"""What a statistics report is made of, the same for the window, the command line and Excel.

A figure is a table (columns with stable keys and Chinese headers, rows of plain values), the
chart drawn from it, a few headline facts (中位数 12 天) and a note on how it was counted. The
window draws the chart with Qt; the command line prints the table; JSON keeps the keys, so a
script reading it does not break when a header's wording changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from core.stats.period import DateRange

Value = int | float | str | None

# How a column's values are written: counts, days with one decimal, shares (0.857 → 85.7%), text.
COUNT, DAYS, SHARE, TEXT = "count", "days", "share", "text"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = COUNT
    hidden: bool = False  # in JSON only (an enumeration's code beside its Chinese label)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """Bars: one group per category; several series side by side, or stacked when `stacked`.
    `horizontal` for long category names (units, leaders)."""

    categories: tuple[str, ...]
    series: tuple[Series, ...]
    value_title: str  # the value axis: 件, 次, 天, 人次
    stacked: bool = False
    horizontal: bool = False


@dataclass(frozen=True)
class Fact:
    key: str
    label: str
    value: Value
    kind: str = COUNT


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]
    chart: Chart
    facts: tuple[Fact, ...] = ()
    note: str = ""  # how it was counted, which article it rests on, what is practice

    @property
    def shown_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.hidden)

    def shown_rows(self) -> list[tuple[Value, ...]]:
        keep = [i for i, c in enumerate(self.columns) if not c.hidden]
        return [tuple(row[i] for i in keep) for row in self.rows]

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "note": self.note,
                "facts": {f.key: f.value for f in self.facts},
                "rows": [dict(zip((c.key for c in self.columns), row, strict=True)) for row in self.rows]}


@dataclass(frozen=True)
class Report:
    range: DateRange
    as_of: dt.date  # the day overdue and pending are counted on
    figures: tuple[Figure, ...] = field(default_factory=tuple)

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)

    def as_dict(self) -> dict[str, Any]:
        return {"range": {"start": self.range.start.isoformat(), "end": self.range.end.isoformat(),
                          "label": self.range.label},
                "as_of": self.as_of.isoformat(),
                "figures": {f.key: f.as_dict() for f in self.figures}}


def cell_text(value: Value, kind: str) -> str:
    """A value as the table shows it: 85.7%, 12.5, 1 234 stays 1234 (no grouping in an office table)."""
    if value is None:
        return "—"
    if kind == SHARE and isinstance(value, int | float):
        return f"{value * 100:.1f}%"
    if kind == DAYS and isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def share(part: int, whole: int) -> float | None:
    """part / whole rounded to 0.1 %, None when there is nothing to divide (shown as —)."""
    return round(part / whole, 3) if whole else None
