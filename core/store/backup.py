"""Encrypted copies of a live database through `sqlcipher_export`, never a plain file copy.

The copy is written under a temporary name, fsynced, then renamed, so a crash leaves either
the previous file or the whole new one under the final name.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from sqlalchemy import Engine

from core.store.durable import fsync_dir, fsync_file
from core.store.engine import storage_errors
from core.store.keys import DatabaseKey, RawKey, file_id


def export_copy(engine: Engine, dest: Path, key: DatabaseKey, *, keep_salt_of: Path | None = None,
                salt: str | None = None) -> Path:
    """An encrypted copy under `key`. With a raw key and `keep_salt_of` (or `salt`, the file id in
    hex), the copy keeps that file's salt, i.e. its file id: a restored copy is then found by its
    key file and anchor like the original."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    pragma = key.pragma_value()
    if keep_salt_of is not None:
        salt = file_id(keep_salt_of)
    if salt and isinstance(key, RawKey):
        pragma = key.pragma_value_with_salt(salt)
    tmp = dest.with_name(dest.name + ".tmp")
    for leftover in (tmp, Path(str(tmp) + "-journal")):
        leftover.unlink(missing_ok=True)
    try:
        with storage_errors():
            raw = engine.raw_connection()
            try:
                cur = raw.cursor()
                # A write-free probe of a backup being restored may be the source: the export
                # writes only the attached copy, never the source file.
                cur.execute("PRAGMA query_only = OFF")
                cur.execute("ATTACH DATABASE ? AS backup KEY ?", (str(tmp), pragma))
                try:
                    cur.execute("BEGIN")
                    cur.execute("SELECT sqlcipher_export('backup')")
                    cur.execute("COMMIT")
                except BaseException:
                    if raw.driver_connection.in_transaction:  # type: ignore[union-attr]
                        cur.execute("ROLLBACK")
                    raise
                finally:
                    cur.execute("DETACH DATABASE backup")
                    cur.close()
            finally:
                raw.close()
            replace_durably(tmp, dest)
    except BaseException:
        # A half-written copy must not be mistaken for a backup later.
        for leftover in (tmp, Path(str(tmp) + "-journal")):
            leftover.unlink(missing_ok=True)
        raise
    return dest


def replace_durably(src: Path, dest: Path) -> None:
    """Rename a finished file into place so that after a crash either the old or the new one is there."""
    fsync_file(src)
    os.replace(src, dest)
    fsync_dir(dest.parent)


def dated_name(db_path: Path, label: str, now: dt.datetime | None = None) -> Path:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return backup_dir(db_path) / f"{db_path.stem}-{stamp}-{label}{db_path.suffix or '.db'}"


def backup_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".backups")
