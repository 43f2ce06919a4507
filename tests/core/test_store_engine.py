"""The engine: encrypted at rest on the right driver (R1), keying, pool and pragmas (R3), tamper
detection (R4). Everything goes through the program's own engine factory and services."""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from sqlalchemy.pool import QueuePool, SingletonThreadPool

from core.errors import StorageError, WrongKeyOrDamaged
from core.office import Office
from core.store import schema
from core.store.engine import PLAINTEXT_HEADER, header_is_plaintext, make_engine, storage_errors
from core.store.health import integrity_problems
from core.store.keys import Passphrase, RawKey
from tests.conftest import file_digest

MARKERS = ("MARKER_会议纪要", "绝密标记：常务会议研究事项")


def _files_containing(folder: Path, needles: tuple[str, ...]) -> dict[str, list[str]]:
    """Every file under `folder` in which any needle's UTF-8 (or UTF-16) bytes occur."""
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        hits = [n for n in needles
                if n.encode("utf-8") in data or n.encode("utf-16-le") in data
                or n.split("_")[-1].encode("utf-8") in data]
        if hits:
            found[path.name] = hits
    return found


def _write_markers(office: Office) -> None:
    office.settings.set("note", MARKERS[0])
    office.settings.set("topic", MARKERS[1])


def _raw_connect(path: Path, pragma_key: str) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path))
    conn.execute('PRAGMA key = "' + pragma_key.replace('"', '""') + '"')
    return conn


# --- R1: encrypted at rest, on the right driver ------------------------------------------------

def test_marker_strings_are_nowhere_on_disk_while_open_and_after_close(office: Office, db_path: Path) -> None:
    _write_markers(office)
    assert office.settings.get("note") == MARKERS[0]  # really written
    folder = db_path.parent
    names = {p.name for p in folder.iterdir()}
    # The WAL holds the fresh pages while the file is open: it must be among the files searched.
    assert f"{db_path.name}-wal" in names and Path(f"{db_path}-wal").stat().st_size > 0
    # No other file (no temp file, no journal) appears beside the database; the key file holds
    # sealed keys only, and is searched for the markers with the rest.
    assert names <= {db_path.name, f"{db_path.name}-wal", f"{db_path.name}-shm", f"{db_path.name}.lock",
                     f"{db_path.name}.keys"}
    assert _files_containing(folder, MARKERS) == {}
    office.close()
    assert _files_containing(folder, MARKERS) == {}
    assert not header_is_plaintext(db_path)


def test_driver_is_sqlcipher_and_cipher_is_active(office: Office, db_path: Path) -> None:
    facts = office.facts()
    assert facts["driver"].startswith("sqlcipher3")
    assert facts["cipher_version"].startswith("4.")
    raw = office.engine.raw_connection()
    try:
        assert type(raw.driver_connection).__module__.startswith("sqlcipher3")
    finally:
        raw.close()
    with open(db_path, "rb") as fh:
        assert fh.read(16) != PLAINTEXT_HEADER


def test_negative_control_stdlib_sqlite_writes_plaintext(tmp_path: Path) -> None:
    """The same flow on the stdlib driver: PRAGMA key is ignored silently and everything is readable.

    This proves the header and marker checks above would catch a fall-back to the wrong driver."""
    path = tmp_path / "plain.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA key = \"x'" + "00" * 32 + "'\"")  # no error, no effect
    conn.execute("CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO setting VALUES ('note', ?)", (MARKERS[0],))
    conn.commit()
    conn.close()
    assert header_is_plaintext(path)
    assert _files_containing(tmp_path, MARKERS) == {"plain.db": [MARKERS[0]]}


# --- R3: keying, pool, pragmas, threads, logs ---------------------------------------------------

def test_pool_is_not_the_dialect_default(office: Office) -> None:
    assert isinstance(office.engine.pool, QueuePool)
    assert not isinstance(office.engine.pool, SingletonThreadPool)


def test_pragmas_hold_on_every_new_connection(office: Office) -> None:
    seen = []
    for _ in range(3):
        with office.engine.connect() as conn:
            seen.append(conn.connection.driver_connection)  # keep it referenced: ids stay distinct

            def pragma(name: str) -> Any:
                return conn.exec_driver_sql(f"PRAGMA {name}").scalar()

            assert pragma("journal_mode") == "wal"
            assert pragma("foreign_keys") == 1
            assert pragma("secure_delete") == 1
            assert pragma("synchronous") == 2  # FULL
            assert pragma("cache_size") <= -65536  # negative = KiB: at least 64 MiB
            assert pragma("temp_store") == 2  # MEMORY
            assert pragma("cipher_version")
            conn.invalidate()  # the next checkout opens a brand-new DBAPI connection
    assert len({id(c) for c in seen}) == 3


