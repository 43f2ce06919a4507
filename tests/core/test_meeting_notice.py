"""The notice carries its issue date (issue 12 §6): the day the notice went out is recorded with the
meeting (会议.印发通知, through the meeting service) and every printing of the notice — in the window
or from the command line — is dated by it, not by the day it happens to be printed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from sqlalchemy import select

from core.documents import meeting_docs
from core.errors import Invalid
from core.model import AuditRecord
from core.model.enums import MeetingStatus
from core.office import Office
from tests.core.conftest import TODAY, District
from tests.core.test_meeting_docs import assert_safe_pdf
from tests.core.test_meeting_service import MEETING_DAY, confirmed_topic, executive, refused

OFFICE = "澄溪区人民政府办公室"


def _flat(pdf: Path) -> str:
    return re.sub(r"\s+", "", assert_safe_pdf(pdf))


def test_the_issue_is_recorded_with_the_meeting(office: Office, district: District) -> None:
    m = office.meetings
    mid = executive(office, district)
    assert m.notice_issued_on(mid) is None and m.detail(mid).notice_issued_on is None
    refused(office, lambda: m.record_notice_issued(mid, TODAY + dt.timedelta(days=1)), Invalid, "不能晚于今天")
    m.record_notice_issued(mid, dt.date(2026, 6, 29))
    m.record_notice_issued(mid, dt.date(2026, 6, 26))  # recorded wrong, corrected: the latest counts
    assert m.notice_issued_on(mid) == dt.date(2026, 6, 26) == m.detail(mid).notice_issued_on
    with office.sessions() as s:
        last = s.scalars(select(AuditRecord).order_by(AuditRecord.id.desc())).first()
        assert last is not None and last.event == "会议.印发通知"
        assert "2026-06-26" in last.summary and "原登记 2026-06-29" in last.summary

    past = executive(office, district, day=dt.date(2026, 6, 10))
    refused(office, lambda: m.record_notice_issued(past, dt.date(2026, 6, 11)), Invalid, "不能晚于会议日期")
    m.cancel(past, reason="改期")
    refused(office, lambda: m.record_notice_issued(past, dt.date(2026, 6, 8)), Invalid, "已取消")


def test_a_held_meetings_notice_is_dated_the_day_it_went_out(office: Office, district: District,
                                                           tmp_path: Path) -> None:
    m = office.meetings
    mid = executive(office, district)
    m.schedule(mid, confirmed_topic(office, district, "关于调整城区公交线路的议题"))
    m.generate_roster(mid)
    planned = m.detail(mid)
    # not yet issued: drawn up to go out today
    assert meeting_docs.notice_date(planned, TODAY) == TODAY
    m.today = lambda: dt.date(2026, 7, 2)
    m.record_notice_issued(mid, dt.date(2026, 7, 2))
    m.today = lambda: MEETING_DAY
    m.mark_held(mid)
    later = MEETING_DAY + dt.timedelta(days=40)  # printed for the file, weeks after
    held = m.detail(mid)
    assert held.status is MeetingStatus.HELD
    assert meeting_docs.notice_date(held, later) == dt.date(2026, 7, 2)
    text = _flat(meeting_docs.render_notice(tmp_path / "n.pdf", held, office_name=OFFICE,
                                            issued_on=meeting_docs.notice_date(held, later)))
    assert "2026年7月2日" in text and "2026年8月18日" not in text

    # a held meeting whose notice was never recorded: no invented date, a blank to write in
    other = executive(office, district, day=dt.date(2026, 6, 25))
    m.today = lambda: TODAY
    m.mark_held(other)
    unrecorded = m.detail(other)
    assert meeting_docs.notice_date(unrecorded, later) is None
    text = _flat(meeting_docs.render_notice(tmp_path / "u.pdf", unrecorded, office_name=OFFICE, issued_on=None))
    assert "年月日" in text and "2026年8月" not in text


def test_the_command_line_prints_the_recorded_date(tmp_path: Path) -> None:
    from core.model.enums import MeetingKind, Post
    from core.store import recovery
    from core.store.keys import RawKey, read_secret_file
    from tests.core.test_cli import run

    secret = tmp_path / "key.txt"
    secret.write_text(recovery.encode(RawKey.generate().secret), encoding="utf-8")
    db = tmp_path / "a.huiwu"
    common = ["--db", str(db), "--passphrase-file", str(secret)]
    assert run(*common, "demo").returncode == 0
    day = dt.date.today() - dt.timedelta(days=20)
    issued = day - dt.timedelta(days=4)
    with Office.open(db, read_secret_file(secret)) as office:
        mayor = office.roster.holders(Post.MAYOR, day)[0]
        mid = office.meetings.create(MeetingKind.EXECUTIVE, day=day, start_time=dt.time(9, 0),
                                     place="区政府第一会议室", presider_id=mayor.id)
        office.meetings.record_notice_issued(mid, issued)
        office.meetings.mark_held(mid)
    out = tmp_path / "notice.pdf"
    made = run(*common, "render", "notice", str(mid), "--pdf", str(out))
    assert made.returncode == 0, made.stderr
    today = dt.date.today()
    text = _flat(out)
    assert f"{issued.year}年{issued.month}月{issued.day}日" in text
    assert f"{today.year}年{today.month}月{today.day}日" not in text
