"""Which dialog each action opens, and what it must read from the roster first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from core.office import Office
from core.rules.topics import Action
from core.services.topic_types import TopicDetail
from gui.ops import OpRunner
from gui.topics.action_base import ActionDialog, tr
from gui.topics.coordination_dialogs import DisagreementDialog, EscalateDialog, OpinionDialog
from gui.topics.decision_dialogs import (
    ApproveDialog,
    ArrangeDialog,
    ConfirmDialog,
    ReconfirmDialog,
    RefuseDialog,
    ReopenDialog,
    WithdrawDialog,
)
from gui.topics.review_dialogs import AssessmentDialog, LegalityReviewDialog, ResubmitDialog

# The order the buttons appear in: the path of the work, then the office's exits.
ACTION_ORDER = (
    Action.LEGALITY_REVIEW, Action.RESUBMIT, Action.ASSESSMENT, Action.OPINION, Action.ESCALATE,
    Action.STATE_DISAGREEMENT, Action.APPROVE, Action.ARRANGE, Action.CONFIRM, Action.RECONFIRM,
    Action.REFUSE, Action.WITHDRAW, Action.REOPEN,
)

# The leaders' decisions, recorded on their behalf, ask "review" (core.services.topics approve and
# confirm); every other step is the office's workflow.
LEADER_STEPS = frozenset({Action.APPROVE, Action.CONFIRM, Action.RECONFIRM})


def role_action(action: Action) -> str:
    """What the account's role must allow for this step (core.services.accounts.PERMISSIONS)."""
    return "review" if action in LEADER_STEPS else "workflow"


SIMPLE: dict[Action, Callable[[Office, OpRunner, TopicDetail, QWidget], ActionDialog]] = {
    Action.RESUBMIT: ResubmitDialog,
    Action.ASSESSMENT: AssessmentDialog,
    Action.ESCALATE: EscalateDialog,
    Action.STATE_DISAGREEMENT: DisagreementDialog,
    Action.APPROVE: ApproveDialog,
    Action.ARRANGE: ArrangeDialog,
    Action.CONFIRM: ConfirmDialog,
    Action.RECONFIRM: ReconfirmDialog,
    Action.REFUSE: RefuseDialog,
    Action.WITHDRAW: WithdrawDialog,
    Action.REOPEN: ReopenDialog,
}


def open_action(office: Office, runner: OpRunner, detail: TopicDetail, action: Action, parent: QWidget,
                on_saved: Callable[[Any], None], *, department_id: int | None = None) -> None:
    """Read what the dialog needs on the worker, then open it window-modal over `parent`."""

    def show(dialog: ActionDialog) -> None:
        dialog.on_saved = on_saved
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    if action is Action.LEGALITY_REVIEW:
        today = office.topics.today()
        runner.run(lambda: office.roster.departments(on=today), parent=parent, label=tr("正在读取名册…"),
                   on_success=lambda depts: show(LegalityReviewDialog(office, runner, detail, depts, parent)))
    elif action is Action.OPINION:
        today = office.topics.today()
        runner.run(lambda: office.roster.people(on=today), parent=parent, label=tr("正在读取名册…"),
                   on_success=lambda people: show(OpinionDialog(office, runner, detail, people,
                                                                      department_id, parent)))
    else:
        show(SIMPLE[action](office, runner, detail, parent))
