"""`huiwu demo --years N`: the history it writes looks like real work — every held meeting has an
agenda, and every minutes, in whatever state, has sections and decisions drawn from that agenda; its
people and units add up, and so do the counts it reports."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from core.demo.district import fill_demo, history_start
from core.demo.meetings import fill_demo_meetings
from core.demo.minutes import fill_demo_minutes
from core.demo.topics import fill_demo_topics
from core.model.enums import MeetingKind, MeetingStatus, MinutesStatus, RosterRole
from core.office import Office
from core.selftest import _Enough, _stop_after

# A year whose first months hold a February plenary meeting (its topics come in December).
TODAY = dt.date(2025, 11, 1)
TOPICS = 70  # the first 70 of the year's 240 topics (October to January)
MEETINGS = 40  # the first 40 meetings on the calendar (November to March)


def test_held_meetings_have_agendas_and_minutes_have_decisions(office: Office) -> None:
    for service in (office.topics, office.meetings, office.leave, office.minutes, office.followup):
        service.today = lambda: TODAY
    fill_demo(office, since=history_start(1, TODAY))
    with contextlib.suppress(_Enough):
        fill_demo_topics(office, 1, today=TODAY, progress=_stop_after(TOPICS))
    with contextlib.suppress(_Enough):
        fill_demo_meetings(office, 1, today=TODAY, progress=_stop_after(MEETINGS))
    fill_demo_minutes(office, today=TODAY)

    held = office.meetings.meetings(status=MeetingStatus.HELD)
    assert {m.kind for m in held} == set(MeetingKind)
    for row in held:
        detail = office.meetings.detail(row.id)
        fewest = 2 if row.kind in (MeetingKind.PLENARY, MeetingKind.EXECUTIVE) else 1
        assert len(detail.agenda) >= fewest, detail.name
        if row.kind is MeetingKind.THEMATIC:  # convened by the leader who decided its topics (art. 42)
            assert {office.topics.detail(a.topic_id).supervisor for a in detail.agenda} == {detail.presider}

    minutes = office.minutes.minutes_list()
    levels = 0
    assert {m.status for m in minutes} >= {MinutesStatus.DRAFT, MinutesStatus.REVIEWED, MinutesStatus.SIGNED,
                                           MinutesStatus.ISSUED}
    assert {m.meeting_id for m in minutes} == {m.id for m in held}
    for entry in minutes:
        content = office.minutes.detail(entry.id).content
        agenda = [a.topic_id for a in office.meetings.detail(entry.meeting_id).agenda]
        assert content.sections, (entry.status, entry.meeting_name)
        assert [s.topic_id for s in content.sections] == agenda, entry.meeting_name
        for section in content.sections:
            assert section.text.startswith("会议听取了") and section.decisions
            assert all(d.text and d.responsible_id and d.deadline for d in section.decisions)
            # Several decisions are listed under the second heading level, （一） then （二） (GB/T 9704 §7.3.3).
            listed = section.text.split("\n")[1:]
            several = len(section.decisions) > 1
            assert listed == ([f"（{'一二三四五六七八九'[k]}）{d.text}" for k, d in enumerate(section.decisions)]
                              if several else [])
            levels += several
    assert levels >= 3  # the demo shows both levels


def test_a_generated_year_adds_up(office: Office) -> None:
    """Issue 12 §8: every 出席 names the presider, a roster names only units on the agenda, and the
    counts the demo reports (its last progress line and its summary) are the counts in the file."""
    for service in (office.topics, office.meetings, office.leave, office.minutes, office.followup):
        service.today = lambda: TODAY
    fill_demo(office, since=history_start(1, TODAY))
    said: dict[str, tuple[int, int]] = {}

    def last(what: str) -> Callable[[int, int], None]:
        return lambda done, total: said.__setitem__(what, (done, total))

    counts = {"议题": fill_demo_topics(office, 1, today=TODAY, progress=last("议题")),
              "会议": fill_demo_meetings(office, 1, today=TODAY, progress=last("会议")),
              "纪要": fill_demo_minutes(office, today=TODAY, progress=last("纪要"))}
    in_file = {"议题": len(office.topics.topics()), "会议": len(office.meetings.meetings()),
               "纪要": len(office.minutes.minutes_list())}
    assert counts == in_file
    assert said == {what: (n, n) for what, n in in_file.items()}

    details = {row.id: office.meetings.detail(row.id) for row in office.meetings.meetings()}
    presided_by_another = 0
    for detail in details.values():
        units = {u for a in detail.agenda for u in (a.lead_department_id, a.reporting_department_id)}
        units |= {d for a in detail.agenda for d, _name in a.observers}
        for row in detail.roster:
            if row.role is not RosterRole.MEMBER and row.department_id is not None:
                assert row.department_id in units, (detail.name, row.name, row.post_text)
        if detail.kind is MeetingKind.THEMATIC and detail.roster:
            assert detail.roster[0].person_id == detail.presider_id, detail.name
        if detail.status is MeetingStatus.HELD:
            assert detail.notice_issued_on is not None and detail.notice_issued_on < detail.day, detail.name
    for entry in office.minutes.minutes_list():
        detail = details[entry.meeting_id]
        present = office.minutes.detail(entry.id).content.present
        assert detail.presider in present, (entry.meeting_name, present, detail.presider_label)
        if detail.kind is MeetingKind.THEMATIC and len(present) > 1:
            presided_by_another += 1
    assert presided_by_another  # 专题会议 with a leader presiding and the units' heads attending


def test_the_demo_command_reports_what_it_wrote(tmp_path: Path) -> None:
    """`huiwu demo --years 1`: the summary's counts are the last progress lines' and the file's."""
    from core.store import recovery
    from core.store.keys import RawKey, read_secret_file
    from tests.core.test_cli import run

    secret = tmp_path / "key.txt"
    secret.write_text(recovery.encode(RawKey.generate().secret), encoding="utf-8")
    db = tmp_path / "demo.huiwu"
    made = run("--db", str(db), "--passphrase-file", str(secret), "demo", "--years", "1")
    assert made.returncode == 0, made.stderr
    progress = {m.group(1): (int(m.group(2)), int(m.group(3)))
                for m in re.finditer(r"生成(议题|会议|纪要) (\d+)/(\d+)\n", made.stderr)}
    summary = {m.group(1): int(m.group(2)) for m in re.finditer(r"(议题|会议|纪要) (\d+)", made.stdout)}
    with Office.open(db, read_secret_file(secret)) as office:
        in_file = {"议题": len(office.topics.topics()), "会议": len(office.meetings.meetings()),
                   "纪要": len(office.minutes.minutes_list())}
    assert summary == in_file
    assert progress == {what: (n, n) for what, n in in_file.items()}
