"""Child process of the kill -9 proofs: saves through the real roster service in a loop and
prints each new id only after its transaction committed."""

from __future__ import annotations

import sys

from core.office import Office
from core.store.keys import read_secret_file


def main(db: str, key_file: str, start: int) -> None:
    with Office.open(db, read_secret_file(key_file)) as office:
        n = start
        while True:
            person = office.roster.add_person(f"测试人员{n:06d}")
            print(person, flush=True)
            n += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
