"""A roster table saved as CSV (UTF-8 or GB18030): which table its header names, and its rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from core.errors import Invalid
from core.roster_import.cells import NumberedRow, header
from core.roster_import.layout import LAYOUTS, Layout
from core.roster_import.limits import check_extent


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Invalid(f"无法识别“{name}”的文字编码：请另存为 UTF-8 或 GB18030 编码的 CSV。")


def _filled(cells: list[str]) -> int:
    """How many cells up to the last one holding something."""
    for index in range(len(cells), 0, -1):
        if cells[index - 1].strip():
            return index
    return 0


def _rows(text: str, name: str) -> list[NumberedRow]:
    """Rows that hold something, blank cells as None; a value beyond a roster's extent refuses."""
    rows: list[NumberedRow] = []
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            width = _filled(cells)
            if width:
                check_extent(f"文件“{name}”", number, width)
                rows.append((number, [c if c != "" else None for c in cells[:width]]))
    except csv.Error as exc:  # e.g. a cell over csv's field limit (131,072 characters)
        raise Invalid(f"无法读取 CSV 文件“{name}”：格式有误或单元格过长。") from exc
    return rows


def read_csv(path: Path) -> tuple[Layout, list[NumberedRow]]:
    try:
        text = _decode(path.read_bytes(), path.name)
    except (OSError, UnicodeDecodeError) as exc:
        raise Invalid(f"无法读取文件“{path.name}”。") from exc
    rows = _rows(text, path.name)
    first = rows[0][1] if rows and rows[0][0] == 1 else []
    headers = {header(c) for c in first} - {""}
    layout = next((lay for lay in LAYOUTS if lay.required <= headers <= set(lay.headers)), None)
    if layout is None:
        known = "；".join(f"{lay.sheet}：{'、'.join(lay.headers)}" for lay in LAYOUTS)
        raise Invalid(f"无法识别 CSV 文件“{path.name}”的表头。第一行应为以下之一——{known}。")
    return layout, rows
