"""A data file that does not open (issue 11 §5): what the start-up shows instead of a bare error.

The dialog says why the file did not open, lists the backups beside it (daily, before a restore,
before an upgrade, manual copies), newest first with their dates and sizes, and offers:

- 从备份恢复… — an administrator's name and password (checked against the backup itself; the
  account's key slot, or the recovery code where the key file is gone, gives the file's key), a
  confirmation saying what will be replaced, then core.keeping.restore.restore_unopenable on the
  worker: the file that did not open is moved into the backups folder with its WAL, not deleted,
  and the backup takes its place under the same key and file id. The restored file is then opened
  as that administrator and the restore recorded with the anchor it replaces;
- 检查数据文件 — what `huiwu check` can learn of the file without opening it, page by page;
- 退出.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import HuiwuError
from core.keeping.backups import BackupInfo, counts_text
from core.keeping.keys import DatabaseKey, backup_dir, key_from_text
from gui.columns import fit_columns
from gui.data_safety import work
from gui.data_safety.restore import tr
from gui.look import mono_font
from gui.meetings.common import read_only_table
from gui.messages import confirm, error_label, show_error, show_info
from gui.ops import OpRunner
from gui.roster.table import Column, RowsModel

if TYPE_CHECKING:
    from core.keeping.keys import KeyStore

PASS_GREEN = "#1b5e20"
FAIL_RED = "#b71c1c"
RESTORE, CHECK = "restore", "check"


def _plain(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _secret_edit(name: str, *, mono: bool = False) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(200)
    if mono:
        edit.setFont(mono_font(12))
    return edit


class CredentialsDialog(QDialog):
    """Who asks: an administrator's name and password (restore), or any account's (check); the
    recovery code where no key slot can give the key. Emits `entered(work.Credentials)`."""

    entered = Signal(object)

    def __init__(self, purpose: str, *, needs_code: bool, code_optional: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.purpose = purpose
        self.needs_code = needs_code
        self.code_optional = code_optional
        self.setObjectName("credentialsDialog")
        self.setWindowTitle(tr("从备份恢复") if purpose == RESTORE else tr("检查数据文件"))
        self.setMinimumWidth(560)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        if purpose == RESTORE:
            intro = tr("从备份恢复须由管理员进行。请输入管理员的用户名和密码：以备份中的账户为准，"
                       "该账户在备份中须是启用的管理员。")
        elif needs_code:
            intro = tr("检查无法打开的数据文件需要它的密钥。请输入恢复密钥。")
        else:
            intro = tr("检查无法打开的数据文件需要它的密钥：请输入任一账户的用户名和密码（账户密码解开数据文件的密钥）。")
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("userName")
        self.user_edit.setMaxLength(40)
        self.password_edit = _secret_edit("password")
        self.code_edit = _secret_edit("recoveryCode", mono=True)
        self.code_edit.setPlaceholderText(tr("系统钥匙串中有此文件的密钥时可不填") if code_optional
                                          else "000000-000000-…")
        self.separate_box = QCheckBox(tr("此备份用单独的备份口令加密"))
        self.separate_box.setObjectName("separateBackupKey")
        self.backup_edit = _secret_edit("backupKey")
        self.backup_edit.setEnabled(False)
        self.separate_box.toggled.connect(self.backup_edit.setEnabled)
        form = QFormLayout()
        asks_account = purpose == RESTORE or not needs_code
        used: list[QWidget] = []
        if asks_account:
            form.addRow(tr("用户名："), self.user_edit)
            form.addRow(tr("密码："), self.password_edit)
            used += [self.user_edit, self.password_edit]
        if needs_code:
            if purpose == RESTORE:
                code_note = _plain(tr("数据文件旁没有可用的密钥文件，账户密码解不开数据文件的密钥：还须输入恢复密钥（16 组数字）。"))
                code_note.setStyleSheet("color: #555;")
                form.addRow(code_note)
            form.addRow(tr("恢复密钥："), self.code_edit)
            used.append(self.code_edit)
        if purpose == RESTORE:
            form.addRow(self.separate_box)
            form.addRow(tr("备份口令："), self.backup_edit)
            used += [self.separate_box, self.backup_edit]
        for unused in (w for w in (self.user_edit, self.password_edit, self.code_edit, self.separate_box,
                                   self.backup_edit) if w not in used):
            unused.setParent(self)  # not asked for this purpose: owned, never shown
            unused.setVisible(False)
        self.error = error_label()
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(tr("下一步") if purpose == RESTORE else tr("检查"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_plain(intro))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        (self.user_edit if asks_account else self.code_edit).setFocus()

    def _key(self, edit: QLineEdit) -> DatabaseKey | None:
        text = edit.text().strip()
        return key_from_text(text) if text else None

    def _submit(self) -> None:
        asks_account = self.purpose == RESTORE or not self.needs_code
        user, password = self.user_edit.text().strip(), self.password_edit.text()
        if asks_account and (not user or not password):
            self.error.setText(tr("请输入用户名和密码。"))
            return
        try:
            code = self._key(self.code_edit) if self.needs_code else None
            backup_key = self._key(self.backup_edit) if self.separate_box.isChecked() else None
        except HuiwuError as exc:
            self.error.setText(exc.message)
            return
        if self.needs_code and code is None and not self.code_optional:
            self.error.setText(tr("请输入恢复密钥。"))
            return
        if self.separate_box.isChecked() and backup_key is None:
            self.error.setText(tr("请输入备份口令。"))
            return
        self.error.clear()
        self.set_busy(True)
        self.entered.emit(work.Credentials(user, password, code, backup_key))

    def set_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)

    def refused(self, message: str) -> None:
        self.set_busy(False)
        self.password_edit.clear()
        self.error.setText(message)
        (self.password_edit if self.purpose == RESTORE or not self.needs_code else self.code_edit).setFocus()


class OpenFailedDialog(QDialog):
    """Instead of a bare error box when the file does not open. Emits `restored(work.Unopenable)`
    once a backup is in place and open; rejecting it (退出) ends the program."""

    restored = Signal(object)

    def __init__(self, path: Path, runner: OpRunner, error: HuiwuError, *, has_slots: bool,
                 key_store: KeyStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.runner = runner
        self.has_slots = has_slots
        self.key_store = key_store
        self.credentials: CredentialsDialog | None = None
        self.outcome: work.Unopenable | None = None
        self._working = False
        self.setObjectName("openFailed")
        self.setWindowTitle(tr("无法打开数据文件"))
        self.setMinimumWidth(820)

        heading = QLabel(tr("数据文件无法打开"))
        heading.setStyleSheet(f"font-size: 14pt; font-weight: bold; color: {FAIL_RED};")
        self.reason = _plain(error.message)
        self.reason.setObjectName("reason")
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where = _plain(tr("数据文件：") + str(path))
        where.setStyleSheet("color: #666;")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.model = RowsModel([
            Column(tr("备份时间"), lambda b: f"{b.modified:%Y-%m-%d %H:%M}"),
            Column(tr("类型"), lambda b: b.kind),
            Column(tr("大小"), lambda b: b.size_text),
            Column(tr("文件"), lambda b: b.path.name),
        ], self)
        self.table = read_only_table("backupsBeside", self.model)
        fit_columns(self.table)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(180)
        self.table.doubleClicked.connect(lambda _i: self.ask_restore())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.backups_label = _plain(tr("数据文件旁的备份（最新的在前）：") + str(backup_dir(path)))
        self.backups_label.setObjectName("backupsLabel")
        self.other_button = QPushButton(tr("选择其他备份文件…"))
        self.other_button.setObjectName("otherBackup")
        self.other_button.setToolTip(tr("例如移动硬盘上的手动备份"))
        self.other_button.clicked.connect(self.choose_other)
        self.note = _plain(tr("从备份恢复：无法打开的数据文件连同其预写日志原样移入备份文件夹保留，不会删除；"
                              "所选备份放回原处，备份之后所做的修改不在其中。须由管理员进行，恢复记入审计记录。"))
        self.note.setStyleSheet("color: #555;")

        self.check_heading = QLabel(tr("检查结果（未打开数据文件，逐页读取）："))
        self.check_heading.setStyleSheet("font-weight: bold;")
        self.check_heading.setVisible(False)
        self.check_lines = QListWidget()
        self.check_lines.setObjectName("checkLines")
        self.check_lines.setWordWrap(True)
        self.check_lines.setVisible(False)

        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(tr("从备份恢复…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restoreFromBackup")
        self.check_button = self.buttons.addButton(tr("检查数据文件"), QDialogButtonBox.ButtonRole.ActionRole)
        self.check_button.setObjectName("checkFile")
        self.quit_button = self.buttons.addButton(tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self.ask_restore)
        self.check_button.clicked.connect(self.ask_check)
        self.quit_button.clicked.connect(self.reject)

        other_row = QHBoxLayout()
        other_row.addWidget(self.backups_label, 1)
        other_row.addWidget(self.other_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.reason)
        layout.addWidget(where)
        layout.addSpacing(6)
        layout.addLayout(other_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.check_heading)
        layout.addWidget(self.check_lines)
        layout.addWidget(self.buttons)
        self._update_buttons()
        self.refresh()

    # --- the list ------------------------------------------------------------------------------

    def refresh(self) -> None:
        path = self.path
        self.runner.run(lambda: work.backups_beside(path), on_success=self._show_backups, parent=self)

    def _show_backups(self, found: list[work.BackupFile]) -> None:
        self.model.set_rows(found)
        if found:
            self.table.selectRow(0)
        else:
            self.backups_label.setText(tr("数据文件旁没有找到备份（%1）。如有移动介质上的手动备份，请选择其他备份文件。")
                                       .replace("%1", str(backup_dir(self.path))))
        self._update_buttons()

    def choose_other(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, tr("选择备份文件"), str(Path.home()),
                                                tr("会务数据文件 (*.huiwu *.db);;所有文件 (*)"))
        if not chosen:
            return
        try:
            picked = work.backup_file(Path(chosen))
        except OSError as exc:
            show_error(self, tr("无法读取所选文件：") + str(exc))
            return
        self.model.set_rows([picked, *[b for b in self.model.rows if b.path != picked.path]])
        self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> work.BackupFile | None:
        rows = self.table.selectionModel().selectedRows()
        found: work.BackupFile | None = self.model.row_at(rows[0].row()) if rows else None
        return found

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(not self._working and self.selected() is not None)
        self.check_button.setEnabled(not self._working)
        self.quit_button.setEnabled(not self._working)

    def _ask(self, purpose: str) -> CredentialsDialog:
        dialog = CredentialsDialog(purpose, needs_code=not self.has_slots,
                                   code_optional=not self.has_slots and self.key_store is not None, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.credentials = dialog
        dialog.finished.connect(lambda _r: setattr(self, "credentials", None))
        return dialog

    # --- checking --------------------------------------------------------------------------

    def ask_check(self) -> None:
        dialog = self._ask(CHECK)
        dialog.entered.connect(lambda who: self._check(dialog, who))
        dialog.open()

    def _check(self, dialog: CredentialsDialog, who: work.Credentials) -> None:
        path, store = self.path, self.key_store

        def checked(lines: list[tuple[bool, str]]) -> None:
            dialog.accept()
            self.show_check(lines)

        self.runner.run(lambda: work.check_unopenable(path, who, store), on_success=checked,
                        on_error=lambda exc: dialog.refused(exc.message), parent=dialog,
                        label=tr("正在逐页检查数据文件…"))

    def show_check(self, lines: list[tuple[bool, str]]) -> None:
        self.check_lines.clear()
        for passed, line in lines:
            item = QListWidgetItem(line, self.check_lines)
            item.setForeground(QBrush(QColor(PASS_GREEN if passed else FAIL_RED)))
        rows = sum(self.check_lines.sizeHintForRow(i) for i in range(self.check_lines.count()))
        self.check_lines.setFixedHeight(rows + 2 * self.check_lines.frameWidth() + 4)  # every line, no scrolling
        self.check_heading.setVisible(True)
        self.check_lines.setVisible(True)
        self.adjustSize()

    # --- restoring -------------------------------------------------------------------------

    def ask_restore(self) -> None:
        chosen = self.selected()
        if chosen is None or self._working:
            return
        dialog = self._ask(RESTORE)
        dialog.entered.connect(lambda who: self._inspect(dialog, chosen, who))
        dialog.open()

    def _inspect(self, dialog: CredentialsDialog, chosen: work.BackupFile, who: work.Credentials) -> None:
        path, store = self.path, self.key_store

        def inspected(info: BackupInfo) -> None:
            if not info.ok:
                dialog.refused(tr("备份文件校验未通过，不能用它恢复：") + "；".join(info.problems))
                return
            dialog.accept()
            self._confirm(chosen, info, who)

        self.runner.run(lambda: work.inspect_for_restore(path, chosen.path, who, store), on_success=inspected,
                        on_error=lambda exc: dialog.refused(exc.message), parent=dialog,
                        label=tr("正在校验备份文件…"))

    def _confirm(self, chosen: work.BackupFile, info: BackupInfo, who: work.Credentials) -> None:
        text = tr("用 %1 的备份替换无法打开的数据文件吗？").replace("%1", f"{info.created:%Y-%m-%d %H:%M}")
        informative = "\n".join([
            tr("备份：") + f"{chosen.path.name}（{chosen.kind}，{chosen.size_text}）",
            tr("备份内容：") + counts_text(info),
            "",
            tr("被替换的：无法打开的数据文件 %1。它连同预写日志原样移入 %2 保留，不会删除。")
            .replace("%1", self.path.name).replace("%2", str(backup_dir(self.path))),
            tr("备份时间之后所做的修改不在恢复后的文件中。"),
            tr("恢复后以 %1 的身份打开数据文件，恢复记入审计记录。").replace("%1", who.user),
        ])
        confirm(self, text, yes=tr("恢复"), on_yes=lambda: self._restore(chosen, who), title=tr("确认恢复"),
                informative=informative)

    def _restore(self, chosen: work.BackupFile, who: work.Credentials) -> None:
        path, store = self.path, self.key_store

        def done(result: work.Unopenable) -> None:
            self.outcome = result
            self.accept()
            self.restored.emit(result)

        def finished() -> None:
            self._working = False
            self._update_buttons()

        def refused(exc: HuiwuError) -> None:
            show_error(self, exc.message, title=tr("未恢复"))

        self._working = True
        self._update_buttons()
        self.runner.run(lambda: work.restore_unopenable(path, chosen.path, who, store), on_success=done,
                        on_error=refused,
                        on_done=finished, parent=self, label=tr("正在从备份恢复数据文件…"))

    def reject(self) -> None:
        if not self._working:
            super().reject()


def restored_text(result: work.Unopenable) -> str:
    return (tr("已从备份恢复（备份时间 %1）。").replace("%1", f"{result.info.created:%Y-%m-%d %H:%M}") + "\n\n"
            + tr("无法打开的原数据文件已原样移至：") + str(result.kept) + "\n\n"
            + tr("备份时间之后所做的修改不在恢复后的文件中，请核对后补录。"))


def show_restored(parent: QWidget, result: work.Unopenable) -> None:
    box = show_info(parent, restored_text(result), title=tr("恢复完成"))
    box.setObjectName("restoredBox")
