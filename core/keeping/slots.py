"""Opening through an account's slot, and what the key file remembers of refused tries.

A wrong password cannot be written into the data file: the file is not open. So refused tries are
kept in the key file (user, time), counted for the lockout (R18: 5 in a row lock the account for 15
minutes) before any KDF runs, and moved into the audit trail at the next open (Office). Whoever can
edit the key file can clear them, but no more than that: the slot's KDF is what stops guessing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from core.keeping import keyfile
from core.keeping.keyfile import KeyFile
from core.rules import passwords
from core.services.accounts import LoginRefused
from core.store.keys import DatabaseKey

MAX_KEPT = 200  # refused tries kept at most: the key file must not grow without end


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def unlock(db_path: Path, key_file: KeyFile, user_name: str, password: str, *,
           now: dt.datetime | None = None, policy: passwords.Policy = passwords.DEFAULT) -> bytes:
    """W from `user_name`'s slot, or LoginRefused (the refusal is kept in the key file first)."""
    now = now or _now()
    name = user_name.strip()[:40]
    locked_until = _locked_until(key_file, name, now, policy)
    if locked_until is not None:
        raise LoginRefused(passwords.locked_message(locked_until), remaining=0, locked_until=locked_until)
    slot = key_file.slots.get(name)
    if slot is None:
        keyfile.burn_kdf(password)
        wrapping = None
    else:
        wrapping = keyfile.open_slot(slot, password, key_file.file_id, name)
    if wrapping is None:
        _remember_failure(db_path, key_file, name, now)
        raise _refusal(key_file, name, now, policy)
    return wrapping


def _refusal(key_file: KeyFile, name: str, now: dt.datetime, policy: passwords.Policy) -> LoginRefused:
    """What the user is told: tries left for a name that has a slot (and the lock when none are
    left); for an unknown name the same words as a wrong password, so names are not revealed."""
    if name not in key_file.slots:
        return LoginRefused()
    left = policy.max_failures - len(_recent_failures(key_file, name, now, policy)) - 1
    if left <= 0:
        until = now + dt.timedelta(minutes=policy.lock_minutes)
        return LoginRefused(passwords.locked_message(until), remaining=0, locked_until=until)
    return LoginRefused(f"用户名或密码不正确。还可尝试 {left} 次，之后账户将被锁定 {policy.lock_minutes} 分钟。",
                        remaining=left)


def _recent_failures(key_file: KeyFile, name: str, now: dt.datetime,
                     policy: passwords.Policy) -> list[dt.datetime]:
    since = now - dt.timedelta(minutes=policy.lock_minutes)
    times = []
    for f in key_file.failures:
        try:
            at = dt.datetime.fromisoformat(f["at"])
        except (KeyError, ValueError):
            continue
        if f.get("user") == name and at > since:
            times.append(at)
    return sorted(times)


def _locked_until(key_file: KeyFile, name: str, now: dt.datetime, policy: passwords.Policy) -> dt.datetime | None:
    recent = _recent_failures(key_file, name, now, policy)
    if len(recent) < policy.max_failures:
        return None
    return recent[policy.max_failures - 1] + dt.timedelta(minutes=policy.lock_minutes)


def _remember_failure(db_path: Path, key_file: KeyFile, name: str, now: dt.datetime) -> None:
    entry = {"user": name, "at": now.isoformat(timespec="seconds"), "recorded": ""}
    keyfile.save(db_path, key_file.replace(failures=(*key_file.failures, entry)[-MAX_KEPT:]))


def unrecorded(key_file: KeyFile) -> list[dict[str, str]]:
    """Refused tries not yet in the audit trail."""
    return [f for f in key_file.failures if not f.get("recorded")]


def after_success(key_file: KeyFile, user_name: str) -> KeyFile:
    """The user is in: their refused tries no longer count, and everyone's are in the audit trail."""
    kept = tuple({**f, "recorded": "1"} for f in key_file.failures if f.get("user") != user_name)
    return key_file.replace(failures=kept)


def candidate_keys(key_file: KeyFile, wrapping_key: bytes) -> list[DatabaseKey]:
    """The database keys W opens: the current one, then a pending one left by a rotation cut short
    (either may be the file's key now: RELIABILITY finding 7)."""
    found = [keyfile.open_master(wrapping_key, key_file.master, key_file.file_id),
             keyfile.open_master(wrapping_key, key_file.pending, key_file.file_id, pending=True)]
    return list(dict.fromkeys(k for k in found if k is not None))
