"""从文件导入 and 保存导入模板: the import runs on the op runner; a rejected file lists every problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core import roster_import
from core.errors import HuiwuError, ImportRejected
from core.office import Office
from core.services.roster_types import ImportSummary
from gui.messages import show_error, show_info
from gui.ops import OpRunner
from gui.roster.table import Column, RowsModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("RosterImport", text)


class ProblemsDialog(QDialog):
    """Every problem of a rejected file, with its place, in a list that scrolls."""

    def __init__(self, source: str, problems: list[tuple[int | str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入未完成"))
        self.resize(760, 480)
        heading = QLabel(self.tr("文件“%1”有 %2 处问题，未导入任何数据。请修改文件后重新导入。")
                         .replace("%1", source).replace("%2", str(len(problems))))
        heading.setObjectName("problemsHeading")
        heading.setWordWrap(True)
        self.model = RowsModel([
            Column(self.tr("位置"), lambda p: p[0] if isinstance(p[0], str) else self.tr("第 %1 行").replace("%1", str(p[0]))),
            Column(self.tr("问题"), lambda p: p[1]),
        ], self)
        self.model.set_rows(problems)
        self.table = QTableView()
        self.table.setObjectName("problems")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 200)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)


def import_from(parent: QWidget, runner: OpRunner, office: Office, path: str,
                on_imported: Callable[[], None]) -> None:
    """Import `path` on the worker; success → a summary, rejection → the problems dialog."""
    roster = office.roster
    source = Path(path).name

    def done(summary: ImportSummary) -> None:
        on_imported()
        show_info(parent, _tr("已导入“%1”：").replace("%1", source) + "\n" + summary.text)

    def refused(exc: HuiwuError) -> None:
        if isinstance(exc, ImportRejected):
            dialog = ProblemsDialog(source, exc.problems, parent)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()
        else:
            show_error(parent, exc.message)

    # Not cancellable: the import is one transaction, and cancelling after it committed would lie.
    runner.run(lambda: roster_import.import_file(roster, path), on_success=done, on_error=refused,
               parent=parent, label=_tr("正在检查并导入“%1”…").replace("%1", source))


def choose_and_import(parent: QWidget, runner: OpRunner, office: Office, on_imported: Callable[[], None]) -> None:
    path, _ = QFileDialog.getOpenFileName(parent, _tr("从文件导入人员与单位"), str(Path.home()),
                                          _tr("名册文件 (*.xlsx *.csv);;Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)"))
    if path:
        import_from(parent, runner, office, path, on_imported)


def save_template(parent: QWidget, runner: OpRunner) -> None:
    path, _ = QFileDialog.getSaveFileName(parent, _tr("保存导入模板"), str(Path.home() / "人员与单位导入模板.xlsx"),
                                          _tr("Excel 工作簿 (*.xlsx)"))
    if not path:
        return
    if not path.lower().endswith(".xlsx"):
        path += ".xlsx"

    def write() -> Path:
        try:
            return roster_import.write_template(path)
        except OSError as exc:
            raise HuiwuError(_tr("无法保存模板：") + str(exc)) from exc

    def saved(p: Path) -> None:
        show_info(parent, _tr("导入模板已保存到：") + f"\n{p}")

    runner.run(write, on_success=saved, parent=parent)
