"""更换密钥: say what happens, show the new recovery code (print, PDF, copy), have two of its groups
typed back, and only then re-encrypt the file on the op runner (core.keeping.rotation: the new key waits
in the key file beside the data file as a pending entry while the rekey runs; the accounts' passwords
do not change). The result says that older backups still need the old recovery code (or passphrase)."""

from __future__ import annotations

import random

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from core.errors import HuiwuError
from core.keeping import rotation
from core.keeping.keys import Passphrase, RawKey, recovery
from core.office import Office
from gui.data_safety.restore import tr
from gui.look import mono_font
from gui.messages import error_label, show_error, show_info
from gui.ops import OpRunner
from gui.recovery_code import CodeKeptPage, group_problem

CONFIRM_GROUPS = 2  # one more than at first run: a code that replaces a working one must be right


def _text(text: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class IntroPage(QWizardPage):
    def __init__(self, passphrase: bool = False) -> None:
        super().__init__()
        self.setTitle(tr("更换数据文件密钥"))
        self.setSubTitle(tr("程序将生成一把新的密钥，并用它重新加密整个数据文件。"))
        points = [
            (tr("更换后，原来的口令不能再打开数据文件，改用新的恢复密钥。") if passphrase else
             tr("更换后，原来的恢复密钥不能再打开数据文件。"))
            + tr("下一步显示新的恢复密钥，请打印或抄写；核对其中两组之后才会开始更换。"),
            tr("更换之前做的备份（自动备份和手动备份）仍由原密钥加密，从这些备份恢复时须输入原来的%1。"
               "请把%2与这些备份一起保管，不要立即销毁。")
            .replace("%1", tr("口令") if passphrase else tr("恢复密钥"))
            .replace("%2", tr("原口令的记录") if passphrase else tr("原恢复密钥单")),
            tr("更换完成后，程序会立即用新密钥自动备份一次。"),
            tr("各账户的密码不变，更换后仍用各自的密码登录。"),
            tr("更换需要数秒，期间请勿关闭程序。即使中途断电或程序被强行结束，数据也不会丢失："
               "新旧两把密钥都保存在数据文件旁的密钥文件中，下次登录打开时程序会自动判断哪把有效。"),
        ]
        layout = QVBoxLayout(self)
        for point in points:
            layout.addWidget(_text("• " + point))
        layout.addStretch(1)


class CodePage(CodeKeptPage):
    def __init__(self, dialog: KeyRotationDialog) -> None:
        super().__init__(
            tr("新的恢复密钥"),
            tr("这是更换后的恢复密钥。忘记账户密码，或数据文件旁的密钥文件丢失、损坏时，只能凭它打开数据文件。"
               "请现在打印或抄写，并妥善保管。"),
            dialog.code, lambda: (dialog.office_name, str(dialog.office.path)),
            tr("我已打印或抄写新的恢复密钥，并会将其存放在安全的地方"))


class ConfirmPage(QWizardPage):
    def __init__(self, dialog: KeyRotationDialog) -> None:
        super().__init__()
        self._dialog = dialog
        numbers = "、".join(str(i + 1) for i in dialog.confirm_indices)
        self.setTitle(tr("核对新的恢复密钥"))
        self.setSubTitle(tr("请对照您打印或抄写的新恢复密钥，输入其中的第 %1 组。核对无误后点击“开始更换”。")
                         .replace("%1", numbers))
        form = QFormLayout()
        self.edits: list[QLineEdit] = []
        for index in dialog.confirm_indices:
            edit = QLineEdit()
            edit.setObjectName(f"confirmGroup{index + 1}")
            edit.setFont(mono_font(16))
            edit.setMaxLength(12)
            edit.setMaximumWidth(220)
            edit.setPlaceholderText(tr("6 位数字"))
            form.addRow(tr("第 %1 组：").replace("%1", str(index + 1)), edit)
            self.edits.append(edit)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def validatePage(self) -> bool:
        code = self._dialog.code
        problems = [group_problem(code, i, e.text()) for i, e in zip(self._dialog.confirm_indices, self.edits, strict=True)]
        self.error.setText("\n".join(p for p in problems if p))
        return not any(problems)


class KeyRotationDialog(QWizard):
    """Rotates when finished; emits `rotated(RotationResult)` after the result was shown."""

    rotated = Signal(object)

    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None, *,
                 rng: random.Random | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyRotation")
        self.office, self.runner = office, runner
        self.key = RawKey.generate()  # shown now, used only after the code was confirmed
        self.code = recovery.encode(self.key.secret)
        self.confirm_indices = sorted((rng or random.SystemRandom()).sample(range(recovery.GROUPS), CONFIRM_GROUPS))
        self.office_name = ""
        self._running = False
        self.setWindowTitle(tr("更换密钥"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setButtonText(QWizard.WizardButton.NextButton, tr("下一步 >"))
        self.setButtonText(QWizard.WizardButton.BackButton, tr("< 上一步"))
        self.setButtonText(QWizard.WizardButton.CancelButton, tr("取消"))
        self.setButtonText(QWizard.WizardButton.FinishButton, tr("开始更换"))
        self.resize(760, 560)
        self.addPage(IntroPage(isinstance(office.key_for_backup(), Passphrase)))
        self.addPage(CodePage(self))
        self.addPage(ConfirmPage(self))
        runner.run(office.settings.office_name, on_success=self._set_office_name, parent=self)

    def _set_office_name(self, name: str) -> None:
        self.office_name = name

    def reject(self) -> None:
        if not self._running:  # not while the file is being re-encrypted
            super().reject()

    def accept(self) -> None:
        # Overriding accept() skips QWizard's own check of the last page: the confirmation is here.
        if self._running or not self.validateCurrentPage():
            return
        office, key = self.office, self.key
        self._set_running(True)
        self.runner.run(lambda: rotation.rotate(office, key), on_success=self._done, on_error=self._failed,
                        on_done=lambda: self._set_running(False), parent=self,
                        label=tr("正在用新密钥重新加密数据文件，请勿关闭程序…"))

    def _set_running(self, running: bool) -> None:
        self._running = running
        for button in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton,
                       QWizard.WizardButton.BackButton):
            self.button(button).setEnabled(not running)

    def _done(self, result: rotation.RotationResult) -> None:
        super().accept()
        show_info(self.parentWidget(), result.message, title=tr("密钥已更换"))
        self.rotated.emit(result)

    def _failed(self, error: HuiwuError) -> None:
        super().reject()  # this code was never put to use: a new attempt shows a new one
        show_error(self.parentWidget(), tr("密钥未更换：") + error.message)


class RotateKeyButton(QPushButton):
    """“更换密钥…”, shown to administrators only; refusals (role, a file without key slots) are said
    before any code is shown."""

    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(tr("更换密钥…"), parent)
        self.setObjectName("rotateKey")
        self.setToolTip(tr("生成新的数据文件密钥和恢复密钥，并重新加密数据文件（仅管理员）"))
        self.office, self.runner = office, runner
        self.dialog: KeyRotationDialog | None = None
        if not office.can("settings"):
            self.hide()  # hidden, not disabled: only administrators need to know it exists
        self.clicked.connect(self.start)

    def start(self) -> None:
        try:
            rotation.check_may_rotate(self.office)  # role, key slots: no database work
        except HuiwuError as error:
            show_error(self.window(), error.message)
            return
        self.dialog = KeyRotationDialog(self.office, self.runner, self.window())
        self.dialog.show()
