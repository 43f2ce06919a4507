"""备份与恢复: a verified backup to a chosen folder (optionally under a separate passphrase for
media that leaves the room), the automatic backups beside the file, and restore from either."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.errors import HuiwuError
from core.keeping import backups
from core.keeping.backups import BackupInfo
from core.keeping.keys import MIN_PASSPHRASE, DatabaseKey, Passphrase, backup_dir
from core.office import Office
from gui.columns import fit_columns
from gui.data_safety import work
from gui.data_safety.restore import RestoreFlow, tr
from gui.meetings.common import read_only_table
from gui.messages import error_label, show_info
from gui.ops import OpRunner
from gui.roster.table import Column, RowsModel


class BackupDialog(QDialog):
    """Where to, and under which key. Emits `chosen(folder, key or None)`."""

    chosen = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.setWindowTitle(tr("立即备份"))
        self.setMinimumWidth(620)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.folder: Path | None = None
        self.folder_label = QLabel(tr("（尚未选择）"))
        self.folder_label.setObjectName("folderLabel")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextFormat(Qt.TextFormat.PlainText)
        self.choose_button = QPushButton(tr("选择文件夹…"))
        self.choose_button.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.choose_button)

        self.separate_box = QCheckBox(tr("使用单独的备份口令（备份要带出办公室时使用）"))
        self.separate_box.setObjectName("separatePassphrase")
        self.first = QLineEdit()
        self.first.setObjectName("passphrase")
        self.second = QLineEdit()
        self.second.setObjectName("passphraseAgain")
        for edit in (self.first, self.second):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setEnabled(False)
            self.separate_box.toggled.connect(edit.setEnabled)
        hint = QLabel(tr("不勾选时，备份与数据文件用同一把密钥加密，在本机可直接恢复。勾选后，备份只能用此口令打开"
                         "（数据文件的密钥和恢复密钥都打不开它）；口令请另行妥善保管，遗失后备份无法打开。"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(tr("备份到："), folder_row)
        form.addRow(self.separate_box)
        form.addRow(tr("备份口令（至少 %1 个字符）：").replace("%1", str(MIN_PASSPHRASE)), self.first)
        form.addRow(tr("再次输入口令："), self.second)
        self.error = error_label()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(tr("开始备份"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(buttons)
        # As in every form: once a check has refused, the line follows the fields (gui.roster.forms.FormDialog).
        for changed in (self.first.textChanged, self.second.textChanged, self.separate_box.toggled):
            changed.connect(self._recheck)

    def _recheck(self, *_changed: object) -> None:
        if self.error.text():
            self.error.setText(self.problem())

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, tr("选择备份位置（例如移动硬盘）"), str(Path.home()))
        if chosen:
            self.set_folder(Path(chosen))

    def set_folder(self, folder: Path) -> None:
        self.folder = folder
        self.folder_label.setText(str(folder))
        self._recheck()

    def problem(self) -> str:
        if self.folder is None:
            return tr("请选择备份位置。")
        if self.separate_box.isChecked():
            if len(self.first.text()) < MIN_PASSPHRASE:
                return tr("备份口令至少需要 %1 个字符。").replace("%1", str(MIN_PASSPHRASE))
            if self.first.text() != self.second.text():
                return tr("两次输入的口令不一致。")
        return ""

    def submit(self) -> None:
        why = self.problem()
        if why:
            self.error.setText(why)
            return
        key: DatabaseKey | None = None
        if self.separate_box.isChecked():
            try:
                key = Passphrase(self.first.text())
            except HuiwuError as exc:
                self.error.setText(exc.message)
                return
        self.error.clear()
        self.accept()
        self.chosen.emit(self.folder, key)


class BackupPanel(QWidget):
    restored = Signal(object)

    def _load_keep(self) -> None:
        settings = self.office.settings
        self.runner.run(lambda: int(settings.get(backups.KEEP_SETTING) or backups.DEFAULT_KEEP),
                        on_success=self.keep_spin.setValue, parent=self)

    def _save_keep(self) -> None:
        settings, value = self.office.settings, self.keep_spin.value()
        self.runner.run(lambda: settings.set(backups.KEEP_SETTING, str(value)), parent=self,
                        label=tr("正在保存…"))

    def __init__(self, office: Office, runner: OpRunner, *, allowed: bool = True, may_restore: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.office = office
        self.runner = runner
        self.allowed = allowed
        self.may_restore = may_restore and allowed
        self.last_backup: BackupInfo | None = None
        self.dialog: BackupDialog | None = None
        self.flow: RestoreFlow | None = None

        # --- manual backup
        self.backup_button = QPushButton(tr("立即备份到…"))
        self.backup_button.setObjectName("backupNow")
        self.backup_button.clicked.connect(self.ask_backup)
        self.result = QLabel(tr("备份写入后会重新打开校验：能否打开、完整性检查、加密页校验、记录数是否一致。"))
        self.result.setObjectName("backupResult")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setStyleSheet("color: #555;")
        manual = QGroupBox(tr("手动备份"))
        manual_row = QHBoxLayout(manual)
        manual_row.addWidget(self.backup_button, 0, Qt.AlignmentFlag.AlignTop)
        manual_row.addWidget(self.result, 1)

        # --- automatic backups
        self.model = RowsModel([
            Column(tr("备份时间"), lambda b: f"{b.modified:%Y-%m-%d %H:%M}", sort_key=lambda b: b.modified),
            Column(tr("类型"), lambda b: b.kind),
            Column(tr("大小"), lambda b: b.size_text, sort_key=lambda b: b.size),
            Column(tr("文件"), lambda b: b.path.name),
        ], self)
        self.table = read_only_table("autoBackups", self.model)
        fit_columns(self.table)
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.where = QLabel()
        self.where.setObjectName("backupFolder")
        self.where.setWordWrap(True)
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.where.setStyleSheet("color: #555;")
        self.restore_selected_button = QPushButton(tr("从此备份恢复…"))
        self.restore_selected_button.setObjectName("restoreSelected")
        self.restore_selected_button.clicked.connect(self.restore_selected)
        self.restore_file_button = QPushButton(tr("从备份文件恢复…"))
        self.restore_file_button.setObjectName("restoreFromFile")
        self.restore_file_button.setToolTip(tr("选择一个备份文件（例如移动硬盘上的），预览后恢复"))
        self.restore_file_button.clicked.connect(self.choose_restore_file)
        self.keep_spin = QSpinBox()
        self.keep_spin.setObjectName("backupKeep")
        self.keep_spin.setRange(1, 365)
        self.keep_spin.setSuffix(tr(" 份"))
        self.keep_spin.setToolTip(tr("自动备份保留最近的份数（管理员可修改）"))
        self.keep_spin.setEnabled(office.can("settings"))
        self.keep_spin.editingFinished.connect(self._save_keep)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_selected_button)
        buttons.addWidget(self.restore_file_button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel(tr("保留最近：")))
        buttons.addWidget(self.keep_spin)
        auto = QGroupBox(tr("自动备份（每天第一次打开时，以及升级和恢复之前）"))
        auto_layout = QVBoxLayout(auto)
        auto_layout.addWidget(self.where)
        auto_layout.addWidget(self.table, 1)
        auto_layout.addLayout(buttons)

        self._load_keep()
        self.denied = QLabel(tr("只有管理员或秘书可以备份数据，只有管理员可以从备份恢复。") if not allowed
                             else tr("只有管理员可以从备份恢复。"))
        self.denied.setObjectName("backupDenied")
        self.denied.setStyleSheet("color: #b71c1c;")
        self.denied.setVisible(not self.may_restore)
        layout = QVBoxLayout(self)
        layout.addWidget(self.denied)
        layout.addWidget(manual)
        layout.addWidget(auto, 1)
        self.where.setText(tr("保存位置：") + str(backup_dir(office.path)))
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def _update_buttons(self) -> None:
        self.backup_button.setEnabled(self.allowed)
        self.restore_file_button.setEnabled(self.may_restore)
        self.restore_selected_button.setEnabled(self.may_restore and self._selected() is not None)

    def _selected(self) -> work.BackupFile | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def refresh(self) -> None:
        office = self.office
        self.runner.run(lambda: work.automatic_backups(office), on_success=self._show_backups)

    def _show_backups(self, found: list[work.BackupFile]) -> None:
        self.model.set_rows(found)
        if found:
            self.table.selectRow(0)
        self._update_buttons()

    # --- backing up ------------------------------------------------------------------------

    def ask_backup(self) -> None:
        dialog = BackupDialog(self)
        dialog.chosen.connect(self.back_up)
        self.dialog = dialog
        dialog.show()

    def back_up(self, folder: Path, key: DatabaseKey | None) -> None:
        office = self.office
        self.backup_button.setEnabled(False)
        self.runner.run(lambda: work.backup_now(office, folder, key), on_success=lambda info: self._backed_up(info, key),
                        on_done=self._update_buttons, parent=self.window(), label=tr("正在备份并校验…"))

    def _backed_up(self, info: BackupInfo, key: DatabaseKey | None) -> None:
        self.last_backup = info
        text = (tr("已备份并校验通过：%1\n备份时间 %2；%3。")
                .replace("%1", str(info.path)).replace("%2", f"{info.created:%Y-%m-%d %H:%M}")
                .replace("%3", backups.counts_text(info)))
        text += "\n" + (tr("此备份用单独的备份口令加密，恢复时须输入该口令。") if key is not None
                        else tr("此备份与数据文件使用同一密钥。"))
        self.result.setText(text)
        self.result.setStyleSheet("color: #1b5e20;")
        show_info(self, text, title=tr("备份完成"))

    # --- restoring -------------------------------------------------------------------------

    def restore_selected(self) -> None:
        chosen = self._selected()
        if chosen is not None and self.may_restore:
            self.restore_from(chosen.path)

    def choose_restore_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("选择备份文件"), str(Path.home()),
                                              tr("会务数据文件 (*.huiwu *.db);;所有文件 (*)"))
        if path:
            self.restore_from(Path(path))

    def restore_from(self, path: Path) -> None:
        self.flow = RestoreFlow(self.office, self.runner, path, self)
        self.flow.restored.connect(self._restored)
        self.flow.start()

    def _restored(self, result: object) -> None:
        self.refresh()  # the pre-restore backup is new in the list
        self.restored.emit(result)
