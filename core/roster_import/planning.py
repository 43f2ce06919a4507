"""Import of the roster from .xlsx (sheets 单位, 人员任职, 分管, AB角, 委托) or .csv (one table per file).

    summary = import_file(office.roster, path)     # raises ImportRejected listing every bad row

Three steps, so that nothing is written unless the whole file is valid:
  1. parse_file: cells to typed rows; bad cells (names, labels, dates) become problems.
  2. plan_import: names resolved against the database and the file, then every rule of
     core.rules.roster checked against the stored roster plus the earlier rows of the file.
  3. RosterService.import_roster writes the plan in one transaction (it runs step 2 inside it).

People are matched by name. Two people may share a name only if their 人员备注 differ; a reference
in another sheet then names the person as “姓名（备注）”. An ambiguous plain name is refused.
The layout is documented in docs/roster-import.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from zipfile import BadZipFile

from core.errors import ImportRejected, Invalid
from core.model.enums import DelegationScope, DepartmentKind, Post
from core.model.roster import NAME_MAX
from core.rules import roster as rules
from core.rules.roster import (
    AppointmentFact,
    DelegationFact,
    DepartmentFact,
    PartnerFact,
    PortfolioFact,
    Refusal,
)
from core.text import clean_line, clean_text

if TYPE_CHECKING:
    from core.services.roster import RosterService
    from core.services.roster_types import ImportSummary

NOTE_MAX = 2000
REASON_MAX = 200
E = TypeVar("E", Post, DepartmentKind, DelegationScope)


# --- the layout ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    header: str
    required: bool
    help: str


@dataclass(frozen=True)
class Layout:
    sheet: str
    columns: tuple[Column, ...]
    examples: tuple[tuple[object, ...], ...]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def required(self) -> set[str]:
        return {c.header for c in self.columns if c.required}


_D = dt.date
DEPARTMENTS = Layout("单位", (
    Column("名称", True, "单位全称，如“区财政局”；同名单位已存在时沿用，不作修改"),
    Column("简称", False, "如“财政局”"),
    Column("类别", True, "组成部门、镇街、区属国有企业、其他单位"),
    Column("合法性审查单位", False, "填“是”或留空；全区只能有一个（通常为区司法局）"),
    Column("备注", False, ""),
), (("区司法局", "司法局", "组成部门", "是", ""),))

APPOINTMENTS = Layout("人员任职", (
    Column("姓名", True, "人员姓名"),
    Column("人员备注", False, "区分同名人员，如所在单位；同名人员必须填写不同的备注"),
    Column("职务", False, "区长、常务副区长、副区长、政府党组成员、区政府办公室主任、区政府办公室副主任、"
                        "主要负责人、副职负责人、其他；留空表示只登记人员"),
    Column("所在单位", False, "主要负责人、副职负责人必填，须是“单位”表中或已有的单位"),
    Column("职务名称", False, "对外显示的职务，如“局长”“镇长”；留空则显示职务"),
    Column("开始日期", False, "填写职务时必填，如 2024-01-01"),
    Column("结束日期", False, "留空表示现任"),
), (("王某某", "", "区长", "", "", _D(2024, 1, 1), None),
    ("李某某", "", "副区长", "", "", _D(2024, 1, 1), None),
    ("赵某某", "", "副区长", "", "", _D(2024, 1, 1), None),
    ("孙某某", "", "主要负责人", "区司法局", "局长", _D(2024, 1, 1), None)))

PORTFOLIOS = Layout("分管", (
    Column("分管领导", True, "副区长、常务副区长或政府党组成员的姓名；同名时写“姓名（备注）”"),
    Column("单位", True, "被分管的单位名称"),
    Column("开始日期", True, "如 2024-01-01"),
    Column("结束日期", False, "留空表示至今"),
), (("李某某", "区司法局", _D(2024, 1, 1), None),))

PARTNERSHIPS = Layout("AB角", (
    Column("A角", True, "领导姓名"),
    Column("B角", True, "领导姓名；每人同一日期只能有一位AB角"),
    Column("开始日期", True, "如 2024-01-01"),
    Column("结束日期", False, "留空表示至今"),
), (("李某某", "赵某某", _D(2024, 1, 1), None),))

DELEGATIONS = Layout("委托", (
    Column("委托人", True, "区长或副区长姓名"),
    Column("受托人", True, "主持区政府工作：常务副区长；分管工作：委托人的AB角"),
    Column("委托事项", True, "主持区政府工作、分管工作、其他事项"),
    Column("开始日期", True, "如 2024-03-04"),
    Column("结束日期", True, "委托必须有结束日期"),
    Column("事由", False, "如“出差”“出访”"),
), (("李某某", "赵某某", "分管工作", _D(2024, 3, 4), _D(2024, 3, 8), "出差"),))

LAYOUTS = (DEPARTMENTS, APPOINTMENTS, PORTFOLIOS, PARTNERSHIPS, DELEGATIONS)
HELP_SHEET = "说明"


# --- parsed rows ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Where:
    sheet: str
    row: int

    @property
    def text(self) -> str:
        return f"“{self.sheet}”第 {self.row} 行"


@dataclass(frozen=True)
class DepartmentIn:
    where: Where
    name: str
    short_name: str
    kind: DepartmentKind
    is_legality_reviewer: bool
    note: str


@dataclass(frozen=True)
class PostIn:
    where: Where
    name: str
    note: str
    post: Post | None
    department: str
    title: str
    start: dt.date | None
    end: dt.date | None


@dataclass(frozen=True)
class PortfolioIn:
    where: Where
    leader: str
    department: str
    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class PartnershipIn:
    where: Where
    person_a: str
    person_b: str
    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class DelegationIn:
    where: Where
    delegator: str
    delegate: str
    scope: DelegationScope
    start: dt.date
    end: dt.date
    reason: str


@dataclass
class ParsedRoster:
    source: str
    departments: list[DepartmentIn] = field(default_factory=list)
    posts: list[PostIn] = field(default_factory=list)
    portfolios: list[PortfolioIn] = field(default_factory=list)
    partnerships: list[PartnershipIn] = field(default_factory=list)
    delegations: list[DelegationIn] = field(default_factory=list)
    problems: list[tuple[int | str, str]] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(len(x) for x in (self.departments, self.posts, self.portfolios, self.partnerships,
                                    self.delegations))


# --- reading cells ------------------------------------------------------------------------------

_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
_YES = {"是", "y", "yes", "true", "1", "√"}
_NO = {"", "否", "n", "no", "false", "0"}


class _Row:
    """One data row: typed cell readers that collect problems instead of raising."""

    def __init__(self, where: Where, values: dict[str, object]) -> None:
        self.where = where
        self.values = values
        self.problems: list[str] = []

    def _raw(self, header: str) -> object:
        return self.values.get(header)

    def text(self, header: str) -> str:
        value = self._raw(header)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, dt.datetime | dt.date):
            return value.isoformat()[:10]
        return str(value)

    def name(self, header: str, *, required: bool = True, max_len: int = NAME_MAX) -> str:
        return self._checked(lambda: clean_line(self.text(header), header, max_len=max_len, required=required))

    def note(self, header: str, max_len: int = NOTE_MAX) -> str:
        return self._checked(lambda: clean_text(self.text(header), header, max_len=max_len))

    def _checked(self, check: Callable[[], str]) -> str:
        try:
            return check()
        except Invalid as exc:
            self.problems.append(exc.message.rstrip("。"))
            return ""

    def label(self, cls: type[E], header: str, *, required: bool = True) -> E | None:
        text = self.name(header, required=required)
        if not text:
            return None
        for member in cls:
            if text in (member.value, member.name):
                return member
        self.problems.append(f"“{header}”无法识别：{text[:20]}（可填：{'、'.join(m.value for m in cls)}）")
        return None

    def flag(self, header: str) -> bool:
        text = self.text(header).strip().lower()
        if text in _YES:
            return True
        if text not in _NO:
            self.problems.append(f"“{header}”应填“是”或留空，现为：{text[:20]}")
        return False

    def date(self, header: str, *, required: bool) -> dt.date | None:
        value = self._raw(header)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = self.text(header).strip()
        if not text:
            if required:
                self.problems.append(f"缺少“{header}”")
            return None
        for fmt in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        self.problems.append(f"“{header}”不是有效日期：{text[:20]}（应如 2024-01-31）")
        return None


def _parse_department(row: _Row) -> DepartmentIn | None:
    name, short = row.name("名称"), row.name("简称", required=False)
    kind = row.label(DepartmentKind, "类别")
    reviewer, note = row.flag("合法性审查单位"), row.note("备注")
    if row.problems or kind is None:
        return None
    return DepartmentIn(row.where, name, short, kind, reviewer, note)


def _parse_post(row: _Row) -> PostIn | None:
    name, note = row.name("姓名"), row.name("人员备注", required=False)
    post = row.label(Post, "职务", required=False)
    department, title = row.name("所在单位", required=False), row.name("职务名称", required=False)
    start = row.date("开始日期", required=post is not None)
    end = row.date("结束日期", required=False)
    if post is None and not row.problems and (department or title or start or end):
        row.problems.append("填写了所在单位、职务名称或日期，但缺少“职务”")
    if row.problems:
        return None
    return PostIn(row.where, name, note, post, department, title, start, end)


def _parse_portfolio(row: _Row) -> PortfolioIn | None:
    leader, department = row.name("分管领导"), row.name("单位")
    start, end = row.date("开始日期", required=True), row.date("结束日期", required=False)
    if row.problems or start is None:
        return None
    return PortfolioIn(row.where, leader, department, start, end)


def _parse_partnership(row: _Row) -> PartnershipIn | None:
    a, b = row.name("A角"), row.name("B角")
    start, end = row.date("开始日期", required=True), row.date("结束日期", required=False)
    if row.problems or start is None:
        return None
    return PartnershipIn(row.where, a, b, start, end)


def _parse_delegation(row: _Row) -> DelegationIn | None:
    who, to = row.name("委托人"), row.name("受托人")
    scope = row.label(DelegationScope, "委托事项")
    start, end = row.date("开始日期", required=True), row.date("结束日期", required=True)
    reason = row.name("事由", required=False, max_len=REASON_MAX)
    if row.problems or scope is None or start is None or end is None:
        return None
    return DelegationIn(row.where, who, to, scope, start, end, reason)


_PARSERS: dict[str, tuple[Callable[[_Row], Any], str]] = {
    DEPARTMENTS.sheet: (_parse_department, "departments"),
    APPOINTMENTS.sheet: (_parse_post, "posts"),
    PORTFOLIOS.sheet: (_parse_portfolio, "portfolios"),
    PARTNERSHIPS.sheet: (_parse_partnership, "partnerships"),
    DELEGATIONS.sheet: (_parse_delegation, "delegations"),
}


# --- reading files ------------------------------------------------------------------------------

def _header(cell: object) -> str:
    """Headers as written in the template (“名称*”) or typed by hand (“名称（必填）”)."""
    text = "" if cell is None else str(cell)
    return re.sub(r"\s|\*|＊|[（(]必填[)）]", "", text)


def _read_table(parsed: ParsedRoster, layout: Layout, rows: Iterator[Sequence[object]]) -> None:
    """Header row first, then data rows; numbering as the user sees it (the header is row 1)."""
    header_cells = next(rows, None)
    headers = [_header(c) for c in (header_cells or ())]
    while headers and not headers[-1]:
        headers.pop()
    problem = _header_problem(layout, headers)
    if problem:
        parsed.problems.append((f"“{layout.sheet}”表头", problem))
        return
    parse, target = _PARSERS[layout.sheet]
    for number, cells in enumerate(rows, start=2):
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        row = _Row(Where(layout.sheet, number), dict(zip(headers, cells, strict=False)))
        extra = [c for c in cells[len(headers):] if c is not None and str(c).strip()]
        if extra:
            row.problems.append("表头以外的列中有内容")
        item = parse(row)
        parsed.problems.extend((row.where.text, p) for p in row.problems)
        if item is not None:
            getattr(parsed, target).append(item)


def _header_problem(layout: Layout, headers: list[str]) -> str | None:
    if not headers:
        return "缺少表头行（第 1 行应为列名）"
    unknown = [h or "（空白）" for h in headers if h not in layout.headers]
    missing = [h for h in layout.headers if h in layout.required and h not in headers]
    doubled = sorted({h for h in headers if h and headers.count(h) > 1})
    parts = []
    if missing:
        parts.append(f"缺少必需的列：{'、'.join(missing)}")
    if unknown:
        parts.append(f"无法识别的列：{'、'.join(unknown)}")
    if doubled:
        parts.append(f"重复的列：{'、'.join(doubled)}")
    return "；".join(parts) + f"。应为：{'、'.join(layout.headers)}" if parts else None


def _parse_xlsx(path: Path, parsed: ParsedRoster) -> None:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise Invalid(f"无法读取 Excel 文件“{path.name}”：文件已损坏或不是 .xlsx 格式。") from exc
    try:
        layouts = {layout.sheet: layout for layout in LAYOUTS}
        for sheet in book.worksheets:
            title = sheet.title.strip()
            if title == HELP_SHEET:
                continue
            if title not in layouts:
                parsed.problems.append((f"工作表“{title}”", f"无法识别；应为：{'、'.join(layouts)}、{HELP_SHEET}"))
                continue
            _read_table(parsed, layouts[title], iter(sheet.iter_rows(values_only=True)))
    finally:
        book.close()


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Invalid(f"无法识别“{name}”的文字编码：请另存为 UTF-8 或 GB18030 编码的 CSV。")


def _parse_csv(path: Path, parsed: ParsedRoster) -> None:
    try:
        text = _decode(path.read_bytes(), path.name)
    except (OSError, UnicodeDecodeError) as exc:
        raise Invalid(f"无法读取文件“{path.name}”。") from exc
    rows = list(csv.reader(io.StringIO(text, newline="")))
    headers = {_header(c) for c in (rows[0] if rows else [])} - {""}
    layout = next((lay for lay in LAYOUTS if lay.required <= headers <= set(lay.headers)), None)
    if layout is None:
        known = "；".join(f"{lay.sheet}：{'、'.join(lay.headers)}" for lay in LAYOUTS)
        raise Invalid(f"无法识别 CSV 文件“{path.name}”的表头。第一行应为以下之一——{known}。")
    _read_table(parsed, layout, iter([[c if c != "" else None for c in r] for r in rows]))


def parse_file(path: str | Path) -> ParsedRoster:
    """Read an .xlsx or .csv file; problems with cells are collected in `problems`, not raised."""
    path = Path(path)
    if not path.is_file():
        raise Invalid(f"找不到文件：{path}")
    parsed = ParsedRoster(source=path.name)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        _parse_xlsx(path, parsed)
    elif suffix == ".csv":
        _parse_csv(path, parsed)
    else:
        raise Invalid(f"不支持的文件类型“{suffix or '无扩展名'}”：请使用 .xlsx 或 .csv 文件。")
    return parsed


def import_file(roster: RosterService, path: str | Path) -> ImportSummary:
    """Parse, check and write a roster file; ImportRejected lists every problem, nothing written."""
    return roster.import_roster(parse_file(path))


# --- planning: names resolved, rules checked ------------------------------------------------------

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


# --- the template -------------------------------------------------------------------------------

def write_template(path: str | Path) -> Path:
    """An .xlsx with the 说明 sheet, each table's headers (* = required) and example rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    path = Path(path)
    book = Workbook()
    help_sheet = book.active
    assert help_sheet is not None
    help_sheet.title = HELP_SHEET
    for line in _help_lines():
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 110
    help_sheet["A1"].font = Font(bold=True, size=14)
    for layout in LAYOUTS:
        sheet = book.create_sheet(layout.sheet)
        sheet.append([c.header + ("*" if c.required else "") for c in layout.columns])
        for example in layout.examples:
            sheet.append(list(example))
        for index, column in enumerate(layout.columns, start=1):
            cell = sheet.cell(row=1, column=index)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center")
            letter = cell.column_letter
            sheet.column_dimensions[letter].width = 16 if "日期" in column.header else 22
            for row in range(2, len(layout.examples) + 2):
                if "日期" in column.header:
                    sheet.cell(row=row, column=index).number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
    book.save(path)
    return path


def _help_lines() -> list[str]:
    lines = [
        "人员与单位导入模板",
        "",
        "使用方法：在各表第 2 行起填写数据（已有的示例行请删除或改写），保存后在“人员与单位”中导入。",
        "带 * 的列必须填写。日期写成 2024-01-31（也可用 2024/1/31、2024年1月31日）。结束日期留空表示至今。",
        "整个文件检查无误后才会一次性导入；只要有一处问题，就不导入任何数据，并逐行列出问题。",
        "同名人员：在“人员任职”表的“人员备注”中填写不同备注（如所在单位）；在其他表中写成“姓名（备注）”。",
        "系统中已有的单位（按名称）和人员（按姓名和备注）会被沿用，不会重复新增，也不会被修改。",
        "也可以每张表单独保存为一个 CSV 文件（UTF-8 或 GB18030 编码），第一行为表头。",
        "",
    ]
    for layout in LAYOUTS:
        lines.append(f"【{layout.sheet}】")
        for c in layout.columns:
            lines.append(f"  {c.header}{'（必填）' if c.required else ''}：{c.help or '—'}")
        lines.append("")
    return lines
