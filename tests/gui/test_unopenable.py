"""A data file that does not open (issue 11 §5): the start-up shows the backups beside it, newest
first with dates and sizes, checks it page by page, and restores one — an administrator's name and
password checked against the backup, the damaged file moved aside (not deleted), the restored file
opened and the restore recorded."""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from core.keeping import backups
from core.office import Office
from core.store.backup import backup_dir, dated_name
from core.store.keys import RawKey
from core.store.keystore import MemoryKeyStore
from gui.data_safety.unopenable import CredentialsDialog, OpenFailedDialog
from gui.login import LoginDialog
from gui.main_window import MainWindow
from gui.ops import OpRunner
from gui.startup import Startup
from tests.conftest import file_digest
from tests.gui.helpers import (
    ADMIN_PW,
    CLERK_PW,
    damage_page,
    file_with_accounts,
    start_program,
    wait_idle,
    windows,
)


def _only(kind: type, name: str | None = None):  # type: ignore[no-untyped-def]
    found = windows(kind, name)
    assert len(found) == 1, found
    return found[0]


def _file_with_backups(db_path: Path, key: RawKey) -> tuple[Path, Path]:
    """Accounts, some work, a daily backup and an older manual copy in the backups folder."""
    file_with_accounts(db_path, key)
    with Office.open_as(db_path, "admin", ADMIN_PW) as office:
        office.settings.set("note", "备份时的数据")
        older = office.backup_to(dated_name(db_path, "manual"))
        daily = backups.daily_backup(office)
        assert daily is not None
        office.settings.set("note", "备份之后的修改")
    hour_ago = time.time() - 3600
    os.utime(older, (hour_ago, hour_ago))
    return daily, older


def _failure_dialog(qtbot, runner: OpRunner, db_path: Path) -> tuple[Startup, OpenFailedDialog]:  # type: ignore[no-untyped-def]
    startup: Startup = start_program(qtbot, runner, db_path, MemoryKeyStore())
    login = _only(LoginDialog)
    login.user_edit.setText("wangli")
    login.password_edit.setText(CLERK_PW + "!")
    login.ok_button.click()
    wait_idle(qtbot, runner)
    assert not login.isVisible() and startup.window is None and startup.office is None
    dialog = _only(OpenFailedDialog)
    assert isinstance(dialog, OpenFailedDialog)
    return startup, dialog


def _credentials(qtbot, runner: OpRunner, user: str, password: str) -> CredentialsDialog:  # type: ignore[no-untyped-def]
    dialog = _only(CredentialsDialog)
    assert isinstance(dialog, CredentialsDialog)
    dialog.user_edit.setText(user)
    dialog.password_edit.setText(password)
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    return dialog


def _confirm_box() -> QMessageBox:
    box = _only(QMessageBox, "confirmBox")
    assert isinstance(box, QMessageBox)
    return box


def _answer(qtbot, runner: OpRunner, box: QMessageBox, yes: bool) -> None:  # type: ignore[no-untyped-def]
    role = QMessageBox.ButtonRole.AcceptRole if yes else QMessageBox.ButtonRole.RejectRole
    next(b for b in box.buttons() if box.buttonRole(b) == role).click()
    wait_idle(qtbot, runner)


