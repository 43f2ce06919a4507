"""R18 in the windows: the forced change refuses a recent password in Chinese, and 账户安全 in
设置 shows and saves how many recent passwords may not be reused."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFormLayout, QLabel

from core.model import Role
from core.office import Office
from core.store.keys import RawKey, file_id
from core.store.keystore import MemoryKeyStore
from gui.accounts_page import AccountsDialog
from gui.login import LoginDialog
from gui.main_window import MainWindow
from gui.ops import OpRunner
from gui.startup import Startup
from tests.gui.helpers import start_program, wait_idle, windows

ADMIN_PW = "Admin#2026x"
CLERK_PW = "Clerk#2026x"
OWN_PW = "Own#Pass2026"
TEMP_PW = "Temp#2026ab"


def _file_with_a_reset_account(db_path: Path, key: RawKey) -> MemoryKeyStore:
    """wangli chose OWN_PW, then the administrator reset it to TEMP_PW."""
    with Office.create(db_path, key, "青川区人民政府办公室") as office:
        office.accounts.create_first_admin("admin", ADMIN_PW, "系统管理员")
        office.log_in("admin", ADMIN_PW)
        office.accounts.add("wangli", Role.SECRETARY, CLERK_PW, "王丽")
        office.accounts.change_password("wangli", CLERK_PW, OWN_PW)
        office.accounts.reset_password("wangli", TEMP_PW)
    store = MemoryKeyStore()
    store.put(file_id(db_path), key)
    return store


def _log_in(qtbot, runner: OpRunner, user: str, password: str) -> LoginDialog:  # type: ignore[no-untyped-def]
    found = windows(LoginDialog)
    assert len(found) == 1 and isinstance(found[0], LoginDialog)
    dialog = found[0]
    dialog.user_edit.setText(user)
    dialog.password_edit.setText(password)
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    return dialog


def _finish(startup: Startup) -> None:
    if startup.window is not None:
        startup.window.hide()
    startup.shutdown()


def _set_new(qtbot, runner: OpRunner, dialog: LoginDialog, password: str) -> None:  # type: ignore[no-untyped-def]
    dialog.new_edit.setText(password)
    dialog.repeat_edit.setText(password)
    dialog.ok_button.click()
    wait_idle(qtbot, runner)


def test_the_forced_change_refuses_a_recent_password_in_chinese(
        qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    startup = start_program(qtbot, runner, db_path, _file_with_a_reset_account(db_path, key))
    dialog = _log_in(qtbot, runner, "wangli", TEMP_PW)
    assert dialog.pages.currentIndex() == 1
    assert "不能使用最近 5 次用过的密码（含当前密码）" in dialog.policy_label.text()

    for recent in (OWN_PW, CLERK_PW):  # before the reset, and the first one
        _set_new(qtbot, runner, dialog, recent)
        assert dialog.change_error.text() == "新密码不能与该账户最近 5 次使用过的密码相同（含当前密码）。"
        assert dialog.isVisible() and startup.window is None

    _set_new(qtbot, runner, dialog, "Fresh#Pass2026")
    assert isinstance(startup.window, MainWindow)
    _finish(startup)


def test_the_number_of_remembered_passwords_is_set_in_account_security(
        qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    startup = start_program(qtbot, runner, db_path, _file_with_a_reset_account(db_path, key))
    _log_in(qtbot, runner, "admin", ADMIN_PW)
    window = startup.window
    assert isinstance(window, MainWindow)
    window.settings_page.show_accounts()
    wait_idle(qtbot, runner)
    found = windows(AccountsDialog)
    assert len(found) == 1 and isinstance(found[0], AccountsDialog)
    accounts = found[0]
    spin = accounts.spins["history_count"]
    assert spin.value() == 5 and spin.minimum() == 0
    form = spin.parentWidget().layout()
    assert isinstance(form, QFormLayout)
    label = form.labelForField(spin)
    assert isinstance(label, QLabel) and "不得与最近几次的密码相同" in label.text()
    spin.setValue(2)
    accounts.save_policy()
    wait_idle(qtbot, runner)
    assert startup.office is not None and startup.office.accounts.policy().history_count == 2
    accounts.close()
    _finish(startup)
