"""数据安全 in 设置: checking the file, backups and restore, the audit trail — one tab each."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from core.keeping import backups, restore
from core.office import Office
from gui.data_safety.audit_panel import AuditPanel
from gui.data_safety.backup_panel import BackupPanel
from gui.data_safety.check_panel import CheckPanel
from gui.data_safety.key_rotation import RotateKeyButton
from gui.data_safety.restore import tr
from gui.ops import OpRunner


class DataSafetyPanel(QWidget):
    restored = Signal(object)  # after a restore, with work.RestoreResult

    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dataSafety")
        allowed = backups.may_back_up(office)
        title = QLabel(tr("数据安全"))
        title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.check = CheckPanel(office, runner, may_restore=restore.may_restore(office))
        self.backup = BackupPanel(office, runner, allowed=allowed, may_restore=restore.may_restore(office))
        self.audit = AuditPanel(office, runner)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dataSafetyTabs")
        self.tabs.addTab(self.check, tr("检查数据文件"))
        self.tabs.addTab(self.backup, tr("备份与恢复"))
        self.tabs.addTab(self.audit, tr("审计记录"))
        for part in (self.check, self.backup):
            part.restored.connect(self.restored.emit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.rotate_key = RotateKeyButton(office, runner)  # 更换密钥…, administrators only
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(self.rotate_key)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
