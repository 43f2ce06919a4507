"""What the window may know of keys, recovery codes, key stores and backup places: the window
imports these from here and never reaches into core.store (DESIGN: windows talk to services,
documents, model enums and the file's keeping — the store is the keeping's own business)."""

from __future__ import annotations

from pathlib import Path

from core.store import recovery
from core.store.keys import MIN_PASSPHRASE, DatabaseKey, Passphrase, RawKey, file_id, key_from_text
from core.store.keystore import KeyringSource, KeyStore, MemoryKeyStore, SystemKeyStore, in_words


def backup_dir(db_path: Path) -> Path:
    """The folder beside the data file that holds its automatic backups (`NAME.backups`).
    Imported on use: core.store.backup brings the database engine, which the window's first
    paint must not wait for."""
    from core.store import backup

    return backup.backup_dir(db_path)


__all__ = ["MIN_PASSPHRASE", "DatabaseKey", "KeyStore", "KeyringSource", "MemoryKeyStore", "Passphrase",
           "RawKey", "SystemKeyStore", "backup_dir", "file_id", "in_words", "key_from_text", "recovery"]
