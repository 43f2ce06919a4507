"""The 恢复密钥 sheet: the recovery code on paper (or a PDF), with what to do with it."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from core.keeping.keys import recovery
from gui.look import mono_font, ui_font

ROW = 4  # groups per line on paper


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecoverySheet", text)


def grouped_lines(code: str) -> list[str]:
    groups = recovery.groups(code)
    return ["  ".join(groups[i:i + ROW]) for i in range(0, len(groups), ROW)]


def sheet_document(code: str, office_name: str, file_path: str) -> QTextDocument:
    today = dt.date.today()
    groups = recovery.groups(code)
    mono = mono_font().family()
    rows = []
    for r in range(0, len(groups), ROW):
        numbers = "".join(f"<td style='color:#888; font-size:9pt; padding-top:8px'>{_tr('第 %1 组').replace('%1', str(i + 1))}</td>"
                          for i in range(r, r + ROW))
        cells = "".join(f"<td style='font-family:\"{mono}\"; font-size:20pt; padding-right:24px'>{g}</td>"
                        for g in groups[r:r + ROW])
        rows.append(f"<tr>{numbers}</tr><tr>{cells}</tr>")
    table = "<table cellspacing='0' cellpadding='2' style='margin: 12px 0'>" + "".join(rows) + "</table>"
    html = f"""
    <h1 style='text-align:center'>{escape(_tr('会务数据文件 恢复密钥'))}</h1>
    <p><b>{escape(_tr('机关'))}：</b>{escape(office_name)}<br/>
       <b>{escape(_tr('数据文件'))}：</b>{escape(file_path)}<br/>
       <b>{escape(_tr('生成日期'))}：</b>{today.year} 年 {today.month} 月 {today.day} 日</p>
    {table}
    <p>{escape(_tr('本恢复密钥就是数据文件的密钥。系统钥匙串中的密钥丢失（重装系统、更换电脑、重置账户口令等）时，'
                   '输入这 16 组数字即可重新打开数据文件。'))}</p>
    <ul>
      <li>{escape(_tr('请将本页存放在保密柜或其他安全的地方，不要与电脑放在一起。'))}</li>
      <li>{escape(_tr('任何人拿到本页都能打开数据文件，请勿拍照、扫描或通过网络发送。'))}</li>
      <li>{escape(_tr('恢复密钥遗失后无法找回，数据也无法恢复。'))}</li>
    </ul>
    <p style='margin-top:24pt'>{escape(_tr('保管人签字：'))}______________
       &nbsp;&nbsp;&nbsp;{escape(_tr('日期：'))}______________</p>
    """
    doc = QTextDocument()
    doc.setDefaultFont(ui_font(12))
    doc.setHtml(html)
    return doc


def _page_layout() -> QPageLayout:
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                       QMarginsF(20, 20, 20, 20), QPageLayout.Unit.Millimeter)


def save_pdf(path: str, code: str, office_name: str, file_path: str) -> None:
    writer = QPdfWriter(path)
    writer.setPageLayout(_page_layout())
    writer.setTitle(_tr("会务数据文件 恢复密钥"))
    writer.setCreator("Huiwu")
    sheet_document(code, office_name, file_path).print_(writer)


def print_sheet(parent: QWidget | None, code: str, office_name: str, file_path: str) -> bool:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(_page_layout())
    printer.setDocName(_tr("恢复密钥"))
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_tr("打印恢复密钥单"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    sheet_document(code, office_name, file_path).print_(printer)
    return True
