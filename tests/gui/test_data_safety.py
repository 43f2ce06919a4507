"""数据安全 in 设置: the file check (✓ on a clean file, the first broken audit row named, a damaged
page offers the latest automatic backup and restoring it brings the file back), a verified backup
to a folder under a separate passphrase and a restore from it after a change, the audit table's
filters and pages, and the audit PDF rendered through the op runner."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import text

from core.errors import WrongKeyOrDamaged
from core.keeping import anchor, backups
from core.office import Office
from core.store.keys import Passphrase
from gui.data_safety import DataSafetyPanel
from gui.data_safety.backup_panel import BackupDialog
from gui.data_safety.restore import KeyDialog, PreviewDialog
from gui.ops import OpRunner
from tests.core.test_audit_log import _add
from tests.core.test_meeting_docs import assert_safe_pdf
from tests.gui.helpers import wait_idle, windows


def _panel(qtbot, office: Office, runner: OpRunner, tab: int = 0) -> DataSafetyPanel:  # type: ignore[no-untyped-def]
    panel = DataSafetyPanel(office, runner)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.tabs.setCurrentIndex(tab)
    panel.show()
    wait_idle(qtbot, runner)
    return panel


def _only(kind: type, name: str | None = None):  # type: ignore[no-untyped-def]
    found = windows(kind, name)
    assert len(found) == 1, found
    return found[0]


def _answer(qtbot, runner: OpRunner, yes: bool = True) -> str:  # type: ignore[no-untyped-def]
    box = _only(QMessageBox, "confirmBox")
    said = box.text() + box.informativeText()
    role = QMessageBox.ButtonRole.AcceptRole if yes else QMessageBox.ButtonRole.RejectRole
    next(b for b in box.buttons() if box.buttonRole(b) == role).click()
    wait_idle(qtbot, runner)
    return said


def _dismiss_info() -> str:
    box = _only(QMessageBox, "infoBox")
    said = box.text()
    box.close()
    return said


def _check(qtbot, panel: DataSafetyPanel, runner: OpRunner) -> list[str]:  # type: ignore[no-untyped-def]
    panel.check.check_button.click()
    wait_idle(qtbot, runner)
    return [panel.check.lines.item(i).text() for i in range(panel.check.lines.count())]


def test_check_on_a_clean_file(qtbot, office: Office, runner: OpRunner) -> None:
    panel = _panel(qtbot, office, runner)
    lines = _check(qtbot, panel, runner)
    assert len(lines) >= 6 and all(line.startswith("✓ ") and line.endswith("：通过") for line in lines)
    assert "加密页校验（逐页）：通过" in lines[1]
    assert panel.check.summary.text() == "全部检查通过。"
    assert not panel.check.offer_box.isVisible()


def test_a_tampered_audit_row_is_named(qtbot, office: Office, runner: OpRunner) -> None:
    for i in range(6):
        office.settings.set("k", str(i))
    backups.daily_backup(office)
    with office.engine.begin() as conn:  # someone with the key drops the trigger and edits a row
        conn.execute(text("DROP TRIGGER audit_no_update"))
        conn.execute(text("UPDATE audit SET summary = '篡改' WHERE id = 4"))
    panel = _panel(qtbot, office, runner)
    lines = _check(qtbot, panel, runner)
    assert "✗ 审计记录链：第 4 条审计记录被改动或链条断开" in lines
    assert panel.check.summary.text().startswith("检查发现问题")
    assert panel.check.offer_box.isVisible() and panel.check.restore_button.isEnabled()
    assert "daily" in panel.check.offer.text() and "每日自动备份" in panel.check.offer.text()

    panel.tabs.setCurrentIndex(2)
    wait_idle(qtbot, runner)
    assert panel.audit.chain_label.text() == "✗ 审计链：第 4 条审计记录被改动或链条断开"
    assert panel.audit.anchor_label.text().startswith("✓ 审计锚点一致")  # anchored before the edited row
    assert not panel.audit.reanchor_button.isVisible()
    row = next(i for i, r in enumerate(panel.audit.model.rows) if r.id == 4)
    red = panel.audit.model.data(panel.audit.model.index(row, 6), Qt.ItemDataRole.ForegroundRole)
    assert red is not None and red.color().name() == "#b71c1c"  # the broken row stands out


def test_a_damaged_page_offers_the_latest_backup_and_restores_it(qtbot, office: Office, runner: OpRunner) -> None:
    """R4: a flipped byte in a page is named, and the newest automatic backup brings the file back."""
    for i in range(200):
        office.settings.set(f"k{i}", "数据" * 40)
    made = backups.daily_backup(office)
    assert made is not None
    anchor.save(office)
    office.engine.dispose()  # every connection closed: the WAL is merged, the pages are on disk
    data = bytearray(office.path.read_bytes())
    data[4096 * 3 + 100] ^= 0xFF
    office.path.write_bytes(bytes(data))

    panel = _panel(qtbot, office, runner)
    lines = _check(qtbot, panel, runner)
    assert any(line.startswith("✗ 加密页校验") and "第 4 页" in line for line in lines), lines
    assert panel.check.offer_box.isVisible() and made.name in panel.check.offer.text()

    panel.check.restore_button.click()
    wait_idle(qtbot, runner)
    preview = _only(PreviewDialog)
    assert preview.values["counts"].text().startswith("议题 0 条")
    assert "校验通过" in preview.values["status"].text()
    assert preview.plan_label.isVisible() and "备份共有 " in preview.plan_label.text()
    preview.restore_button.click()
    said = _answer(qtbot, runner)
    assert "恢复前会自动备份当前数据" in said
    info = _dismiss_info()
    assert "已从备份恢复" in info and "原数据文件已损坏，已原样留存为" in info
    lines = [panel.check.lines.item(i).text() for i in range(panel.check.lines.count())]
    assert all(line.startswith("✓") for line in lines), lines  # checked again at once
    assert office.settings.get("k199") == "数据" * 40
    kept = list(office.path.parent.glob("*.backups/*-damaged*"))
    assert kept, "the damaged file is kept for whoever wants to salvage it"


def test_backup_to_a_folder_with_a_separate_passphrase_and_restore_after_a_change(
        qtbot, office: Office, runner: OpRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    office.settings.set("note", "第一版")
    media = tmp_path / "U盘"
    media.mkdir()
    panel = _panel(qtbot, office, runner, tab=1)

    panel.backup.backup_button.click()
    dialog = _only(BackupDialog)
    assert isinstance(dialog, BackupDialog)
    dialog.ok_button.click()
    assert dialog.error.text() == "请选择备份位置。"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(media)))
    dialog.choose_button.click()
    assert dialog.error.text() == ""  # the folder chosen: the line goes without another OK
    dialog.separate_box.setChecked(True)
    dialog.first.setText("短口令")
    dialog.ok_button.click()
    assert "至少需要 10 个字符" in dialog.error.text()
    dialog.first.setText("移动介质专用口令2026")
    dialog.second.setText("移动介质专用口令2025")
    dialog.ok_button.click()
    assert dialog.error.text() == "两次输入的口令不一致。"
    dialog.second.setText("移动介质专用口令2026")
    assert dialog.error.text() == ""
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    assert not dialog.isVisible()
    saved = panel.backup.last_backup
    assert saved is not None and saved.ok and saved.path.parent == media
    assert "已备份并校验通过" in _dismiss_info()
    assert "单独的备份口令" in panel.backup.result.text()
    with pytest.raises(WrongKeyOrDamaged):
        backups.inspect(saved.path, office.key_for_backup())
    assert backups.inspect(saved.path, Passphrase("移动介质专用口令2026")).ok

    office.settings.set("note", "第二版")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(saved.path), "")))
    panel.backup.restore_file_button.click()
    wait_idle(qtbot, runner)
    key_dialog = _only(KeyDialog)
    assert isinstance(key_dialog, KeyDialog)
    key_dialog.secret_edit.setText("不是备份时设置的那个口令")
    key_dialog.ok_button.click()
    wait_idle(qtbot, runner)
    assert "备份文件无法读取" in key_dialog.error.text() and key_dialog.isVisible()
    key_dialog.secret_edit.setText("移动介质专用口令2026")
    key_dialog.ok_button.click()
    wait_idle(qtbot, runner)
    assert not key_dialog.isVisible()
    preview = _only(PreviewDialog)
    assert isinstance(preview, PreviewDialog)
    assert preview.values["file"].text() == str(saved.path)

    preview.restore_button.click()
    _answer(qtbot, runner, yes=False)  # 取消: nothing happens
    assert office.settings.get("note") == "第二版"
    preview.restore_button.click()  # the preview closed on the first choice; open it again
    assert windows(QMessageBox, "confirmBox")
    _answer(qtbot, runner, yes=True)
    assert "已从备份恢复" in _dismiss_info()
    assert office.settings.get("note") == "第一版"
    wait_idle(qtbot, runner)
    kinds = [b.kind for b in panel.backup.model.rows]
    assert "恢复前自动备份" in kinds  # the file before the restore, listed among the automatic backups
    events = [r.event for r in office.audit_log.rows().rows]
    assert "数据.从备份恢复" in events


def test_restore_from_an_automatic_backup_in_the_list(qtbot, office: Office, runner: OpRunner) -> None:
    office.settings.set("note", "早上的数据")
    backups.daily_backup(office)
    office.settings.set("note", "下午改坏的数据")
    office.settings.set("note2", "下午改坏的数据")
    panel = _panel(qtbot, office, runner, tab=1)
    assert [b.kind for b in panel.backup.model.rows] == ["每日自动备份"]
    assert panel.backup.model.rows[0].size_text.endswith("KB")
    panel.backup.restore_selected_button.click()
    wait_idle(qtbot, runner)
    assert windows(KeyDialog) == []  # the file's own key opens its automatic backups
    preview = _only(PreviewDialog)
    # What the restore means for the history, before the user says yes (issue 11 §3).
    plan = preview.plan_label.text()
    assert preview.plan_label.isVisible()
    assert "本数据文件的早先副本" in plan and "有 2 条审计记录" in plan and "不在备份中" in plan
    preview.restore_button.click()
    said = _answer(qtbot, runner)
    assert "有 2 条审计记录" in said  # said again in the confirmation
    _dismiss_info()
    assert office.settings.get("note") == "早上的数据"
    assert any("有 2 条审计记录" in r.summary for r in office.audit_log.rows().rows
               if r.event == "数据.从备份恢复")  # and kept in the record


def test_audit_table_filters_and_pages(qtbot, office: Office, runner: OpRunner) -> None:
    _add(office, "2026-11-02T09:15:00+08:00", "张秘书", "会议.修改", "meeting", "1")
    _add(office, "2026-11-02T10:00:00+08:00", "李审核", "纪要.核稿", "minutes", "3")
    _add(office, "2026-11-03T08:00:00+08:00", "王五", "登录", "account", "王五", success=False, summary="密码错误")
    for i in range(120):
        _add(office, "2026-11-05T08:00:00+08:00", "张秘书", "会议.新建", "meeting", str(100 + i))
    panel = _panel(qtbot, office, runner, tab=2)
    audit = panel.audit
    assert audit.page is not None and audit.page.total >= 123
    assert len(audit.model.rows) == 100 and audit.next_button.isEnabled() and not audit.previous_button.isEnabled()
    ids = [r.id for r in audit.model.rows]
    assert ids == sorted(ids, reverse=True)
    assert audit.chain_label.text().startswith("✓ 审计链：审计记录完整，共")

    audit.next_button.click()
    wait_idle(qtbot, runner)
    assert audit.offset == 100 and audit.previous_button.isEnabled()
    assert audit.page_label.text().startswith("第 101–")

    # The user filter offers accounts and names typed at a login (issue 12 §2), so 王五's refused login:
    audit.user_combo.set_value("王五")
    wait_idle(qtbot, runner)
    assert [(r.user_name, r.event) for r in audit.model.rows] == [("王五", "登录")]
    assert audit.offset == 0
    audit.user_combo.setCurrentIndex(0)
    wait_idle(qtbot, runner)

    labels = [audit.event_combo.itemText(i) for i in range(audit.event_combo.count())]
    assert "会议（全部）" in labels and "　会议.新建" in labels
    audit.event_combo.set_value("会议.")
    wait_idle(qtbot, runner)
    assert audit.page is not None and audit.page.total == 121
    audit.event_combo.set_value("会议.修改")
    wait_idle(qtbot, runner)
    assert [r.object_text for r in audit.model.rows] == ["会议 1"]
    audit.event_combo.setCurrentIndex(0)
    wait_idle(qtbot, runner)

    audit.failures_box.setChecked(True)
    wait_idle(qtbot, runner)
    assert [(r.user, r.result_text, r.summary) for r in audit.model.rows] == [("王五", "失败", "密码错误")]
    audit.failures_box.setChecked(False)
    wait_idle(qtbot, runner)

    audit.object_combo.set_value("meeting")
    audit.object_id_edit.setText("105")
    audit.object_id_edit.editingFinished.emit()
    wait_idle(qtbot, runner)
    assert [r.object_text for r in audit.model.rows] == ["会议 105"]
    audit.clear_button.click()
    wait_idle(qtbot, runner)

    import datetime as dt

    audit.since_edit.set_day(dt.date(2026, 11, 2))
    audit.until_edit.set_day(dt.date(2026, 11, 3))
    wait_idle(qtbot, runner)
    assert [r.event for r in audit.model.rows] == ["登录", "纪要.核稿", "会议.修改"]


def test_audit_pdf_through_the_op_runner(qtbot, office: Office, runner: OpRunner, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    office.settings.set("note", "<b>&amp;</b>")
    panel = _panel(qtbot, office, runner, tab=2)
    target = tmp_path / "审计"
    offered: list[str] = []

    def save_dialog(_parent, _title, suggested, _filter):  # type: ignore[no-untyped-def]
        offered.append(suggested)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    finished: list[object] = []
    runner.op_finished.connect(finished.append)
    panel.audit.export_button.click()
    wait_idle(qtbot, runner)
    assert finished, "rendered on the op runner"
    assert re.search(r"审计记录\d{8}\.pdf$", offered[0])
    pdf = tmp_path / "审计.pdf"
    assert panel.audit.exported == pdf
    body = re.sub(r"\s+", "", assert_safe_pdf(pdf))
    assert body.startswith("审计记录澄溪区人民政府办公室范围：全部时间审计链：审计记录完整，共")
    assert "审计锚点：审计锚点一致" in body
    assert str(pdf) in _dismiss_info()
    wait_idle(qtbot, runner)
    assert panel.audit.model.rows[0].event == "审计.导出"  # the export is itself recorded

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    panel.audit.exported = None
    panel.audit.export_button.click()
    wait_idle(qtbot, runner)
    assert panel.audit.exported is None and windows(QMessageBox) == []



def test_a_secretary_backs_up_but_only_an_administrator_restores(qtbot, office: Office, runner: OpRunner) -> None:
    from core.model import Role

    office.accounts.create_first_admin("admin", "Admin-2026-pass")
    office.log_in("admin", "Admin-2026-pass")
    office.accounts.add("wangli", Role.SECRETARY, "Clerk-2026-pass")
    office.log_in("wangli", "Clerk-2026-pass")
    backups.daily_backup(office)
    panel = _panel(qtbot, office, runner, tab=1)
    assert panel.backup.backup_button.isEnabled()
    assert not panel.backup.restore_file_button.isEnabled() and not panel.backup.restore_selected_button.isEnabled()
    assert panel.backup.denied.isVisible() and "只有管理员可以从备份恢复" in panel.backup.denied.text()


def test_read_only_account_may_look_but_not_back_up_or_restore(qtbot, office: Office, runner: OpRunner) -> None:
    from core.model import Role

    office.accounts.create_first_admin("admin", "Admin-2026-pass")
    office.log_in("admin", "Admin-2026-pass")
    office.accounts.add("reader", Role.READ_ONLY, "Reader-2026-pass")
    office.log_in("reader", "Reader-2026-pass")
    backups.daily_backup(office)
    panel = _panel(qtbot, office, runner, tab=1)
    assert panel.backup.denied.isVisible()
    assert not panel.backup.backup_button.isEnabled()
    assert not panel.backup.restore_file_button.isEnabled()
    assert panel.backup.model.rows and not panel.backup.restore_selected_button.isEnabled()
    panel.tabs.setCurrentIndex(2)
    wait_idle(qtbot, runner)
    assert panel.audit.chain_label.text().startswith("✓ 审计链")  # the trail may be read


def test_audit_in_its_own_window(qtbot, office: Office, runner: OpRunner) -> None:
    from gui.data_safety.audit_panel import AuditPanel

    panel = _panel(qtbot, office, runner, tab=2)
    panel.audit.window_button.click()
    wait_idle(qtbot, runner)
    separate = panel.audit.separate
    assert isinstance(separate, AuditPanel) and separate.isWindow() and separate.isVisible()
    assert not separate.window_button.isVisible()
    assert separate.model.rows and separate.chain_label.text().startswith("✓ 审计链")
    panel.audit.window_button.click()  # a second click brings the same window forward
    assert panel.audit.separate is separate
    separate.close()


def test_an_older_copy_is_named_with_a_hint_about_todays_backup(
        qtbot, runner: OpRunner, db_path: Path, tmp_path: Path) -> None:
    import shutil

    from core.store.keys import RawKey

    key = RawKey.generate()
    with Office.create(db_path, key, "澄溪区人民政府办公室") as office:
        office.settings.set("note", "第一版")
        anchor.save(office)
    old = tmp_path / "old.huiwu"
    shutil.copy(db_path, old)
    with Office.open(db_path, key) as office:
        office.settings.set("note", "第二版")
        backups.daily_backup(office)
        anchor.save(office)
    shutil.copy(old, db_path)
    office = Office.open(db_path, key)
    try:
        panel = _panel(qtbot, office, runner)
        lines = _check(qtbot, panel, runner)
        assert any(line.startswith("✗ 审计锚点") and "旧副本" in line for line in lines), lines
        assert "今天打开时的自动备份也是这个旧副本" in panel.check.offer.text()
        panel.close()
    finally:
        runner.run(office.close)
        wait_idle(qtbot, runner)


def test_number_of_automatic_backups_kept_is_set_here(qtbot, office: Office, runner: OpRunner) -> None:
    panel = _panel(qtbot, office, runner, tab=1)
    wait_idle(qtbot, runner)
    assert panel.backup.keep_spin.value() == backups.DEFAULT_KEEP
    panel.backup.keep_spin.setValue(30)
    panel.backup.keep_spin.editingFinished.emit()
    wait_idle(qtbot, runner)
    assert office.settings.get(backups.KEEP_SETTING) == "30"


def _older_copy_in_place(db_path: Path, tmp_path: Path) -> Office:
    """A file with an administrator whose data file was put back to an older copy; opened as admin."""
    import shutil

    from core.store.keys import RawKey

    key = RawKey.generate()
    with Office.create(db_path, key, "澄溪区人民政府办公室") as office:
        office.accounts.create_first_admin("admin", "Admin-2026-pass")
        office.log_in("admin", "Admin-2026-pass")
        office.accounts.add("wangli", __import__("core.model", fromlist=["Role"]).Role.SECRETARY, "Clerk-2026-pass")
        office.settings.set("note", "第一版")
        anchor.save(office)
    old = tmp_path / "old.huiwu"
    shutil.copy(db_path, old)
    with Office.open_as(db_path, "admin", "Admin-2026-pass") as office:
        office.settings.set("note", "第二版")
        anchor.save(office)
    shutil.copy(old, db_path)
    return Office.open_as(db_path, "admin", "Admin-2026-pass")


def test_an_administrator_reanchors_after_confirming(qtbot, runner: OpRunner, db_path: Path, tmp_path: Path) -> None:
    office = _older_copy_in_place(db_path, tmp_path)
    try:
        panel = _panel(qtbot, office, runner, tab=2)
        audit = panel.audit
        assert audit.anchor_label.text().startswith("✗ 审计锚点不符")
        assert audit.reanchor_button.isVisible()

        audit.reanchor_button.click()
        said = _answer(qtbot, runner, yes=False)  # 取消: nothing happens
        assert "查明原因" in said and "记入审计记录" in said
        assert anchor.problems(office)

        audit.reanchor_button.click()
        _answer(qtbot, runner, yes=True)
        assert "已重新锚定" in _dismiss_info()
        wait_idle(qtbot, runner)
        assert anchor.problems(office) == []
        assert audit.anchor_label.text().startswith("✓ 审计锚点一致")
        assert not audit.reanchor_button.isVisible()
        record = next(r for r in office.audit_log.rows().rows if r.event == anchor.REANCHOR_EVENT)
        assert record.user_name == "admin" and "原锚点" in record.summary
        panel.close()
    finally:
        runner.run(office.close)
        wait_idle(qtbot, runner)


def test_only_an_administrator_is_offered_to_reanchor(qtbot, runner: OpRunner, db_path: Path, tmp_path: Path) -> None:
    office = _older_copy_in_place(db_path, tmp_path)
    try:
        office.log_in("wangli", "Clerk-2026-pass")
        panel = _panel(qtbot, office, runner, tab=2)
        assert panel.audit.anchor_label.text().startswith("✗ 审计锚点不符")
        assert not panel.audit.reanchor_button.isVisible()
        panel.close()
    finally:
        runner.run(office.close)
        wait_idle(qtbot, runner)
