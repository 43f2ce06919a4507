"""One minutes in its own window: the 纪要标志 and meeting on top with the next step and who takes
it, then the text (Ctrl+S saves a new version), the versions compared side by side, 核稿, sign-off
and issue, and the PDF preview and print. Signed, issued or superseded minutes are read-only (a
change is a correction); unsaved changes stay in the editor when a save is refused, and closing
with unsaved changes asks first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from core.model.enums import Classification, MeetingKind, MinutesStatus
from core.office import Office
from core.services.minutes_types import MinutesDetail, NextStep
from gui import roles, temp_area
from gui.meetings import pdf_pages
from gui.messages import confirm, show_error, show_info
from gui.minutes.common import EDITABLE, STATUS_COLORS, day_text, edition_text, html, tr
from gui.minutes.copy_export import OFD, PDF, CopyPickDialog, FileKind, ask_target, save_copy
from gui.minutes.copy_register import CopyRegisterDialog
from gui.minutes.editor import MinutesEditor
from gui.minutes.pdf_preview import Pages, PdfPreview, open_print_dialog
from gui.minutes.printing import CopiesDialog, render_copies, render_first_page, render_rest, reprint_lost
from gui.minutes.signoff_panel import SignoffPanel, StepFacts
from gui.minutes.versions_panel import VersionsPanel
from gui.ops import OpRunner


@dataclass(frozen=True)
class Loaded:
    detail: MinutesDetail
    versions: list[tuple[int, str, str]]
    departments: dict[int, str]
    meeting_day: dt.date
    next_step: NextStep | None = None
    facts: StepFacts = StepFacts()


def load(office: Office, minutes_id: int) -> Loaded:
    """On the worker: the minutes as last saved, its versions, the units for the decision combos,
    the next step and who takes it, why 签发 must wait, and who may be chosen for 核稿."""
    m = office.minutes
    detail = m.detail(minutes_id)
    meeting = office.meetings.detail(detail.meeting_id)
    facts = StepFacts(m.sign_refusal(minutes_id), m.reviewer_choices(m.today()), m.own_person())
    return Loaded(detail, m.versions(minutes_id), m.department_names(), meeting.day, m.next_step(minutes_id), facts)


def next_step_text(step: NextStep | None) -> str:
    if step is None:
        return ""
    return tr("下一步：<b>%1</b>，由%2办理").replace("%1", html(step.what)).replace("%2", html(step.who))


class MinutesWindow(QDialog):
    #: the minutes changed (the list reloads)
    changed = Signal(int)
    #: a correction edition was created; the page opens it
    corrected = Signal(int)

    def __init__(self, office: Office, runner: OpRunner, minutes_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("minutesWindow")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setWindowFlag(Qt.WindowType.WindowMinimizeButtonHint, True)
        self.office = office
        self.runner = runner
        self.minutes_id = minutes_id
        self.may_edit = office.can("workflow")  # the text; 核稿 and sign-off are the signoff panel's
        self.may_copy = office.can("print_classified")
        self.detail: MinutesDetail | None = None
        self.directory: Path | None = None
        self._discarding = False
        self._saving = False
        self._preview_key: tuple[object, ...] = ()
        self._printer: object = None  # lives as long as its print dialog may use it
        temp_area.notifier().wiped.connect(self._files_wiped)
        self.setWindowTitle(tr("纪要"))
        self.resize(1220, 820)

        self.mark_label = QLabel()
        self.mark_label.setObjectName("mark")
        self.mark_label.setStyleSheet("color: #c00000; font-size: 17pt; font-weight: bold;")
        self.facts_label = QLabel()
        self.facts_label.setObjectName("facts")
        self.facts_label.setTextFormat(Qt.TextFormat.RichText)
        self.facts_label.setWordWrap(True)
        self.next_label = QLabel()
        self.next_label.setObjectName("nextStep")
        self.next_label.setTextFormat(Qt.TextFormat.RichText)
        self.next_label.setWordWrap(True)
        self.next_label.setStyleSheet("color: #0d47a1;")
        self.unsaved_label = QLabel()
        self.unsaved_label.setObjectName("unsaved")
        self.unsaved_label.setStyleSheet("color: #b26a00; font-weight: bold;")
        self.save_button = QPushButton(tr("保存（Ctrl+S）"))
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save)
        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self.save_shortcut.activated.connect(self.save)
        head = QHBoxLayout()
        texts = QVBoxLayout()
        texts.addWidget(self.mark_label)
        texts.addWidget(self.facts_label)
        texts.addWidget(self.next_label)
        head.addLayout(texts, 1)
        head.addWidget(self.unsaved_label, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)

        self.locked_label = QLabel()
        self.locked_label.setObjectName("locked")
        self.locked_label.setWordWrap(True)
        self.locked_label.setStyleSheet("background: #eceff1; color: #37474f; padding: 6px 10px;")
        self.locked_label.hide()

        self.editor = MinutesEditor()
        self.editor.edited.connect(self._update_unsaved)
        self.versions = VersionsPanel(office, runner)
        self.signoff = SignoffPanel(office, runner, self.editor.is_modified)
        self.signoff.changed.connect(self._recorded)
        self.signoff.corrected.connect(self.corrected.emit)
        self.preview = PdfPreview(runner)
        self.render_button = QPushButton(tr("重新生成"))
        self.render_button.setObjectName("renderMinutes")
        self.render_button.setToolTip(tr("按已保存的最新一稿生成 PDF"))
        self.render_button.clicked.connect(self.render_pdf)
        self.preview.bar.insertWidget(0, self.render_button)
        self.register_button = QPushButton(tr("份号登记簿…"))
        self.register_button.setObjectName("copyRegisterButton")
        self.register_button.clicked.connect(self.show_register)
        self.preview.bar.insertWidget(1, self.register_button)
        self.ofd_button = QPushButton(tr("另存为 OFD…"))
        self.ofd_button.setObjectName("saveOfd")
        self.ofd_button.clicked.connect(lambda: self.save_file(OFD))
        self.preview.bar.insertWidget(self.preview.bar.indexOf(self.preview.save_button) + 1, self.ofd_button)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("minutesTabs")
        self.tabs.addTab(self.editor, tr("正文"))
        self.tabs.addTab(self.versions, tr("版本比较"))
        self.tabs.addTab(self.signoff, tr("核稿、签发与印发"))
        self.tabs.addTab(self.preview, tr("预览与打印"))
        self.tabs.currentChanged.connect(lambda _i: self._tab_shown())

        close_button = QPushButton(tr("关闭"))
        close_button.setObjectName("close")
        close_button.setAutoDefault(False)
        close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.locked_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.reload(refill=True)

    # --- loading ------------------------------------------------------------------------------

    def reload(self, *, refill: bool) -> None:
        office, minutes_id = self.office, self.minutes_id
        self.runner.run(lambda: load(office, minutes_id), on_success=lambda loaded: self.show_loaded(loaded, refill),
                        parent=self, label=tr("正在读取纪要…"))

    def show_loaded(self, loaded: Loaded, refill: bool) -> None:
        d = self.detail = loaded.detail
        self.setWindowTitle(f"{d.mark}　{d.meeting_name}")
        self.mark_label.setText(d.mark)
        status = f'<span style="color:{STATUS_COLORS[d.status]}; font-weight:bold;">{d.status.value}</span>'
        parts = [html(d.meeting_name), day_text(loaded.meeting_day), edition_text(d.edition), status, tr("第%1稿").replace("%1", str(d.version))]
        if d.serial_text:
            parts.append(html(d.serial_text))
        if d.classification is not Classification.NONE:
            parts.append(html(f"{d.classification.value}★{d.secrecy_period}"))
        self.facts_label.setText("　·　".join(parts))
        self.next_label.setText(next_step_text(loaded.next_step))
        self.next_label.setToolTip("\n".join(loaded.next_step.reasons) if loaded.next_step else "")
        self.next_label.setVisible(loaded.next_step is not None)
        editable = d.status in EDITABLE and self.may_edit
        self.editor.read_only = not editable
        if refill:
            self.editor.set_content(d.content, loaded.departments, titled=d.kind is MeetingKind.THEMATIC)
        else:
            self.editor.set_read_only(not editable)
        self.save_button.setVisible(editable)
        self.save_shortcut.setEnabled(editable)
        self.locked_label.setVisible(not editable)
        self.locked_label.setText(self._locked_text(d))
        self.versions.set_versions(d.id, loaded.versions)
        self.tabs.setTabText(1, tr("版本比较（%1稿）").replace("%1", str(len(loaded.versions))))
        self.signoff.show_detail(d, loaded.meeting_day, loaded.facts)
        classified = d.classification is not Classification.NONE
        self.preview.print_handler = self.print_copies if classified else None
        self.preview.save_handler = (lambda: self.save_file(PDF)) if classified else None
        self.preview.refuse_viewer(tr("涉密纪要不在外部 PDF 阅读器中打开：阅读器可以另行打印、保存，不经份号登记。")
                                   if classified else "")
        self.register_button.setVisible(d.classification is not Classification.NONE)
        # 只读 views classified minutes but prints or saves no copy of them (issue 6 §1).
        self.preview.set_may_copy(d.classification is Classification.NONE or self.may_copy,
                                  roles.why_not(self.office, "print_classified"))
        self.ofd_button.setVisible(d.status is MinutesStatus.ISSUED)  # an OFD is the document as it went out
        self.ofd_button.setEnabled(self.preview.may_copy)
        self.ofd_button.setToolTip(tr("另存为 OFD 版式文件（GB/T 33190）：版式与 PDF 相同，字体嵌入")
                                   if self.preview.may_copy else roles.why_not(self.office, "print_classified"))
        self.preview.doc_name = f"{d.meeting_name}{tr('纪要')}"
        if self.tabs.currentWidget() is self.preview and self._preview_key != self._key(d):
            self.render_pdf()
        self._update_unsaved()

    def _locked_text(self, d: MinutesDetail) -> str:
        if d.status in EDITABLE and not self.may_edit:
            return tr("正文只读（%1）。").replace("%1", roles.why_not(self.office, "workflow"))
        if d.status is MinutesStatus.SIGNED:
            return tr("纪要已签发，正文和发文要素只读，签发日期不能再改。请到“核稿、签发与印发”中印发；"
                      "如需修改，点“更正…”另起更正稿，重新核稿、签发（《党政机关公文处理工作条例》第二十五条）。")
        if d.status is MinutesStatus.ISSUED:
            return tr("纪要已印发，正文只读。如有错误，请在“核稿、签发与印发”中点“更正…”另起更正稿。")
        if d.status is MinutesStatus.SUPERSEDED:
            return tr("本纪要已被更正稿取代，仅供查阅。")
        return ""

    @staticmethod
    def _key(d: MinutesDetail) -> tuple[object, ...]:
        """What the printed minutes show besides the text: a change makes the preview stale."""
        return (d.version, d.status, d.serial_text, d.particulars, d.issued_on)

    def _tab_shown(self) -> None:
        if self.tabs.currentWidget() is self.preview and self.detail is not None \
                and self._preview_key != self._key(self.detail):
            self.render_pdf()

    def _update_unsaved(self) -> None:
        modified = self.editor.is_modified()
        self.unsaved_label.setText(tr("有未保存的修改") if modified else "")
        self.save_button.setEnabled(modified and not self._saving)

    def _recorded(self) -> None:
        self.reload(refill=False)
        self.changed.emit(self.minutes_id)

    # --- saving -------------------------------------------------------------------------------

    def save(self) -> None:
        if self.detail is None or self.detail.status not in EDITABLE or self._saving or not self.editor.is_modified():
            return  # nothing changed: no empty version
        content, minutes, minutes_id = self.editor.content(), self.office.minutes, self.minutes_id

        def saved(_number: int) -> None:
            self.editor.mark_saved(content)
            self.reload(refill=False)
            self.changed.emit(self.minutes_id)

        def finished() -> None:
            self._saving = False
            self._update_unsaved()

        self._saving = True
        self.save_button.setEnabled(False)
        # A refusal (too long, disk full) is shown by the runner; the editor keeps what was typed.
        self.runner.run(lambda: minutes.save(minutes_id, content), on_success=saved, on_done=finished, parent=self,
                        label=tr("正在保存…"))

    # --- the PDF ------------------------------------------------------------------------------

    def _directory(self) -> Path:
        if self.directory is None:
            self.directory = pdf_pages.new_directory()
        return self.directory

    def _files_wiped(self) -> None:
        """The screen locked: the PDFs behind the preview and the print dialog are gone."""
        if self.directory is None:
            return
        self.directory = None
        self._preview_key = ()  # drawn again when the preview is next shown, or on 重新生成
        self.preview.forget()
        self.preview.status.setText(tr("锁屏时已删除预览文件。请点“重新生成”。"))

    def render_pdf(self) -> None:
        if self.detail is None:
            return
        office, minutes_id, directory, key = self.office, self.minutes_id, self._directory(), self._key(self.detail)

        def shown(pages: Pages) -> None:
            self._preview_key = key
            self.preview.show_pages(pages)
            if self.editor.is_modified():
                self.preview.status.setText(self.preview.status.text()
                                            + tr("（正文有未保存的修改，预览的是已保存的一稿。）"))

        def first_shown(first: Pages) -> None:
            shown(first)
            if first.previews:
                self.preview.status.setText(tr("%1：第 1 页已显示，正在生成其余页面…").replace("%1", first.title))
            self.runner.run(lambda: render_rest(first, ratio), on_success=shown, parent=self,
                            label=tr("正在生成其余页面…"))

        ratio = self.devicePixelRatioF()  # read here: the pages are drawn on the worker
        self.runner.run(lambda: render_first_page(office, minutes_id, directory, ratio), on_success=first_shown,
                        parent=self, label=tr("正在生成纪要 PDF…"))

    def print_copies(self) -> None:
        d = self.detail
        if d is None:
            return
        if not self.may_copy:
            show_error(self, tr("当前账户不能打印涉密纪要（只读账户可以查看，不能打印）。"))
            return
        dialog = CopiesDialog(d.classification.value, d.copies, d.printed, self._render_copies, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _render_copies(self, recipients: list[str]) -> None:
        office, minutes_id, directory = self.office, self.minutes_id, self._directory()
        copies = len(recipients)

        def rendered(pages: list[pdf_pages.PageImage]) -> None:
            self._recorded()  # the copies are on the register: the issue record counts them
            if pages:
                _dialog, self._printer = open_print_dialog(
                    self, tr("%1（%2份，带份号）").replace("%1", self.preview.doc_name)
                    .replace("%2", str(copies)), pages, numbered=True)

        self.runner.run(lambda token: render_copies(office, minutes_id, recipients, directory, token),
                        on_success=rendered, parent=self, cancellable=True,
                        label=tr("正在生成 %1 份带份号的纪要…").replace("%1", str(copies)))

    def save_file(self, kind: FileKind) -> None:
        """另存为 OFD (issued minutes) or, for classified minutes, 另存为 PDF: unclassified, where to
        save; classified, which registered copy first (copy_export)."""
        d = self.detail
        if d is None or not self.preview.may_copy or (kind is OFD and d.status is not MinutesStatus.ISSUED):
            return
        if d.classification is Classification.NONE:
            self._write_file(kind, None)
            return
        minutes, minutes_id = self.office.minutes, self.minutes_id

        def listed(rows: list[tuple[object, ...]]) -> None:
            printed = [r for r in rows if r[2] is not None]
            if not printed:
                show_info(self, tr("涉密纪要只能按已印制的份号另存为 %1。请先在印发后点“打印…”登记接收单位和份号。")
                          .replace("%1", kind.name))
                return
            dialog = CopyPickDialog(kind, printed, lambda copy: self._write_file(kind, copy), self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()

        self.runner.run(lambda: minutes.copy_register(minutes_id), on_success=listed, parent=self)

    def _write_file(self, kind: FileKind, copy: int | None) -> None:
        target = ask_target(self, kind, self.preview.doc_name, copy)
        if target is None:
            return
        office, minutes_id, directory = self.office, self.minutes_id, self._directory()
        self.runner.run(lambda: save_copy(office, minutes_id, kind, target, directory, copy),
                        on_success=lambda saved: show_info(
                            self, tr("已另存为 %1：%2").replace("%1", kind.name).replace("%2", str(saved))),
                        parent=self, label=tr("正在生成 %1…").replace("%1", kind.name))

    def show_register(self) -> None:
        minutes = self.office.minutes
        minutes_id = self.minutes_id

        def shown(rows: list[tuple[object, ...]]) -> None:
            dialog = CopyRegisterDialog(rows, self._reprint, self, planned=self.detail.copies if self.detail else 0)
            roles.allow(self.office, "print_classified", dialog.reprint_button)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()

        self.runner.run(lambda: minutes.copy_register(minutes_id), on_success=shown, parent=self)

    def _reprint(self, lost: int, reason: str) -> None:
        office, minutes_id, directory = self.office, self.minutes_id, self._directory()

        def rendered(pages: list[pdf_pages.PageImage]) -> None:
            self._recorded()  # the copies are on the register: the issue record counts them
            if pages:
                _dialog, self._printer = open_print_dialog(
                    self, tr("%1（补印 %2）").replace("%1", self.preview.doc_name).replace("%2", f"{lost:06d}"),
                    pages, numbered=True)

        self.runner.run(lambda token: reprint_lost(office, minutes_id, lost, reason, directory, token),
                        on_success=rendered, parent=self, cancellable=True, label=tr("正在补印…"))

    # --- closing ------------------------------------------------------------------------------

    def reject(self) -> None:
        """Esc, 关闭 and the window's close button all come here (QDialog.closeEvent calls reject)."""
        if self.editor.is_modified() and not self._discarding:
            confirm(self, tr("正文有未保存的修改。不保存就关闭吗？"), yes=tr("放弃修改并关闭"),
                    on_yes=self._discard_and_close, informative=tr("选“取消”回到编辑，按 Ctrl+S 保存。"))
            return
        super().reject()

    def _discard_and_close(self) -> None:
        self._discarding = True
        self.close()

    def done(self, result: int) -> None:
        self.signoff.remove_files()
        pdf_pages.remove_directory(self.directory)
        self.directory = None
        super().done(result)
