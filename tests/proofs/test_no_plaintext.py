"""No plaintext (issue 6 §6, R24c): after a whole workflow — demo year of topics, meetings and
minutes, a backup, documents rendered to an export folder — neither the data folder (file, WAL,
backups, lock) nor the temporary folder holds any of the known Chinese strings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from core.store import recovery
from core.store.keys import RawKey

ROOT = Path(__file__).resolve().parents[2]
KNOWN = ("澄溪区人民政府办公室", "地质灾害隐患点", "会议听取了", "常务会议纪要", "原则同意")


def huiwu(*args: str, env: dict[str, str]) -> None:
    done = subprocess.run([sys.executable, "-m", "core.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_no_known_text_outside_the_exports(tmp_path: Path) -> None:
    data, temp, exports, state = (tmp_path / n for n in ("data", "tmp", "exports", "state"))
    for folder in (data, temp, exports, state):
        folder.mkdir()
    secret = tmp_path / "key.txt"
    secret.write_text(recovery.encode(RawKey.generate().secret), encoding="utf-8")
    env = {**os.environ, "TMPDIR": str(temp), "HUIWU_STATE_DIR": str(state),
           "HUIWU_USER": "admin", "HUIWU_PASSWORD": "Admin-2026pw"}
    db = data / "office.huiwu"
    common = ["--db", str(db), "--passphrase-file", str(secret)]
    huiwu(*common, "demo", "--years", "1", env=env)
    huiwu(*common, "backup", str(data), env=env)
    huiwu(*common, "export", "json", str(exports / "all.json"), env=env)
    tables = json.loads((exports / "all.json").read_text(encoding="utf-8"))["tables"]
    registered = {c["minutes_id"]: c["copy_number"] for c in tables["minutes_copy"]}
    latest = {m["meeting_id"]: max(n["edition"] for n in tables["minutes"] if n["meeting_id"] == m["meeting_id"])
              for m in tables["minutes"]}
    meeting, copy = next((m["meeting_id"], registered[m["id"]]) for m in tables["minutes"]
                         if m["id"] in registered and m["edition"] == latest[m["meeting_id"]])
    # A classified edition, written as its registered copy (the only way it leaves the program).
    huiwu(*common, "render", "minutes", str(meeting), "--copy", str(copy), "--pdf", str(exports / "m.pdf"),
          "--docx", str(exports / "m.docx"), env=env)
    assert "澄溪区人民政府办公室".encode() in (exports / "all.json").read_bytes()  # the probe can find text
    leaks = []
    for folder in (data, temp, state):
        for path in folder.rglob("*"):
            if path.is_file():
                blob = path.read_bytes()
                leaks += [f"{path.relative_to(tmp_path)}: {text}" for text in KNOWN
                          if text.encode("utf-8") in blob or text.encode("utf-16-le") in blob]
    assert not leaks, leaks
