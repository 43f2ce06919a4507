"""SQLite/SQLCipher self-checks of an open file (the SQLite-only part of `huiwu check`)."""

from __future__ import annotations

from sqlalchemy import Engine

from core.store.engine import storage_errors


def integrity_problems(engine: Engine) -> dict[str, list[str]]:
    """Each check's problems as text; an empty list means the check passed."""
    with storage_errors(), engine.connect() as conn:
        integrity = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
        cipher = [r[0] for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check")]
        foreign = [f"表 {r[0]} 第 {r[1]} 行引用了 {r[2]} 中不存在的记录"
                   for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
    return {
        "integrity_check": [] if integrity == ["ok"] else integrity,
        "cipher_integrity_check": cipher,
        "foreign_key_check": foreign,
    }
