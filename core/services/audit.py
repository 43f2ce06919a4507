"""The audit trail: one row per state change, each hash covering the previous row's hash.

Account events are also read back: `role_findings` replays them to check that every account's
role and state are what its last recorded event made them, so a role edited outside the program
(in an exported JSON whose chain was then recomputed) is found.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.model import Account, AuditRecord, Role
from core.text import visible

GENESIS = "0" * 64
SUMMARY_MAX = 500


class AuditFields(Protocol):
    """A row of the trail: an `AuditRecord`, or a row of an interchange document before import."""

    @property
    def id(self) -> int: ...
    @property
    def at(self) -> str: ...
    @property
    def user(self) -> str: ...
    @property
    def event(self) -> str: ...
    @property
    def object_type(self) -> str: ...
    @property
    def object_id(self) -> str: ...
    @property
    def success(self) -> bool: ...
    @property
    def summary(self) -> str: ...
    @property
    def prev_hash(self) -> str: ...
    @property
    def hash(self) -> str: ...


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
    # What was typed is kept (a login name with a bidi control), but written out as [U+202E]: the
    # trail never carries a character the text check refuses, so it shows truly and imports again.
    user, event, object_type, object_id = (visible(v) for v in (user, event, object_type, object_id))
    summary = visible(summary, multiline=True)[:SUMMARY_MAX]
    record = AuditRecord(at=at, user=user, event=event, object_type=object_type, object_id=object_id,
                         success=success, summary=summary, prev_hash=prev,
                         hash=row_hash(prev, at, user, event, object_type, object_id, success, summary))
    session.add(record)
    session.flush()
    return record


# --- the chain ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ChainReport:
    ok: bool
    rows: int
    first_bad_id: int | None = None
    last_hash: str = GENESIS
    why: str = ""  # for the first bad row, in Chinese


def verify_rows(rows: Iterable[AuditFields]) -> ChainReport:
    """Recompute every hash from GENESIS; `rows` must come in id order."""
    prev = GENESIS
    count = 0
    for rec in rows:
        if rec.prev_hash != prev:
            return ChainReport(False, count, rec.id, prev, "与前一条记录不衔接（此前的记录被删除、调换或改动）")
        expected = row_hash(prev, rec.at, rec.user, rec.event, rec.object_type, rec.object_id,
                            rec.success, rec.summary)
        if rec.hash != expected:
            return ChainReport(False, count, rec.id, prev, "内容与其哈希不符（该条记录被改动）")
        prev = rec.hash
        count += 1
    return ChainReport(True, count, None, prev)


def verify(session: Session) -> ChainReport:
    return verify_rows(session.scalars(select(AuditRecord).order_by(AuditRecord.id)))


# --- account events: written by core.services.accounts, read back here -------------------------

ACCOUNT_CREATED = "账户.新建"
ACCOUNT_CHANGED = "账户.修改"
ACCOUNT_ENABLED = "账户.启用"
ACCOUNT_DISABLED = "账户.停用"
ACCOUNT_EVENTS = (ACCOUNT_CREATED, ACCOUNT_CHANGED, ACCOUNT_ENABLED, ACCOUNT_DISABLED)

FIRST_ADMIN_SUMMARY = "首个管理员账户 {name}"
NEW_ACCOUNT_SUMMARY = "{name}（{role}）"
ROLE_CHANGE_SUMMARY = "角色 {before} → {after}"
_ROLES = {role.label: role for role in Role}
_LABEL = "|".join(map(re.escape, _ROLES))
# The three summaries above, read back. User names hold no spaces, so the first two cannot be
# confused; greedy `name` keeps the last （…） as the role.
ACCOUNT_SUMMARY = re.compile(
    rf"首个管理员账户 (?P<admin>\S+)"
    rf"|(?P<name>\S+)（(?P<role>{_LABEL})）"
    rf"|角色 (?P<before>{_LABEL}) → (?P<after>{_LABEL})")


@dataclass(frozen=True)
class AccountChange:
    """What one successful account event did: None fields it left alone."""

    role: Role | None = None
    before: Role | None = None  # a role change: the role it recorded as the old one
    active: bool | None = None
    created: bool = False


def account_change(event: str, summary: str) -> AccountChange | None:
    """Read an account event; None when it touches neither role nor state (or is not one)."""
    if event in (ACCOUNT_ENABLED, ACCOUNT_DISABLED):
        return AccountChange(active=event == ACCOUNT_ENABLED)
    found = ACCOUNT_SUMMARY.fullmatch(summary)
    if event == ACCOUNT_CREATED:
        role = Role.ADMIN if found and found["admin"] else _ROLES.get(found["role"]) if found else None
        return AccountChange(role=role, active=True, created=True)
    if event == ACCOUNT_CHANGED and found and found["after"]:
        return AccountChange(role=_ROLES[found["after"]], before=_ROLES[found["before"]])
    return None  # a change of something other than the role


@dataclass
class _Replayed:
    role: Role | None
    active: bool
    role_set_by: int  # audit record ids, to name in findings
    state_set_by: int


def _replay(records: Iterable[AuditFields]) -> tuple[dict[str, _Replayed], list[str]]:
    """Each account's role and state after its events, and what does not add up on the way."""
    known: dict[str, _Replayed] = {}
    findings: list[str] = []
    for rec in records:
        change = account_change(rec.event, rec.summary) if rec.success else None
        if change is None:
            continue
        name, state = rec.object_id, known.get(rec.object_id)
        where = f"第 {rec.id} 条审计记录（{rec.event} {name}）"
        if change.created:
            if change.role is None:
                findings.append(f"{where}读不出新账户的角色：“{rec.summary}”")
            known[name] = _Replayed(change.role, True, rec.id, rec.id)
            continue
        if state is None:
            findings.append(f"{where}改动的账户此前没有创建记录")
            continue
        if change.before is not None and state.role is not None and change.before is not state.role:
            findings.append(f"{where}记作“{rec.summary}”，但此前的记录使其为“{state.role.label}”")
        if change.role is not None:
            state.role, state.role_set_by = change.role, rec.id
        if change.active is not None:
            state.active, state.state_set_by = change.active, rec.id
    return known, findings


def _state(active: bool) -> str:
    return "启用" if active else "停用"


def role_findings(accounts: Iterable[tuple[str, Role, bool]], records: Iterable[AuditFields]) -> list[str]:
    """Chinese findings where an account (user name, role, active) is not what its last account
    event made it, or has no creation event. `records`: the trail in id order (other events are
    skipped). An empty list: every account's role and state are accounted for."""
    known, findings = _replay(records)
    for name, role, active in accounts:
        state = known.get(name)
        if state is None:
            findings.append(f"账户 {name}（{role.label}）没有创建记录（{ACCOUNT_CREATED}）")
            continue
        if state.role is not None and role is not state.role:
            findings.append(f"账户 {name} 的角色是“{role.label}”，但审计记录中最后一次设定"
                            f"（第 {state.role_set_by} 条）为“{state.role.label}”")
        if active != state.active:
            findings.append(f"账户 {name} 为{_state(active)}状态，但审计记录中最后一次"
                            f"（第 {state.state_set_by} 条）为{_state(state.active)}")
    return findings


def role_findings_in(session: Session) -> list[str]:
    """`role_findings` on the open file: its accounts against its whole trail."""
    accounts = [(a.user_name, a.role, a.active) for a in session.scalars(select(Account).order_by(Account.id))]
    records = session.scalars(select(AuditRecord).where(AuditRecord.event.in_(ACCOUNT_EVENTS))
                              .order_by(AuditRecord.id))
    return role_findings(accounts, records)
