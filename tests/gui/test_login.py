"""The login: it opens a file with key slots (a refusal counted, the lock with its end time), the
forced change, the first administrator, account management and 注销."""

from __future__ import annotations

from pathlib import Path

from core.office import Office
from core.store.keys import RawKey, file_id
from core.store.keystore import MemoryKeyStore
from gui.accounts_page import AccountsDialog, PasswordFormDialog
from gui.login import CreateAdminDialog, LoginDialog
from gui.main_window import MainWindow
from gui.ops import OpRunner
from gui.startup import Startup
from tests.gui.helpers import ADMIN_PW, CLERK_PW, file_with_accounts, start_program, wait_idle, windows


def _file_with_accounts(db_path: Path, key: RawKey, *, must_change: bool = False) -> MemoryKeyStore:
    file_with_accounts(db_path, key, clerk_must_change=must_change)
    return MemoryKeyStore()  # the keyring holds nothing: the accounts open the file


def _finish(startup: Startup) -> None:
    if startup.window is not None:
        startup.window.hide()
    startup.shutdown()


def _login_dialog() -> LoginDialog:
    found = windows(LoginDialog)
    assert len(found) == 1
    dialog = found[0]
    assert isinstance(dialog, LoginDialog)
    return dialog


def _submit(qtbot, runner: OpRunner, dialog: LoginDialog, user: str, password: str) -> None:  # type: ignore[no-untyped-def]
    dialog.user_edit.setText(user)
    dialog.password_edit.setText(password)
    dialog.ok_button.click()
    wait_idle(qtbot, runner)


