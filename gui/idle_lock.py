"""Idle lock (R19) and clipboard clearing (R20).

After N minutes without keyboard or mouse input, or when the system is about to sleep, every
window of the program is hidden behind a lock screen, the office closes its engine and forgets
the database key (Office.lock; the file lock stays held), clipboard contents the program
put there are cleared, and the temporary previews and material copies are deleted
(gui.temp_area). Unlocking asks for the user's password, and the password alone is enough where
the account has a key slot (issue 11 §1: the slot gives the file's key again, Office.resume). Only
a file without key slots needs more: the key is fetched from the keyring when the file was opened
through it, otherwise the recovery code or passphrase must be typed again, because keeping a typed
key in memory would defeat the lock.

Idle time is measured on a clock that keeps running while the machine sleeps, and compared
on every tick of a short timer and whenever the program becomes active again: a QTimer alone
is suspended with the machine, and a window would stay open after resume (KeePassXC #2014).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import HuiwuError
from core.keeping.keys import key_from_text
from core.office import Office
from core.services.accounts import AccountInfo, LoginRefused
from gui import temp_area
from gui.clipboard import ClipboardGuard, clipboard_guard
from gui.look import mono_font
from gui.messages import error_label
from gui.ops import OpRunner

DEFAULT_IDLE_MINUTES = 10
MAX_TICK_MS = 5000

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
    QEvent.Type.InputMethod,
})


def sleep_aware_clock() -> float:
    """Seconds on a clock that counts the time the machine slept.

    Linux: CLOCK_BOOTTIME (CLOCK_MONOTONIC stops during suspend). Windows: time.monotonic is
    GetTickCount64, which includes sleep. Elsewhere the watcher also compares wall-clock time.
    """
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        return time.clock_gettime(boottime)
    return time.monotonic()


class InactivityWatcher(QObject):
    """Emits `inactive` once when no input arrived for `timeout_ms`; input restarts the count."""

    inactive = Signal()

    def __init__(self, timeout_ms: int, *, clock: Callable[[], float] = sleep_aware_clock,
                 wall: Callable[[], float] = time.time, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock, self._wall = clock, wall
        self._timeout_s = timeout_ms / 1000
        self._mark = self._wall_mark = 0.0
        self._running = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self.set_timeout_ms(timeout_ms)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        app.applicationStateChanged.connect(self._state_changed)  # type: ignore[attr-defined]

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self._timeout_s = timeout_ms / 1000
        self._timer.setInterval(max(50, min(MAX_TICK_MS, timeout_ms // 4)))

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        self.poke()
        self._running = True
        self._timer.start()

    def stop(self) -> None:
        self._running = False
        self._timer.stop()

    def poke(self) -> None:
        self._mark, self._wall_mark = self._clock(), self._wall()

    def idle_seconds(self) -> float:
        # The larger of the two: a wall clock set back cannot hold the lock off, and a sleep the
        # main clock did not count (macOS) still shows in the wall clock.
        return max(self._clock() - self._mark, self._wall() - self._wall_mark)

    def check(self) -> None:
        if self._running and self.idle_seconds() >= self._timeout_s:
            self.stop()
            self.inactive.emit()

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()  # back from sleep or another program: decide at once, not at the next tick

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._running and event.type() in _INPUT_EVENTS:
            self.poke()
        return False

    def detach(self) -> None:
        self.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


# --- sleep signal -------------------------------------------------------------------------------

def connect_prepare_for_sleep(receiver: QObject) -> bool:
    """systemd-logind's PrepareForSleep(true) → receiver.prepare_for_sleep(bool). False where
    there is no system bus (Windows, containers); the sleep-aware clock still locks on resume."""
    try:
        from PySide6.QtCore import SLOT
        from PySide6.QtDBus import QDBusConnection
    except ImportError:
        return False
    bus = QDBusConnection.systemBus()
    if not bus.isConnected():
        return False
    try:
        # PySide6 takes the SLOT() string here, although its stubs say bytes (bytes are refused).
        return bool(bus.connect("org.freedesktop.login1", "/org/freedesktop/login1",  # type: ignore[call-overload]
                                "org.freedesktop.login1.Manager", "PrepareForSleep",
                                receiver, SLOT("prepare_for_sleep(bool)")))
    except (TypeError, ValueError, RuntimeError):
        return False


# --- lock screen --------------------------------------------------------------------------------

class LockScreen(QWidget):
    """What is shown while locked: nothing of the office's data, only who may unlock."""

    unlock_requested = Signal(str, str)  # password, recovery code or passphrase ("" = keyring)
    quit_requested = Signal()

    def __init__(self, user: str, needs_key: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setWindowTitle(self.tr("会务（已锁定）"))
        self.setMinimumWidth(520)
        title = QLabel(self.tr("会务已锁定"))
        title.setStyleSheet("font-size: 18pt; font-weight: bold; color: #b71c1c;")
        who = QLabel(self.tr("当前用户：%1。请输入密码解锁。").replace("%1", user))
        who.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("登录密码"))
        self.key_edit = QLineEdit()
        self.key_edit.setObjectName("keyText")
        self.key_edit.setFont(mono_font(12))
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(self.tr("恢复密钥或数据文件口令"))
        key_note = QLabel(self.tr("本次打开数据文件时输入了恢复密钥或口令，锁定时程序已将其从内存中清除，解锁时须再次输入："))
        key_note.setWordWrap(True)
        for widget in (key_note, self.key_edit):
            widget.setVisible(needs_key)
        self.needs_key = needs_key
        self.error = error_label()
        self.unlock_button = QPushButton(self.tr("解锁"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._submit)
        self.password_edit.returnPressed.connect(self._submit)
        self.key_edit.returnPressed.connect(self._submit)
        self.quit_button = QPushButton(self.tr("退出程序"))
        self.quit_button.clicked.connect(self.quit_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(who)
        layout.addSpacing(8)
        layout.addWidget(self.password_edit)
        layout.addWidget(key_note)
        layout.addWidget(self.key_edit)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def _submit(self) -> None:
        if not self.password_edit.text():
            self.error.setText(self.tr("请输入密码。"))
            return
        if self.needs_key and not self.key_edit.text().strip():
            self.error.setText(self.tr("请输入恢复密钥或数据文件口令。"))
            return
        self.set_busy(True)
        self.unlock_requested.emit(self.password_edit.text(), self.key_edit.text())

    def set_busy(self, busy: bool) -> None:
        for widget in (self.unlock_button, self.password_edit, self.key_edit):
            widget.setEnabled(not busy)

    def refused(self, message: str) -> None:
        self.set_busy(False)
        self.password_edit.clear()
        self.error.setText(message)
        self.password_edit.setFocus()


class IdleLock(QObject):
    """Locks the program after idle time, on Ctrl+L and before sleep; unlocks with the password."""

    locked = Signal()
    unlocked = Signal()
    quit_requested = Signal()

    def __init__(self, office: Office, runner: OpRunner, *, timeout_ms: int | None = None,
                 clock: Callable[[], float] = sleep_aware_clock, wall: Callable[[], float] = time.time,
                 guard: ClipboardGuard | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.office = office
        self.runner = runner
        self.guard = guard or clipboard_guard()
        self.screen: LockScreen | None = None
        self._hidden: list[QWidget] = []
        self.watcher = InactivityWatcher(timeout_ms or DEFAULT_IDLE_MINUTES * 60_000, clock=clock,
                                         wall=wall, parent=self)
        self.watcher.inactive.connect(lambda: self.lock(self.tr("无操作超时")))
        self._fixed_timeout = timeout_ms is not None
        self.sleep_signal = connect_prepare_for_sleep(self)
        self.watcher.start()
        self._load_timeout()

    @property
    def is_locked(self) -> bool:
        return self.screen is not None

    def _load_timeout(self) -> None:
        if self._fixed_timeout:
            return
        accounts = self.office.accounts
        self.runner.run(lambda: accounts.policy().idle_minutes,
                        on_success=lambda minutes: self.watcher.set_timeout_ms(int(minutes) * 60_000),
                        on_error=lambda _exc: None)

    @Slot(bool)
    def prepare_for_sleep(self, sleeping: bool) -> None:
        if sleeping:
            self.lock(self.tr("系统休眠"))

    def lock(self, reason: str = "") -> None:
        if self.is_locked:
            return
        self.watcher.stop()
        self.guard.clear_if_ours()
        self._hidden = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        for window in self._hidden:
            if hasattr(window, "remember_layout"):  # the main window: its layout is kept before the file closes
                window.remember_layout()
            window.hide()
        office = self.office
        self.screen = LockScreen(office.user, office.needs_key_to_reopen)
        self.screen.unlock_requested.connect(self._unlock)
        self.screen.quit_requested.connect(self.quit_requested)
        self.screen.show()
        self.screen.activateWindow()

        def close_office() -> None:
            # On the worker, after any queued work; the record goes in while the file is open.
            with contextlib.suppress(HuiwuError):  # the lock matters more than its record
                office.accounts.record("锁屏", reason)
            office.lock()

        self.runner.run(close_office, on_error=lambda _exc: None)
        # Previews and material copies may hold classified minutes in clear: deleted while locked,
        # drawn again after the unlock when asked for.
        temp_area.wipe_after_queued_work(self.runner)
        self.locked.emit()

    def _unlock(self, password: str, key_text: str) -> None:
        screen = self.screen
        assert screen is not None
        try:
            source = key_from_text(key_text) if key_text.strip() else None
        except HuiwuError as exc:
            screen.refused(exc.message)
            return
        office = self.office
        self.runner.run(lambda: office.resume(password, source), on_success=self._resumed,
                        on_error=lambda exc: self._refused(exc), parent=screen,
                        label=self.tr("正在解锁…"))

    def _refused(self, exc: HuiwuError) -> None:
        if self.screen is not None:
            if isinstance(exc, LoginRefused) and exc.locked_until is None and exc.remaining is None:
                self.screen.refused(self.tr("密码不正确。"))
            else:
                self.screen.refused(exc.message)

    def _resumed(self, _info: AccountInfo) -> None:
        screen, self.screen = self.screen, None
        if screen is not None:
            screen.hide()
            screen.deleteLater()
        for window in self._hidden:
            if shiboken6.isValid(window):  # a box may have been deleted meanwhile
                window.show()
        self._hidden = []
        self.watcher.start()
        self._load_timeout()
        self.unlocked.emit()

    def detach(self) -> None:
        self.watcher.detach()
        if self.screen is not None:
            self.screen.hide()
            self.screen.deleteLater()
            self.screen = None