def test_a_file_with_page_2_destroyed_is_restored_from_the_failure_dialog(
        qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    daily, older = _file_with_backups(db_path, key)
    damage_page(db_path, page=2)
    damaged = file_digest(db_path)

    startup, dialog = _failure_dialog(qtbot, runner, db_path)
    assert "已损坏" in dialog.reason.text()
    # The backups beside the file, newest first, with dates, kinds and sizes.
    rows = dialog.model.rows
    assert [b.path for b in rows] == [daily, older]
    assert [b.kind for b in rows] == ["每日自动备份", "备份"]
    assert all(b.size_text.endswith("KB") for b in rows)
    assert dialog.model.index(0, 0).data() == f"{rows[0].modified:%Y-%m-%d %H:%M}"
    assert dialog.restore_button.isEnabled() and dialog.check_button.isEnabled()

    # 检查数据文件: any account's password opens its slot for the keys; the damaged page is named.
    dialog.check_button.click()
    _credentials(qtbot, runner, "wangli", CLERK_PW + "!")
    lines = [dialog.check_lines.item(i).text() for i in range(dialog.check_lines.count())]
    assert dialog.check_lines.isVisible()
    assert any(line.startswith("✗ 加密页校验") and "第 2 页" in line for line in lines), lines
    assert any(line.startswith("✓ 第 1 页") for line in lines), lines

    # A wrong password is refused in the credentials dialog; a secretary may not restore.
    dialog.restore_button.click()
    asking = _only(CredentialsDialog)
    assert asking.user_edit.isVisible() and asking.password_edit.isVisible()  # the slot gives the key:
    assert not asking.code_edit.isVisible() and asking.separate_box.isVisible()  # no code asked for
    asked = _credentials(qtbot, runner, "admin", "wrong")
    assert asked.isVisible() and asked.error.text().startswith("用户名或密码不正确")
    asked.user_edit.setText("wangli")
    asked.password_edit.setText(CLERK_PW + "!")
    asked.ok_button.click()
    wait_idle(qtbot, runner)
    # Refused before the confirmation: the backup says wangli is not an administrator.
    assert asked.isVisible() and "只有管理员" in asked.error.text()
    assert not windows(QMessageBox, "confirmBox")
    asked.reject()
    assert file_digest(db_path) == damaged and dialog.isVisible()  # nothing was moved

    # The administrator: confirm says what is replaced and where the damaged file goes.
    dialog.restore_button.click()
    _credentials(qtbot, runner, "admin", ADMIN_PW)
    box = _confirm_box()
    said = box.text() + box.informativeText()
    assert "替换无法打开的数据文件" in said and "原样移入" in said and "不会删除" in said
    assert daily.name in said and "以 admin 的身份打开" in said
    _answer(qtbot, runner, box, yes=False)  # 取消: nothing happens
    assert file_digest(db_path) == damaged

    dialog.restore_button.click()
    _credentials(qtbot, runner, "admin", ADMIN_PW)
    _answer(qtbot, runner, _confirm_box(), yes=True)
    wait_idle(qtbot, runner)
    assert not dialog.isVisible()
    window = startup.window
    assert isinstance(window, MainWindow) and window.isVisible()
    office = startup.office
    assert office is not None and office.user == "admin"
    info = _only(QMessageBox, "restoredBox")
    assert "已从备份恢复" in info.text() and "-damaged" in info.text()
    info.close()
    assert office.settings.get("note") == "备份时的数据"
    kept = list(backup_dir(db_path).glob("*-damaged*"))
    assert [p for p in kept if p.suffix == ".huiwu"], kept  # moved aside, not deleted
    assert file_digest(next(p for p in kept if p.suffix == ".huiwu")) == damaged
    record = next(r for r in office.audit_log.rows().rows if r.event == "数据.从备份恢复")
    assert record.user_name == "admin" and daily.name in record.summary and "原锚点" in record.summary
    window.hide()
    startup.shutdown()
    with Office.open_as(db_path, "wangli", CLERK_PW + "!") as again:  # the slots still open it
        assert again.settings.get("note") == "备份时的数据"


def test_without_backups_the_dialog_says_where_it_looked(qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    file_with_accounts(db_path, key)
    for p in backup_dir(db_path).glob("*"):
        p.unlink()
    damage_page(db_path, page=2)
    startup, dialog = _failure_dialog(qtbot, runner, db_path)
    assert dialog.model.rows == [] and not dialog.restore_button.isEnabled()
    assert "没有找到备份" in dialog.backups_label.text()
    assert dialog.other_button.isVisible()
    with qtbot.waitSignal(startup.finished) as quitting:
        dialog.quit_button.click()
    assert quitting.args == [3] and not dialog.isVisible()
    startup.shutdown()


def test_without_a_key_file_the_recovery_code_is_asked_for_too(qtbot) -> None:  # type: ignore[no-untyped-def]
    restore = CredentialsDialog("restore", needs_code=True)
    qtbot.addWidget(restore)
    restore.show()
    assert all(w.isVisible() for w in (restore.user_edit, restore.password_edit, restore.code_edit))
    restore.user_edit.setText("admin")
    restore.password_edit.setText(ADMIN_PW)
    restore.ok_button.click()
    assert restore.error.text() == "请输入恢复密钥。"

    check = CredentialsDialog("check", needs_code=True)
    qtbot.addWidget(check)
    check.show()
    assert check.code_edit.isVisible() and not check.user_edit.isVisible() and not check.separate_box.isVisible()


def test_a_damaged_file_without_its_key_file_is_restored_with_the_recovery_code(
        qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    from core.keeping import keyfile
    from core.store import recovery
    from gui.unlock import UnlockDialog

    daily, _older = _file_with_backups(db_path, key)
    keyfile.keyfile_path(db_path).unlink()
    damage_page(db_path, page=2)
    startup: Startup = start_program(qtbot, runner, db_path, MemoryKeyStore())
    unlock = _only(UnlockDialog)
    assert not unlock.restore_button.isVisible()
    unlock.secret_edit.setText(recovery.encode(key.secret))
    unlock.open_button.click()
    wait_idle(qtbot, runner)
    assert "已损坏" in unlock.error.text() and unlock.restore_button.isVisible()  # the code is right, a page is not
    unlock.restore_button.click()
    wait_idle(qtbot, runner)
    dialog = _only(OpenFailedDialog)
    assert isinstance(dialog, OpenFailedDialog) and not unlock.isVisible()
    assert [b.path for b in dialog.model.rows][0] == daily

    dialog.restore_button.click()
    asking = _only(CredentialsDialog)
    assert isinstance(asking, CredentialsDialog) and asking.code_edit.isVisible()
    asking.code_edit.setText(recovery.encode(key.secret))
    _credentials(qtbot, runner, "admin", ADMIN_PW)
    _answer(qtbot, runner, _confirm_box(), yes=True)
    wait_idle(qtbot, runner)
    assert isinstance(startup.window, MainWindow) and startup.office is not None
    assert startup.office.user == "admin"
    assert startup.office.has_key_slots
    assert "本次凭恢复密钥打开" in startup.window.settings_page.fact_labels["key"].text()
    _only(QMessageBox, "restoredBox").close()
    kept = keyfile.load(db_path)
    assert kept is not None and "admin" in kept.slots  # the key file rebuilt from the restored file
    startup.window.hide()
    startup.shutdown()
    with Office.open_as(db_path, "admin", ADMIN_PW) as again:
        assert again.settings.get("note") == "备份时的数据"
