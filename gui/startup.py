"""The start-up: from the file path to an open office and a working main window.

The main window's frame is shown first, before the data layer is even imported (issue 7 §4);
then, on the worker:

- no file yet → the first-run wizard (a random key, the recovery code, the first administrator);
- the file held by another running copy → offer to bring that window forward (before anyone types
  a password);
- a file whose key file holds key slots → the login dialog first: the account's password opens
  its slot, which gives the file's key (Office.open_as, issue 11 §1);
- a file without a key file (from before key slots, or its key file lost) → the keyring, then the
  login; the first administrator login turns key slots on and takes the key out of the keyring,
  which the user is told once. No keyring entry, or a damaged key file → the recovery code
  (UnlockDialog), then the login;
- a file that does not open (a damaged page, a truncated file) → the open-failure dialog with the
  backups beside the file, restore and check (gui.data_safety.unopenable).

Never a new key for a file that exists. Then the frame starts working (MainWindow.attach).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from core.errors import (
    FileLocked,
    HuiwuError,
    KeyMissing,
    KeyStoreUnavailable,
    NotHuiwuFile,
    StorageError,
    WrongKeyOrDamaged,
)
from core.keeping.keys import KeyringSource, KeyStore, SystemKeyStore, in_words
from gui.clipboard import clipboard_guard
from gui.main_window import MainWindow
from gui.messages import show_error, show_info
from gui.ops import OpRunner

# The data layer (SQLAlchemy, the services) and the dialogs that need it are imported where first
# used: the file is opened on the worker, so the window stays responsive while they load.
if TYPE_CHECKING:
    from core.keeping.keys import DatabaseKey
    from core.office import Office
    from gui.data_safety.work import Unopenable
    from gui.idle_lock import IdleLock
    from gui.single_instance import InstanceServer

KeyStoreFactory = Callable[[], KeyStore]

SLOTS, NO_SLOTS = "slots", "no-slots"


class _NoKeyring:
    """A key source for a machine without a usable keyring: it can only say so."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def key(self, path: Path) -> DatabaseKey:
        raise KeyStoreUnavailable(self.reason)


