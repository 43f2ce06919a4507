"""The recovery code on screen: its 16 groups, printing it, saving it as PDF, copying it, and
checking a group typed back. Shared by the first-run wizard and 更换密钥 (key rotation)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from core.keeping.keys import recovery
from gui import recovery_sheet
from gui.look import mono_font
from gui.messages import show_error, show_info

#: (office name, data file path) for the printed sheet, asked when printing
SheetFacts = Callable[[], tuple[str, str]]


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecoveryCode", text)


class RecoveryCodeView(QWidget):
    """The code in numbered groups (labels `group1` … `group16`) with 打印, 另存为 PDF and 复制."""

    def __init__(self, code: str, sheet_facts: SheetFacts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self._sheet_facts = sheet_facts
        self.code_box = QFrame()
        self.code_box.setObjectName("recoveryCode")
        self.code_box.setStyleSheet("#recoveryCode { background: #fffdf5; border: 1px solid #d8cfa8; }")
        grid = QGridLayout(self.code_box)
        grid.setContentsMargins(24, 12, 24, 12)
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(0)
        self.group_labels: list[QLabel] = []
        for i, group in enumerate(recovery.groups(code)):
            row, col = divmod(i, recovery_sheet.ROW)
            number = QLabel(_tr("第 %1 组").replace("%1", str(i + 1)))
            number.setStyleSheet("color: #8a7f5a; font-size: 9pt; padding-top: 8px;")
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label = QLabel(group)
            label.setObjectName(f"group{i + 1}")
            label.setFont(mono_font(18))
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(number, row * 2, col)
            grid.addWidget(label, row * 2 + 1, col)
            self.group_labels.append(label)

        buttons = QHBoxLayout()
        for text, slot in ((_tr("打印恢复密钥单…"), self.print_sheet), (_tr("另存为 PDF…"), self.save_pdf),
                           (_tr("复制"), self.copy)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.code_box)
        layout.addLayout(buttons)

    def _sheet_args(self) -> tuple[str, str, str]:
        office_name, file_path = self._sheet_facts()
        return self.code, office_name, file_path

    def print_sheet(self) -> None:
        recovery_sheet.print_sheet(self, *self._sheet_args())

    def save_pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, _tr("保存恢复密钥单"), str(Path.home() / "恢复密钥.pdf"), _tr("PDF 文件 (*.pdf)"))
        if not path:
            return
        try:
            recovery_sheet.save_pdf(path, *self._sheet_args())
        except OSError as exc:
            show_error(self, _tr("无法保存 PDF：") + str(exc))
            return
        show_info(self, _tr("已保存到：") + f"\n{path}\n\n"
                  + _tr("该 PDF 含有恢复密钥。打印后请删除电子文件，或将其存放在加密的移动介质上。"))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.code)


class CodeKeptPage(QWizardPage):
    """A wizard page showing the code (print, PDF, copy); 下一步 only once the user says it is kept."""

    def __init__(self, title: str, subtitle: str, code: str, sheet_facts: SheetFacts,
                 kept_text: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.code_view = RecoveryCodeView(code, sheet_facts)
        self.kept = QCheckBox(kept_text)
        self.kept.setObjectName("codeKept")
        self.kept.toggled.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(self.code_view)
        layout.addSpacing(8)
        layout.addWidget(self.kept)
        layout.addStretch(1)

    def isComplete(self) -> bool:
        return self.kept.isChecked()


def group_problem(code: str, index: int, typed: str) -> str:
    """Empty when `typed` is group `index` (from 0) of `code`; otherwise what is wrong with it."""
    n = str(index + 1)
    if not recovery.check_group(index, typed):
        return (_tr("第 %1 组输入有误：每组是 6 位数字并带有校验，这不是有效的一组。请对照恢复密钥逐位核对。")
                .replace("%1", n))
    if recovery.normalize(typed) != recovery.groups(code)[index]:
        return _tr("与恢复密钥的第 %1 组不符，请对照恢复密钥单核对；也可以返回上一步重新查看。").replace("%1", n)
    return ""
