"""The start-up: from the file path to an open office and a working main window.

The main window's frame is shown first, before the data layer is even imported (issue 7 §4);
then: no file yet → the first-run wizard. A file → its key from the system keyring; when the
keyring cannot give it → the unlock dialog (recovery code or passphrase). Never a new key for a
file that exists. The file held by another running copy → offer to bring that window forward.
Then the login, and the frame starts working (MainWindow.attach).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from core.errors import FileLocked, HuiwuError, KeyMissing, KeyStoreUnavailable, WrongKeyOrDamaged
from core.store.keystore import KeyringSource, KeyStore, SystemKeyStore
from gui.clipboard import clipboard_guard
from gui.main_window import MainWindow
from gui.messages import show_error, show_info
from gui.ops import OpRunner

# The data layer (SQLAlchemy, the services) and the dialogs that need it are imported where first
# used: the file is opened on the worker, so the window stays responsive while they load.
if TYPE_CHECKING:
    from core.office import Office
    from core.store.keys import DatabaseKey
    from gui.idle_lock import IdleLock
    from gui.single_instance import InstanceServer

KeyStoreFactory = Callable[[], KeyStore]


class _NoKeyring:
    """A key source for a machine without a usable keyring: it can only say so."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def key(self, path: Path) -> DatabaseKey:
        raise KeyStoreUnavailable(self.reason)


