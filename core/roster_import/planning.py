"""Planning a roster import: the parsed rows checked against the stored roster, as a plan to write.

Pure: names are resolved against a Snapshot of the stored roster and the earlier rows of the file,
and every rule of core.rules.roster is checked; nothing is read or written here. The roster
service takes the snapshot and writes the plan inside one transaction (RosterService.import_roster).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from core.errors import ImportRejected
from core.model.enums import DepartmentKind
from core.roster_import.rows import (
    DelegationIn,
    DepartmentIn,
    ParsedRoster,
    PartnershipIn,
    PortfolioIn,
    PostIn,
    Where,
)
from core.rules import roster as rules
from core.rules.roster import (
    AppointmentFact,
    DelegationFact,
    DepartmentFact,
    PartnerFact,
    PortfolioFact,
    Refusal,
)


@dataclass(frozen=True)
class Snapshot:
    """The stored roster, as facts, read inside the import's transaction."""

    departments: list[DepartmentFact]
    reviewers: list[DepartmentFact]
    people: list[tuple[int, str, str]]  # id, name, note
    appointments: list[AppointmentFact]
    portfolios: list[PortfolioFact]
    partnerships: list[PartnerFact]
    delegations: list[DelegationFact]


@dataclass(frozen=True)
class NewDepartment:
    temp_id: int
    name: str
    short_name: str
    kind: DepartmentKind
    is_legality_reviewer: bool
    note: str


@dataclass(frozen=True)
class NewPerson:
    temp_id: int
    name: str
    note: str


@dataclass
class ImportPlan:
    """What to write. New rows refer to new people and departments by negative temporary ids."""

    departments: list[NewDepartment] = field(default_factory=list)
    people: list[NewPerson] = field(default_factory=list)
    appointments: list[tuple[AppointmentFact, str]] = field(default_factory=list)  # fact, title
    portfolios: list[PortfolioFact] = field(default_factory=list)
    partnerships: list[PartnerFact] = field(default_factory=list)
    delegations: list[tuple[DelegationFact, str]] = field(default_factory=list)  # fact, reason
    departments_reused: int = 0
    people_reused: int = 0


_REFERENCE = re.compile(r"^(?P<name>[^（(]+?)\s*[（(](?P<note>[^）)]*)[）)]$")


