"""The SQLCipher engine: the only place that knows the database is SQLite.

Every connection is keyed by the dialect (URL password -> `PRAGMA key`) and then gets the
pragmas below. One pooled connection: with a passphrase SQLCipher's KDF runs once per
connection, and the program does its database work on one worker thread anyway.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool, QueuePool
from sqlcipher3 import dbapi2 as driver

from core.errors import HuiwuError, Invalid, NotHuiwuFile, StorageError, StorageFull, WrongKeyOrDamaged
from core.store import grams
from core.store.keys import DatabaseKey

PLAINTEXT_HEADER = b"SQLite format 3\x00"

PRAGMAS = (
    "PRAGMA cipher_log_level = NONE",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",       # an acknowledged commit survives a power cut
    "PRAGMA foreign_keys = ON",
    "PRAGMA secure_delete = ON",
    "PRAGMA cache_size = -65536",       # 64 MiB page cache
    "PRAGMA temp_store = MEMORY",       # no temporary files on disk
    "PRAGMA busy_timeout = 5000",
)

# For looking at a file before we know it is ours: nothing here writes (no journal_mode change,
# which would rewrite the header of a foreign file), and query_only forbids writes outright.
PROBE_PRAGMAS = (
    "PRAGMA cipher_log_level = NONE",
    "PRAGMA query_only = ON",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA busy_timeout = 5000",
)

DAMAGED = ("数据文件已损坏，部分内容无法读取，本次操作未完成。"
           "请运行“检查数据文件”确认损坏位置，并从备份恢复。")

# SQLite page sizes are powers of two from 512; an SQLCipher file is a whole number of pages.
_MIN_PAGE = 512


def check_container(path: Path) -> None:
    """Refuse, before any key is looked up, a file that cannot be an encrypted database.

    An empty file would be silently initialised by SQLite; a plain SQLite file or a text file
    would otherwise read as "wrong key", which sends the user hunting for a key that does not exist.
    """
    size = path.stat().st_size
    if size == 0:
        raise NotHuiwuFile("该文件是空的，不是会务数据文件。文件未作任何改动。")
    with open(path, "rb") as fh:
        head = fh.read(len(PLAINTEXT_HEADER))
    if head == PLAINTEXT_HEADER:
        raise NotHuiwuFile("该文件是未加密的 SQLite 数据库，不是会务数据文件。文件未作任何改动。")
    # A checkpoint cut short by a full disk leaves a partial last page; the WAL (or a rollback
    # journal) still holds those pages and SQLite repairs the file on open: not ours to refuse.
    recovering = Path(f"{path}-wal").exists() or Path(f"{path}-journal").exists()
    if not recovering and (size < _MIN_PAGE or size % _MIN_PAGE):
        raise NotHuiwuFile("该文件不是会务数据文件，或已残缺不全（文件大小不符合加密数据库的格式）。"
                           "文件未作任何改动。")


def make_engine(path: Path, key: DatabaseKey, *, probe: bool = False) -> Engine:
    """The engine for a file. `probe=True`: a throw-away, write-free engine for checking a file."""
    if not key.pragma_value():
        # SQLCipher refuses an empty key with a confusing message; to the user it is a wrong key.
        raise WrongKeyOrDamaged(detail="empty key")
    url = URL.create("sqlite+pysqlcipher", password=key.pragma_value(), database=str(path))
    pragmas = PROBE_PRAGMAS if probe else PRAGMAS
    if probe:
        engine = create_engine(url, poolclass=NullPool, hide_parameters=True)
    else:
        engine = create_engine(
            url,
            poolclass=QueuePool,  # never the dialect's SingletonThreadPool (RELIABILITY.md finding 3)
            pool_size=1,
            max_overflow=0,
            pool_timeout=60,
            connect_args={"check_same_thread": False},
            hide_parameters=True,
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # We issue BEGIN ourselves so DDL is transactional too (migrations run in one transaction).
        dbapi_conn.isolation_level = None
        # The search index's triggers call it on every write of indexed text; a connection without
        # it (another tool) fails such a write instead of leaving the index behind.
        dbapi_conn.create_function(grams.SQL_FUNCTION, 1, grams.grams, deterministic=True)
        cur = dbapi_conn.cursor()
        try:
            for pragma in pragmas:
                cur.execute(pragma)
        finally:
            cur.close()

    if not probe:  # a probe only reads, in autocommit: it takes no write lock
        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def validate_key(engine: Engine) -> None:
    """A wrong key fails only at the first statement (finding 5): run one now."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except exc.DBAPIError as error:
        engine.dispose()
        raise translate(error) from error


def sqlite_error_name(error: BaseException) -> str:
    orig = getattr(error, "orig", error)
    return str(getattr(orig, "sqlite_errorname", "") or "")


def translate(error: BaseException) -> HuiwuError:
    """Map a driver or OS error to the program's typed error."""
    name = sqlite_error_name(error)
    text = str(getattr(error, "orig", error))
    if name == "SQLITE_FULL" or "database or disk is full" in text:
        return StorageFull(detail=text)
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return StorageFull(detail=text)
    if name == "SQLITE_IOERR" or "disk I/O error" in text:
        # RLIMIT_FSIZE shows up as an I/O error, not FULL (finding 8): same advice to the user.
        return StorageFull(detail=text)
    if name.startswith("SQLITE_CONSTRAINT") or isinstance(error, exc.IntegrityError):
        return Invalid("数据违反完整性约束（引用了不存在的记录，或与已有记录重复），未保存。", detail=text)
    if name == "SQLITE_CORRUPT" or "malformed" in text:
        # Past Office.open the key is known to be right: this is damage, and saying so spares
        # the user a hunt for another key.
        return WrongKeyOrDamaged(DAMAGED, detail=text)
    if name == "SQLITE_NOTADB" or "file is not a database" in text or "PRAGMA key" in text:
        return WrongKeyOrDamaged(detail=text)
    return StorageError(detail=text)


@contextmanager
def storage_errors() -> Iterator[None]:
    """Turn driver and OS errors raised inside the block into typed errors."""
    try:
        yield
    except (exc.DBAPIError, driver.Error, OSError) as error:
        # driver.Error: raw cursors (backup, ATTACH) raise the driver's own exceptions.
        raise translate(error) from error


def driver_facts(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        cipher = conn.exec_driver_sql("PRAGMA cipher_version").scalar() or ""
        sqlite = conn.exec_driver_sql("SELECT sqlite_version()").scalar() or ""
    return {
        "driver": engine.dialect.dbapi.__name__ if engine.dialect.dbapi else "",
        "cipher_version": str(cipher),
        "sqlite_version": str(sqlite),
    }


def header_is_plaintext(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(16) == PLAINTEXT_HEADER


@contextmanager
def relaxed_durability(engine: Engine) -> Iterator[None]:
    """For generated data only (the demo): commits survive a crash of the program but not a
    power cut, which makes bulk writes about twice as fast. Restores full durability after."""
    _pragma(engine, "PRAGMA synchronous = NORMAL")  # the pooled connection keeps it
    try:
        yield
    finally:
        _pragma(engine, "PRAGMA synchronous = FULL")


def _pragma(engine: Engine, statement: str) -> None:
    raw = engine.raw_connection()  # returned to the pool at once: the pool holds one connection
    try:
        raw.cursor().execute(statement)
    finally:
        raw.close()
