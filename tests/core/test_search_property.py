"""The index equals a plain scan (issue 14 §2): after random writes through the services, after a
JSON import into a new file and after a restore from a backup, searching random words drawn from
the data (1 to 4 characters, Chinese, Latin, full-width, one or two words) finds exactly the items
whose texts contain them, read here straight from the tables and compared in Python.

Each item's texts are gathered the way a reader would list them, not from the index's views: the
topic's title, units and summary, each current material; the meeting's name, place and note; the
minutes' name and 文号, their latest text; the 督办 item and each note; a person with posts; a unit.
Every word of a term must occur in one of those texts.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sqlalchemy import func, select

from core.errors import HuiwuError
from core.keeping import backups, restore
from core.model import (
    Appointment,
    Department,
    FollowUp,
    FollowUpNote,
    Material,
    MaterialText,
    Meeting,
    Minutes,
    MinutesVersion,
    Person,
    Topic,
    TopicDepartment,
)
from core.model.enums import DepartmentKind, MeetingKind, Post
from core.office import Office
from core.services.meeting_types import meeting_name
from core.services.minutes_types import MinutesContent
from core.store import search_schema
from core.store.grams import fold, runs
from core.store.keys import RawKey
from tests.core.conftest import START, TODAY, build_district
from tests.core.test_minutes_service import attend, held, review

# Few characters, so that random texts share words: CJK, Latin of both cases and widths, digits.
LETTERS = "停车场收费预算调整老旧小区城市更新会议甲乙丙abcABCｇｄｐＧＤＰ0１2"
TEXT = st.text(alphabet=LETTERS + "，。（） -", min_size=1, max_size=14).filter(lambda t: t.strip(" ，。（）-"))


def item_texts(office: Office) -> dict[tuple[str, int], list[str]]:
    """Each item's texts, from the tables."""
    out: dict[tuple[str, int], list[str]] = {}

    def add(kind: str, item: int, *parts: object) -> None:
        out.setdefault((kind, item), []).append("\n".join(str(p) for p in parts if p))

    with office.sessions() as s:
        units = {d.id: (d.name, d.short_name) for d in s.scalars(select(Department))}
        extracted = {c: t for c, t in s.execute(select(MaterialText.content_id, MaterialText.text))}
        for t in s.scalars(select(Topic)):
            involved = s.scalars(select(TopicDepartment.department_id).where(TopicDepartment.topic_id == t.id))
            add("topic", t.id, t.title, *units[t.lead_department_id], *(n for d in involved for n in units[d]), t.summary)
        for m in s.scalars(select(Material).where(Material.current.is_(True))):
            add("topic", m.topic_id, m.name, extracted.get(m.content_id, ""))
        meetings = {m.id: m for m in s.scalars(select(Meeting))}
        for m in meetings.values():
            add("meeting", m.id, meeting_name(m.kind, m.term, m.number, m.title), m.place, m.note)
        for mi in s.scalars(select(Minutes)):
            me = meetings[mi.meeting_id]
            add("minutes", mi.id, meeting_name(me.kind, me.term, me.number, me.title) + "纪要", mi.serial_text)
            latest = s.scalar(select(MinutesVersion.content).where(MinutesVersion.minutes_id == mi.id)
                              .order_by(MinutesVersion.number.desc()).limit(1))
            if latest is not None:
                c = MinutesContent.from_json(latest)
                add("minutes", mi.id, c.title, c.opening,
                    *(p for sec in c.sections for p in (sec.heading, sec.text, *(d.text for d in sec.decisions))))
        for f in s.scalars(select(FollowUp)):
            add("followup", f.id, f.decision, *units[f.department_id], f.co_departments, f.closing_note)
        for n in s.scalars(select(FollowUpNote)):
            add("followup", n.follow_up_id, n.text, n.file_name, extracted.get(n.content_id, "") if n.content_id else "")
        for p in s.scalars(select(Person)):
            posts = s.scalars(select(Appointment).where(Appointment.person_id == p.id))
            add("person", p.id, p.name, p.note, *(x for a in posts for x in (a.title, units.get(a.department_id, ("",))[0])))
        for d_id, (name, short) in units.items():
            note = s.scalar(select(Department.note).where(Department.id == d_id))
            add("unit", d_id, name, short, note)
    return out


