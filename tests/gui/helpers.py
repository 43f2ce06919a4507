"""Helpers for the GUI tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from core.store.keys import DatabaseKey
from gui.ops import OpRunner
from tests.conftest import before_key_slots  # noqa: F401 - the window tests take it from here

ADMIN_PW = "Admin#2026x"
CLERK_PW = "Clerk#2026x"


def wait_idle(qtbot, runner: OpRunner, timeout: int = 10000) -> None:  # type: ignore[no-untyped-def]
    """Wait until every op handed to the runner has finished and its callbacks ran."""
    qtbot.waitUntil(lambda: not runner.busy, timeout=timeout)


def windows(kind: type[QWidget] = QWidget, name: str | None = None) -> list[QWidget]:
    """Visible windows (dialogs included) of a type, optionally with an object name."""
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, kind) and w.isVisible() and (name is None or w.objectName() == name)]


def close_all_windows() -> None:
    for w in QApplication.topLevelWidgets():
        w.close()


def close_on_worker(qtbot, runner: OpRunner, office) -> None:  # type: ignore[no-untyped-def]
    """An office opened on the worker closes there: its file lock belongs to that thread."""
    runner.run(office.close)
    wait_idle(qtbot, runner)


def start_program(qtbot, runner: OpRunner, db_path, store, *, login_as: str | None = None):  # type: ignore[no-untyped-def]
    """The start-up on `db_path` with the key store `store`, run until its work is done. A file with
    key slots then waits in the login dialog; `login_as` skips the login on a file opened otherwise."""
    from gui.startup import Startup

    startup = Startup(db_path, runner, lambda: store, login_as=login_as)
    startup.start()
    wait_idle(qtbot, runner)
    return startup


def file_with_accounts(db_path: Path, key: DatabaseKey, *, clerk_must_change: bool = False) -> Path:
    """A closed file with key slots (its key file beside it): 管理员 admin (ADMIN_PW) and 秘书 wangli
    (CLERK_PW + "!", or CLERK_PW still to be changed at first login)."""
    from core.model import Role
    from core.office import Office

    with Office.create(db_path, key, "青川区人民政府办公室") as office:
        office.accounts.create_first_admin("admin", ADMIN_PW, "系统管理员")
        office.log_in("admin", ADMIN_PW)
        office.accounts.add("wangli", Role.SECRETARY, CLERK_PW, "王丽")
        if not clerk_must_change:
            office.accounts.change_password("wangli", CLERK_PW, CLERK_PW + "!")
    return db_path



def damage_page(path: Path, page: int = 2, offset: int = 100) -> None:
    """Flip one byte inside a page of a closed file (page 1 is the first)."""
    data = bytearray(path.read_bytes())
    data[4096 * (page - 1) + offset] ^= 0xFF
    path.write_bytes(bytes(data))