class Startup(QObject):
    """Walks from the file path to an open office and the main window.

    The main window (`frame`) exists from the start and is shown by start(); it works once the
    user has logged in, and `window` is set to it from then on (None before and after 注销).
    `finished(exit_code)` says the program should end (main() connects it to the application's
    exit; tests do not, since exit() outside a running loop stops every later local loop).
    """

    finished = Signal(int)
    ready = Signal()  # the main window works: logged in, first page built

    def __init__(self, db_path: Path, runner: OpRunner, key_store_factory: KeyStoreFactory | None = None,
                 parent: QObject | None = None, *, login_as: str | None = None,
                 frame: MainWindow | None = None) -> None:
        """`login_as`: tests inject a user name and skip the login dialog, as they inject the key store.
        `frame`: the main window already on screen (gui.app.main shows it first)."""
        super().__init__(parent)
        self.login_as = login_as
        self.idle_lock: IdleLock | None = None
        self.path = Path(db_path).absolute()
        self.runner = runner
        self.key_store_factory = key_store_factory or SystemKeyStore
        self.key_store: KeyStore | None = None
        self.no_keyring_reason = ""
        self.office: Office | None = None
        self.frame = frame or MainWindow(None, runner, path=self.path)
        self.frame.runner = runner
        self.frame.closed.connect(lambda: self.finished.emit(0))
        self.frame.logout_requested.connect(self._log_out)
        self.frame.lock_requested.connect(lambda: self._lock(self.tr("用户锁定")))
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
        self.frame.show()
        if self.path.exists():
            self._open_with_keyring()
        else:
            self.frame.show_waiting(self.tr("尚无数据文件：请按向导新建。"))
            self.runner.run(self._resolve_key_store, on_success=lambda _store: self._show_wizard(),
                            label=self.tr("正在检查系统钥匙串…"))

    def _open_with_keyring(self) -> None:
        path = self.path
        self.frame.show_waiting(self.tr("正在打开数据文件…"))

        def open_file() -> Office:
            from core.office import Office  # on the worker, while the frame stays responsive

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
            self.frame.show_waiting(self.tr("无法打开数据文件。"))
            box = show_error(self.frame, exc.message, title=self.tr("无法打开数据文件"))
            box.finished.connect(lambda _r: self.finished.emit(3))

    def _show_wizard(self) -> None:
        from gui.wizard import FirstRunWizard

        wizard = FirstRunWizard(self.path, self.runner, self.key_store, no_keyring_reason=self.no_keyring_reason,
                                parent=self.frame)
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
            show_error(self.frame, self.tr("数据文件已创建，但密钥未能保存到系统钥匙串：") + "\n" + warning + "\n\n"
                       + self.tr("下次打开时需要输入恢复密钥。"))

    def _show_unlock(self, exc: HuiwuError) -> None:
        from gui.unlock import UnlockDialog

        self.frame.show_waiting(self.tr("请输入恢复密钥或口令。"))
        dialog = UnlockDialog(self.path, self.runner, self.key_store, exc.message,
                              likely_code=not isinstance(exc, KeyStoreUnavailable), parent=self.frame)
        dialog.opened.connect(self._unlocked)
        dialog.rejected.connect(lambda: self.finished.emit(0))
        self.dialog = dialog
        dialog.show()

    def _unlocked(self, office: Office, note: str) -> None:
        dialog = self.dialog
        restored = self.key_store is not None and getattr(dialog, "restored", False)
        if restored:
            office.use_key_source(KeyringSource(self.key_store))  # back in the keyring: no typing at unlock
        if getattr(dialog, "used_passphrase", False):
            key_note = self.tr("由口令保护，每次打开时输入")
        elif restored:
            key_note = self._in_keyring() + self.tr("；本次用恢复密钥打开后已重新保存")
        else:
            key_note = self.tr("本次用恢复密钥打开；本机没有可用的系统钥匙串，下次仍需输入")
        self._show_main(office, key_note)
        if note:
            show_info(self.frame, note)

    def _offer_other_window(self, exc: HuiwuError) -> None:
        self.frame.show_waiting(exc.message)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("会务"), exc.message, parent=self.frame)
        box.setObjectName("lockedBox")
        box.setInformativeText(self.tr("数据文件：") + str(self.path))
        bring = box.addButton(self.tr("切换到已打开的窗口"), QMessageBox.ButtonRole.AcceptRole)
        retry = box.addButton(self.tr("重试"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(self.tr("退出"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(bring)

        def clicked(button: object) -> None:
            if button is bring:
                from gui.single_instance import ask_running_copy_to_raise

                if ask_running_copy_to_raise(self.path):
                    self.finished.emit(0)
                else:
                    failed = show_error(self.frame, self.tr("无法联系另一个会务窗口。它可能正在启动或已无响应，请稍后重试。"))
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
        self.frame.set_key_note(key_note)
        if self.login_as is not None:
            office.user = self.login_as
            self._open_main_window()
        else:
            self.runner.run(office.accounts.has_accounts, on_success=self._ask_login)

    def _ask_login(self, has_accounts: bool) -> None:
        from gui.login import CreateAdminDialog, LoginDialog

        assert self.office is not None
        self.frame.show_waiting(self.tr("请登录。"))
        dialog: LoginDialog | CreateAdminDialog = (
            LoginDialog(self.office, self.runner, parent=self.frame) if has_accounts
            else CreateAdminDialog(self.office, self.runner, parent=self.frame))
        dialog.logged_in.connect(lambda _info: self._open_main_window())
        dialog.rejected.connect(lambda: self.finished.emit(0))
        self.dialog = dialog
        dialog.show()

    def _open_main_window(self) -> None:
        from gui.data_safety.at_open import check_at_open
        from gui.idle_lock import IdleLock

        office = self.office
        assert office is not None
        self.dialog = None
        self.window = self.frame
        self.frame.attach(office)
        if office.account is not None:  # an injected user has no password to unlock with
            self.idle_lock = IdleLock(office, self.runner, parent=self)
            self.idle_lock.quit_requested.connect(lambda: self.finished.emit(0))
        if self.server is None:
            from gui.single_instance import InstanceServer

            self.server = InstanceServer(self.path, self)
            self.server.listen()
            self.server.raise_requested.connect(self.frame.bring_forward)
        self.frame.activateWindow()  # the login dialog had the focus
        check_at_open(self.runner, office, self.frame)  # today's backup, then the audit anchor
        self.ready.emit()

    def _lock(self, reason: str) -> None:
        if self.idle_lock is not None:
            self.idle_lock.lock(reason)

    def _log_out(self) -> None:
        """注销: other windows (纪要…) close first — one holding unsaved text may refuse, and then
        nothing happens; the main window empties and the login is asked again."""
        for other in QApplication.topLevelWidgets():
            if other is not self.frame and other.isVisible() and not other.close():
                return
        self.window = None
        if self.idle_lock is not None:
            self.idle_lock.detach()
            self.idle_lock.deleteLater()
            self.idle_lock = None
        clipboard_guard().clear_if_ours()
        self.frame.detach(self.tr("已注销。"))
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
        last = None
        if office is not None:
            from gui.data_safety.at_open import close_at_quit

            last = close_at_quit(office)  # the audit anchor is advanced, then the file closed
        # Closed on the worker: the office was opened there, and its file lock is the thread's.
        self.runner.shutdown(last)
