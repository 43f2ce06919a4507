"""Wrong key 20 times (issue 6 §6): every attempt is refused with the Chinese message and the
file stays byte-identical."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import WrongKeyOrDamaged
from core.office import Office
from core.store.keys import Passphrase, RawKey
from tests.conftest import file_digest


def test_twenty_wrong_keys_change_nothing(db_path: Path, key: RawKey) -> None:
    with Office.create(db_path, key, "澄溪区人民政府办公室") as office:
        office.settings.set("note", "不变的数据")
    before = file_digest(db_path)
    names = sorted(p.name for p in db_path.parent.iterdir())
    for attempt in range(20):
        wrong = RawKey.generate() if attempt % 2 else Passphrase(f"错误的口令第{attempt}次尝试")
        with pytest.raises(WrongKeyOrDamaged, match="密钥不正确"):
            Office.open(db_path, wrong)
    assert file_digest(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == names
    with Office.open(db_path, key) as office:
        assert office.settings.get("note") == "不变的数据"
