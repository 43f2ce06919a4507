"""What the logged-in account's role may do, said once per page: a button, menu action or field
that would make a change the role may not make is not offered — hidden, or a field made read-only
with a tooltip saying why. The services refuse such changes anyway (core.services.base); this keeps
the windows from offering what then fails.

Each page states its mapping in one place, e.g.

    roles.for_role(office, {"workflow": [self.issue_button], "review": [self.sign_button]})
    self.may_change = roles.allow(office, "workflow", self.new_button, self.edit_button)

and uses the returned flag for the ways in that are not widgets (double-click, keys, Ctrl+N).
The actions are those of core.services.accounts.PERMISSIONS: workflow, review, settings, accounts,
print_classified. Pages are built after the login, so asking at construction is enough.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from core.office import Office
from core.services.accounts import Role

Target = QWidget | QAction

NOTE_STYLE = "background: #eceff1; color: #37474f; padding: 3px 10px; border-radius: 4px;"


def tr(text: str) -> str:
    return QCoreApplication.translate("Roles", text)


def allow(office: Office, action: str, *targets: Target) -> bool:
    """Hide `targets` unless the account may do `action`; returns whether it may.
    Never shows anything: what the page hides for its own reasons stays hidden."""
    allowed = office.can(action)
    if not allowed:
        for target in targets:
            target.setVisible(False)
    return allowed


def for_role(office: Office, offered: Mapping[str, Iterable[Target]]) -> None:
    """`allow` for each action: {action: [the widgets and menu actions that need it]}."""
    for action, targets in offered.items():
        allow(office, action, *targets)


def lock(office: Office, action: str, *fields: QWidget) -> bool:
    """Fields the account may not change show their value read-only, the tooltip saying why."""
    allowed = office.can(action)
    if not allowed:
        why = why_not(office, action)
        for field in fields:
            if isinstance(field, QLineEdit | QPlainTextEdit | QTextEdit | QAbstractSpinBox):
                field.setReadOnly(True)
            else:
                field.setEnabled(False)
            field.setToolTip(why)
    return allowed


def why_not(office: Office, action: str) -> str:
    """Why the account's role may not do `action`, in a few words."""
    if action == "print_classified":
        return tr("只读账户不能打印、另存或用其他程序打开涉密纪要")
    if office.account is not None and office.account.role is Role.READ_ONLY:
        return tr("只读账户只能查看，不能修改")
    return {
        "workflow": tr("审核账户只能录入核稿和领导意见"),
        "settings": tr("设置只能由管理员修改"),
        "accounts": tr("账户只能由管理员管理"),
    }.get(action, tr("当前账户的角色不能进行此操作"))


def role_note(office: Office) -> str:
    """The line a page header shows for a role that may change little; empty for the others."""
    role = office.account.role if office.account is not None else None
    if role is Role.READ_ONLY:
        return tr("只读账户：可查看，不能修改")
    if role is Role.REVIEWER:
        return tr("审核账户：可录入核稿和领导意见，其他只能查看")
    return ""


def add_role_note(layout: QBoxLayout, office: Office) -> QLabel | None:
    """Put the role's note at the end of a page header (nothing for 管理员 and 秘书)."""
    text = role_note(office)
    if not text:
        return None
    label = QLabel(text)
    label.setObjectName("roleNote")
    label.setStyleSheet(NOTE_STYLE)
    layout.addWidget(label)
    return label
