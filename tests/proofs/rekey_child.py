"""Child process of the key rotation proof (R5): opens the file through the keyring source, says
so, then rotates to the given key through the app's own protocol (core.keeping.rotation.rotate).

The keyring is a JSON file (a test-only KeyStore), so what the child stored survives its kill."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from core.keeping import rotation
from core.office import Office
from core.store.keys import RawKey
from core.store.keystore import KeyringSource, entry_name, pending_entry_name


class JsonKeyStore:
    """Entries in a JSON file, each write atomic (temporary file, then rename), like a keyring
    that a killed process cannot leave half-written."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def describe(self) -> str:
        return "json"

    def _load(self) -> dict[str, str]:
        return json.loads(self.path.read_text(encoding="utf-8")) if self.path.exists() else {}

    def _save(self, entries: dict[str, str]) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(entries), encoding="utf-8")
        os.replace(tmp, self.path)

    def _get(self, name: str) -> RawKey | None:
        stored = self._load().get(name)
        return RawKey(bytes.fromhex(stored)) if stored else None

    def _put(self, name: str, key: RawKey) -> None:
        self._save({**self._load(), name: key.secret.hex()})

    def _delete(self, name: str) -> None:
        entries = self._load()
        if entries.pop(name, None) is not None:
            self._save(entries)

    def get(self, file_id: str) -> RawKey | None:
        return self._get(entry_name(file_id))

    def put(self, file_id: str, key: RawKey) -> None:
        self._put(entry_name(file_id), key)

    def delete(self, file_id: str) -> None:
        self._delete(entry_name(file_id))

    def get_pending(self, file_id: str) -> RawKey | None:
        return self._get(pending_entry_name(file_id))

    def put_pending(self, file_id: str, key: RawKey) -> None:
        self._put(pending_entry_name(file_id), key)

    def delete_pending(self, file_id: str) -> None:
        self._delete(pending_entry_name(file_id))


def main(db: str, store_file: str, new_key_hex: str) -> None:
    new_key = RawKey(bytes.fromhex(new_key_hex))
    with Office.open(db, KeyringSource(JsonKeyStore(Path(store_file)))) as office:
        print("open", flush=True)
        rotation.rotate(office, new_key)
        print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.stdin.readline().strip())  # the key by stdin, never in argv
