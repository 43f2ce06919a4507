"""Help → 关于: what this program is and the versions it runs on."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

import core
from gui.look import app_icon

EDITIONS = {"community": "社区版", "commercial": "商业版", "enterprise": "企业版"}


def sqlcipher_version(facts: dict[str, str], *, short: bool = False) -> str:
    """SQLCipher's `PRAGMA cipher_version` ("4.19.0 community") in words: "4.19.0（社区版）", or
    the release alone ("4.19", for the status bar and the settings)."""
    number, _, edition = facts.get("cipher_version", "").strip().partition(" ")
    if short:
        return ".".join(number.split(".")[:2])
    edition = edition.strip()
    return number + (f"（{EDITIONS.get(edition, edition)}）" if edition else "")


def versions(facts: dict[str, str]) -> list[tuple[str, str]]:
    return [
        (QCoreApplication.translate("About", "会务"), core.__version__),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("SQLCipher", sqlcipher_version(facts) or "—"),
        ("SQLite", facts.get("sqlite_version", "") or "—"),
        ("Python", platform.python_version()),
    ]


class AboutDialog(QDialog):
    def __init__(self, facts: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("关于会务"))
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        title = QLabel(self.tr("<h2>会务</h2><p>区政府办公室会议全流程管理：议题、会议、纪要、督办。"
                               "<br/>数据保存在本机一个加密文件中（SQLCipher，AES-256）。</p>"))
        title.setWordWrap(True)
        form = QFormLayout()
        for name, version in versions(facts):
            value = QLabel(version)
            value.setObjectName(f"version_{name}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(name + self.tr(" 版本："), value)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(icon, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