def test_the_login_opens_the_file_and_the_role_shapes_the_window(
        qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    store = _file_with_accounts(db_path, key)
    startup = start_program(qtbot, runner, db_path, store)
    assert startup.window is None and startup.office is None
    dialog = _login_dialog()

    _submit(qtbot, runner, dialog, "wangli", "wrong")
    assert dialog.error.text().startswith("用户名或密码不正确")
    assert dialog.password_edit.text() == ""
    _submit(qtbot, runner, dialog, "nobody", CLERK_PW)
    assert dialog.error.text() == "用户名或密码不正确。"

    _submit(qtbot, runner, dialog, "wangli", CLERK_PW + "!")
    assert not dialog.isVisible()
    assert isinstance(startup.window, MainWindow) and startup.window.isVisible()
    assert startup.office is not None and startup.office.user == "wangli"
    assert not startup.window.accounts_action.isVisible()  # a secretary manages no accounts
    assert startup.window.settings_page.accounts_button.isHidden()
    wait_idle(qtbot, runner)
    assert startup.window.settings_page.fact_labels["user"].text() == "wangli"
    assert startup.idle_lock is not None
    _finish(startup)


def test_five_failures_lock_the_account_and_the_dialog_says_until_when(
        qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    store = _file_with_accounts(db_path, key)
    startup = start_program(qtbot, runner, db_path, store)
    dialog = _login_dialog()
    for left in (4, 3, 2, 1):  # refused at the account's key slot, before the file opens
        _submit(qtbot, runner, dialog, "wangli", "wrong")
        assert f"还可尝试 {left} 次" in dialog.error.text() and not dialog.locked
    _submit(qtbot, runner, dialog, "wangli", "wrong")  # the fifth in a row locks (R18)
    assert "已被锁定" in dialog.error.text() and "后再试" in dialog.error.text() and dialog.locked
    _submit(qtbot, runner, dialog, "wangli", CLERK_PW + "!")  # right password, still locked
    assert "已被锁定" in dialog.error.text()
    assert startup.window is None
    _finish(startup)


def test_a_reset_password_must_be_changed_at_login(qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    store = _file_with_accounts(db_path, key, must_change=True)
    startup = start_program(qtbot, runner, db_path, store)
    dialog = _login_dialog()
    _submit(qtbot, runner, dialog, "wangli", CLERK_PW)
    assert dialog.pages.currentIndex() == 1 and dialog.isVisible()
    assert "至少 8 个字符" in dialog.policy_label.text()

    dialog.new_edit.setText("New#Pass2026")
    dialog.repeat_edit.setText("New#Pass2027")
    dialog.ok_button.click()
    assert "不一致" in dialog.change_error.text()

    dialog.new_edit.setText("abcdefgh")
    dialog.repeat_edit.setText("abcdefgh")
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    assert "至少 3 类" in dialog.change_error.text()

    dialog.new_edit.setText("New#Pass2026")
    dialog.repeat_edit.setText("New#Pass2026")
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    assert isinstance(startup.window, MainWindow)
    _finish(startup)
    with Office.open(db_path, key) as office:
        assert office.log_in("wangli", "New#Pass2026").must_change is False


def test_first_run_creates_the_administrator_who_manages_accounts(
        qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    Office.create(db_path, key, "青川区人民政府办公室").close()  # a file without accounts
    store = MemoryKeyStore()
    store.put(file_id(db_path), key)
    startup = start_program(qtbot, runner, db_path, store)
    dialogs = windows(CreateAdminDialog)
    assert len(dialogs) == 1 and startup.window is None
    create = dialogs[0]
    assert isinstance(create, CreateAdminDialog)
    create.user_edit.setText("admin")
    create.password_edit.setText("admin123")
    create.repeat_edit.setText("admin123")
    create.ok_button.click()
    wait_idle(qtbot, runner)
    assert "密码不符合要求" in create.error.text()
    create.password_edit.setText(ADMIN_PW)
    create.repeat_edit.setText(ADMIN_PW)
    create.ok_button.click()
    wait_idle(qtbot, runner)
    window = startup.window
    assert isinstance(window, MainWindow)
    assert window.accounts_action.isVisible()
    assert not window.settings_page.accounts_button.isHidden()

    window.show_accounts()
    wait_idle(qtbot, runner)
    accounts = window.accounts_dialog
    assert isinstance(accounts, AccountsDialog)
    assert accounts.table.rowCount() == 1 and accounts.table.item(0, 2).text() == "管理员"
    assert accounts.spins["idle_minutes"].value() == 10 and accounts.spins["max_age_days"].value() == 90
    accounts.add_account()
    form = accounts.form
    assert isinstance(form, PasswordFormDialog)
    form.user_edit.setText("wangli")
    form.role_box.setCurrentIndex(form.role_box.findText("审核"))
    form.password_edit.setText(CLERK_PW)
    form.repeat_edit.setText(CLERK_PW)
    form._check()
    wait_idle(qtbot, runner)
    wait_idle(qtbot, runner)
    assert accounts.table.rowCount() == 2
    assert [accounts.table.item(1, c).text() for c in (0, 2, 3)] == ["wangli", "审核", "待修改密码"]

    accounts.spins["idle_minutes"].setValue(15)
    accounts.save_policy()
    wait_idle(qtbot, runner)
    assert startup.office is not None and startup.office.accounts.policy().idle_minutes == 15
    accounts.close()
    _finish(startup)


def test_logout_returns_to_the_login_dialog(qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    store = _file_with_accounts(db_path, key)
    startup = start_program(qtbot, runner, db_path, store)
    _submit(qtbot, runner, _login_dialog(), "wangli", CLERK_PW + "!")
    first = startup.window
    assert isinstance(first, MainWindow)
    first.logout_action.trigger()
    wait_idle(qtbot, runner)
    assert startup.window is None
    # The window stays, emptied: no page of the first user's is left to see.
    assert first.built_pages() == {} and not first.nav.isEnabled() and not first.accounts_action.isVisible()
    assert startup.office is not None and startup.office.account is None
    _submit(qtbot, runner, _login_dialog(), "admin", ADMIN_PW)
    assert startup.window is first and list(first.built_pages()) == ["今日"]
    assert startup.office.user == "admin" and startup.window.accounts_action.isVisible()
    _finish(startup)
