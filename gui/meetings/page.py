"""会议: the meetings (calendar and list), the leave register and the absence register, in tabs.
A meeting opens in its own window, one window per meeting."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from core.office import Office
from gui import roles
from gui.meetings.common import tr
from gui.meetings.meeting_window import MeetingWindow
from gui.meetings.meetings_tab import MeetingsTab
from gui.meetings.registers import AbsenceRegisterTab, LeaveRegisterTab
from gui.ops import OpRunner


class MeetingsPage(QWidget):
    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingsPage")
        self.office = office
        self.runner = runner
        self.windows: dict[int, MeetingWindow] = {}

        self.meetings_tab = MeetingsTab(office, runner)
        self.meetings_tab.open_requested.connect(self.open_meeting)
        self.meetings_tab.created.connect(self.open_meeting)
        self.leave_tab = LeaveRegisterTab(office, runner)
        self.leave_tab.changed.connect(self._leave_changed)
        self.absence_tab = AbsenceRegisterTab(office, runner)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("meetingsTabs")
        self.tabs.addTab(self.meetings_tab, tr("会议安排"))
        self.tabs.addTab(self.leave_tab, tr("请假登记"))
        self.tabs.addTab(self.absence_tab, tr("离永外出登记"))
        self.tabs.currentChanged.connect(lambda _i: self._tab_shown())

        title = QLabel(tr("会议"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        roles.add_role_note(head, office)
        # Meetings, leave requests and absences are all recorded as workflow.
        self.can_create = office.can("workflow")
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        self.meetings_tab.refresh()

    def _tab_shown(self) -> None:
        tab = self.tabs.currentWidget()
        if isinstance(tab, LeaveRegisterTab | AbsenceRegisterTab) and not tab.loaded:
            tab.refresh()

    def show_absence(self, absence_id: int) -> None:
        """今日 opens an absence: the register, read again, with its line selected (id 0: none)."""
        tab = self.absence_tab
        tab.select_on_load = absence_id or None
        already = tab.loaded or self.tabs.currentWidget() is tab
        tab.late_box.blockSignals(True)
        tab.late_box.setChecked(False)  # the line may not be a late one
        tab.late_box.blockSignals(False)
        self.tabs.setCurrentWidget(tab)  # reads the register when it was not read yet
        if already:
            tab.refresh()
        tab.table.setFocus()

    def _leave_changed(self) -> None:
        for window in self.windows.values():
            window.reload()

    def open_meeting(self, meeting_id: int) -> MeetingWindow:
        window = self.windows.get(meeting_id)
        if window is None:
            window = MeetingWindow(self.office, self.runner, meeting_id, self)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.changed.connect(self._meeting_changed)
            window.destroyed.connect(lambda _o=None, mid=meeting_id: self.windows.pop(mid, None))
            self.windows[meeting_id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _meeting_changed(self, _meeting_id: int) -> None:
        self.meetings_tab.refresh()
        self.leave_tab.loaded = False
        if self.tabs.currentWidget() is self.leave_tab:
            self.leave_tab.refresh()

    # --- what the main window's menu asks of the current page --------------------------------

    def new_item(self) -> None:
        tab = self.tabs.currentWidget()
        if self.can_create and isinstance(tab, MeetingsTab | LeaveRegisterTab | AbsenceRegisterTab):
            tab.new_item()

    def refresh(self) -> None:
        tab = self.tabs.currentWidget()
        if isinstance(tab, MeetingsTab | LeaveRegisterTab | AbsenceRegisterTab):
            tab.refresh()
