"""检查数据文件: `huiwu check`'s checks, one line each; when the file cannot be trusted (a damaged
page, a broken audit chain, an older copy put in its place) the newest automatic backup is
offered for restore, with a preview and a confirmation."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.keeping.health import CHECK_PRAGMAS
from core.office import Office
from gui.data_safety import work
from gui.data_safety.restore import RestoreFlow, tr
from gui.ops import OpRunner

PASS_GREEN = "#1b5e20"
FAIL_RED = "#b71c1c"


class CheckPanel(QWidget):
    restored = Signal(object)

    def __init__(self, office: Office, runner: OpRunner, *, may_restore: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.office = office
        self.runner = runner
        self.may_restore = may_restore
        self.outcome: work.CheckOutcome | None = None
        self.flow: RestoreFlow | None = None

        intro = QLabel(tr("逐项检查数据文件：数据库结构、每个加密页的校验、记录引用、审计记录链和审计锚点、"
                          "数据结构版本。文件较大时需要几秒钟。"))
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #555;")
        self.check_button = QPushButton(tr("检查数据文件"))
        self.check_button.setObjectName("runCheck")
        self.check_button.clicked.connect(self.run_check)
        self.summary = QLabel()
        self.summary.setObjectName("checkSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.lines = QListWidget()
        self.lines.setObjectName("checkLines")
        self.lines.setWordWrap(True)
        self.lines.setStyleSheet("QListWidget { font-size: 11pt; } QListWidget::item { padding: 4px; }")
        self.lines.setMinimumHeight(170)
        self.offer = QLabel()
        self.offer.setObjectName("restoreOffer")
        self.offer.setWordWrap(True)
        self.offer.setTextFormat(Qt.TextFormat.PlainText)
        self.restore_button = QPushButton(tr("从最近的自动备份恢复…"))
        self.restore_button.setObjectName("restoreLatest")
        self.restore_button.clicked.connect(self.restore_latest)
        offer_row = QHBoxLayout()
        offer_row.addWidget(self.offer, 1)
        offer_row.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignTop)
        self.offer_box = QFrame()
        self.offer_box.setObjectName("offerBox")
        self.offer_box.setLayout(offer_row)
        self.offer_box.setStyleSheet("QFrame#offerBox { background: #fdecea; border: 1px solid #f1b0ab; "
                                     "border-radius: 4px; }")
        self.offer_box.setVisible(False)

        top = QHBoxLayout()
        top.addWidget(self.check_button)
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.offer_box)

    def run_check(self) -> None:
        office = self.office
        self.check_button.setEnabled(False)
        self.summary.setText(tr("正在检查…"))
        self.runner.run(lambda: work.check_file(office), on_success=self.show_outcome,
                        on_done=lambda: self.check_button.setEnabled(True), parent=self.window(),
                        label=tr("正在检查数据文件…"))

    def show_outcome(self, outcome: work.CheckOutcome) -> None:
        self.outcome = outcome
        self.lines.clear()
        for (passed, line), key in zip(outcome.lines, outcome.report.results, strict=True):
            item = QListWidgetItem(line, self.lines)
            item.setForeground(QBrush(QColor(PASS_GREEN if passed else FAIL_RED)))
            item.setToolTip(CHECK_PRAGMAS.get(key, ""))  # the named check in words, what runs in the tooltip
        ok = outcome.report.ok
        self.summary.setText(tr("全部检查通过。") if ok else tr("检查发现问题，见下方标有 ✗ 的项目。"))
        self.summary.setStyleSheet(f"font-size: 12pt; font-weight: bold; color: {PASS_GREEN if ok else FAIL_RED};")
        self.offer_box.setVisible(outcome.offer_restore)
        if not outcome.offer_restore:
            return
        latest = outcome.latest
        if latest is None:
            self.offer.setText(tr("数据文件可能已损坏或被改动，但没有找到自动备份。"
                                  "如有手动备份（例如移动硬盘上的），请在“备份与恢复”中选择“从备份文件恢复…”。"))
            self.restore_button.setEnabled(False)
            return
        self.offer.setText(tr("数据文件可能已损坏或被改动。可以从最近的自动备份恢复：%1（%2，%3）。")
                           .replace("%1", latest.path.name).replace("%2", f"{latest.modified:%Y-%m-%d %H:%M}")
                           .replace("%3", latest.kind))
        if outcome.report.results.get("audit_anchor"):
            self.offer.setText(self.offer.text() + tr("注意：文件若被替换为旧副本，今天打开时的自动备份也是这个旧副本；"
                                                      "请在预览中核对备份时间和审计记录条数，必要时在“备份与恢复”中选择更早的备份。"))
        self.restore_button.setEnabled(self.may_restore)
        if not self.may_restore:
            self.restore_button.setToolTip(tr("只有管理员可以从备份恢复"))

    def restore_latest(self) -> None:
        if self.outcome is None or self.outcome.latest is None:
            return
        self.flow = RestoreFlow(self.office, self.runner, self.outcome.latest.path, self)
        self.flow.restored.connect(self._restored)
        self.flow.start()

    def _restored(self, result: object) -> None:
        self.restored.emit(result)
        self.run_check()  # show the restored file's state at once
