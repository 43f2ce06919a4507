"""Helpers for the GUI tests."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

from gui.ops import OpRunner


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
    """The start-up on `db_path` with the key store `store`, run until its work is done."""
    from gui.startup import Startup

    startup = Startup(db_path, runner, lambda: store, login_as=login_as)
    startup.start()
    wait_idle(qtbot, runner)
    return startup
