"""今日: the secretary's desk — what to do today and this week, read from core.services.desk.

The first page after every login (MainWindow.FIRST_PAGE): a secretary starts the day from here,
whichever page they quit from, and a colleague logging in after 注销 does not land on someone
else's half-done page. An idle lock is not a new start: unlocking shows the windows as they were,
on the page the user left (gui.idle_lock hides and shows them; nothing is rebuilt).

The page reads the desk on the worker when built, each time it is shown again (as the other
pages do) and when a window opened from it says it changed something; F5 reads it too. Each line
opens its window through the page that owns it (MainWindow.open_from_desk, gui.home.opening), so
there is one meeting window per meeting whichever way it was opened.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.office import Office
from core.services.desk_types import Desk
from gui import roles
from gui.home.desk_tree import DeskTree
from gui.home.rows import blocks, tr, weekday_text
from gui.ops import Op, OpRunner
from gui.roster.forms import day_text


class HomePage(QWidget):
    open_requested = Signal(str, int)  # (kind, id): see gui.home.rows

    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("homePage")
        self.office = office
        self.runner = runner
        self.loaded = False
        self.desk: Desk | None = None
        self._generation = 0
        self._query_op: Op | None = None

        title = QLabel(tr("今日"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.date_label = QLabel()
        self.date_label.setObjectName("today")
        self.date_label.setStyleSheet("font-size: 12pt; color: #555;")
        self.refresh_button = QPushButton(tr("刷新"))
        self.refresh_button.setObjectName("refresh")
        self.refresh_button.setToolTip(tr("重新读取今日待办（F5）"))
        self.refresh_button.clicked.connect(self.refresh)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(16)
        head.addWidget(self.date_label)
        head.addStretch(1)
        roles.add_role_note(head, office)
        head.addWidget(self.refresh_button)
        self.tree = DeskTree()
        self.tree.open_requested.connect(self.open_requested)
        self.hint = QLabel(tr("↑↓ 选择，回车打开。红色为已逾期或迫近仍未办妥，橙色为即将到期。"))
        self.hint.setObjectName("hint")
        self.hint.setStyleSheet("color: #777;")
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.hint)
        self.setFocusProxy(self.tree)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.loaded:
            self.refresh()  # work done on the other pages meanwhile
        self.tree.setFocus()

    # --- reading ------------------------------------------------------------------------------

    def refresh(self, *_changed: object) -> None:
        """Read the desk again (also the slot of the opened windows' `changed`)."""
        self._generation += 1
        generation = self._generation
        if self._query_op is not None:
            self.runner.cancel(self._query_op)  # still queued: a stale read need not run at all
        desk = self.office.desk
        self._query_op = self.runner.run(
            lambda _token: desk.today_desk(), on_success=lambda found: self._show(generation, found),
            on_done=lambda: self._read_done(generation), parent=self.window(),
            label=tr("正在读取今日待办…"), cancellable=True)

    def _read_done(self, generation: int) -> None:
        if generation == self._generation:
            self._query_op = None

    def _show(self, generation: int, desk: Desk) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return  # a newer read is on its way
        self.desk = desk
        self.date_label.setText(f"{day_text(desk.today)}　{weekday_text(desk.today)}")
        self.tree.show_blocks(blocks(desk), roles.role_note(self.office))
        self.loaded = True

    # --- windows opened from here ----------------------------------------------------------------

    def watch(self, window: QWidget) -> None:
        """A window opened from a line: what it changes shows here at once (once connected)."""
        changed = getattr(window, "changed", None)
        if changed is not None and not window.property("deskWatched"):
            changed.connect(self.refresh)
            window.setProperty("deskWatched", True)
