"""SQLite/SQLCipher self-checks of an open file (the SQLite-only part of `huiwu check`)."""

from __future__ import annotations

from sqlalchemy import Engine

from core.errors import HuiwuError
from core.store.engine import storage_errors


def _rows(engine: Engine, pragma: str) -> list[tuple[object, ...]] | str:
    """The pragma's rows, or the error text: on a damaged page integrity_check itself fails with
    "database disk image is malformed", and the report must say so rather than abort."""
    try:
        with storage_errors(), engine.connect() as conn:
            return [tuple(row) for row in conn.exec_driver_sql(pragma)]
    except HuiwuError as error:
        return error.detail or error.message


def integrity_problems(engine: Engine) -> dict[str, list[str]]:
    """Each check's problems as text; an empty list means the check passed.

    cipher_integrity_check runs first: it checks every page's HMAC and names damaged pages
    without tripping over them."""
    cipher = _rows(engine, "PRAGMA cipher_integrity_check")
    integrity = _rows(engine, "PRAGMA integrity_check")
    foreign = _rows(engine, "PRAGMA foreign_key_check")
    return {
        "integrity_check": ([] if integrity == [("ok",)] else
                            [integrity] if isinstance(integrity, str) else [str(r[0]) for r in integrity]),
        "cipher_integrity_check": [cipher] if isinstance(cipher, str) else [str(r[0]) for r in cipher],
        "foreign_key_check": ([foreign] if isinstance(foreign, str) else
                              [f"表 {r[0]} 第 {r[1]} 行引用了 {r[2]} 中不存在的记录" for r in foreign]),
    }
