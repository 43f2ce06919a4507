"""The import template: an .xlsx with the 说明 sheet, each table's headers (* = required) and examples."""

from __future__ import annotations

from pathlib import Path

from core.roster_import.layout import HELP_SHEET, LAYOUTS
from core.roster_import.limits import MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS


def write_template(path: str | Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    path = Path(path)
    book = Workbook()
    help_sheet = book.active
    assert help_sheet is not None
    help_sheet.title = HELP_SHEET
    for line in _help_lines():
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 110
    help_sheet["A1"].font = Font(bold=True, size=14)
    for layout in LAYOUTS:
        sheet = book.create_sheet(layout.sheet)
        sheet.append([c.header + ("*" if c.required else "") for c in layout.columns])
        for example in layout.examples:
            sheet.append(list(example))
        for index, column in enumerate(layout.columns, start=1):
            cell = sheet.cell(row=1, column=index)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center")
            letter = cell.column_letter
            sheet.column_dimensions[letter].width = 16 if "日期" in column.header else 22
            for row in range(2, len(layout.examples) + 2):
                if "日期" in column.header:
                    sheet.cell(row=row, column=index).number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
    book.save(path)
    return path


def _help_lines() -> list[str]:
    lines = [
        "人员与单位导入模板",
        "",
        "使用方法：在各表第 2 行起填写数据（已有的示例行请删除或改写），保存后在“人员与单位”中导入。",
        "带 * 的列必须填写。日期写成 2024-01-31（也可用 2024/1/31、2024年1月31日）。结束日期留空表示至今。",
        "整个文件检查无误后才会一次性导入；只要有一处问题，就不导入任何数据，并逐行列出问题。",
        "同名人员：在“人员任职”表的“人员备注”中填写不同备注（如所在单位）；在其他表中写成“姓名（备注）”。",
        "系统中已有的单位（按名称）和人员（按姓名和备注）会被沿用，不会重复新增，也不会被修改。",
        "也可以每张表单独保存为一个 CSV 文件（UTF-8 或 GB18030 编码），第一行为表头。",
        f"文件不能超过 {MAX_FILE_BYTES // 1024 // 1024} MB；每张表最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列。",
        "",
    ]
    for layout in LAYOUTS:
        lines.append(f"【{layout.sheet}】")
        for c in layout.columns:
            lines.append(f"  {c.header}{'（必填）' if c.required else ''}：{c.help or '—'}")
        lines.append("")
    return lines
