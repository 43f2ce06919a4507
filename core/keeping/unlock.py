"""Opening a file with a typed secret (recovery code or passphrase), with a limit on wrong tries:
after 5 in a row the next try waits 15 minutes (R10). The count is kept per file in the user's
state folder. This slows a person guessing at the keyboard; it is not what protects the data —
a 256-bit key or a long passphrase through SQLCipher's KDF does that."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from core.errors import TooManyAttempts, WrongKeyOrDamaged
from core.keeping.anchor import state_dir
from core.keeping.hardening import private_dir, write_private
from core.store.keys import file_id

LIMIT = 5
LOCK_MINUTES = 15


def _state_file(path: Path) -> Path:
    return state_dir() / "unlock" / f"{file_id(path) or 'unknown'}.json"


def _read(path: Path) -> dict[str, float]:
    try:
        data = json.loads(_state_file(path).read_text(encoding="utf-8"))
        return {"failures": float(data["failures"]), "until": float(data["until"])}
    except (OSError, ValueError, KeyError):
        return {"failures": 0.0, "until": 0.0}


def _write(path: Path, state: dict[str, float]) -> None:
    target = _state_file(path)
    private_dir(target.parent)
    write_private(target, json.dumps(state).encode())


@contextlib.contextmanager
def counted(path: Path, clock: Callable[[], float] = time.time) -> Iterator[None]:
    """Around one try of a typed secret: refused while waiting, a wrong key counted, a success
    clearing the count."""
    path = Path(path)
    state = _read(path)
    now = clock()
    if state["until"] > now:
        minutes = max(1, int((state["until"] - now + 59) // 60))
        raise TooManyAttempts(LIMIT, minutes)
    try:
        yield
    except WrongKeyOrDamaged:
        failures = state["failures"] + 1
        until = now + LOCK_MINUTES * 60 if failures >= LIMIT else 0.0
        _write(path, {"failures": 0.0 if until else failures, "until": until})
        raise
    if state["failures"] or state["until"]:
        _write(path, {"failures": 0.0, "until": 0.0})
