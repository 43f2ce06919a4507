"""kill -9 during writes, migrations and backups (issue 6 §6, R12, R15, R6): after each kill the
file opens, both integrity checks pass, and every acknowledged write is there."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from core.model import Person
from core.office import Office
from core.store import backup, recovery, schema
from core.store.health import integrity_problems
from core.store.keys import RawKey

ROOT = Path(__file__).resolve().parents[2]
KILLS = 100


def key_file(tmp_path: Path, key: RawKey) -> Path:
    path = tmp_path / "key.txt"
    path.write_text(recovery.encode(key.secret), encoding="utf-8")
    return path


def assert_intact(db: Path, key: RawKey) -> set[int]:
    with Office.open(db, key) as office:
        assert integrity_problems(office.engine) == {
            "integrity_check": [], "cipher_integrity_check": [], "foreign_key_check": []}
        with office.sessions() as s:
            return set(s.scalars(select(Person.id)))


def test_kill_9_during_writes_loses_nothing_acknowledged(db_path: Path, key: RawKey, tmp_path: Path) -> None:
    Office.create(db_path, key, "澄溪区人民政府办公室").close()
    secret = key_file(tmp_path, key)
    rng = random.Random(9)
    acknowledged: set[int] = set()
    for round_ in range(KILLS):
        child = subprocess.Popen([sys.executable, "-m", "tests.proofs.writer", str(db_path), str(secret),
                                  str(round_ * 100000)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        first = child.stdout.readline()  # the child is open and writing
        assert first.strip(), "the writer did not start"
        acknowledged.add(int(first))
        os.set_blocking(child.stdout.fileno(), False)
        deadline = time.monotonic() + rng.uniform(0.05, 0.5)
        while time.monotonic() < deadline:  # ... then a random while of writes before the kill
            line = child.stdout.readline()
            if line.strip():
                acknowledged.add(int(line))
            else:
                time.sleep(0.002)
        child.send_signal(signal.SIGKILL)
        child.wait()
        rest = child.stdout.read() or ""
        acknowledged |= {int(x) for x in rest.split()}
        present = assert_intact(db_path, key)
        missing = acknowledged - present
        assert not missing, f"round {round_}: acknowledged ids lost: {sorted(missing)[:5]}"
    assert len(acknowledged) > 3 * KILLS  # the children really wrote between the kills


def test_kill_9_during_a_migration(db_path: Path, key: RawKey, tmp_path: Path) -> None:
    """The next start finishes the migration or finds the file untouched; never half-migrated."""
    from tests.core.test_migrations import _file_at_0001 as make_old_file  # the migration tests' fixture

    rng = random.Random(15)
    for round_ in range(10):
        path = tmp_path / f"old{round_}.huiwu"
        make_old_file(path, key)
        secret = key_file(tmp_path, key)
        code = ("import sys; from core.office import Office; from core.store.keys import read_secret_file;"
                "Office.open(sys.argv[1], read_secret_file(sys.argv[2])).close(); print('done', flush=True)")
        child = subprocess.Popen([sys.executable, "-c", code, str(path), str(secret)], cwd=ROOT,
                                 stdout=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(0.2, 1.2))
        child.send_signal(signal.SIGKILL)
        child.wait()
        with Office.open(path, key) as office:  # finishes (or had finished) the migration
            assert office.revision == schema.HEAD
            assert integrity_problems(office.engine)["integrity_check"] == []
        for made in backup.backup_dir(path).glob("*.huiwu") if backup.backup_dir(path).exists() else []:
            with Office.open(made, key) as copy:  # every complete pre-migration backup opens
                assert copy.revision in (schema.HEAD, *schema.known_revisions())


def test_kill_9_during_a_backup_leaves_the_previous_backup_intact(office: Office, key: RawKey, tmp_path: Path) -> None:
    for i in range(300):
        office.roster.add_person(f"人员{i}")
    dest = tmp_path / "backup.huiwu"
    office.backup_to(dest)
    before = dest.read_bytes()
    office.close()
    secret = key_file(tmp_path, key)
    code = ("import sys; from pathlib import Path; from core.office import Office;"
            "from core.store.keys import read_secret_file;"
            "o = Office.open(sys.argv[1], read_secret_file(sys.argv[2]))\n"
            "while True: o.backup_to(Path(sys.argv[3]))")
    rng = random.Random(6)
    for _ in range(10):
        child = subprocess.Popen([sys.executable, "-c", code, str(office.path), str(secret), str(dest)], cwd=ROOT)
        time.sleep(rng.uniform(0.5, 1.5))
        child.send_signal(signal.SIGKILL)
        child.wait()
        # Under its final name there is always a whole backup: the previous one or a new complete one.
        with Office.open(dest, key) as copy:
            assert integrity_problems(copy.engine)["cipher_integrity_check"] == []
            with copy.sessions() as s:
                assert len(s.scalars(select(Person.id)).all()) == 300
    assert before  # the first backup was real
