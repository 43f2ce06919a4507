"""Opening a data file, below the Office that holds it: the lock, a write-free probe of each
candidate key, the engine, and migrating an older file after a backup. A refused file is left
byte for byte as it was."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock
from sqlalchemy import Engine, inspect

from core.errors import FileMissing, NewerSchema, NotHuiwuFile, StorageError, WrongKeyOrDamaged
from core.keeping import hardening, keyfile
from core.keeping.filelock import take_lock
from core.services.settings import FILE_FORMAT, FORMAT_MARK
from core.store import backup, schema, search_schema
from core.store.engine import check_container, make_engine, storage_errors, validate_key
from core.store.keys import DatabaseKey, KeySource
from core.store.keystore import KeyringSource


def candidates(path: Path, source: KeySource) -> list[DatabaseKey]:
    """A keyring may hold a pending key beside the current one: a rotation cut short (R5)."""
    if isinstance(source, KeyringSource):
        return [*source.candidates(path)]
    return [source.key(path)]


def probe_first(path: Path, keys: list[DatabaseKey]) -> tuple[DatabaseKey, str]:
    """The first candidate key the file opens with, and the file's revision. Only a wrong key
    moves on to the next; any other refusal (not ours, newer) is the file's answer."""
    if not keys:
        raise WrongKeyOrDamaged()
    for key in keys[:-1]:
        try:
            return key, probe(path, key)
        except WrongKeyOrDamaged:
            continue
    return keys[-1], probe(path, keys[-1])


@contextlib.contextmanager
def locked(path: Path) -> Iterator[FileLock]:
    """The file's lock, released again if opening fails; kept by the office if it succeeds."""
    if not path.is_file():
        raise FileMissing(str(path))
    lock = take_lock(path)
    try:
        with storage_errors():  # a file that cannot be ours is refused before any key is asked for
            check_container(path)
        yield lock
    except BaseException:
        lock.release()
        raise


def open_engine(path: Path, keys: list[DatabaseKey]) -> tuple[DatabaseKey, Engine, str]:
    """Everything that can refuse the file (key, not ours, newer) is decided by a write-free probe,
    so a refused file is left byte for byte as it was; then the engine, migrated if older."""
    hardening.tighten_file_set(path, keyfile.keyfile_path(path))
    key, revision = probe_first(path, keys)
    engine = make_engine(path, key)
    validate_key(engine)
    try:
        revision = bring_up_to_date(engine, path, key, revision)
    except BaseException:
        engine.dispose()
        raise
    return key, engine, revision


def probe(path: Path, key: DatabaseKey) -> str:
    """The file's schema revision, or a typed refusal; reads only, never writes the file."""
    engine = make_engine(path, key, probe=True)
    try:
        # One connection: with a passphrase each connection costs a KDF run (finding 4).
        # A wrong key fails at its first statement (finding 5), translated to WrongKeyOrDamaged.
        with storage_errors(), engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
            revision = schema.current_revision(conn)
            marked = (revision is not None and inspect(conn).has_table("setting")
                      and conn.exec_driver_sql("SELECT value FROM setting WHERE key = ?",
                                               (FILE_FORMAT,)).scalar() == FORMAT_MARK)
    finally:
        engine.dispose()
    # alembic_version alone is any Alembic-managed database; the format mark makes it ours.
    if revision is None or not marked:
        raise NotHuiwuFile()
    if revision != schema.HEAD and revision not in schema.known_revisions():
        raise NewerSchema(revision)
    return revision


def bring_up_to_date(engine: Engine, path: Path, key: DatabaseKey, revision: str) -> str:
    if revision == schema.HEAD:
        return revision
    # An older file: keep a dated, encrypted copy first, then migrate in one transaction.
    copy = backup.dated_name(path, f"pre-{schema.HEAD}")
    hardening.private_dir(copy.parent)
    with hardening.private_umask():
        backup.export_copy(engine, copy, key)
    migrate(engine)
    return schema.HEAD


def migrate(engine: Engine) -> None:
    """Run the migrations in one transaction, with foreign keys off while they run.

    Alembic's batch mode rebuilds a table (copy, DROP, rename); with foreign_keys ON, dropping a
    table that other rows refer to fails or deletes. SQLite ignores this pragma inside a
    transaction, so it is set on the driver connection before BEGIN, and every reference is
    checked before COMMIT (the procedure SQLite's ALTER TABLE documentation gives).
    """
    with storage_errors(), engine.connect() as conn:
        driver_conn = conn.connection.driver_connection
        assert driver_conn is not None
        driver_conn.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                # The search index's views and triggers name the tables a migration may rebuild:
                # out of the way while the migrations run, back over the newest tables after.
                with search_schema.set_aside(conn):
                    schema.upgrade(conn)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:  # raising inside the block rolls the whole migration back
                    raise StorageError("升级数据结构后发现无效的记录引用，升级已撤销，文件保持原样。"
                                       "请把此文件交给技术支持。", detail=repr(broken[:10]))
        finally:
            driver_conn.execute("PRAGMA foreign_keys = ON")  # the pool keeps this connection


def remove_with_sidecars(path: Path) -> None:
    for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        part.unlink(missing_ok=True)
