"""The audit anchor (R21, issue 11 §3): the audit trail's length and latest hash, kept where the key
is kept, so that putting an older copy in place of the file is found.

The anchor is sealed (AES-GCM) under a key derived from the file's wrapping key and lives in the key
file: whoever cannot open the file cannot write an anchor that passes, and a deleted or edited one is
a finding of `huiwu check` (exit 1), not a fresh start. A second sealed copy is kept in this user's
state folder: a data file and key file both put back to older copies are found on this computer.
Whichever of the two anchors is further along is the one the file must agree with.

A file with more audit rows than the anchor is fine (work done since); fewer rows, or another hash
at the anchored row, is not. The anchor advances only from a verified chain that agrees with it;
starting it again is an administrator's deliberate, audited act (`reanchor`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from core.errors import CannotOpen, HuiwuError, NotPermitted
from core.keeping import keyfile
from core.keeping.hardening import private_dir, write_private
from core.model import AuditRecord
from core.services import audit
from core.services.audit import now_iso
from core.services.audit_log import AnchorStatus
from core.store.engine import storage_errors

if TYPE_CHECKING:
    from core.office import Office

ENV_STATE = "HUIWU_STATE_DIR"
REANCHOR_EVENT = "数据.重新锚定"


def state_dir() -> Path:
    chosen = os.environ.get(ENV_STATE)
    if chosen:
        return Path(chosen)
    from platformdirs import user_state_dir

    return Path(user_state_dir("huiwu", appauthor=False))


def state_copy_path(file_id: str) -> Path:
    return state_dir() / "anchors" / f"{file_id}.anchor"


@dataclass(frozen=True)
class Anchor:
    rows: int
    hash: str
    at: str


def _context(file_id: str) -> str:
    return f"huiwu anchor\x1f{file_id}"


def _seal(office: Office, anchor: Anchor) -> dict[str, str]:
    text = json.dumps({"rows": anchor.rows, "hash": anchor.hash, "at": anchor.at})
    return keyfile.seal(office.sealing_key("anchor"), text.encode(), _context(office.file_id))


def _unseal(office: Office, box: dict[str, Any] | None) -> Anchor | None | str:
    """The anchor, None when there is none, or a finding when one is there but does not open."""
    if not box:
        return None
    data = keyfile.unseal(office.sealing_key("anchor"), box, _context(office.file_id))
    if data is None:
        return "审计锚点被改动，或不属于本数据文件"
    try:
        kept = json.loads(data)
        return Anchor(int(kept["rows"]), str(kept["hash"]), str(kept["at"]))
    except (ValueError, KeyError, TypeError):
        return "审计锚点无法读取"


def _state_box(file_id: str) -> dict[str, Any] | None:
    try:
        box = json.loads(state_copy_path(file_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return box if isinstance(box, dict) else None


def _key_file(office: Office) -> keyfile.KeyFile | None:
    try:
        return keyfile.load(office.path)
    except CannotOpen:
        return None


def kept(office: Office) -> tuple[Anchor | None, list[str]]:
    """The anchor the file must agree with (the further along of the two), and findings about the
    anchors themselves (missing, edited, the key file behind this computer's copy)."""
    key_file = _key_file(office)
    in_file = _unseal(office, key_file.anchor if key_file else None)
    on_computer = _unseal(office, _state_box(office.file_id))
    findings = [f"密钥文件中的{x}" for x in (in_file,) if isinstance(x, str)]
    findings += [f"本机保存的{x}" for x in (on_computer,) if isinstance(x, str)]
    anchors = [a for a in (in_file, on_computer) if isinstance(a, Anchor)]
    if not anchors:
        if not findings:
            findings.append("审计锚点缺失（密钥文件中没有）：无法确认数据文件未被换成旧副本。"
                            "管理员核实后可在“数据安全”中重新锚定")
        return None, findings
    best = max(anchors, key=lambda a: a.rows)
    if isinstance(in_file, Anchor) and in_file.rows < best.rows:
        findings.append(f"密钥文件中的审计锚点（{in_file.rows} 条）落后于本机保存的（{best.rows} 条）："
                        "数据文件与密钥文件可能一并被换成旧副本")
    return best, findings


def problems(office: Office) -> list[str]:
    """What the anchors say about the file: empty when it agrees. A file from before key slots
    has no anchor yet (it gets one at its first administrator login)."""
    if not office.has_key_slots:
        return []
    anchor, findings = kept(office)
    if anchor is None or anchor.rows == 0:
        return findings
    with storage_errors(), office.sessions() as s:
        count = int(s.scalar(select(func.count()).select_from(AuditRecord)) or 0)
        at_anchor = s.scalar(select(AuditRecord.hash).order_by(AuditRecord.id).offset(anchor.rows - 1).limit(1))
    if count < anchor.rows:
        findings.append(f"数据文件的审计记录只有 {count} 条，少于上次记录的 {anchor.rows} 条（{anchor.at}）："
                        "文件可能被替换为旧副本")
    elif at_anchor != anchor.hash:
        findings.append(f"第 {anchor.rows} 条审计记录与上次记录的不一致：审计记录可能被改动，或文件被替换")
    return findings


def save(office: Office, *, force: bool = False) -> bool:
    """Advance the anchor to the trail's length and last hash, only from a verified chain that
    agrees with the anchor kept so far (`force`: a deliberate restore or re-anchoring). Whether it
    advanced; a file that cannot be read is left as it is (its check says why)."""
    if not office.has_key_slots:
        return False
    try:
        with storage_errors(), office.sessions() as s:
            report = audit.verify(s)
        if not report.ok or (not force and problems(office)):
            return False
        _write(office, Anchor(report.rows, report.last_hash, now_iso()))
    except HuiwuError:
        return False
    return True


def _write(office: Office, anchor: Anchor) -> None:
    box = _seal(office, anchor)
    key_file = keyfile.load(office.path)
    if key_file is not None:
        keyfile.save(office.path, key_file.replace(anchor=box))
    target = state_copy_path(office.file_id)
    private_dir(target.parent)
    write_private(target, json.dumps(box).encode())


def _legacy_findings(office: Office) -> list[str]:
    """The plain anchor of the version before key slots (state folder, `<file id>.json`)."""
    path = state_dir() / "anchors" / f"{office.file_id}.json"
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
        rows, expected = int(old["rows"]), str(old["hash"])
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError):
        return ["旧版审计锚点无法读取"]
    with storage_errors(), office.sessions() as s:
        count = int(s.scalar(select(func.count()).select_from(AuditRecord)) or 0)
        at = s.scalar(select(AuditRecord.hash).order_by(AuditRecord.id).offset(max(rows - 1, 0)).limit(1))
    path.unlink(missing_ok=True)
    if rows and (count < rows or at != expected):
        return [f"旧版审计锚点（{rows} 条）与数据文件不一致"]
    return []


