"""The statistics benchmark's file: the benchmark demo file (tests/bench/data.py: ~5,000 topics,
ten years of meetings) with minutes and 督办 added by the `huiwu demo` generator, so the figures
of issued minutes and follow-up read real rows, not empty tables.

Made once from the shared file and kept beside it under .benchmarks/ (a few minutes):
`python -m tests.bench.stats_data`.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from tests.bench import data

DB = data.DATA_DIR / f"{data.STEM}-minutes.huiwu"
DONE = data.DATA_DIR / f"{data.STEM}-minutes.done"


def ensure() -> tuple[Path, Path]:
    """The file and the key file (the shared file's recovery code opens the copy too)."""
    base, key = data.ensure()
    if DONE.exists():
        return DB, key
    from core.demo.minutes import fill_demo_minutes
    from core.office import Office
    from core.store.keys import read_secret_file

    DB.unlink(missing_ok=True)
    shutil.copyfile(base, DB)
    start = time.monotonic()
    with Office.open(DB, read_secret_file(key)) as office:
        fill_demo_minutes(office)
    DONE.write_text(f"{time.monotonic() - start:.0f} s\n", encoding="utf-8")
    return DB, key


if __name__ == "__main__":
    path, _ = ensure()
    print(f"statistics benchmark data ready: {path.name}", file=sys.stderr)
