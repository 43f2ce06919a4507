"""Key slots: the file opens only through an account (issue 11 §1).

Three keys, so that no door needs the database key stored bare:

- the **database key** K (SQLCipher's raw key; the recovery code is K written as digits);
- the file's **wrapping key** W, 32 random bytes, kept inside the encrypted file (table
  `file_secret`) and, sealed, in the key file: `master` is K sealed under W;
- one **slot** per account: W sealed under a key derived from the account's password (scrypt).

Opening with an account: password → slot → W → master → K. Opening with the recovery code: K
directly, then W from inside the file, so the key file can be rebuilt. A password change re-seals
one slot; 更换密钥 changes K and re-seals `master` only, so no other account has to be told.

The key file lies beside the data file (`NAME.keys`, 0600) and is rewritten from the file's own
`key_slot` table after every change of slots, so a restored backup brings back slots that match its
password hashes. It also holds the audit anchor, sealed under a key derived from W: whoever cannot
open the file cannot forge or edit it (core.keeping.anchor).

Sealing is AES-256-GCM; the slot's associated data binds it to the file id and the account name, so
a slot copied under another name or into another file's key file does not open.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import json
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import CannotOpen
from core.keeping.hardening import write_private
from core.store.keys import DatabaseKey, Passphrase, RawKey

FORMAT = "huiwu-keys/1"
SUFFIX = ".keys"
WRAP_BYTES = 32

# scrypt for the slots: 64 MiB and about 0.2 s on the development machine (README: 登录). The
# parameters are stored in each slot, so raising them later still opens old slots. Tests lower
# KDF_N for speed (tests/conftest.py); tests/core/test_keyfile.py checks the shipped value.
KDF_N, KDF_R, KDF_P = 2**16, 8, 1
KDF_MAXMEM = 256 * 1024 * 1024


class KeyFileDamaged(CannotOpen):
    message = ("数据文件旁的密钥文件（{name}）已损坏，无法用账户密码打开。请用恢复密钥打开："
               "打开后程序会按数据文件中的记录重建密钥文件。数据文件未作任何改动。")

    def __init__(self, path: Path, detail: str | None = None) -> None:
        super().__init__(type(self).message.format(name=path.name), detail=detail)


def keyfile_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + SUFFIX)


# --- sealing ------------------------------------------------------------------------------------

def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def seal(key: bytes, secret: bytes, context: str) -> dict[str, str]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(12)
    return {"nonce": _b64(nonce), "sealed": _b64(AESGCM(key).encrypt(nonce, secret, context.encode()))}


def unseal(key: bytes, box: dict[str, Any], context: str) -> bytes | None:
    """The secret, or None when `key` (or the context) is not the one it was sealed with."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(key).decrypt(_unb64(box["nonce"]), _unb64(box["sealed"]), context.encode())
    except (InvalidTag, KeyError, ValueError, TypeError):
        return None


