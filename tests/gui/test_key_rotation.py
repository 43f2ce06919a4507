"""更换密钥 in 数据安全: the new recovery code is shown and two of its groups must be typed back
before anything changes; then the file is re-encrypted on the op runner (the new key kept in the
key file while it runs) and opens only with the new key, while the administrator still logs in
with the same password. Administrators only; a file without key slots is refused before a code is
shown; a passphrase file is told its passphrase is what stops working; a backup made before the
change asks for the old recovery code when restored."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox, QWizard

from core.errors import WrongKeyOrDamaged
from core.keeping import backups, keyfile, rotation
from core.model import Role
from core.office import Office
from core.store import recovery
from core.store.keys import Passphrase, RawKey, key_from_text
from core.store.rekey import key_that_opens
from gui.data_safety import DataSafetyPanel
from gui.data_safety.key_rotation import CodePage, ConfirmPage, IntroPage, KeyRotationDialog
from gui.data_safety.restore import KeyDialog, PreviewDialog
from gui.ops import OpRunner
from tests.gui.helpers import wait_idle, windows

ADMIN, ADMIN_PASSWORD = "admin", "Admin#2026x"


def _admin(office: Office) -> None:
    office.accounts.create_first_admin(ADMIN, ADMIN_PASSWORD)
    office.log_in(ADMIN, ADMIN_PASSWORD)


def _pending(path: Path) -> dict[str, str] | None:
    kept = keyfile.load(path)
    assert kept is not None
    return kept.pending


def _only(kind: type, name: str | None = None):  # type: ignore[no-untyped-def]
    found = windows(kind, name)
    assert len(found) == 1, found
    return found[0]


def _another_valid_group(index: int, group: str) -> str:
    value = (int(group) // 11 + 1) % 65536
    return f"{value * 11 + index % 11:06d}"


def test_the_code_is_confirmed_before_the_file_is_re_encrypted_under_it(
        qtbot, office: Office, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    _admin(office)
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
    labels = [page.findChild(QLabel, f"group{i}") for i in range(1, 17)]
    shown = [label.text() for label in labels if label is not None]
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
    assert _pending(db_path) is None and office.key_for_backup() == key  # nothing stored, nothing rekeyed
    assert key_that_opens(db_path, [key]) == key

    confirm.edits[1].setText(groups[second][:3] + " " + groups[second][3:])  # spaces are forgiven
    finish.click()
    wait_idle(qtbot, runner)
    assert not dialog.isVisible()
    said = _only(QMessageBox, "infoBox").text()
    assert "密钥已更换" in said and "原来的恢复密钥" in said
    assert _pending(db_path) is None  # promoted, no pending key left
    assert office.key_for_backup() == dialog.key
    assert office.settings.get("note") == "更换前的数据"  # the office goes on under the new key
    office.close()

    with pytest.raises(WrongKeyOrDamaged):
        Office.open(db_path, key)
    with Office.open_as(db_path, ADMIN, ADMIN_PASSWORD) as reopened:  # the same password as before
        assert reopened.key_for_backup() == dialog.key
        assert reopened.settings.get("note") == "更换前的数据"
    with Office.open(db_path, key_from_text(" ".join(shown))) as reopened:  # the new recovery code
        recorded = [(r.event, r.summary, r.success) for r in reopened.audit_log.rows().rows]
        assert (rotation.EVENT, rotation.DONE, True) in recorded


def test_a_rotation_that_fails_says_so_and_keeps_the_old_key(
        qtbot, office: Office, runner: OpRunner, db_path: Path, key: RawKey,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from core.errors import StorageFull

    _admin(office)

    def disk_full(*_args: object) -> None:
        raise StorageFull()

    monkeypatch.setattr(rotation, "rotate", disk_full)
    dialog = KeyRotationDialog(office, runner, rng=random.Random(4))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.next()
    code_page = dialog.currentPage()
    assert isinstance(code_page, CodePage)
    code_page.kept.setChecked(True)
    dialog.next()
    confirm = dialog.currentPage()
    assert isinstance(confirm, ConfirmPage)
    for index, edit in zip(dialog.confirm_indices, confirm.edits, strict=True):
        edit.setText(recovery.groups(dialog.code)[index])
    dialog.button(QWizard.WizardButton.FinishButton).click()
    wait_idle(qtbot, runner)
    assert not dialog.isVisible()
    assert "密钥未更换" in _only(QMessageBox, "errorBox").text()
    assert _pending(db_path) is None and office.key_for_backup() == key


def test_only_administrators_see_the_button(qtbot, office: Office, runner: OpRunner) -> None:
    _admin(office)
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


def test_a_file_without_key_slots_is_refused_before_any_code_is_shown(
        qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    with Office.create(db_path, key, "澄溪区人民政府办公室") as office, office.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM file_secret")  # as a file from before key slots looks
    keyfile.keyfile_path(db_path).unlink()
    with Office.open(db_path, key) as office:
        assert not office.has_key_slots
        panel = DataSafetyPanel(office, runner)
        qtbot.addWidget(panel)
        panel.show()
        wait_idle(qtbot, runner)
        panel.rotate_key.click()
        assert "尚未启用账户密钥" in _only(QMessageBox, "errorBox").text()
        assert windows(KeyRotationDialog) == []
        wait_idle(qtbot, runner)


def test_a_passphrase_file_is_rotated_to_a_recovery_code(qtbot, runner: OpRunner, tmp_path: Path) -> None:
    """The pending key lives in the key file, so a passphrase file is no longer refused: the wizard
    says the passphrase is what stops working, and the file then opens with the new code."""
    path, passphrase = tmp_path / "p.huiwu", Passphrase("澄溪区办公室口令2026")
    with Office.create(path, passphrase, "澄溪区人民政府办公室") as office:
        _admin(office)
        panel = DataSafetyPanel(office, runner)
        qtbot.addWidget(panel)
        panel.show()
        wait_idle(qtbot, runner)
        panel.rotate_key.click()
        dialog = _only(KeyRotationDialog)
        wait_idle(qtbot, runner)
        intro = dialog.currentPage()
        assert isinstance(intro, IntroPage)
        said = " ".join(label.text() for label in intro.findChildren(QLabel))
        assert "原来的口令不能再打开" in said and "须输入原来的口令" in said
        dialog.next()
        code_page = dialog.currentPage()
        assert isinstance(code_page, CodePage)
        code_page.kept.setChecked(True)
        dialog.next()
        confirm = dialog.currentPage()
        assert isinstance(confirm, ConfirmPage)
        for index, edit in zip(dialog.confirm_indices, confirm.edits, strict=True):
            edit.setText(recovery.groups(dialog.code)[index])
        dialog.button(QWizard.WizardButton.FinishButton).click()
        wait_idle(qtbot, runner)
        said = _only(QMessageBox, "infoBox").text()
        assert "原口令不能再打开" in said and "原来的口令" in said
        new = dialog.key
    assert key_that_opens(path, [passphrase, new]) == new
    with Office.open_as(path, ADMIN, ADMIN_PASSWORD) as reopened:
        assert reopened.key_for_backup() == new


def test_restoring_a_backup_from_before_the_change_asks_for_the_old_code(
        qtbot, office: Office, runner: OpRunner, key: RawKey) -> None:
    _admin(office)
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
