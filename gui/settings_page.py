"""设置: the office name, and read-only facts about the data file."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.office import Office
from gui import roles
from gui.data_safety import DataSafetyPanel
from gui.fonts_box import FontsBox
from gui.messages import show_info
from gui.ops import OpRunner


class SettingsPage(QWidget):
    office_name_changed = Signal(str)

    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.office = office
        self.runner = runner
        self._key_note = ""

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("officeName")
        self.name_edit.setMaxLength(60)
        self.name_edit.setPlaceholderText(self.tr("例如：××区人民政府办公室"))
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.clicked.connect(self.save_name)
        self.name_edit.returnPressed.connect(self.save_name)
        self.may_set = roles.allow(office, "settings", self.save_button)
        roles.lock(office, "settings", self.name_edit)
        row = QHBoxLayout()
        row.addWidget(self.name_edit, 1)
        row.addWidget(self.save_button)
        office_box = QGroupBox(self.tr("本机关"))
        office_form = QFormLayout(office_box)
        office_form.addRow(self.tr("机关名称："), row)

        self.fact_labels: dict[str, QLabel] = {}
        facts_box = QGroupBox(self.tr("数据文件（只读）"))
        facts_form = QFormLayout(facts_box)
        for key, label in (("path", self.tr("文件位置：")), ("file_id", self.tr("文件标识：")),
                           ("cipher", self.tr("加密：")), ("sqlite_version", self.tr("SQLite 版本：")),
                           ("schema", self.tr("数据结构版本：")), ("key", self.tr("密钥：")),
                           ("user", self.tr("当前用户："))):
            value = QLabel("…")
            value.setObjectName(f"fact_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fact_labels[key] = value
            facts_form.addRow(label, value)

        title = QLabel(self.tr("设置"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        roles.add_role_note(head, office)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(office_box)
        layout.addWidget(facts_box)
        self.fonts_box = FontsBox(office, runner)
        layout.addWidget(self.fonts_box)
        # Accounts and their security values (password rules, lockout, idle lock): administrators only.
        self.accounts_button = QPushButton(self.tr("账户与安全设置…"))
        self.accounts_button.setObjectName("accountsButton")
        self.accounts_button.clicked.connect(self.show_accounts)
        if office.account is None:
            self.accounts_button.hide()  # scripted use has no accounts to manage
        roles.allow(office, "accounts", self.accounts_button)
        accounts_row = QHBoxLayout()
        accounts_row.addWidget(self.accounts_button)
        accounts_row.addStretch(1)
        layout.addLayout(accounts_row)
        self.data_safety = DataSafetyPanel(office, runner)
        layout.addWidget(self.data_safety, 1)
        self.refresh()

    def refresh(self) -> None:
        office = self.office

        def load() -> tuple[str, dict[str, str], str]:
            return office.settings.office_name(), office.facts(), office.file_id

        self.runner.run(load, on_success=self._show, parent=self)

    def _show(self, loaded: tuple[str, dict[str, str], str]) -> None:
        name, facts, file_id = loaded
        self.name_edit.setText(name)
        values = {
            "path": str(self.office.path),
            "file_id": file_id,
            "cipher": self.tr("已加密（SQLCipher %1，AES-256）").replace("%1", facts.get("cipher_version", "")),
            "sqlite_version": facts.get("sqlite_version", ""),
            "schema": facts.get("schema", ""),
            "user": self.office.user,
        }
        for key, value in values.items():
            self.fact_labels[key].setText(value)
        self.fact_labels["key"].setText(self._key_note or "—")

    def set_key_note(self, note: str) -> None:
        """Where the key lives (the keyring, a passphrase…); only the start-up knows."""
        self._key_note = note
        self.fact_labels["key"].setText(note or "—")

    def save_name(self) -> None:
        if not self.may_set:
            return  # Enter in the read-only field
        name = self.name_edit.text()
        settings = self.office.settings

        def saved(_: object) -> None:
            self.office_name_changed.emit(name.strip())
            show_info(self, self.tr("机关名称已保存。"))

        self.runner.run(lambda: settings.set_office_name(name), on_success=saved, parent=self)

    def show_accounts(self) -> None:
        from gui.accounts_page import AccountsDialog

        dialog = AccountsDialog(self.office, self.runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def focus_search(self) -> None:
        self.name_edit.setFocus()
