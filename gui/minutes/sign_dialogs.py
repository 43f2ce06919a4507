"""Recording the sign-off (签发) and the mayor's consent (报区长同意), each through the op runner;
a refusal (the wrong signer, art. 45) is shown as the service words it, over the dialog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from core.model.enums import ApprovalManner
from core.services.minutes import MinutesService
from core.services.minutes_types import SigningView
from gui.minutes.common import tr
from gui.ops import OpRunner
from gui.roster.forms import ChoiceCombo, DateEdit, FormDialog
from gui.topics.action_base import text_box

CIRCLED = "圈阅"


def signer_choices(view: SigningView) -> list[tuple[str, Any]]:
    """The people who may sign on that day: the authority, and the acting delegate if any."""
    labels = [view.authority] + ([tr("%1（受委托代为签发）").replace("%1", view.acting)] if view.acting else [])
    return list(zip(labels, view.signer_ids, strict=False))


class SignDialog(FormDialog):
    def __init__(self, runner: OpRunner, minutes: MinutesService, minutes_id: int, *, day: dt.date,
                 earliest: dt.date, earliest_why: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(runner, tr("记录签发"), tr("记录签发"), parent)
        self.setObjectName("signDialog")
        self.setMinimumWidth(600)
        self.minutes = minutes
        self.minutes_id = minutes_id
        self._generation = 0
        heading = QLabel(title)
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: bold;")
        self.form.addRow(heading)
        today = minutes.today()
        self.date_edit = DateEdit(min(day, today))
        self.date_edit.setObjectName("signedOn")
        self.date_edit.set_earliest(min(earliest, today), earliest_why)
        self.date_edit.set_latest(today, tr("签发日期不能晚于今天"))
        self.date_edit.dateChanged.connect(lambda _d: self.look_up())
        self.form.addRow(tr("签发日期："), self.date_edit)
        self.signer_combo = ChoiceCombo()
        self.signer_combo.setObjectName("signer")
        self.form.addRow(tr("签发人："), self.signer_combo)
        self.route_label = QLabel()
        self.route_label.setObjectName("route")
        self.route_label.setWordWrap(True)
        self.route_label.setStyleSheet("color: #555;")
        self.form.addRow(self.route_label)
        self.circled_box = QCheckBox(tr("圈阅（视为同意）"))
        self.circled_box.setObjectName("circled")
        self.circled_box.toggled.connect(self._circled)
        self.form.addRow("", self.circled_box)
        self.opinion_edit = text_box(tr("签发意见，如“同意印发”"), 70)
        self.opinion_edit.setObjectName("opinion")
        self.opinion_edit.setPlainText(tr("同意"))
        self.form.addRow(tr("签发意见："), self.opinion_edit)
        note = QLabel(tr("签发人圈阅的，视为同意（《党政机关公文处理工作条例》第二十二条）。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.form.addRow(note)
        self.look_up()

    def look_up(self) -> None:
        """The signers for the chosen day, from the service on the worker; only the newest answer counts."""
        self._generation += 1
        generation, minutes, minutes_id, day = self._generation, self.minutes, self.minutes_id, self.date_edit.day()
        self.ok_button.setEnabled(False)

        def arrived(view: SigningView) -> None:
            if generation == self._generation and shiboken6.isValid(self):
                self.show_view(view)

        self.runner.run(lambda: minutes.signing_view(minutes_id, day), on_success=arrived, parent=self,
                        label=tr("正在查找签发人…"))

    def show_view(self, view: SigningView) -> None:
        self.signer_combo.set_choices(signer_choices(view))
        self.signer_combo.setCurrentIndex(self.signer_combo.count() - 1 if view.acting else 0)
        route = tr("依规由%1签发").replace("%1", view.authority)
        if view.acting:
            route += tr("；该日由%1受委托代为签发").replace("%1", view.acting)
        self.route_label.setText("\n".join([route + "。", *view.reasons]))
        self.ok_button.setEnabled(self.signer_combo.count() > 0)
        self.adjustSize()  # the route text arrived after the dialog was laid out

    def _circled(self, on: bool) -> None:
        self.opinion_edit.setReadOnly(on)
        self.opinion_edit.setPlainText(CIRCLED if on else tr("同意"))

    def problem(self) -> str:
        return "" if self.signer_combo.value() is not None else self.refuse(self.signer_combo, tr("请选择签发人。"))

    def save(self) -> Callable[[], Any]:
        minutes, minutes_id = self.minutes, self.minutes_id
        signer, day, opinion = self.signer_combo.value(), self.date_edit.day(), self.opinion_edit.toPlainText()
        return lambda: minutes.sign(minutes_id, signer_id=signer, signed_on=day, opinion=opinion)


class ConsentDialog(FormDialog):
    def __init__(self, runner: OpRunner, minutes: MinutesService, minutes_id: int, *, earliest: dt.date,
                 title: str, parent: QWidget | None = None) -> None:
        super().__init__(runner, tr("记录区长同意"), tr("记录区长同意"), parent)
        self.setObjectName("consentDialog")
        self.setMinimumWidth(560)
        self.minutes = minutes
        self.minutes_id = minutes_id
        what = QLabel(tr("%1的议定事项涉及资金、人事、国有资产、重大投资、城市规划或重要国有自然资源，"
                         "须报区长同意后印发（依据《工作规则》第四十五条）。区长同意后在此记录。").replace("%1", title))
        what.setWordWrap(True)
        self.form.addRow(what)
        today = minutes.today()
        self.date_edit = DateEdit(today)
        self.date_edit.setObjectName("consentOn")
        self.date_edit.set_earliest(min(earliest, today), tr("同意日期不能早于会议日期"))
        self.date_edit.set_latest(today, tr("同意日期不能晚于今天"))
        self.form.addRow(tr("同意日期："), self.date_edit)
        self.manner_combo = ChoiceCombo([(m.value, m) for m in ApprovalManner])
        self.manner_combo.setObjectName("manner")
        self.manner_combo.set_value(ApprovalManner.WRITTEN)
        self.form.addRow(tr("同意方式："), self.manner_combo)

    def save(self) -> Callable[[], Any]:
        minutes, minutes_id = self.minutes, self.minutes_id
        day, manner = self.date_edit.day(), self.manner_combo.value()
        return lambda: minutes.record_consent(minutes_id, on=day, manner=manner)
