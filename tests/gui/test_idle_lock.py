"""Idle lock (R19) and clipboard clearing (R20): input postpones the lock, a clock that jumped
(a suspended machine) locks at once, PrepareForSleep locks, locking disposes the engine and drops
the key; the password alone unlocks through the account's key slot, and a file without key slots
opened by a typed key needs the code again."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import select

from core.keeping import keyfile
from core.model import AuditRecord
from core.office import Office
from core.store import recovery
from core.store.keys import RawKey
from core.store.keystore import MemoryKeyStore
from gui.clipboard import ClipboardGuard
from gui.idle_lock import IdleLock, InactivityWatcher, LockScreen
from gui.login import LoginDialog
from gui.main_window import MainWindow
from gui.ops import OpRunner
from gui.startup import Startup
from tests.gui.helpers import (
    ADMIN_PW,
    CLERK_PW,
    before_key_slots,
    close_on_worker,
    file_with_accounts,
    wait_idle,
    windows,
)


def _office_with_admin(db_path: Path) -> tuple[Office, RawKey]:
    """A file with key slots, opened as its administrator through the slot (as the start-up does)."""
    key = RawKey.generate()
    file_with_accounts(db_path, key)
    return Office.open_as(db_path, "admin", ADMIN_PW), key


def _office_before_key_slots(db_path: Path) -> tuple[Office, RawKey]:
    """A file from before key slots opened with its typed recovery code, a secretary logged in (an
    administrator's login would turn key slots on)."""
    key = RawKey.generate()
    file_with_accounts(db_path, key)
    before_key_slots(db_path, key)
    opened = Office.open(db_path, key)
    opened.log_in("wangli", CLERK_PW + "!")
    return opened, key


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_input_postpones_and_silence_fires(qtbot, runner: OpRunner) -> None:
    watcher = InactivityWatcher(300)
    widget = QLineEdit()
    qtbot.addWidget(widget)
    widget.show()
    watcher.start()
    with qtbot.assertNotEmitted(watcher.inactive, wait=0):
        for _ in range(6):
            qtbot.wait(100)
            qtbot.keyClick(widget, Qt.Key.Key_A)
    with qtbot.waitSignal(watcher.inactive, timeout=2000):
        pass
    assert not watcher.running  # fires once, until started again
    assert widget.text() == "aaaaaa"
    watcher.detach()


def test_a_clock_that_jumped_while_suspended_locks_at_the_next_check(qtbot) -> None:
    clock, wall = FakeClock(), FakeClock()
    watcher = InactivityWatcher(10 * 60_000, clock=clock, wall=wall)
    watcher.start()
    fired: list[bool] = []
    watcher.inactive.connect(lambda: fired.append(True))
    clock.t += 9 * 60
    watcher.check()
    assert fired == []
    clock.t += 2 * 60  # the machine slept: no timer tick ran, the sleep-aware clock moved on
    watcher._state_changed(Qt.ApplicationState.ApplicationActive)  # resume makes the app active
    assert fired == [True]

    watcher.start()  # a wall clock set back does not hold the lock off; one that moved does lock
    wall.t -= 3600
    clock.t += 11 * 60
    watcher.check()
    assert fired == [True, True]
    watcher.detach()


def test_idle_lock_disposes_engine_drops_key_and_the_password_alone_unlocks(
        qtbot, runner: OpRunner, tmp_path: Path) -> None:
    office, _key = _office_with_admin(tmp_path / "office.huiwu")
    assert not office.needs_key_to_reopen
    window = MainWindow(office, runner)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    guard = ClipboardGuard()
    guard.copy("会议纪要 秘密内容", secret=True)
    assert "x-kde-passwordManagerHint" in QGuiApplication.clipboard().mimeData().formats()

    key_ref, engine_ref = weakref.ref(office._key), weakref.ref(office.engine)
    lock = IdleLock(office, runner, timeout_ms=300, guard=guard)
    with qtbot.waitSignal(lock.locked, timeout=3000):
        pass
    wait_idle(qtbot, runner)
    gc.collect()
    assert office.locked
    assert engine_ref() is None, "the engine was disposed and dropped"
    assert key_ref() is None, "no reference to the key is left"
    assert not window.isVisible()
    screens = windows(LockScreen)
    assert len(screens) == 1
    screen = screens[0]
    assert isinstance(screen, LockScreen) and not screen.key_edit.isVisible()  # the slot gives the key
    assert QGuiApplication.clipboard().text() == ""

    screen.password_edit.setText("wrong-Pass1")
    screen.unlock_button.click()
    wait_idle(qtbot, runner)
    assert "还可尝试 4 次" in screen.error.text() and office.locked
    kept = keyfile.load(office.path)
    assert kept is not None and [f["user"] for f in kept.failures] == ["admin"]  # refused at the slot, counted

    screen.password_edit.setText(ADMIN_PW)
    with qtbot.waitSignal(lock.unlocked, timeout=3000):
        screen.unlock_button.click()
    wait_idle(qtbot, runner)
    assert window.isVisible() and windows(LockScreen) == []
    assert not office.locked and office.settings.office_name() == "青川区人民政府办公室"
    assert lock.watcher.running
    with office.sessions() as s:
        events = [(r.user, r.event, r.success) for r in s.scalars(select(AuditRecord).order_by(AuditRecord.id))]
    assert ("admin", "锁屏", True) in events
    # the window's layout was kept before the file closed (issue 14 §6)
    assert events.index(("admin", "账户.界面布局", True)) < events.index(("admin", "锁屏", True))
    assert events[-1] == ("admin", "解除锁屏", True)
    lock.detach()
    close_on_worker(qtbot, runner, office)


def test_sleep_locks_and_a_typed_key_must_be_typed_again(qtbot, runner: OpRunner, tmp_path: Path) -> None:
    office, key = _office_before_key_slots(tmp_path / "office.huiwu")
    assert office.needs_key_to_reopen
    window = MainWindow(office, runner)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    lock = IdleLock(office, runner, timeout_ms=60_000)
    lock.prepare_for_sleep(False)
    assert not lock.is_locked
    lock.prepare_for_sleep(True)  # what logind's PrepareForSleep(true) calls
    wait_idle(qtbot, runner)
    assert lock.is_locked and office.locked and not window.isVisible()
    screen = lock.screen
    assert screen is not None and screen.key_edit.isVisible()

    screen.password_edit.setText(CLERK_PW + "!")
    screen.unlock_button.click()
    assert "恢复密钥" in screen.error.text()
    screen.key_edit.setText(recovery.encode(RawKey.generate().secret))  # someone else's code
    screen.password_edit.setText(CLERK_PW + "!")
    screen.unlock_button.click()
    wait_idle(qtbot, runner)
    assert "密钥不正确" in screen.error.text() and office.locked

    screen.key_edit.setText(recovery.encode(key.secret))
    screen.password_edit.setText(CLERK_PW + "!")
    screen.unlock_button.click()
    wait_idle(qtbot, runner)
    assert not office.locked and window.isVisible()
    lock.detach()
    close_on_worker(qtbot, runner, office)


def test_ctrl_l_locks_through_the_startup(qtbot, runner: OpRunner, tmp_path: Path) -> None:
    db_path = tmp_path / "office.huiwu"
    file_with_accounts(db_path, RawKey.generate())
    startup = Startup(db_path, runner, lambda: MemoryKeyStore())
    startup.start()
    wait_idle(qtbot, runner)
    dialog = windows(LoginDialog)[0]
    assert isinstance(dialog, LoginDialog)
    dialog.user_edit.setText("admin")
    dialog.password_edit.setText(ADMIN_PW)
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    window = startup.window
    assert isinstance(window, MainWindow) and startup.idle_lock is not None
    window.lock_action.trigger()
    wait_idle(qtbot, runner)
    assert startup.office is not None and startup.office.locked and not window.isVisible()
    assert startup.idle_lock.screen is not None
    startup.shutdown()  # quitting while locked closes cleanly


def test_clipboard_is_cleared_only_while_it_is_still_ours(qtbot) -> None:
    clipboard = QGuiApplication.clipboard()
    guard = ClipboardGuard()
    guard.copy("临时口令 123")
    assert clipboard.text() == "临时口令 123"
    assert guard.clear_if_ours() and clipboard.text() == ""

    guard.copy("临时口令 456")
    guard.app_active = lambda: False  # the user copied in another program meanwhile
    clipboard.setText("别处复制的文字")
    assert not guard.clear_if_ours()
    assert clipboard.text() == "别处复制的文字"

    guard.app_active = lambda: True  # Ctrl+C in one of our windows counts as ours
    clipboard.setText("表格中复制的内容")
    assert guard.clear_if_ours() and clipboard.text() == ""
