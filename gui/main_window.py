"""The main window: navigation on the left, one page at a time on the right."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.office import Office
from gui.about import AboutDialog
from gui.followup.page import FollowUpPage
from gui.meetings.page import MeetingsPage
from gui.minutes.page import MinutesPage
from gui.ops import OpRunner
from gui.roster.page import RosterPage
from gui.settings_page import SettingsPage
from gui.topics.page import TopicsPage


class NotYetPage(QWidget):
    """A part of the program that is not built yet says so plainly."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(title)
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        body = QLabel(text)
        body.setObjectName("notYet")
        body.setWordWrap(True)
        body.setStyleSheet("color: #555; font-size: 12pt;")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addSpacing(12)
        layout.addWidget(body)
        layout.addStretch(1)


class MainWindow(QMainWindow):
    closed = Signal()
    lock_requested = Signal()    # 锁定 (Ctrl+L): the start-up's idle lock hides everything
    logout_requested = Signal()  # 注销: back to the login dialog

    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.office = office
        self.runner = runner
        self.facts: dict[str, str] = {}
        self.office_name = ""
        self.setWindowTitle(self.tr("会务"))
        screen = self.screen().availableGeometry()
        self.resize(min(1280, int(screen.width() * 0.92)), min(800, int(screen.height() * 0.9)))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setSpacing(2)
        self.nav.setStyleSheet(
            "QListWidget { font-size: 12pt; border: none; background: #f3f1ec; padding-top: 8px; }"
            "QListWidget::item { padding: 10px 16px; }"
            "QListWidget::item:selected { background: #b71c1c; color: white; }")
        self.stack = QStackedWidget()

        self.roster_page = RosterPage(office, runner)
        self.settings_page = SettingsPage(office, runner)
        self.settings_page.office_name_changed.connect(self._set_office_name)
        self.pages: dict[str, QWidget] = {
            self.tr("议题"): TopicsPage(office, runner),
            self.tr("会议"): MeetingsPage(office, runner),
            self.tr("纪要"): MinutesPage(office, runner),
            self.tr("督办"): FollowUpPage(office, runner),
            self.tr("人员与单位"): self.roster_page,
            self.tr("设置"): self.settings_page,
        }
        for name, page in self.pages.items():
            QListWidgetItem(name, self.nav)
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self._show_page)

        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([170, 1100])
        splitter.setChildrenCollapsible(False)
        self.nav.setMinimumWidth(140)
        self.setCentralWidget(splitter)

        self._build_menus()
        self._build_status_bar()
        self.nav.setCurrentRow(list(self.pages).index(self.tr("人员与单位")))
        self.runner.run(self._load_facts, on_success=self._show_facts, parent=self)

    # --- menus ------------------------------------------------------------------------------

    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str, slot) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("文件(&F)"))
        self.lock_action = self._action(self.tr("锁定(&L)"), "Ctrl+L", self.lock_requested.emit)
        self.logout_action = self._action(self.tr("注销(&O)"), "", self.logout_requested.emit)
        self.accounts_action = self._action(self.tr("账户管理(&U)…"), "", self.show_accounts)
        # Shown to a logged-in administrator only; without a login (scripted use) there is none.
        self.accounts_action.setVisible(self.office.account is not None and self.office.can("accounts"))
        for action in (self.lock_action, self.logout_action, self.accounts_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        self.quit_action = self._action(self.tr("退出(&Q)"), "Ctrl+Q", self.close)
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu(self.tr("编辑(&E)"))
        self.new_action = self._action(self.tr("新建(&N)…"), "Ctrl+N", lambda: self._to_page("new_item"))
        self.search_action = self._action(self.tr("查找(&F)"), "Ctrl+F", lambda: self._to_page("focus_search"))
        edit_menu.addAction(self.new_action)
        edit_menu.addAction(self.search_action)

        view_menu = bar.addMenu(self.tr("视图(&V)"))
        self.refresh_action = self._action(self.tr("刷新(&R)"), "F5", lambda: self._to_page("refresh"))
        view_menu.addAction(self.refresh_action)
        go_menu = view_menu.addMenu(self.tr("转到(&G)"))
        for row, name in enumerate(self.pages):
            go_menu.addAction(self._action(name, f"Ctrl+{row + 1}", lambda _=False, r=row: self.nav.setCurrentRow(r)))

        help_menu = bar.addMenu(self.tr("帮助(&H)"))
        self.about_action = QAction(self.tr("关于会务(&A)"), self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def _to_page(self, method: str) -> None:
        handler = getattr(self.stack.currentWidget(), method, None)
        if handler is not None:
            handler()

    def _show_page(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        page = self.stack.currentWidget()
        self.new_action.setEnabled(hasattr(page, "new_item"))
        self.search_action.setEnabled(hasattr(page, "focus_search"))
        self.refresh_action.setEnabled(hasattr(page, "refresh"))

    def show_page(self, name: str) -> None:
        self.nav.setCurrentRow(list(self.pages).index(name))

    def show_accounts(self) -> None:
        from gui.accounts_page import AccountsDialog

        dialog = AccountsDialog(self.office, self.runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.accounts_dialog = dialog

    def show_about(self) -> None:
        dialog = AboutDialog(self.facts, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # --- status bar -------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        self.path_label = QLabel(str(self.office.path))
        self.path_label.setObjectName("statusPath")
        self.path_label.setToolTip(str(self.office.path))
        self.cipher_label = QLabel()
        self.cipher_label.setObjectName("statusCipher")
        self.schema_label = QLabel()
        self.schema_label.setObjectName("statusSchema")
        bar = self.statusBar()
        bar.setStyleSheet("QStatusBar QLabel { padding: 0 10px; } QStatusBar::item { border: none; }")
        self.cipher_label.setStyleSheet("color: #1b5e20;")
        bar.addWidget(self.path_label, 1)
        bar.addPermanentWidget(self.cipher_label)
        bar.addPermanentWidget(self.schema_label)

    def _load_facts(self) -> tuple[dict[str, str], str]:
        return self.office.facts(), self.office.settings.office_name()

    def _show_facts(self, loaded: tuple[dict[str, str], str]) -> None:
        self.facts, name = loaded
        self.cipher_label.setText(self.tr("已加密 (SQLCipher %1)").replace("%1", self.facts.get("cipher_version", "?")))
        self.schema_label.setText(self.tr("数据结构版本 %1").replace("%1", self.facts.get("schema", "?")))
        self._set_office_name(name)

    def _set_office_name(self, name: str) -> None:
        self.office_name = name
        # Qt adds the application's display name (会务) to the title on most desktops.
        self.setWindowTitle(name or self.tr("会务"))

    def status_text(self) -> str:
        return "  ".join(label.text() for label in (self.path_label, self.cipher_label, self.schema_label))

    # --- window -----------------------------------------------------------------------------

    def bring_forward(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()
