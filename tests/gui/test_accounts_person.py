"""Issue 12 §2 in 账户管理: the administrator gives an account its 姓名 and links it to the roster
person it is; the table shows both, and the minutes' records then name that person."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from core.model import Role
from core.model.enums import Post
from core.office import Office
from gui.accounts_page import AccountsDialog, PersonDialog
from gui.ops import OpRunner
from tests.core.conftest import START
from tests.gui.helpers import wait_idle, windows

ADMIN_PW = "Admin#2026x"


def test_the_administrator_links_an_account_to_a_roster_person(qtbot, office: Office, runner: OpRunner) -> None:
    deputy = office.roster.add_person("钱副主任")
    office.roster.appoint(deputy, Post.OFFICE_DEPUTY_DIRECTOR, START)
    office.accounts.create_first_admin("admin", ADMIN_PW)
    office.log_in("admin", ADMIN_PW)
    office.accounts.add("qian", Role.REVIEWER, "Review#2026x")
    dialog = AccountsDialog(office, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, runner)
    dialog.table.selectRow(1)
    dialog.person_button.click()
    wait_idle(qtbot, runner)
    [form] = windows(PersonDialog)
    assert form.person_combo.value() is None  # not linked yet
    form.name_edit.setText("钱某")
    form.person_combo.set_value(deputy)
    [box] = form.findChildren(QDialogButtonBox)
    box.button(QDialogButtonBox.StandardButton.Ok).click()
    wait_idle(qtbot, runner)
    info = office.accounts.get("qian")
    assert (info.display_name, info.person_id, info.person_name) == ("钱某", deputy, "钱副主任")
    assert [dialog.table.item(1, c).text() for c in (0, 1, 5)] == ["qian", "钱某", "钱副主任"]
    rows = office.audit_log.rows().rows
    assert any(r.event == "账户.修改" and "对应人员 无 → 钱副主任" in r.summary for r in rows)


def test_settings_never_show_the_computers_user(qtbot, tmp_path, runner: OpRunner) -> None:
    import getpass

    from core.store.keys import RawKey
    from gui.settings_page import SettingsPage

    with Office.create(tmp_path / "scripted.huiwu", RawKey.generate(), "澄溪区人民政府办公室") as office:
        assert office.user == getpass.getuser() and office.account is None  # scripted: no login
        page = SettingsPage(office, runner)
        qtbot.addWidget(page)
        wait_idle(qtbot, runner)
        assert page.fact_labels["user"].text() == "（未登录）"
        page.close()
