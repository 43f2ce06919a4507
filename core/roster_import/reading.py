"""A roster file (.xlsx or .csv) read into typed rows: bad cells become problems, not errors;
a file too large or a table far beyond a roster's extent is refused at once."""

from __future__ import annotations

from pathlib import Path

from core.errors import Invalid
from core.roster_import.cells import read_table, shown
from core.roster_import.csv_table import read_csv
from core.roster_import.layout import HELP_SHEET, LAYOUTS
from core.roster_import.limits import check_data_rows, check_file_size
from core.roster_import.rows import ParsedRoster
from core.roster_import.xlsx import read_xlsx


def _parse_xlsx(path: Path, parsed: ParsedRoster) -> None:
    layouts = {layout.sheet: layout for layout in LAYOUTS}
    sheets = read_xlsx(path, lambda title: title.strip() in layouts)
    check_data_rows(path.name, sum(1 for _, rows in sheets for number, _ in rows or () if number > 1))
    for title, rows in sheets:
        title = title.strip()
        if rows is not None:
            read_table(parsed, layouts[title], rows)
        elif title != HELP_SHEET:
            parsed.problems.append((f"工作表“{shown(title, 40)}”", f"无法识别；应为：{'、'.join(layouts)}、{HELP_SHEET}"))


def parse_file(path: str | Path) -> ParsedRoster:
    """Read an .xlsx or .csv file; problems with cells are collected in `problems`, not raised."""
    path = Path(path)
    if not path.is_file():
        raise Invalid(f"找不到文件：{path}")
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise Invalid(f"不支持的文件类型“{suffix or '无扩展名'}”：请使用 .xlsx 或 .csv 文件。")
    check_file_size(path.name, path.stat().st_size)
    parsed = ParsedRoster(source=path.name)
    if suffix == ".xlsx":
        _parse_xlsx(path, parsed)
    else:
        layout, rows = read_csv(path)
        read_table(parsed, layout, rows)
    return parsed
