"""The topic page: details, checklist with articles, coordination, materials, history, and a
button for every action — enabled only when the rules allow, a disabled one saying why."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.model.enums import MeetingKind, TopicStatus, WaitingOn
from core.office import Office
from core.rules.topics import Action
from core.services.topic_types import TopicDetail
from gui import roles
from gui.ops import OpRunner
from gui.topics.actions import ACTION_ORDER, open_action, role_action
from gui.topics.materials_panel import MaterialsPanel
from gui.topics.temp_copies import TempCopies
from gui.topics.topic_panels import Checklist, DetailsForm, OpinionsModel, history_model, read_only_table

STATUS_COLORS = {
    TopicStatus.CONFIRMED: "#1b5e20", TopicStatus.REFUSED: "#b71c1c", TopicStatus.WITHDRAWN: "#616161",
    TopicStatus.RETURNED: "#b26a00",
}


class TopicWindow(QDialog):
    #: the topic changed (the list reloads); carries the topic id
    changed = Signal(int)
    #: another topic should be opened (a reopened topic's new submission)
    open_requested = Signal(int)

    def __init__(self, office: Office, runner: OpRunner, topic_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topicWindow")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setWindowFlag(Qt.WindowType.WindowMinimizeButtonHint, True)
        self.office = office
        self.runner = runner
        self.topic_id = topic_id
        self.detail: TopicDetail | None = None
        self.copies = TempCopies()
        self.setWindowTitle(self.tr("议题"))
        area = self.screen().availableGeometry()
        self.resize(min(1240, area.width() - 40), min(780, area.height() - 60))

        self.title_label = QLabel()
        self.title_label.setObjectName("title")
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title_label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.status_label = QLabel()
        self.status_label.setObjectName("status")
        self.status_label.setTextFormat(Qt.TextFormat.RichText)

        self.details = DetailsForm()
        self.checklist = Checklist()
        details_box = QGroupBox(self.tr("议题信息"))
        QVBoxLayout(details_box).addWidget(self.details)
        checklist_box = QGroupBox(self.tr("办理要求"))
        checklist_layout = QVBoxLayout(checklist_box)
        checklist_layout.addWidget(self.checklist)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(checklist_box)
        left_layout.addWidget(details_box, 1)

        self.opinions_model = OpinionsModel(self)
        self.opinions = read_only_table("opinions", self.opinions_model)
        self.opinions.activated.connect(self._opinion_activated)
        self.opinions.setWordWrap(True)
        self.opinions.verticalHeader().setMinimumSectionSize(28)
        self.opinions.horizontalHeader().setStretchLastSection(False)
        self.opinions.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.coordination_note = QLabel()
        self.coordination_note.setObjectName("coordinationNote")
        self.coordination_note.setWordWrap(True)
        self.coordination_note.setStyleSheet("color: #555;")
        coordination = QWidget()
        coordination_layout = QVBoxLayout(coordination)
        coordination_layout.addWidget(self.opinions, 1)
        coordination_layout.addWidget(self.coordination_note)
        self.materials = MaterialsPanel(office, runner, self.copies)
        self.materials.changed.connect(self._changed)
        self.history_model = history_model(self)
        self.history = read_only_table("history", self.history_model)
        self.history.setWordWrap(True)
        self.history.horizontalHeader().setStretchLastSection(False)
        self.history.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("topicTabs")
        self.tabs.addTab(coordination, self.tr("会前协调"))
        self.tabs.addTab(self.materials, self.tr("材料"))
        self.tabs.addTab(self.history, self.tr("办理记录"))

        self.action_buttons: dict[Action, QPushButton] = {}
        actions_box = QGroupBox(self.tr("办理"))
        actions_layout = QVBoxLayout(actions_box)
        for action in ACTION_ORDER:
            button = QPushButton(self.tr(action.value) + "…")
            button.setObjectName("action_" + action.name)
            button.setEnabled(False)
            button.setMinimumHeight(30)
            button.clicked.connect(lambda _=False, a=action: self.start(a))
            roles.allow(office, role_action(action), button)
            actions_layout.addWidget(button)
            if action is Action.RECONFIRM:
                actions_layout.addSpacing(14)  # the office's exits apart from the path
            self.action_buttons[action] = button
        actions_layout.addStretch(1)
        hint = QLabel(self.tr("灰色的步骤现在还不能办理；鼠标停在按钮上可查看原因和依据的条款。"))
        hint.setObjectName("actionsHint")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #777; font-size: 9pt;")
        actions_layout.addWidget(hint)
        actions_box.setFixedWidth(236)
        roles.allow(office, "review", actions_box)  # every role with a step here may record the leaders'

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([400, 580])
        body = QHBoxLayout()
        body.addWidget(splitter, 1)
        body.addWidget(actions_box)

        close_button = QPushButton(self.tr("关闭"))
        close_button.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.status_label)
        layout.addSpacing(4)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)
        self.reload()

    # --- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        topics, tid = self.office.topics, self.topic_id
        self.runner.run(lambda: topics.detail(tid), on_success=self._loaded, parent=self,
                        label=self.tr("正在读取议题…"))

    def _loaded(self, d: TopicDetail) -> None:
        if shiboken6.isValid(self):  # the page may have been closed meanwhile
            self.show_detail(d)

    def show_detail(self, d: TopicDetail) -> None:
        self.detail = d
        self.setWindowTitle(self.tr("议题：%1").replace("%1", d.title))
        self.title_label.setText(d.title)
        color = STATUS_COLORS.get(d.status, "#0d47a1")
        parts = [f'<span style="color:{color}; font-weight:bold;">{d.status.value}</span>']
        if d.waiting_on is not WaitingOn.NOBODY:
            parts.append(self.tr("下一步由 %1 办理").replace("%1", d.waiting_on.value))
        parts.append(self.tr("编号 %1").replace("%1", str(d.id)))
        if d.reopened_from_id:
            parts.append(self.tr("由议题 %1 重新报送").replace("%1", str(d.reopened_from_id)))
        self.status_label.setText("　·　".join(parts))
        self.details.show_detail(d)
        self.checklist.show_lines(d.checklist)
        self.opinions_model.set_rows(d.opinions)
        self.opinions.resizeRowsToContents()
        self.coordination_note.setText(self._coordination_text(d))
        self.materials.show_materials(d.id, d.materials)
        self.history_model.set_rows(d.history)
        self.history.resizeRowsToContents()
        for state in d.actions:
            button = self.action_buttons[state.action]
            button.setEnabled(state.allowed)
            button.setToolTip(state.why_not if not state.allowed else "")
        # Only a 专题 topic is confirmed by a leader who convenes (art. 42); roles may hide it too.
        reconfirm = self.action_buttons[Action.RECONFIRM]
        reconfirm.setVisible(d.target is MeetingKind.THEMATIC and self.office.can(role_action(Action.RECONFIRM)))

    def _coordination_text(self, d: TopicDetail) -> str:
        if not d.involved:
            return self.tr("本议题只涉及主办部门，无须会前协调。")
        signed = sum(1 for o in d.opinions if o.agrees is not None)
        text = self.tr("已签署 %1 / %2 个涉及部门。").replace("%1", str(signed)).replace("%2", str(len(d.involved)))
        if any(o.agrees is not None and not o.signer_is_principal for o in d.opinions):
            text += self.tr("有意见非由主要负责人签署，已标注（理由见提示和办理要求）。")
        if self.may(Action.OPINION) and signed < len(d.involved):
            text += self.tr("双击未签署的部门可记录其意见（依据《工作规则》第四十三条）。")
        return text

    # --- actions ------------------------------------------------------------------------------

    def may(self, action: Action) -> bool:
        """The rules allow the step now and the account's role may take it."""
        return (self.detail is not None and self.detail.action(action).allowed
                and self.office.can(role_action(action)))

    def start(self, action: Action, *, department_id: int | None = None) -> None:
        if self.detail is None or not self.may(action):
            return
        open_action(self.office, self.runner, self.detail, action, self, self._saved(action),
                    department_id=department_id)

    def _saved(self, action: Action) -> Any:
        def saved(result: Any) -> None:
            self._changed()
            if action is Action.REOPEN and isinstance(result, int):
                self.open_requested.emit(result)

        return saved

    def _changed(self) -> None:
        self.reload()
        self.changed.emit(self.topic_id)

    def _opinion_activated(self, index: Any) -> None:
        row = self.opinions_model.row_at(index.row())
        if row is not None:
            self.start(Action.OPINION, department_id=row.department_id)

    # --- closing ------------------------------------------------------------------------------

    def done(self, result: int) -> None:
        self.copies.remove()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.copies.remove()
        super().closeEvent(event)
