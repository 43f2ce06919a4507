"""Office.open: every refusal is typed, in Chinese, and leaves the file byte for byte as it was
(R2, the lock, files that are not ours, a missing file)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
import sqlcipher3

from core.errors import (
    CannotOpen,
    FileLocked,
    FileMissing,
    Invalid,
    KeyMissing,
    NotHuiwuFile,
    WrongKeyOrDamaged,
)
from core.keeping.filelock import lock_path
from core.office import Office
from core.store import schema
from core.store.engine import make_engine
from core.store.keys import DatabaseKey, Passphrase, RawKey
from core.store.keystore import KeyringSource, MemoryKeyStore
from tests.conftest import file_digest

PYTHON = sys.executable
ROOT = Path(__file__).resolve().parents[2]


class EmptyKey:
    def pragma_value(self) -> str:
        return ""

    def key(self, path: Path) -> EmptyKey:
        return self


class RecordingSource:
    """A key source that notes whether it was asked: the lock must be checked before the key."""

    def __init__(self, key: DatabaseKey) -> None:
        self._key = key
        self.asked = 0

    def key(self, path: Path) -> DatabaseKey:
        self.asked += 1
        return self._key


def _closed_file(path: Path, key: RawKey) -> Path:
    Office.create(path, key, "澄溪区人民政府办公室").close()
    return path


def _listing(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def _assert_refused_untouched(path: Path, source: object, error: type[Exception]) -> Exception:
    """Open must raise `error`; afterwards the file is identical and at most the .lock is new."""
    before, files = file_digest(path), _listing(path.parent)
    with pytest.raises(error) as refused:
        Office.open(path, source)  # type: ignore[arg-type]
    assert file_digest(path) == before
    assert _listing(path.parent) - files <= {lock_path(path).name}
    message = getattr(refused.value, "message", "")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message  # a Chinese sentence
    return refused.value


# --- R2: wrong key, empty key, a passphrase instead of the raw key ------------------------------

@pytest.mark.parametrize("wrong", ["other raw key", "empty key", "hex typed as a passphrase"])
def test_wrong_keys_are_refused_and_the_file_is_untouched(
        tmp_path: Path, key: RawKey, wrong: str, capfd: pytest.CaptureFixture[str]) -> None:
    path = _closed_file(tmp_path / "office.huiwu", key)
    source: object = {"other raw key": RawKey.generate(), "empty key": EmptyKey(),
                      "hex typed as a passphrase": Passphrase(key.secret.hex())}[wrong]
    refused = _assert_refused_untouched(path, source, WrongKeyOrDamaged)
    assert "密钥不正确" in str(refused) and "损坏" in str(refused)
    assert "ERROR" not in capfd.readouterr().err  # cipher_log_level keeps SQLCipher quiet
    with Office.open(path, key) as office:  # and the right key still opens it
        assert office.settings.office_name() == "澄溪区人民政府办公室"


def test_wrong_key_on_a_file_with_an_uncheckpointed_wal_keeps_its_data(tmp_path: Path, key: RawKey) -> None:
    """A WAL left by a crash holds committed data. SQLite merges it into the file when the last
    connection closes, even one whose key was wrong (the frames are copied still encrypted), so
    here the bytes may change but no committed data may be lost and no file may appear."""
    path = _closed_file(tmp_path / "office.huiwu", key)
    writer = sqlcipher3.connect(str(path))
    writer.execute('PRAGMA key = "' + key.pragma_value() + '"')
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("INSERT INTO setting VALUES ('note', '崩溃前写入')")
    writer.commit()
    copy = tmp_path / "crashed"
    copy.mkdir()
    for suffix in ("", "-wal"):  # what a crash leaves: the file and a non-empty WAL
        (copy / f"office.huiwu{suffix}").write_bytes(Path(f"{path}{suffix}").read_bytes())
    writer.close()
    crashed = copy / "office.huiwu"
    assert Path(f"{crashed}-wal").stat().st_size > 0
    with pytest.raises(WrongKeyOrDamaged):
        Office.open(crashed, RawKey.generate())
    assert _listing(copy) <= {"office.huiwu", "office.huiwu-wal", "office.huiwu.lock"}
    with Office.open(crashed, key) as office:
        assert office.settings.get("note") == "崩溃前写入"


# --- the lock -----------------------------------------------------------------------------------

def test_second_open_in_the_same_process_is_refused_before_the_key_is_asked(
        office: Office, db_path: Path, key: RawKey) -> None:
    source = RecordingSource(key)
    before = file_digest(db_path)
    with pytest.raises(FileLocked):
        Office.open(db_path, source)
    assert source.asked == 0
    assert office.settings.office_name() == "澄溪区人民政府办公室"  # the holder is unaffected
    assert file_digest(db_path) == before  # the refused opener wrote nothing
    office.close()
    with Office.open(db_path, source) as again:
        assert again.settings.office_name() == "澄溪区人民政府办公室"
    assert source.asked == 1


_HOLDER = textwrap.dedent("""
    import sys, time
    from core.office import Office
    from core.store.keys import RawKey
    office = Office.open(sys.argv[1], RawKey(bytes.fromhex(sys.stdin.readline().strip())))
    print("ready", flush=True)
    time.sleep(120)
