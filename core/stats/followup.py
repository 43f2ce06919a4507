"""督办 (arts. 35, 36) in figures: completion and overdue items per responsible unit.

An item counts in the range its minutes were issued in (that is when it was created). It is
closed on time, closed late (after its deadline), open, or overdue (open past its deadline on the
report's day). An item without a deadline is never late.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from core.model import FollowUp, Minutes
from core.model.enums import FollowUpStatus
from core.stats.figure import SHARE, TEXT, Chart, Column, Fact, Figure, Series, share
from core.stats.period import DateRange
from core.stats.topics import CHART_ROWS

STATES = (("closed_on_time", "按期办结"), ("closed_late", "逾期办结"), ("open", "办理中"), ("overdue", "逾期未办结"))


def read_items(s: Session, r: DateRange, today: dt.date) -> dict[int, Counter[str]]:
    late = case((and_(FollowUp.deadline.is_not(None), FollowUp.closed_on > FollowUp.deadline), 1), else_=0)
    overdue = case((and_(FollowUp.status == FollowUpStatus.OPEN, FollowUp.deadline < today), 1), else_=0)
    query = (select(FollowUp.department_id, FollowUp.status, late, overdue, func.count())
             .join(Minutes, Minutes.id == FollowUp.minutes_id).where(Minutes.issued_on.between(r.start, r.end))
             .group_by(FollowUp.department_id, FollowUp.status, late, overdue))
    found: dict[int, Counter[str]] = defaultdict(Counter)
    for unit, status, was_late, is_overdue, n in s.execute(query):
        if status is FollowUpStatus.CLOSED:
            found[unit]["closed_late" if was_late else "closed_on_time"] += n
        else:
            found[unit]["overdue" if is_overdue else "open"] += n
    return found


def by_unit(items: Mapping[int, Counter[str]], departments: Mapping[int, str]) -> Figure:
    rank = {d: i for i, d in enumerate(departments)}
    order = sorted(items, key=lambda d: (-sum(items[d].values()), rank.get(d, len(rank)), d))
    rows = tuple((departments.get(d, f"单位{d}"), *_numbers(items[d])) for d in order)
    columns = (Column("unit", "承办单位", TEXT), Column("items", "督办事项"), Column("closed", "已办结"),
               *(Column(k, h) for k, h in STATES), Column("completion", "办结率", SHARE))
    charted = order[:CHART_ROWS]
    chart = Chart(tuple(departments.get(d, f"单位{d}") for d in charted),
                  tuple(Series(h, tuple(float(items[d][k]) for d in charted)) for k, h in STATES),
                  "项", stacked=True, horizontal=True)
    totals = Counter[str]()
    for c in items.values():
        totals.update(c)
    whole = _numbers(totals)
    facts = (Fact("items", "督办事项", whole[0]), Fact("closed", "已办结", whole[1]),
             *(Fact(k, h, whole[2 + i]) for i, (k, h) in enumerate(STATES)),
             Fact("completion", "办结率", whole[-1], SHARE),
             Fact("on_time", "按期办结率", share(totals["closed_on_time"], sum(totals.values())), SHARE))
    return Figure("followup_by_unit", "督办事项办理情况（按承办单位）", columns, rows, chart, facts,
                  "统计范围内印发的纪要所生成的督办事项（按纪要印发日期），按承办单位；逾期按截至统计之日计算，"
                  f"未定办理期限的不计逾期。图中列出事项最多的 {CHART_ROWS} 个单位，表中列出全部。")


def _numbers(c: Counter[str]) -> tuple[int, int, int, int, int, int, float | None]:
    total = sum(c.values())
    closed = c["closed_on_time"] + c["closed_late"]
    return (total, closed, c["closed_on_time"], c["closed_late"], c["open"], c["overdue"], share(closed, total))


def figures(s: Session, r: DateRange, today: dt.date, departments: Mapping[int, str]) -> list[Figure]:
    return [by_unit(read_items(s, r, today), departments)]
