"""Figures as an Excel workbook (.xlsx): one sheet per figure, its title and range on top, the
table with its headers, then the headline facts and how it was counted. Numbers stay numbers
(shares as percentages), so the office can go on calculating with them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.documents.pdf_file import replaced_when_complete
from core.stats.figure import DAYS, SHARE, TEXT, Figure, Report
from core.stats.text_table import width

SHEET_NAME_MAX = 31  # Excel's limit
FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})
FORMATS = {SHARE: "0.0%", DAYS: "0.0"}
TABLE_ROW = 4  # the headers' row: title, range, a blank line above


def write_report(path: Path, report: Report) -> Path:
    return write_figures(path, report.figures, f"{report.range.label}（截至 {report.as_of.isoformat()}）")


def write_figures(path: Path, figures: Sequence[Figure], range_text: str) -> Path:
    """The file appears under `path` only when complete."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for figure in figures:
        _fill(book.create_sheet(_sheet_name(figure.title, used)), figure, range_text)
    path = Path(path)
    with replaced_when_complete(path) as tmp:
        book.save(tmp)
    return path


def _sheet_name(title: str, used: set[str]) -> str:
    name = title.translate(FORBIDDEN)[:SHEET_NAME_MAX]
    n = 2
    while name in used:
        suffix = f"({n})"
        name = title.translate(FORBIDDEN)[:SHEET_NAME_MAX - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def _fill(sheet: Any, figure: Figure, range_text: str) -> None:
    from openpyxl.styles import Font

    sheet.cell(1, 1, figure.title).font = Font(bold=True, size=14)
    sheet.cell(2, 1, "统计范围：" + range_text)
    columns = figure.shown_columns
    for col, column in enumerate(columns, 1):
        sheet.cell(TABLE_ROW, col, column.header).font = Font(bold=True)
    rows = figure.shown_rows()
    for r, row in enumerate(rows, TABLE_ROW + 1):
        for col, (value, column) in enumerate(zip(row, columns, strict=True), 1):
            cell = sheet.cell(r, col, value)
            if column.kind in FORMATS:
                cell.number_format = FORMATS[column.kind]
    below = TABLE_ROW + len(rows) + 2
    for i, fact in enumerate(figure.facts):
        sheet.cell(below + i, 1, fact.label)
        cell = sheet.cell(below + i, 2, fact.value)
        if fact.kind in FORMATS:
            cell.number_format = FORMATS[fact.kind]
    if figure.note:
        sheet.cell(below + len(figure.facts) + 1, 1, "说明：" + figure.note)
    _widths(sheet, figure)
    sheet.freeze_panes = sheet.cell(TABLE_ROW + 1, 1)


def _widths(sheet: Any, figure: Figure) -> None:
    from openpyxl.utils import get_column_letter

    for col, column in enumerate(figure.shown_columns, 1):
        texts = [column.header] + [str(row[col - 1]) for row in figure.shown_rows() if column.kind == TEXT]
        sheet.column_dimensions[get_column_letter(col)].width = min(60, max(8, max(width(t) for t in texts) + 2))
