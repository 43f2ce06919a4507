"""Shared fixtures: every test gets a fresh encrypted office file and an in-memory key store."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from core.office import Office
from core.store.keys import RawKey
from core.store.keystore import MemoryKeyStore
from tests.legacy_files import before_key_slots  # noqa: F401 - the tests take it from here

# CI explores the same examples every run (a landing never hangs on a new random find); locally
# each run explores new ones, and hypothesis keeps the failures it found in .hypothesis/.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def private_state_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Audit anchors and other per-user state go to a throw-away folder, never the real home."""
    state = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("HUIWU_STATE_DIR", str(state))
    return state


@pytest.fixture(autouse=True)
def quick_key_slots(monkeypatch: pytest.MonkeyPatch) -> None:
    """Key slots with a cheap KDF: hundreds of tests make accounts. The shipped cost is checked in
    tests/core/test_keyfile.py and measured by the login benchmark."""
    from core.keeping import keyfile

    monkeypatch.setattr(keyfile, "KDF_N", 2**10)


@pytest.fixture
def key() -> RawKey:
    return RawKey.generate()


@pytest.fixture
def keystore() -> MemoryKeyStore:
    return MemoryKeyStore()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "office.huiwu"


@pytest.fixture
def office(db_path: Path, key: RawKey) -> Iterator[Office]:
    office = Office.create(db_path, key, "澄溪区人民政府办公室", user="测试秘书")
    try:
        yield office
    finally:
        office.close()


def file_digest(path: Path) -> str:
    """Hash of a file and its WAL, for tests that prove nothing changed."""
    h = hashlib.sha256()
    for part in (path, Path(f"{path}-wal")):
        if part.exists():
            h.update(part.read_bytes())
    return h.hexdigest()

