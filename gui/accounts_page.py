"""账户管理 (administrators only): accounts and roles, each account's name and the roster person it is
(records name the person, issue 12 §2), password resets, unlocking, the security values."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.model import Role
from core.office import Office
from core.rules.passwords import MAX_HISTORY, Policy
from core.services.accounts import AccountInfo
from core.services.roster_types import PersonRow
from gui.login import policy_text
from gui.messages import confirm, error_label, show_info
from gui.ops import OpRunner
from gui.roster.forms import ChoiceCombo


def _password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(128)
    return edit


def _form_body(dialog: QDialog, form: QFormLayout, note_text: str, check: Callable[[], None]) -> QLabel:
    """Below an account dialog's form: its note, the red line (returned) and 确定/取消 (确定 runs `check`)."""
    note = QLabel(note_text)
    note.setWordWrap(True)
    note.setStyleSheet("color: #555;")
    error = error_label()
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(dialog.tr("确定"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(dialog.tr("取消"))
    buttons.accepted.connect(check)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(note)
    layout.addWidget(error)
    layout.addWidget(buttons)
    return error


class PasswordFormDialog(QDialog):
    """New account (name, role, first password) or a reset (temporary password only)."""

    def __init__(self, title: str, policy: Policy, *, new_account: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        form = QFormLayout()
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("userName")
        self.user_edit.setMaxLength(40)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("displayName")
        self.name_edit.setMaxLength(60)
        self.role_box = QComboBox()
        self.role_box.setObjectName("role")
        for role in Role:
            self.role_box.addItem(role.label, role)
        self.role_box.setCurrentIndex(list(Role).index(Role.SECRETARY))
        if new_account:
            form.addRow(self.tr("用户名："), self.user_edit)
            form.addRow(self.tr("姓名："), self.name_edit)
            form.addRow(self.tr("角色："), self.role_box)
        self.password_edit = _password_edit("password")
        self.repeat_edit = _password_edit("repeatPassword")
        form.addRow(self.tr("初始密码：") if new_account else self.tr("临时密码："), self.password_edit)
        form.addRow(self.tr("再次输入："), self.repeat_edit)
        self.error = _form_body(self, form, policy_text(policy) + self.tr("用户首次登录时须修改此密码。"), self._check)
        self.submit: object = None  # set by the caller: runs the op, closes on success

    def _check(self) -> None:
        if self.password_edit.text() != self.repeat_edit.text():
            self.error.setText(self.tr("两次输入的密码不一致。"))
            return
        if callable(self.submit):
            self.submit()


class PersonDialog(QDialog):
    """The account's 姓名 and the roster person it is: records of its acts name that person."""

    def __init__(self, info: AccountInfo, people: list[PersonRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountPersonDialog")
        self.setWindowTitle(self.tr("“%1”的姓名与人员").replace("%1", info.user_name))
        self.setMinimumWidth(480)
        self.name_edit = QLineEdit(info.display_name)
        self.name_edit.setObjectName("displayName")
        self.name_edit.setMaxLength(60)
        self.name_edit.setPlaceholderText(self.tr("不填时用对应人员的姓名，再无则用用户名"))
        self.person_combo = ChoiceCombo([(self.tr("（不对应名册人员）"), None)]
                                        + [(f"{p.name}　{p.posts}" if p.posts else p.name, p.id) for p in people],
                                        searchable=True)
        self.person_combo.setObjectName("person")
        self.person_combo.set_value(info.person_id)
        form = QFormLayout()
        form.addRow(self.tr("姓名："), self.name_edit)
        form.addRow(self.tr("名册人员："), self.person_combo)
        self.error = _form_body(self, form, self.tr("拟稿、核稿录入、印制、印发、办结等记录写明办理人的姓名，而非用户名。"
                                                    "对应名册人员后，核稿时默认选该人员为核稿人。"), self._check)
        self.submit: object = None  # set by the caller: runs the op, closes on success

    def _check(self) -> None:
        if self.person_combo.currentIndex() > 0 and self.person_combo.value() is None:
            self.error.setText(self.tr("请从名册中选择人员。"))
            return
        if callable(self.submit):
            self.submit()


class AccountsDialog(QDialog):
    policy_saved = Signal(object)

    COLUMNS = ("用户名", "姓名", "角色", "状态", "最近登录", "名册人员")

    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.office = office
        self.runner = runner
        self.policy = Policy()
        self.rows: list[AccountInfo] = []
        self.form: PasswordFormDialog | None = None  # the add/reset form on screen
        self.setObjectName("accountsDialog")
        self.setWindowTitle(self.tr("账户管理"))
        self.resize(760, 560)

        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("accounts")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

        self.add_button = QPushButton(self.tr("新建账户…"))
        self.reset_button = QPushButton(self.tr("重置密码…"))
        self.unlock_button = QPushButton(self.tr("解除锁定"))
        self.active_button = QPushButton(self.tr("停用/启用"))
        self.role_box = QComboBox()
        for role in Role:
            self.role_box.addItem(role.label, role)
        self.role_button = QPushButton(self.tr("更改角色"))
        self.person_button = QPushButton(self.tr("姓名与人员…"))
        self.person_button.setObjectName("accountPerson")
        self.person_button.clicked.connect(self.edit_person)
        self.add_button.clicked.connect(self.add_account)
        self.reset_button.clicked.connect(self.reset_password)
        self.unlock_button.clicked.connect(self.unlock)
        self.active_button.clicked.connect(self.toggle_active)
        self.role_button.clicked.connect(self.change_role)
        actions = QHBoxLayout()
        for widget in (self.add_button, self.person_button, self.reset_button, self.unlock_button,
                       self.active_button, self.role_box, self.role_button):
            actions.addWidget(widget)
        actions.addStretch(1)

        self.spins: dict[str, QSpinBox] = {}
        policy_box = QGroupBox(self.tr("账户安全"))
        policy_form = QFormLayout(policy_box)
        for field, label, low, high, suffix in (
                ("min_length", self.tr("密码最小长度："), 8, 64, self.tr(" 个字符")),
                ("min_classes", self.tr("至少包含字符类别："), 3, 5, self.tr(" 类")),
                ("max_failures", self.tr("连续登录失败锁定："), 1, 10, self.tr(" 次")),
                ("lock_minutes", self.tr("锁定时长："), 1, 1440, self.tr(" 分钟")),
                ("idle_minutes", self.tr("无操作自动锁定："), 1, 60, self.tr(" 分钟")),
                ("max_age_days", self.tr("密码有效期（0 为不过期）："), 0, 365, self.tr(" 天")),
                ("history_count", self.tr("不得与最近几次的密码相同（含当前密码，0 为不检查）："), 0, MAX_HISTORY,
                 self.tr(" 次"))):
            spin = QSpinBox()
            spin.setObjectName(field)
            spin.setRange(low, high)
            spin.setSuffix(suffix)
            self.spins[field] = spin
            policy_form.addRow(label, spin)
        self.save_policy_button = QPushButton(self.tr("保存账户安全设置"))
        self.save_policy_button.clicked.connect(self.save_policy)
        policy_form.addRow("", self.save_policy_button)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(policy_box)
        layout.addWidget(close)
        self.refresh()

    # --- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        accounts = self.office.accounts
        self.runner.run(lambda: (accounts.accounts(), accounts.policy()), on_success=self._show, parent=self)

    def _show(self, loaded: tuple[list[AccountInfo], Policy]) -> None:
        self.rows, self.policy = loaded
        now = self.office.accounts.now()
        self.table.setRowCount(len(self.rows))
        for r, info in enumerate(self.rows):
            if not info.active:
                state = self.tr("已停用")
            elif info.locked_until is not None and info.locked_until > now:
                state = self.tr("已锁定至 %1").replace("%1", f"{info.locked_until.astimezone():%m-%d %H:%M}")
            elif info.must_change:
                state = self.tr("待修改密码")
            else:
                state = self.tr("正常")
            last = f"{info.last_login_at.astimezone():%Y-%m-%d %H:%M}" if info.last_login_at else "—"
            for c, text in enumerate((info.user_name, info.display_name, info.role.label, state, last,
                                      info.person_name)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, item)
        for field, spin in self.spins.items():
            spin.setValue(getattr(self.policy, field))

    def selected(self) -> AccountInfo | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _after(self, message: str):  # type: ignore[no-untyped-def]
        def done(_: object) -> None:
            self.refresh()
            show_info(self, message)
        return done

    # --- actions ----------------------------------------------------------------------------

    def add_account(self) -> None:
        dialog = PasswordFormDialog(self.tr("新建账户"), self.policy, new_account=True, parent=self)
        accounts = self.office.accounts

        def submit() -> None:
            user, name = dialog.user_edit.text(), dialog.name_edit.text()
            role, password = dialog.role_box.currentData(), dialog.password_edit.text()
            def added(_info: AccountInfo) -> None:
                dialog.accept()
                self.refresh()

            self.runner.run(lambda: accounts.add(user, role, password, name), on_success=added,
                            on_error=lambda exc: dialog.error.setText(exc.message), parent=dialog)

        dialog.submit = submit
        dialog.open()
        self.form = dialog

    def edit_person(self) -> None:
        info = self.selected()
        if info is None:
            return
        roster = self.office.roster
        self.runner.run(roster.people, on_success=lambda people: self._ask_person(info, people), parent=self)

    def _ask_person(self, info: AccountInfo, people: list[PersonRow]) -> None:
        dialog = PersonDialog(info, people, parent=self)
        accounts = self.office.accounts

        def submit() -> None:
            name, person = dialog.name_edit.text(), dialog.person_combo.value()

            def saved(_: object) -> None:
                dialog.accept()
                self.refresh()

            self.runner.run(lambda: accounts.set_identity(info.user_name, display_name=name, person_id=person,
                                                          unlink=person is None), on_success=saved, on_error=lambda exc: dialog.error.setText(exc.message),
                            parent=dialog)

        dialog.submit = submit
        dialog.open()
        self.person_form: PersonDialog | None = dialog

    def reset_password(self) -> None:
        info = self.selected()
        if info is None:
            return
        dialog = PasswordFormDialog(self.tr("重置“%1”的密码").replace("%1", info.user_name), self.policy,
                                    new_account=False, parent=self)
        accounts = self.office.accounts

        def submit() -> None:
            password = dialog.password_edit.text()
            def reset(_: object) -> None:
                dialog.accept()
                self._after(self.tr("密码已重置，该用户下次登录时须修改密码。"))(None)

            self.runner.run(lambda: accounts.reset_password(info.user_name, password), on_success=reset,
                            on_error=lambda exc: dialog.error.setText(exc.message), parent=dialog)

        dialog.submit = submit
        dialog.open()
        self.form = dialog

    def unlock(self) -> None:
        info = self.selected()
        if info is None:
            return
        accounts = self.office.accounts
        self.runner.run(lambda: accounts.unlock(info.user_name),
                        on_success=self._after(self.tr("已解除锁定。")), parent=self)

    def toggle_active(self) -> None:
        info = self.selected()
        if info is None:
            return
        accounts = self.office.accounts

        def run() -> None:
            self.runner.run(lambda: accounts.set_active(info.user_name, not info.active),
                            on_success=self._after(self.tr("已启用。") if not info.active else self.tr("已停用。")),
                            parent=self)

        if info.active:
            confirm(self, self.tr("停用账户“%1”？停用后该账户不能登录。").replace("%1", info.user_name),
                    yes=self.tr("停用"), on_yes=run)
        else:
            run()

    def change_role(self) -> None:
        info = self.selected()
        if info is None:
            return
        role = self.role_box.currentData()
        accounts = self.office.accounts
        self.runner.run(lambda: accounts.set_role(info.user_name, role),
                        on_success=self._after(self.tr("角色已更改。")), parent=self)

    def save_policy(self) -> None:
        policy = Policy(**{field: spin.value() for field, spin in self.spins.items()})
        accounts = self.office.accounts

        def saved(_: object) -> None:
            self.policy = policy
            self.policy_saved.emit(policy)
            show_info(self, self.tr("账户安全设置已保存。"))

        self.runner.run(lambda: accounts.set_policy(policy), on_success=saved, parent=self)