""")

_OPENER = textwrap.dedent("""
    import sys
    from core.errors import HuiwuError
    from core.office import Office
    from core.store.keys import RawKey
    try:
        Office.open(sys.argv[1], RawKey(bytes.fromhex(sys.stdin.readline().strip()))).close()
        print("opened")
    except HuiwuError as error:
        print(type(error).__name__)
""")


def _python(code: str, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PYTHON, "-c", code, *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, timeout=60)


def test_another_process_is_refused_while_we_hold_the_file(office: Office, db_path: Path, key: RawKey) -> None:
    result = _python(_OPENER, str(db_path), stdin=key.secret.hex() + "\n")
    assert result.stdout.strip() == "FileLocked", result.stderr
    office.close()
    result = _python(_OPENER, str(db_path), stdin=key.secret.hex() + "\n")
    assert result.stdout.strip() == "opened", result.stderr


def test_lock_held_by_another_process_is_freed_when_it_is_killed(tmp_path: Path, key: RawKey) -> None:
    path = _closed_file(tmp_path / "office.huiwu", key)
    holder = subprocess.Popen([PYTHON, "-c", _HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.write(key.secret.hex() + "\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(FileLocked) as locked:
            Office.open(path, key)
        assert "另一个正在运行的会务程序" in locked.value.message
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    assert holder.returncode == -signal.SIGKILL
    # No stale-lock ceremony needed: the OS dropped the kernel lock with the process.
    with Office.open(path, key) as office:
        assert office.settings.office_name() == "澄溪区人民政府办公室"


# --- files that are not ours, and a missing file ------------------------------------------------

def test_sqlcipher_file_with_the_right_key_but_foreign_tables(tmp_path: Path, key: RawKey) -> None:
    path = tmp_path / "foreign.db"
    raw = sqlcipher3.connect(str(path))
    raw.execute('PRAGMA key = "' + key.pragma_value() + '"')
    raw.execute("CREATE TABLE customers (name TEXT)")  # rollback-journal mode, as most apps leave it
    raw.execute("INSERT INTO customers VALUES ('某公司')")
    raw.commit()
    raw.close()
    refused = _assert_refused_untouched(path, key, NotHuiwuFile)
    assert "不是会务数据文件" in str(refused)


def test_other_alembic_database_without_our_format_mark(tmp_path: Path, key: RawKey) -> None:
    """alembic_version alone proves nothing: another Alembic-managed SQLCipher file is not ours."""
    path = tmp_path / "other-app.db"
    engine = make_engine(path, key)
    with engine.begin() as conn:
        schema.upgrade(conn)  # our tables, but no file_format mark was ever written
    engine.dispose()
    _assert_refused_untouched(path, key, NotHuiwuFile)


def test_plain_text_file(tmp_path: Path, key: RawKey) -> None:
    path = tmp_path / "notes.huiwu"
    path.write_text("会议纪要草稿\n第一项：……\n" * 50, encoding="utf-8")
    _assert_refused_untouched(path, key, NotHuiwuFile)


def test_plain_text_file_is_refused_before_the_keyring_is_asked(tmp_path: Path) -> None:
    """Otherwise a random file would send the user looking for a recovery code (KeyMissing)."""
    path = tmp_path / "notes.huiwu"
    path.write_bytes(os.urandom(4096 * 3 + 7))
    _assert_refused_untouched(path, KeyringSource(MemoryKeyStore()), NotHuiwuFile)


def test_empty_file_is_refused_and_stays_empty(tmp_path: Path, key: RawKey) -> None:
    path = tmp_path / "empty.huiwu"
    path.touch()
    _assert_refused_untouched(path, key, NotHuiwuFile)
    assert path.stat().st_size == 0  # SQLite would happily have initialised it


def test_unencrypted_sqlite_file(tmp_path: Path, key: RawKey) -> None:
    path = tmp_path / "plain.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE setting (key TEXT, value TEXT)")
    conn.commit()
    conn.close()
    refused = _assert_refused_untouched(path, key, NotHuiwuFile)
    assert "未加密" in str(refused)


def test_missing_file_and_directory(tmp_path: Path, key: RawKey) -> None:
    with pytest.raises(FileMissing) as missing:
        Office.open(tmp_path / "nowhere.huiwu", key)
    assert "找不到数据文件" in missing.value.message and "nowhere.huiwu" in missing.value.message
    with pytest.raises(FileMissing):
        Office.open(tmp_path, key)
    assert _listing(tmp_path) == set()  # not even a lock file


def test_random_bytes_of_page_size_read_as_wrong_key_or_damaged(tmp_path: Path, key: RawKey) -> None:
    """Whole pages of noise look exactly like an encrypted file under a wrong key: say both."""
    path = tmp_path / "noise.huiwu"
    path.write_bytes(os.urandom(4096 * 4))
    _assert_refused_untouched(path, key, WrongKeyOrDamaged)


def test_keyring_without_entry_raises_key_missing(tmp_path: Path, key: RawKey) -> None:
    path = _closed_file(tmp_path / "office.huiwu", key)
    refused = _assert_refused_untouched(path, KeyringSource(MemoryKeyStore()), KeyMissing)
    assert "恢复密钥" in str(refused)


def test_every_open_refusal_is_a_cannot_open_with_exit_code_3() -> None:
    for error in (WrongKeyOrDamaged(), NotHuiwuFile(), FileLocked(), FileMissing("x")):
        assert isinstance(error, CannotOpen) and error.exit_code == 3


def test_a_symlink_to_an_open_file_meets_the_same_lock(office: Office, db_path: Path, key: RawKey,
                                                        tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    link = other / "shortcut.huiwu"
    link.symlink_to(db_path)
    with pytest.raises(FileLocked):
        Office.open(link, key)
    with pytest.raises(FileLocked):
        Office.open(other / ".." / db_path.name, key)


# --- creating a file ----------------------------------------------------------------------------

def test_create_refuses_an_existing_file_and_leaves_it(tmp_path: Path, key: RawKey) -> None:
    path = _closed_file(tmp_path / "office.huiwu", key)
    before = file_digest(path)
    with pytest.raises(Invalid) as refused:
        Office.create(path, RawKey.generate(), "另一个办公室")
    assert "不会覆盖" in refused.value.message
    assert file_digest(path) == before
    with Office.open(path, key) as office:
        assert office.settings.office_name() == "澄溪区人民政府办公室"


def test_create_leaves_one_file_and_no_work_files(tmp_path: Path, key: RawKey) -> None:
    path = tmp_path / "new.huiwu"
    office = Office.create(path, key, "澄溪区人民政府办公室")
    office.close()
    assert _listing(tmp_path) == {"new.huiwu", "new.huiwu.keys", "new.huiwu.lock"}


def test_create_that_fails_half_way_leaves_nothing(tmp_path: Path, key: RawKey) -> None:
    path = tmp_path / "new.huiwu"
    with pytest.raises(Invalid):
        Office.create(path, key, "")  # an office name is required: refused after the schema is built
    assert _listing(tmp_path) <= {"new.huiwu.lock"}
    with pytest.raises(FileMissing):
        Office.open(path, key)


def test_a_file_created_with_a_custom_fill_is_marked_and_opens(tmp_path: Path, key: RawKey) -> None:
    path = tmp_path / "filled.huiwu"
    Office.create(path, key, fill=lambda office: office.settings.set_office_name("澄溪区人民政府办公室")).close()
    with Office.open(path, key) as office:
        assert office.settings.office_name() == "澄溪区人民政府办公室"


def test_open_never_removes_or_renames_a_wal_or_journal(tmp_path: Path, key: RawKey,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The WAL of a crashed session holds committed data: only SQLite itself may retire it (R12)."""
    path = _closed_file(tmp_path / "office.huiwu", key)
    touched: list[str] = []

    def guard(real):  # type: ignore[no-untyped-def]
        def checked(target, *args, **kwargs):  # type: ignore[no-untyped-def]
            if str(target).endswith(("-wal", "-journal", "-shm")):
                touched.append(str(target))
            return real(target, *args, **kwargs)
        return checked

    for name in ("remove", "unlink", "rename", "replace"):
        monkeypatch.setattr(os, name, guard(getattr(os, name)))
    monkeypatch.setattr(Path, "unlink", guard(Path.unlink))
    with Office.open(path, key) as office:
        office.settings.set("note", "写入")
    with pytest.raises(WrongKeyOrDamaged):
        Office.open(path, RawKey.generate())
    assert touched == []