class _Planner:
    def __init__(self, snapshot: Snapshot) -> None:
        self.snap = snapshot
        self.plan = ImportPlan()
        self.problems: list[tuple[int | str, str]] = []
        self.departments: dict[str, DepartmentFact] = {d.name: d for d in snapshot.departments}
        self.people: dict[str, list[tuple[int, str]]] = defaultdict(list)  # name -> (id, note)
        for pid, name, note in snapshot.people:
            self.people[name].append((pid, note))
        self._next_temp = -1

    def fail(self, where: Where, reason: str) -> None:
        self.problems.append((where.text, reason.rstrip("。")))

    def temp_id(self) -> int:
        self._next_temp -= 1
        return self._next_temp + 1

    # departments and people ------------------------------------------------------------

    def add_departments(self, rows: Iterable[DepartmentIn]) -> None:
        stored = {d.name for d in self.snap.departments}
        seen: set[str] = set()
        reviewers = list(self.snap.reviewers)
        for row in rows:
            if row.name in seen:
                self.fail(row.where, f"单位“{row.name}”在本表中重复")
                continue
            seen.add(row.name)
            if row.name in stored:
                self.plan.departments_reused += 1
                continue
            new = NewDepartment(self.temp_id(), row.name, row.short_name, row.kind,
                                row.is_legality_reviewer, row.note)
            if new.is_legality_reviewer:
                problems = rules.legality_reviewer_problems(None, reviewers, dt.date.today())
                if problems:
                    self._fail_all(row.where, problems)
                    continue
                reviewers.append(DepartmentFact(new.temp_id, new.name))
            self.plan.departments.append(new)
            self.departments[new.name] = DepartmentFact(new.temp_id, new.name)

    def department(self, where: Where, name: str, column: str) -> DepartmentFact | None:
        found = self.departments.get(name)
        if found is None:
            self.fail(where, f"{column}“{name}”不存在（须已在系统中，或列在“单位”表中）")
        return found

    def person_for_post(self, row: PostIn) -> int | None:
        """In 人员任职 a person is (姓名, 人员备注); a blank note matches a sole person of that name."""
        known = self.people.get(row.name, [])
        exact = [pid for pid, note in known if note == row.note]
        if exact:
            return exact[0]
        if not row.note and len(known) == 1:
            return known[0][0]
        if not row.note and len(known) > 1:
            self.fail(row.where, f"有 {len(known)} 位名为“{row.name}”的人员，请在“人员备注”中填写备注以区分")
            return None
        person = NewPerson(self.temp_id(), row.name, row.note)
        self.plan.people.append(person)
        self.people[row.name].append((person.temp_id, row.note))
        return person.temp_id

    def person(self, where: Where, text: str, column: str) -> int | None:
        """Elsewhere a person is “姓名” or, for people sharing a name, “姓名（备注）”."""
        match = _REFERENCE.match(text)
        name, note = (match["name"].strip(), match["note"].strip()) if match else (text, None)
        known = self.people.get(name, [])
        found = [pid for pid, n in known if note is None or n == note]
        if len(found) == 1:
            return found[0]
        whole = self.people.get(text, []) if match else []
        if not found and len(whole) == 1:  # a name that itself ends in brackets
            return whole[0][0]
        if not found:
            self.fail(where, f"{column}“{text}”不存在（须已在系统中，或列在“人员任职”表中）")
        else:
            notes = "、".join(f"{name}（{n or '无备注'}）" for _, n in known)
            self.fail(where, f"{column}“{text}”有 {len(found)} 位同名人员（{notes}），请写成“姓名（备注）”以区分")
        return None

    # rows that rules check --------------------------------------------------------------

    def add_posts(self, rows: Iterable[PostIn]) -> None:
        facts: list[AppointmentFact] = []
        sources: list[tuple[Where, str]] = []
        reused: set[int] = set()
        for row in rows:
            pid = self.person_for_post(row)
            if pid is None:
                continue
            if pid > 0:
                reused.add(pid)
            if row.post is None or row.start is None:
                continue
            dept = self.department(row.where, row.department, "所在单位") if row.department else None
            if row.department and dept is None:
                continue
            facts.append(AppointmentFact(pid, row.post, row.start, row.end, dept.id if dept else None, None,
                                         row.name, dept.name if dept else ""))
            sources.append((row.where, row.title))
        departments = {d.id: d for d in self.departments.values()}
        bad = self._report(rules.check_appointments(facts, self.snap.appointments, departments),
                           [w for w, _ in sources])
        self.plan.appointments = [(f, title) for i, (f, (_, title)) in enumerate(zip(facts, sources, strict=True))
                                  if i not in bad]
        self.plan.people_reused = len(reused)

    def all_appointments(self) -> list[AppointmentFact]:
        return self.snap.appointments + [f for f, _ in self.plan.appointments]

    def add_portfolios(self, rows: Iterable[PortfolioIn]) -> None:
        facts, wheres = [], []
        for row in rows:
            leader = self.person(row.where, row.leader, "分管领导")
            dept = self.department(row.where, row.department, "单位")
            if leader is not None and dept is not None:
                facts.append(PortfolioFact(leader, dept.id, row.start, row.end, None, row.leader, dept.name))
                wheres.append(row.where)
        departments = {d.id: d for d in self.departments.values()}
        bad = self._report(rules.check_portfolios(facts, self.snap.portfolios, self.all_appointments(),
                                                  departments), wheres)
        self.plan.portfolios = [f for i, f in enumerate(facts) if i not in bad]

    def add_partnerships(self, rows: Iterable[PartnershipIn]) -> None:
        facts, wheres = [], []
        for row in rows:
            a, b = self.person(row.where, row.person_a, "A角"), self.person(row.where, row.person_b, "B角")
            if a is not None and b is not None:
                facts.append(PartnerFact(a, b, row.start, row.end, None, row.person_a, row.person_b))
                wheres.append(row.where)
        bad = self._report(rules.check_partnerships(facts, self.snap.partnerships, self.all_appointments()),
                           wheres)
        self.plan.partnerships = [f for i, f in enumerate(facts) if i not in bad]

    def add_delegations(self, rows: Iterable[DelegationIn]) -> None:
        facts, sources = [], []
        for row in rows:
            who, to = self.person(row.where, row.delegator, "委托人"), self.person(row.where, row.delegate, "受托人")
            if who is not None and to is not None:
                facts.append(DelegationFact(who, to, row.scope, row.start, row.end, None,
                                            row.delegator, row.delegate))
                sources.append((row.where, row.reason))
        pairs = self.snap.partnerships + self.plan.partnerships
        bad = self._report(rules.check_delegations(facts, self.snap.delegations, self.all_appointments(), pairs),
                           [w for w, _ in sources])
        self.plan.delegations = [(f, reason) for i, (f, (_, reason)) in enumerate(zip(facts, sources, strict=True))
                                 if i not in bad]

    def _report(self, found: list[tuple[int, Refusal]], wheres: Sequence[Where]) -> set[int]:
        for index, refusal in found:
            self.fail(wheres[index], refusal.message)
        return {index for index, _ in found}

    def _fail_all(self, where: Where, problems: Iterable[Refusal]) -> None:
        for p in problems:
            self.fail(where, p.message)


def plan_import(parsed: ParsedRoster, snapshot: Snapshot) -> ImportPlan:
    """Check the whole file against the stored roster; raise ImportRejected with every problem."""
    planner = _Planner(snapshot)
    planner.add_departments(parsed.departments)
    planner.add_posts(parsed.posts)
    planner.add_portfolios(parsed.portfolios)
    planner.add_partnerships(parsed.partnerships)
    planner.add_delegations(parsed.delegations)
    problems = parsed.problems + planner.problems
    if not problems and parsed.row_count == 0:
        problems.append((parsed.source, "文件中没有可导入的数据行"))
    if problems:
        raise ImportRejected(problems, what=f"导入文件“{parsed.source}”")
    return planner.plan
