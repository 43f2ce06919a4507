"""Statistics (issue 14 §3) on a district whose March 2026 is counted by hand in
tests/core/stats_district.py: each figure, the month's boundaries, practice marked as practice,
the outputs (JSON keys, text, .xlsx), the export's audit record and the one reading session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from core.errors import Invalid, NotPermitted
from core.model.enums import LeaveRoute
from core.office import Office
from core.rules.articles import PRACTICE
from core.stats.durations import summarise
from core.stats.figure import Figure, Report
from core.stats.period import DateRange, chosen_range, custom_range, month_range, year_range
from core.stats.service import EXPORT_EVENT, StatsService, stats_of
from core.stats.text_table import report_text, width
from core.stats.workbook import write_report
from tests.core.conftest import TODAY
from tests.core.stats_district import Spring, build_spring

D = dt.date


@pytest.fixture
def spring(office: Office) -> Spring:
    return build_spring(office)


@pytest.fixture
def march(office: Office, spring: Spring) -> Report:
    return stats_of(office, lambda: TODAY).report(month_range(2026, 3))


def rows(figure: Figure) -> list[dict[str, object]]:
    return figure.as_dict()["rows"]


def facts(figure: Figure) -> dict[str, object]:
    return figure.as_dict()["facts"]


def by(figure: Figure, key: str) -> dict[object, dict[str, object]]:
    return {row[key]: row for row in rows(figure)}


# --- topics -----------------------------------------------------------------------------------

def test_topics_submitted_in_the_month_by_status_department_and_kind(march: Report) -> None:
    status = {k: r["topics"] for k, r in by(march.figure("topics_by_status"), "status").items()}
    # T1 and T2 confirmed, T4 submitted, T6 refused; T3 (28 Feb) and T5 (1 Apr) are outside
    assert status == {"SUBMITTED": 1, "RETURNED": 0, "APPROVED": 0, "ARRANGED": 0, "CONFIRMED": 2,
                      "SCHEDULED": 0, "REFUSED": 1, "WITHDRAWN": 0}
    assert by(march.figure("topics_by_status"), "status")["CONFIRMED"]["share"] == 0.5
    departments = [(r["department"], r["topics"], r["on_agenda"], r["in_progress"], r["refused"])
                   for r in rows(march.figure("topics_by_department"))]
    assert departments == [("区财政局", 2, 1, 0, 1), ("区交通局", 2, 1, 1, 0)]  # a tie keeps the roster's order
    kinds = {k: r["topics"] for k, r in by(march.figure("topics_by_kind"), "kind").items()}
    assert kinds == {"PLENARY": 0, "EXECUTIVE": 3, "MAYOR_OFFICE": 1, "THEMATIC": 0}
    month = rows(march.figure("topics_by_month"))
    assert month == [{"period": "2026-03", "period_text": "2026年3月", "submitted": 4, "confirmed": 2}]


def test_confirmed_on_the_last_day_is_in_and_the_next_day_out(march: Report, office: Office) -> None:
    days = march.figure("confirmation_days")
    # T3 (THEMATIC) 28 Feb → 1 Mar: 1 day; T1 (EXECUTIVE) 2 Mar → 31 Mar: 29 days; T2 on 1 Apr is out
    assert facts(days)["count"] == 2
    assert (facts(days)["shortest_days"], facts(days)["longest_days"]) == (1, 29)
    assert (facts(days)["median_days"], facts(days)["mean_days"]) == (15.0, 15.0)
    assert (facts(days)["median_days_executive"], facts(days)["median_days_thematic"]) == (29.0, 1.0)
    bands = {r["band"]: (r["count"], r["executive"], r["thematic"]) for r in rows(days)}
    assert bands["7天以内"] == (1, 0, 1) and bands["15–30天"] == (1, 1, 0)
    april = stats_of(office, lambda: TODAY).report(month_range(2026, 4)).figure("confirmation_days")
    assert (facts(april)["count"], facts(april)["shortest_days"]) == (1, 22)  # T2: 10 Mar → 1 Apr


def test_a_confirmation_counts_once_even_when_given_again(office: Office, spring: Spring) -> None:
    d = spring.district
    office.topics.reconfirm(spring.topics["T3"], decided_on=D(2026, 3, 20), decider_id=d.vice_b, note="召集人改变")
    report = stats_of(office, lambda: TODAY).report(month_range(2026, 3))
    assert facts(report.figure("confirmation_days"))["count"] == 2
    assert facts(report.figure("confirmation_days"))["shortest_days"] == 1  # still the first confirmation


# --- meetings, attendance, leave --------------------------------------------------------------

def test_meetings_of_the_month_per_kind(march: Report, office: Office) -> None:
    meetings = march.figure("meetings_by_kind")
    assert rows(meetings) == [{"period": "2026-03", "period_text": "2026年3月", "plenary": 0, "executive": 1,
                               "mayor_office": 0, "thematic": 1, "held": 2}]  # 26 Feb and 1 Apr are outside
    assert facts(meetings)["cancelled"] == 1 and facts(meetings)["postponed"] == 0
    year = stats_of(office, lambda: TODAY).report(year_range(2026)).figure("meetings_by_kind")
    held = {r["period"]: r["held"] for r in rows(year)}
    assert len(held) == 12 and (held["2026-02"], held["2026-03"], held["2026-04"], held["2026-05"]) == (1, 2, 1, 0)


def test_attendance_per_leader_and_per_unit(march: Report) -> None:
    leaders = [(r["leader"], r["lines"], r["present"], r["late"], r["on_leave"], r["rate"])
               for r in rows(march.figure("attendance_by_leader"))]
    assert leaders == [("甲区长（区长）", 1, 1, 0, 0, 1.0), ("乙常务（常务副区长）", 1, 0, 1, 0, 1.0),
                       ("丙副区长（副区长）", 2, 2, 0, 0, 1.0),  # M1 and the THEMATIC M2 it presided; M3 is out
                       ("丁副区长（副区长）", 1, 0, 0, 1, 0.0)]
    assert facts(march.figure("attendance_by_leader"))["rate"] == 0.8
    units = [(r["unit"], r["lines"], r["substitute"], r["on_leave"], r["rate"])
             for r in rows(march.figure("attendance_by_unit"))]
    assert units == [("区财政局", 1, 0, 1, 0.0), ("区交通局", 1, 1, 0, 1.0)]  # a substitute: the unit was there


def test_leave_by_route_marks_practice_as_practice(march: Report) -> None:
    routes = rows(march.figure("leave_routes"))
    assert [(r["route"], r["article"], r["practice"], r["requests"], r["granted"]) for r in routes] == [
        (LeaveRoute.ASK_MAYOR.name, 44, False, 1, 1),  # a vice mayor asks the mayor (art. 44)
        (LeaveRoute.ASK_PRESIDER.name, None, True, 1, 1)]  # THEMATIC: the rules are silent
    assert routes[0]["basis"] == "依据《工作规则》第四十四条" and routes[1]["basis"] == PRACTICE
    assert facts(march.figure("leave_routes")) == {"requests": 2, "by_article": 1, "by_practice": 1}
    assert march.figure("leave_routes").chart.categories == ("向区长请假（第四十四条）", "向主持会议的区政府领导请假（惯例）")


# --- minutes and 督办 ----------------------------------------------------------------------------

def test_days_to_issued_minutes_and_those_still_waiting(march: Report) -> None:
    days = march.figure("minutes_days")
    # M0 26 Feb → issued 1 Mar: 3 days; M1 12 Mar → 31 Mar: 19 days; M3's issued 1 Apr is out
    assert (facts(days)["count"], facts(days)["shortest_days"], facts(days)["longest_days"]) == (2, 3, 19)
    assert facts(days)["median_days"] == 11.0
    assert facts(days)["waiting"] == 1  # M2, held on 31 Mar, minutes still a draft


def test_followup_by_unit_on_time_late_open_overdue(march: Report) -> None:
    units = [(r["unit"], r["items"], r["closed_on_time"], r["closed_late"], r["open"], r["overdue"], r["completion"])
             for r in rows(march.figure("followup_by_unit"))]
    assert units == [("区交通局", 2, 0, 0, 1, 1, 0.0),  # due 30 Apr: overdue on 30 Jun; no deadline: never
                     ("区财政局", 1, 1, 0, 0, 0, 1.0), ("区发展改革委", 1, 0, 1, 0, 0, 1.0)]
    assert facts(march.figure("followup_by_unit"))["on_time"] == 0.25


def test_overdue_is_counted_on_the_reports_day(office: Office, spring: Spring) -> None:
    before_deadline = stats_of(office, lambda: D(2026, 4, 30)).report(month_range(2026, 3))
    assert facts(before_deadline.figure("followup_by_unit"))["overdue"] == 0  # due 30 Apr is not late on 30 Apr


# --- ranges, durations, outputs ---------------------------------------------------------------

def test_ranges_and_their_periods() -> None:
    assert [p.key for p in custom_range(D(2025, 11, 15), D(2026, 2, 3)).periods()] == [
        "2025-11", "2025-12", "2026-01", "2026-02"]
    clipped = custom_range(D(2025, 11, 15), D(2026, 2, 3)).periods()
    assert (clipped[0].start, clipped[-1].end) == (D(2025, 11, 15), D(2026, 2, 3))
    long = custom_range(D(2016, 1, 1), D(2026, 6, 30))
    assert not long.monthly and [p.key for p in long.periods()][:2] == ["2016", "2017"] and len(long.periods()) == 11
    assert month_range(2024, 2).end == D(2024, 2, 29)
    with pytest.raises(Invalid, match="不能早于"):
        custom_range(D(2026, 3, 2), D(2026, 3, 1))
    assert chosen_range(year=None, month=None, start=None, end=None, today=TODAY) == year_range(2026)
    assert chosen_range(year=2025, month=3, start=None, end=None, today=TODAY) == month_range(2025, 3)
    with pytest.raises(Invalid, match="--to"):
        chosen_range(year=None, month=None, start="2026-01-01", end=None, today=TODAY)
    with pytest.raises(Invalid, match="2026-03-31"):
        chosen_range(year=None, month=None, start="2026/01/01", end="2026-02-01", today=TODAY)


def test_median_mean_and_bands() -> None:
    odd = summarise({1: 1, 5: 1, 40: 1})
    assert (odd.count, odd.median, odd.mean) == (3, 5.0, 15.3)
    even = summarise({2: 2, 10: 1, 91: 1})  # 2, 2, 10, 91
    assert (even.median, even.shortest, even.longest) == (6.0, 2, 91)
    assert dict(even.bands) == {"7天以内": 2, "8–14天": 1, "15–30天": 0, "31–60天": 0, "61–90天": 0, "90天以上": 1}
    assert summarise({}).median is None


def test_json_keys_are_stable(march: Report) -> None:
    data = march.as_dict()
    assert list(data) == ["range", "as_of", "figures"]
    assert data["range"] == {"start": "2026-03-01", "end": "2026-03-31", "label": "2026年3月"}
    assert list(data["figures"]) == ["topics_by_status", "topics_by_month", "topics_by_department", "topics_by_kind",
                                     "confirmation_days", "meetings_by_kind", "attendance_by_leader",
                                     "attendance_by_unit", "leave_routes", "minutes_days", "followup_by_unit"]
    for figure in data["figures"].values():
        assert list(figure) == ["title", "note", "facts", "rows"] and figure["note"]


def test_text_table_aligns_chinese_and_numbers(march: Report) -> None:
    text = report_text(march)
    block = text.split("\n\n")[next(i for i, b in enumerate(text.split("\n\n")) if b.startswith("区政府领导出席"))]
    table = block.splitlines()[1:6]
    assert len({width(line) for line in table}) == 1  # header and rows end in the same terminal column
    assert table[1].startswith("  甲区长（区长）") and table[1].endswith("100.0%")
    assert "按办公室惯例" in text and "统计范围：2026年3月（截至 2026-06-30）" in text


def test_xlsx_one_sheet_per_figure_with_numbers(march: Report, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_report(tmp_path / "统计.xlsx", march)
    book = load_workbook(path)
    assert book.sheetnames == [f.title for f in march.figures]
    sheet = book["区政府领导出席会议情况"]
    assert [c.value for c in sheet[4]] == ["区政府领导", "应到", "出席", "迟到", "代为出席", "请假", "缺席", "未登记", "出席率"]
    assert [c.value for c in sheet[5]][:3] == ["甲区长（区长）", 1, 1]
    assert sheet.cell(5, 9).value == 1.0 and sheet.cell(5, 9).number_format == "0.0%"
    assert "2026年3月" in sheet.cell(2, 1).value
    assert not list(tmp_path.glob(".*.tmp"))  # written beside, renamed when complete


def test_export_is_audited_and_needs_the_print_permission(office: Office, spring: Spring) -> None:
    from core.model import AuditRecord

    stats = stats_of(office, lambda: TODAY)
    stats.record_export("区政府领导出席会议情况（图表 PNG）", "出席.png", month_range(2026, 3))
    with office.sessions() as s:
        last = s.query(AuditRecord).order_by(AuditRecord.id.desc()).first()
        assert last is not None and last.event == EXPORT_EVENT
        assert last.summary == "导出2026年3月区政府领导出席会议情况（图表 PNG）到 出席.png"
        count = s.query(AuditRecord).count()
    stats.may = lambda action: action != "print"  # a role the table does not let print
    assert not stats.may_export()
    with pytest.raises(NotPermitted):
        stats.record_export("全部统计表", "x.xlsx", month_range(2026, 3))
    with office.sessions() as s:
        assert s.query(AuditRecord).count() == count


def test_the_report_is_read_in_one_session(office: Office, spring: Spring) -> None:
    opened: list[object] = []

    def counting(*args: object, **kw: object):  # type: ignore[no-untyped-def]
        session = office.sessions(*args, **kw)
        opened.append(session)
        return session

    stats = StatsService(counting, lambda: "测试秘书", lambda: TODAY)  # type: ignore[arg-type]
    report = stats.report(DateRange(D(2026, 1, 1), D(2026, 12, 31), "2026年"))
    assert len(opened) == 1 and len(report.figures) == 11
