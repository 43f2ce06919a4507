"""使用手册: the handbook in a non-modal window of its own — contents on the left, the page in a
QTextBrowser (internal links, back and forward), and a box to find words in the page shown.

show_handbook(parent, chapter) opens it on a chapter or an anchor ("minutes.html#signoff") and
brings the same window forward when it is already open: there is one handbook per main window.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gui.help.handbook import INDEX, chapters, handbook_dir, resolve

# Applied to every page (QTextBrowser keeps a document's default style sheet across pages).
STYLE = """
body { font-size: 11pt; line-height: 150%; }
h1 { font-size: 18pt; color: #8e1b1b; }
h2 { font-size: 14pt; color: #37474f; margin-top: 18px; }
table { border-collapse: collapse; margin: 6px 0; }
th { background: #eceff1; font-weight: bold; padding: 4px 8px; }
td { padding: 4px 8px; }
code { font-family: monospace; background: #f3f1ec; }
p.nav { font-size: 10pt; }
"""

ATTRIBUTE = "_handbook_window"  # where show_handbook keeps the window on its parent


def tr(text: str) -> str:
    return QCoreApplication.translate("Handbook", text)


class HandbookWindow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("handbookWindow")
        self.setWindowTitle(tr("会务使用手册"))
        self.resize(1100, 760)
        self.folder = handbook_dir()

        self.back_button = QPushButton(tr("后退"))
        self.back_button.setObjectName("handbookBack")
        self.forward_button = QPushButton(tr("前进"))
        self.forward_button.setObjectName("handbookForward")
        self.home_button = QPushButton(tr("目录"))
        self.home_button.setObjectName("handbookHome")
        self.find_edit = QLineEdit()
        self.find_edit.setObjectName("handbookFind")
        self.find_edit.setPlaceholderText(tr("在本页中查找（回车查找下一处）"))
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setMaximumWidth(280)
        self.find_note = QLabel()
        self.find_note.setObjectName("handbookFindNote")
        self.find_note.setStyleSheet("color: #b71c1c;")
        bar = QHBoxLayout()
        for button in (self.back_button, self.forward_button, self.home_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.find_note)
        bar.addWidget(self.find_edit)

        self.contents = QListWidget()
        self.contents.setObjectName("handbookContents")
        self.browser = QTextBrowser()
        self.browser.setObjectName("handbookBrowser")
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(self.folder)])
        self.browser.document().setDefaultStyleSheet(STYLE)
        self.browser.document().setDocumentMargin(16)

        item = QListWidgetItem(tr("目录"))
        item.setData(Qt.ItemDataRole.UserRole, INDEX)
        self.contents.addItem(item)
        for number, chapter in enumerate(chapters(self.folder), 1):
            item = QListWidgetItem(f"{number}. {chapter.title}")
            item.setData(Qt.ItemDataRole.UserRole, chapter.file)
            item.setToolTip(chapter.title)
            self.contents.addItem(item)
        self.contents.setMinimumWidth(200)
        self.contents.setWordWrap(True)

        splitter = QSplitter()
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 820])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self.back_button.clicked.connect(self.browser.backward)
        self.forward_button.clicked.connect(self.browser.forward)
        self.home_button.clicked.connect(lambda: self.open_chapter(None))
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.browser.forwardAvailable.connect(self.forward_button.setEnabled)
        self.browser.sourceChanged.connect(self._source_changed)
        self.contents.itemActivated.connect(self._chapter_chosen)
        self.contents.itemClicked.connect(self._chapter_chosen)
        self.find_edit.returnPressed.connect(self.find_next)
        self.find_edit.textChanged.connect(lambda _t: self.find_note.clear())
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self._focus_find)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self, self.browser.backward)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Forward), self, self.browser.forward)
        self.back_button.setEnabled(False)
        self.forward_button.setEnabled(False)

    def open_chapter(self, chapter: str | None) -> None:
        """Show a chapter ("minutes", "minutes.html#signoff"; None: the contents page)."""
        path, anchor = resolve(chapter, self.folder)
        url = QUrl.fromLocalFile(str(path))
        if anchor:
            url.setFragment(anchor)
        self.browser.setSource(url)
        if anchor:  # setSource scrolls to the fragment only when the page was not already shown
            self.browser.scrollToAnchor(anchor)

    def current_chapter(self) -> str:
        """The file shown and its anchor, as open_chapter takes them ("minutes.html#signoff")."""
        url = self.browser.source()
        name = url.fileName()
        return f"{name}#{url.fragment()}" if url.fragment() else name

    def find_next(self) -> bool:
        """The next place of the find box's text in the page, from the top again after the last."""
        text = self.find_edit.text().strip()
        if not text:
            return False
        if self.browser.find(text):
            self.find_note.clear()
            return True
        cursor = self.browser.textCursor()
        cursor.movePosition(cursor.MoveOperation.Start)
        self.browser.setTextCursor(cursor)
        found = self.browser.find(text)
        self.find_note.setText("" if found else tr("本页中没有“%1”").replace("%1", text))
        return found

    def _focus_find(self) -> None:
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def _chapter_chosen(self, item: QListWidgetItem) -> None:
        file = item.data(Qt.ItemDataRole.UserRole)
        if file != self.browser.source().fileName():
            self.open_chapter(file)

    def _source_changed(self, url: QUrl) -> None:
        """The contents follow the page shown, whichever way it was reached (a link, back, forward)."""
        name = url.fileName()
        for row in range(self.contents.count()):
            if self.contents.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.contents.blockSignals(True)
                self.contents.setCurrentRow(row)
                self.contents.blockSignals(False)
                break
        title = self.browser.documentTitle()
        self.setWindowTitle(tr("会务使用手册") + (f" — {title}" if title and name != INDEX else ""))
        self.find_note.clear()


def show_handbook(parent: QWidget | None = None, chapter: str | None = None) -> HandbookWindow:
    """Open the handbook on `chapter` (None: the contents), or bring the open one forward and turn
    it to `chapter` when one is given. Non-modal; one window per parent, kept while the parent lives."""
    window = getattr(parent, ATTRIBUTE, None) if parent is not None else None
    if not isinstance(window, HandbookWindow):
        window = HandbookWindow(parent)
        if parent is not None:
            setattr(parent, ATTRIBUTE, window)
        window.open_chapter(chapter)
    elif chapter is not None:
        window.open_chapter(chapter)
    window.show()
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()
    return window


__all__ = ["HandbookWindow", "show_handbook"]
