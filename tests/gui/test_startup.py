"""Opening an existing file: keyring first; a lost entry → the recovery code, never a new key;
a file held by another running copy → offer to bring that window forward."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from core.errors import KeyStoreUnavailable
from core.office import Office
from core.store import recovery
from core.store.keys import RawKey, file_id
from core.store.keystore import MemoryKeyStore
from gui.main_window import MainWindow
from gui.ops import OpRunner
from gui.single_instance import InstanceServer, ask_running_copy_to_raise
from gui.startup import Startup
from gui.unlock import UnlockDialog
from gui.wizard import FirstRunWizard
from tests.conftest import file_digest
from tests.gui.helpers import wait_idle, windows


def _closed_file(db_path: Path, key: RawKey) -> Path:
    Office.create(db_path, key, "青川区人民政府办公室").close()
    return db_path


def _finish(qtbot, startup: Startup) -> None:  # type: ignore[no-untyped-def]
    if startup.window is not None:
        startup.window.hide()
    startup.shutdown()


def test_the_keyring_opens_the_file_without_asking(qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    _closed_file(db_path, key)
    store = MemoryKeyStore()
    store.put(file_id(db_path), key)
    startup = Startup(db_path, runner, lambda: store, login_as="测试秘书")
    startup.start()
    wait_idle(qtbot, runner)
    assert isinstance(startup.window, MainWindow) and startup.window.isVisible()
    assert windows(UnlockDialog) == []
    assert "系统钥匙串" in startup.window.settings_page.fact_labels["key"].text()
    _finish(qtbot, startup)


def test_a_lost_keyring_entry_is_restored_from_the_recovery_code(
        qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    _closed_file(db_path, key)
    before = file_digest(db_path)
    store = MemoryKeyStore()  # the keyring lost the entry
    startup = Startup(db_path, runner, lambda: store, login_as="测试秘书")
    startup.start()
    wait_idle(qtbot, runner)
    dialogs = windows(UnlockDialog)
    assert len(dialogs) == 1 and startup.window is None
    dialog = dialogs[0]
    assert isinstance(dialog, UnlockDialog)
    assert "没有这个数据文件的密钥" in dialog.findChild(type(dialog.error), "reason").text()

    code = recovery.encode(key.secret)
    typo = code[:-1] + str((int(code[-1]) + 1) % 10)
    dialog.secret_edit.setText(typo)
    dialog.open_button.click()
    assert "第 16 组有误" in dialog.error.text()

    dialog.secret_edit.setText(recovery.encode(RawKey.generate().secret))  # a well-formed code of another key
    dialog.open_button.click()
    wait_idle(qtbot, runner)
    assert "密钥不正确" in dialog.error.text()
    assert store.entries == {}
    assert file_digest(db_path) == before

    dialog.secret_edit.setText(" ".join(recovery.groups(code)))
    dialog.open_button.click()
    wait_idle(qtbot, runner)
    assert not dialog.isVisible()
    assert isinstance(startup.window, MainWindow)
    assert store.get(file_id(db_path)) == key  # restored: the same key, no new one
    assert "已重新保存" in startup.window.settings_page.fact_labels["key"].text()
    assert len(store.entries) == 1
    infos = windows(QMessageBox, "infoBox")
    assert infos and "重新保存到系统钥匙串" in infos[0].text()
    _finish(qtbot, startup)
    assert Office.open(db_path, key).close() is None  # the file still opens with its own key


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
    assert startup.window.settings_page.fact_labels["key"].text() == "由口令保护，每次打开时输入"
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


def test_a_file_in_use_is_reported_as_such_even_without_a_keyring(
        qtbot, runner: OpRunner, office: Office) -> None:
    def no_keyring() -> MemoryKeyStore:
        raise KeyStoreUnavailable("没有可用的安全系统钥匙串。")

    startup = Startup(office.path, runner, no_keyring)
    startup.start()
    wait_idle(qtbot, runner)
    assert len(windows(QMessageBox, "lockedBox")) == 1
    assert windows(UnlockDialog) == []  # no point asking for a key to a file that cannot be opened now
