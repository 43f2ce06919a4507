"""Rendered PDF pages shown one under another on grey, with a status line above: the preview
of the meeting documents and of the minutes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget


class PageStrip(QScrollArea):
    def __init__(self, status_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview")
        self.setWidgetResizable(True)
        self.status = QLabel()
        self.status.setObjectName(status_name)
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #555;")
        self.pages = QWidget()
        self.pages.setStyleSheet("background: #8a8a8a;")
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.pages_layout.setSpacing(14)
        self.setWidget(self.pages)

    def show_images(self, images: list[QImage]) -> None:
        self.clear()
        for image in images:
            label = QLabel()
            label.setObjectName("page")
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("background: white;")
            self.pages_layout.addWidget(label)

    def clear(self) -> None:
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
