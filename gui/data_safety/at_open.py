"""What the start-up asks of data safety: after the file opened, today's automatic backup and the
anchor's comparison (on the worker), and a warning over the main window when the file looks
replaced by an older copy; on a clean quit, the anchor advanced before the file is released."""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from core.office import Office
from gui.data_safety import work
from gui.data_safety.restore import tr
from gui.messages import show_error
from gui.ops import OpRunner


def check_at_open(runner: OpRunner, office: Office, window: QWidget) -> None:
    runner.run(lambda: work.open_checks(office), on_success=lambda found: warn(window, found), parent=window,
               label=tr("正在备份和检查数据文件…"))


def warn(window: QWidget, warnings: list[str]) -> None:
    if not warnings:
        return
    text = (tr("数据安全提示：") + "\n\n" + "\n".join("• " + w for w in warnings) + "\n\n"
            + tr("请到“设置 → 数据安全”检查数据文件。如果文件被替换为旧副本或已损坏，可以从备份恢复；"
                 "在查明原因之前，请不要在此文件中继续录入。"))
    box = show_error(window, text, title=tr("数据安全警告"))
    box.setObjectName("dataSafetyWarning")


def close_at_quit(office: Office | None) -> Callable[[], None] | None:
    """The last op of the worker: advance the anchor (only from an agreeing chain), then close."""
    return functools.partial(work.save_anchor_and_close, office) if office is not None else None
