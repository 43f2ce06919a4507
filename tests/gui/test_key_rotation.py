"""更换密钥 in 数据安全: the new recovery code is shown and two of its groups must be typed back
before anything changes; then the file is re-encrypted on the op runner and opens only with the
new key. Administrators only; a passphrase file is refused before a code is shown; a backup made
before the change asks for the old recovery code when restored."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox, QWizard

from core.errors import WrongKeyOrDamaged
from core.keeping import backups, rotation
from core.model import Role
from core.office import Office
from core.store import recovery
from core.store.keys import Passphrase, RawKey, key_from_text
from core.store.keystore import KeyringSource, MemoryKeyStore
from gui.data_safety import DataSafetyPanel
from gui.data_safety.key_rotation import CodePage, ConfirmPage, IntroPage, KeyRotationDialog
from gui.data_safety.restore import KeyDialog, PreviewDialog
from gui.ops import OpRunner
from tests.gui.helpers import wait_idle, windows


def _in_keyring(office: Office, key: RawKey) -> MemoryKeyStore:
    store = MemoryKeyStore()
    store.put(office.file_id, key)
    office.use_key_source(KeyringSource(store))
    return store


def _only(kind: type, name: str | None = None):  # type: ignore[no-untyped-def]
    found = windows(kind, name)
    assert len(found) == 1, found
    return found[0]


def _another_valid_group(index: int, group: str) -> str:
    value = (int(group) // 11 + 1) % 65536
    return f"{value * 11 + index % 11:06d}"


def test_the_code_is_confirmed_before_the_file_is_re_encrypted_under_it(
        qtbot, office: Office, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    store = _in_keyring(office, key)
    office.settings.set("note", "更换前的数据")
    dialog = KeyRotationDialog(office, runner, rng=random.Random(3))
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, runner)
    assert dialog.office_name == "澄溪区人民政府办公室"  # for the printed sheet
    assert isinstance(dialog.currentPage(), IntroPage)
    dialog.next()

    page = dialog.currentPage()
    assert isinstance(page, CodePage)
    shown = [page.findChild(QLabel, f"group{i}").text() for i in range(1, 17)]
    assert RawKey(recovery.decode("".join(shown))) == dialog.key != key
    assert not page.isComplete()  # the user must say the new code is kept
    page.kept.setChecked(True)
    dialog.next()

    confirm = dialog.currentPage()
    assert isinstance(confirm, ConfirmPage) and len(confirm.edits) == 2
    groups = recovery.groups(dialog.code)
    first, second = dialog.confirm_indices
    confirm.edits[0].setText(groups[first])
    confirm.edits[1].setText(_another_valid_group(second, groups[second]))  # well-formed, not this code's
    finish = dialog.button(QWizard.WizardButton.FinishButton)
    finish.click()
    wait_idle(qtbot, runner)
    assert dialog.isVisible() and "不符" in confirm.error.text()
    assert store.entries == {f"db:{office.file_id}": key.secret.hex()}  # nothing stored, nothing rekeyed
    assert office.key_for_backup() == key

    confirm.edits[1].setText(groups[second][:3] + " " + groups[second][3:])  # spaces are forgiven
    finish.click()
    wait_idle(qtbot, runner)
    assert not dialog.isVisible()
    said = _only(QMessageBox, "infoBox").text()
    assert "密钥已更换" in said and "原来的恢复密钥" in said
    assert store.entries == {f"db:{office.file_id}": dialog.key.secret.hex()}  # promoted, no pending left
    assert office.settings.get("note") == "更换前的数据"  # the office goes on under the new key
    office.close()

    with pytest.raises(WrongKeyOrDamaged):
        Office.open(db_path, key)
    with Office.open(db_path, KeyringSource(store)) as reopened:
        assert reopened.settings.get("note") == "更换前的数据"
    with Office.open(db_path, key_from_text(" ".join(shown))) as reopened:  # the new recovery code
        recorded = [(r.event, r.summary, r.success) for r in reopened.audit_log.rows().rows]
        assert (rotation.EVENT, rotation.DONE, True) in recorded


def test_a_rotation_that_fails_says_so_and_keeps_the_old_key(
        qtbot, office: Office, runner: OpRunner, key: RawKey, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.errors import StorageFull

    store = _in_keyring(office, key)

    def disk_full(*_args: object) -> None:
        raise StorageFull()

    monkeypatch.setattr(rotation, "rotate", disk_full)
    dialog = KeyRotationDialog(office, runner, rng=random.Random(4))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.next()
    dialog.currentPage().kept.setChecked(True)
    dialog.next()
    confirm = dialog.currentPage()
    for index, edit in zip(dialog.confirm_indices, confirm.edits, strict=True):
        edit.setText(recovery.groups(dialog.code)[index])
    dialog.button(QWizard.WizardButton.FinishButton).click()
    wait_idle(qtbot, runner)
    assert not dialog.isVisible()
    assert "密钥未更换" in _only(QMessageBox, "errorBox").text()
    assert store.entries == {f"db:{office.file_id}": key.secret.hex()}


def test_only_administrators_see_the_button(qtbot, office: Office, runner: OpRunner, key: RawKey) -> None:
    _in_keyring(office, key)
    office.accounts.create_first_admin("admin", "Admin#2026x")
    office.log_in("admin", "Admin#2026x")
    office.accounts.add("clerk", Role.SECRETARY, "Clerk#2026x")
    admin_panel = DataSafetyPanel(office, runner)
    qtbot.addWidget(admin_panel)
    assert admin_panel.rotate_key.isVisibleTo(admin_panel)
    office.log_in("clerk", "Clerk#2026x")
    clerk_panel = DataSafetyPanel(office, runner)
    qtbot.addWidget(clerk_panel)
    clerk_panel.show()
    wait_idle(qtbot, runner)
    assert not clerk_panel.rotate_key.isVisible()


def test_a_passphrase_file_is_refused_before_any_code_is_shown(qtbot, runner: OpRunner, tmp_path: Path) -> None:
    with Office.create(tmp_path / "p.huiwu", Passphrase("澄溪区办公室口令2026"), "澄溪区人民政府办公室") as office:
        panel = DataSafetyPanel(office, runner)
        qtbot.addWidget(panel)
        panel.show()
        wait_idle(qtbot, runner)
        panel.rotate_key.click()
        assert "不支持更改口令" in _only(QMessageBox, "errorBox").text()
        assert windows(KeyRotationDialog) == []
        wait_idle(qtbot, runner)


def test_restoring_a_backup_from_before_the_change_asks_for_the_old_code(
        qtbot, office: Office, runner: OpRunner, key: RawKey) -> None:
    _in_keyring(office, key)
    office.settings.set("note", "更换前")
    old = backups.daily_backup(office)
    assert old is not None
    rotation.rotate(office, RawKey.generate())
    office.settings.set("note", "更换后")
    panel = DataSafetyPanel(office, runner)
    qtbot.addWidget(panel)
    panel.tabs.setCurrentIndex(1)
    panel.show()
    wait_idle(qtbot, runner)
    panel.backup.restore_from(old)
    wait_idle(qtbot, runner)
    asked = _only(KeyDialog)
    assert any("更换密钥之前" in label.text() for label in asked.findChildren(QLabel))
    asked.secret_edit.setText(recovery.encode(key.secret))  # the old recovery code
    asked.ok_button.click()
    wait_idle(qtbot, runner)
    _only(PreviewDialog).restore_button.click()
    box = _only(QMessageBox, "confirmBox")
    next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole).click()
    wait_idle(qtbot, runner)
    assert office.settings.get("note") == "更换前"
