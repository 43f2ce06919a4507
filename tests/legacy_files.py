"""A file as the version before key slots left it, for the tests and the start-up benchmark:
no wrapping key, no slots, no key file (such a file's key lived in the keyring, or was a passphrase).
No pytest here: packaging/startup_bench.py imports it too."""

from __future__ import annotations

from pathlib import Path


def before_key_slots(path: Path, key: object) -> None:
    """Make a closed file look like one from before key slots."""
    from core.keeping import keyfile
    from core.store.engine import make_engine

    engine = make_engine(path, key)  # type: ignore[arg-type]
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM key_slot")
            conn.exec_driver_sql("DELETE FROM file_secret")
    finally:
        engine.dispose()
    keyfile.keyfile_path(path).unlink()
