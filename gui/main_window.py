"""The main window: navigation on the left, one page at a time on the right.

It is the first thing the program shows (issue 7 §4): the frame — navigation, menus, status bar —
appears before the data layer is imported, while the file opens and the user logs in behind it.
attach(office) then makes it work; each page is built the first time it is shown, so opening
the program pays for one page (今日), not eight. detach() empties it again (注销). For the same reason
this module does not import the runner or Qt's namespace at the top (creating `Qt` alone costs
about 15 ms, an eighth of a bare window's start).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QAction, QCloseEvent, QColor, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from core.office import Office
    from gui.ops import OpRunner
    from gui.settings_page import SettingsPage

# name in the navigation, module, class: imported when the page is first shown
PAGES: tuple[tuple[str, str, str], ...] = (
    ("今日", "gui.home.page", "HomePage"),
    ("议题", "gui.topics.page", "TopicsPage"),
    ("会议", "gui.meetings.page", "MeetingsPage"),
    ("纪要", "gui.minutes.page", "MinutesPage"),
    ("督办", "gui.followup.page", "FollowUpPage"),
    ("统计", "gui.stats.page", "StatsPage"),  # its charts are loaded only when it is first shown
    ("人员与单位", "gui.roster.page", "RosterPage"),
    ("设置", "gui.settings_page", "SettingsPage"),
)
FIRST_PAGE = "今日"  # after every login (gui.home.page says why); an unlock keeps the page


class Placeholder(QWidget):
    """What the right-hand side shows while no page can: opening, logging in, logged out."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(text)
        self.label.setObjectName("placeholder")
        # Centred by stretches and styled by font and palette, not by a style sheet or an alignment
        # flag: either would cost the frame's first paint more than the rest of it (see module doc).
        font = self.label.font()
        font.setPointSizeF(13)
        self.label.setFont(font)
        palette = self.label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#666666"))
        self.label.setPalette(palette)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.label)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)