def scan(texts: dict[tuple[str, int], list[str]], term: str) -> dict[str, set[int]]:
    words = runs(term)
    found: dict[str, set[int]] = {}
    for (kind, item), docs in texts.items():
        if words and any(all(w in fold(doc) for w in words) for doc in docs):
            found.setdefault(kind, set()).add(item)
    return found


def searched(office: Office, term: str) -> dict[str, set[int]]:
    return {g.kind: {f.id for f in g.found} for g in office.search.search(term, limit=None).groups}


def draw_term(data: st.DataObject, texts: dict[tuple[str, int], list[str]], recent: list[str]) -> str:
    """A word of 1 to 4 characters from some text — half the time from what was just written —,
    sometimes two words of one text, in upper case or full-width; now and then a word that may be
    nowhere."""
    if data.draw(st.integers(0, 9)) == 0:
        return data.draw(st.text(alphabet=LETTERS, min_size=1, max_size=4))
    docs = [doc for doc in recent if runs(doc)]
    if not docs or data.draw(st.booleans()):
        docs = [doc for docs in texts.values() for doc in docs if runs(doc)]
    doc = data.draw(st.sampled_from(docs))
    words = []
    for _ in range(data.draw(st.integers(1, 2))):
        run = data.draw(st.sampled_from(runs(doc)))
        size = data.draw(st.integers(1, min(4, len(run))))
        start = data.draw(st.integers(0, len(run) - size))
        words.append(run[start:start + size])
    term = " ".join(words)
    style = data.draw(st.sampled_from(["as is", "upper", "wide"]))
    if style == "upper":
        return term.upper()
    if style == "wide":
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in term)
    return term


def fixed_today(office: Office) -> None:
    for service in (office.topics, office.meetings, office.leave, office.minutes, office.followup):
        service.today = lambda: TODAY


