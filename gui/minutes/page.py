"""纪要: every minutes in one list (meeting, edition, status, serial) with a status filter, and
起草纪要… for a held meeting without minutes. Each minutes opens in its own window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.model.enums import MinutesStatus
from core.office import Office
from core.services.meeting_types import MeetingRow
from core.services.minutes_types import MinutesRow
from gui import roles
from gui.columns import cell_date_weekday, fit_columns
from gui.meetings.common import ColoredRowsModel, read_only_table
from gui.minutes.common import STATUS_COLORS, edition_text, tr
from gui.minutes.draft_dialog import DraftDialog, meetings_without_minutes
from gui.minutes.minutes_window import MinutesWindow
from gui.ops import OpRunner
from gui.roster.forms import ChoiceCombo
from gui.roster.table import Column

STATUS_COLUMN = 3


def minutes_model(parent: Any = None) -> ColoredRowsModel:
    return ColoredRowsModel([
        Column(tr("会议日期"), lambda r: cell_date_weekday(r.day), sort_key=lambda r: r.day),
        Column(tr("会议"), lambda r: r.meeting_name),
        Column(tr("版次"), lambda r: edition_text(r.edition), sort_key=lambda r: r.edition),
        Column(tr("状态"), lambda r: r.status.value, sort_key=lambda r: list(MinutesStatus).index(r.status)),
        Column(tr("文号"), lambda r: r.serial_text),
    ], lambda r, col: STATUS_COLORS[r.status] if col == STATUS_COLUMN else None, parent)


class MinutesPage(QWidget):
    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("minutesPage")
        self.office = office
        self.runner = runner
        self.windows: dict[int, MinutesWindow] = {}
        self.loaded = False
        self._guarded: QWidget | None = None

        title = QLabel(tr("纪要"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.status_combo = ChoiceCombo([(tr("全部状态"), None)] + [(s.value, s) for s in MinutesStatus])
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.setMinimumContentsLength(6)
        self.status_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        self.count_label.setStyleSheet("color: #555;")
        self.open_button = QPushButton(tr("打开"))
        self.open_button.setObjectName("open")
        self.open_button.clicked.connect(self.open_current)
        self.draft_button = QPushButton(tr("起草纪要…"))
        self.draft_button.setObjectName("draft")
        self.draft_button.clicked.connect(self.new_item)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(20)
        head.addWidget(QLabel(tr("状态：")))
        head.addWidget(self.status_combo)
        head.addWidget(self.count_label)
        head.addStretch(1)
        head.addWidget(self.open_button)
        head.addWidget(self.draft_button)
        roles.add_role_note(head, office)
        self.can_create = roles.allow(office, "workflow", self.draft_button)

        self.model = minutes_model(self)
        self.table = read_only_table("minutesList", self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        fit_columns(self.table, stretch=1)  # the meeting's name takes the width, not an empty 文号
        self.table.doubleClicked.connect(lambda _i: self.open_current())
        self.table.activated.connect(lambda _i: self.open_current())
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.table, 1)
        self.refresh()

    # --- unsaved text when the program closes --------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        top = self.window()
        if top is not self and top is not self._guarded:
            top.installEventFilter(self)
            self._guarded = top

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Closing the main window (or Ctrl+Q) with unsaved minutes text brings that window forward
        and asks there, instead of losing the text with the program."""
        if watched is self._guarded and event.type() == QEvent.Type.Close:
            unsaved = [w for w in self.windows.values() if w.isVisible() and w.editor.is_modified()]
            if unsaved:
                event.ignore()
                unsaved[0].raise_()
                unsaved[0].activateWindow()
                unsaved[0].reject()  # asks whether to discard; the user closes the program again after
                return True
        return super().eventFilter(watched, event)

    # --- the list -----------------------------------------------------------------------------

    def refresh(self) -> None:
        minutes, status = self.office.minutes, self.status_combo.value()
        self.runner.run(lambda: minutes.minutes_list(status=status), on_success=self._show_rows, parent=self,
                        label=tr("正在读取纪要…"))

    def _show_rows(self, rows: list[MinutesRow]) -> None:
        self.loaded = True
        current = self.current()
        self.model.set_rows(rows)
        self.count_label.setText(tr("共 %1 份").replace("%1", str(len(rows))))
        if current is not None and (row := self.model.row_of_id(current.id)) >= 0:
            self.table.selectRow(row)

    def current(self) -> MinutesRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    # --- opening and drafting -----------------------------------------------------------------

    def open_current(self) -> None:
        row = self.current()
        if row is not None:
            self.open_minutes(row.id)

    def open_minutes(self, minutes_id: int) -> MinutesWindow:
        window = self.windows.get(minutes_id)
        if window is None:
            window = MinutesWindow(self.office, self.runner, minutes_id, self)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.changed.connect(lambda _id: self.refresh())
            window.corrected.connect(self._corrected)
            window.destroyed.connect(lambda _o=None, mid=minutes_id: self.windows.pop(mid, None))
            self.windows[minutes_id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _corrected(self, minutes_id: int) -> None:
        self.refresh()
        self.open_minutes(minutes_id)

    def new_item(self) -> None:
        """起草纪要… (also Ctrl+N from the main window)."""
        if not self.can_create:
            return
        office = self.office
        self.runner.run(lambda: meetings_without_minutes(office), on_success=self._open_draft, parent=self,
                        label=tr("正在查找已召开的会议…"))

    def _open_draft(self, meetings: list[MeetingRow]) -> None:
        dialog = DraftDialog(self.runner, self.office, meetings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def drafted(minutes_id: int) -> None:
            self.refresh()
            self.open_minutes(minutes_id)

        dialog.on_saved = drafted
        dialog.open()
