"""R10: a wrong recovery code or passphrase five times in a row locks further tries for 15 minutes;
the file is unchanged throughout, and the right code opens it afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import TooManyAttempts, WrongKeyOrDamaged
from core.keeping.unlock import LOCK_MINUTES
from core.office import Office
from core.store.keys import RawKey
from tests.conftest import file_digest


def test_five_wrong_codes_lock_the_attempt_out(db_path: Path, key: RawKey) -> None:
    Office.create(db_path, key, "澄溪区人民政府办公室").close()
    now = [1_000_000.0]
    for _ in range(4):
        with pytest.raises(WrongKeyOrDamaged):
            Office.open_with_secret(db_path, RawKey.generate(), clock=lambda: now[0])
    with Office.open_with_secret(db_path, key, clock=lambda: now[0]):  # a success resets the count
        pass
    for _ in range(5):
        with pytest.raises(WrongKeyOrDamaged):
            Office.open_with_secret(db_path, RawKey.generate(), clock=lambda: now[0])
    before = file_digest(db_path)
    with pytest.raises(TooManyAttempts, match="15 分钟"):
        Office.open_with_secret(db_path, key, clock=lambda: now[0])  # even the right code waits
    assert file_digest(db_path) == before  # refused without touching the file
    now[0] += LOCK_MINUTES * 60 - 1
    with pytest.raises(TooManyAttempts, match="1 分钟"):
        Office.open_with_secret(db_path, key, clock=lambda: now[0])
    now[0] += 1
    with Office.open_with_secret(db_path, key, clock=lambda: now[0]) as office:
        assert office.settings.office_name() == "澄溪区人民政府办公室"