class MainWindow(QMainWindow):
    closed = Signal()
    lock_requested = Signal()    # 锁定 (Ctrl+L): the start-up's idle lock hides everything
    logout_requested = Signal()  # 注销: back to the login dialog

    def __init__(self, office: Office | None, runner: OpRunner | None, parent: QWidget | None = None, *,
                 path: Path | None = None) -> None:
        """With an office: ready at once. Without: the frame only, showing `path` until attach();
        the runner may then come later too (the start-up paints the frame before importing it)."""
        super().__init__(parent)
        self.office: Office | None = None
        self.runner = runner
        self.facts: dict[str, str] = {}
        self.office_name = ""
        self.key_note = self.key_detail = ""
        self.page_names = [self.tr(name) for name, _module, _cls in PAGES]
        self._built: dict[int, QWidget] = {}
        self._shortcuts: list[tuple[QAction, str]] = []  # bound by attach()
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
            "QListWidget::item:selected { background: #b71c1c; color: white; }"
            "QListWidget:disabled { color: #999; }")
        for name in self.page_names:
            QListWidgetItem(name, self.nav)
        self.stack = QStackedWidget()
        self.placeholder = Placeholder(self.tr("正在打开数据文件…"))
        self.stack.addWidget(self.placeholder)
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
        self._build_search_bar()
        self._build_status_bar(str(office.path if office is not None else path or ""))
        if office is not None:
            self.attach(office)
        else:
            self._set_working(False)

    # --- attaching the office, pages built when first shown ---------------------------------

    def attach(self, office: Office) -> None:
        """The file is open and the user known: the window starts working on this office."""
        self.office = office
        self.path_label.setText(str(office.path))
        self.path_label.setToolTip(str(office.path))
        # Shown to a logged-in administrator only; without a login (scripted use) there is none.
        self.accounts_action.setVisible(office.account is not None and office.can("accounts"))
        self._bind_shortcuts()
        self._set_working(True)
        self.nav.setCurrentRow(-1)
        self.show_page(self.tr(FIRST_PAGE))
        from gui import window_state  # the account's size, splitters (the file's setting table)

        window_state.restore(self, office, self._ops)
        self._ops.run(self._load_facts, on_success=self._show_facts, parent=self)
        from gui.search import backfill  # after the first paint: files stored before the index get their text

        backfill.start(office, self._ops)

    @property
    def _ops(self) -> OpRunner:
        assert self.runner is not None, "the runner is given before an office is attached"
        return self.runner

    def detach(self, text: str = "") -> None:
        """注销: every page goes (they hold the user's view of the data); the frame stays, and the
        previews and copies the user opened are deleted (after the work queued for the worker)."""
        self.remember_layout()
        self._drop_pages(keep=None)
        self._drop_search()
        if self.runner is not None:
            from gui import temp_area  # the runner's module: not imported before the first paint

            temp_area.wipe_after_queued_work(self.runner)
        self.office = None
        self.accounts_action.setVisible(False)
        self.placeholder.label.setText(text or self.tr("已注销，请登录。"))
        self._set_working(False)

    def remember_layout(self) -> None:
        """The account's window layout into the file, while it is open (before 注销, lock, close)."""
        if self.office is not None and self.runner is not None:
            from gui import window_state

            window_state.remember(self, self.office, self.runner)

    def show_waiting(self, text: str) -> None:
        """Before attach(): what the program is doing (opening, waiting for the login)."""
        self.placeholder.label.setText(text)
        self._bind_help_key()

    def _bind_help_key(self) -> None:
        if self.help_action.shortcut().isEmpty():
            self.help_action.setShortcut(QKeySequence("F1"))

    def _set_working(self, working: bool) -> None:
        self.nav.setEnabled(working)
        self.search_box.setEnabled(working)
        for action in self._work_actions:
            action.setEnabled(working)
        if not working:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(-1)
            self.nav.blockSignals(False)
            self.stack.setCurrentWidget(self.placeholder)

    def page(self, name: str) -> QWidget:
        """The page called `name`, built now if it has not been shown yet."""
        row = self.page_names.index(name)
        if row not in self._built:
            assert self.office is not None, "pages exist only while an office is attached"
            _name, module, cls = PAGES[row]
            page = getattr(importlib.import_module(module), cls)(self.office, self._ops)
            self._built[row] = page
            self.stack.addWidget(page)
            if module == "gui.settings_page":
                self._settings_built(page)
            if hasattr(page, "open_requested"):  # 今日: its lines open other pages' windows
                page.open_requested.connect(self.open_from_desk)
        return self._built[row]

    @property
    def settings_page(self) -> SettingsPage:
        return self.page(self.tr("设置"))  # type: ignore[return-value]

    @property
    def roster_page(self) -> QWidget:
        return self.page(self.tr("人员与单位"))

    def built_pages(self) -> dict[str, QWidget]:
        return {self.page_names[row]: page for row, page in sorted(self._built.items())}

    def open_from_desk(self, kind: str, item_id: int) -> None:
        from gui.home.opening import open_item  # with the page that asks

        open_item(self, kind, item_id)

    def _settings_built(self, page: SettingsPage) -> None:
        page.office_name_changed.connect(self._set_office_name)
        page.set_key_note(self.key_note, self.key_detail)
        page.data_safety.restored.connect(self._restored)

    def set_key_note(self, note: str, detail: str = "") -> None:
        """How the file was opened this time (账户密码, 恢复密钥, the keyring of an older file), for 设置;
        `detail` (a keyring's technical name) only in its tooltip."""
        self.key_note, self.key_detail = note, detail
        for page in self.built_pages().values():
            if hasattr(page, "set_key_note"):
                page.set_key_note(note, detail)

    def _restored(self, _result: object) -> None:
        """After a restore every other page shows the old data: they are dropped and built again
        from the restored file when next shown (the page that did the restore refreshes itself)."""
        self._drop_pages(keep=self.stack.currentWidget())
        self._drop_search()
        self._ops.run(self._load_facts, on_success=self._show_facts, parent=self)

    def _drop_pages(self, keep: QWidget | None) -> None:
        for row, page in list(self._built.items()):
            if page is keep:
                continue
            del self._built[row]
            self.stack.removeWidget(page)
            page.deleteLater()

    # --- menus ------------------------------------------------------------------------------

    def _action(self, text: str, shortcut: str, slot) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut:
            self._shortcuts.append((action, shortcut))
        action.triggered.connect(slot)
        return action

    def _bind_shortcuts(self) -> None:
        """Given when the window starts working, not before the first paint: the first key sequence
        makes PySide6 create Qt's key enumerations, about 25 ms."""
        self._bind_help_key()
        for action, shortcut in self._shortcuts:
            action.setShortcut(QKeySequence(shortcut))  # QAction's default context: this window
        self._shortcuts.clear()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("文件(&F)"))
        self.lock_action = self._action(self.tr("锁定(&L)"), "Ctrl+L", self.lock_requested.emit)
        self.logout_action = self._action(self.tr("注销(&O)"), "", self.logout_requested.emit)
        self.accounts_action = self._action(self.tr("账户管理(&U)…"), "", self.show_accounts)
        self.accounts_action.setVisible(False)  # attach() shows it to an administrator
        for action in (self.lock_action, self.logout_action, self.accounts_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        self.quit_action = self._action(self.tr("退出(&Q)"), "Ctrl+Q", self.close)
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu(self.tr("编辑(&E)"))
        self.new_action = self._action(self.tr("新建(&N)…"), "Ctrl+N", lambda: self._to_page("new_item"))
        # 查找 searches everything from any page (gui.search); a page's own filter box is 筛选.
        self.search_action = self._action(self.tr("查找(&F)…"), "Ctrl+F", lambda: self.open_search())
        self.filter_action = self._action(self.tr("筛选本页(&I)"), "Ctrl+Shift+F", lambda: self._to_page("focus_search"))
        edit_menu.addAction(self.new_action)
        edit_menu.addAction(self.search_action)
        edit_menu.addAction(self.filter_action)

        view_menu = bar.addMenu(self.tr("视图(&V)"))
        self.refresh_action = self._action(self.tr("刷新(&R)"), "F5", lambda: self._to_page("refresh"))
        view_menu.addAction(self.refresh_action)
        go_menu = view_menu.addMenu(self.tr("转到(&G)"))
        # 今日 is Ctrl+0, so the pages keep the keys they had before it came first (议题 Ctrl+1 …).
        go_actions = [self._action(name, f"Ctrl+{row}", lambda _=False, r=row: self.nav.setCurrentRow(r))
                      for row, name in enumerate(self.page_names)]
        go_menu.addActions(go_actions)

        help_menu = bar.addMenu(self.tr("帮助(&H)"))
        # F1 works before the login too (the handbook says what to do when the file will not open):
        # kept out of _work_actions, its key given by show_waiting (after the first paint, see
        # _bind_shortcuts) or attach, whichever comes first.
        self.help_action = QAction(self.tr("使用手册(&M)…"), self)
        self.help_action.triggered.connect(lambda: self.show_handbook())
        help_menu.addAction(self.help_action)
        self.about_action = QAction(self.tr("关于会务(&A)"), self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)
        # Off until an office is attached: before the login there is nothing to work on.
        self._work_actions = [self.lock_action, self.logout_action, self.new_action, self.search_action, self.filter_action,
                              self.refresh_action, *go_actions]

    def show_handbook(self, chapter: str | None = None) -> None:
        """使用手册, on the chapter of the page shown unless one is asked for."""
        from gui.help.handbook import PAGE_CHAPTERS
        from gui.help.window import show_handbook

        if chapter is None:
            current = self.stack.currentWidget()
            names = [name for name, page in self.built_pages().items() if page is current]
            chapter = PAGE_CHAPTERS.get(names[0]) if names else None
        show_handbook(self, chapter)

    def _to_page(self, method: str) -> None:
        handler = getattr(self.stack.currentWidget(), method, None)
        if handler is not None:
            handler()

    def _show_page(self, row: int) -> None:
        if row < 0 or self.office is None:
            return
        page = self.page(self.page_names[row])
        self.stack.setCurrentWidget(page)
        # A role that may not create there (只读…) has no 新建: the page says so with can_create.
        self.new_action.setEnabled(hasattr(page, "new_item") and getattr(page, "can_create", True))
        self.filter_action.setEnabled(hasattr(page, "focus_search"))
        self.refresh_action.setEnabled(hasattr(page, "refresh"))

    def show_page(self, name: str) -> None:
        self.nav.setCurrentRow(self.page_names.index(name))

    def show_accounts(self) -> None:
        from PySide6.QtCore import Qt

        from gui.accounts_page import AccountsDialog

        assert self.office is not None
        dialog = AccountsDialog(self.office, self._ops, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.accounts_dialog = dialog

    def show_about(self) -> None:
        from PySide6.QtCore import Qt

        from gui.about import AboutDialog

        dialog = AboutDialog(self.facts, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # --- one search (gui.search) ------------------------------------------------------------

    def _build_search_bar(self) -> None:
        """The tool bar's box: typing in it opens 查找 with the text, where the search goes on."""
        self.search_box = QLineEdit()
        self.search_box.setObjectName("toolbarSearch")
        self.search_box.setPlaceholderText(self.tr("查找（Ctrl+F）"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMaximumWidth(300)
        self.search_box.textEdited.connect(self._hand_over)
        self.search_box.returnPressed.connect(lambda: self._hand_over(self.search_box.text()))
        bar = self.addToolBar(self.tr("查找"))
        bar.setObjectName("searchBar")
        bar.setMovable(False)
        bar.addWidget(self.search_box)
        self.search_dialog: QWidget | None = None

    def _hand_over(self, text: str) -> None:
        if text.strip():
            self.search_box.clear()
            self.open_search(text)

    def open_search(self, text: str | None = None) -> None:
        """查找, opened with `text` searched at once, or as it was left (its box selected)."""
        if self.office is None:
            return
        from gui.search.dialog import SearchDialog  # with the first search, not at start-up

        dialog = self.search_dialog
        if not isinstance(dialog, SearchDialog):
            dialog = SearchDialog(self.office, self._ops, self)
            dialog.open_requested.connect(self._open_found)
            self.search_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        if text is None:
            dialog.edit.setFocus()
            dialog.edit.selectAll()
        else:
            dialog.set_term(text)

    def _open_found(self, kind: str, item_id: int) -> None:
        from gui.search.opening import open_found

        open_found(self, kind, item_id)

    def _drop_search(self) -> None:
        """注销 or a restore: the search and what it found go (a new login searches anew)."""
        if self.search_dialog is not None:
            self.search_dialog.close()
            self.search_dialog.deleteLater()
            self.search_dialog = None
        if self.office is not None:
            from gui.search import backfill

            backfill.stop(self.office)

    # --- status bar -------------------------------------------------------------------------

    def _build_status_bar(self, path: str) -> None:
        self.path_label = QLabel(path)
        self.path_label.setObjectName("statusPath")
        self.path_label.setToolTip(path)
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
        office = self.office
        assert office is not None
        return office.facts(), office.settings.office_name()

    def _show_facts(self, loaded: tuple[dict[str, str], str]) -> None:
        self.facts, name = loaded
        from gui.about import sqlcipher_version  # after the first paint

        self.cipher_label.setText(self.tr("已加密（SQLCipher %1）").replace("%1", sqlcipher_version(self.facts, short=True) or "?"))
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
            self.remember_layout()
            self.closed.emit()
