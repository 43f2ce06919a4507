"""Restoring from a backup: open it with the file's own key, or ask for its passphrase or the
recovery code; show what it holds (date, schema version, row counts) and what restoring it means
for the history (core.keeping.restore.plan: this file's own earlier copy or not, how many audit
records will be lost); confirm; restore (the current file is backed up first; administrators only).
Every step on the op runner; no dialog blocks the event loop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from core.errors import HuiwuError, WrongKeyOrDamaged
from core.keeping import backups
from core.keeping.backups import BackupInfo
from core.keeping.keys import DatabaseKey, key_from_text
from core.office import Office
from gui.data_safety import work
from gui.look import mono_font
from gui.messages import confirm, error_label, show_error, show_info
from gui.ops import OpRunner


def tr(text: str) -> str:
    return QCoreApplication.translate("DataSafety", text)


def _plain(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class KeyDialog(QDialog):
    """The backup's passphrase or the recovery code, when the file's own key does not open it."""

    entered = Signal(object)  # DatabaseKey

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupKeyDialog")
        self.setWindowTitle(tr("输入备份口令"))
        self.setMinimumWidth(560)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        why = _plain(tr("本数据文件的密钥打不开这个备份：它可能是用单独的备份口令保护的，可能是更换密钥之前做的，"
                        "也可能已损坏。请输入备份时设置的备份口令；如果是更换密钥之前的备份，请输入原来的恢复密钥；"
                        "如果是另一个数据文件的备份，请输入那个文件的恢复密钥或口令。"))
        where = _plain(tr("备份文件：") + str(path))
        where.setStyleSheet("color: #666;")
        self.secret_edit = QLineEdit()
        self.secret_edit.setObjectName("backupSecret")
        self.secret_edit.setFont(mono_font(12))
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        show = QCheckBox(tr("显示输入内容"))
        show.toggled.connect(lambda on: self.secret_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password))
        self.error = error_label()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(tr("打开备份"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(why)
        layout.addWidget(where)
        layout.addWidget(self.secret_edit)
        layout.addWidget(show)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _submit(self) -> None:
        text = self.secret_edit.text().strip()
        if not text:
            self.error.setText(tr("请输入口令或恢复密钥。"))
            return
        try:
            key = key_from_text(text)
        except HuiwuError as exc:
            self.error.setText(exc.message)
            return
        self.error.clear()
        self.entered.emit(key)

    def refused(self, message: str) -> None:
        self.error.setText(message)
        self.secret_edit.selectAll()
        self.secret_edit.setFocus()


class PreviewDialog(QDialog):
    """What the backup holds, before anything is replaced."""

    chosen = Signal()

    def __init__(self, preview: work.Preview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        info, plan = preview.info, preview.plan
        self.setObjectName("restorePreview")
        self.setWindowTitle(tr("从备份恢复"))
        self.setMinimumWidth(600)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        heading = QLabel(tr("备份内容"))
        heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        status = tr("校验通过（可以打开，完整性检查和加密页校验均通过）") if info.ok else (
            tr("校验未通过：") + "；".join(info.problems))
        for key, label, value in (
                ("file", tr("备份文件："), str(info.path)),
                ("created", tr("备份时间："), f"{info.created:%Y-%m-%d %H:%M}"),
                ("revision", tr("数据结构版本："), info.revision or "—"),
                ("counts", tr("记录数："), backups.counts_text(info)),
                ("status", tr("校验："), status)):
            shown = _plain(value)
            shown.setObjectName(f"preview_{key}")
            self.values[key] = shown
            form.addRow(label, shown)
        self.values["status"].setStyleSheet("color: #1b5e20;" if info.ok else "color: #b71c1c; font-weight: bold;")
        # What restoring means for the history, before anything is replaced (issue 11 §3).
        self.plan_label = _plain(plan.text if plan is not None else "")
        self.plan_label.setObjectName("restorePlan")
        self.plan_label.setVisible(plan is not None)
        own = plan is not None and plan.own_history and not plan.lost_rows
        self.plan_label.setStyleSheet(
            "padding: 6px; border-radius: 4px; "
            + ("background: #eef6ee; border: 1px solid #b9d8b9;" if own
               else "background: #fdecea; border: 1px solid #f1b0ab; font-weight: bold;"))
        note = _plain(tr("恢复会用这个备份替换当前的全部数据，此后的修改将不再存在。"
                         "恢复前会自动备份当前数据，需要时仍可从该备份找回。"))
        note.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton(tr("从此备份恢复…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setEnabled(info.ok)
        cancel = buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setDefault(True)
        buttons.accepted.connect(self._choose)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(self.plan_label)
        layout.addWidget(note)
        layout.addStretch(1)
        layout.addWidget(buttons)

    def _choose(self) -> None:
        self.accept()
        self.chosen.emit()


class RestoreFlow(QObject):
    """One restore, from a chosen backup file to the restored office. Emits `restored(result)`."""

    restored = Signal(object)  # work.RestoreResult

    def __init__(self, office: Office, runner: OpRunner, path: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self.office = office
        self.runner = runner
        self.path = path
        self.widget = parent
        self.key: DatabaseKey | None = None
        self.key_dialog: KeyDialog | None = None
        self.preview: PreviewDialog | None = None
        self.info: BackupInfo | None = None
        self.plan_text = ""

    def start(self) -> None:
        office, path, key = self.office, self.path, self.office.key_for_backup()
        self.runner.run(lambda: work.preview_backup(office, path, key), on_success=lambda found: self._opened(found, key),
                        on_error=self._own_key_failed, parent=self.widget, label=tr("正在校验备份文件…"))

    def _own_key_failed(self, exc: HuiwuError) -> None:
        if not isinstance(exc, WrongKeyOrDamaged):
            show_error(self.widget, exc.message)
            return
        dialog = KeyDialog(self.path, self.widget)
        dialog.entered.connect(self._try_key)
        self.key_dialog = dialog
        dialog.show()

    def _try_key(self, key: DatabaseKey) -> None:
        dialog = self.key_dialog
        assert dialog is not None
        dialog.ok_button.setEnabled(False)

        def refused(exc: HuiwuError) -> None:
            dialog.refused(exc.message)

        def opened(found: work.Preview) -> None:
            dialog.accept()
            self.key_dialog = None
            self._opened(found, key)

        office, path = self.office, self.path
        self.runner.run(lambda: work.preview_backup(office, path, key), on_success=opened, on_error=refused,
                        on_done=lambda: dialog.ok_button.setEnabled(True), parent=dialog,
                        label=tr("正在校验备份文件…"))

    def _opened(self, found: work.Preview, key: DatabaseKey) -> None:
        self.info, self.key = found.info, key
        self.plan_text = found.plan.text if found.plan is not None else ""
        dialog = PreviewDialog(found, self.widget)
        dialog.chosen.connect(self._confirm)
        self.preview = dialog
        dialog.show()

    def _confirm(self) -> None:
        info = self.info
        assert info is not None
        confirm(self.widget, tr("确定用 %1 的备份替换当前的全部数据吗？").replace("%1", f"{info.created:%Y-%m-%d %H:%M}"),
                yes=tr("恢复"), on_yes=self._restore, title=tr("确认恢复"),
                informative=(self.plan_text + "\n\n" if self.plan_text else "")
                + tr("恢复前会自动备份当前数据。请先关闭正在编辑的纪要等其他窗口。"))

    def _restore(self) -> None:
        office, path, key = self.office, self.path, self.key
        assert key is not None
        self.runner.run(lambda: work.restore(office, path, key), on_success=self._done, parent=self.widget,
                        label=tr("正在恢复数据…"))

    def _done(self, result: work.RestoreResult) -> None:
        text = tr("已从备份恢复（备份时间 %1）。").replace("%1", f"{result.info.created:%Y-%m-%d %H:%M}")
        if result.damaged_copy is not None:
            text += "\n\n" + tr("原数据文件已损坏，已原样留存为：") + str(result.damaged_copy)
        else:
            text += tr("恢复前的数据已自动备份。")
        text += "\n\n" + tr("主窗口各页面将按恢复后的数据重新载入；恢复前已打开的议题、会议、纪要窗口请关闭后重新打开。")
        show_info(self.widget, text, title=tr("恢复完成"))
        self.restored.emit(result)
