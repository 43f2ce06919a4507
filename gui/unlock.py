"""Open an existing file with a recovery code or a passphrase when the keyring cannot.

Never makes a new key: the file exists, so only its own key opens it. After opening with a
recovery code the key is put back into the keyring, so next time nothing needs typing.
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
    QVBoxLayout,
    QWidget,
)

from core.errors import HuiwuError
from core.keeping.unlock import open_with_secret
from core.office import Office
from core.store.keys import RawKey, key_from_text
from core.store.keystore import KeyStore
from gui.look import mono_font
from gui.messages import error_label
from gui.ops import OpRunner


class UnlockDialog(QDialog):
    """Emits `opened(office, note)`; `note` says whether the keyring entry was restored."""

    opened = Signal(object, str)

    def __init__(self, path: Path, runner: OpRunner, key_store: KeyStore | None, reason: str, *,
                 likely_code: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.runner = runner
        self.key_store = key_store
        self.office: Office | None = None
        self._opening = False
        self.used_passphrase = False
        self.restored = False
        self.setWindowTitle(self.tr("打开数据文件"))
        self.setMinimumWidth(640)

        why = QLabel(reason)
        why.setObjectName("reason")
        why.setWordWrap(True)
        where = QLabel(self.tr("数据文件：") + str(path))
        where.setWordWrap(True)
        where.setStyleSheet("color: #666;")
        prompt = QLabel(self.tr("请输入恢复密钥（16 组数字，可带空格或短横线），或创建文件时设置的口令："))
        prompt.setWordWrap(True)

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
        self.buttons.accepted.connect(self._try_open)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(why)
        layout.addWidget(where)
        layout.addSpacing(8)
        layout.addWidget(prompt)
        layout.addWidget(self.secret_edit)
        layout.addWidget(self.show_box)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _set_echo(self, shown: bool) -> None:
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)

    def _try_open(self) -> None:
        text = self.secret_edit.text()
        if not text.strip():
            self.error.setText(self.tr("请输入恢复密钥或口令。"))
            return
        try:
            key = key_from_text(text)
        except HuiwuError as exc:
            self.error.setText(exc.message)
            return
        path, store = self.path, self.key_store
        restored_note = self.tr("已将密钥重新保存到系统钥匙串，下次打开无需输入。")

        self.used_passphrase = not isinstance(key, RawKey)

        def open_file() -> tuple[Office, str]:
            office = open_with_secret(path, key)  # five wrong tries in a row wait 15 minutes
            note = ""
            if store is not None and isinstance(key, RawKey):
                try:
                    store.put(office.file_id, key)
                    self.restored = True
                    note = restored_note
                except HuiwuError as exc:
                    note = exc.message
            return office, note

        def done(result: tuple[Office, str]) -> None:
            self.office, note = result
            self.accept()
            self.opened.emit(self.office, note)

        def refused(exc: HuiwuError) -> None:
            self.error.setText(exc.message)

        def finished() -> None:
            self._opening = False
            self.buttons.setEnabled(True)

        self.error.clear()
        self._opening = True
        self.buttons.setEnabled(False)
        self.runner.run(open_file, on_success=done, on_error=refused, on_done=finished, parent=self,
                        label=self.tr("正在打开数据文件…"))

    def reject(self) -> None:
        if not self._opening:  # the file is being opened: let that finish first
            super().reject()
