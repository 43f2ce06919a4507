"""Reading the audit trail: filters in SQL, newest first, pages; the chain and anchor reports."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text

from core.keeping import anchor
from core.model import AuditRecord
from core.office import Office
from core.services import audit
from core.services.audit_log import AuditFilter, AuditRow


def _add(office: Office, at: str, user: str, event: str, object_type: str = "", object_id: str = "",
         success: bool = True, summary: str = "") -> None:
    """A row with a chosen time, chained as audit.append chains it (the triggers refuse an UPDATE)."""
    with office.sessions.begin() as s:
        prev = s.scalars(select(AuditRecord.hash).order_by(AuditRecord.id.desc()).limit(1)).first() or audit.GENESIS
        s.add(AuditRecord(at=at, user=user, event=event, object_type=object_type, object_id=object_id,
                          success=success, summary=summary, prev_hash=prev,
                          hash=audit.row_hash(prev, at, user, event, object_type, object_id, success, summary)))


def _fill(office: Office) -> None:
    _add(office, "2026-10-30T17:00:00+08:00", "张秘书", "会议.新建", "meeting", "1", summary="常务会议")
    _add(office, "2026-11-02T09:15:00+08:00", "张秘书", "会议.修改", "meeting", "1")
    _add(office, "2026-11-02T10:00:00+08:00", "李审核", "纪要.核稿", "minutes", "3")
    _add(office, "2026-11-03T08:00:00+08:00", "王五", "登录", "account", "王五", success=False)
    _add(office, "2026-11-04T23:59:59+08:00", "张秘书", "会议.召开", "meeting", "2")


def test_filters_run_in_sql_newest_first(office: Office) -> None:
    _fill(office)
    log = office.audit_log
    everything = log.rows()
    assert everything.total == len(everything.rows) >= 6  # the office name set on creation, too
    ids = [r.id for r in everything.rows]
    assert ids == sorted(ids, reverse=True)

    nov = log.rows(AuditFilter(since=dt.date(2026, 11, 2), until=dt.date(2026, 11, 4)))
    assert [r.event for r in nov.rows] == ["会议.召开", "登录", "纪要.核稿", "会议.修改"]  # the 4th's last second too
    assert [r.event for r in log.rows(AuditFilter(user="张秘书")).rows] == ["会议.召开", "会议.修改", "会议.新建"]
    assert [r.event for r in log.rows(AuditFilter(event="会议.")).rows] == ["会议.召开", "会议.修改", "会议.新建"]
    assert [r.event for r in log.rows(AuditFilter(event="会议.修改")).rows] == ["会议.修改"]
    assert [r.event for r in log.rows(AuditFilter(object_type="meeting", object_id="1")).rows] == [
        "会议.修改", "会议.新建"]
    failed = log.rows(AuditFilter(failures_only=True)).rows
    assert [(r.user, r.result_text, r.object_text) for r in failed] == [("王五", "失败", "账户 王五")]
    assert log.rows(AuditFilter(user="没有这个人")).total == 0


def test_pages(office: Office) -> None:
    _fill(office)
    total = office.audit_log.rows().total
    first = office.audit_log.rows(limit=2)
    second = office.audit_log.rows(limit=2, offset=2)
    assert first.total == total and len(first.rows) == 2 and first.has_next and not first.has_previous
    assert second.has_previous and {r.id for r in first.rows}.isdisjoint(r.id for r in second.rows)
    last = office.audit_log.rows(limit=2, offset=total - 1)
    assert len(last.rows) == 1 and not last.has_next


def test_export_is_oldest_first_and_choices(office: Office) -> None:
    _fill(office)
    rows = office.audit_log.for_export(AuditFilter(user="张秘书"))
    assert [r.event for r in rows] == ["会议.新建", "会议.修改", "会议.召开"]
    choices = office.audit_log.choices()
    # Offered: accounts and names typed at a login; not the actor of a session without a login
    # (issue 12 §2: it may be the computer's user), though a filter by it still works.
    assert "王五" in choices.users and "张秘书" not in choices.users
    assert "纪要.核稿" in choices.events and "meeting" in choices.object_types


def test_row_texts() -> None:
    row = AuditRow(1, "2026-11-02T09:15:00+08:00", "张", "会议.修改", "meeting", "7", True, "")
    assert (row.time_text, row.offset_text, row.object_text) == ("2026-11-02 09:15:00", "+08:00", "会议 7")
    assert AuditFilter(since=dt.date(2026, 11, 1), until=dt.date(2026, 11, 30), event="会议.").describe() == (
        "2026年11月1日至2026年11月30日；事件：会议（全部）")


def test_chain_and_anchor_reports(office: Office) -> None:
    _fill(office)
    chain = office.audit_log.chain()
    assert chain.ok and chain.text == f"审计记录完整，共 {chain.rows} 条"
    status = anchor.status(office)  # a new file is anchored from the start
    assert status.ok and status.kept and "一致" in status.text
    anchor.save(office)
    assert anchor.status(office).kept and "一致" in anchor.status(office).text
    with office.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_no_update"))
        conn.execute(text("UPDATE audit SET summary = '篡改' WHERE id = 3"))
    chain = office.audit_log.chain()
    assert not chain.ok and chain.text == "第 3 条审计记录被改动或链条断开"
    assert anchor.status(office).ok  # the anchor catches an older copy (tests/core/test_anchor.py), not this