class IndexEqualsScan(RuleBasedStateMachine):
    """Writes, imports and restores in any order; after each, the index still answers as the scan."""

    @initialize()
    def start(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="huiwu-search-"))
        self.office = Office.create(self.folder / "a.huiwu", RawKey.generate(), "澄溪区人民政府办公室")
        self.d = build_district(self.office)
        mid = held(self.office, self.d, titles=("停车收费",))
        attend(self.office, self.d, mid)
        self.minutes = self.office.minutes.draft(mid)
        self.backup: Path | None = None
        self.files = 0
        self.recent: list[str] = []  # texts the last writes used: the words most likely to be missed

    def teardown(self) -> None:
        if hasattr(self, "office"):
            self.office.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    def _try(self, write) -> None:  # type: ignore[no-untyped-def]
        with contextlib.suppress(HuiwuError):  # refused by a rule or a check: nothing was written
            write()

    def _departments(self) -> list[int]:
        return [r.id for r in self.office.roster.departments()]

    @rule(title=TEXT, summary=TEXT, data=st.data())
    def submit_topic(self, title: str, summary: str, data: st.DataObject) -> None:
        self.recent = [title, summary]
        units = self._departments()
        lead = data.draw(st.sampled_from(units))
        involved = data.draw(st.lists(st.sampled_from(units), max_size=2, unique=True))
        self._try(lambda: self.office.topics.submit(
            title=title, lead_department_id=lead, target=MeetingKind.EXECUTIVE, summary=summary,
            involved=[u for u in involved if u != lead], submitted_on=TODAY))
        self._look(data)

    @rule(text=TEXT, name=TEXT, data=st.data())
    def add_or_replace_material(self, text: str, name: str, data: st.DataObject) -> None:
        self.recent = [text, name]
        with self.office.sessions() as s:
            topics = list(s.scalars(select(Topic.id)))
            current = list(s.scalars(select(Material.id).where(Material.current.is_(True))))
        if current and data.draw(st.booleans()):
            self.files += 1
            path = self.folder / f"{self.files}-{name.strip(' -')}.txt"
            path.write_text(text, encoding="utf-8")
            self._try(lambda: self.office.topics.replace_material(data.draw(st.sampled_from(current)), path))
        elif topics:
            self._try(lambda: self.office.topics.add_material(data.draw(st.sampled_from(topics)), f"{name}.txt",
                                                              text.encode("gb18030")))
        self._look(data)

    @rule(name=TEXT, short=TEXT, note=TEXT, data=st.data())
    def change_a_unit(self, name: str, short: str, note: str, data: st.DataObject) -> None:
        self.recent = [name, short, note]
        unit = data.draw(st.sampled_from(self._departments()))
        if data.draw(st.booleans()):
            self._try(lambda: self.office.roster.update_department(unit, name=name, short_name=short, note=note))
        else:
            self._try(lambda: self.office.roster.add_department(name, DepartmentKind.CONSTITUENT, short_name=short))
        self._look(data)

    @rule(name=TEXT, title=TEXT, data=st.data())
    def change_a_person(self, name: str, title: str, data: st.DataObject) -> None:
        self.recent = [name, title]
        with self.office.sessions() as s:
            people = list(s.scalars(select(Person.id)))
        person = data.draw(st.sampled_from(people))
        choice = data.draw(st.integers(0, 2))
        if choice == 0:
            self._try(lambda: self.office.roster.update_person(person, name=name))
        elif choice == 1:
            self._try(lambda: self.office.roster.appoint(person, Post.OTHER, START, title=title,
                                                          department_id=data.draw(st.sampled_from(self._departments()))))
        else:
            self._try(lambda: self.office.roster.add_person(name, note=title))
        self._look(data)

    @rule(place=TEXT, note=TEXT, title=TEXT, data=st.data())
    def plan_a_meeting(self, place: str, note: str, title: str, data: st.DataObject) -> None:
        self.recent = [place, note, title]
        self._try(lambda: self.office.meetings.create(
            MeetingKind.THEMATIC, day=TODAY + dt.timedelta(days=7), start_time=dt.time(15), place=place,
            presider_id=self.d.vice_a, title=title, note=note))
        self._look(data)

    @rule(opening=TEXT, text=TEXT, decision=TEXT, data=st.data())
    def save_minutes(self, opening: str, text: str, decision: str, data: st.DataObject) -> None:
        self.recent = [opening, text, decision]
        content = self.office.minutes.detail(self.minutes).content
        first = content.sections[0]
        first = dataclasses.replace(first, text=text, decisions=tuple(
            dataclasses.replace(d, text=decision) for d in first.decisions[:1]))
        changed = dataclasses.replace(content, opening=opening, sections=(first, *content.sections[1:]))
        self._try(lambda: self.office.minutes.save(self.minutes, changed))  # refused once issued
        self._look(data)

    @precondition(lambda self: self.office.minutes.detail(self.minutes).status.name == "DRAFT")
    @rule(data=st.data())
    def issue_minutes(self, data: st.DataObject) -> None:
        def issue() -> None:
            review(self.office, self.minutes)
            self.office.minutes.sign(self.minutes, signer_id=self.d.mayor, signed_on=TODAY)
            self.office.minutes.issue(self.minutes, issued_on=TODAY)  # its decisions become 督办 items

        self._try(issue)
        self._look(data)

    @precondition(lambda self: self.office.followup.items(view="open"))
    @rule(text=TEXT, with_file=st.booleans(), data=st.data())
    def note_progress(self, text: str, with_file: bool, data: st.DataObject) -> None:
        self.recent = [text, text[::-1]]
        items = [i.id for i in self.office.followup.items(view="open")]
        path = None
        if with_file:
            self.files += 1
            path = self.folder / f"反馈{self.files}.txt"
            path.write_text(text[::-1], encoding="utf-8")
        self._try(lambda: self.office.followup.add_note(data.draw(st.sampled_from(items)), noted_on=TODAY,
                                                        text=text, file=path))
        self._look(data)

    @rule(data=st.data())
    def forget_a_files_text(self, data: st.DataObject) -> None:
        """As a file stored before the index (or by an older program) has none."""
        with self.office.sessions() as s:
            stored = {c: t for c, t in s.execute(select(MaterialText.content_id, MaterialText.text))}
        if stored:
            content = data.draw(st.sampled_from(sorted(stored)))
            self.recent = [stored[content]]  # its words are the ones to look for now
            with self.office.engine.begin() as conn:
                conn.exec_driver_sql("DELETE FROM material_text WHERE content_id = ?", (content,))
        self._look(data)

    @rule(data=st.data())
    def extract_what_waits(self, data: st.DataObject) -> None:
        while self.office.search.extract_pending(budget_s=0.05):
            pass
        self._look(data)

    @rule(data=st.data())
    def import_into_a_new_file(self, data: st.DataObject) -> None:
        doc = json.loads(json.dumps(self.office.interchange.export(self.office.revision), ensure_ascii=False))
        self.files += 1
        path = self.folder / f"导入{self.files}.huiwu"
        imported = Office.create(path, RawKey.generate(), fill=lambda o: o.interchange.load_into_empty(doc))
        self.office.close()
        self.office = imported
        fixed_today(self.office)
        self.backup = None  # the backup was of the other file
        self._look(data)

    @rule()
    def back_up(self) -> None:
        media = self.folder / "media"
        media.mkdir(exist_ok=True)
        self.backup = backups.backup_to_folder(self.office, media).path

    @precondition(lambda self: self.backup is not None)
    @rule(data=st.data())
    def restore_the_backup(self, data: st.DataObject) -> None:
        assert self.backup is not None
        restore.restore(self.office, self.backup, self.office.key_for_backup())
        fixed_today(self.office)
        self._look(data)

    def _look(self, data: st.DataObject, words: int = 3) -> None:
        """After each step: words, mostly of what it wrote, searched and scanned."""
        texts = item_texts(self.office)
        for _ in range(words):
            term = draw_term(data, texts, self.recent)
            assert searched(self.office, term) == scan(texts, term), term

    @invariant()
    def index_in_step(self) -> None:
        if hasattr(self, "office"):
            with self.office.engine.connect() as conn:
                assert search_schema.problems(conn) == []


