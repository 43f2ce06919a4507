"""审计记录: the chain's verdict and the anchor's, the rows filtered and paged by the audit log
service (the filtering happens in SQL there), and the export to PDF. When the anchor disagrees
with the file an administrator may start it again (重新锚定…), an audited act naming the anchor
it replaces (core.keeping.anchor.reanchor)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.documents.audit_report import render_audit_report
from core.keeping import anchor
from core.office import Office
from core.services.audit_log import (
    PAGE_SIZE,
    AnchorStatus,
    AuditChoices,
    AuditFilter,
    AuditPage,
    AuditRow,
    ChainStatus,
    object_name,
)
from gui.columns import fit_columns
from gui.data_safety.restore import tr
from gui.meetings.common import ColoredRowsModel, read_only_table
from gui.messages import confirm, show_info
from gui.ops import OpRunner
from gui.roster.forms import ChoiceCombo, OptionalDateEdit, not_before
from gui.roster.table import Column

FAIL_RED = "#b71c1c"
OK_GREEN = "#1b5e20"


@dataclass(frozen=True)
class Verdicts:
    chain: ChainStatus
    anchor: AnchorStatus


def event_choices(events: list[str]) -> list[tuple[str, str | None]]:
    """全部事件, then each category ("会议（全部）" → "会议.") followed by its events."""
    out: list[tuple[str, str | None]] = [(tr("全部事件"), None)]
    categories: dict[str, list[str]] = {}
    for event in events:
        head = event.split(".", 1)[0] + "." if "." in event else ""
        categories.setdefault(head, []).append(event)
    for head, members in categories.items():
        if head:
            out.append((tr("%1（全部）").replace("%1", head[:-1]), head))
        out += [("　" + e if head else e, e) for e in members]
    return out


class AuditPanel(QWidget):
    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None, *,
                 standalone: bool = False) -> None:
        super().__init__(parent)
        self.office = office
        self.separate: AuditPanel | None = None  # the same trail in its own, larger window
        self.runner = runner
        self.page: AuditPage | None = None
        self.offset = 0
        self.verdicts: Verdicts | None = None
        self.bad_id: int | None = None  # the first row the chain does not agree with, shown in red
        self.exported: Path | None = None
        self._choices_loaded = False
        self._loading_choices = False

        # --- verdicts
        self.chain_label = QLabel(tr("审计链：正在校验…"))
        self.chain_label.setObjectName("chainStatus")
        self.chain_label.setWordWrap(True)
        self.chain_label.setTextFormat(Qt.TextFormat.PlainText)
        self.anchor_label = QLabel()
        self.anchor_label.setObjectName("anchorStatus")
        self.anchor_label.setWordWrap(True)
        self.anchor_label.setTextFormat(Qt.TextFormat.PlainText)
        self.verify_button = QPushButton(tr("重新校验"))
        self.verify_button.setObjectName("verifyChain")
        self.verify_button.clicked.connect(self.verify)
        self.export_button = QPushButton(tr("导出审计记录 PDF…"))
        self.export_button.setObjectName("exportAudit")
        self.export_button.setToolTip(tr("导出当前筛选条件下的全部记录（按时间先后），首页注明审计链和锚点的校验结果"))
        self.export_button.clicked.connect(self.export_pdf)
        self.reanchor_button = QPushButton(tr("重新锚定…"))
        self.reanchor_button.setObjectName("reanchor")
        self.reanchor_button.setToolTip(tr("以数据文件现有的审计记录为准重新记录审计锚点（管理员，记入审计记录）"))
        self.reanchor_button.clicked.connect(self.ask_reanchor)
        self.reanchor_button.setVisible(False)
        anchor_row = QHBoxLayout()
        anchor_row.addWidget(self.anchor_label, 1)
        anchor_row.addWidget(self.reanchor_button, 0, Qt.AlignmentFlag.AlignTop)
        verdicts = QVBoxLayout()
        verdicts.addWidget(self.chain_label)
        verdicts.addLayout(anchor_row)
        head = QHBoxLayout()
        head.addLayout(verdicts, 1)
        head.addWidget(self.verify_button, 0, Qt.AlignmentFlag.AlignTop)
        self.window_button = QPushButton(tr("在单独窗口中查看"))
        self.window_button.setObjectName("auditWindow")
        self.window_button.setToolTip(tr("在一个更大的窗口中查看审计记录"))
        self.window_button.clicked.connect(self.open_window)
        self.window_button.setVisible(not standalone)
        head.addWidget(self.window_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)

        # --- filters
        self.since_edit = OptionalDateEdit(tr("自"))
        self.until_edit = OptionalDateEdit(tr("至"))
        not_before(self.until_edit.edit, self.since_edit.edit, tr("截止日期不能早于起始日期"))
        self.since_edit.check.toggled.connect(self.until_edit.edit.recheck)
        self.user_combo = ChoiceCombo([(tr("全部用户"), None)])
        self.user_combo.setObjectName("userFilter")
        self.event_combo = ChoiceCombo([(tr("全部事件"), None)])
        self.event_combo.setObjectName("eventFilter")
        self.object_combo = ChoiceCombo([(tr("全部对象"), None)])
        self.object_combo.setObjectName("objectFilter")
        for combo in (self.user_combo, self.event_combo, self.object_combo):
            combo.setMinimumContentsLength(10)
        self.object_id_edit = QLineEdit()
        self.object_id_edit.setObjectName("objectIdFilter")
        self.object_id_edit.setPlaceholderText(tr("对象编号"))
        self.object_id_edit.setMaximumWidth(110)
        self.failures_box = QCheckBox(tr("只看失败的操作"))
        self.failures_box.setObjectName("failuresOnly")
        self.clear_button = QPushButton(tr("清除筛选"))
        self.clear_button.clicked.connect(self.clear_filters)
        filters = QGridLayout()
        filters.addWidget(QLabel(tr("时间：")), 0, 0)
        filters.addWidget(self.since_edit, 0, 1)
        filters.addWidget(self.until_edit, 0, 2)
        filters.addWidget(self.failures_box, 0, 3)
        filters.addWidget(self.clear_button, 0, 4)
        filters.addWidget(QLabel(tr("用户：")), 1, 0)
        filters.addWidget(self.user_combo, 1, 1)
        filters.addWidget(self.event_combo, 1, 2)
        object_row = QHBoxLayout()
        object_row.addWidget(self.object_combo, 1)
        object_row.addWidget(self.object_id_edit)
        filters.addLayout(object_row, 1, 3, 1, 2)
        filters.setColumnStretch(1, 1)
        filters.setColumnStretch(2, 1)
        filters.setColumnStretch(3, 1)

        # --- table and paging
        self.model = ColoredRowsModel([
            Column(tr("编号"), lambda r: str(r.id)),
            Column(tr("时间"), lambda r: r.time_text),
            Column(tr("用户"), lambda r: r.user),
            Column(tr("事件"), lambda r: r.event),
            Column(tr("对象"), lambda r: r.object_text),
            Column(tr("结果"), lambda r: r.result_text),
            Column(tr("摘要"), lambda r: r.summary.replace("\n", " ")),
        ], lambda r, _c: FAIL_RED if not r.success or r.id == self.bad_id else None, self)
        self.table = read_only_table("auditRows", self.model)
        fit_columns(self.table, stretch=6)
        self.page_label = QLabel()
        self.page_label.setObjectName("pageLabel")
        self.previous_button = QPushButton(tr("上一页"))
        self.previous_button.setObjectName("previousPage")
        self.previous_button.clicked.connect(lambda: self.load(max(0, self.offset - PAGE_SIZE)))
        self.next_button = QPushButton(tr("下一页"))
        self.next_button.setObjectName("nextPage")
        self.next_button.clicked.connect(lambda: self.load(self.offset + PAGE_SIZE))
        paging = QHBoxLayout()
        paging.addWidget(self.page_label, 1)
        paging.addWidget(self.previous_button)
        paging.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(paging)

        for combo in (self.user_combo, self.event_combo, self.object_combo):
            combo.currentIndexChanged.connect(self._filters_changed)
        for check in (self.since_edit.check, self.until_edit.check, self.failures_box):
            check.toggled.connect(self._filters_changed)
        for edit in (self.since_edit.edit, self.until_edit.edit):
            edit.dateChanged.connect(self._filters_changed)
        self.object_id_edit.editingFinished.connect(self._filters_changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    # --- loading ---------------------------------------------------------------------------

    def filters(self) -> AuditFilter:
        return AuditFilter(since=self.since_edit.day(), until=self.until_edit.day(), user=self.user_combo.value(),
                           event=self.event_combo.value(), object_type=self.object_combo.value(),
                           object_id=self.object_id_edit.text().strip() or None,
                           failures_only=self.failures_box.isChecked())

    def refresh(self) -> None:
        """The choices for the filters, the current page and the verdicts."""
        log = self.office.audit_log
        self._loading_choices = True
        self.runner.run(log.choices, on_success=self._set_choices)
        self.load(self.offset)
        self.verify()

    def _set_choices(self, choices: AuditChoices) -> None:
        keep = (self.user_combo.value(), self.event_combo.value(), self.object_combo.value())
        widgets = (self.user_combo, self.event_combo, self.object_combo)
        for w in widgets:
            w.blockSignals(True)
        self.user_combo.set_choices([(tr("全部用户"), None)] + [(u, u) for u in choices.users])
        self.event_combo.set_choices(event_choices(choices.events))
        self.object_combo.set_choices([(tr("全部对象"), None)] + [(object_name(t), t) for t in choices.object_types])
        for w, value in zip(widgets, keep, strict=True):
            w.set_value(value)
            w.blockSignals(False)
        self._loading_choices = False
        self._choices_loaded = True

    def _filters_changed(self, *_args: object) -> None:
        if not self._loading_choices:
            self.load(0)

    def load(self, offset: int = 0) -> None:
        log, where = self.office.audit_log, self.filters()
        self.runner.run(lambda: log.rows(where, limit=PAGE_SIZE, offset=offset), on_success=self._show_page)

    def _show_page(self, page: AuditPage) -> None:
        self.page = page
        self.offset = page.offset
        self.model.set_rows(page.rows)
        if page.total == 0:
            self.page_label.setText(tr("没有符合条件的审计记录。"))
        else:
            self.page_label.setText(tr("第 %1–%2 条，共 %3 条（最新的在前）")
                                    .replace("%1", str(page.offset + 1))
                                    .replace("%2", str(page.offset + len(page.rows)))
                                    .replace("%3", str(page.total)))
        self.previous_button.setEnabled(page.has_previous)
        self.next_button.setEnabled(page.has_next)

    def verify(self) -> None:
        office = self.office

        def check() -> Verdicts:
            return Verdicts(office.audit_log.chain(), anchor.status(office))

        self.verify_button.setEnabled(False)
        self.runner.run(check, on_success=self._show_verdicts, on_done=lambda: self.verify_button.setEnabled(True))

    def _show_verdicts(self, verdicts: Verdicts) -> None:
        self.verdicts = verdicts
        self.bad_id = verdicts.chain.first_bad_id
        self.table.viewport().update()
        self.chain_label.setText(("✓ " if verdicts.chain.ok else "✗ ") + tr("审计链：") + verdicts.chain.text)
        self.anchor_label.setText(("✓ " if verdicts.anchor.ok else "✗ ") + verdicts.anchor.text)
        for label, ok in ((self.chain_label, verdicts.chain.ok), (self.anchor_label, verdicts.anchor.ok)):
            label.setStyleSheet(f"font-weight: bold; color: {OK_GREEN if ok else FAIL_RED};")
        self.reanchor_button.setVisible(bool(verdicts.anchor.problems) and self.office.can("settings"))

    def ask_reanchor(self) -> None:
        """An administrator starts the anchor again from the file as it is, once the cause is known."""
        if not self.office.can("settings"):
            return
        confirm(self, tr("以数据文件现有的审计记录为准，重新记录审计锚点吗？"), yes=tr("重新锚定"),
                on_yes=self._reanchor, title=tr("重新锚定审计记录"),
                informative=tr("审计锚点与数据文件不符，说明文件可能被替换为旧副本，或审计记录被改动。"
                               "只有在查明原因之后（例如确认是有意放回的备份）才应重新锚定；"
                               "否则请先检查数据文件，必要时从备份恢复。\n\n"
                               "重新锚定将记入审计记录，并注明原来的锚点。"))

    def _reanchor(self) -> None:
        office = self.office

        def done(_result: object) -> None:
            show_info(self, tr("已重新锚定审计记录，此操作已记入审计记录。"), title=tr("重新锚定"))
            self.refresh()

        self.reanchor_button.setEnabled(False)
        self.runner.run(lambda: anchor.reanchor(office), on_success=done,
                        on_done=lambda: self.reanchor_button.setEnabled(True), parent=self.window(),
                        label=tr("正在重新锚定…"))

    def clear_filters(self) -> None:
        self._loading_choices = True
        self.since_edit.set_day(None)
        self.until_edit.set_day(None)
        self.failures_box.setChecked(False)
        self.object_id_edit.clear()
        for combo in (self.user_combo, self.event_combo, self.object_combo):
            combo.setCurrentIndex(0)
        self._loading_choices = False
        self.load(0)

    def row_at(self, row: int) -> AuditRow | None:
        found: AuditRow | None = self.model.row_at(row)
        return found

    # --- export ----------------------------------------------------------------------------

    def export_pdf(self) -> None:
        where = self.filters()
        suggested = Path.home() / f"审计记录{dt.date.today():%Y%m%d}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, tr("导出审计记录 PDF"), str(suggested), tr("PDF 文件 (*.pdf)"))
        if not path:
            return
        target = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
        office = self.office

        def render() -> Path:
            log = office.audit_log
            rows = log.for_export(where)
            chain, kept = log.chain(), anchor.status(office)
            written = render_audit_report(target, rows, office_name=office.settings.office_name(),
                                          chain_text=chain.text, anchor_text=kept.text,
                                          period_text=where.describe(), chain_ok=chain.ok, anchor_ok=kept.ok)
            office.audit_event("审计.导出", f"导出 {len(rows)} 条审计记录到 {target.name}（{where.describe()}）")
            return written

        def exported(written: Path) -> None:
            self.exported = written
            show_info(self, tr("已导出到 %1").replace("%1", str(written)))
            self.refresh()  # the export is itself in the trail

        self.runner.run(render, on_success=exported, parent=self.window(), label=tr("正在生成审计记录 PDF…"))

    def open_window(self) -> None:
        """The trail in a window of its own: 设置 leaves the table only a few rows on a small screen."""
        if self.separate is not None and self.separate.isVisible():
            self.separate.raise_()
            self.separate.activateWindow()
            return
        window = AuditPanel(self.office, self.runner, standalone=True)
        window.setObjectName("auditWindow")
        window.setWindowTitle(tr("审计记录 — 会务"))
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        screen = self.screen().availableGeometry()
        window.resize(min(1280, int(screen.width() * 0.9)), min(860, int(screen.height() * 0.9)))
        self.separate = window
        window.destroyed.connect(lambda: setattr(self, "separate", None))
        window.show()
