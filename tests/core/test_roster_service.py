"""RosterService on a real encrypted file: writes with audit records, refuses with nothing written."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from core.errors import HuiwuError, Invalid, NotFound, RuleRefusal
from core.model import ABPartner, Appointment, AuditRecord, Delegation, Department, Person, Portfolio
from core.model.enums import DelegationScope, DepartmentKind, Post
from core.office import Office
from core.services.roster import RosterService
from core.services.roster_types import Acting, PersonRef

D = dt.date
GOV, PORT = DelegationScope.GOVERNMENT_WORK, DelegationScope.PORTFOLIO
TABLES = (Department, Person, Appointment, Portfolio, ABPartner, Delegation, AuditRecord)


@dataclasses.dataclass
class District:
    roster: RosterService
    finance: int
    justice: int
    mayor: int
    evm: int
    vm1: int
    vm2: int
    head: int
    mayor_post: int


@pytest.fixture
def district(office: Office) -> District:
    r = office.roster
    finance = r.add_department("区财政局", DepartmentKind.CONSTITUENT, short_name="财政局")
    justice = r.add_department("区司法局", DepartmentKind.CONSTITUENT, is_legality_reviewer=True)
    mayor, evm = r.add_person("王建国"), r.add_person("钱立新")
    vm1, vm2, head = r.add_person("李红梅"), r.add_person("赵志强"), r.add_person("孙财")
    mayor_post = r.appoint(mayor, Post.MAYOR, D(2024, 1, 1))
    r.appoint(evm, Post.EXECUTIVE_VICE_MAYOR, D(2024, 1, 1))
    r.appoint(vm1, Post.VICE_MAYOR, D(2024, 1, 1))
    r.appoint(vm2, Post.VICE_MAYOR, D(2024, 1, 1))
    r.appoint(head, Post.DEPARTMENT_HEAD, D(2024, 1, 1), department_id=finance, title="局长")
    return District(r, finance, justice, mayor, evm, vm1, vm2, head, mayor_post)


def state(office: Office) -> dict[str, Any]:
    """Every roster row and the audit count: what must not change when something is refused."""
    with office.sessions() as s:
        out: dict[str, Any] = {t.__tablename__: s.scalar(select(func.count()).select_from(t)) for t in TABLES}
        for model in (Appointment, Portfolio, ABPartner, Delegation, Person, Department):
            out[f"{model.__tablename__}-rows"] = [
                tuple(getattr(row, c.key) for c in model.__table__.columns)
                for row in s.scalars(select(model).order_by(model.id))]
    return out


def audit_events(office: Office) -> list[str]:
    with office.sessions() as s:
        return list(s.scalars(select(AuditRecord.event).order_by(AuditRecord.id)))


# --- refusals write nothing -----------------------------------------------------------------

LONG = "张" * 10_000

REFUSALS: list[tuple[str, Callable[[District], object], type[HuiwuError], str]] = [
    ("second mayor", lambda d: d.roster.appoint(d.vm1, Post.MAYOR, D(2024, 6, 1)), RuleRefusal, "第五条"),
    ("second mayor before", lambda d: d.roster.appoint(d.vm1, Post.MAYOR, D(2023, 1, 1), end=D(2024, 1, 1)),
     RuleRefusal, "只能有一位区长"),
    ("second head", lambda d: d.roster.appoint(d.vm1, Post.DEPARTMENT_HEAD, D(2025, 1, 1),
                                               department_id=d.finance), RuleRefusal, "第九条"),
    ("head without department", lambda d: d.roster.appoint(d.vm1, Post.DEPARTMENT_HEAD, D(2025, 1, 1)),
     Invalid, "须填写所在单位"),
    ("dates out of order", lambda d: d.roster.appoint(d.vm1, Post.OTHER, D(2025, 1, 2), end=D(2025, 1, 1)),
     Invalid, "早于开始日期"),
    ("10,000-character person", lambda d: d.roster.add_person(LONG), Invalid, "最多 100 个字符"),
    ("control character", lambda d: d.roster.add_person("张\x00三"), Invalid, "控制字符"),
    ("bidi control", lambda d: d.roster.add_person("张\u202e三"), Invalid, "控制字符"),
    ("empty name", lambda d: d.roster.add_person("  "), Invalid, "不能为空"),
    ("10,000-character department", lambda d: d.roster.add_department(LONG, DepartmentKind.OTHER),
     Invalid, "最多 100 个字符"),
    ("duplicate department", lambda d: d.roster.add_department("区财政局", DepartmentKind.OTHER),
     Invalid, "已有名为"),
    ("unknown kind", lambda d: d.roster.add_department("区某局", "部委"), Invalid, "单位类别"),
    ("second legality reviewer", lambda d: d.roster.add_department(
        "区法制办", DepartmentKind.OTHER, is_legality_reviewer=True), RuleRefusal, "第四十二条"),
    ("duplicate person", lambda d: d.roster.add_person("王建国"), Invalid, "备注中注明"),
    ("rename to 10,000 characters", lambda d: d.roster.update_person(d.vm1, name=LONG), Invalid, "过长"),
    ("unknown field", lambda d: d.roster.update_person(d.vm1, id=3), Invalid, "不能修改"),
    ("portfolio by non-leader", lambda d: d.roster.assign_portfolio(d.head, d.justice, D(2024, 2, 1)),
     RuleRefusal, "第八条"),
    ("portfolio of missing department", lambda d: d.roster.assign_portfolio(d.vm1, 9999, D(2024, 2, 1)),
     NotFound, "单位"),
    ("portfolio before the post", lambda d: d.roster.assign_portfolio(d.vm1, d.justice, D(2023, 12, 31)),
     RuleRefusal, "不是副区长"),
    ("partner with a department head", lambda d: d.roster.pair_partners(d.vm1, d.head, D(2024, 2, 1)),
     RuleRefusal, "第五条"),
    ("partner with oneself", lambda d: d.roster.pair_partners(d.vm1, d.vm1, D(2024, 2, 1)),
     Invalid, "两位不同"),
    ("government work to a vice mayor", lambda d: d.roster.add_delegation(
        d.mayor, d.vm1, GOV, D(2024, 3, 1), D(2024, 3, 2)), RuleRefusal, "常务副区长"),
    ("portfolio to a non-partner", lambda d: d.roster.add_delegation(
        d.vm1, d.vm2, PORT, D(2024, 3, 1), D(2024, 3, 2)), RuleRefusal, "AB角"),
    ("delegation without end", lambda d: d.roster.add_delegation(
        d.mayor, d.evm, GOV, D(2024, 3, 1), None), Invalid, "结束日期"),  # type: ignore[arg-type]
    ("end before start", lambda d: d.roster.end_appointment(d.mayor_post, D(2023, 12, 31)),
     Invalid, "早于开始日期"),
    ("missing person", lambda d: d.roster.appoint(9999, Post.OTHER, D(2024, 1, 1)), NotFound, "人员"),
    ("bad date", lambda d: d.roster.appoint(d.vm1, Post.OTHER, "2024-13-01"),  # type: ignore[arg-type]
     Invalid, "不是有效日期"),
    ("unknown post", lambda d: d.roster.appoint(d.vm1, "大区长", D(2024, 1, 1)), Invalid, "职务"),
    ("second reviewer by update", lambda d: d.roster.update_department(d.finance, is_legality_reviewer=True),
     RuleRefusal, "已有合法性审查单位"),
    ("unknown appointment field", lambda d: d.roster.update_appointment(d.mayor_post, person_id=d.vm1),
     Invalid, "不能修改"),
    ("end department with later posts", lambda d: d.roster.end_department(d.finance, D(2023, 12, 31)),
     Invalid, "之后还有"),
]


@pytest.mark.parametrize(("call", "error", "fragment"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_refusal_writes_nothing(office: Office, district: District, call: Callable[[District], object],
                                error: type[HuiwuError], fragment: str) -> None:
    before = state(office)
    with pytest.raises(error) as refused:
        call(district)
    assert fragment in refused.value.message
    assert state(office) == before


def test_extending_an_appointment_into_a_successor_is_refused(office: Office, district: District) -> None:
    r = district.roster
    r.end_appointment(district.mayor_post, D(2024, 6, 30))
    successor = r.appoint(district.vm1, Post.MAYOR, D(2024, 7, 1))
    before = state(office)
    with pytest.raises(RuleRefusal, match="只能有一位区长"):
        r.update_appointment(district.mayor_post, end=None)
    with pytest.raises(RuleRefusal):
        r.update_appointment(successor, start=D(2024, 6, 30))
    assert state(office) == before


def test_moving_a_head_into_a_headed_department_is_refused(office: Office, district: District) -> None:
    head = district.roster.appoint(district.vm2, Post.DEPARTMENT_HEAD, D(2024, 1, 1), department_id=district.justice)
    before = state(office)
    with pytest.raises(RuleRefusal, match="区财政局同一日期只能有一位主要负责人"):
        district.roster.update_appointment(head, department_id=district.finance)
    assert state(office) == before


# --- writes with audit -----------------------------------------------------------------------

def test_every_write_is_audited(office: Office) -> None:
    r = office.roster
    before = len(audit_events(office))
    dept = r.add_department("区财政局", DepartmentKind.CONSTITUENT)
    a, b = r.add_person("甲"), r.add_person("乙")
    pa = r.appoint(a, Post.VICE_MAYOR, D(2024, 1, 1))
    r.appoint(b, Post.VICE_MAYOR, D(2024, 1, 1))
    pf = r.assign_portfolio(a, dept, D(2024, 1, 1))
    pair = r.pair_partners(a, b, D(2024, 1, 1))
    dl = r.add_delegation(a, b, PORT, D(2024, 2, 1), D(2024, 2, 5), "出差")
    r.update_person(a, note="原区财政局局长")
    r.update_department(dept, short_name="财政局")
    r.update_appointment(pa, title="副区长（挂职）")
    r.end_delegation(dl, D(2024, 2, 3))
    r.end_partnership(pair, D(2024, 12, 31))
    r.end_portfolio(pf, D(2024, 12, 31))
    r.end_appointment(pa, D(2024, 12, 31))
    r.end_department(dept, D(2025, 1, 1))
    assert audit_events(office)[before:] == [
        "单位.新增", "人员.新增", "人员.新增", "任职.新增", "任职.新增", "分管.新增", "AB角.新增", "委托.新增",
        "人员.修改", "单位.修改", "任职.修改", "委托.结束", "AB角.结束", "分管.结束", "任职.结束", "单位.撤销"]


def test_ending_keeps_history(office: Office, district: District) -> None:
    r = district.roster
    r.end_appointment(district.mayor_post, D(2024, 6, 30))
    successor = r.add_person("周新")
    r.appoint(successor, Post.MAYOR, D(2024, 7, 1))
    assert r.holders(Post.MAYOR, D(2024, 6, 30)) == [PersonRef(district.mayor, "王建国")]
    assert r.holders(Post.MAYOR, D(2024, 7, 1)) == [PersonRef(successor, "周新")]
    assert r.holders(Post.MAYOR, D(2023, 12, 31)) == []
    assert len(r.appointments(post=Post.MAYOR)) == 2


def test_end_on_the_start_day_is_allowed(district: District) -> None:
    r = district.roster
    post = r.appoint(district.vm1, Post.OTHER, D(2024, 5, 1))
    r.end_appointment(post, D(2024, 5, 1))
    [row] = [a for a in r.appointments(person_id=district.vm1) if a.id == post]
    assert row.end == D(2024, 5, 1)


def test_principal_head_supervisor_and_partner(district: District) -> None:
    r = district.roster
    assert r.principal_head(district.finance, D(2024, 1, 1)) == PersonRef(district.head, "孙财")
    assert r.principal_head(district.justice, D(2024, 1, 1)) is None
    r.assign_portfolio(district.vm1, district.finance, D(2024, 1, 1), D(2024, 6, 30))
    r.assign_portfolio(district.vm2, district.finance, D(2024, 7, 1))
    assert r.supervisor(district.finance, D(2024, 6, 30)) == PersonRef(district.vm1, "李红梅")
    assert r.supervisor(district.finance, D(2024, 7, 1)) == PersonRef(district.vm2, "赵志强")
    r.pair_partners(district.vm1, district.vm2, D(2024, 1, 1))
    assert r.partner_of(district.vm2, D(2024, 1, 1)) == PersonRef(district.vm1, "李红梅")
    assert r.partner_of(district.evm, D(2024, 1, 1)) is None


def test_acting_for_keeps_the_authority(district: District) -> None:
    r = district.roster
    r.add_delegation(district.mayor, district.evm, GOV, D(2024, 3, 4), D(2024, 3, 8), "出差")
    acting = r.acting_for(district.mayor, D(2024, 3, 8), GOV)
    assert isinstance(acting, Acting)
    assert acting.authority == PersonRef(district.mayor, "王建国")
    assert acting.acting == PersonRef(district.evm, "钱立新")
    assert acting.label == "常务副区长 钱立新（受区长委托）"
    assert r.acting_for(district.mayor, D(2024, 3, 9), GOV) is None
    assert r.acting_for(district.mayor, D(2024, 3, 8), PORT) is None


def test_portfolio_delegation_goes_to_the_ab_partner(district: District) -> None:
    r = district.roster
    r.pair_partners(district.vm1, district.vm2, D(2024, 1, 1))
    r.add_delegation(district.vm1, district.vm2, PORT, D(2024, 4, 1), D(2024, 4, 2))
    acting = r.acting_for(district.vm1, D(2024, 4, 2), PORT)
    assert acting is not None and acting.label == "副区长 赵志强（受副区长委托）"


def test_end_delegation_cuts_it_short(district: District) -> None:
    r = district.roster
    dl = r.add_delegation(district.mayor, district.evm, GOV, D(2024, 3, 4), D(2024, 3, 8))
    r.end_delegation(dl, D(2024, 3, 6))
    assert r.acting_for(district.mayor, D(2024, 3, 6), GOV) is not None
    assert r.acting_for(district.mayor, D(2024, 3, 7), GOV) is None
    with pytest.raises(Invalid, match="早于开始日期"):
        r.end_delegation(dl, D(2024, 3, 3))


# --- lists -----------------------------------------------------------------------------------

def test_short_chinese_search_terms(district: District) -> None:
    r = district.roster
    assert [p.name for p in r.people(search="李")] == ["李红梅"]
    assert [p.name for p in r.people(search="红梅")] == ["李红梅"]
    assert [d.name for d in r.departments(search="财政")] == ["区财政局"]
    assert [d.name for d in r.departments(search="区")] == ["区财政局", "区司法局"]
    assert r.people(search="%") == []   # wildcards are literal
    assert r.people(search="_") == []


def test_people_carry_their_posts_on_the_date(district: District) -> None:
    r = district.roster
    rows = {p.name: p for p in r.people(on=D(2024, 1, 1))}
    assert rows["孙财"].posts == "区财政局 局长"
    assert rows["王建国"].posts == "区长"
    assert {p.posts for p in r.people(on=D(2023, 12, 31))} == {""}
    assert [p.name for p in r.people(post=Post.VICE_MAYOR, on=D(2024, 1, 1))] == ["李红梅", "赵志强"]
    assert r.people(post=Post.VICE_MAYOR, on=D(2023, 12, 31)) == []


def test_departments_filters(district: District) -> None:
    r = district.roster
    town = r.add_department("青山镇", DepartmentKind.TOWNSHIP)
    r.end_department(town, D(2024, 12, 31))
    assert [d.name for d in r.departments(kind=DepartmentKind.TOWNSHIP)] == ["青山镇"]
    assert "青山镇" in [d.name for d in r.departments(on=D(2024, 12, 31))]
    assert "青山镇" not in [d.name for d in r.departments(on=D(2025, 1, 1))]
    assert "青山镇" not in [d.name for d in r.departments(include_ended=False)]
    assert r.department(town).ended_on == D(2024, 12, 31)
    reviewer = r.legality_reviewer(D(2024, 1, 1))
    assert reviewer is not None and reviewer.name == "区司法局"


def test_person_detail_is_plain_data(district: District) -> None:
    r = district.roster
    r.pair_partners(district.vm1, district.vm2, D(2024, 1, 1))
    r.assign_portfolio(district.vm1, district.finance, D(2024, 1, 1))
    detail = r.person(district.vm1)
    assert [a.post for a in detail.appointments] == [Post.VICE_MAYOR]
    assert [p.department_name for p in detail.portfolios] == ["区财政局"]
    assert len(detail.partnerships) == 1
    for row in (detail, *detail.appointments, *detail.portfolios, *detail.partnerships):
        assert dataclasses.is_dataclass(row)
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(row, "id", 0)  # noqa: B010 - the assignment itself is what is tested
    with pytest.raises(NotFound):
        r.person(9999)


def test_homonyms_need_a_note(office: Office) -> None:
    r = office.roster
    first = r.add_person("张伟")
    second = r.add_person("张伟", note="区教委")
    assert first != second
    with pytest.raises(Invalid):
        r.update_person(second, note="")
