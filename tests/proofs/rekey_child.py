"""Child process of the key rotation proof (R5): logs in through the account's key slot
(`Office.open_as`), says so, then rotates to the given key through the app's own protocol
(core.keeping.rotation.rotate: pending key sealed in the key file, PRAGMA rekey, promotion,
audit, fresh backup). Password and new key come by stdin, never in argv."""

from __future__ import annotations

import sys

from core.keeping import keyfile, rotation
from core.office import Office
from core.store.keys import RawKey


def main(db: str, user: str, password: str, new_key_hex: str) -> None:
    new_key = RawKey(bytes.fromhex(new_key_hex))
    with Office.open_as(db, user, password) as office:
        print("open", flush=True)
        rotation.rotate(office, new_key)
        print("done", flush=True)


if __name__ == "__main__":
    # The parent's slots were made with the tests' cheap KDF (tests/conftest.py); any slot this
    # process seals must be cheap too, or it costs 0.2 s of the kill window.
    keyfile.KDF_N = 2**10
    main(sys.argv[1], sys.argv[2], sys.stdin.readline().rstrip("\n"), sys.stdin.readline().strip())
