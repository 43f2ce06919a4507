"""First run: name the office, set up the key, the first administrator, create the encrypted file.

The key is 32 random bytes, kept nowhere bare (no keyring, issue 11 §1): the user is shown the
recovery code, prints or copies it, and proves it was taken down by retyping one group chosen at
random; then names the first administrator, whose password opens the file from then on (its key
slot). Without an account password or the recovery code the file does not open — the pages say so.
"""

from __future__ import annotations

import dataclasses
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
from core.keeping.keys import RawKey, recovery
from core.office import Office
from core.rules import passwords
from core.text import clean_line
from gui.login import policy_text
from gui.look import mono_font
from gui.messages import error_label
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
            self.tr("数据文件用随机密钥加密，平时凭账户密码打开。忘记了全部管理员密码，或数据文件旁的密钥文件"
                    "丢失时，只能凭下面的恢复密钥打开。没有账户密码或恢复密钥，数据文件无法打开。"
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


class AdminPage(QWizardPage):
    """The first administrator: the file opens only through an account (issue 11 §1)."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("管理员账户"))
        self.setSubTitle(self.tr("数据文件凭账户密码打开。请设置第一个管理员账户：管理员负责账户和设置，"
                                 "秘书等其他账户由管理员在“账户管理”中创建。"))
        warning = QLabel(self.tr("没有账户密码或恢复密钥，数据文件无法打开，任何人（包括技术支持）都无法找回其中的数据。"
                                 "请牢记管理员密码，并妥善保管恢复密钥。"))
        warning.setObjectName("noWayBack")
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #b71c1c; font-weight: bold; background: #fdecea; border: 1px solid #f1b0ab; "
                              "border-radius: 4px; padding: 6px;")
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("adminUser")
        self.user_edit.setMaxLength(40)
        self.user_edit.setPlaceholderText(self.tr("例如：admin"))
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("adminName")
        self.name_edit.setMaxLength(60)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("adminPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(128)
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setObjectName("adminPasswordAgain")
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit.setMaxLength(128)
        # The first account has no earlier passwords: the policy without the reuse rule.
        policy = QLabel(policy_text(dataclasses.replace(passwords.DEFAULT, history_count=0)))
        policy.setWordWrap(True)
        policy.setStyleSheet("color: #555;")
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("用户名："), self.user_edit)
        form.addRow(self.tr("姓名："), self.name_edit)
        form.addRow(self.tr("密码："), self.password_edit)
        form.addRow(self.tr("再次输入："), self.repeat_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(policy)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.registerField("admin_user*", self.user_edit)

    def problem(self) -> str:
        """What is wrong with the account as typed; empty when it can be created. The service checks
        again when it creates it."""
        try:
            user = clean_line(self.user_edit.text(), self.tr("用户名"), max_len=40, required=True)
            clean_line(self.name_edit.text(), self.tr("姓名"), max_len=60)
        except Invalid as exc:
            return exc.message
        if any(ch.isspace() for ch in user):
            return self.tr("用户名不能包含空格。")
        found = passwords.password_problems(self.password_edit.text(), user)
        if found:
            return self.tr("密码不符合要求：") + "；".join(found) + "。"
        if self.password_edit.text() != self.repeat_edit.text():
            return self.tr("两次输入的密码不一致。")
        return ""

    def validatePage(self) -> bool:
        problem = self.problem()
        self.error.setText(problem)
        return not problem


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
        self.summary.setText(
            self.tr("机关名称：") + self.field("office_name") + "\n"
            + self.tr("数据文件：") + str(w.path) + "\n"
            + self.tr("加密：SQLCipher（AES-256）") + "\n"
            + self.tr("密钥：随机生成；平时凭账户密码打开（各账户的密钥副本由其密码封存，保存在数据文件旁的 %1 中），"
                      "另有恢复密钥备用；系统钥匙串中不保存密钥。").replace("%1", w.path.name + ".keys") + "\n"
            + self.tr("管理员：") + self.field("admin_user").strip() + "\n\n"
            + self.tr("没有账户密码或恢复密钥，数据文件无法打开。"))


class FirstRunWizard(QWizard):
    """Creates the file on the op runner when finished, with its first administrator logged in;
    emits `created(office, warning)`. `warning` is non-empty when the administrator could not be
    created after the file was (the start-up then asks for it again on the open file)."""

    created = Signal(object, str)

    def __init__(self, path: Path, runner: OpRunner, *, parent: QWidget | None = None,
                 rng: random.Random | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.runner = runner
        self.office: Office | None = None
        self._creating = False
        self.setObjectName("firstRunWizard")
        self.setWindowTitle(self.tr("首次设置"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步 >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< 上一步"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("创建数据文件"))
        self.resize(760, 560)

        self.key = RawKey.generate()
        self.recovery_code = recovery.encode(self.key.secret)
        self.confirm_index = (rng or random.SystemRandom()).randrange(recovery.GROUPS)
        self.addPage(NamePage(path))
        self.addPage(RecoveryCodePage(self))
        self.addPage(ConfirmGroupPage(self))
        self.admin_page = AdminPage()
        self.addPage(self.admin_page)
        self.addPage(ReadyPage(self))

    def reject(self) -> None:
        if not self._creating:  # not while the file is being written
            super().reject()

    def accept(self) -> None:
        if self._creating:
            return
        name, key, path = self.field("office_name"), self.key, self.path
        page = self.admin_page
        user, display = page.user_edit.text().strip(), page.name_edit.text()
        password = page.password_edit.text()

        def create() -> tuple[Office, str]:
            office = Office.create(path, key, name)
            try:
                office.accounts.create_first_admin(user, password, display)  # its key slot with it
                office.log_in(user, password)
            except HuiwuError as exc:
                return office, exc.message
            return office, ""

        def done(result: tuple[Office, str]) -> None:
            self.office, warning = result
            page.password_edit.clear()
            page.repeat_edit.clear()
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
