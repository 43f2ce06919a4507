"""The text of the minutes as the secretary edits it: a 专题会议's subject title, the opening, one
block per section (heading, text and its 议定事项), the closing, and the 出席/请假/列席 lists, one
entry per line ("单位 姓名": the space marks where the unit ends; the print leaves it out)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.services.minutes_types import DecisionItem, MinutesContent, Section
from gui.messages import confirm
from gui.minutes.common import lines_of, tr
from gui.minutes.decisions_table import DecisionsTable


def text_edit(name: str, height: int, placeholder: str = "") -> QPlainTextEdit:
    """A text box of a fixed height (the editor scrolls as a whole; a long text scrolls in its box)."""
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    edit.setPlaceholderText(placeholder)
    return edit


def caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold; color: #333;")
    return label


class SectionBlock(QFrame):
    """One section: its heading, its text and its decisions."""

    edited = Signal()
    remove_requested = Signal(object)

    def __init__(self, departments: dict[int, str], section: Section, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("section")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.topic_id = section.topic_id
        self.number_label = QLabel()
        self.number_label.setStyleSheet("font-weight: bold;")
        self.heading_edit = QLineEdit(section.heading)
        self.heading_edit.setObjectName("heading")
        self.heading_edit.setMaxLength(200)
        self.heading_edit.setPlaceholderText(tr("本节标题，如“关于……的事项”"))
        self.heading_edit.setStyleSheet("font-weight: bold;")
        self.heading_edit.textChanged.connect(lambda _t: self.edited.emit())
        self.remove_button = QPushButton(tr("删除本节…"))
        self.remove_button.setObjectName("removeSection")
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        self.text_edit = text_edit("sectionText", 100, tr("会议听取了……汇报。会议原则同意……。会议要求……"))
        self.text_edit.setPlainText(section.text)
        self.text_edit.textChanged.connect(self.edited.emit)
        self.decisions = DecisionsTable(departments)
        self.decisions.set_items(section.decisions)
        self.decisions.edited.connect(self.edited.emit)
        self.add_decision_button = QPushButton(tr("添加议定事项"))
        self.add_decision_button.setObjectName("addDecision")
        self.add_decision_button.clicked.connect(self._add_decision)
        self.remove_decision_button = QPushButton(tr("删除选中的议定事项…"))
        self.remove_decision_button.setObjectName("removeDecision")
        self.remove_decision_button.clicked.connect(self._remove_decision)

        head = QHBoxLayout()
        head.addWidget(self.number_label)
        head.addWidget(self.heading_edit, 1)
        head.addWidget(self.remove_button)
        decision_bar = QHBoxLayout()
        decision_bar.addWidget(caption(tr("议定事项")))
        decision_bar.addStretch(1)
        decision_bar.addWidget(self.add_decision_button)
        decision_bar.addWidget(self.remove_decision_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.text_edit)
        layout.addLayout(decision_bar)
        layout.addWidget(self.decisions)

    def set_number(self, n: int) -> None:
        self.number_label.setText(f"{n}.")

    def section(self) -> Section:
        return Section(self.heading_edit.text(), self.text_edit.toPlainText(), self.topic_id, self.decisions.decision_items())

    def set_read_only(self, read_only: bool) -> None:
        self.heading_edit.setReadOnly(read_only)
        self.text_edit.setReadOnly(read_only)
        self.decisions.set_read_only(read_only)
        for button in (self.remove_button, self.add_decision_button, self.remove_decision_button):
            button.setVisible(not read_only)

    def _add_decision(self) -> None:
        self.decisions.add_item(DecisionItem(""))
        self.decisions.selectRow(self.decisions.rowCount() - 1)
        self.edited.emit()

    def _remove_decision(self) -> None:
        row = self.decisions.currentRow()
        if row < 0:
            return
        text = self.decisions.item_at(row).text.strip() or tr("（空白）")
        confirm(self, tr("删除这项议定事项吗？"), yes=tr("删除"), on_yes=self.decisions.remove_current,
                informative=text[:200])


class MinutesEditor(QScrollArea):
    """The whole text; `content()` is what Save sends, `is_modified()` compares with the last save."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("minutesEditor")
        self.setWidgetResizable(True)
        self.departments: dict[int, str] = {}
        self.blocks: list[SectionBlock] = []
        self.read_only = False
        self._saved: MinutesContent | None = None

        # Only a 专题会议's minutes carry a subject title under the 版头 (the others' title is the 标志).
        self.title_caption = caption(tr("标题（印在版头下）"))
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("subjectTitle")
        self.title_edit.setMaxLength(200)
        self.title_edit.setPlaceholderText(tr("关于……的专题会议纪要"))
        self.title_edit.textChanged.connect(lambda _t: self.edited.emit())
        self.opening_edit = text_edit("opening", 84)
        self.closing_edit = text_edit("closing", 56)
        self.present_edit = text_edit("present", 170, tr("一行一人，如“区财政局 某某”；区政府领导只写姓名"))
        self.on_leave_edit = text_edit("onLeave", 170, tr("一行一人，如“某某（事由）”"))
        self.observers_edit = text_edit("observers", 170, tr("一行一人，如“区财政局 某某”，代为出席写“某某（代）”"))
        for edit in (self.opening_edit, self.closing_edit, self.present_edit, self.on_leave_edit,
                     self.observers_edit):
            edit.textChanged.connect(self.edited.emit)
        self.add_section_button = QPushButton(tr("添加一节"))
        self.add_section_button.setObjectName("addSection")
        self.add_section_button.clicked.connect(self._add_section)

        self.sections_layout = QVBoxLayout()
        self.sections_layout.setSpacing(10)
        names = QGridLayout()
        for column, (label, edit) in enumerate(((tr("出席"), self.present_edit), (tr("请假"), self.on_leave_edit),
                                                (tr("列席"), self.observers_edit))):
            names.addWidget(caption(label), 0, column)
            names.addWidget(edit, 1, column)

        self.body = body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.title_caption)
        layout.addWidget(self.title_edit)
        layout.addWidget(caption(tr("开头")))
        layout.addWidget(self.opening_edit)
        layout.addLayout(self.sections_layout)
        add_bar = QHBoxLayout()
        add_bar.addWidget(self.add_section_button)
        add_bar.addStretch(1)
        layout.addLayout(add_bar)
        layout.addWidget(caption(tr("结尾")))
        layout.addWidget(self.closing_edit)
        layout.addLayout(names)
        layout.addStretch(1)
        self.setWidget(body)

    # --- content --------------------------------------------------------------------------

    def set_content(self, content: MinutesContent, departments: dict[int, str], *, titled: bool = False) -> None:
        """`titled`: the minutes of a 专题会议, which show their subject title to edit."""
        self.departments = departments
        self.title_caption.setVisible(titled)
        self.title_edit.setVisible(titled)
        self.title_edit.setText(content.title)
        for block in self.blocks:
            block.setParent(None)
            block.deleteLater()
        self.blocks = []
        for section in content.sections:
            self._append(section)
        self.opening_edit.setPlainText(content.opening)
        self.closing_edit.setPlainText(content.closing)
        self.present_edit.setPlainText("\n".join(content.present))
        self.on_leave_edit.setPlainText("\n".join(content.on_leave))
        self.observers_edit.setPlainText("\n".join(content.observers))
        self.set_read_only(self.read_only)
        self.mark_saved()

    def content(self) -> MinutesContent:
        return MinutesContent(
            self.opening_edit.toPlainText(), tuple(b.section() for b in self.blocks), self.closing_edit.toPlainText(),
            lines_of(self.present_edit.toPlainText()), lines_of(self.on_leave_edit.toPlainText()),
            lines_of(self.observers_edit.toPlainText()), self.title_edit.text().strip())

    def mark_saved(self, content: MinutesContent | None = None) -> None:
        self._saved = content if content is not None else self.content()
        self.edited.emit()

    def is_modified(self) -> bool:
        return self._saved is not None and self.content() != self._saved

    # --- sections -------------------------------------------------------------------------

    def _append(self, section: Section) -> SectionBlock:
        block = SectionBlock(self.departments, section)
        block.edited.connect(self.edited.emit)
        block.remove_requested.connect(self._remove_section)
        self.blocks.append(block)
        self.sections_layout.addWidget(block)
        self._number()
        return block

    def _add_section(self) -> None:
        block = self._append(Section(tr("关于……的事项"), "", None, (DecisionItem(""),)))
        block.set_read_only(self.read_only)
        block.heading_edit.setFocus()
        block.heading_edit.selectAll()
        self.ensureWidgetVisible(block)
        self.edited.emit()

    def _remove_section(self, block: SectionBlock) -> None:
        def remove() -> None:
            self.blocks.remove(block)
            block.setParent(None)
            block.deleteLater()
            self._number()
            self.edited.emit()

        confirm(self, tr("删除这一节及其议定事项吗？"), yes=tr("删除本节"), on_yes=remove,
                informative=block.heading_edit.text())

    def _number(self) -> None:
        for n, block in enumerate(self.blocks, 1):
            block.set_number(n)

    # --- read-only ------------------------------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for edit in (self.title_edit, self.opening_edit, self.closing_edit, self.present_edit, self.on_leave_edit,
                     self.observers_edit):
            edit.setReadOnly(read_only)
        for block in self.blocks:
            block.set_read_only(read_only)
        self.add_section_button.setVisible(not read_only)
        self.setProperty("readOnly", read_only)
        self.body.setStyleSheet("QPlainTextEdit[readOnly=\"true\"], QLineEdit[readOnly=\"true\"] "
                                    "{ background: #f5f4f0; }" if read_only else "")
        self.setAlignment(Qt.AlignmentFlag.AlignTop)
