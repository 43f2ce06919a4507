"""The audit anchor (issue 6 §3, R21): the audit trail's length and latest hash, kept outside the
file, so that replacing the file with an older copy (same key) is detected.

Kept in the user's state folder (not beside the file: whoever can replace the file can replace
what lies next to it). A file with more audit rows than the anchor is fine (work done since);
fewer rows, or a different hash at the anchored row, is not.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sqlalchemy import func, select

from core.model import AuditRecord
from core.office import Office
from core.services import audit
from core.services.audit import now_iso
from core.store.engine import storage_errors

ENV_STATE = "HUIWU_STATE_DIR"


def anchor_dir() -> Path:
    chosen = os.environ.get(ENV_STATE)
    if chosen:
        return Path(chosen) / "anchors"
    from platformdirs import user_state_dir

    return Path(user_state_dir("huiwu", appauthor=False)) / "anchors"


def anchor_path(office: Office) -> Path:
    return anchor_dir() / f"{office.file_id}.json"


def save(office: Office, *, force: bool = False) -> None:
    """Advance the anchor to the trail's current length and last hash.

    Only from a verified chain that agrees with the anchor kept so far: otherwise an older copy
    put in place of the file would simply be re-anchored and the replacement go unnoticed.
    `force` is for a deliberate restore from a backup."""
    with office.sessions() as s:
        report = audit.verify(s)
    if not report.ok or (not force and problems(office)):
        return
    path = anchor_path(office)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"rows": report.rows, "hash": report.last_hash, "at": now_iso(),
                               "file": str(office.path)}, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def problems(office: Office) -> list[str]:
    """What the anchor says about the file: empty when it agrees (or none was kept yet)."""
    path = anchor_path(office)
    if not path.exists():
        return []
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        rows, expected = int(kept["rows"]), str(kept["hash"])
    except (OSError, ValueError, KeyError):
        return [f"审计锚点文件无法读取：{path}"]
    if rows == 0:
        return []
    with storage_errors(), office.sessions() as s:
        count = int(s.scalar(select(func.count()).select_from(AuditRecord)) or 0)
        at_anchor = s.scalar(select(AuditRecord.hash).order_by(AuditRecord.id).offset(rows - 1).limit(1))
    if count < rows:
        return [f"数据文件的审计记录只有 {count} 条，少于上次记录的 {rows} 条（{kept.get('at', '')}）："
                "文件可能被替换为旧副本"]
    if at_anchor != expected:
        return [f"第 {rows} 条审计记录与上次记录的不一致：审计记录可能被改动，或文件被替换"]
    return []
