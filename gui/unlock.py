"""Open an existing file with its recovery code (or, for an old file, its passphrase) when no
account's key slot can: the key file beside it is missing or damaged, or the file is from before
key slots and the keyring does not hold its key.

Never makes a new key: the file exists, so only its own key opens it. Nothing is put into the
keyring (issue 11 §1: the file key is never kept bare there); opening with the recovery code
rebuilds a lost or damaged key file from the file itself, and the account still logs in after.
A file that turns out damaged (the code is right, a page is not) is handed on for restoring.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import HuiwuError, NotHuiwuFile, StorageError, WrongKeyOrDamaged
from core.keeping.keys import RawKey, key_from_text
from core.office import Office
from gui.look import mono_font
from gui.messages import error_label
from gui.ops import OpRunner


def surely_damaged(exc: HuiwuError) -> bool:
    """Whether a refusal says the file is damaged, not that the key is wrong: SQLCipher cannot tell
    the two apart on page 1 (the plain WrongKeyOrDamaged message), but a key that opened page 1
    and then met a broken page is told with its own message."""
    if isinstance(exc, StorageError | NotHuiwuFile):
        return True
    return isinstance(exc, WrongKeyOrDamaged) and exc.message != WrongKeyOrDamaged.message


class UnlockDialog(QDialog):
    """Emits `opened(office)` once the file is open (nobody logged in yet), or `damaged(error)`
    when the user asks to restore a file that does not open from a backup."""

    opened = Signal(object)
    damaged = Signal(object)  # HuiwuError

    def __init__(self, path: Path, runner: OpRunner, reason: str, *,
                 likely_code: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.runner = runner
        self.office: Office | None = None
        self._opening = False
        self.used_passphrase = False
        self.last_error: HuiwuError | None = None
        self.setObjectName("unlockDialog")
        self.setWindowTitle(self.tr("打开数据文件"))
        self.setMinimumWidth(640)

        why = QLabel(reason)
        why.setObjectName("reason")
        why.setWordWrap(True)
        where = QLabel(self.tr("数据文件：") + str(path))
        where.setWordWrap(True)
        where.setStyleSheet("color: #666;")
        prompt = QLabel(self.tr("请输入恢复密钥（16 组数字，可带空格或短横线）；"
                                "尚未启用账户密钥的旧数据文件，也可输入创建文件时设置的口令："))
        prompt.setWordWrap(True)
        then = QLabel(self.tr("打开后仍须登录账户。"))
        then.setStyleSheet("color: #666;")

        self.secret_edit = QLineEdit()
        self.secret_edit.setObjectName("secret")
        self.secret_edit.setFont(mono_font(13))
        self.secret_edit.setPlaceholderText("000000-000000-…")
        self.show_box = QCheckBox(self.tr("显示输入内容"))
        self.show_box.toggled.connect(self._set_echo)
        self.show_box.setChecked(likely_code)
        self._set_echo(likely_code)

        self.error = error_label()

        self.buttons = QDialogButtonBox()
        self.open_button = self.buttons.addButton(self.tr("打开"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setDefault(True)
        self.buttons.addButton(self.tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button = QPushButton(self.tr("从备份恢复…"))
        self.restore_button.setObjectName("offerBackups")
        self.restore_button.setToolTip(self.tr("数据文件已损坏、无法打开时，查看数据文件旁的备份并从中恢复"))
        self.restore_button.clicked.connect(self._to_backups)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.restore_button.setVisible(False)  # after addButton, which shows it
        self.buttons.accepted.connect(self._try_open)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(why)
        layout.addWidget(where)
        layout.addSpacing(8)
        layout.addWidget(prompt)
        layout.addWidget(self.secret_edit)
        layout.addWidget(self.show_box)
        layout.addWidget(then)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _set_echo(self, shown: bool) -> None:
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)

    def _try_open(self) -> None:
        text = self.secret_edit.text()
        if not text.strip():
            self.error.setText(self.tr("请输入恢复密钥。"))
            return
        try:
            key = key_from_text(text)
        except HuiwuError as exc:
            self.error.setText(exc.message)
            return
        path = self.path
        self.used_passphrase = not isinstance(key, RawKey)

        def open_file() -> Office:
            return Office.open_with_secret(path, key)  # five wrong tries in a row wait 15 minutes

        def done(office: Office) -> None:
            self.office = office
            self.accept()
            self.opened.emit(office)

        def refused(exc: HuiwuError) -> None:
            self.last_error = exc
            self.error.setText(exc.message)
            # Every refusal of the file itself may be damage (page 1 cannot tell): the backups are
            # offered; when the file says so outright, first among the buttons.
            self.restore_button.setVisible(isinstance(exc, WrongKeyOrDamaged | StorageError | NotHuiwuFile))
            if surely_damaged(exc):
                self.restore_button.setDefault(True)

        def finished() -> None:
            self._opening = False
            self.buttons.setEnabled(True)

        self.error.clear()
        self._opening = True
        self.buttons.setEnabled(False)
        self.runner.run(open_file, on_success=done, on_error=refused, on_done=finished, parent=self,
                        label=self.tr("正在打开数据文件…"))

    def _to_backups(self) -> None:
        if self._opening:
            return
        self.hide()  # not reject(): that quits the program
        self.damaged.emit(self.last_error or WrongKeyOrDamaged())

    def reject(self) -> None:
        if not self._opening:  # the file is being opened: let that finish first
            super().reject()
