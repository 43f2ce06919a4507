"""A tidy window (issue 14 §6), the forms: the topic form says what is missing as the other forms do,
with a red line under the field and no pop-up; all of them in the order of the form (议题名称 before
主办部门), the first focused; a line goes as soon as its field is valid."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from core.model.enums import Flag
from core.office import Office
from gui.ops import OpRunner
from gui.topics.submit_dialog import SubmitDialog
from tests.core.conftest import build_district
from tests.gui.helpers import wait_idle, windows


def _dialog(qtbot, office: Office, runner: OpRunner) -> SubmitDialog:  # type: ignore[no-untyped-def]
    dialog = SubmitDialog(office, runner, office.roster.departments())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    return dialog


def test_empty_topic_form_says_so_under_its_fields_in_order(qtbot, office: Office, runner: OpRunner) -> None:
    d = build_district(office)
    dialog = _dialog(qtbot, office, runner)
    dialog.contact_edit.setFocus()  # typing lower down
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    assert windows(QMessageBox, "errorBox") == []  # no pop-up
    assert dialog.checks.lines() == ["请填写议题名称。", "请选择主办部门。"]  # in the order of the form
    assert dialog.focusWidget() is dialog.title_edit  # the first one
    title_line = dialog.checks.fields[0].line
    assert title_line.isVisible()
    row, _role = dialog.form.getWidgetPosition(dialog.title_edit)
    assert dialog.form.getWidgetPosition(title_line)[0] == row + 1  # under its own field
    assert dialog.error.text() == ""  # said once, where the field is

    dialog.title_edit.setText("关于城市更新的议题")
    assert not title_line.isVisible()  # gone as soon as the field is valid, before the next OK
    assert dialog.checks.lines() == ["请选择主办部门。"]
    dialog.lead_combo.set_value(d.transport)
    assert dialog.checks.lines() == []

    dialog.flag_boxes[Flag.MAJOR].setChecked(True)  # a major matter without its category
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    assert dialog.checks.lines() == ["重大事项须注明类别（第二十条）。"] and dialog.focusWidget() is dialog.category_combo
    dialog.flag_boxes[Flag.MAJOR].setChecked(False)  # no longer major: nothing to say
    assert dialog.checks.lines() == []
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    assert [t.title for t in office.topics.topics()] == ["关于城市更新的议题"]
    assert windows(QMessageBox, "errorBox") == []


def test_a_name_typed_but_not_chosen_is_said_under_the_lead(qtbot, office: Office, runner: OpRunner) -> None:
    build_district(office)
    dialog = _dialog(qtbot, office, runner)
    dialog.title_edit.setText("关于城市更新的议题")
    assert dialog.lead_combo.isEditable()
    dialog.lead_combo.setEditText("区不存在局")
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    assert dialog.checks.lines() == ["请从列表中选择主办部门。"]
    assert office.topics.topics() == []


def test_a_forms_line_follows_the_fields_once_it_has_refused(qtbot, runner: OpRunner) -> None:
    """Every FormDialog: after OK refused, the line under the form says the next thing missing as the
    fields are filled and goes when nothing is, without another OK (it used to stay until then)."""
    from PySide6.QtWidgets import QCheckBox, QLineEdit

    from gui.roster.forms import FormDialog

    class Form(FormDialog):
        def __init__(self) -> None:
            super().__init__(runner, "代为出席", "登记")
            self.name_edit, self.post_edit, self.sure = QLineEdit(), QLineEdit(), QCheckBox("已核实")
            self.form.addRow("姓名：", self.name_edit)
            self.form.addRow("职务：", self.post_edit)
            self.form.addRow(self.sure)

        def problem(self) -> str:
            for edit, what in ((self.name_edit, "姓名"), (self.post_edit, "职务")):
                if not edit.text().strip():
                    return self.refuse(edit, f"请填写{what}。")
            return "" if self.sure.isChecked() else "请核实后勾选。"  # no field named: above the buttons

        def save(self):  # type: ignore[no-untyped-def]
            return lambda: None

    form = Form()
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    qtbot.waitExposed(form)

    def under() -> int:  # the form row the line is in (-1: above the buttons)
        return form.form.getWidgetPosition(form.error)[0]

    def row_of(widget) -> int:  # type: ignore[no-untyped-def]
        return form.form.getWidgetPosition(widget)[0]

    form.name_edit.setText("李")
    form.name_edit.clear()
    assert form.error.text() == ""  # nothing said before the first OK
    form.post_edit.setFocus()
    form.ok_button.click()
    assert form.error.text() == "请填写姓名。" and under() == row_of(form.name_edit) + 1
    qtbot.waitUntil(form.name_edit.hasFocus)  # the field named takes the focus
    form.name_edit.setText("李四")
    assert form.error.text() == "请填写职务。" and under() == row_of(form.post_edit) + 1
    assert form.name_edit.hasFocus()  # a line moving on does not take the focus from the typing
    form.post_edit.setText("区交通局副局长")
    assert form.error.text() == "请核实后勾选。" and under() == -1
    form.sure.setChecked(True)
    assert form.error.text() == ""
