"""另存为 OFD… (issue 13 §5): issued minutes as an OFD (GB/T 33190) with the PDF's layout.

Classified minutes go out as OFD only as a copy on the register, like their printed copies: the
secretary picks a printed 份号 (and so its recipient), the 份号 is on the OFD's first page, and the
output is recorded under the account (纪要.输出), as `huiwu render minutes --ofd` does. The file is
this user's only (0600), written whole through write_private."""

from __future__ import annotations

from collections.abc import Callable
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


def save_ofd(office: Office, minutes_id: int, target: Path, directory: Path, copy: int | None) -> Path:
    """On the worker: the OFD drawn in the window's private temporary folder, then written to
    `target`; a classified copy checked on the register first and its output recorded after."""
    from core.documents.minutes_ofd import render_minutes_ofd

    if copy is not None:
        office.minutes.check_registered_copy(minutes_id, copy)
    made = render_minutes_ofd(directory / "另存为.ofd", office.minutes.detail(minutes_id), copy_number=copy)
    try:
        write_private(target, made.read_bytes())
    finally:
        made.unlink(missing_ok=True)
    if copy is not None:
        office.minutes.record_classified_output(minutes_id, copy, f"另存为 OFD：{target.name}")
    return target


def ask_target(parent: QWidget, doc_name: str, copy: int | None) -> Path | None:
    """The file to write, named after the minutes (and the 份号 of a classified copy)."""
    name = doc_name + (f"（{copy:06d}）" if copy is not None else "")
    path, _ = QFileDialog.getSaveFileName(parent, tr("另存为 OFD"), str(Path.home() / f"{name}.ofd"),
                                          tr("OFD 版式文件 (*.ofd)"))
    if not path:
        return None
    return Path(path if path.lower().endswith(".ofd") else path + ".ofd")


class OfdCopyDialog(QDialog):
    """Which registered copy the OFD is: one of the printed 份号, with its recipient."""

    def __init__(self, rows: list[tuple[Any, ...]], then: Callable[[int], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ofdCopyDialog")
        self.setWindowTitle(tr("另存为 OFD（涉密纪要）"))
        self.numbers = QComboBox()
        for row in rows:
            self.numbers.addItem(f"{row[0]:06d}　{row[1]}", row[0])
        note = QLabel(tr("涉密纪要只能按份号登记簿中已印制的份号另存。OFD 首页印有所选份号，另存记入审计记录。"))
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
