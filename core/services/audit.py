"""The audit trail: one row per state change, each hash covering the previous row's hash."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.model import AuditRecord

GENESIS = "0" * 64
SUMMARY_MAX = 500


def row_hash(prev_hash: str, at: str, user: str, event: str, object_type: str, object_id: str,
             success: bool, summary: str) -> str:
    fields = [prev_hash, at, user, event, object_type, object_id, "1" if success else "0", summary]
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


def now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def append(session: Session, *, user: str, event: str, object_type: str = "", object_id: str = "",
           summary: str = "", success: bool = True) -> AuditRecord:
    last = session.scalars(select(AuditRecord.hash).order_by(AuditRecord.id.desc()).limit(1)).first()
    prev = last or GENESIS
    at = now_iso()
    summary = summary[:SUMMARY_MAX]
    record = AuditRecord(at=at, user=user, event=event, object_type=object_type, object_id=object_id,
                         success=success, summary=summary, prev_hash=prev,
                         hash=row_hash(prev, at, user, event, object_type, object_id, success, summary))
    session.add(record)
    session.flush()
    return record


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    rows: int
    first_bad_id: int | None = None
    last_hash: str = GENESIS


def verify(session: Session) -> ChainReport:
    prev = GENESIS
    count = 0
    for rec in session.scalars(select(AuditRecord).order_by(AuditRecord.id)):
        expected = row_hash(prev, rec.at, rec.user, rec.event, rec.object_type, rec.object_id,
                            rec.success, rec.summary)
        if rec.prev_hash != prev or rec.hash != expected:
            return ChainReport(False, count, rec.id, prev)
        prev = rec.hash
        count += 1
    return ChainReport(True, count, None, prev)