def _password_key(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    # NFC: one password typed through different input methods must give the same key.
    return hashlib.scrypt(unicodedata.normalize("NFC", password).encode("utf-8"), salt=salt,
                          n=n, r=r, p=p, dklen=32, maxmem=KDF_MAXMEM)


def seal_slot(wrapping_key: bytes, password: str, file_id: str, user_name: str) -> str:
    """An account's slot, as the JSON text kept in the file's `key_slot` table."""
    salt = secrets.token_bytes(16)
    box = seal(_password_key(password, salt, KDF_N, KDF_R, KDF_P), wrapping_key, _slot_context(file_id, user_name))
    return json.dumps({"kdf": "scrypt", "n": KDF_N, "r": KDF_R, "p": KDF_P, "salt": _b64(salt), **box})


def open_slot(slot: dict[str, Any], password: str, file_id: str, user_name: str) -> bytes | None:
    """W, or None for a wrong password. The KDF runs in full either way."""
    try:
        n, r, p = int(slot["n"]), int(slot["r"]), int(slot["p"])
        salt = _unb64(slot["salt"])
        if slot.get("kdf") != "scrypt" or not (2**10 <= n <= 2**22 and 1 <= r <= 32 and 1 <= p <= 16):
            return None  # parameters no program of ours wrote: never run a KDF an attacker sized
    except (KeyError, ValueError, TypeError):
        return None
    return unseal(_password_key(password, salt, n, r, p), slot, _slot_context(file_id, user_name))


def burn_kdf(password: str) -> None:
    """The cost of a slot for an unknown name: timing does not tell names apart."""
    _password_key(password, b"\0" * 16, KDF_N, KDF_R, KDF_P)


def _slot_context(file_id: str, user_name: str) -> str:
    return f"huiwu slot\x1f{file_id}\x1f{user_name}"


def encode_key(key: DatabaseKey) -> bytes:
    if isinstance(key, RawKey):
        return b"R" + key.secret
    if isinstance(key, Passphrase):
        return b"P" + key.secret.encode("utf-8")
    raise TypeError(type(key).__name__)


def decode_key(data: bytes) -> DatabaseKey | None:
    try:
        if data[:1] == b"R":
            return RawKey(data[1:])
        if data[:1] == b"P":
            return Passphrase(data[1:].decode("utf-8"))
    except (ValueError, UnicodeDecodeError, CannotOpen):
        return None
    return None


def seal_master(wrapping_key: bytes, key: DatabaseKey, file_id: str, *, pending: bool = False) -> dict[str, str]:
    return seal(wrapping_key, encode_key(key), _master_context(file_id, pending))


def open_master(wrapping_key: bytes, box: dict[str, Any] | None, file_id: str, *,
                pending: bool = False) -> DatabaseKey | None:
    if not box:
        return None
    data = unseal(wrapping_key, box, _master_context(file_id, pending))
    return None if data is None else decode_key(data)


def _master_context(file_id: str, pending: bool) -> str:
    return f"huiwu {'pending' if pending else 'master'}\x1f{file_id}"


def derived_key(wrapping_key: bytes, purpose: str) -> bytes:
    """A key for one purpose (the anchor's seal), never W itself."""
    return hmac.new(wrapping_key, f"huiwu {purpose}".encode(), hashlib.sha256).digest()


def new_wrapping_key() -> bytes:
    return secrets.token_bytes(WRAP_BYTES)


# --- the key file ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class KeyFile:
    file_id: str
    master: dict[str, str]                       # K sealed under W
    slots: dict[str, dict[str, Any]] = field(default_factory=dict)  # user name → slot
    pending: dict[str, str] | None = None        # the new K while 更换密钥 runs (RELIABILITY finding 7)
    anchor: dict[str, str] | None = None         # core.keeping.anchor, sealed under a key from W
    failures: tuple[dict[str, str], ...] = ()    # refused logins, moved into the audit trail at next open

    def replace(self, **changes: Any) -> KeyFile:
        return dataclasses.replace(self, **changes)

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "file_id": self.file_id, "master": self.master,
                           "pending": self.pending, "slots": self.slots, "anchor": self.anchor,
                           "failures": list(self.failures)}, ensure_ascii=False, indent=1)


MAX_BYTES = 4 * 1024 * 1024  # thousands of accounts fit; a larger "key file" is not ours


def load(db_path: Path) -> KeyFile | None:
    """The key file beside `db_path`; None when there is none (a file from before key slots, or
    one whose key file was lost: the recovery code opens it). Damaged → KeyFileDamaged."""
    path = keyfile_path(db_path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise KeyFileDamaged(path, "too large")
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise KeyFileDamaged(path, str(exc)) from exc
    try:
        if data["format"] != FORMAT:
            raise ValueError(f"format {data['format']!r}")
        slots = {str(k): dict(v) for k, v in data["slots"].items()}
        return KeyFile(str(data["file_id"]), dict(data["master"]), slots,
                       dict(data["pending"]) if data.get("pending") else None,
                       dict(data["anchor"]) if data.get("anchor") else None,
                       tuple(dict(f) for f in data.get("failures") or ()))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise KeyFileDamaged(path, str(exc)) from exc


def save(db_path: Path, key_file: KeyFile) -> None:
    """Written whole under a temporary name (0600), fsynced, renamed: a crash leaves the old or the new."""
    write_private(keyfile_path(db_path), key_file.to_json().encode("utf-8"))