def test_raw_key_url_interoperates_with_the_driver_both_ways(tmp_path: Path, key: RawKey) -> None:
    # App -> driver: a file made by the program opens with a plain `PRAGMA key = "x'…'"`.
    made_by_app = tmp_path / "app.db"
    engine = make_engine(made_by_app, key)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (v TEXT)")
        conn.exec_driver_sql("INSERT INTO t VALUES ('由程序写入')")
    engine.dispose()
    raw = _raw_connect(made_by_app, key.pragma_value())
    assert raw.execute("SELECT v FROM t").fetchone() == ("由程序写入",)
    raw.close()
    # Driver -> app.
    made_by_driver = tmp_path / "driver.db"
    raw = _raw_connect(made_by_driver, key.pragma_value())
    raw.execute("CREATE TABLE t (v TEXT)")
    raw.execute("INSERT INTO t VALUES ('由驱动写入')")
    raw.commit()
    raw.close()
    engine = make_engine(made_by_driver, key)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT v FROM t").scalar() == "由驱动写入"
    engine.dispose()


def test_passphrase_with_url_and_quote_characters_and_cjk_round_trips(tmp_path: Path) -> None:
    secret = "p@ss:/%\"'会议纪要—口令 ;--"
    path = tmp_path / "pass.huiwu"
    Office.create(path, Passphrase(secret), "澄溪区人民政府办公室").close()
    with Office.open(path, Passphrase(secret)) as office:
        assert office.settings.office_name() == "澄溪区人民政府办公室"
    # The same passphrase typed into the bare driver opens it: the URL did not mangle it.
    raw = _raw_connect(path, secret)
    assert raw.execute("SELECT value FROM setting WHERE key = 'office_name'").fetchone() == ("澄溪区人民政府办公室",)
    raw.close()
    with pytest.raises(WrongKeyOrDamaged):
        Office.open(path, Passphrase(secret[:-1]))


def test_eight_threads_read_through_the_pool(office: Office) -> None:
    office.settings.set("note", "并发读取")
    barrier = threading.Barrier(8)

    def read(_: int) -> tuple[str, str]:
        barrier.wait(timeout=30)
        return office.settings.get("note"), office.settings.office_name()

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(read, range(8)))
    assert results == [("并发读取", "澄溪区人民政府办公室")] * 8


def test_hex_key_never_logged_with_echo_and_debug(tmp_path: Path, key: RawKey,
                                                  caplog: pytest.LogCaptureFixture,
                                                  capfd: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)  # root and sqlalchemy.* at DEBUG
    path = tmp_path / "logged.huiwu"
    office = Office.create(path, key, "澄溪区人民政府办公室")
    office.engine.echo = "debug"  # statements and result rows
    office.settings.set("note", "日志测试")
    office.backup_to(tmp_path / "copy.huiwu")  # ATTACH ... KEY carries the key too
    office.close()
    with pytest.raises(WrongKeyOrDamaged) as wrong:
        Office.open(path, RawKey.generate())
    office = Office.open(path, key)
    office.engine.echo = "debug"
    assert office.settings.get("note") == "日志测试"
    office.close()
    out, err = capfd.readouterr()
    logged = caplog.text + out + err
    assert "SELECT" in logged and "setting" in logged  # logging really was on
    secret = key.secret.hex()
    chain = []
    error: BaseException | None = wrong.value
    while error is not None:
        chain.append(str(error) + repr(error))
        error = error.__cause__ or error.__context__
    for text in (logged, *chain):
        assert secret not in text.lower()
        assert secret.upper() not in text


# --- R4: tamper and corruption detection --------------------------------------------------------

def _closed_file_of_several_pages(path: Path, key: RawKey) -> int:
    office = Office.create(path, key, "澄溪区人民政府办公室")
    for i in range(6):
        office.settings.set(f"filler{i}", "填充" * 1500)  # ~9 KB each: the file spans many pages
    office.close()  # last connection: WAL checkpointed into the main file
    assert not Path(f"{path}-wal").exists()
    pages = path.stat().st_size // 4096
    assert pages >= 6
    return pages


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_clean_file_passes_both_integrity_checks(office: Office) -> None:
    assert integrity_problems(office.engine) == {
        "integrity_check": [], "cipher_integrity_check": [], "foreign_key_check": []}


