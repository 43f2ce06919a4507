"""First run: the wizard creates the file with key slots and its first administrator; the recovery
code must be confirmed by one group; nothing goes into the keyring; the pages say plainly that
without an account password or the recovery code the file does not open."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtWidgets import QLabel

from core.keeping import keyfile
from core.office import Office
from core.store import recovery
from core.store.keys import RawKey
from core.store.keystore import MemoryKeyStore
from gui.main_window import MainWindow
from gui.ops import OpRunner
from gui.wizard import AdminPage, ConfirmGroupPage, FirstRunWizard, NamePage, ReadyPage, RecoveryCodePage
from tests.gui.helpers import ADMIN_PW, close_on_worker, start_program, wait_idle, windows

NO_WAY_BACK = "没有账户密码或恢复密钥，数据文件无法打开"


def _another_valid_group(index: int, group: str) -> str:
    value = (int(group) // 11 + 1) % 65536
    return f"{value * 11 + index % 11:06d}"


def _through_the_code(wizard: FirstRunWizard) -> None:
    wizard.currentPage().name_edit.setText("青川区人民政府办公室")
    wizard.next()
    wizard.currentPage().kept.setChecked(True)
    wizard.next()
    wizard.currentPage().group_edit.setText(recovery.groups(wizard.recovery_code)[wizard.confirm_index])
    wizard.next()


def _admin(page: AdminPage, user: str, password: str, repeat: str | None = None) -> None:
    page.user_edit.setText(user)
    page.name_edit.setText("系统管理员")
    page.password_edit.setText(password)
    page.repeat_edit.setText(password if repeat is None else repeat)


def test_wizard_creates_the_file_after_the_right_group_is_retyped(qtbot, runner: OpRunner, db_path: Path) -> None:
    wizard = FirstRunWizard(db_path, runner, rng=random.Random(7))
    qtbot.addWidget(wizard)
    created: list[tuple[Office, str]] = []
    wizard.created.connect(lambda office, warning: created.append((office, warning)))
    wizard.show()

    assert isinstance(wizard.currentPage(), NamePage)
    wizard.currentPage().name_edit.setText("青川区人民政府办公室")
    wizard.next()

    page = wizard.currentPage()
    assert isinstance(page, RecoveryCodePage)
    assert NO_WAY_BACK in page.subTitle() and "钥匙串" not in page.subTitle()
    shown = [page.findChild(QLabel, f"group{i}").text() for i in range(1, 17)]
    assert recovery.groups(wizard.recovery_code) == shown
    assert RawKey(recovery.decode("".join(shown))) == wizard.key
    assert not page.isComplete()  # the user must say the code is kept
    page.kept.setChecked(True)
    wizard.next()

    confirm = wizard.currentPage()
    assert isinstance(confirm, ConfirmGroupPage)
    index = wizard.confirm_index
    expected = recovery.groups(wizard.recovery_code)[index]
    assert f"第 {index + 1} 组" in confirm.subTitle()

    confirm.group_edit.setText(_another_valid_group(index, expected))  # well-formed, but not this code's
    wizard.next()
    assert wizard.currentPage() is confirm
    assert "不符" in confirm.error.text()

    confirm.group_edit.setText("12345")
    wizard.next()
    assert wizard.currentPage() is confirm
    assert "不是有效的一组" in confirm.error.text()
    assert not db_path.exists()

    confirm.group_edit.setText(expected[:3] + " " + expected[3:])  # spaces are forgiven
    wizard.next()
    admin = wizard.currentPage()
    assert isinstance(admin, AdminPage)
    assert NO_WAY_BACK in admin.findChild(QLabel, "noWayBack").text()
    _admin(admin, "admin", "admin123")
    wizard.next()
    assert wizard.currentPage() is admin and "密码不符合要求" in admin.error.text()
    _admin(admin, "admin", ADMIN_PW, ADMIN_PW + "x")
    wizard.next()
    assert wizard.currentPage() is admin and "不一致" in admin.error.text()
    _admin(admin, "ad min", ADMIN_PW)
    wizard.next()
    assert wizard.currentPage() is admin and "空格" in admin.error.text()
    _admin(admin, "admin", ADMIN_PW)
    wizard.next()
    ready = wizard.currentPage()
    assert isinstance(ready, ReadyPage)
    assert "管理员：admin" in ready.summary.text() and NO_WAY_BACK in ready.summary.text()
    assert not db_path.exists()

    wizard.accept()
    wait_idle(qtbot, runner)
    assert len(created) == 1
    office, warning = created[0]
    try:
        assert warning == "" and db_path.exists()
        assert office.settings.office_name() == "青川区人民政府办公室"
        assert office.account is not None and office.account.user_name == "admin" and office.has_key_slots
        assert admin.password_edit.text() == ""  # not kept on the page
    finally:
        close_on_worker(qtbot, runner, office)
    kept = keyfile.load(db_path)
    assert kept is not None and list(kept.slots) == ["admin"]  # the administrator's slot, beside the file
    with Office.open_as(db_path, "admin", ADMIN_PW) as reopened:  # the password opens it
        assert reopened.settings.office_name() == "青川区人民政府办公室"
    with Office.open(db_path, wizard.key) as reopened:  # and so does the recovery code
        assert reopened.settings.office_name() == "青川区人民政府办公室"


def test_the_wizard_through_the_start_up_keeps_nothing_in_the_keyring(
        qtbot, runner: OpRunner, db_path: Path) -> None:
    store = MemoryKeyStore()
    startup = start_program(qtbot, runner, db_path, store)
    found = windows(FirstRunWizard)
    assert len(found) == 1
    wizard = found[0]
    assert isinstance(wizard, FirstRunWizard)
    _through_the_code(wizard)
    page = wizard.currentPage()
    assert isinstance(page, AdminPage)
    _admin(page, "admin", ADMIN_PW)
    wizard.next()
    wizard.accept()
    wait_idle(qtbot, runner)
    window = startup.window
    assert isinstance(window, MainWindow) and window.isVisible()  # no second login: the wizard's admin is in
    assert startup.office is not None and startup.office.user == "admin"
    assert window.accounts_action.isVisible()
    assert "凭账户密码打开" in window.settings_page.fact_labels["key"].text()
    assert store.entries == {}
    window.hide()
    startup.shutdown()


def test_the_recovery_sheet_pdf_carries_every_group(qtbot, tmp_path: Path) -> None:
    import shutil
    import subprocess

    from gui import recovery_sheet

    code = recovery.encode(RawKey.generate().secret)
    pdf = tmp_path / "恢复密钥.pdf"
    recovery_sheet.save_pdf(str(pdf), code, "青川区人民政府办公室", "/home/秘书/office.huiwu")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert shutil.which("pdftotext"), "pdftotext 未安装（poppler-utils），CI 的 .ci/run 会安装它"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "青川区人民政府办公室" in text
    for group in recovery.groups(code):
        assert group in text
