"""Topics (议题) in figures: by status, month, lead department and meeting kind, and the days from
submission to confirmation (arts. 42, 43: the path to the agenda).

A topic counts in the range it was submitted in (报送日期), with the status it has now; a
confirmation counts in the range it was given in (the first 确定上会 of the topic, so a later
re-confirmation does not count twice). One grouped query reads the topics, one the confirmations.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from core.model import Topic, TopicStep
from core.model.enums import MeetingKind, TopicStatus
from core.stats.durations import Durations, summarise
from core.stats.figure import DAYS, SHARE, TEXT, Chart, Column, Fact, Figure, Series, Value, share
from core.stats.period import DateRange

# The statuses told apart in the tables by department and kind: where the topic stands now.
GROUPS: tuple[tuple[str, str, frozenset[TopicStatus]], ...] = (
    ("on_agenda", "已确定上会", frozenset({TopicStatus.CONFIRMED, TopicStatus.SCHEDULED})),
    ("in_progress", "办理中", frozenset({TopicStatus.SUBMITTED, TopicStatus.RETURNED, TopicStatus.APPROVED,
                                        TopicStatus.ARRANGED})),
    ("refused", "不予安排", frozenset({TopicStatus.REFUSED})),
    ("withdrawn", "已撤回", frozenset({TopicStatus.WITHDRAWN})),
)
SHORT_KIND = {MeetingKind.PLENARY: "全体会议", MeetingKind.EXECUTIVE: "常务会议",
              MeetingKind.MAYOR_OFFICE: "区长办公会议", MeetingKind.THEMATIC: "专题会议"}
CHART_ROWS = 15  # bars in a chart of units; the table lists them all


@dataclass(frozen=True)
class TopicCount:
    """One group of the topics query: topics of one department, kind, status and month."""

    department_id: int
    kind: MeetingKind
    status: TopicStatus
    period: str
    count: int


def read_topics(s: Session, r: DateRange) -> list[TopicCount]:
    year, month = extract("year", Topic.submitted_on), extract("month", Topic.submitted_on)
    query = (select(Topic.lead_department_id, Topic.target, Topic.status, year, month, func.count())
             .where(Topic.submitted_on.between(r.start, r.end))
             .group_by(Topic.lead_department_id, Topic.target, Topic.status, year, month))
    return [TopicCount(d, k, st, _period(r, y, m), n) for d, k, st, y, m, n in s.execute(query)]


def read_confirmations(s: Session, r: DateRange) -> list[tuple[MeetingKind, dt.date, dt.date, int]]:
    """(kind, submitted, first confirmed, how many) for topics first confirmed within the range."""
    first = (select(TopicStep.topic_id, func.min(TopicStep.decided_on).label("on"))
             .where(TopicStep.kind == "CONFIRM").group_by(TopicStep.topic_id).subquery())
    query = (select(Topic.target, Topic.submitted_on, first.c.on, func.count())
             .join(first, first.c.topic_id == Topic.id).where(first.c.on.between(r.start, r.end))
             .group_by(Topic.target, Topic.submitted_on, first.c.on))
    return [(k, sub, on, n) for k, sub, on, n in s.execute(query)]


def _period(r: DateRange, year: int, month: int) -> str:
    return f"{int(year)}-{int(month):02d}" if r.monthly else str(int(year))


# --- the figures ----------------------------------------------------------------------------

def by_status(counts: list[TopicCount]) -> Figure:
    per = Counter[TopicStatus]()
    for c in counts:
        per[c.status] += c.count
    total = sum(per.values())
    rows = tuple((st.name, st.value, per[st], share(per[st], total)) for st in TopicStatus)
    return Figure(
        "topics_by_status", "议题按状态",
        (Column("status", "状态代码", TEXT, hidden=True), Column("status_text", "状态", TEXT),
         Column("topics", "议题数"), Column("share", "占比", SHARE)),
        rows, Chart(tuple(st.value for st in TopicStatus), (Series("议题数", tuple(float(per[st]) for st in TopicStatus)),),
                    "件"),
        (Fact("submitted", "报送议题", total),),
        "统计范围内报送的议题（按报送日期），按其目前所处的状态。")


def by_month(r: DateRange, counts: list[TopicCount], confirmations: Iterable[tuple[MeetingKind, dt.date, dt.date, int]]
             ) -> Figure:
    submitted, confirmed = Counter[str](), Counter[str]()
    for c in counts:
        submitted[c.period] += c.count
    for _kind, _sub, on, n in confirmations:
        confirmed[r.period_key(on)] += n
    periods = r.periods()
    rows = tuple((p.key, p.label, submitted[p.key], confirmed[p.key]) for p in periods)
    unit = "月份" if r.monthly else "年度"
    return Figure(
        "topics_by_month", "议题报送与确定上会（按" + ("月" if r.monthly else "年") + "）",
        (Column("period", "期间代码", TEXT, hidden=True), Column("period_text", unit, TEXT),
         Column("submitted", "报送"), Column("confirmed", "确定上会")),
        rows, Chart(r.chart_labels(),
                    (Series("报送", tuple(float(submitted[p.key]) for p in periods)),
                     Series("确定上会", tuple(float(confirmed[p.key]) for p in periods))), "件"),
        (Fact("submitted", "报送议题", sum(submitted.values())), Fact("confirmed", "确定上会", sum(confirmed.values()))),
        "报送按报送日期计入所在期间；确定上会按首次确定的日期计入（再次确定不重复计算）。")


def by_department(counts: list[TopicCount], departments: Mapping[int, str]) -> Figure:
    per: dict[int, Counter[str]] = defaultdict(Counter)
    for c in counts:
        per[c.department_id][_group(c.status)] += c.count
    rank = {d: i for i, d in enumerate(departments)}  # the roster's order breaks ties
    order = sorted(per, key=lambda d: (-sum(per[d].values()), rank.get(d, len(rank)), d))
    rows: tuple[tuple[Value, ...], ...] = tuple(
        (departments.get(d, f"单位{d}"), sum(per[d].values()), *(per[d][key] for key, _h, _s in GROUPS)) for d in order)
    return _grouped_figure("topics_by_department", "议题按主办部门", Column("department", "主办部门", TEXT), rows,
                           "统计范围内报送的议题（按报送日期），按主办部门和目前所处的状态；图中列出报送最多的 "
                           f"{CHART_ROWS} 个部门，表中列出全部。", horizontal=True)


def by_kind(counts: list[TopicCount]) -> Figure:
    per: dict[MeetingKind, Counter[str]] = defaultdict(Counter)
    for c in counts:
        per[c.kind][_group(c.status)] += c.count
    rows: tuple[tuple[Value, ...], ...] = tuple(
        (k.name, k.value, sum(per[k].values()), *(per[k][key] for key, _h, _s in GROUPS)) for k in MeetingKind)
    return _grouped_figure("topics_by_kind", "议题按拟提交会议类型", Column("kind_text", "会议类型", TEXT), rows,
                           "统计范围内报送的议题，按拟提交的会议类型和目前所处的状态。",
                           code=Column("kind", "会议类型代码", TEXT, hidden=True))


def _group(status: TopicStatus) -> str:
    return next(key for key, _header, members in GROUPS if status in members)


def _grouped_figure(key: str, title: str, name: Column, rows: tuple[tuple[Value, ...], ...], note: str, *,
                    code: Column | None = None, horizontal: bool = False) -> Figure:
    head = (code, name) if code is not None else (name,)
    columns = (*head, Column("topics", "报送"), *(Column(k, h) for k, h, _s in GROUPS))
    skip = len(head) + 1  # the names, then the total, then one value per group
    charted = rows[:CHART_ROWS] if horizontal else rows
    series = tuple(Series(h, tuple(_number(row[skip + i]) for row in charted)) for i, (_k, h, _s) in enumerate(GROUPS))
    chart = Chart(tuple(str(row[len(head) - 1]) for row in charted), series, "件", stacked=True, horizontal=horizontal)
    total = sum(_number(row[skip - 1]) for row in rows)
    return Figure(key, title, columns, rows, chart, (Fact("submitted", "报送议题", int(total)),), note)


def _number(value: Value) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def confirmation_days(confirmations: list[tuple[MeetingKind, dt.date, dt.date, int]]) -> Figure:
    everything: Counter[int] = Counter()
    per_kind: dict[MeetingKind, Counter[int]] = defaultdict(Counter)
    for kind, submitted, on, n in confirmations:
        days = (on - submitted).days
        everything[days] += n
        per_kind[kind][days] += n
    return days_figure("confirmation_days", "报送至确定上会用时", summarise(everything),
                       {k: summarise(per_kind[k]) for k in MeetingKind},
                       "统计范围内首次确定上会的议题，自报送之日至确定上会之日的天数（专题会议为召集会议的区政府领导"
                       "确定之日，第四十二条）。")


def days_figure(key: str, title: str, whole: Durations, per_kind: Mapping[MeetingKind, Durations], note: str,
                extra: tuple[Fact, ...] = ()) -> Figure:
    """A distribution of days in bands, one column per meeting kind (shared with the minutes' figure)."""
    kinds = list(MeetingKind)
    rows = tuple((label, n, share(n, whole.count), *(dict(per_kind[k].bands)[label] for k in kinds))
                 for label, n in whole.bands)
    columns = (Column("band", "用时", TEXT), Column("count", "件数"), Column("share", "占比", SHARE),
               *(Column(k.name.lower(), SHORT_KIND[k]) for k in kinds))
    series = tuple(Series(SHORT_KIND[k], tuple(float(dict(per_kind[k].bands)[label]) for label, _n in whole.bands))
                   for k in kinds)
    chart = Chart(tuple(label for label, _n in whole.bands), series, "件", stacked=True)
    facts = (Fact("count", "件数", whole.count), Fact("median_days", "中位数（天）", whole.median, DAYS),
             Fact("mean_days", "平均（天）", whole.mean, DAYS), Fact("shortest_days", "最短（天）", whole.shortest),
             Fact("longest_days", "最长（天）", whole.longest),
             *(Fact(f"median_days_{k.name.lower()}", f"{SHORT_KIND[k]}中位数（天）", per_kind[k].median, DAYS)
               for k in kinds), *extra)
    return Figure(key, title, columns, rows, chart, facts, note)


def figures(s: Session, r: DateRange, departments: Mapping[int, str]) -> list[Figure]:
    counts = read_topics(s, r)
    confirmations = read_confirmations(s, r)
    return [by_status(counts), by_month(r, counts, confirmations), by_department(counts, departments),
            by_kind(counts), confirmation_days(confirmations)]

