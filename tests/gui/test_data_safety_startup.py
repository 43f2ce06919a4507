"""The start-up's data safety: today's automatic backup after the file opens, a warning over the
main window when the file was replaced by an older copy, the anchor advanced on a clean quit."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from core.keeping import anchor
from core.office import Office
from core.store.backup import backup_dir
from core.store.keys import RawKey, file_id
from core.store.keystore import MemoryKeyStore
from gui.ops import OpRunner
from gui.startup import Startup
from tests.gui.helpers import start_program, windows


def _start(qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> Startup:  # type: ignore[no-untyped-def]
    store = MemoryKeyStore()
    store.put(file_id(db_path), key)
    return start_program(qtbot, runner, db_path, store, login_as="测试秘书")


def test_daily_backup_at_open_and_anchor_at_quit(qtbot, runner: OpRunner, db_path: Path, key: RawKey) -> None:
    Office.create(db_path, key, "澄溪区人民政府办公室").close()
    startup = _start(qtbot, runner, db_path, key)
    assert startup.window is not None and startup.window.isVisible()
    assert [p.name for p in backup_dir(db_path).iterdir() if p.name.endswith("-daily.huiwu")]
    assert windows(QMessageBox, "dataSafetyWarning") == []
    office = startup.office
    assert office is not None
    runner.run(lambda: office.settings.set("note", "退出前的修改"))
    startup.window.hide()
    startup.shutdown()
    with Office.open(db_path, key) as again:
        kept, findings = anchor.kept(again)
        assert findings == [] and kept is not None
        assert kept.rows == again.audit_log.rows().total  # a clean quit advanced the anchor to the end
        assert anchor.problems(again) == []


def test_an_older_copy_is_warned_about(qtbot, runner: OpRunner, db_path: Path, key: RawKey, tmp_path: Path) -> None:
    with Office.create(db_path, key, "澄溪区人民政府办公室") as office:
        office.settings.set("note", "第一版")
        anchor.save(office)
    old = tmp_path / "old.huiwu"
    shutil.copy(db_path, old)
    with Office.open(db_path, key) as office:
        office.settings.set("note", "第二版")
        anchor.save(office)
    shutil.copy(old, db_path)  # someone puts the older copy in place

    startup = _start(qtbot, runner, db_path, key)
    warnings = windows(QMessageBox, "dataSafetyWarning")
    assert len(warnings) == 1
    box = warnings[0]
    assert isinstance(box, QMessageBox)
    assert "旧副本" in box.text() and "设置 → 数据安全" in box.text()
    assert box.parent() is startup.window  # over the main window, which waits for it
    box.close()
    assert startup.window is not None
    startup.window.hide()
    startup.shutdown()
    with Office.open(db_path, key) as office:
        assert anchor.problems(office)  # quitting did not re-anchor to the older copy
