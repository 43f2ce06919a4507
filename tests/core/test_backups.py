"""Backups and restore (issue 6 §4, R6): encrypted, verified, kept N days, restorable without
changing the keyring entry; a damaged backup is refused and the current file left as it was."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from core.errors import HuiwuError, Invalid, WrongKeyOrDamaged
from core.keeping import backups, restore
from core.office import Office
from core.store.engine import PLAINTEXT_HEADER
from core.store.keys import Passphrase, RawKey, file_id


def test_daily_backup_once_a_day_keeping_the_newest(office: Office) -> None:
    office.settings.set(backups.KEEP_SETTING, "3")
    day = dt.datetime(2026, 11, 1, 9, 0)
    made = [backups.daily_backup(office, now=day + dt.timedelta(days=i)) for i in range(5)]
    assert all(made)
    assert backups.daily_backup(office, now=day + dt.timedelta(days=4, hours=3)) is None  # once a day
    kept = sorted(p.name for p in backups._daily(office))
    assert len(kept) == 3 and kept[0].startswith("office-20261103")
    for path in backups._daily(office):
        assert path.read_bytes()[:16] != PLAINTEXT_HEADER
        assert file_id(path) == office.file_id  # same salt: the keyring entry opens it too


def test_manual_backup_under_a_separate_passphrase(office: Office, tmp_path: Path) -> None:
    office.settings.set("note", "备份中的机密内容")
    media = tmp_path / "usb"
    media.mkdir()
    separate = Passphrase("移动介质专用口令2026")
    info = backups.backup_to_folder(office, media, key=separate)
    assert info.ok and info.counts["setting"] >= 3
    assert "备份中的机密内容".encode() not in info.path.read_bytes()
    with pytest.raises(WrongKeyOrDamaged):
        backups.inspect(info.path, office.key_for_backup())
    assert backups.inspect(info.path, separate).counts == info.counts
    with pytest.raises(Invalid, match="不存在"):
        backups.backup_to_folder(office, tmp_path / "missing")


def test_restore_brings_back_the_old_data_and_keeps_the_key(office: Office, tmp_path: Path, key: RawKey) -> None:
    office.settings.set("note", "第一版")
    media = tmp_path / "media"
    media.mkdir()
    saved = backups.backup_to_folder(office, media)
    office.settings.set("note", "第二版")
    before_id = office.file_id
    result = restore.restore(office, saved.path, office.key_for_backup())
    assert result.info.ok and result.damaged_copy is None
    assert office.settings.get("note") == "第一版"
    assert office.file_id == before_id
    pre = [p for p in (office.path.parent / f"{office.path.name}.backups").iterdir() if "pre-restore" in p.name]
    assert pre  # the current file was backed up first
    office.close()
    with Office.open(office.path, key) as again:  # the same key (and keyring entry) opens it
        assert again.settings.get("note") == "第一版"


def test_damaged_backup_is_refused_and_nothing_changes(office: Office, tmp_path: Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    saved = backups.backup_to_folder(office, media)
    damaged = tmp_path / "damaged.huiwu"
    shutil.copy(saved.path, damaged)
    data = bytearray(damaged.read_bytes())
    data[4096 + 100] ^= 0xFF
    damaged.write_bytes(bytes(data))
    office.settings.set("note", "当前数据")
    before = backups.table_counts(office.engine)
    with pytest.raises(HuiwuError, match="备份文件"):
        restore.restore(office, damaged, office.key_for_backup())
    assert backups.table_counts(office.engine) == before
    assert office.settings.get("note") == "当前数据"
    assert not list(office.path.parent.glob("*.restoring*"))


def test_a_killed_manual_backup_leaves_nothing_after_the_next(office: Office, tmp_path: Path) -> None:
    """kill -9 during a manual backup leaves its temporary files; the next backup removes them."""
    media = tmp_path / "media"
    media.mkdir()
    stem = office.path.stem
    leftovers = [media / f"{stem}-20261201-093000-备份.huiwu.tmp", media / f"{stem}-20261201-093000-备份.huiwu.tmp-journal"]
    for leftover in leftovers:
        leftover.write_bytes(b"half a backup")
    chosen = media / "说明.txt"  # the user's own files on the medium are never touched
    chosen.write_text("移动介质", encoding="utf-8")
    made = backups.backup_to_folder(office, media)
    assert sorted(p.name for p in media.iterdir()) == sorted([made.path.name, chosen.name])
