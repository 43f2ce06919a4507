"""The login, the forced password change, and the first administrator.

A file with key slots opens only through an account (issue 11 §1): the login dialog comes first,
and the account's password opens its slot, which gives the file's key (Office.open_as) — there is
nothing to open the file with before someone logs in. A file opened otherwise (the recovery code,
or a file from before key slots through the keyring) is open already, and the dialog logs in on it.
Both dialogs run the password work (scrypt) on the op runner; a refused login shows what core says
(the remaining attempts, or the time a lock ends).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.errors import HuiwuError
from core.office import Office
from core.rules.passwords import Policy
from core.services.accounts import AccountInfo, LoginRefused
from gui.messages import error_label
from gui.ops import OpRunner


def _password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(128)
    return edit


def policy_text(policy: Policy) -> str:
    text = (QCoreApplication.translate("Login", "密码至少 %1 个字符，须包含大写字母、小写字母、数字、符号、"
                                       "汉字中的至少 %2 类，且不能与用户名相同。")
            .replace("%1", str(policy.min_length)).replace("%2", str(policy.min_classes)))
    if policy.history_count == 1:  # R18: no reuse of the last N passwords
        text += QCoreApplication.translate("Login", "新密码不能与当前密码相同。")
    elif policy.history_count > 1:
        text += (QCoreApplication.translate("Login", "不能使用最近 %1 次用过的密码（含当前密码）。")
                 .replace("%1", str(policy.history_count)))
    return text


class LoginDialog(QDialog):
    """Emits `logged_in(AccountInfo)` after a successful login (and a forced change, if due).

    `target` is an open office to log in on, or the path of a file with key slots: then the login
    opens it (`opened(office)` as soon as it is open, before a forced change), a refusal that is
    not the login's (the file damaged, in use, its key file gone) is handed on as
    `cannot_open(error)`, and 用恢复密钥打开… asks for `code_requested`."""

    logged_in = Signal(object)
    opened = Signal(object)       # Office, opened through the account's slot
    cannot_open = Signal(object)  # HuiwuError other than a refused login, in path mode
    code_requested = Signal()

    def __init__(self, target: Office | Path, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.office: Office | None = target if isinstance(target, Office) else None
        self.path = target.path if isinstance(target, Office) else Path(target)
        self.runner = runner
        self._working = False
        self._old_password = ""
        self.info: AccountInfo | None = None
        self.locked = False
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("登录会务"))
        self.setMinimumWidth(460)

        self.pages = QStackedWidget()
        # login
        login = QWidget()
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("userName")
        self.user_edit.setMaxLength(40)
        self.password_edit = _password_edit("password")
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("用户名："), self.user_edit)
        form.addRow(self.tr("密码："), self.password_edit)
        where = QLabel(self.tr("数据文件：") + str(self.path))
        where.setObjectName("dataFile")
        where.setWordWrap(True)
        where.setTextFormat(Qt.TextFormat.PlainText)
        where.setStyleSheet("color: #666;")
        login_layout = QVBoxLayout(login)
        login_layout.addWidget(where)
        login_layout.addLayout(form)
        login_layout.addWidget(self.error)
        if self.office is None:
            hint = QLabel(self.tr("数据文件凭账户密码打开。忘记密码请找管理员重置；"
                                  "全部管理员的密码都遗失时，可凭恢复密钥打开。"))
            hint.setObjectName("slotHint")
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #666;")
            login_layout.addWidget(hint)
        # forced change
        change = QWidget()
        self.change_note = QLabel(self.tr("管理员设置或重置了您的密码，请先设置新密码。"))
        self.change_note.setWordWrap(True)
        self.policy_label = QLabel()
        self.policy_label.setWordWrap(True)
        self.policy_label.setStyleSheet("color: #555;")
        self.new_edit = _password_edit("newPassword")
        self.repeat_edit = _password_edit("repeatPassword")
        self.change_error = error_label()
        change_form = QFormLayout()
        change_form.addRow(self.tr("新密码："), self.new_edit)
        change_form.addRow(self.tr("再次输入："), self.repeat_edit)
        change_layout = QVBoxLayout(change)
        change_layout.addWidget(self.change_note)
        change_layout.addWidget(self.policy_label)
        change_layout.addLayout(change_form)
        change_layout.addWidget(self.change_error)
        self.pages.addWidget(login)
        self.pages.addWidget(change)

        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(self.tr("登录"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        self.code_button: QPushButton | None = None
        if self.office is None:
            self.code_button = self.buttons.addButton(self.tr("用恢复密钥打开…"), QDialogButtonBox.ButtonRole.ResetRole)
            self.code_button.setObjectName("useRecoveryCode")
            self.code_button.clicked.connect(self._ask_code)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.buttons)
        self.user_edit.setFocus()

    def _ask_code(self) -> None:
        if not self._working:
            self.hide()
            self.code_requested.emit()

    def _run(self, fn, on_success, on_error) -> None:  # type: ignore[no-untyped-def]
        def done() -> None:
            self._working = False
            self.buttons.setEnabled(True)

        self._working = True
        self.buttons.setEnabled(False)
        self.runner.run(fn, on_success=on_success, on_error=on_error, on_done=done, parent=self)

    def _submit(self) -> None:
        if self.pages.currentIndex() == 0:
            self._log_in()
        else:
            self._change()

    def _log_in(self) -> None:
        user, password = self.user_edit.text().strip(), self.password_edit.text()
        if not user or not password:
            self.error.setText(self.tr("请输入用户名和密码。"))
            return
        office, path = self.office, self.path
        self.error.clear()

        def refused(exc: HuiwuError) -> None:
            if office is None and not isinstance(exc, LoginRefused):
                self.hide()  # not the login's refusal: the start-up says what it is (no reject: that quits)
                self.cannot_open.emit(exc)
                return
            self.password_edit.clear()
            self.password_edit.setFocus()
            # LoginRefused says how many attempts remain, or until when the account is locked.
            self.error.setText(exc.message)
            self.locked = isinstance(exc, LoginRefused) and exc.locked_until is not None

        def loaded(result: tuple[Office, AccountInfo, Policy]) -> None:
            opened, info, policy = result
            if office is None:
                self.office = opened
                self.opened.emit(opened)
            if info.must_change:
                if info.password_expired:
                    self.change_note.setText(self.tr("您的密码已超过 %1 天未修改，请设置新密码。")
                                             .replace("%1", str(policy.max_age_days)))
                self._old_password = password
                self.policy_label.setText(policy_text(policy))
                self.pages.setCurrentIndex(1)
                self.ok_button.setText(self.tr("保存新密码并登录"))
                self.new_edit.setFocus()
            else:
                self._done(info)

        def log_in() -> tuple[Office, AccountInfo, Policy]:
            if office is not None:
                return office, office.log_in(user, password), office.accounts.policy()
            opened = Office.open_as(path, user, password)  # the slot, then the login (counted either way)
            try:
                info = opened.account
                assert info is not None
                return opened, info, opened.accounts.policy()
            except BaseException:
                opened.close()
                raise

        self._run(log_in, loaded, refused)

    def _change(self) -> None:
        new, repeat = self.new_edit.text(), self.repeat_edit.text()
        if new != repeat:
            self.change_error.setText(self.tr("两次输入的新密码不一致。"))
            return
        office = self.office
        assert office is not None
        info = office.account
        assert info is not None
        accounts, old = office.accounts, self._old_password

        def refused(exc: HuiwuError) -> None:
            self.change_error.setText(exc.message)

        def changed(updated: AccountInfo) -> None:
            self._old_password = ""
            office.account = updated
            self._done(updated)

        self._run(lambda: accounts.change_password(info.user_name, old, new), changed, refused)

    def _done(self, info: AccountInfo) -> None:
        self.info = info
        self.password_edit.clear()
        self.accept()
        self.logged_in.emit(info)

    def reject(self) -> None:
        if not self._working:
            self._old_password = ""
            super().reject()


class CreateAdminDialog(QDialog):
    """The first account of a file: its administrator. Emits `logged_in(AccountInfo)`."""

    logged_in = Signal(object)

    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.office = office
        self.runner = runner
        self._working = False
        self.setObjectName("createAdminDialog")
        self.setWindowTitle(self.tr("创建管理员账户"))
        self.setMinimumWidth(520)
        intro = QLabel(self.tr("数据文件中还没有账户。请创建管理员账户：管理员负责账户和设置，"
                               "秘书等其他账户由管理员在“账户管理”中创建。"))
        intro.setWordWrap(True)
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("userName")
        self.user_edit.setMaxLength(40)
        self.user_edit.setPlaceholderText(self.tr("例如：admin"))
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("displayName")
        self.name_edit.setMaxLength(60)
        self.password_edit = _password_edit("password")
        self.repeat_edit = _password_edit("repeatPassword")
        self.policy_label = QLabel(policy_text(Policy()))
        self.policy_label.setWordWrap(True)
        self.policy_label.setStyleSheet("color: #555;")
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("用户名："), self.user_edit)
        form.addRow(self.tr("姓名："), self.name_edit)
        form.addRow(self.tr("密码："), self.password_edit)
        form.addRow(self.tr("再次输入："), self.repeat_edit)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(self.tr("创建并登录"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._create)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.policy_label)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        accounts = office.accounts
        runner.run(accounts.policy, on_success=lambda p: self.policy_label.setText(policy_text(p)),
                   on_error=lambda _e: None, parent=self)

    def _create(self) -> None:
        user, name = self.user_edit.text().strip(), self.name_edit.text()
        password, repeat = self.password_edit.text(), self.repeat_edit.text()
        if not user:
            self.error.setText(self.tr("请填写用户名。"))
            return
        if password != repeat:
            self.error.setText(self.tr("两次输入的密码不一致。"))
            return
        office = self.office

        def create() -> AccountInfo:
            office.accounts.create_first_admin(user, password, name)
            return office.log_in(user, password)

        def created(info: AccountInfo) -> None:
            self.accept()
            self.logged_in.emit(info)

        def refused(exc: HuiwuError) -> None:
            self.error.setText(exc.message)

        def done() -> None:
            self._working = False
            self.buttons.setEnabled(True)

        self.error.clear()
        self._working = True
        self.buttons.setEnabled(False)
        self.runner.run(create, on_success=created, on_error=refused, on_done=done, parent=self)

    def reject(self) -> None:
        if not self._working:
            super().reject()
