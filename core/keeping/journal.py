"""Refusals with no data file to record them in: `huiwu import json` refused to an account that may
not import leaves no new file behind, so its refusal goes to this user's state folder instead
(`refused.jsonl`, 0600, one JSON line each: time, account, what, why). Not tamper-evident like the
audit chain, but no refusal goes unrecorded."""

from __future__ import annotations

import json
import os
from pathlib import Path

from core.keeping.anchor import state_dir
from core.keeping.hardening import PRIVATE_FILE, private_dir
from core.services.audit import now_iso

NAME = "refused.jsonl"


def journal_path() -> Path:
    return state_dir() / NAME


def record_outside(user: str, what: str, why: str) -> None:
    path = journal_path()
    private_dir(path.parent)
    line = json.dumps({"at": now_iso(), "user": user, "what": what, "why": why}, ensure_ascii=False) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
    with os.fdopen(fd, "ab") as fh:
        fh.write(line.encode("utf-8"))


def entries() -> list[dict[str, str]]:
    try:
        text = journal_path().read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in text.splitlines() if line.strip()]
