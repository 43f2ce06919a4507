"""设置: the office name, the office's practice for 专题 topics, and read-only facts about the data file."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import HuiwuError
from core.office import Office
from gui import roles
from gui.about import sqlcipher_version
from gui.data_safety import DataSafetyPanel
from gui.fonts_box import FontsBox
from gui.messages import confirm, show_error, show_info
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
        # Office practice, not a rule: art. 42 sends to 区司法局 the topics of the other three meetings.
        self.thematic_legality = QCheckBox(self.tr("专题会议议题涉及法律法规的，也送区司法局合法性审查"))
        self.thematic_legality.setObjectName("thematicLegality")
        self.thematic_legality.setChecked(True)
        self.thematic_legality.clicked.connect(self.save_thematic_legality)
        roles.lock(office, "settings", self.thematic_legality)
        practice_note = QLabel(self.tr("办公室惯例：《工作规则》第四十二条规定的合法性审查适用于全体会议、常务会议、"
                                       "区长办公会议议题，未规定专题会议议题。关闭后，专题会议议题的办理要求不再列出此项。"))
        practice_note.setWordWrap(True)
        practice_note.setStyleSheet("color: #777; font-size: 9pt;")
        # The note under its check box in one field: a row of its own was sized for a narrow width and
        # left the box half empty below it.
        practice = QWidget()
        practice_layout = QVBoxLayout(practice)
        practice_layout.setContentsMargins(0, 0, 0, 0)
        practice_layout.addWidget(self.thematic_legality)
        practice_layout.addWidget(practice_note)
        office_form.addRow(self.tr("议题办理："), practice)

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

        def load() -> tuple[str, dict[str, str], str, bool]:
            settings = office.settings
            return settings.office_name(), office.facts(), office.file_id, settings.thematic_legality_review()

        self.runner.run(load, on_success=self._show, parent=self)

    def _who(self) -> str:
        """The logged-in account; a session without a login names nobody (its actor may be the
        computer's user, which no window shows, issue 12 §2)."""
        return self.office.user if self.office.account is not None else self.tr("（未登录）")

    def _show(self, loaded: tuple[str, dict[str, str], str, bool]) -> None:
        name, facts, file_id, thematic_legality = loaded
        self.name_edit.setText(name)
        self.thematic_legality.setChecked(thematic_legality)
        values = {
            "path": str(self.office.path),
            "file_id": file_id,
            "cipher": self.tr("已加密（SQLCipher %1，AES-256）").replace("%1", sqlcipher_version(facts, short=True)),
            "sqlite_version": facts.get("sqlite_version", ""),
            "schema": facts.get("schema", ""),
            "user": self._who(),
        }
        for key, value in values.items():
            self.fact_labels[key].setText(value)
        self.fact_labels["key"].setText(self._key_note or "—")

    def set_key_note(self, note: str, detail: str = "") -> None:
        """Where the key lives (the keyring, a passphrase…); only the start-up knows. `detail`, a
        keyring's technical name, goes into the tooltip."""
        self._key_note = note
        self.fact_labels["key"].setText(note or "—")
        self.fact_labels["key"].setToolTip(detail)

    def save_name(self) -> None:
        if not self.may_set:
            return  # Enter in the read-only field
        name = self.name_edit.text()
        settings = self.office.settings

        def saved(_: object) -> None:
            self.office_name_changed.emit(name.strip())
            show_info(self, self.tr("机关名称已保存。"))

        self.runner.run(lambda: settings.set_office_name(name), on_success=saved, parent=self)

    def save_thematic_legality(self, on: bool) -> None:
        """Switching the practice off changes what every 专题 topic needs: asked first."""
        if on:
            self._write_thematic_legality(True)
            return
        self.thematic_legality.setChecked(True)  # until the change is saved
        confirm(self, self.tr("关闭后，专题会议议题涉及法律法规的不再列出“经区司法局合法性审查通过”，"
                              "各专题会议议题的办理状态随之重新计算。确定关闭吗？"),
                yes=self.tr("关闭"), on_yes=lambda: self._write_thematic_legality(False))

    def _write_thematic_legality(self, on: bool) -> None:
        topics = self.office.topics

        def saved(_: object) -> None:
            self.thematic_legality.setChecked(on)
            show_info(self, self.tr("已开启：专题会议议题涉及法律法规的，按办公室惯例送区司法局合法性审查。") if on
                      else self.tr("已关闭：专题会议议题不再列出区司法局合法性审查。"))

        def failed(error: HuiwuError) -> None:
            self.thematic_legality.setChecked(not on)  # the file keeps the old value
            show_error(self, error.message)

        self.runner.run(lambda: topics.set_thematic_legality_review(on), on_success=saved, on_error=failed,
                        parent=self)

    def show_accounts(self) -> None:
        from gui.accounts_page import AccountsDialog

        dialog = AccountsDialog(self.office, self.runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def focus_search(self) -> None:
        self.name_edit.setFocus()
