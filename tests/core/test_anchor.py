"""The audit trail (R21): append-only in the database, a hash chain that names the first broken
row, and an anchor outside the file that catches an older copy put in its place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from core.keeping import anchor
from core.keeping.health import run_checks
from core.office import Office
from core.services import audit
from core.store.keys import RawKey


def test_triggers_refuse_update_and_delete(office: Office) -> None:
    office.settings.set("a", "1")
    for statement in ("UPDATE audit SET user = 'x'", "DELETE FROM audit"):
        with pytest.raises(Exception, match="append-only"), office.engine.begin() as conn:
            conn.execute(text(statement))
    with office.sessions() as s:
        assert audit.verify(s).ok


def test_chain_names_the_first_broken_row(office: Office) -> None:
    for i in range(5):
        office.settings.set("k", str(i))
    with office.engine.begin() as conn:  # an attacker with the key drops the trigger and edits a row
        conn.execute(text("DROP TRIGGER audit_no_update"))
        conn.execute(text("UPDATE audit SET summary = '篡改' WHERE id = 4"))
    report = run_checks(office)
    assert not report.ok
    assert report.results["audit_chain"] == ["第 4 条审计记录被改动或链条断开"]


def test_older_copy_of_the_file_is_detected(db_path: Path, key: RawKey, tmp_path: Path) -> None:
    with Office.create(db_path, key, "澄溪区人民政府办公室") as office:
        office.settings.set("note", "第一版")
        anchor.save(office)
    old = tmp_path / "old.huiwu"
    shutil.copy(db_path, old)  # the file is closed: this is the attacker's copy, not a backup
    with Office.open(db_path, key) as office:
        office.settings.set("note", "第二版")
        anchor.save(office)
        assert run_checks(office).ok
    shutil.copy(old, db_path)
    with Office.open(db_path, key) as office:
        problems = anchor.problems(office)
        assert problems and "旧副本" in problems[0]
        anchor.save(office)  # must not re-anchor to the older copy
        assert anchor.problems(office) == problems
        assert not run_checks(office).ok


def test_anchor_follows_work_done_since(office: Office) -> None:
    anchor.save(office)
    office.settings.set("note", "之后的修改")
    assert anchor.problems(office) == []  # more rows than anchored is fine
    anchor.save(office)
    assert anchor.problems(office) == []
