"""The range a statistics report covers and the periods it is broken into.

Both ends are inclusive, like every date range of the program (core.rules.roster). A year or a
month is the usual choice; a custom range is any two days. A range of up to two years is broken
into months, a longer one into years: 120 monthly bars would be unreadable, and a leader asking
about ten years wants the years compared.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from core.errors import Invalid
from core.rules.roster import date_text

MONTHLY_UP_TO = 24  # months; longer ranges are broken into years


@dataclass(frozen=True)
class Period:
    """One bar of a chart over time: a month or a year, clipped to the report's range."""

    key: str  # "2026-03" or "2026": stable, for JSON and sorting
    label: str  # 2026年3月 / 2026年
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class DateRange:
    start: dt.date
    end: dt.date
    label: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise Invalid(f"统计的截止日期（{date_text(self.end)}）不能早于起始日期（{date_text(self.start)}）。")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def monthly(self) -> bool:
        return self.months <= MONTHLY_UP_TO

    def periods(self) -> list[Period]:
        """The months (or years) of the range in order, each clipped to the range."""
        whole = self._months() if self.monthly else self._years()
        return [Period(p.key, p.label, max(p.start, self.start), min(p.end, self.end)) for p in whole]

    def _months(self) -> list[Period]:
        found = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            last = calendar.monthrange(year, month)[1]
            found.append(Period(f"{year}-{month:02d}", f"{year}年{month}月", dt.date(year, month, 1),
                                dt.date(year, month, last)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found

    def _years(self) -> list[Period]:
        return [Period(str(y), f"{y}年", dt.date(y, 1, 1), dt.date(y, 12, 31))
                for y in range(self.start.year, self.end.year + 1)]

    def chart_labels(self) -> tuple[str, ...]:
        """The periods as a chart's axis names them: 1月…12月 within one year (the year is in the
        title), else in full."""
        periods = self.periods()
        if self.monthly and self.start.year == self.end.year:
            return tuple(p.label.removeprefix(f"{self.start.year}年") for p in periods)
        return tuple(p.label for p in periods)

    def period_key(self, day: dt.date) -> str:
        return f"{day.year}-{day.month:02d}" if self.monthly else str(day.year)


def year_range(year: int) -> DateRange:
    _check_year(year)
    return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年")


def month_range(year: int, month: int) -> DateRange:
    _check_year(year)
    if not 1 <= month <= 12:
        raise Invalid(f"月份须为 1 至 12，“{month}”不是。")
    last = calendar.monthrange(year, month)[1]
    return DateRange(dt.date(year, month, 1), dt.date(year, month, last), f"{year}年{month}月")


def custom_range(start: dt.date, end: dt.date) -> DateRange:
    return DateRange(start, end, f"{date_text(start)}至{date_text(end)}")


def _check_year(year: int) -> None:
    if not 1900 <= year <= 2999:
        raise Invalid(f"年份须为四位数字，“{year}”不是。")


def chosen_range(*, year: int | None, month: int | None, start: str | None, end: str | None,
                 today: dt.date) -> DateRange:
    """The range a command asked for: --from/--to, else --year (this year when not given) with
    an optional --month."""
    if start or end:
        if year is not None or month is not None:
            raise Invalid("--from/--to 与 --year/--month 只能用一种。")
        if not (start and end):
            raise Invalid("自定义范围须同时给出 --from 和 --to（如 --from 2026-01-01 --to 2026-06-30）。")
        return custom_range(_day(start, "--from"), _day(end, "--to"))
    year = today.year if year is None else year
    return year_range(year) if month is None else month_range(year, month)


def _day(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise Invalid(f"{option} 的日期须写成 2026-03-31 的形式，“{text}”不是。") from None
