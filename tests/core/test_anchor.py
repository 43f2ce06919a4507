"""The audit trail (R21): append-only in the database, a hash chain that names the first broken
row, and an anchor, sealed under the file's key, that catches an older copy put in its place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from core.errors import NotPermitted
from core.keeping import anchor, keyfile
from core.keeping.health import run_checks
from core.model import Role
from core.office import Office
from core.services import audit
from core.services.audit_log import AuditFilter
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


# --- the anchor lives under the key (issue 11 §3) -------------------------------------------------

def _drop_anchor_in_key_file(db_path: Path) -> None:
    kept = keyfile.load(db_path)
    assert kept is not None and kept.anchor is not None
    keyfile.save(db_path, kept.replace(anchor=None))


def test_deleting_the_anchor_is_a_finding_not_a_fresh_start(office: Office) -> None:
    office.settings.set("note", "一")
    assert anchor.save(office)
    _drop_anchor_in_key_file(office.path)
    anchor.state_copy_path(office.file_id).unlink()
    found = anchor.problems(office)
    assert found and "审计锚点缺失" in found[0]
    assert not anchor.save(office)  # the missing anchor is not quietly re-made
    assert anchor.problems(office) == found
    assert not run_checks(office).ok


def test_the_copy_on_this_computer_stands_in_for_a_deleted_one(office: Office) -> None:
    assert anchor.save(office)
    _drop_anchor_in_key_file(office.path)
    assert anchor.problems(office) == []
    assert anchor.save(office)  # and the key file gets it back
    assert keyfile.load(office.path).anchor is not None


@pytest.mark.parametrize("where", ["key file", "state copy"])
def test_an_edited_anchor_is_a_finding(office: Office, where: str) -> None:
    assert anchor.save(office)
    if where == "key file":
        kept = keyfile.load(office.path)
        box = dict(kept.anchor)
        box["sealed"] = box["sealed"][:-4] + ("AAAA" if not box["sealed"].endswith("AAAA") else "BBBB")
        keyfile.save(office.path, kept.replace(anchor=box))
    else:
        path = anchor.state_copy_path(office.file_id)
        path.write_text(path.read_text(encoding="utf-8").replace('"nonce": "', '"nonce": "AAAA'), encoding="utf-8")
    found = anchor.problems(office)
    assert any("被改动" in f or "无法读取" in f for f in found), found


def test_an_anchor_written_without_the_key_does_not_pass(office: Office) -> None:
    """Whoever cannot open the file cannot write an anchor: a plain one, as the old version kept, is refused."""
    _drop_anchor_in_key_file(office.path)
    anchor.state_copy_path(office.file_id).write_text('{"rows": 0, "hash": "x"}', encoding="utf-8")
    assert any("缺失" in f or "被改动" in f for f in anchor.problems(office))


def test_file_and_key_file_put_back_together_are_found(db_path: Path, key: RawKey, tmp_path: Path) -> None:
    with Office.create(db_path, key, "澄溪区人民政府办公室") as office:
        office.settings.set("note", "第一版")
        assert anchor.save(office)
    saved = {p: p.read_bytes() for p in (db_path, keyfile.keyfile_path(db_path))}
    with Office.open(db_path, key) as office:
        office.settings.set("note", "第二版")
        assert anchor.save(office)
    for p, data in saved.items():
        p.write_bytes(data)
    with Office.open(db_path, key) as office:
        found = anchor.problems(office)
    assert any("一并被换成旧副本" in f for f in found), found


def test_reanchoring_is_an_audited_administrator_act(db_path: Path, key: RawKey) -> None:
    with Office.create(db_path, key, "澄溪区人民政府办公室") as office:
        office.accounts.create_first_admin("admin", "Admin-2026pw")
        office.log_in("admin", "Admin-2026pw")
        office.accounts.add("ro", Role.READ_ONLY, "Reader-2026pw")
        _drop_anchor_in_key_file(db_path)
        anchor.state_copy_path(office.file_id).unlink()
        office.log_out()
        office.log_in("ro", "Reader-2026pw")
        with pytest.raises(NotPermitted):
            anchor.reanchor(office)
        office.log_out()
        office.log_in("admin", "Admin-2026pw")
        anchor.reanchor(office)
        assert anchor.problems(office) == []
        rows = office.audit_log.rows(AuditFilter(event=anchor.REANCHOR_EVENT)).rows
    assert rows[0].user_name == "admin" and "原锚点：审计锚点缺失" in rows[0].summary
