"""份号登记簿: the 印数 of the signing sheet as planned 份号, which numbered copy went to whom, when,
printed by whom (the account's name as a person); and the reprint of a lost copy, recorded as such
(条例 §9(1), 《工作规则》第五十五条)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.columns import cell_date, fit_columns
from gui.minutes.common import tr
from gui.roster.table import Column, RowsModel

Row = tuple[Any, ...]  # (份号, recipient, printed on or None when not yet printed, printed by, replaces, note)


class CopyRegisterDialog(QDialog):
    def __init__(self, rows: list[Row], reprint: Callable[[int, str], None], parent: QWidget | None = None, *,
                 planned: int = 0) -> None:
        super().__init__(parent)
        self.setObjectName("copyRegister")
        self.setWindowTitle(tr("份号登记簿"))
        self.resize(720, 420)
        self.model = RowsModel([
            Column(tr("份号"), lambda r: f"{r[0]:06d}"),
            Column(tr("接收单位或人员"), lambda r: r[1] if r[2] else tr("（未印制）")),
            Column(tr("印制日期"), lambda r: cell_date(r[2])),
            Column(tr("印制人"), lambda r: r[3]),
            Column(tr("补印"), lambda r: tr("补 %1").replace("%1", f"{r[4]:06d}") if r[4] else ""),
            Column(tr("说明"), lambda r: r[5]),
        ], self)
        self.model.set_rows(rows)
        table = QTableView()
        table.setModel(self.model)
        table.verticalHeader().setVisible(False)
        self.table = table
        fit_columns(table)  # 说明, the last, takes the rest
        printed = [r for r in rows if r[2] is not None]
        self.reprint_button = QPushButton(tr("补印遗失的份号…"))
        self.reprint_button.setEnabled(bool(printed))
        self.reprint_button.clicked.connect(lambda: self._ask_reprint(printed, reprint))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        reprints = sum(1 for r in printed if r[4])
        summary = QLabel(tr("签发单所列印数 %1 份（份号 000001–%2），已印制 %3 份，尚未印制 %4 份；补印 %5 份。")
                         .replace("%1", str(planned)).replace("%2", f"{planned:06d}")
                         .replace("%3", str(len(printed) - reprints)).replace("%4", str(len(rows) - len(printed)))
                         .replace("%5", str(reprints)))
        summary.setObjectName("registerSummary")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        layout.addWidget(table, 1)
        layout.addWidget(self.reprint_button)
        layout.addWidget(close)

    def _ask_reprint(self, rows: list[Row], reprint: Callable[[int, str], None]) -> None:
        dialog = ReprintDialog([r[0] for r in rows], self)

        def chosen() -> None:
            reprint(dialog.lost(), dialog.reason.text().strip())
            self.accept()

        dialog.accepted.connect(chosen)
        dialog.open()


class ReprintDialog(QDialog):
    def __init__(self, numbers: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reprintDialog")
        self.setWindowTitle(tr("补印遗失的份号"))
        self.numbers = QComboBox()
        for number in numbers:
            self.numbers.addItem(f"{number:06d}", number)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("遗失的经过，如“传递途中遗失，已报告保密办”"))
        form = QFormLayout()
        form.addRow(tr("遗失的份号："), self.numbers)
        form.addRow(tr("补印原因："), self.reason)
        buttons = QDialogButtonBox()
        buttons.addButton(tr("登记并补印…"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("补印的一份使用新的份号，并在登记簿中注明所补的份号。")))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def lost(self) -> int:
        return int(self.numbers.currentData())
