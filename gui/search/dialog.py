"""查找: one search across topics (with their materials), meetings, minutes, 督办, people and units.

Search as you type: a short pause after the last key, then the search runs on the op runner
(quietly: no progress dialog takes the keyboard); a newer term cancels an older one still queued,
and an answer to an older term is dropped. Results are grouped by kind with counts, the matched
words highlighted; ↑ ↓ move over the results from the box, Enter opens the chosen one through its
page (`open_requested`). Roles: every role reads every page, so the window finds everything
(core.services.search).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.errors import HuiwuError
from core.office import Office
from core.services.search_text import Found, SearchResults
from gui.ops import Op, OpRunner
from gui.search import backfill
from gui.search.rich_text import HTML_ROLE, RichTextDelegate, highlighted

DEBOUNCE_MS = 250
LIMIT = 50  # per kind, all kinds together; one kind chosen: LIMIT_ONE_KIND
LIMIT_ONE_KIND = 500
FOUND_ROLE = Qt.ItemDataRole.UserRole  # (kind, id) of a result row
# What the kind box offers: 人员与单位 is two kinds.
KIND_CHOICES: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    ("全部", None), ("议题", ("topic",)), ("会议", ("meeting",)), ("纪要", ("minutes",)),
    ("督办", ("followup",)), ("人员与单位", ("person", "unit")))
_MOVES = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}


def tr(text: str) -> str:
    return QCoreApplication.translate("SearchDialog", text)


class SearchDialog(QDialog):
    #: (kind, id) to open
    open_requested = Signal(str, int)
    #: an answer was shown (tests wait on it)
    shown = Signal()

    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchDialog")
        self.setWindowTitle(tr("查找"))
        self.office = office
        self.runner = runner
        self._generation = 0
        self._op: Op | None = None
        self.results: SearchResults | None = None
        self.resize(780, 600)

        self.edit = QLineEdit()
        self.edit.setObjectName("searchTerm")
        self.edit.setClearButtonEnabled(True)
        self.edit.setPlaceholderText(tr("输入要查找的词，一两个字也可以；多个词用空格分开"))
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("searchKind")
        for label, kinds in KIND_CHOICES:
            self.kind_combo.addItem(tr(label), kinds)
        self.status = QLabel(tr("在议题（含材料）、会议、纪要、督办、人员与单位中查找。"))
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("searchResults")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setItemDelegate(RichTextDelegate(self.tree))
        self.tree.itemActivated.connect(lambda item, _column: self._open(item))

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_search)
        self.edit.textEdited.connect(lambda _text: self.timer.start())
        self.edit.returnPressed.connect(self._enter)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.run_search())
        self.edit.installEventFilter(self)
        self.tree.installEventFilter(self)

        top = QHBoxLayout()
        top.addWidget(self.edit, 1)
        top.addWidget(self.kind_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.tree, 1)

    # --- asking -------------------------------------------------------------------------------

    def set_term(self, text: str) -> None:
        """Show `text` in the box and search it now (the tool bar's box hands its text over)."""
        self.edit.setText(text)
        self.edit.setFocus()
        self.edit.end(False)
        self.run_search()

    def run_search(self) -> None:
        self.timer.stop()
        self._generation += 1
        generation = self._generation
        if self._op is not None:
            self.runner.cancel(self._op)  # still queued: an older term need not run at all
        term = self.edit.text()
        if not term.strip():
            self._op = None
            self._show_empty()
            return
        kinds = self.kind_combo.currentData()
        limit = LIMIT if kinds is None else LIMIT_ONE_KIND
        office = self.office

        def work(_token: object) -> tuple[SearchResults, int]:
            return office.search.search(term, kinds, limit), office.search.pending_extractions()

        self._op = self.runner.run(work, on_success=lambda answer: self._show(generation, answer),
                                   on_error=lambda error: self._refused(generation, error),
                                   parent=self, cancellable=True, quiet=True)

    # --- answers ------------------------------------------------------------------------------

    def _show_empty(self) -> None:
        self.results = None
        self.tree.clear()
        self.status.setStyleSheet("")
        self.status.setText(tr("在议题（含材料）、会议、纪要、督办、人员与单位中查找。"))
        self.shown.emit()

    def _refused(self, generation: int, error: HuiwuError) -> None:
        if generation != self._generation:
            return
        self.tree.clear()
        self.status.setStyleSheet("color: #c62828;")
        self.status.setText(error.message)
        self.shown.emit()

    def _show(self, generation: int, answer: tuple[SearchResults, int]) -> None:
        if generation != self._generation:
            return  # the user typed on: a newer search is on its way
        results, waiting = answer
        self.results = results
        self.tree.clear()
        for group in results.groups:
            self._add_group(group.name, group.count, group.found)
        self.tree.expandAll()
        rows = self._rows()
        if rows:
            self.tree.setCurrentItem(rows[0])
        self.status.setStyleSheet("")
        self.status.setText(self._summary(results, waiting))
        if waiting:
            backfill.start(self.office, self.runner)
        self.shown.emit()

    def _add_group(self, name: str, count: int, found: tuple[Found, ...]) -> None:
        header = QTreeWidgetItem([tr("%1（%2 条）").replace("%1", name).replace("%2", str(count))])
        header.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = QFont(self.tree.font())
        font.setBold(True)
        header.setFont(0, font)
        self.tree.addTopLevelItem(header)
        for f in found:
            item = QTreeWidgetItem(header, [f.title])
            item.setData(0, FOUND_ROLE, (f.kind, f.id))
            item.setData(0, HTML_ROLE, _html(f))
            item.setToolTip(0, f.title)
        if count > len(found):
            more = QTreeWidgetItem(header, [tr("……另有 %1 条：请加词缩小范围，或只查这一类").replace("%1", str(count - len(found)))])
            more.setFlags(Qt.ItemFlag.ItemIsEnabled)
            more.setForeground(0, self.palette().placeholderText())

    @staticmethod
    def _summary(results: SearchResults, waiting: int) -> str:
        if not results.groups:
            text = tr("没有找到“%1”。").replace("%1", results.term)
        else:
            parts = "，".join(f"{g.name} {g.count}" for g in results.groups)
            text = tr("找到 %1 条：%2。↑↓ 选择，回车打开。").replace("%1", str(results.total)).replace("%2", parts)
        if waiting:
            text += tr("另有 %1 个此前存入的文件正在提取文字，完成前其中的内容查不到。").replace("%1", str(waiting))
        return text

    # --- moving and opening ---------------------------------------------------------------------

    def _rows(self) -> list[QTreeWidgetItem]:
        rows: list[QTreeWidgetItem] = []
        for g in range(self.tree.topLevelItemCount()):
            header = self.tree.topLevelItem(g)
            children = [header.child(i) for i in range(header.childCount())] if header is not None else []
            rows += [c for c in children if c is not None and c.data(0, FOUND_ROLE)]
        return rows

    def step_to(self, step: int) -> None:
        rows = self._rows()
        if not rows:
            return
        current = self.tree.currentItem()
        at = rows.index(current) if current in rows else -1
        target = rows[max(0, min(len(rows) - 1, at + step))]
        self.tree.setCurrentItem(target)
        self.tree.scrollToItem(target)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            step = _MOVES.get(Qt.Key(event.key()))
            if step is not None:
                self.step_to(step)
                return True
            if watched is self.tree and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._enter()
                return True
        return super().eventFilter(watched, event)

    def _enter(self) -> None:
        if self.timer.isActive():  # Enter before the pause ran out: search now, not the old answer
            self.run_search()
            return
        current = self.tree.currentItem()
        if current is not None:
            self._open(current)

    def _open(self, item: QTreeWidgetItem) -> None:
        found: Any = item.data(0, FOUND_ROLE)
        if found:
            kind, item_id = found
            self.open_requested.emit(kind, int(item_id))


def _html(f: Found) -> str:
    title = f"<b>{highlighted(f.title, f.title_marks)}</b>"
    detail = f'&nbsp;&nbsp;<span style="color: #757575;">{highlighted(f.detail, ())}</span>' if f.detail else ""
    line = f'<br/><span style="color: #424242;">{highlighted(f.snippet.text, f.snippet.marks)}</span>'
    return title + detail + line
