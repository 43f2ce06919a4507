"""Opening an existing file: through an account's key slot, the login first (issue 11 §1); a file
from before key slots through the keyring, turned over to key slots at the first administrator
login; a lost key file → the recovery code, never a new key; a file held by another running copy
→ offer to bring that window forward, before anyone types a password."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from core.errors import KeyStoreUnavailable
from core.keeping import keyfile
from core.office import Office
from core.store import recovery
from core.store.keys import RawKey, file_id
from core.store.keystore import MemoryKeyStore
from gui.login import LoginDialog
from gui.main_window import MainWindow
from gui.ops import OpRunner
from gui.single_instance import InstanceServer, ask_running_copy_to_raise
from gui.startup import Startup
from gui.unlock import UnlockDialog
from gui.wizard import FirstRunWizard
from tests.conftest import file_digest
from tests.gui.helpers import (
    ADMIN_PW,
    CLERK_PW,
    before_key_slots,
    file_with_accounts,
    start_program,
    wait_idle,
    windows,
)


def _closed_file(db_path: Path, key: RawKey) -> Path:
    Office.create(db_path, key, "青川区人民政府办公室").close()
    return db_path


def _finish(qtbot, startup: Startup) -> None:  # type: ignore[no-untyped-def]
    if startup.window is not None:
        startup.window.hide()
    startup.shutdown()


def _only(kind: type, name: str | None = None):  # type: ignore[no-untyped-def]
    found = windows(kind, name)
    assert len(found) == 1, found
    return found[0]


def _log_in(qtbot, runner: OpRunner, dialog: LoginDialog, user: str, password: str) -> None:  # type: ignore[no-untyped-def]
    dialog.user_edit.setText(user)
    dialog.password_edit.setText(password)
    dialog.ok_button.click()
    wait_idle(qtbot, runner)


def _events(office: Office) -> list[tuple[str, str, bool]]:
    return [(r.user_name, r.event, r.success) for r in office.audit_log.rows().rows]


def test_a_file_with_key_slots_opens_through_the_login(qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    file_with_accounts(db_path, key)
    store = MemoryKeyStore()  # nothing in the keyring: the account is the only way in
    startup = start_program(qtbot, runner, db_path, store)
    dialog = _only(LoginDialog)
    assert dialog.office is None and startup.office is None and startup.window is None  # not open yet
    assert windows(UnlockDialog) == []
    assert dialog.code_button is not None and dialog.code_button.isVisible()

    _log_in(qtbot, runner, dialog, "wangli", "wrong")
    assert dialog.error.text().startswith("用户名或密码不正确") and dialog.isVisible()
    assert dialog.password_edit.text() == ""
    kept = keyfile.load(db_path)
    assert kept is not None and [f["user"] for f in kept.failures] == ["wangli"]  # counted before the file opens
    assert startup.office is None

    _log_in(qtbot, runner, dialog, "wangli", CLERK_PW + "!")
    assert not dialog.isVisible()
    window = startup.window
    assert isinstance(window, MainWindow) and window.isVisible()
    office = startup.office
    assert office is not None and office.user == "wangli" and office.account is not None
    assert "凭账户密码打开" in window.settings_page.fact_labels["key"].text()
    assert startup.idle_lock is not None
    wait_idle(qtbot, runner)
    refused = [e for e in _events(office) if e[1] == "登录" and not e[2]]
    assert refused and refused[0][0] == "wangli"  # the refused try is in the audit trail once the file opened
    assert store.entries == {}
    _finish(qtbot, startup)


def test_five_wrong_passwords_lock_the_account_before_the_file_opens(
        qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    file_with_accounts(db_path, key)
    startup = start_program(qtbot, runner, db_path, MemoryKeyStore())
    dialog = _only(LoginDialog)
    for _ in range(4):
        _log_in(qtbot, runner, dialog, "wangli", "wrong")
        assert not dialog.locked
    _log_in(qtbot, runner, dialog, "wangli", "wrong")  # the fifth in a row locks (R18)
    assert dialog.locked
    _log_in(qtbot, runner, dialog, "wangli", CLERK_PW + "!")  # the right password, but locked now
    assert "已被锁定" in dialog.error.text() and "后再试" in dialog.error.text() and dialog.locked
    assert startup.office is None and startup.window is None
    _log_in(qtbot, runner, dialog, "admin", ADMIN_PW)  # another account is not locked
    assert isinstance(startup.window, MainWindow)
    _finish(qtbot, startup)


def test_a_file_from_before_key_slots_turns_them_on_at_the_first_administrator_login(
        qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    file_with_accounts(db_path, key)
    before_key_slots(db_path, key)
    store = MemoryKeyStore()
    store.put(file_id(db_path), key)  # such a file's key lived in the keyring
    startup = start_program(qtbot, runner, db_path, store)
    dialog = _only(LoginDialog)
    assert dialog.office is not None and startup.office is dialog.office  # opened from the keyring first
    assert dialog.code_button is None

    _log_in(qtbot, runner, dialog, "wangli", "wrong")
    assert "还可尝试 4 次" in dialog.error.text()  # an open file counts in the account itself
    _log_in(qtbot, runner, dialog, "admin", ADMIN_PW)
    window = startup.window
    assert isinstance(window, MainWindow)
    told = _only(QMessageBox, "keySlotsStarted")
    assert "已启用账户密钥" in told.text() and "系统钥匙串中已不再保存" in told.text()
    told.close()
    kept = keyfile.load(db_path)
    assert kept is not None and list(kept.slots) == ["admin"]
    assert store.get(file_id(db_path)) is None and store.entries == {}  # the bare key left the keyring
    note = window.settings_page.fact_labels["key"].text()
    assert "凭账户密码打开" in note and "系统钥匙串中的密钥已删除" in note
    assert startup.office is not None and startup.office.has_key_slots
    _finish(qtbot, startup)

    second = OpRunner()  # the first run's worker stopped with it
    again = start_program(qtbot, second, db_path, store)  # next time: the login opens it
    dialog = _only(LoginDialog)
    assert dialog.office is None
    _log_in(qtbot, second, dialog, "admin", ADMIN_PW)
    assert isinstance(again.window, MainWindow) and windows(QMessageBox, "keySlotsStarted") == []
    _finish(qtbot, again)


def test_a_lost_key_file_is_rebuilt_from_the_recovery_code(
        qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    file_with_accounts(db_path, key)
    keyfile.keyfile_path(db_path).unlink()  # the key file was lost
    before = file_digest(db_path)
    store = MemoryKeyStore()
    startup = start_program(qtbot, runner, db_path, store)
    dialog = _only(UnlockDialog)
    assert startup.window is None and windows(LoginDialog) == []
    assert "没有密钥文件" in dialog.findChild(type(dialog.error), "reason").text()

    code = recovery.encode(key.secret)
    typo = code[:-1] + str((int(code[-1]) + 1) % 10)
    dialog.secret_edit.setText(typo)
    dialog.open_button.click()
    assert "第 16 组有误" in dialog.error.text()

    dialog.secret_edit.setText(recovery.encode(RawKey.generate().secret))  # a well-formed code of another key
    dialog.open_button.click()
    wait_idle(qtbot, runner)
    assert "密钥不正确" in dialog.error.text()
    assert file_digest(db_path) == before and not keyfile.keyfile_path(db_path).exists()

    dialog.secret_edit.setText(" ".join(recovery.groups(code)))
    dialog.open_button.click()
    wait_idle(qtbot, runner)
    assert not dialog.isVisible()
    login = _only(LoginDialog)  # the code opened the file; the account still logs in
    assert startup.window is None
    kept = keyfile.load(db_path)
    assert kept is not None and set(kept.slots) == {"admin", "wangli"}  # rebuilt from the file's own slots
    _log_in(qtbot, runner, login, "wangli", CLERK_PW + "!")
    window = startup.window
    assert isinstance(window, MainWindow)
    assert "本次凭恢复密钥打开" in window.settings_page.fact_labels["key"].text()
    assert store.entries == {}  # never into the keyring
    _finish(qtbot, startup)
    with Office.open_as(db_path, "admin", ADMIN_PW) as office:  # the slots work again
        assert office.settings.office_name() == "青川区人民政府办公室"


def test_a_damaged_key_file_asks_for_the_recovery_code(
        qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    file_with_accounts(db_path, key)
    keyfile.keyfile_path(db_path).write_text("{ not json", encoding="utf-8")
    startup = start_program(qtbot, runner, db_path, MemoryKeyStore())
    dialog = _only(UnlockDialog)
    assert "密钥文件" in dialog.findChild(type(dialog.error), "reason").text()
    dialog.secret_edit.setText(recovery.encode(key.secret))
    dialog.open_button.click()
    wait_idle(qtbot, runner)
    _log_in(qtbot, runner, _only(LoginDialog), "admin", ADMIN_PW)
    assert isinstance(startup.window, MainWindow)
    kept = keyfile.load(db_path)
    assert kept is not None and "admin" in kept.slots
    _finish(qtbot, startup)


def test_the_login_offers_the_recovery_code_when_every_password_is_lost(
        qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    file_with_accounts(db_path, key)
    startup = start_program(qtbot, runner, db_path, MemoryKeyStore())
    login = _only(LoginDialog)
    assert login.code_button is not None
    login.code_button.click()
    dialog = _only(UnlockDialog)
    assert not login.isVisible()
    dialog.secret_edit.setText(recovery.encode(key.secret))
    dialog.open_button.click()
    wait_idle(qtbot, runner)
    assert isinstance(_only(LoginDialog), LoginDialog) and startup.office is not None
    _finish(qtbot, startup)


def test_without_a_keyring_the_unlock_dialog_takes_a_passphrase(qtbot, runner: OpRunner, db_path: Path) -> None:
    from core.store.keys import Passphrase

    Office.create(db_path, Passphrase("青川区政府办公室口令1"), "青川区人民政府办公室").close()

    def no_keyring() -> MemoryKeyStore:
        raise KeyStoreUnavailable("没有可用的安全系统钥匙串。")

    startup = Startup(db_path, runner, no_keyring, login_as="测试秘书")
    startup.start()
    wait_idle(qtbot, runner)
    dialog = windows(UnlockDialog)[0]
    assert isinstance(dialog, UnlockDialog)
    assert not dialog.show_box.isChecked()  # a passphrase is typed hidden
    dialog.secret_edit.setText("青川区政府办公室口令1")
    dialog.open_button.click()
    wait_idle(qtbot, runner)
    assert isinstance(startup.window, MainWindow)
    assert startup.window.settings_page.fact_labels["key"].text().startswith("本次凭口令打开")
    _finish(qtbot, startup)


def test_no_file_means_the_wizard_and_an_existing_file_never_does(
        qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    store = MemoryKeyStore()
    startup = Startup(db_path, runner, lambda: store)
    startup.start()
    wait_idle(qtbot, runner)
    assert len(windows(FirstRunWizard)) == 1
    windows(FirstRunWizard)[0].hide()

    _closed_file(db_path, key)
    again = Startup(db_path, runner, lambda: store)
    again.start()
    wait_idle(qtbot, runner)
    assert windows(FirstRunWizard) == []
    assert len(windows(UnlockDialog)) == 1


def test_a_file_in_use_offers_to_bring_the_other_window_forward(
        qtbot, runner: OpRunner, office: Office, key: RawKey) -> None:
    server = InstanceServer(office.path)
    assert server.listen()
    raised: list[bool] = []
    server.raise_requested.connect(lambda: raised.append(True))

    store = MemoryKeyStore()
    store.put(office.file_id, key)
    startup = Startup(office.path, runner, lambda: store)
    startup.start()
    wait_idle(qtbot, runner)
    boxes = windows(QMessageBox, "lockedBox")
    assert len(boxes) == 1
    assert "另一个正在运行的会务程序" in boxes[0].text()
    assert [b.text() for b in boxes[0].buttons()].count("切换到已打开的窗口") == 1

    assert ask_running_copy_to_raise(office.path)
    qtbot.waitUntil(lambda: raised == [True], timeout=3000)
    server.close()


def test_a_file_with_key_slots_in_use_is_said_before_the_login(
        qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    file_with_accounts(db_path, key)
    holder = Office.open_as(db_path, "admin", ADMIN_PW)
    try:
        startup = Startup(db_path, runner, lambda: MemoryKeyStore())
        startup.start()
        wait_idle(qtbot, runner)
        assert len(windows(QMessageBox, "lockedBox")) == 1
        assert windows(LoginDialog) == []  # no password asked for a file that cannot be opened now
    finally:
        holder.close()


def test_a_file_in_use_is_reported_as_such_even_without_a_keyring(
        qtbot, runner: OpRunner, office: Office) -> None:
    def no_keyring() -> MemoryKeyStore:
        raise KeyStoreUnavailable("没有可用的安全系统钥匙串。")

    startup = Startup(office.path, runner, no_keyring)
    startup.start()
    wait_idle(qtbot, runner)
    assert len(windows(QMessageBox, "lockedBox")) == 1
    assert windows(UnlockDialog) == []  # no point asking for a key to a file that cannot be opened now