def _probe(path: Path) -> str:
    """On the worker, before anything is typed: is the file in use (FileLocked), and how does it
    open — through key slots, or (no key file, or one without slots) the older way. A damaged key
    file raises KeyFileDamaged."""
    from core.keeping import keyfile
    from core.keeping.filelock import take_lock

    take_lock(path).release()
    kept = keyfile.load(path)
    return SLOTS if kept is not None and kept.slots else NO_SLOTS


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
        """`login_as`: tests inject a user name and skip the login dialog on a file opened without
        key slots (the keyring they inject), as they inject the key store. A file with key slots has
        no way in but an account's password. `frame`: the main window already on screen (gui.app.main
        shows it first)."""
        super().__init__(parent)
        self.login_as = login_as
        self.idle_lock: IdleLock | None = None
        self.path = Path(db_path).absolute()
        self.runner = runner
        self.key_store_factory = key_store_factory or SystemKeyStore
        self.key_store: KeyStore | None = None
        self.no_keyring_reason = ""
        self.office: Office | None = None
        self.has_slots = False  # the file opens through key slots (its key file holds at least one)
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
            self._open()
        else:
            self._show_wizard()

    def _open(self) -> None:
        path = self.path
        self.frame.show_waiting(self.tr("正在打开数据文件…"))
        self.runner.run(lambda: _probe(path), on_success=self._probed, on_error=self._open_failed,
                        label=self.tr("正在打开数据文件…"))

    def _probed(self, kind: str) -> None:
        self.has_slots = kind == SLOTS
        if self.has_slots:
            self._show_login_first()
        else:
            self._open_with_keyring()

    # --- a file with key slots: the login opens it ----------------------------------------------

    def _slot_note(self) -> str:
        return (self.tr("凭账户密码打开（各账户的密钥保存在数据文件旁的 %1 中）；另有恢复密钥备用")
                .replace("%1", self.path.name + ".keys"))

    def _show_login_first(self) -> None:
        from gui.login import LoginDialog

        self.frame.show_waiting(self.tr("请登录。"))
        dialog = LoginDialog(self.path, self.runner, parent=self.frame)
        dialog.opened.connect(self._opened_by_slot)
        dialog.logged_in.connect(lambda _info: self._open_main_window())
        dialog.cannot_open.connect(self._open_failed)
        dialog.code_requested.connect(
            lambda: self._show_unlock(self.tr("请输入恢复密钥打开数据文件。打开后仍须登录账户。")))
        dialog.rejected.connect(lambda: self.finished.emit(0))
        self.dialog = dialog
        dialog.show()

    def _opened_by_slot(self, office: Office) -> None:
        self.office = office  # open (and logged in) already: closed at quit even if the user stops here
        self.frame.set_key_note(self._slot_note())

    # --- a file without key slots: the keyring, or the recovery code ----------------------------

    def _open_with_keyring(self) -> None:
        path = self.path

        def open_file() -> Office:
            from core.office import Office  # on the worker, while the frame stays responsive

            store = self._resolve_key_store()
            # Office.open takes the lock before asking for the key: a file in use by another
            # copy is reported as such, even where there is no keyring.
            source = KeyringSource(store) if store is not None else _NoKeyring(self.no_keyring_reason)
            return Office.open(path, source)

        self.runner.run(open_file, on_success=lambda office: self._show_main(office, *self._in_keyring()),
                        on_error=self._open_failed,
                        label=self.tr("正在打开数据文件…"))

    def _open_failed(self, exc: HuiwuError) -> None:
        from core.keeping.keyfile import KeyFileDamaged
        from core.office import NoKeySlots
        from gui.unlock import surely_damaged

        if isinstance(exc, FileLocked):
            self._offer_other_window(exc)
        elif isinstance(exc, KeyFileDamaged | NoKeySlots):
            self._show_unlock(exc.message)
        elif isinstance(exc, KeyMissing):
            self._show_unlock(self.tr("数据文件旁没有密钥文件（%1），系统钥匙串中也没有它的密钥。"
                                      "请输入恢复密钥打开：打开后程序会按数据文件重建密钥文件。")
                              .replace("%1", self.path.name + ".keys"))
        elif isinstance(exc, KeyStoreUnavailable):
            self._show_unlock(exc.message, likely_code=False)
        elif isinstance(exc, WrongKeyOrDamaged) and not self.has_slots and not surely_damaged(exc):
            self._show_unlock(exc.message)  # the keyring's key, or the file's first page: the code tells
        elif isinstance(exc, WrongKeyOrDamaged | StorageError | NotHuiwuFile):
            self._show_failure(exc)  # the slot's key is the file's own: the file itself is damaged
        else:
            self.frame.show_waiting(self.tr("无法打开数据文件。"))
            box = show_error(self.frame, exc.message, title=self.tr("无法打开数据文件"))
            box.finished.connect(lambda _r: self.finished.emit(3))

    def _show_failure(self, exc: HuiwuError) -> None:
        from gui.data_safety.unopenable import OpenFailedDialog

        self.frame.show_waiting(self.tr("数据文件无法打开。"))
        dialog = OpenFailedDialog(self.path, self.runner, exc, has_slots=self.has_slots, key_store=self.key_store,
                                  parent=self.frame)
        dialog.restored.connect(self._restored)
        dialog.rejected.connect(lambda: self.finished.emit(3))
        self.dialog = dialog
        dialog.show()

    def _restored(self, result: Unopenable) -> None:
        from gui.data_safety.unopenable import show_restored

        office = result.office
        self.office = office
        self.frame.set_key_note(self.tr("本次凭恢复密钥打开（从备份恢复后）") if result.by_code
                                else self._slot_note())
        self._open_main_window()
        show_restored(self.frame, result)

    def _show_wizard(self) -> None:
        from gui.wizard import FirstRunWizard

        self.frame.show_waiting(self.tr("尚无数据文件：请按向导新建。"))
        wizard = FirstRunWizard(self.path, self.runner, parent=self.frame)
        wizard.created.connect(self._created)
        wizard.rejected.connect(lambda: self.finished.emit(0))
        self.dialog = wizard
        wizard.show()

    def _in_keyring(self) -> tuple[str, str]:
        """The note in words ("本次从 系统钥匙串（Secret Service） 读取…") and the backend's technical
        name for its tooltip."""
        store = self.key_store
        words = self.tr("本次从%1读取").replace("%1", in_words(store)) if store is not None else self.tr("本次从系统钥匙串读取")
        return (words + self.tr("；尚未启用账户密钥，管理员登录后改为凭账户密码打开"),
                store.describe() if store is not None else "")

    def _created(self, office: Office, warning: str) -> None:
        self.has_slots = True
        if office.account is not None:  # the wizard's administrator is logged in
            self.office = office
            self.frame.set_key_note(self._slot_note())
            self._open_main_window()
            return
        self._show_main(office, self._slot_note())  # the administrator is asked for again
        show_error(self.frame, self.tr("数据文件已创建，但管理员账户未能创建：") + "\n" + warning + "\n\n"
                   + self.tr("请重新设置管理员账户。"))

    def _show_unlock(self, reason: str, *, likely_code: bool = True) -> None:
        from gui.unlock import UnlockDialog

        self.frame.show_waiting(self.tr("请输入恢复密钥。"))
        dialog = UnlockDialog(self.path, self.runner, reason, likely_code=likely_code, parent=self.frame)
        dialog.opened.connect(lambda office: self._unlocked(office, dialog.used_passphrase))
        dialog.damaged.connect(self._show_failure)
        dialog.rejected.connect(lambda: self.finished.emit(0))
        self.dialog = dialog
        dialog.show()

    def _unlocked(self, office: Office, used_passphrase: bool) -> None:
        key_note = self.tr("本次凭口令打开") if used_passphrase else self.tr("本次凭恢复密钥打开")
        if office.has_key_slots:
            key_note += self.tr("；数据文件旁的密钥文件已按数据文件核对（缺失或损坏时已重建），下次可凭账户密码打开")
        else:
            key_note += self.tr("；尚未启用账户密钥，管理员登录后改为凭账户密码打开")
        self._show_main(office, key_note)

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
                self._open()
            else:
                self.finished.emit(0)

        box.buttonClicked.connect(clicked)
        self.dialog = box
        box.open()

    def _show_main(self, office: Office, key_note: str = "", key_detail: str = "") -> None:
        """The file is open, nobody logged in: now who works on it (login, or the first administrator)."""
        self.office = office
        self.frame.set_key_note(key_note, key_detail)
        if self.login_as is not None:
            office.user = self.login_as
            self._open_main_window()
        else:
            self.runner.run(office.accounts.has_accounts, on_success=self._ask_login)

    def _ask_login(self, has_accounts: bool) -> None:
        from gui.login import CreateAdminDialog, LoginDialog

        office = self.office
        assert office is not None
        had_slots, from_keyring = office.has_key_slots, office.key_store is not None
        self.frame.show_waiting(self.tr("请登录。"))
        dialog: LoginDialog | CreateAdminDialog = (
            LoginDialog(office, self.runner, parent=self.frame) if has_accounts
            else CreateAdminDialog(office, self.runner, parent=self.frame))
        dialog.logged_in.connect(lambda _info: self._logged_in(had_slots, from_keyring))
        dialog.rejected.connect(lambda: self.finished.emit(0))
        self.dialog = dialog
        dialog.show()

    def _logged_in(self, had_slots: bool, from_keyring: bool) -> None:
        office = self.office
        assert office is not None
        started = not had_slots and office.has_key_slots  # an administrator's first login: key slots on
        if started:
            self.has_slots = True
            self.frame.set_key_note(self._slot_note() + (self.tr("（本次登录时已启用；系统钥匙串中的密钥已删除）")
                                                         if from_keyring else self.tr("（本次登录时已启用）")))
        self._open_main_window()
        if started:
            text = self.tr("已启用账户密钥：今后凭账户密码打开数据文件，忘记密码时凭恢复密钥打开。")
            if from_keyring:
                text += self.tr("系统钥匙串中已不再保存数据文件的密钥。")
            text += "\n\n" + self.tr("其他账户在下次登录时各自启用；管理员重置其密码时也会启用。"
                                     "没有账户密码或恢复密钥，数据文件无法打开：请确认恢复密钥仍妥善保管。")
            box = show_info(self.frame, text, title=self.tr("已启用账户密钥"))
            box.setObjectName("keySlotsStarted")

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
