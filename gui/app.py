"""The application: from start to the main window.

    main(argv, db_path)

No file yet → the first-run wizard. A file → its key from the system keyring; when the keyring
cannot give it → the unlock dialog (recovery code or passphrase). Never a new key for a file
that exists. The file held by another running copy → offer to bring that window forward.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from core.errors import FileLocked, HuiwuError, KeyMissing, KeyStoreUnavailable, WrongKeyOrDamaged
from core.office import Office
from core.store.keys import DatabaseKey
from core.store.keystore import KeyringSource, KeyStore, SystemKeyStore
from gui import look
from gui.data_safety.at_open import check_at_open, close_at_quit
from gui.idle_lock import IdleLock, clipboard_guard
from gui.login import CreateAdminDialog, LoginDialog
from gui.main_window import MainWindow
from gui.messages import show_error, show_info
from gui.ops import OpRunner
from gui.single_instance import InstanceServer, ask_running_copy_to_raise
from gui.unlock import UnlockDialog
from gui.wizard import FirstRunWizard

KeyStoreFactory = Callable[[], KeyStore]


class _NoKeyring:
    """A key source for a machine without a usable keyring: it can only say so."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def key(self, path: Path) -> DatabaseKey:
        raise KeyStoreUnavailable(self.reason)


class Startup(QObject):
    """Walks from the file path to an open office and the main window.

    `finished(exit_code)` says the program should end (main() connects it to the application's
    exit; tests do not, since exit() outside a running loop stops every later local loop).
    """

    finished = Signal(int)

    def __init__(self, db_path: Path, runner: OpRunner, key_store_factory: KeyStoreFactory = SystemKeyStore,
                 parent: QObject | None = None, *, login_as: str | None = None) -> None:
        """`login_as`: tests inject a user name and skip the login dialog, as they inject the key store."""
        super().__init__(parent)
        self.login_as = login_as
        self.idle_lock: IdleLock | None = None
        self._key_note = ""
        self._logging_out = False
        self.path = Path(db_path).absolute()
        self.runner = runner
        self.key_store_factory = key_store_factory
        self.key_store: KeyStore | None = None
        self.no_keyring_reason = ""
        self.office: Office | None = None
        self.window: MainWindow | None = None
        self.dialog: QObject | None = None  # the wizard or dialog now on screen
        self.server: InstanceServer | None = None

    def _resolve_key_store(self) -> KeyStore | None:
        """On the worker: the keyring may talk to D-Bus or prompt."""
        try:
            self.key_store = self.key_store_factory()
            self.no_keyring_reason = ""
        except KeyStoreUnavailable as exc:
            self.key_store = None
            self.no_keyring_reason = exc.message
        return self.key_store

    # --- the flow --------------------------------------------------------------------------

    def start(self) -> None:
        if self.path.exists():
            self._open_with_keyring()
        else:
            self.runner.run(self._resolve_key_store, on_success=lambda _store: self._show_wizard(),
                            label=self.tr("正在检查系统钥匙串…"))

    def _open_with_keyring(self) -> None:
        path = self.path

        def open_file() -> Office:
            store = self._resolve_key_store()
            # Office.open takes the lock before asking for the key: a file in use by another
            # copy is reported as such, even where there is no keyring.
            source = KeyringSource(store) if store is not None else _NoKeyring(self.no_keyring_reason)
            return Office.open(path, source)

        self.runner.run(open_file, on_success=lambda office: self._show_main(office, self._in_keyring()),
                        on_error=self._open_failed,
                        label=self.tr("正在打开数据文件…"))

    def _open_failed(self, exc: HuiwuError) -> None:
        if isinstance(exc, FileLocked):
            self._offer_other_window(exc)
        elif isinstance(exc, KeyMissing | KeyStoreUnavailable | WrongKeyOrDamaged):
            self._show_unlock(exc)
        else:
            box = show_error(None, exc.message, title=self.tr("无法打开数据文件"))
            box.finished.connect(lambda _r: self.finished.emit(3))

    def _show_wizard(self) -> None:
        wizard = FirstRunWizard(self.path, self.runner, self.key_store, no_keyring_reason=self.no_keyring_reason)
        wizard.created.connect(self._created)
        wizard.rejected.connect(lambda: self.finished.emit(0))
        self.dialog = wizard
        wizard.show()

    def _in_keyring(self) -> str:
        describe = self.key_store.describe() if self.key_store is not None else ""
        return self.tr("保存在系统钥匙串中，打开时自动读取") + (f"（{describe}）" if describe else "")

    def _created(self, office: Office, warning: str) -> None:
        if self.key_store is not None and not warning:
            office.use_key_source(KeyringSource(self.key_store))  # the idle lock fetches it there again
        if self.key_store is None:
            note = self.tr("由口令保护，每次打开时输入")
        elif warning:
            note = self.tr("未能保存到系统钥匙串，打开时需输入恢复密钥")
        else:
            note = self._in_keyring()
        self._show_main(office, note)
        if warning:
            show_error(self.window, self.tr("数据文件已创建，但密钥未能保存到系统钥匙串：") + "\n" + warning + "\n\n"
                       + self.tr("下次打开时需要输入恢复密钥。"))

    def _show_unlock(self, exc: HuiwuError) -> None:
        dialog = UnlockDialog(self.path, self.runner, self.key_store, exc.message,
                              likely_code=not isinstance(exc, KeyStoreUnavailable))
        dialog.opened.connect(self._unlocked)
        dialog.rejected.connect(lambda: self.finished.emit(0))
        self.dialog = dialog
        dialog.show()

    def _unlocked(self, office: Office, note: str) -> None:
        dialog = self.dialog
        if self.key_store is not None and getattr(dialog, "restored", False):
            office.use_key_source(KeyringSource(self.key_store))  # back in the keyring: no typing at unlock
        if isinstance(dialog, UnlockDialog) and dialog.used_passphrase:
            key_note = self.tr("由口令保护，每次打开时输入")
        elif self.key_store is not None and dialog is not None and getattr(dialog, "restored", False):
            key_note = self._in_keyring() + self.tr("；本次用恢复密钥打开后已重新保存")
        else:
            key_note = self.tr("本次用恢复密钥打开；本机没有可用的系统钥匙串，下次仍需输入")
        self._show_main(office, key_note)
        if note:
            show_info(self.window, note)

    def _offer_other_window(self, exc: HuiwuError) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("会务"), exc.message)
        box.setObjectName("lockedBox")
        box.setInformativeText(self.tr("数据文件：") + str(self.path))
        bring = box.addButton(self.tr("切换到已打开的窗口"), QMessageBox.ButtonRole.AcceptRole)
        retry = box.addButton(self.tr("重试"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(self.tr("退出"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(bring)

        def clicked(button: object) -> None:
            if button is bring:
                if ask_running_copy_to_raise(self.path):
                    self.finished.emit(0)
                else:
                    failed = show_error(None, self.tr("无法联系另一个会务窗口。它可能正在启动或已无响应，请稍后重试。"))
                    failed.finished.connect(lambda _r: self.finished.emit(3))
            elif button is retry:
                self._open_with_keyring()
            else:
                self.finished.emit(0)

        box.buttonClicked.connect(clicked)
        self.dialog = box
        box.open()

    def _show_main(self, office: Office, key_note: str = "") -> None:
        """The file is open: now who works on it (login, or the first administrator)."""
        self.office = office
        self._key_note = key_note
        if self.login_as is not None:
            office.user = self.login_as
            self._open_main_window()
        else:
            self.runner.run(office.accounts.has_accounts, on_success=self._ask_login)

    def _ask_login(self, has_accounts: bool) -> None:
        assert self.office is not None
        dialog: LoginDialog | CreateAdminDialog = (
            LoginDialog(self.office, self.runner) if has_accounts else CreateAdminDialog(self.office, self.runner))
        dialog.logged_in.connect(lambda _info: self._open_main_window())
        dialog.rejected.connect(lambda: self.finished.emit(0))
        self.dialog = dialog
        dialog.show()

    def _open_main_window(self) -> None:
        office = self.office
        assert office is not None
        self.dialog = None
        self.window = MainWindow(office, self.runner)
        self.window.settings_page.set_key_note(self._key_note)
        self.window.closed.connect(self._window_closed)
        self.window.logout_requested.connect(self._log_out)
        if office.account is not None:  # an injected user has no password to unlock with
            self.idle_lock = IdleLock(office, self.runner, parent=self)
            self.idle_lock.quit_requested.connect(lambda: self.finished.emit(0))
            self.window.lock_requested.connect(lambda: self._lock(self.tr("用户锁定")))
        if self.server is None:
            self.server = InstanceServer(self.path, self)
            self.server.listen()
        self.server.raise_requested.connect(self.window.bring_forward)
        self.window.show()
        check_at_open(self.runner, office, self.window)  # today's backup, then the audit anchor

    def _lock(self, reason: str) -> None:
        if self.idle_lock is not None:
            self.idle_lock.lock(reason)

    def _log_out(self) -> None:
        window = self.window
        # Other windows (纪要…) close first; one holding unsaved text may refuse, and then nothing happens.
        for other in QApplication.topLevelWidgets():
            if other is not window and other.isVisible() and not other.close():
                return
        self._logging_out = True
        if window is not None and not window.close():
            self._logging_out = False

    def _window_closed(self) -> None:
        if not self._logging_out:
            self.finished.emit(0)
            return
        self._logging_out = False
        window, self.window = self.window, None
        if self.idle_lock is not None:
            self.idle_lock.detach()
            self.idle_lock.deleteLater()
            self.idle_lock = None
        if window is not None:
            if self.server is not None:
                self.server.raise_requested.disconnect(window.bring_forward)
            window.deleteLater()
        clipboard_guard().clear_if_ours()
        office = self.office
        assert office is not None
        self.runner.run(office.log_out, on_success=lambda _r: self._ask_login(True))

    def shutdown(self) -> None:
        """After the event loop: let queued work finish, then release the file."""
        if self.server is not None:
            self.server.close()
        if self.idle_lock is not None:
            self.idle_lock.detach()
        office, self.office = self.office, None
        # Closed on the worker: the office was opened there, and its file lock is the thread's.
        self.runner.shutdown(close_at_quit(office))  # the audit anchor is advanced, then the file closed


def main(argv: list[str], db_path: str | os.PathLike[str], *,
         key_store_factory: KeyStoreFactory = SystemKeyStore, login_as: str | None = None) -> int:
    app = QApplication.instance() or QApplication(list(argv))
    assert isinstance(app, QApplication)
    app.setApplicationName("huiwu")
    app.setApplicationDisplayName(QCoreApplication.translate("Huiwu", "会务"))
    app.setOrganizationName("Huiwu")
    app.setQuitOnLastWindowClosed(False)  # between the wizard and the main window no window is shown
    look.apply(app)
    runner = OpRunner()
    startup = Startup(Path(db_path), runner, key_store_factory, login_as=login_as)
    startup.finished.connect(app.exit)
    guard = clipboard_guard()  # from the start, so the wizard's copy of the recovery code counts as ours
    QTimer.singleShot(0, startup.start)
    # Everything imported so far lives as long as the program: keep it out of the collector's
    # scans, so a full collection never lands in the middle of opening a large list.
    gc.freeze()
    code = app.exec()
    guard.clear_if_ours()
    startup.shutdown()
    return code


if __name__ == "__main__":  # python -m gui.app PATH
    sys.exit(main(sys.argv, sys.argv[1] if len(sys.argv) > 1 else "huiwu.db"))