def test_flipped_byte_in_a_page_is_named_by_cipher_integrity_check(tmp_path: Path, key: RawKey) -> None:
    path = tmp_path / "tamper.huiwu"
    pages = _closed_file_of_several_pages(path, key)
    k = pages - 2  # a data page, not page 1 (which holds the salt and the schema)
    _flip(path, 4096 * k + 100)
    raw = _raw_connect(path, key.pragma_value())
    rows = [r[0] for r in raw.execute("PRAGMA cipher_integrity_check")]
    raw.close()
    assert any(f"page {k + 1}" in row for row in rows), rows
    assert not any(f"page {k + 2}" in row for row in rows)
    # Through the program: the file opens (page 1 is intact), the check names the page instead of
    # aborting, and reading the damaged table says "damaged", not "wrong key".
    with Office.open(path, key) as office:
        problems = integrity_problems(office.engine)
        assert any(f"page {k + 1}" in p for p in problems["cipher_integrity_check"]), problems
        assert problems["integrity_check"] != []
        with pytest.raises(WrongKeyOrDamaged) as damaged, storage_errors(), office.engine.connect() as conn:
            tables = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'").scalars().all()
            for table in tables:  # whichever table owns the page, reading it must fail
                conn.exec_driver_sql(f'SELECT * FROM "{table}"').fetchall()
        assert "已损坏" in damaged.value.message and "密钥不正确" not in damaged.value.message


def test_flipped_byte_in_the_salt_reads_as_wrong_key_or_damaged(tmp_path: Path, key: RawKey) -> None:
    path = tmp_path / "salt.huiwu"
    _closed_file_of_several_pages(path, key)
    _flip(path, 5)  # inside the 16-byte salt
    before = file_digest(path)
    with pytest.raises(WrongKeyOrDamaged) as refused:
        Office.open(path, key)
    assert "损坏" in refused.value.message and "密钥" in refused.value.message
    assert file_digest(path) == before


def test_schema_head_is_written_by_create(office: Office) -> None:
    with office.engine.connect() as conn:
        assert schema.current_revision(conn) == schema.HEAD


# --- backups: an encrypted, complete copy or nothing --------------------------------------------

def test_backup_is_encrypted_complete_and_opens_with_the_same_key(office: Office, tmp_path: Path,
                                                                  key: RawKey) -> None:
    _write_markers(office)
    dest = office.backup_to(tmp_path / "copies" / "backup.huiwu")
    assert not header_is_plaintext(dest)
    assert _files_containing(dest.parent, MARKERS) == {}
    assert sorted(p.name for p in dest.parent.iterdir()) == ["backup.huiwu"]  # no .tmp left
    office.close()
    with Office.open(dest, key) as copy:
        assert copy.settings.get("note") == MARKERS[0]
        assert integrity_problems(copy.engine)["cipher_integrity_check"] == []


def test_failed_backup_leaves_no_partial_copy(office: Office, tmp_path: Path) -> None:
    dest = tmp_path / "copies" / "backup.huiwu"
    dest.mkdir(parents=True)  # the final rename cannot replace a folder: fails after the export
    with pytest.raises(StorageError):
        office.backup_to(dest)
    assert sorted(p.name for p in dest.parent.iterdir()) == ["backup.huiwu"]
    assert dest.is_dir() and list(dest.iterdir()) == []
    office.settings.set("note", "备份失败后仍可写入")  # the live file is unaffected
    assert office.settings.get("note") == "备份失败后仍可写入"


# --- a full disk (R14: the file-size limit gives the same error path without root) --------------

_FILL_UNTIL_FULL = """
import resource, signal, sys
from core.errors import HuiwuError
from core.office import Office
from core.store.keys import RawKey
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG from write() instead of being killed
office = Office.open(sys.argv[1], RawKey(bytes.fromhex(sys.stdin.readline().strip())))
resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))
try:
    for i in range(10_000):
        office.settings.set(f"row{i}", "会议纪要" * 300)
        print("ack", i, flush=True)  # only after commit returned
except HuiwuError as error:
    print("error", type(error).__name__, error.message, flush=True)
office.close()
"""


def test_full_disk_is_a_typed_error_and_loses_nothing_acknowledged(tmp_path: Path, key: RawKey) -> None:
    path = tmp_path / "full.huiwu"
    Office.create(path, key, "澄溪区人民政府办公室").close()
    done = subprocess.run([sys.executable, "-c", _FILL_UNTIL_FULL, str(path)], input=key.secret.hex() + "\n",
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2], timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    acked = [int(line.split()[1]) for line in lines if line.startswith("ack ")]
    assert acked and lines[-1].startswith("error StorageFull "), lines[-3:]
    assert "磁盘空间不足" in lines[-1] and "未保存" in lines[-1]
    with Office.open(path, key) as office:
        assert integrity_problems(office.engine) == {
            "integrity_check": [], "cipher_integrity_check": [], "foreign_key_check": []}
        stored = office.settings.all()
        assert all(f"row{i}" in stored for i in acked)
        assert office.settings.office_name() == "澄溪区人民政府办公室"
