"""Issued minutes saved as a file: 另存为… (PDF) and 另存为 OFD… (GB/T 33190, issue 13 §5), the OFD
with the PDF's layout.

Classified minutes leave the program as a file only as a copy on the register, like their printed
copies and like `huiwu render minutes --pdf/--ofd --copy N`: the secretary picks a printed 份号 (and
so its recipient), the 份号 is on the first page, and the output is recorded under the account
(纪要.输出). The preview's unnumbered PDF is never saved or opened outside the program for them.
The file is this user's only (0600), written whole through write_private."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from core.keeping.hardening import write_private
from core.office import Office
from gui.minutes.common import tr


@dataclass(frozen=True)
class FileKind:
    name: str  # PDF, OFD
    suffix: str
    filter: str


PDF = FileKind("PDF", ".pdf", "PDF 文件 (*.pdf)")
OFD = FileKind("OFD", ".ofd", "OFD 版式文件 (*.ofd)")


def save_copy(office: Office, minutes_id: int, kind: FileKind, target: Path, directory: Path,
              copy: int | None) -> Path:
    """On the worker: the file drawn in the window's private temporary folder, then written to
    `target`; a classified copy checked on the register first and its output recorded after."""
    from core.documents.minutes_ofd import render_minutes_ofd
    from core.documents.minutes_pdf import render_minutes

    if copy is not None:
        office.minutes.check_registered_copy(minutes_id, copy)
    render = render_minutes_ofd if kind is OFD else render_minutes
    made = render(directory / f"另存为{kind.suffix}", office.minutes.detail(minutes_id), copy_number=copy)
    try:
        write_private(target, made.read_bytes())
    finally:
        made.unlink(missing_ok=True)
    if copy is not None:
        office.minutes.record_classified_output(minutes_id, copy, f"另存为 {kind.name}：{target.name}")
    return target


def ask_target(parent: QWidget, kind: FileKind, doc_name: str, copy: int | None) -> Path | None:
    """The file to write, named after the minutes (and the 份号 of a classified copy)."""
    name = doc_name + (f"（{copy:06d}）" if copy is not None else "")
    path, _ = QFileDialog.getSaveFileName(parent, tr("另存为 %1").replace("%1", kind.name),
                                          str(Path.home() / f"{name}{kind.suffix}"), tr(kind.filter))
    if not path:
        return None
    return Path(path if path.lower().endswith(kind.suffix) else path + kind.suffix)


class CopyPickDialog(QDialog):
    """Which registered copy the file is: one of the printed 份号, with its recipient."""

    def __init__(self, kind: FileKind, rows: list[tuple[Any, ...]], then: Callable[[int], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("copyPickDialog")
        self.setWindowTitle(tr("另存为 %1（涉密纪要）").replace("%1", kind.name))
        self.numbers = QComboBox()
        for row in rows:
            self.numbers.addItem(f"{row[0]:06d}　{row[1]}", row[0])
        note = QLabel(tr("涉密纪要只能按份号登记簿中已印制的份号另存。%1 首页印有所选份号，另存记入审计记录。")
                      .replace("%1", kind.name))
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("份号："), self.numbers)
        buttons = QDialogButtonBox()
        buttons.addButton(tr("选择保存位置…"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.accepted.connect(lambda: then(int(self.numbers.currentData())))
