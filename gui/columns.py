"""Columns as wide as what they hold (issue 14 §6): a list's columns size to their header and text
each time its rows change, up to a cap; one column (the title, the decision) takes the width left.
Text wider than its column is elided, and the whole text is the cell's tooltip (RowsModel gives every
cell its text as ToolTipRole).

Dates in a list's cells are written one way, 2026-12-04 (sorted and scanned in columns); sentences,
labels and documents say 2026年12月4日 (core.rules.roster.date_text, core.documents).

Measuring looks at a few hundred rows, not all: the 议题库 holds thousands and Qt would otherwise ask
each one on every refresh.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView

MEASURED_ROWS = 300
MAX_WIDTH = 360  # a column wider than this elides; its tooltip has the rest
PADDING = 12     # beside Qt's own margin, so that a fitted text does not touch the grid
_FITTED = "huiwuFittedColumns"
WEEKDAYS = "一二三四五六日"


def cell_date(day: dt.date | None, none: str = "") -> str:
    """A date in a list's cell: 2026-12-04."""
    return day.isoformat() if day is not None else none


def cell_date_weekday(day: dt.date) -> str:
    """A meeting's date in a list's cell: 2026-12-04 周五."""
    return f"{day.isoformat()} 周{WEEKDAYS[day.weekday()]}"


def fit_columns(table: QTableView, stretch: int | None = None, *, max_width: int = MAX_WIDTH,
                min_widths: dict[int, int] | None = None) -> None:
    """Fit `table`'s columns to their text now and whenever its model is reset (new rows);
    `stretch` fills the rest of the width (the last column does when None). The user may still drag
    a column wider or narrower until the rows change."""
    header = table.horizontalHeader()
    header.setResizeContentsPrecision(MEASURED_ROWS)
    table.verticalHeader().setResizeContentsPrecision(MEASURED_ROWS)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch is None)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setProperty(_FITTED, (stretch, max_width, dict(min_widths or {})))
    model = table.model()
    if model is not None and not table.property(_FITTED + "Connected"):
        model.modelReset.connect(lambda: refit(table))
        table.setProperty(_FITTED + "Connected", True)
    refit(table)


def refit(table: QTableView) -> None:
    """Size the columns again to what they hold now (after rows arrived without a model reset)."""
    settings = table.property(_FITTED)
    model = table.model()
    if settings is None or model is None:
        return
    stretch, max_width, min_widths = settings
    header = table.horizontalHeader()
    last = model.columnCount() - 1
    for column in range(model.columnCount()):
        if column == stretch or (stretch is None and column == last) or table.isColumnHidden(column):
            continue
        wanted = max(table.sizeHintForColumn(column) + PADDING, header.sectionSizeHint(column),
                     int(min_widths.get(column, 0)))
        table.setColumnWidth(column, min(wanted, max(max_width, header.sectionSizeHint(column))))

