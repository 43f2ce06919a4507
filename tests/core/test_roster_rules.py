"""The roster rules on plain facts: every rule with its date boundaries."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.model.enums import DelegationScope, Post
from core.rules import roster as rules
from core.rules.roster import (
    AppointmentFact,
    DelegationFact,
    DepartmentFact,
    PartnerFact,
    PortfolioFact,
)

D = dt.date
MAYOR, EVM, VM, PGM = 1, 2, 3, 4
VM2, OTHER_PERSON = 5, 6
FINANCE, JUSTICE = 10, 11
GOV, PORT = DelegationScope.GOVERNMENT_WORK, DelegationScope.PORTFOLIO


def appt(person: int, post: Post, start: dt.date, end: dt.date | None = None, dept: int | None = None,
         id: int | None = None) -> AppointmentFact:
    return AppointmentFact(person, post, start, end, dept, id, person_name=f"人{person}")


LEADERS = [
    appt(MAYOR, Post.MAYOR, D(2024, 1, 1), D(2024, 12, 31), id=1),
    appt(EVM, Post.EXECUTIVE_VICE_MAYOR, D(2024, 1, 1), id=2),
    appt(VM, Post.VICE_MAYOR, D(2024, 1, 1), id=3),
    appt(PGM, Post.PARTY_GROUP_MEMBER, D(2024, 1, 1), id=4),
    appt(VM2, Post.VICE_MAYOR, D(2024, 1, 1), id=5),
    appt(OTHER_PERSON, Post.DEPARTMENT_HEAD, D(2024, 1, 1), dept=FINANCE, id=6),
]


# --- dates ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "end", "day", "expected"), [
    (D(2024, 1, 1), D(2024, 1, 31), D(2023, 12, 31), False),
    (D(2024, 1, 1), D(2024, 1, 31), D(2024, 1, 1), True),    # first day inclusive
    (D(2024, 1, 1), D(2024, 1, 31), D(2024, 1, 31), True),   # last day inclusive
    (D(2024, 1, 1), D(2024, 1, 31), D(2024, 2, 1), False),
    (D(2024, 1, 1), None, D(2099, 1, 1), True),              # ongoing
])
def test_covers_is_inclusive(start: dt.date, end: dt.date | None, day: dt.date, expected: bool) -> None:
    assert rules.covers(start, end, day) is expected


@pytest.mark.parametrize(("a", "b", "expected"), [
    ((D(2024, 1, 1), D(2024, 1, 31)), (D(2024, 2, 1), None), False),   # end + 1 day: no overlap
    ((D(2024, 1, 1), D(2024, 1, 31)), (D(2024, 1, 31), None), True),   # shared last day
    ((D(2024, 1, 1), None), (D(2023, 1, 1), D(2023, 12, 31)), False),
    ((D(2024, 1, 1), None), (D(2023, 1, 1), D(2024, 1, 1)), True),
    ((D(2024, 1, 1), None), (D(2030, 1, 1), None), True),              # two open periods
])
def test_overlaps(a: tuple[dt.date, dt.date | None], b: tuple[dt.date, dt.date | None], expected: bool) -> None:
    assert rules.overlaps(*a, *b) is expected
    assert rules.overlaps(*b, *a) is expected


@pytest.mark.parametrize(("number", "text"), [(5, "第五条"), (8, "第八条"), (10, "第十条"), (17, "第十七条"),
                                              (20, "第二十条"), (42, "第四十二条"), (53, "第五十三条")])
def test_article_text(number: int, text: str) -> None:
    assert rules.article_text(number) == text


def test_refusal_message_cites_the_article() -> None:
    assert rules.Refusal("不行。", 5).message == "不行（依据《工作规则》第五条）。"
    assert rules.Refusal("不行").message == "不行。"


# --- who held a post ----------------------------------------------------------------------------

def test_holders_on_a_date_show_that_dates_people() -> None:
    history = [appt(1, Post.MAYOR, D(2020, 1, 1), D(2023, 5, 31)), appt(2, Post.MAYOR, D(2023, 6, 1))]
    assert [a.person_id for a in rules.holders(history, Post.MAYOR, D(2023, 5, 31))] == [1]
    assert [a.person_id for a in rules.holders(history, Post.MAYOR, D(2023, 6, 1))] == [2]
    assert rules.holders(history, Post.MAYOR, D(2019, 12, 31)) == []


def test_holders_of_a_department_post() -> None:
    heads = [appt(1, Post.DEPARTMENT_HEAD, D(2024, 1, 1), dept=FINANCE),
             appt(2, Post.DEPARTMENT_HEAD, D(2024, 1, 1), dept=JUSTICE)]
    assert [a.person_id for a in rules.holders(heads, Post.DEPARTMENT_HEAD, D(2024, 5, 1), JUSTICE)] == [2]
    assert len(rules.holders(heads, Post.DEPARTMENT_HEAD, D(2024, 5, 1))) == 2


# --- appointments -------------------------------------------------------------------------------

EXISTING = [
    appt(1, Post.MAYOR, D(2024, 1, 1), D(2024, 6, 30), id=100),
    appt(2, Post.DEPARTMENT_HEAD, D(2024, 1, 1), dept=FINANCE, id=101),
    appt(3, Post.VICE_MAYOR, D(2024, 1, 1), D(2024, 12, 31), id=102),
    appt(4, Post.OFFICE_DIRECTOR, D(2024, 1, 1), id=103),
]


@pytest.mark.parametrize(("new", "fragment", "article"), [
    (appt(9, Post.MAYOR, D(2024, 6, 30)), "只能有一位区长", 5),                   # overlaps on the last day
    (appt(9, Post.MAYOR, D(2023, 1, 1), D(2024, 1, 1)), "只能有一位区长", 5),      # on the first day
    (appt(9, Post.EXECUTIVE_VICE_MAYOR, D(2024, 1, 1)), None, None),               # no holder yet
    (appt(9, Post.OFFICE_DIRECTOR, D(2025, 1, 1)), "只能有一位区政府办公室主任", None),
    (appt(9, Post.DEPARTMENT_HEAD, D(2030, 1, 1), dept=FINANCE), "只能有一位主要负责人", 9),
    (appt(9, Post.DEPARTMENT_HEAD, D(2024, 1, 1), dept=JUSTICE), None, None),       # another department
    (appt(9, Post.DEPUTY_HEAD, D(2024, 1, 1), dept=FINANCE), None, None),           # deputies: many
    (appt(9, Post.VICE_MAYOR, D(2024, 1, 1)), None, None),                          # vice mayors: many
    (appt(3, Post.VICE_MAYOR, D(2024, 12, 31)), "任期不能重叠", None),              # same person again
    (appt(3, Post.VICE_MAYOR, D(2025, 1, 1)), None, None),                          # the day after
    (appt(9, Post.DEPARTMENT_HEAD, D(2024, 1, 1)), "须填写所在单位", None),
    (appt(9, Post.DEPUTY_HEAD, D(2024, 1, 1)), "须填写所在单位", None),
    (appt(9, Post.OTHER, D(2024, 1, 2), D(2024, 1, 1)), "结束日期", None),
    (appt(9, Post.OTHER, D(2024, 1, 1), D(2024, 1, 1)), None, None),                # one-day post
])
def test_appointment_problems(new: AppointmentFact, fragment: str | None, article: int | None) -> None:
    problems = rules.appointment_problems(new, EXISTING)
    if fragment is None:
        assert problems == []
    else:
        assert len(problems) == 1, problems
        assert fragment in problems[0].message
        assert problems[0].article == article


def test_mayor_after_the_predecessor_ends_is_allowed() -> None:
    assert rules.appointment_problems(appt(9, Post.MAYOR, D(2024, 7, 1)), EXISTING) == []


def test_an_edited_appointment_is_not_checked_against_itself() -> None:
    edited = appt(1, Post.MAYOR, D(2024, 1, 1), D(2024, 12, 31), id=100)
    assert rules.appointment_problems(edited, EXISTING) == []


def test_appointment_in_an_ended_department_is_refused() -> None:
    departments = {FINANCE: DepartmentFact(FINANCE, "区财政局", D(2024, 3, 31))}
    ok = appt(9, Post.DEPUTY_HEAD, D(2024, 3, 31), dept=FINANCE)
    late = appt(9, Post.DEPUTY_HEAD, D(2024, 4, 1), dept=FINANCE)
    assert rules.appointment_problems(ok, [], departments) == []
    assert "已于2024年3月31日撤销" in rules.appointment_problems(late, [], departments)[0].message


def test_batch_checks_rows_against_each_other() -> None:
    batch = [appt(7, Post.MAYOR, D(2025, 1, 1)), appt(8, Post.MAYOR, D(2025, 6, 1)),
             appt(9, Post.EXECUTIVE_VICE_MAYOR, D(2025, 1, 1))]
    found = rules.check_appointments(batch, EXISTING)
    assert [index for index, _ in found] == [1]
    assert "只能有一位区长" in found[0][1].message


def test_batch_of_thousands_is_checked() -> None:
    batch = [appt(1000 + i, Post.DEPARTMENT_HEAD, D(2024, 1, 1), dept=2000 + i) for i in range(5000)]
    batch.append(appt(99, Post.DEPARTMENT_HEAD, D(2024, 1, 1), dept=2000))
    found = rules.check_appointments(batch, [])
    assert [index for index, _ in found] == [5000]


# --- portfolios ---------------------------------------------------------------------------------

PORTFOLIOS = [PortfolioFact(VM, FINANCE, D(2024, 1, 1), D(2024, 6, 30), id=1, leader_name="人3",
                            department_name="区财政局")]


@pytest.mark.parametrize(("new", "fragment", "article"), [
    (PortfolioFact(VM2, FINANCE, D(2024, 6, 30)), "只能有一位分管领导", 8),
    (PortfolioFact(VM2, FINANCE, D(2024, 7, 1)), None, None),
    (PortfolioFact(EVM, JUSTICE, D(2024, 1, 1)), None, None),
    (PortfolioFact(PGM, JUSTICE, D(2024, 1, 1)), None, None),
    (PortfolioFact(MAYOR, JUSTICE, D(2024, 1, 1)), "不是副区长", 8),
    (PortfolioFact(OTHER_PERSON, JUSTICE, D(2024, 1, 1)), "不是副区长", 8),
    (PortfolioFact(VM, JUSTICE, D(2023, 12, 31)), "不是副区长", 8),  # the day before the post
    (PortfolioFact(VM, JUSTICE, D(2024, 2, 1), D(2024, 1, 31)), "结束日期", None),
    (PortfolioFact(VM, FINANCE, D(2024, 3, 1)), "只能有一位分管领导", 8),  # the same leader twice
])
def test_portfolio_problems(new: PortfolioFact, fragment: str | None, article: int | None) -> None:
    problems = rules.portfolio_problems(new, PORTFOLIOS, LEADERS)
    if fragment is None:
        assert problems == []
    else:
        assert [p.article for p in problems] == [article]
        assert fragment in problems[0].message


def test_supervisor_on_a_date() -> None:
    assert rules.supervisor(PORTFOLIOS, FINANCE, D(2024, 6, 30)) == PORTFOLIOS[0]
    assert rules.supervisor(PORTFOLIOS, FINANCE, D(2024, 7, 1)) is None


def test_batch_portfolios_within_one_file() -> None:
    batch = [PortfolioFact(VM2, JUSTICE, D(2024, 1, 1)), PortfolioFact(PGM, JUSTICE, D(2024, 5, 1))]
    assert [i for i, _ in rules.check_portfolios(batch, [], LEADERS)] == [1]


# --- AB partners --------------------------------------------------------------------------------

PAIRS = [PartnerFact(VM, VM2, D(2024, 1, 1), D(2024, 6, 30), id=1, person_a_name="人3", person_b_name="人5")]


@pytest.mark.parametrize(("new", "fragments"), [
    (PartnerFact(VM, PGM, D(2024, 6, 30)), ["只能有一位AB角"]),
    (PartnerFact(PGM, VM2, D(2024, 6, 30)), ["只能有一位AB角"]),
    (PartnerFact(VM, PGM, D(2024, 7, 1)), []),
    (PartnerFact(VM2, VM, D(2024, 3, 1)), ["已互为AB角"]),
    (PartnerFact(EVM, PGM, D(2024, 1, 1)), []),
    (PartnerFact(MAYOR, PGM, D(2024, 1, 1)), ["不是副区长"]),
    (PartnerFact(OTHER_PERSON, PGM, D(2024, 1, 1)), ["不是副区长"]),
    (PartnerFact(EVM, EVM, D(2024, 1, 1)), ["两位不同的领导"]),
    (PartnerFact(EVM, PGM, D(2024, 1, 2), D(2024, 1, 1)), ["结束日期"]),
])
def test_partnership_problems(new: PartnerFact, fragments: list[str]) -> None:
    problems = rules.partnership_problems(new, PAIRS, LEADERS)
    assert len(problems) == len(fragments), problems
    for problem, fragment in zip(problems, fragments, strict=True):
        assert fragment in problem.message


def test_partner_of_both_ways_and_boundaries() -> None:
    assert rules.partner_of(PAIRS, VM, D(2024, 6, 30)) == VM2
    assert rules.partner_of(PAIRS, VM2, D(2024, 1, 1)) == VM
    assert rules.partner_of(PAIRS, VM, D(2024, 7, 1)) is None


# --- delegations (art. 5) -----------------------------------------------------------------------

TRIP = DelegationFact(MAYOR, EVM, GOV, D(2024, 3, 4), D(2024, 3, 8), id=1, delegator_name="人1",
                      delegate_name="人2")


@pytest.mark.parametrize(("day", "covered"), [
    (D(2024, 3, 3), False),
    (D(2024, 3, 4), True),
    (D(2024, 3, 8), True),    # a delegation ending on the date covers it
    (D(2024, 3, 9), False),   # one ending the day before does not
])
def test_acting_for_boundaries(day: dt.date, covered: bool) -> None:
    acting = rules.acting_for([TRIP], MAYOR, day, GOV)
    if covered:
        assert acting is not None
        assert (acting.authority_id, acting.acting_id) == (MAYOR, EVM)  # the authority stays on record
        assert acting.delegation == TRIP
    else:
        assert acting is None


def test_acting_for_checks_scope_and_person() -> None:
    assert rules.acting_for([TRIP], MAYOR, D(2024, 3, 5), PORT) is None
    assert rules.acting_for([TRIP], EVM, D(2024, 3, 5), GOV) is None


def test_acting_label_names_both() -> None:
    assert rules.acting_label("常务副区长", "李某", "区长") == "常务副区长 李某（受区长委托）"


PARTNERS = [PartnerFact(VM, VM2, D(2024, 1, 1))]


@pytest.mark.parametrize(("new", "fragments", "article"), [
    (DelegationFact(MAYOR, EVM, GOV, D(2024, 5, 1), D(2024, 5, 3)), [], None),
    (DelegationFact(MAYOR, VM, GOV, D(2024, 5, 1), D(2024, 5, 3)), ["不是常务副区长"], 5),
    (DelegationFact(VM, EVM, GOV, D(2024, 5, 1), D(2024, 5, 3)), ["只有区长"], 5),
    (DelegationFact(MAYOR, EVM, GOV, D(2025, 1, 1), D(2025, 1, 3)), ["只有区长"], 5),  # after the term
    (DelegationFact(VM, VM2, PORT, D(2024, 5, 1), D(2024, 5, 3)), [], None),
    (DelegationFact(VM, PGM, PORT, D(2024, 5, 1), D(2024, 5, 3)), ["不是", "的AB角"], 5),
    (DelegationFact(OTHER_PERSON, VM, PORT, D(2024, 5, 1), D(2024, 5, 3)), ["没有分管工作"], 5),
    (DelegationFact(OTHER_PERSON, VM, DelegationScope.OTHER, D(2024, 5, 1), D(2024, 5, 3)), [], None),
    (DelegationFact(MAYOR, EVM, GOV, D(2024, 3, 8), D(2024, 3, 9)), ["只能委托一人"], None),  # overlaps TRIP
    (DelegationFact(MAYOR, EVM, GOV, D(2024, 3, 9), D(2024, 3, 9)), [], None),
    (DelegationFact(MAYOR, EVM, GOV, D(2024, 5, 3), D(2024, 5, 1)), ["结束日期"], None),
    (DelegationFact(MAYOR, MAYOR, DelegationScope.OTHER, D(2024, 5, 1), D(2024, 5, 3)), ["同一人"], None),
])
def test_delegation_problems(new: DelegationFact, fragments: list[str], article: int | None) -> None:
    problems = rules.delegation_problems(new, [TRIP], LEADERS, PARTNERS)
    if not fragments:
        assert problems == []
    else:
        assert len(problems) == 1, problems
        assert all(f in problems[0].message for f in fragments)
        assert problems[0].article == article


def test_legality_reviewer_is_unique_while_active() -> None:
    justice = DepartmentFact(JUSTICE, "区司法局")
    assert rules.legality_reviewer_problems(JUSTICE, [justice], D(2024, 1, 1)) == []
    assert rules.legality_reviewer_problems(FINANCE, [justice], D(2024, 1, 1))[0].article == 42
    ended = DepartmentFact(JUSTICE, "区司法局", ended_on=D(2023, 12, 31))
    assert rules.legality_reviewer_problems(FINANCE, [ended], D(2024, 1, 1)) == []


def test_end_problems_allow_the_start_day() -> None:
    assert rules.end_problems(D(2024, 1, 1), D(2024, 1, 1), "任职") == []
    assert "早于开始日期" in rules.end_problems(D(2024, 1, 1), D(2023, 12, 31), "任职")[0].message


# --- property: whatever a batch accepts never has two holders of a singleton post ----------------

_posts = st.sampled_from([Post.MAYOR, Post.EXECUTIVE_VICE_MAYOR, Post.VICE_MAYOR, Post.DEPARTMENT_HEAD])
_days = st.integers(min_value=0, max_value=60)


@st.composite
def _appointments(draw: st.DrawFn) -> AppointmentFact:
    start = D(2024, 1, 1) + dt.timedelta(days=draw(_days))
    length = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=30)))
    end = None if length is None else start + dt.timedelta(days=length)
    post = draw(_posts)
    dept = draw(st.sampled_from([FINANCE, JUSTICE])) if post == Post.DEPARTMENT_HEAD else None
    return appt(draw(st.integers(min_value=1, max_value=6)), post, start, end, dept)


@settings(max_examples=200, deadline=None)
@given(st.lists(_appointments(), max_size=25))
def test_accepted_batch_never_doubles_a_singleton_post(batch: list[AppointmentFact]) -> None:
    refused = {index for index, _ in rules.check_appointments(batch, [])}
    accepted = [a for i, a in enumerate(batch) if i not in refused]
    for day in (D(2024, 1, 1) + dt.timedelta(days=n) for n in range(0, 95)):
        for post in (Post.MAYOR, Post.EXECUTIVE_VICE_MAYOR):
            assert len(rules.holders(accepted, post, day)) <= 1
        for dept in (FINANCE, JUSTICE):
            assert len(rules.holders(accepted, Post.DEPARTMENT_HEAD, day, dept)) <= 1
    # and a refused row really clashes with an accepted one (nothing is refused for no reason)
    for index in refused:
        assert rules.appointment_problems(batch[index], accepted)
