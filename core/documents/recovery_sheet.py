"""The recovery sheet (恢复密钥单): the recovery code on paper, kept apart from the workstation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from core.documents.fonts import Face, register, require_glyphs
from core.store import recovery

MM = 72 / 25.4


def render(path: Path, code: str, *, file_id: str, office_name: str, created: dt.date) -> Path:
    from core.documents.pdf_file import write_pdf

    groups = recovery.groups(code)
    hei, song, kai = register(Face.HEI), register(Face.SONG), register(Face.KAI)
    require_glyphs(Face.SONG, office_name)

    def draw(c: Any) -> None:
        left, width = 28 * MM, 156 * MM
        y = 841.89 - 37 * MM
        c.setFont(hei.reportlab_name, 22)
        c.drawCentredString(left + width / 2, y, "会务数据文件恢复密钥单")
        y -= 18 * MM
        c.setFont(song.reportlab_name, 14)
        for label, value in (("机关名称", office_name), ("数据文件标识", file_id[:16]),
                             ("生成日期", f"{created.year}年{created.month}月{created.day}日")):
            c.drawString(left, y, f"{label}：{value}")
            y -= 9 * MM
        y -= 6 * MM
        c.setFont(hei.reportlab_name, 14)
        c.drawString(left, y, "恢复密钥（16 组，每组 6 位数字）：")
        y -= 14 * MM
        column = width / 4
        for row in range(4):
            for col in range(4):
                number = row * 4 + col
                x = left + col * column
                c.setFont(song.reportlab_name, 10)
                c.drawString(x, y, f"{number + 1:>2}")
                c.setFont(hei.reportlab_name, 18)
                c.drawString(x + 6 * MM, y, groups[number])
            y -= 13 * MM
        y -= 6 * MM
        c.setFont(kai.reportlab_name, 13)
        for line in (
            "1. 本单用于系统钥匙串丢失或更换计算机时打开数据文件，效力等同于密钥本身。",
            "2. 请将本单密封后存放于保密柜，不得拍照、扫描或存入任何计算机。",
            "3. 输入时可忽略空格和短横线；每组自带校验，输错一位即会提示是哪一组。",
            "4. 本单遗失或泄露时，请立即更换密钥并销毁旧单。",
        ):
            c.drawString(left, y, line)
            y -= 8 * MM
        c.showPage()

    return write_pdf(path, draw, title="恢复密钥单")
