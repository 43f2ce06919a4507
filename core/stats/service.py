"""The statistics of a date range, read in one session (one snapshot of the file: the figures
agree with each other even while someone else saves), and the audit record of their export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.model import Department, Person
from core.services.base import Service
from core.stats import attendance, followup, meetings, minutes, topics
from core.stats.figure import Report
from core.stats.period import DateRange

if TYPE_CHECKING:
    from core.office import Office

#: Figures are office data like the 督办 summary: whoever may print it may export them (只读 too,
#: core.services.accounts.PERMISSIONS); they name no topic and no classified text.
EXPORT_ACTION = "print"
EXPORT_EVENT = "统计.导出"


class StatsService(Service):
    write_action = EXPORT_ACTION  # the service's only write is the audit record of an export

    def __init__(self, sessions: sessionmaker[Session], actor: Callable[[], str],
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(sessions, actor)
        self.today = today

    def report(self, r: DateRange) -> Report:
        as_of = self.today()
        with self.reading() as s:
            departments = _names(s, Department)
            people = _names(s, Person)
            figures = [*topics.figures(s, r, departments), *meetings.figures(s, r),
                       *attendance.figures(s, r, people, departments), *minutes.figures(s, r),
                       *followup.figures(s, r, as_of, departments)]
        return Report(r, as_of, tuple(figures))

    def record_export(self, what: str, file_name: str, r: DateRange) -> None:
        """An audit record naming what was exported (a chart, a table, the whole report) and where."""
        with self.transaction() as s:
            self.audit(s, EXPORT_EVENT, "stats", "", f"导出{r.label}{what}到 {file_name}")

    def may_export(self) -> bool:
        return self.may(EXPORT_ACTION)


def stats_of(office: Office, today: Callable[[], dt.date] = dt.date.today) -> StatsService:
    """The statistics of the file `office` has open, for its logged-in account. Made per use, not
    kept by the office: it holds nothing, and a restore replaces the office's sessions."""
    service = StatsService(office.sessions, lambda: office.user, today)
    service.may = office.can
    return service


def _names(s: Session, model: type[Department] | type[Person]) -> dict[int, str]:
    """id → name in the roster's order (its sort order, then the order of entry)."""
    return dict(s.execute(select(model.id, model.name).order_by(model.sort_order, model.id)).all())
