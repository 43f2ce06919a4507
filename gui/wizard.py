"""First run: name the office, set up the key, create the encrypted file.

With a usable system keyring the key is 32 random bytes; the user is shown the recovery code,
prints or copies it, and proves it was taken down by retyping one group chosen at random.
Without a keyring the file is protected by a passphrase typed twice (SQLCipher's KDF).
"""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from core.errors import HuiwuError, Invalid
from core.office import Office
from core.store import recovery
from core.store.keys import MIN_PASSPHRASE, DatabaseKey, Passphrase, RawKey
from core.store.keystore import KeyStore
from core.text import clean_line
from gui.look import mono_font
from gui.messages import error_label, show_error
from gui.ops import OpRunner
from gui.recovery_code import CodeKeptPage, group_problem


class NamePage(QWizardPage):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.setTitle(self.tr("欢迎使用会务"))
        self.setSubTitle(self.tr("会务管理本机关的议题、会议、纪要和督办事项。首先为本机关建立一个加密的数据文件。"))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("例如：××区人民政府办公室"))
        self.name_edit.setMaxLength(60)
        self.error = error_label()
        where = QLabel(self.tr("数据文件将保存在：") + f"\n{path}")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(self.tr("机关名称："), self.name_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(where)
        self.registerField("office_name*", self.name_edit)

    def validatePage(self) -> bool:
        try:
            clean_line(self.name_edit.text(), self.tr("机关名称"), max_len=60, required=True)
        except Invalid as exc:
            self.error.setText(exc.message)
            return False
        self.error.clear()
        return True


class RecoveryCodePage(CodeKeptPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(
            self.tr("恢复密钥"),
            self.tr("数据文件的密钥保存在本机的系统钥匙串中，平时打开无需输入。"
                    "钥匙串中的密钥一旦丢失（重装系统、更换电脑等），只能凭下面的恢复密钥打开数据文件。"
                    "请现在打印或抄写，并妥善保管。"),
            wizard.recovery_code, lambda: (self.field("office_name"), str(wizard.path)),
            self.tr("我已打印或抄写恢复密钥，并会将其存放在安全的地方"))


class ConfirmGroupPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        n = wizard.confirm_index + 1
        self.setTitle(self.tr("核对恢复密钥"))
        self.setSubTitle(self.tr("为确认恢复密钥已经记下，请对照您打印或抄写的恢复密钥，输入其中的第 %1 组（共 16 组）。")
                         .replace("%1", str(n)))
        self.group_edit = QLineEdit()
        self.group_edit.setObjectName("confirmGroup")
        self.group_edit.setFont(mono_font(16))
        self.group_edit.setMaxLength(12)
        self.group_edit.setMaximumWidth(220)
        self.group_edit.setPlaceholderText(self.tr("6 位数字"))
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("第 %1 组：").replace("%1", str(n)), self.group_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def validatePage(self) -> bool:
        problem = group_problem(self._wizard.recovery_code, self._wizard.confirm_index, self.group_edit.text())
        self.error.setText(problem)
        return not problem


class PassphrasePage(QWizardPage):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.setTitle(self.tr("设置口令"))
        self.setSubTitle(self.tr("本机没有可用的安全系统钥匙串，数据文件将用口令加密。每次打开都需要输入这个口令。"
                                 "口令遗失后数据无法恢复，请牢记或妥善保管。"))
        self.first = QLineEdit()
        self.first.setObjectName("passphrase")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setObjectName("passphraseAgain")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        why = QLabel(reason)
        why.setWordWrap(True)
        why.setStyleSheet("color: #666;")
        form = QFormLayout()
        form.addRow(self.tr("口令（至少 %1 个字符）：").replace("%1", str(MIN_PASSPHRASE)), self.first)
        form.addRow(self.tr("再次输入："), self.second)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(why)

    def validatePage(self) -> bool:
        if len(self.first.text()) < MIN_PASSPHRASE:
            self.error.setText(self.tr("口令至少需要 %1 个字符。").replace("%1", str(MIN_PASSPHRASE)))
            return False
        if self.first.text() != self.second.text():
            self.error.setText(self.tr("两次输入的口令不一致。"))
            return False
        self.error.clear()
        return True


class ReadyPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("准备就绪"))
        self.setSubTitle(self.tr("点击“创建数据文件”完成设置。"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addStretch(1)

    def initializePage(self) -> None:
        w = self._wizard
        protection = (self.tr("随机密钥，保存在系统钥匙串中，平时打开无需输入；另有恢复密钥备用")
                      if w.key_store is not None else self.tr("由您设置的口令保护，每次打开时输入"))
        self.summary.setText(
            self.tr("机关名称：") + self.field("office_name") + "\n"
            + self.tr("数据文件：") + str(w.path) + "\n"
            + self.tr("加密：SQLCipher（AES-256）") + "\n"
            + self.tr("密钥：") + protection)


class FirstRunWizard(QWizard):
    """Creates the file on the op runner when finished; emits `created(office, warning)`."""

    created = Signal(object, str)

    def __init__(self, path: Path, runner: OpRunner, key_store: KeyStore | None, *,
                 no_keyring_reason: str = "", parent: QWidget | None = None,
                 rng: random.Random | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.runner = runner
        self.key_store = key_store
        self.office: Office | None = None
        self._creating = False
        self.setWindowTitle(self.tr("首次设置"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步 >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< 上一步"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("创建数据文件"))
        self.resize(760, 560)

        self.addPage(NamePage(path))
        if key_store is not None:
            self.key: RawKey | None = RawKey.generate()
            self.recovery_code = recovery.encode(self.key.secret)
            self.confirm_index = (rng or random.SystemRandom()).randrange(recovery.GROUPS)
            self.addPage(RecoveryCodePage(self))
            self.addPage(ConfirmGroupPage(self))
            self.passphrase_page: PassphrasePage | None = None
        else:
            self.key = None
            self.recovery_code = ""
            self.confirm_index = -1
            self.passphrase_page = PassphrasePage(no_keyring_reason)
            self.addPage(self.passphrase_page)
        self.addPage(ReadyPage(self))

    def _database_key(self) -> DatabaseKey:
        if self.key is not None:
            return self.key
        assert self.passphrase_page is not None
        return Passphrase(self.passphrase_page.first.text())

    def reject(self) -> None:
        if not self._creating:  # not while the file is being written
            super().reject()

    def accept(self) -> None:
        if self._creating:
            return
        try:
            key = self._database_key()
        except HuiwuError as exc:
            show_error(self, exc.message)
            return
        name = self.field("office_name")
        path, store = self.path, self.key_store

        def create() -> tuple[Office, str]:
            office = Office.create(path, key, name)
            warning = ""
            if store is not None and isinstance(key, RawKey):
                try:
                    store.put(office.file_id, key)
                except HuiwuError as exc:
                    warning = exc.message
            return office, warning

        def done(result: tuple[Office, str]) -> None:
            self.office, warning = result
            super(FirstRunWizard, self).accept()
            self.created.emit(self.office, warning)

        def finished() -> None:
            self._creating = False
            for button in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton,
                           QWizard.WizardButton.BackButton):
                self.button(button).setEnabled(True)

        self._creating = True
        for button in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton,
                       QWizard.WizardButton.BackButton):
            self.button(button).setEnabled(False)
        self.runner.run(create, on_success=done, on_done=finished, parent=self,
                        label=self.tr("正在创建加密数据文件…"))
