"""Disk full (R13): on a small tmpfs the failing save gives the storage-full message, earlier data
is intact, and the next save after space is freed succeeds. Needs root to mount (CI runs as root)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.errors import StorageFull
from core.model import Person
from core.office import Office
from core.store.health import integrity_problems
from core.store.keys import RawKey

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root (CI runs as root)")


@pytest.fixture
def small_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_refuses_the_save_and_keeps_the_data(small_disk: Path) -> None:
    key = RawKey.generate()
    db = small_disk / "office.huiwu"
    filler = small_disk / "other-files.bin"  # something else on the disk, deleted later to make room
    with Office.create(db, key, "澄溪区人民政府办公室") as office:
        filler.write_bytes(b"\0" * 600_000)
        saved = 0
        with pytest.raises(StorageFull) as full:
            while True:
                office.roster.add_person(f"人员{saved:05d}", note="备注" * 900)
                saved += 1
        assert "磁盘空间不足" in full.value.message
        assert saved > 0
        filler.unlink()
        office.roster.add_person("空间释放后保存")
        with office.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Person)) == saved + 1
    with Office.open(db, key) as office:
        problems = integrity_problems(office.engine)
        assert problems["integrity_check"] == [] and problems["cipher_integrity_check"] == []
        with office.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Person)) == saved + 1