IndexEqualsScan.TestCase.settings = settings(
    max_examples=25, stateful_step_count=12, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
test_index_equals_scan = IndexEqualsScan.TestCase


def test_every_word_after_writes_an_import_and_a_restore(tmp_path: Path) -> None:
    """The same without chance: every one- and two-character word of the data, and a sample of
    longer ones, after an import and after a restore that throws away later writes."""
    with Office.create(tmp_path / "a.huiwu", RawKey.generate(), "澄溪区人民政府办公室") as office:
        d = build_district(office)
        mid = held(office, d, titles=("停车收费",))
        attend(office, d, mid)
        office.minutes.draft(mid)
        office.topics.add_material(office.topics.topics()[0].id, "预算说明.txt", "老旧小区ＧＤＰ预算".encode())
        media = tmp_path / "media"
        media.mkdir()
        saved = backups.backup_to_folder(office, media).path
        before = item_texts(office)
        office.topics.submit(title="关于城市更新的议题", lead_department_id=d.finance, target=MeetingKind.EXECUTIVE,
                             submitted_on=TODAY)
        restore.restore(office, saved, office.key_for_backup())
        assert item_texts(office) == before
        _every_word_agrees(office)
        doc = json.loads(json.dumps(office.interchange.export(office.revision), ensure_ascii=False))
    with Office.create(tmp_path / "b.huiwu", RawKey.generate(), fill=lambda o: o.interchange.load_into_empty(doc)) as copy:
        with copy.sessions() as s:
            assert s.scalar(select(func.count()).select_from(MaterialText)) == 1  # the text came along
        _every_word_agrees(copy)
        assert searched(copy, "城市更新") == {}  # written after the backup: gone with the restore


def _every_word_agrees(office: Office) -> None:
    texts = item_texts(office)
    words = {run[i:i + n] for docs in texts.values() for doc in docs for run in runs(doc)
             for n in (1, 2, 3, 4) for i in range(len(run) - n + 1)}
    sample = sorted(w for w in words if len(w) <= 2) + sorted(w for w in words if len(w) > 2)[::7]
    assert len(sample) > 200
    for word in sample:
        assert searched(office, word) == scan(texts, word), word
