"""History cannot be forged through `import json` (issue 11 §3): the document's audit chain is
recomputed from its first row, and every account's role and state must be what its last account
event made them. A forger who edits a role and recomputes the chain is still refused; one who also
rewrites the account events consistently is beyond what the document alone can show — the anchor
of the file (core.keeping.anchor) answers that one."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from core.errors import ImportRejected
from core.model import Account, Role
from core.office import Office
from core.services import audit
from core.services.audit import GENESIS, account_change, role_findings, role_findings_in, row_hash
from core.store.keys import RawKey

ADMIN_PW = "Admin#2026x"
OTHER_PW = "Other#2026x"


@pytest.fixture
def staffed(office: Office) -> Office:
    """An administrator, a 只读 account, and a secretary made 审核 and then disabled."""
    office.accounts.create_first_admin("admin", ADMIN_PW, "系统管理员")
    office.log_in("admin", ADMIN_PW)
    office.accounts.add("reader", Role.READ_ONLY, OTHER_PW, "只读员")
    office.accounts.add("clerk", Role.SECRETARY, OTHER_PW, "王丽")
    office.accounts.set_role("clerk", Role.REVIEWER)
    office.accounts.set_active("clerk", False)
    return office


@pytest.fixture
def doc(staffed: Office) -> dict[str, Any]:
    return copy.deepcopy(staffed.interchange.export(staffed.revision))


def _load(doc: dict[str, Any], tmp_path: Path) -> Office:
    return Office.create(tmp_path / "copy.huiwu", RawKey.generate(),
                         fill=lambda o: o.interchange.load_into_empty(doc))


def _refused(doc: dict[str, Any], tmp_path: Path) -> str:
    with pytest.raises(ImportRejected) as refused:
        _load(doc, tmp_path)
    assert not (tmp_path / "copy.huiwu").exists()
    return refused.value.message


def _account(doc: dict[str, Any], name: str) -> dict[str, Any]:
    return next(a for a in doc["tables"]["account"] if a["user_name"] == name)


def _audit_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(doc["tables"]["audit"], key=lambda r: r["id"])


def _rechain(doc: dict[str, Any]) -> None:
    """What a forger does after an edit: every hash recomputed from GENESIS."""
    prev = GENESIS
    for r in _audit_rows(doc):
        r["prev_hash"] = prev
        r["hash"] = prev = row_hash(prev, r["at"], r["user"], r["event"], r["object_type"], r["object_id"],
                                    r["success"], r["summary"])


def _row_of(doc: dict[str, Any], event: str, object_id: str) -> dict[str, Any]:
    return next(r for r in _audit_rows(doc) if r["event"] == event and r["object_id"] == object_id)


def test_a_genuine_export_imports_with_roles_and_history(staffed: Office, doc: dict[str, Any],
                                                          tmp_path: Path) -> None:
    assert role_findings_in_office(staffed) == []
    with _load(doc, tmp_path) as copied:
        assert {a.user_name: (a.role, a.active) for a in copied.accounts.accounts()} == {
            "admin": (Role.ADMIN, True), "reader": (Role.READ_ONLY, True), "clerk": (Role.REVIEWER, False)}
        assert role_findings_in_office(copied) == []
        with copied.sessions() as s:
            assert audit.verify(s).ok


def role_findings_in_office(office: Office) -> list[str]:
    with office.sessions() as s:
        return role_findings_in(s)


def test_a_role_edited_in_the_json_is_refused(doc: dict[str, Any], tmp_path: Path) -> None:
    _account(doc, "reader")["role"] = "ADMIN"
    message = _refused(doc, tmp_path)
    assert "账户 reader 的角色是“管理员”" in message and "为“只读”" in message


def test_a_role_edited_with_the_chain_recomputed_is_still_refused(doc: dict[str, Any], tmp_path: Path) -> None:
    _account(doc, "reader")["role"] = "ADMIN"
    _rechain(doc)
    message = _refused(doc, tmp_path)
    assert "账户 reader 的角色是“管理员”" in message


def test_a_forged_role_change_that_contradicts_the_history_is_refused(doc: dict[str, Any], tmp_path: Path) -> None:
    # The forger appends a role change for reader, but from the wrong role: the replay sees it.
    last = _audit_rows(doc)[-1]
    forged = dict(last, id=last["id"] + 1, event=audit.ACCOUNT_CHANGED, object_type="account", object_id="reader",
                  user="admin", summary=audit.ROLE_CHANGE_SUMMARY.format(before="秘书", after="管理员"))
    doc["tables"]["audit"].append(forged)
    _account(doc, "reader")["role"] = "ADMIN"
    _rechain(doc)
    message = _refused(doc, tmp_path)
    assert f"第 {forged['id']} 条审计记录" in message and "此前的记录使其为“只读”" in message


def test_a_disabled_account_made_active_is_refused(doc: dict[str, Any], tmp_path: Path) -> None:
    _account(doc, "clerk")["active"] = True
    _rechain(doc)
    message = _refused(doc, tmp_path)
    assert "账户 clerk 为启用状态" in message and "为停用" in message


def test_an_account_without_a_creation_event_is_refused(doc: dict[str, Any], tmp_path: Path) -> None:
    ghost = dict(_account(doc, "admin"), id=99, user_name="ghost")
    doc["tables"]["account"].append(ghost)
    message = _refused(doc, tmp_path)
    assert "账户 ghost（管理员）没有创建记录" in message


def test_a_deleted_audit_row_is_refused_naming_the_first_bad_row(doc: dict[str, Any], tmp_path: Path) -> None:
    rows = _audit_rows(doc)
    victim = _row_of(doc, audit.ACCOUNT_CHANGED, "clerk")
    doc["tables"]["audit"].remove(victim)
    following = rows[rows.index(victim) + 1]["id"]
    message = _refused(doc, tmp_path)
    assert f"id 为 {following} 的记录" in message and "不衔接" in message


def test_an_edited_summary_is_refused(doc: dict[str, Any], tmp_path: Path) -> None:
    row = _row_of(doc, audit.ACCOUNT_CREATED, "reader")
    row["summary"] = "reader（管理员）"
    message = _refused(doc, tmp_path)
    assert f"id 为 {row['id']} 的记录" in message and "哈希不符" in message


def test_reordered_rows_are_refused(doc: dict[str, Any], tmp_path: Path) -> None:
    a, b = _audit_rows(doc)[1:3]
    a["id"], b["id"] = b["id"], a["id"]
    message = _refused(doc, tmp_path)
    assert f"id 为 {b['id']} 的记录" in message  # b now comes first and does not follow row 1


def test_a_wrong_prev_hash_is_refused(doc: dict[str, Any], tmp_path: Path) -> None:
    first = _audit_rows(doc)[0]
    first["prev_hash"] = "f" * 64
    first["hash"] = row_hash(first["prev_hash"], first["at"], first["user"], first["event"], first["object_type"],
                             first["object_id"], first["success"], first["summary"])
    message = _refused(doc, tmp_path)
    assert f"id 为 {first['id']} 的记录" in message


def test_check_finds_a_role_changed_behind_the_program(staffed: Office) -> None:
    with staffed.sessions.begin() as s:
        s.execute(update(Account).where(Account.user_name == "reader").values(role=Role.ADMIN))
    findings = role_findings_in_office(staffed)
    assert len(findings) == 1 and "reader" in findings[0] and "只读" in findings[0]


# --- the summaries are read back by one regex: every format, every role -----------------------

@pytest.mark.parametrize("role", list(Role))
def test_every_account_summary_reads_back(role: Role) -> None:
    made = account_change(audit.ACCOUNT_CREATED, audit.NEW_ACCOUNT_SUMMARY.format(name="li（秘书）", role=role.label))
    assert made is not None and made.created and made.role is role
    for before in Role:
        change = account_change(audit.ACCOUNT_CHANGED,
                                audit.ROLE_CHANGE_SUMMARY.format(before=before.label, after=role.label))
        assert change is not None and (change.before, change.role) == (before, role)
    first = account_change(audit.ACCOUNT_CREATED, audit.FIRST_ADMIN_SUMMARY.format(name="admin"))
    assert first is not None and first.role is Role.ADMIN


def test_unreadable_creation_is_a_finding_and_other_changes_are_ignored() -> None:
    class Rec:
        def __init__(self, id: int, event: str, object_id: str, summary: str) -> None:
            self.id, self.event, self.object_id, self.summary, self.success = id, event, object_id, summary, True

    records = [Rec(1, audit.ACCOUNT_CREATED, "a", "a（超级用户）"),
               Rec(2, audit.ACCOUNT_CHANGED, "b", "显示名称 甲 → 乙"),
               Rec(3, audit.ACCOUNT_DISABLED, "c", "c")]
    findings = role_findings([("a", Role.ADMIN, True)], records)  # type: ignore[arg-type]
    assert len(findings) == 2
    assert "读不出新账户的角色" in findings[0] and "此前没有创建记录" in findings[1]
