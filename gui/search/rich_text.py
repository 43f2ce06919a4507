"""Results as rich text: the user's words are escaped, then the matched ones highlighted; a delegate
draws such a line in a tree (Qt's items hold plain text only)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

HTML_ROLE = Qt.ItemDataRole.UserRole + 1
MARK = '<span style="background-color: #ffe082;">{}</span>'

Index = QModelIndex | QPersistentModelIndex


def highlighted(text: str, marks: tuple[tuple[int, int], ...]) -> str:
    """`text` as HTML: every character escaped (a title may hold <b> or &), the marks highlighted."""
    out, last = [], 0
    for start, end in marks:
        if start < last:
            continue
        out += [escape(text[last:start]), MARK.format(escape(text[start:end]))]
        last = end
    return "".join(out) + escape(text[last:])


class RichTextDelegate(QStyledItemDelegate):
    """Draws an item's HTML_ROLE (wrapped to the view's width), or its plain text when it has none."""

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument | None:
        html = index.data(HTML_ROLE)
        if not html:
            return None
        document = QTextDocument()
        document.setDefaultFont(option.font)  # type: ignore[attr-defined]
        document.setDocumentMargin(4)
        document.setHtml(html)
        document.setTextWidth(max(option.rect.width(), 200))  # type: ignore[attr-defined]
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        document = self._document(option, index)
        if document is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""  # type: ignore[attr-defined]
        widget: QWidget | None = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:  # type: ignore[attr-defined]
            context.palette.setColor(QPalette.ColorRole.Text,
                                     option.palette.color(QPalette.ColorRole.HighlightedText))  # type: ignore[attr-defined]
        painter.save()
        painter.translate(option.rect.topLeft())  # type: ignore[attr-defined]
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        widget: QWidget | None = option.widget  # type: ignore[attr-defined]
        if widget is not None:
            option.rect.setWidth(widget.width() - 30)  # type: ignore[attr-defined]
        document = self._document(option, index)
        if document is None:
            return super().sizeHint(option, index)
        return QSize(int(document.idealWidth()), int(document.size().height()))
