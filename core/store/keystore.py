"""Where the database key lives between sessions: the OS keyring, allowlisted backends only.

`keyring` silently falls back to a plaintext file when keyrings.alt is installed
(RELIABILITY.md finding 1), so the chosen backend is checked against an allowlist and
anything else is refused with `KeyStoreUnavailable`.

Beside a file's current key the store may hold a *pending* one: the new key of a rotation
(更换密钥) while `PRAGMA rekey` runs. A rekey cut short by kill -9 or a power cut leaves the file
under exactly one of the two (RELIABILITY.md finding 7, recipe R5), so both are kept until the
file is known to open with one of them; `KeyringSource` tries both and settles the store.
"""

from __future__ import annotations

import contextlib
import enum
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


# What the settings say of a backend: in words; the class name goes only into a tooltip.
BACKEND_WORDS = {
    "keyring.backends.Windows.WinVaultKeyring": "Windows 凭据管理器",
    "keyring.backends.macOS.Keyring": "macOS 钥匙串",
    "keyring.backends.SecretService.Keyring": "系统钥匙串（Secret Service）",
    "keyring.backends.libsecret.Keyring": "系统钥匙串（libsecret）",
    "keyring.backends.kwallet.DBusKeyring": "KDE 钱包（KWallet）",
    "keyring.backends.chainer.ChainerBackend": "系统钥匙串",
    "memory": "程序内存（不写入系统钥匙串）",
}


class KeyStore(Protocol):
    def get(self, file_id: str) -> RawKey | None: ...
    def put(self, file_id: str, key: RawKey) -> None: ...
    def delete(self, file_id: str) -> None: ...
    def get_pending(self, file_id: str) -> RawKey | None: ...
    def put_pending(self, file_id: str, key: RawKey) -> None: ...
    def delete_pending(self, file_id: str) -> None: ...
    def describe(self) -> str: ...


def entry_name(file_id: str) -> str:
    return f"db:{file_id}"


def pending_entry_name(file_id: str) -> str:
    return f"db:{file_id}:pending"


def _parse(stored: object) -> RawKey | None:
    if not stored:
        return None
    try:
        return RawKey(bytes.fromhex(str(stored).strip()))
    except ValueError:
        return None  # a damaged entry is treated as missing: the recovery code restores it


def in_words(store: KeyStore) -> str:
    """The store as a secretary reads it ("系统钥匙串（Secret Service）"); `describe()` is its
    technical name."""
    return BACKEND_WORDS.get(store.describe(), "系统钥匙串")


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
            raise KeyStoreUnavailable(  # the backend's technical name for the log and details only
                "本机没有可用的安全系统钥匙串。请用恢复密钥或口令打开；新建数据文件时将改用口令保护。",
                detail=f"keyring 后端：{backend_name(self._backend)}（不在允许清单中）")

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
        return _parse(self._call("get_password", entry_name(file_id)))

    def put(self, file_id: str, key: RawKey) -> None:
        self._set(entry_name(file_id), key)

    def delete(self, file_id: str) -> None:
        self._delete(entry_name(file_id))

    def get_pending(self, file_id: str) -> RawKey | None:
        return _parse(self._call("get_password", pending_entry_name(file_id)))

    def put_pending(self, file_id: str, key: RawKey) -> None:
        self._set(pending_entry_name(file_id), key)

    def delete_pending(self, file_id: str) -> None:
        self._delete(pending_entry_name(file_id))

    def _set(self, name: str, key: RawKey) -> None:
        # Hex, one line, 64 characters: no newline (gnome-keyring bug), far below Windows' limit.
        self._call("set_password", name, key.secret.hex())

    def _delete(self, name: str) -> None:
        from keyring.errors import PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError):
            self._call("delete_password", name)


class MemoryKeyStore:
    """A key store in memory, for tests and for a single scripted run."""

    def __init__(self) -> None:
        self.entries: dict[str, str] = {}

    def describe(self) -> str:
        return "memory"

    def get(self, file_id: str) -> RawKey | None:
        return _parse(self.entries.get(entry_name(file_id)))

    def put(self, file_id: str, key: RawKey) -> None:
        self.entries[entry_name(file_id)] = key.secret.hex()

    def delete(self, file_id: str) -> None:
        self.entries.pop(entry_name(file_id), None)

    def get_pending(self, file_id: str) -> RawKey | None:
        return _parse(self.entries.get(pending_entry_name(file_id)))

    def put_pending(self, file_id: str, key: RawKey) -> None:
        self.entries[pending_entry_name(file_id)] = key.secret.hex()

    def delete_pending(self, file_id: str) -> None:
        self.entries.pop(pending_entry_name(file_id), None)


class KeyringSource:
    """A KeySource that finds the key of a file in a key store by the file's id."""

    def __init__(self, store: KeyStore) -> None:
        self.store = store

    def key(self, path: Path) -> RawKey:
        """The stored key, or KeyMissing. Never generates a key: the file exists (finding 6)."""
        return self.candidates(path)[0]

    def candidates(self, path: Path) -> list[RawKey]:
        """The keys that may open the file, current first, then a pending one left by a rotation
        that was cut short (either may be the file's key now: finding 7). KeyMissing if none."""
        fid = file_id(path)
        found = [k for k in (self.store.get(fid), self.store.get_pending(fid)) if k is not None]
        if not found:
            raise KeyMissing()
        return list(dict.fromkeys(found))

    def settle(self, path: Path, working: RawKey) -> Settled:
        """After the file opened with `working`: the store's current entry becomes that key and
        the pending entry goes. Call only once the file is known to open with `working`."""
        fid = file_id(path)
        pending = self.store.get_pending(fid)
        if pending is None:
            return Settled.NOTHING_PENDING
        if pending == working:
            if self.store.get(fid) != working:
                self.store.put(fid, working)
            self.store.delete_pending(fid)  # only after current holds it: never no entry that works
            return Settled.PROMOTED
        self.store.delete_pending(fid)  # the rekey never happened or was rolled back
        return Settled.DROPPED


class Settled(enum.Enum):
    """What opening a file did with a pending key (see KeyringSource.settle)."""

    NOTHING_PENDING = "nothing"
    PROMOTED = "promoted"  # the rekey had finished: the pending key is now the current one
    DROPPED = "dropped"    # the file is still under the current key: the pending one was thrown away
