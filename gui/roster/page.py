"""人员与单位: six lists in tabs, and import from a file."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from core.office import Office
from gui import roles
from gui.ops import OpRunner
from gui.roster import importing
from gui.roster.appointments import AppointmentsTab
from gui.roster.departments import DepartmentsTab
from gui.roster.links import DelegationsTab, PartnershipsTab, PortfoliosTab
from gui.roster.list_tab import ListTab
from gui.roster.people import PeopleTab


class RosterPage(QWidget):
    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.office = office
        self.runner = runner
        self.people = PeopleTab(office, runner)
        self.appointments = AppointmentsTab(office, runner)
        self.departments = DepartmentsTab(office, runner)
        self.portfolios = PortfoliosTab(office, runner)
        self.partnerships = PartnershipsTab(office, runner)
        self.delegations = DelegationsTab(office, runner)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("rosterTabs")
        for tab, name in ((self.people, self.tr("人员")), (self.appointments, self.tr("任职")),
                          (self.departments, self.tr("单位")), (self.portfolios, self.tr("分管")),
                          (self.partnerships, self.tr("AB角")), (self.delegations, self.tr("委托"))):
            self.tabs.addTab(tab, name)
            tab.changed.connect(self._roster_changed)
        self.tabs.currentChanged.connect(self._tab_shown)

        title = QLabel(self.tr("人员与单位"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.import_button = QPushButton(self.tr("从文件导入…"))
        self.import_button.setObjectName("import")
        self.import_button.setToolTip(self.tr("从 .xlsx 或 .csv 文件导入单位、人员任职、分管、AB角和委托"))
        self.import_button.clicked.connect(lambda: importing.choose_and_import(self, runner, office, self.reload_all))
        self.template_button = QPushButton(self.tr("保存导入模板…"))
        self.template_button.setObjectName("template")
        self.template_button.clicked.connect(lambda: importing.save_template(self, runner))
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.import_button)
        head.addWidget(self.template_button)
        roles.add_role_note(head, office)
        # The template serves only the import, which changes the roster.
        self.can_create = roles.allow(office, "workflow", self.import_button, self.template_button)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        self.current_tab().refresh()

    def all_tabs(self) -> list[ListTab]:
        return [self.people, self.appointments, self.departments, self.portfolios, self.partnerships,
                self.delegations]

    def current_tab(self) -> ListTab:
        tab = self.tabs.currentWidget()
        assert isinstance(tab, ListTab)
        return tab

    def _tab_shown(self, _index: int) -> None:
        tab = self.current_tab()
        if not tab.loaded:
            tab.refresh()

    def _roster_changed(self) -> None:
        """One tab changed the roster: the others reload when next shown."""
        sender = self.sender()
        for tab in self.all_tabs():
            if tab is not sender:
                tab.loaded = False

    def reload_all(self) -> None:
        for tab in self.all_tabs():
            tab.loaded = False
        self.current_tab().refresh()

    # --- what the main window's menu asks of the current page --------------------------------

    def refresh(self) -> None:
        self.current_tab().refresh()

    def focus_search(self) -> None:
        self.current_tab().focus_search()

    def show_record(self, kind: str, item_id: int) -> None:
        """A person or a unit found by the search: its tab, the record selected."""
        tab = self.people if kind == "person" else self.departments
        self.tabs.setCurrentWidget(tab)
        tab.show_id(item_id)

    def new_item(self) -> None:
        if self.can_create:
            self.current_tab().new_item()
