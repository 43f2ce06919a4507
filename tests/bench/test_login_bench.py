"""Login through a key slot (issue 11, Speed: ≤ 0.5 s on this machine). The cost is the slot's KDF
— scrypt N = 2^16, r = 8, p = 1 (64 MiB) as shipped — then the password hash check of the account
(scrypt N = 2^14) and opening the file. Opening with the recovery code needs no KDF at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.keeping import keyfile
from core.office import Office
from core.store.keys import RawKey

TARGET_S = 0.5
PASSWORD = "Admin-2026pw"


@pytest.fixture
def slotted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(keyfile, "KDF_N", 2**16)  # the shipped cost, not the tests' cheap one
    path = tmp_path / "office.huiwu"
    with Office.create(path, RawKey.generate(), "澄溪区人民政府办公室") as office:
        office.accounts.create_first_admin("admin", PASSWORD)
    return path


def test_login_through_the_key_slot(benchmark, slotted: Path) -> None:
    slot = json.loads(keyfile.keyfile_path(slotted).read_text(encoding="utf-8"))["slots"]["admin"]
    assert (slot["kdf"], slot["n"], slot["r"], slot["p"]) == ("scrypt", 2**16, 8, 1)

    def log_in() -> str:
        with Office.open_as(slotted, "admin", PASSWORD) as office:
            assert office.account is not None
            return office.account.user_name

    assert benchmark.pedantic(log_in, rounds=7, warmup_rounds=1) == "admin"
    assert benchmark.stats.stats.median < TARGET_S


def test_opening_with_the_recovery_code_needs_no_kdf(benchmark, tmp_path: Path) -> None:
    key = RawKey.generate()
    path = tmp_path / "office.huiwu"
    Office.create(path, key, "澄溪区人民政府办公室").close()

    def open_close() -> None:
        Office.open(path, key).close()

    benchmark.pedantic(open_close, rounds=7, warmup_rounds=1)
    assert benchmark.stats.stats.median < 0.1
