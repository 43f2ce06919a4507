"""The people and departments a dialog's combos offer, read once on the worker."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from core.rules.roster import date_text
from core.services.roster_types import DepartmentRow, PersonRow
from gui.ops import OpRunner


@dataclass(frozen=True)
class Choices:
    people: list[PersonRow]
    departments: list[DepartmentRow]

    def person_items(self) -> list[tuple[str, Any]]:
        return [(f"{p.name}（{p.posts}）" if p.posts else p.name, p.id) for p in self.people]

    def department_items(self, *, none_label: str | None = None) -> list[tuple[str, Any]]:
        items: list[tuple[str, Any]] = [(none_label, None)] if none_label else []
        for d in self.departments:
            label = d.name + (QCoreApplication.translate("Roster", "（%1撤销）").replace("%1", date_text(d.ended_on))
                              if d.ended_on else "")
            items.append((label, d.id))
        return items


def with_choices(runner: OpRunner, roster: Any, parent: Any, then: Callable[[Choices], None]) -> None:
    """Load the choices on the worker, then call `then` on the GUI thread (to build the dialog)."""
    runner.run(lambda: Choices(roster.people(), roster.departments()), on_success=then, parent=parent,
               label=QCoreApplication.translate("Roster", "正在读取名册…"))
