"""Database keys: a random 256-bit raw key (normal case) or a typed passphrase (no keyring).

A raw key skips SQLCipher's PBKDF2 (about 0.2 ms instead of 124 ms per connection,
RELIABILITY.md finding 4). Neither class ever puts the secret in its repr.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from core.errors import WeakPassphrase

KEY_BYTES = 32
MIN_PASSPHRASE = 10
SALT_BYTES = 16


class DatabaseKey(Protocol):
    def pragma_value(self) -> str:
        """The value for SQLCipher's `PRAGMA key` / `ATTACH ... KEY`."""
        ...

    def key(self, path: Path) -> DatabaseKey:
        """A key is its own KeySource, so a typed key can be passed wherever a source is taken."""
        ...


@dataclass(frozen=True)
class RawKey:
    secret: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.secret) != KEY_BYTES:
            raise ValueError("raw key must be 32 bytes")

    @classmethod
    def generate(cls) -> RawKey:
        return cls(secrets.token_bytes(KEY_BYTES))

    def pragma_value(self) -> str:
        return f"x'{self.secret.hex()}'"

    def pragma_value_with_salt(self, salt_hex: str) -> str:
        """Key and salt together (SQLCipher's 96-hex-digit raw form): a copy made with it keeps the
        file id (the salt), so the keyring entry still finds the key after a restore."""
        return f"x'{self.secret.hex()}{salt_hex}'"

    def key(self, path: Path) -> RawKey:  # a key is its own source
        return self


@dataclass(frozen=True)
class Passphrase:
    secret: str = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.secret) < MIN_PASSPHRASE:
            raise WeakPassphrase()

    def pragma_value(self) -> str:
        return self.secret

    def key(self, path: Path) -> Passphrase:
        return self


class KeySource(Protocol):
    """Gives the key for a database file (a key itself, or the keyring looked up by file id)."""

    def key(self, path: Path) -> DatabaseKey: ...


def file_id(path: Path) -> str:
    """A stable id readable without the key: SQLCipher's random per-file salt (first 16 bytes).

    The keyring entry is stored under it, so moving or renaming the file keeps the key found.
    """
    with open(path, "rb") as fh:
        salt = fh.read(SALT_BYTES)
    if len(salt) < SALT_BYTES:
        return ""
    return salt.hex()


def key_from_text(text: str) -> DatabaseKey:
    """What a user typed or a script passed: a recovery code if it reads as one, else a passphrase."""
    from core.store import recovery

    if recovery.looks_like_code(text):
        return RawKey(recovery.decode(text))
    return Passphrase(text.rstrip("\r\n"))


def read_secret_file(path: str | os.PathLike[str]) -> DatabaseKey:
    return key_from_text(Path(path).read_text(encoding="utf-8"))
