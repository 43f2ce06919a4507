"""First run: the wizard creates the file; the recovery code must be confirmed by one group."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtWidgets import QLabel

from core.office import Office
from core.store import recovery
from core.store.keys import Passphrase, RawKey, file_id
from core.store.keystore import KeyringSource, MemoryKeyStore
from gui.ops import OpRunner
from gui.wizard import ConfirmGroupPage, FirstRunWizard, NamePage, PassphrasePage, ReadyPage, RecoveryCodePage
from tests.gui.helpers import close_on_worker, wait_idle


def _another_valid_group(index: int, group: str) -> str:
    value = (int(group) // 11 + 1) % 65536
    return f"{value * 11 + index % 11:06d}"


def test_wizard_creates_the_file_after_the_right_group_is_retyped(qtbot, runner: OpRunner, db_path: Path) -> None:
    store = MemoryKeyStore()
    wizard = FirstRunWizard(db_path, runner, store, rng=random.Random(7))
    qtbot.addWidget(wizard)
    created: list[Office] = []
    wizard.created.connect(lambda office, warning: created.append(office))
    wizard.show()

    assert isinstance(wizard.currentPage(), NamePage)
    wizard.currentPage().name_edit.setText("青川区人民政府办公室")
    wizard.next()

    page = wizard.currentPage()
    assert isinstance(page, RecoveryCodePage)
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
    assert isinstance(wizard.currentPage(), ReadyPage)
    assert not db_path.exists()

    wizard.accept()
    wait_idle(qtbot, runner)
    assert len(created) == 1
    office = created[0]
    try:
        assert db_path.exists()
        assert office.settings.office_name() == "青川区人民政府办公室"
        assert store.get(file_id(db_path)) == wizard.key  # the key went into the key store
    finally:
        close_on_worker(qtbot, runner, office)
    with Office.open(db_path, KeyringSource(store)) as reopened:  # and it opens the file
        assert reopened.settings.office_name() == "青川区人民政府办公室"


def test_without_a_keyring_the_wizard_asks_for_a_passphrase_twice(qtbot, runner: OpRunner, db_path: Path) -> None:
    wizard = FirstRunWizard(db_path, runner, None, no_keyring_reason="没有可用的安全系统钥匙串。")
    qtbot.addWidget(wizard)
    created: list[Office] = []
    wizard.created.connect(lambda office, warning: created.append(office))
    wizard.show()
    wizard.currentPage().name_edit.setText("青川区人民政府办公室")
    wizard.next()
    page = wizard.currentPage()
    assert isinstance(page, PassphrasePage)

    page.first.setText("short")
    page.second.setText("short")
    wizard.next()
    assert wizard.currentPage() is page and "10 个字符" in page.error.text()

    page.first.setText("青川区政府办公室口令1")
    page.second.setText("青川区政府办公室口令2")
    wizard.next()
    assert wizard.currentPage() is page and "不一致" in page.error.text()

    page.second.setText("青川区政府办公室口令1")
    wizard.next()
    assert isinstance(wizard.currentPage(), ReadyPage)
    wizard.accept()
    wait_idle(qtbot, runner)
    assert len(created) == 1
    close_on_worker(qtbot, runner, created[0])
    with Office.open(db_path, Passphrase("青川区政府办公室口令1")) as reopened:
        assert reopened.settings.office_name() == "青川区人民政府办公室"


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
