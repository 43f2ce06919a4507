"""`huiwu demo --years N`: the history it writes looks like real work — every held meeting has an
agenda, and every minutes, in whatever state, has sections and decisions drawn from that agenda."""

from __future__ import annotations

import contextlib
import datetime as dt

from core.demo.district import fill_demo, history_start
from core.demo.meetings import fill_demo_meetings
from core.demo.minutes import fill_demo_minutes
from core.demo.topics import fill_demo_topics
from core.model.enums import MeetingKind, MeetingStatus, MinutesStatus
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