def test_unusable_lock_location_is_a_clear_refusal(tmp_path: Path, key: RawKey) -> None:
    path = _closed_file(tmp_path / "office.huiwu", key)
    lock_path(path).unlink()
    lock_path(path).mkdir()  # stands in for a folder where the lock file cannot be created
    before = file_digest(path)
    with pytest.raises(CannotOpen) as refused:
        Office.open(path, key)
    assert "锁文件" in refused.value.message
    assert file_digest(path) == before


def test_opened_on_one_thread_closed_on_another_frees_the_file(tmp_path: Path, key: RawKey) -> None:
    """The GUI opens on its worker thread and may close on the main thread (or the reverse)."""
    path = _closed_file(tmp_path / "office.huiwu", key)
    opened: list[Office] = []
    worker = threading.Thread(target=lambda: opened.append(Office.open(path, key)))
    worker.start()
    worker.join(timeout=60)
    with pytest.raises(FileLocked):  # held, also against this thread
        Office.open(path, key)
    opened[0].close()
    with Office.open(path, key) as again:
        assert again.settings.office_name() == "澄溪区人民政府办公室"


def test_partial_last_page_with_a_wal_is_recovered_not_refused(tmp_path: Path, key: RawKey) -> None:
    """A checkpoint cut short by a full disk leaves the file a partial page longer, with the WAL
    still holding every page: SQLite repairs that on open, so it must not read as "not ours"."""
    path = _closed_file(tmp_path / "office.huiwu", key)
    writer = sqlcipher3.connect(str(path))
    writer.execute('PRAGMA key = "' + key.pragma_value() + '"')
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    for i in range(20):
        writer.execute("INSERT INTO setting VALUES (?, ?)", (f"note{i}", "会议纪要" * 300))
    writer.commit()
    copy = tmp_path / "cut"
    copy.mkdir()
    for suffix in ("", "-wal"):
        (copy / f"office.huiwu{suffix}").write_bytes(Path(f"{path}{suffix}").read_bytes())
    writer.close()
    cut = copy / "office.huiwu"
    with open(cut, "ab") as fh:
        fh.write(os.urandom(1000))  # the part of a page that reached the disk
    assert cut.stat().st_size % 512
    with Office.open(cut, key) as office:
        assert office.settings.get("note19") == "会议纪要" * 300
    assert cut.stat().st_size % 4096 == 0
    # Without a WAL or journal to explain it, the same shape is refused before any key is used.
    (copy / "office.huiwu-wal").unlink(missing_ok=True)
    with open(cut, "ab") as fh:
        fh.write(b"x" * 100)
    _assert_refused_untouched(cut, KeyringSource(MemoryKeyStore()), NotHuiwuFile)
