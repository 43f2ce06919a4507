"""Bounds that keep a bad roster file from holding the import for minutes.

A district's roster has hundreds of rows and at most seven columns; the bounds are far above
that and low enough that reading and checking a file inside them takes seconds, not minutes.
Only cells that hold a value count: formatting an empty cell far away is harmless.
"""

from __future__ import annotations

from core.errors import Invalid

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000  # in one table
MAX_DATA_ROWS = 20_000  # in all the tables of one file
MAX_COLUMNS = 26  # A to Z; the widest table has 7
# An .xlsx is a zip: what its parts unpack to is capped too, or 10 MB could hold gigabytes.
MAX_UNPACKED_BYTES = 16 * 1024 * 1024
MAX_PARTS = 1000


def check_file_size(name: str, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise Invalid(f"文件“{name}”有 {size / 1024 / 1024:.1f} MB，超过名册文件的上限 "
                      f"{MAX_FILE_BYTES // 1024 // 1024} MB，未导入。人员名册通常不到 1 MB，请检查是否选错了文件。")


def column_letters(column: int) -> str:
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def check_extent(place: str, row: int, column: int) -> None:
    """Refuse a value outside the extent any roster table could have, naming its cell."""
    if row > MAX_ROWS or column > MAX_COLUMNS:
        raise Invalid(f"{place}的单元格 {column_letters(column)}{row}（第 {row} 行、第 {column} 列）有内容，"
                      f"超出人员名册的合理范围（每张表最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列），未导入。"
                      "请删除表格以外的内容后重新导入。")


def check_data_rows(name: str, count: int) -> None:
    if count > MAX_DATA_ROWS:
        raise Invalid(f"文件“{name}”各表合计有 {count} 行数据，超过一次导入的上限 {MAX_DATA_ROWS} 行，未导入。"
                      "请分成几个文件导入。")


def too_big_unpacked(name: str) -> Invalid:
    return Invalid(f"Excel 文件“{name}”解压后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB，"
                   "不像是人员名册（可能是损坏或恶意构造的文件），未导入。")


def broken_xlsx(name: str) -> Invalid:
    return Invalid(f"无法读取 Excel 文件“{name}”：文件已损坏或不是 .xlsx 格式。")
