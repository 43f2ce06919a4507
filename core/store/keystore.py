"""Where the database key lives between sessions: the OS keyring, allowlisted backends only.

`keyring` silently falls back to a plaintext file when keyrings.alt is installed
(RELIABILITY.md finding 1), so the chosen backend is checked against an allowlist and
anything else is refused with `KeyStoreUnavailable`.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Protocol

from core.errors import KeyMissing, KeyStoreUnavailable
from core.store.keys import RawKey, file_id

SERVICE = "huiwu"

ALLOWED_BACKENDS = frozenset({
    "keyring.backends.Windows.WinVaultKeyring",
    "keyring.backends.macOS.Keyring",
    "keyring.backends.SecretService.Keyring",
    "keyring.backends.libsecret.Keyring",
    "keyring.backends.kwallet.DBusKeyring",
})


class KeyStore(Protocol):
    def get(self, file_id: str) -> RawKey | None: ...
    def put(self, file_id: str, key: RawKey) -> None: ...
    def delete(self, file_id: str) -> None: ...
    def describe(self) -> str: ...


def entry_name(file_id: str) -> str:
    return f"db:{file_id}"


def backend_name(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def is_allowed(backend: object) -> bool:
    from keyring.backends.chainer import ChainerBackend

    if isinstance(backend, ChainerBackend):
        children = backend.backends
        return bool(children) and all(is_allowed(child) for child in children)
    return backend_name(backend) in ALLOWED_BACKENDS


class SystemKeyStore:
    """The OS keyring through `keyring`, refusing any backend off the allowlist."""

    def __init__(self, backend: object | None = None) -> None:
        import keyring

        self._backend = backend if backend is not None else keyring.get_keyring()
        if not is_allowed(self._backend):
            raise KeyStoreUnavailable(
                "没有可用的安全系统钥匙串（当前为 " + backend_name(self._backend) + "）。"
                "请用恢复密钥或口令打开；新建数据文件时将改用口令保护。")

    def describe(self) -> str:
        return backend_name(self._backend)

    def _call(self, method: str, *args: str) -> object:
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            return getattr(self._backend, method)(SERVICE, *args)
        except PasswordDeleteError:
            raise  # "no such entry" is an answer, not an unavailable keyring: delete() handles it
        except KeyringError as exc:
            raise KeyStoreUnavailable(detail=str(exc)) from exc

    def get(self, file_id: str) -> RawKey | None:
        stored = self._call("get_password", entry_name(file_id))
        if not stored:
            return None
        try:
            return RawKey(bytes.fromhex(str(stored).strip()))
        except ValueError:
            return None  # a damaged entry is treated as missing: the recovery code restores it

    def put(self, file_id: str, key: RawKey) -> None:
        # Hex, one line, 64 characters: no newline (gnome-keyring bug), far below Windows' limit.
        self._call("set_password", entry_name(file_id), key.secret.hex())

    def delete(self, file_id: str) -> None:
        from keyring.errors import PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError):
            self._call("delete_password", entry_name(file_id))


class MemoryKeyStore:
    """A key store in memory, for tests and for a single scripted run."""

    def __init__(self) -> None:
        self.entries: dict[str, str] = {}

    def describe(self) -> str:
        return "memory"

    def get(self, file_id: str) -> RawKey | None:
        stored = self.entries.get(entry_name(file_id))
        return RawKey(bytes.fromhex(stored)) if stored else None

    def put(self, file_id: str, key: RawKey) -> None:
        self.entries[entry_name(file_id)] = key.secret.hex()

    def delete(self, file_id: str) -> None:
        self.entries.pop(entry_name(file_id), None)


class KeyringSource:
    """A KeySource that finds the key of a file in a key store by the file's id."""

    def __init__(self, store: KeyStore) -> None:
        self.store = store

    def key(self, path: Path) -> RawKey:
        """The stored key, or KeyMissing. Never generates a key: the file exists (finding 6)."""
        found = self.store.get(file_id(path))
        if found is None:
            raise KeyMissing()
        return found
