"""Re-encrypting an open file under a new key (SQLCipher's `PRAGMA rekey`).

The rekey rewrites every page in one transaction: killed half-way (kill -9, a power cut), the
file afterwards opens with exactly one of the old and the new key, and nobody can say which
beforehand (RELIABILITY.md finding 7). So the caller keeps both keys until `key_that_opens`
has said which one the file is under (recipe R5, core.keeping.rotation).

A raw 64-hex-digit key keeps the file's 16-byte salt, i.e. its file id, under which the key file
and the audit anchor are kept; so does a rekey from a passphrase (whose key SQLCipher derived from
that same salt) to a raw key, which is how a passphrase file is given a recovery code
(tests/core/test_rotation.py proves both).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Engine

from core.errors import StorageError, WrongKeyOrDamaged
from core.store.engine import make_engine, storage_errors, validate_key
from core.store.keys import DatabaseKey, RawKey


def rekey(engine: Engine, new_key: RawKey) -> None:
    """Re-encrypt the engine's file under `new_key`. The engine holds the only connection (the
    pool has one and the file lock keeps other programs out), as SQLCipher's rekey requires."""
    with storage_errors():
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            try:
                # x'<hex>' only: no quote can occur in it, so it is safe inside the identifier quotes.
                answer = cur.execute(f'PRAGMA rekey = "{new_key.pragma_value()}"').fetchall()
            finally:
                cur.close()
        finally:
            raw.close()
    if answer and str(answer[0][0]).lower() != "ok":
        raise StorageError("更换密钥未能完成，数据文件仍使用原密钥。", detail=repr(answer))


def key_that_opens(path: Path, keys: Iterable[DatabaseKey]) -> DatabaseKey | None:
    """The first of `keys` the file opens with, tried by a write-free probe; None if none does."""
    for key in keys:
        probe = make_engine(path, key, probe=True)
        try:
            validate_key(probe)
            return key
        except WrongKeyOrDamaged:
            continue
        finally:
            probe.dispose()
    return None
