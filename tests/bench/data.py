"""The benchmark's demo file: about 5,000 topics and ten years of meetings, made by the
`huiwu demo` generators.

Generating it takes minutes, so it is made once and kept under .benchmarks/ (CI makes it in
the background while the test suite runs: `python -m tests.bench.data`).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from core.store.schema import HEAD

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / ".benchmarks" / "data"
STEM = f"demo-5000-m10-r{HEAD}"  # made anew when the schema changes
DB = DATA_DIR / f"{STEM}.huiwu"
KEY = DATA_DIR / f"{STEM}.key"
DONE = DATA_DIR / f"{STEM}.done"
TOPIC_YEARS = 21  # 240 topics a year -> 5,040 topics
MEETING_YEARS = 10  # about 100 meetings a year


def ensure() -> tuple[Path, Path]:
    """The file and its key file, generating them if a complete copy is not there yet."""
    if DONE.exists():
        return DB, KEY
    from core.demo.district import DEMO_OFFICE_NAME, fill_demo, history_start
    from core.demo.meetings import fill_demo_meetings
    from core.demo.topics import fill_demo_topics
    from core.office import Office
    from core.store import recovery
    from core.store.keys import RawKey

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    for leftover in DATA_DIR.glob("demo-5000*"):
        if leftover.is_file():
            leftover.unlink()
    key = RawKey.generate()
    KEY.write_text(recovery.encode(key.secret), encoding="utf-8")
    start = time.monotonic()
    with Office.create(DB, key, DEMO_OFFICE_NAME) as office:
        fill_demo(office, since=history_start(TOPIC_YEARS))
        fill_demo_topics(office, TOPIC_YEARS)
        fill_demo_meetings(office, MEETING_YEARS)
    DONE.write_text(f"{time.monotonic() - start:.0f} s\n", encoding="utf-8")
    return DB, KEY


if __name__ == "__main__":
    path, _ = ensure()
    print(f"benchmark data ready: {path.name}", file=sys.stderr)
