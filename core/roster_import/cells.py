"""Cells to typed rows: each sheet's header checked, each data row read into a *In record.

Text goes through the shared checks of core.text (clean_line, clean_text), so a roster file is
held to the same rules as a form. Bad cells become problems with their place; nothing raises.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from core.errors import Invalid
from core.model.enums import DelegationScope, DepartmentKind, Post
from core.model.roster import NAME_MAX
from core.roster_import.layout import (
    APPOINTMENTS,
    DELEGATIONS,
    DEPARTMENTS,
    NOTE_MAX,
    PARTNERSHIPS,
    PORTFOLIOS,
    REASON_MAX,
    Layout,
)
from core.roster_import.rows import (
    DelegationIn,
    DepartmentIn,
    ParsedRoster,
    PartnershipIn,
    PortfolioIn,
    PostIn,
    Where,
)
from core.text import clean_line, clean_text, has_control_chars

E = TypeVar("E", Post, DepartmentKind, DelegationScope)
NumberedRow = tuple[int, Sequence[object]]  # the row number the user sees, then its cells

_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
_YES = {"是", "y", "yes", "true", "1", "√"}
_NO = {"", "否", "n", "no", "false", "0"}


def shown(text: str, limit: int = 20) -> str:
    """User text quoted in a problem: cut short, and never carrying an invisible character."""
    return "（含不可见字符的内容）" if has_control_chars(text) else text[:limit]


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
        text = self.name(header, required=False).lower()
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
        before = len(self.problems)
        text = self.name(header, required=False)
        if len(self.problems) > before:
            return None
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


def header(cell: object) -> str:
    """Headers as written in the template (“名称*”) or typed by hand (“名称（必填）”)."""
    text = "" if cell is None else str(cell)
    return re.sub(r"\s|\*|＊|[（(]必填[)）]", "", text)


def _blank(cell: object) -> bool:
    return cell is None or str(cell).strip() == ""


def read_table(parsed: ParsedRoster, layout: Layout, rows: Iterable[NumberedRow]) -> None:
    """Rows in order, numbered as the user sees them: the header is row 1, rows left out are blank."""
    rows = iter(rows)
    first = next(rows, None)
    header_cells = first[1] if first is not None and first[0] == 1 else ()
    headers = [header(c) for c in header_cells]
    while headers and not headers[-1]:
        headers.pop()
    problem = _header_problem(layout, headers)
    if problem:
        parsed.problems.append((f"“{layout.sheet}”表头", problem))
        return
    for number, cells in rows:
        if not all(_blank(c) for c in cells):
            _read_row(parsed, layout, headers, Where(layout.sheet, number), cells)


def _read_row(parsed: ParsedRoster, layout: Layout, headers: list[str], where: Where,
              cells: Sequence[object]) -> None:
    parse, target = _PARSERS[layout.sheet]
    row = _Row(where, dict(zip(headers, cells, strict=False)))
    if not all(_blank(c) for c in cells[len(headers):]):
        row.problems.append("表头以外的列中有内容")
    item = parse(row)
    parsed.problems.extend((row.where.text, p) for p in row.problems)
    if item is not None:
        getattr(parsed, target).append(item)


def _header_problem(layout: Layout, headers: list[str]) -> str | None:
    if not headers:
        return "缺少表头行（第 1 行应为列名）"
    unknown = [shown(h) or "（空白）" for h in headers if h not in layout.headers]
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
