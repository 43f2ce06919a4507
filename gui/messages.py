"""Message boxes, all window-modal and non-blocking (`open()`, never a nested event loop)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


# A box without a parent is owned by nobody in Qt: keep it referenced while it is on screen.
_unparented: set[QMessageBox] = set()


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
         details: str | None = None) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is None:
        _unparented.add(box)
        box.finished.connect(lambda _r: _unparented.discard(box))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if details:
        box.setDetailedText(details)
    return box


def show_error(parent: QWidget | None, text: str, *, details: str | None = None,
               title: str | None = None) -> QMessageBox:
    box = _box(parent, QMessageBox.Icon.Warning, title or _tr("会务"), text, details)
    box.setObjectName("errorBox")
    box.addButton(_tr("确定"), QMessageBox.ButtonRole.AcceptRole)
    box.open()
    return box


def show_info(parent: QWidget | None, text: str, *, title: str | None = None) -> QMessageBox:
    box = _box(parent, QMessageBox.Icon.Information, title or _tr("会务"), text)
    box.setObjectName("infoBox")
    box.addButton(_tr("确定"), QMessageBox.ButtonRole.AcceptRole)
    box.open()
    return box


def confirm(parent: QWidget | None, text: str, *, yes: str, on_yes: Callable[[], None],
            title: str | None = None, informative: str = "") -> QMessageBox:
    """Ask before anything destructive. `on_yes` runs only if the user pressed `yes`."""
    box = _box(parent, QMessageBox.Icon.Question, title or _tr("请确认"), text)
    box.setObjectName("confirmBox")
    if informative:
        box.setInformativeText(informative)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(_tr("取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)

    def _clicked(button: object) -> None:
        if button is yes_button:
            on_yes()

    box.buttonClicked.connect(_clicked)
    box.open()
    return box


def error_label() -> QLabel:
    """The red line under a form where its refusal is said (`errorLabel`). Plain text: a message may
    quote what the user typed."""
    label = QLabel()
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet("color: #b71c1c;")
    return label