def start_after_key_slots(office: Office) -> None:
    """A file from before key slots got them: the anchor moves under the key, and what the old
    plain anchor said is recorded."""
    findings = _legacy_findings(office)
    summary = "审计锚点改为保存在密钥文件中" + ("；" + "；".join(findings) if findings else "")
    office.audit_event(REANCHOR_EVENT, summary, success=not findings)
    save(office, force=True)


def head_text(office: Office) -> str:
    """The anchor kept so far, for the record of what replaced it."""
    anchor, findings = kept(office)
    if anchor is None:
        return "原锚点：" + "；".join(findings)
    return f"原锚点：第 {anchor.rows} 条，散列 {anchor.hash[:16]}…（{anchor.at}）"


def reanchor(office: Office) -> None:
    """Start the anchor again from the file as it is: an administrator's act, recorded with the
    anchor it replaces."""
    if not office.can("settings"):
        raise NotPermitted("只有管理员可以重新锚定审计记录。")
    office.audit_event(REANCHOR_EVENT, f"管理员重新锚定审计记录。{head_text(office)}")
    if not save(office, force=True):
        raise HuiwuError("审计记录链校验未通过，不能重新锚定：请先运行文件检查，必要时从备份恢复。")


def status(office: Office) -> AnchorStatus:
    """What the 数据安全 window shows about the anchor."""
    found = problems(office)
    return AnchorStatus(not found, office.has_key_slots and kept(office)[0] is not None, found)
