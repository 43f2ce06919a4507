"""Alembic migrations: no drift from the models, HEAD in step with the scripts, an older file is
backed up (encrypted) and migrated in one transaction, a newer file is refused untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.exc import DatabaseError, IntegrityError

import core.model  # noqa: F401  (registers every table)
from core.errors import NewerSchema, StorageError
from core.model.base import Base
from core.office import Office
from core.services.settings import FILE_FORMAT, FORMAT_MARK, OFFICE_NAME
from core.store import backup, schema
from core.store.engine import PLAINTEXT_HEADER, make_engine
from core.store.keys import RawKey
from tests.conftest import file_digest


def _revision_of(path: Path, key: RawKey) -> str | None:
    engine = make_engine(path, key, probe=True)
    try:
        with engine.connect() as conn:
            return schema.current_revision(conn)
    finally:
        engine.dispose()


def _file_at_0001(path: Path, key: RawKey) -> Path:
    """What Office.create wrote when 0001 was the newest revision."""
    engine = make_engine(path, key)
    with engine.begin() as conn:
        schema.upgrade(conn, "0001")
        conn.exec_driver_sql("INSERT INTO setting (key, value) VALUES (?, ?)", (FILE_FORMAT, FORMAT_MARK))
        conn.exec_driver_sql("INSERT INTO setting (key, value) VALUES (?, ?)", (OFFICE_NAME, "旧版区政府办公室"))
    engine.dispose()
    assert _revision_of(path, key) == "0001"
    return path


def test_head_constant_equals_the_script_directory() -> None:
    scripts = ScriptDirectory.from_config(schema._config())
    assert scripts.get_heads() == [schema.HEAD]  # exactly one head, and it is HEAD
    assert schema.script_head() == schema.HEAD
    assert {"0001", schema.HEAD} <= schema.known_revisions()


def test_upgrade_from_empty_equals_the_models(tmp_path: Path, key: RawKey) -> None:
    engine = make_engine(tmp_path / "fresh.db", key)
    with engine.begin() as conn:
        schema.upgrade(conn)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "compare_server_default": True})
        diff = compare_metadata(context, Base.metadata)
        assert schema.current_revision(conn) == schema.HEAD
    engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


def test_drift_check_can_fail(tmp_path: Path, key: RawKey) -> None:
    """Control: stop at 0001 and the comparison reports the roster tables as missing."""
    engine = make_engine(tmp_path / "old.db", key)
    with engine.begin() as conn:
        schema.upgrade(conn, "0001")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert any(d[0] == "add_table" for d in diff)


def test_file_at_0001_is_backed_up_encrypted_then_migrated(tmp_path: Path, key: RawKey) -> None:
    path = _file_at_0001(tmp_path / "old.huiwu", key)
    with Office.open(path, key) as office:
        assert office.revision == schema.HEAD
        assert office.settings.office_name() == "旧版区政府办公室"  # data carried over
        office.settings.set("note", "迁移后写入")  # and the new file is writable
    assert _revision_of(path, key) == schema.HEAD
    copies = list(backup.backup_dir(path).iterdir())
    assert len(copies) == 1 and copies[0].name.endswith(f"-pre-{schema.HEAD}.huiwu"), copies
    saved = copies[0]
    assert saved.parent == path.with_name(path.name + ".backups")
    with open(saved, "rb") as fh:
        assert fh.read(16) != PLAINTEXT_HEADER
    assert b"\xe6\x97\xa7\xe7\x89\x88" not in saved.read_bytes()  # "旧版" in UTF-8
    # The backup is the file as it was: revision 0001, same key, intact.
    assert _revision_of(saved, key) == "0001"
    engine = make_engine(saved, key, probe=True)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT value FROM setting WHERE key = ?", (OFFICE_NAME,)).scalar() \
            == "旧版区政府办公室"
        assert [r for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check")] == []
    engine.dispose()
    with pytest.raises(DatabaseError):  # the backup needs the key
        bad = make_engine(saved, RawKey.generate(), probe=True)
        with bad.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()


def test_failed_migration_rolls_back_to_the_old_revision(tmp_path: Path, key: RawKey,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = _file_at_0001(tmp_path / "old.huiwu", key)
    real_upgrade = schema.upgrade

    def upgrade_then_fail(conn: Connection, target: str = "head") -> None:
        real_upgrade(conn, target)  # every step ran...
        raise StorageError("模拟迁移中途失败")  # ...and then the migration fails

    monkeypatch.setattr(schema, "upgrade", upgrade_then_fail)
    with pytest.raises(StorageError):
        Office.open(path, key)
    monkeypatch.undo()
    assert _revision_of(path, key) == "0001"  # one transaction: nothing of it stayed
    assert len(list(backup.backup_dir(path).iterdir())) == 1
    with Office.open(path, key) as office:  # the next start finishes the job
        assert office.revision == schema.HEAD


def test_newer_schema_is_refused_and_the_file_untouched(office: Office, db_path: Path, key: RawKey) -> None:
    office.close()
    engine = make_engine(db_path, key)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0999_future'")
    engine.dispose()
    before, files = file_digest(db_path), {p.name for p in db_path.parent.iterdir()}
    with pytest.raises(NewerSchema) as refused:
        Office.open(db_path, key)
    assert refused.value.revision == "0999_future"
    assert "0999_future" in refused.value.message and "升级" in refused.value.message
    assert file_digest(db_path) == before
    assert {p.name for p in db_path.parent.iterdir()} == files  # no backup folder, nothing new


def _rebuild_person_table(conn: Connection) -> None:
    """What a future migration that alters `person` does in Alembic batch mode on SQLite."""
    from alembic.operations import Operations

    with Operations(MigrationContext.configure(conn)).batch_alter_table("person", recreate="always"):
        pass


def _file_with_people_at(path: Path, key: RawKey, revision: str) -> Path:
    Office.create(path, key, "澄溪区人民政府办公室").close()
    engine = make_engine(path, key)
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO person (id, name, sort_order, note) VALUES (1, '张明', 0, '')")
        conn.exec_driver_sql(
            "INSERT INTO appointment (person_id, post, title, start_date) VALUES (1, 'MAYOR', '区长', '2025-01-01')")
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = ?", (revision,))
    engine.dispose()
    return path


def test_table_rebuild_with_foreign_keys_on_would_fail(tmp_path: Path, key: RawKey) -> None:
    """Control: why migrations run with foreign keys off."""
    path = _file_with_people_at(tmp_path / "fk.huiwu", key, schema.HEAD)
    engine = make_engine(path, key)
    with pytest.raises(IntegrityError), engine.begin() as conn:
        _rebuild_person_table(conn)
    engine.dispose()


def test_migration_rebuilding_a_referenced_table_keeps_every_row(tmp_path: Path, key: RawKey,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = _file_with_people_at(tmp_path / "fk.huiwu", key, "0001")

    def rebuilding_migration(conn: Connection, target: str = "head") -> None:
        _rebuild_person_table(conn)
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = ?", (schema.HEAD,))

    monkeypatch.setattr(schema, "upgrade", rebuilding_migration)
    with Office.open(path, key) as office, office.engine.connect() as conn:
        assert office.revision == schema.HEAD
        assert conn.exec_driver_sql("SELECT name FROM person").scalars().all() == ["张明"]
        assert conn.exec_driver_sql("SELECT count(*) FROM appointment WHERE person_id = 1").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # switched back on


def test_migration_leaving_broken_references_is_rolled_back(tmp_path: Path, key: RawKey,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = _file_with_people_at(tmp_path / "fk.huiwu", key, "0001")

    def careless_migration(conn: Connection, target: str = "head") -> None:
        conn.exec_driver_sql("DELETE FROM person")  # would orphan the appointment
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = ?", (schema.HEAD,))

    monkeypatch.setattr(schema, "upgrade", careless_migration)
    with pytest.raises(StorageError) as refused:
        Office.open(path, key)
    assert "升级已撤销" in refused.value.message
    monkeypatch.undo()
    assert _revision_of(path, key) == "0001"
    engine = make_engine(path, key, probe=True)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM person").scalar() == 1
    engine.dispose()
