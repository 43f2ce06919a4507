"""使用手册: the handbook in a non-modal window of its own — contents on the left, the page in a
QTextBrowser (internal links, back and forward), and a box to find words in the page shown.

show_handbook(parent, chapter) opens it on a chapter or an anchor ("minutes.html#signoff") and
brings the same window forward when it is already open: there is one handbook per main window.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QImageReader, QKeySequence, QPalette, QShortcut, QTextCursor
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

from gui.help.handbook import INDEX, chapters, handbook_dir, occurrences, resolve

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
        self.find_edit.setPlaceholderText(tr("在手册中查找（回车查找下一处）"))
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
        self.browser.viewport().installEventFilter(self)  # pictures fitted again when the page narrows
        self.contents.itemActivated.connect(self._chapter_chosen)
        self.contents.itemClicked.connect(self._chapter_chosen)
        self.find_edit.returnPressed.connect(self.find_next)
        self.find_edit.textChanged.connect(self._mark_chapters)
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
        """The next place of the find box's text: further down the page, then in the next chapter
        that has it (the contents mark those), round to the first again."""
        text = self.find_edit.text().strip()
        if not text:
            return False
        if self.browser.find(text):
            self.find_note.clear()
            return True
        following = self._next_chapter_with(text)
        if following is not None and following != self.browser.source().fileName():
            self.open_chapter(following)
        cursor = self.browser.textCursor()
        cursor.movePosition(cursor.MoveOperation.Start)
        self.browser.setTextCursor(cursor)
        found = self.browser.find(text)
        self.find_note.setText("" if found else tr("手册中没有“%1”").replace("%1", text))
        return found

    def _next_chapter_with(self, text: str) -> str | None:
        """The first chapter after the one shown (round to the first) that has `text`."""
        counts = occurrences(text, self.folder)
        files = list(counts)
        shown = self.browser.source().fileName()
        start = files.index(shown) + 1 if shown in files else 0
        return next((f for f in files[start:] + files[:start] if counts[f]), None)

    def _mark_chapters(self, text: str) -> None:
        """The contents say how often each chapter has the text typed, those without it greyed."""
        self.find_note.clear()
        counts = occurrences(text, self.folder)
        for row in range(1, self.contents.count()):
            item = self.contents.item(row)
            n = counts.get(item.data(Qt.ItemDataRole.UserRole), 0)
            item.setText(f"{row}. {item.toolTip()}" + (tr("（%1 处）").replace("%1", str(n)) if n else ""))
            item.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText if counts and not n
                                                    else QPalette.ColorRole.Text))

    def _focus_find(self) -> None:
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def _chapter_chosen(self, item: QListWidgetItem) -> None:
        file = item.data(Qt.ItemDataRole.UserRole)
        if file != self.browser.source().fileName():
            self.open_chapter(file)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.browser.viewport():
            self.fit_pictures()
        return False

    def fit_pictures(self) -> None:
        """Pictures no wider than the page shown (a screenshot is up to 1000 px; the page is often
        narrower, and a picture cut at its edge needs the reader to scroll sideways)."""
        document = self.browser.document()
        room = max(120, self.browser.viewport().width() - 2 * int(document.documentMargin()) - 24)  # and the frame's
        block = document.begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                picture = fragment.charFormat().toImageFormat()
                if fragment.charFormat().isImageFormat():
                    size = QImageReader(str(self.folder / picture.name())).size()
                    width = min(size.width(), room)
                    if size.width() > 0 and abs(picture.width() - width) > 0.5:
                        picture.setWidth(width)
                        picture.setHeight(size.height() * width / size.width())
                        cursor = QTextCursor(document)
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                        cursor.setCharFormat(picture)
                fragments += 1
            block = block.next()

    def _source_changed(self, url: QUrl) -> None:
        """The contents follow the page shown, whichever way it was reached (a link, back, forward)."""
        name = url.fileName()
        for row in range(self.contents.count()):
            if self.contents.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.contents.blockSignals(True)
                self.contents.setCurrentRow(row)
                self.contents.blockSignals(False)
                break
        self.fit_pictures()
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
