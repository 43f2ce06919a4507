"""The roster workflow: departments, people, posts, portfolios, AB partners, delegations.

Each public method is one transaction: it loads the facts the rules need, asks core.rules.roster,
writes, and appends to the audit trail. Nothing historical is deleted: records end on a date.
Lists filter in SQL because the window shows thousands of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, and_, exists, func, insert, or_, select
from sqlalchemy.orm import Session, aliased

from core.errors import Invalid, RuleRefusal
from core.model import ABPartner, Appointment, Delegation, Department, Person, Portfolio
from core.model.enums import DelegationScope, DepartmentKind, Post
from core.model.roster import NAME_MAX
from core.roster_import.planning import ImportPlan, Snapshot, plan_import
from core.roster_import.rows import ParsedRoster
from core.rules import roster as rules
from core.rules.roster import (
    AppointmentFact,
    DelegationFact,
    DepartmentFact,
    PartnerFact,
    PortfolioFact,
    Refusal,
)
from core.services.base import Service
from core.services.roster_types import (
    Acting,
    AppointmentRow,
    DelegationRow,
    DepartmentRow,
    ImportSummary,
    PartnershipRow,
    PersonDetail,
    PersonRef,
    PersonRow,
    PortfolioRow,
)
from core.text import clean_line, clean_text

NOTE_MAX = 2000
REASON_MAX = 200
E = TypeVar("E", Post, DepartmentKind, DelegationScope)

# Which post names a leader first when several are held on one day.
_POST_RANK = list(Post)


# --- argument checks ----------------------------------------------------------------------

def refuse(problems: Sequence[Refusal]) -> None:
    """Raise for a non-empty list: a rule refusal when any rests on an article, else invalid input."""
    if not problems:
        return
    message = "\n".join(p.message for p in problems)
    if any(p.article for p in problems):
        raise RuleRefusal(message)
    raise Invalid(message)


def as_date(value: object, field: str, *, required: bool = True) -> dt.date | None:
    if value is None or value == "":
        if required:
            raise Invalid(f"请填写“{field}”。")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Invalid(f"“{field}”不是有效日期：{str(value)[:40]}（应为如 2024-01-31 的日期）。")


def _required_date(value: object, field: str) -> dt.date:
    day = as_date(value, field)
    assert day is not None  # as_date raises when a required date is missing
    return day


def as_enum(cls: type[E], value: object, field: str) -> E:
    if isinstance(value, cls):
        return value
    if isinstance(value, str):
        for member in cls:
            if value.strip() in (member.value, member.name):
                return member
    choices = "、".join(m.value for m in cls)
    raise Invalid(f"“{field}”无效：{str(value)[:40]}。可选：{choices}。")


def _name(value: object, field: str) -> str:
    if value is not None and not isinstance(value, str):
        raise Invalid(f"“{field}”必须是文字。")
    return clean_line(value, field, max_len=NAME_MAX, required=True)


def _order(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise Invalid(f"“排序”须为整数：{str(value)[:20]}。")


def _like(search: str) -> str:
    """A LIKE pattern matching `search` anywhere; wildcards in the term are taken literally."""
    escaped = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _covering(start: Any, end: Any, on: dt.date) -> ColumnElement[bool]:
    return and_(start <= on, or_(end.is_(None), end >= on))


def _check_fields(fields: dict[str, object], allowed: Iterable[str]) -> None:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise Invalid(f"不能修改这些字段：{'、'.join(unknown)}。")


def _changes(before: dict[str, object], after: dict[str, object]) -> str:
    parts = [f"{k}: {before[k]} → {after[k]}" for k in after if before.get(k) != after[k]]
    return "；".join(parts) or "无变化"


class RosterService(Service):
    # --- departments ----------------------------------------------------------------------

    def add_department(self, name: str, kind: DepartmentKind | str, *, short_name: str = "",
                       is_legality_reviewer: bool = False, note: str = "") -> int:
        values = self._department_values({"name": name, "kind": kind, "short_name": short_name,
                                          "is_legality_reviewer": is_legality_reviewer, "note": note})
        with self.transaction() as s:
            self._check_department(s, None, values)
            dept = Department(sort_order=self._next_order(s, Department), ended_on=None, **values)
            s.add(dept)
            s.flush()
            self.audit(s, "单位.新增", "department", dept.id, f"{dept.name}（{dept.kind.label}）")
            return dept.id

    def update_department(self, dept_id: int, **fields: object) -> None:
        _check_fields(fields, ("name", "kind", "short_name", "is_legality_reviewer", "note", "sort_order"))
        values = self._department_values(fields)
        with self.transaction() as s:
            dept = self._get(s, Department, dept_id, "单位")
            before = {k: getattr(dept, k) for k in values}
            self._check_department(s, dept_id, values)
            for key, value in values.items():
                setattr(dept, key, value)
            self.audit(s, "单位.修改", "department", dept_id, f"{dept.name}：{_changes(before, values)}")

    def end_department(self, dept_id: int, on: dt.date) -> None:
        on = _required_date(on, "撤销日期")
        with self.transaction() as s:
            dept = self._get(s, Department, dept_id, "单位")
            later = s.scalar(select(func.count()).select_from(Appointment).where(
                Appointment.department_id == dept_id, Appointment.start_date > on))
            later_portfolios = s.scalar(select(func.count()).select_from(Portfolio).where(
                Portfolio.department_id == dept_id, Portfolio.start_date > on))
            if later or later_portfolios:
                raise Invalid(f"{dept.name}在{rules.date_text(on)}之后还有开始的任职或分管记录，"
                              "不能在此日期撤销；请先调整这些记录。")
            dept.ended_on = on
            self.audit(s, "单位.撤销", "department", dept_id, f"{dept.name} 于 {on.isoformat()} 撤销")

    def departments(self, *, search: str = "", kind: DepartmentKind | None = None,
                    on: dt.date | None = None, include_ended: bool = True) -> list[DepartmentRow]:
        """`on`: only departments not yet ended on that date; include_ended=False: the same for today."""
        query = select(Department).order_by(Department.sort_order, Department.id)
        if search.strip():
            pattern = _like(search)
            query = query.where(or_(Department.name.like(pattern, escape="\\"),
                                    Department.short_name.like(pattern, escape="\\")))
        if kind is not None:
            query = query.where(Department.kind == as_enum(DepartmentKind, kind, "单位类别"))
        if on is not None or not include_ended:
            day = on or dt.date.today()
            query = query.where(or_(Department.ended_on.is_(None), Department.ended_on >= day))
        with self.reading() as s:
            return [_department_row(d) for d in s.scalars(query)]

    def department(self, dept_id: int) -> DepartmentRow:
        with self.reading() as s:
            return _department_row(self._get(s, Department, dept_id, "单位"))

    def legality_reviewer(self, on: dt.date) -> DepartmentRow | None:
        query = (select(Department).where(Department.is_legality_reviewer.is_(True),
                                          or_(Department.ended_on.is_(None), Department.ended_on >= on))
                 .order_by(Department.id).limit(1))
        with self.reading() as s:
            dept = s.scalars(query).first()
            return _department_row(dept) if dept else None

    def _department_values(self, fields: dict[str, object]) -> dict[str, object]:
        checks: dict[str, Callable[[object], object]] = {
            "name": lambda v: _name(v, "单位名称"),
            "short_name": lambda v: clean_line(str(v or ""), "简称", max_len=NAME_MAX),
            "kind": lambda v: as_enum(DepartmentKind, v, "单位类别"),
            "is_legality_reviewer": bool,
            "note": lambda v: clean_text(str(v or ""), "备注", max_len=NOTE_MAX),
            "sort_order": _order,
        }
        return {key: checks[key](value) for key, value in fields.items()}

    def _check_department(self, s: Session, dept_id: int | None, values: dict[str, object]) -> None:
        if "name" in values:
            clash = s.scalar(select(Department.id).where(Department.name == values["name"],
                                                         Department.id != (dept_id or 0)))
            if clash:
                raise Invalid(f"已有名为“{values['name']}”的单位。")
        if values.get("is_legality_reviewer"):
            reviewers = s.scalars(select(Department).where(Department.is_legality_reviewer.is_(True)))
            refuse(rules.legality_reviewer_problems(
                dept_id, [DepartmentFact(d.id, d.name, d.ended_on) for d in reviewers], dt.date.today()))

    # --- people ---------------------------------------------------------------------------

    def add_person(self, name: str, *, note: str = "") -> int:
        values = self._person_values({"name": name, "note": note})
        with self.transaction() as s:
            self._check_person(s, None, values)
            person = Person(sort_order=self._next_order(s, Person), **values)
            s.add(person)
            s.flush()
            self.audit(s, "人员.新增", "person", person.id, person.name)
            return person.id

    def update_person(self, person_id: int, **fields: object) -> None:
        _check_fields(fields, ("name", "note", "sort_order"))
        values = self._person_values(fields)
        with self.transaction() as s:
            person = self._get(s, Person, person_id, "人员")
            before = {k: getattr(person, k) for k in values}
            merged = {"name": person.name, "note": person.note, **values}
            self._check_person(s, person_id, merged)
            for key, value in values.items():
                setattr(person, key, value)
            self.audit(s, "人员.修改", "person", person_id, f"{person.name}：{_changes(before, values)}")

    def people(self, *, search: str = "", post: Post | None = None,
               on: dt.date | None = None) -> list[PersonRow]:
        """Everyone (or holders of `post`) with the posts held on `on` (default today) as text."""
        day = on or dt.date.today()
        where: list[ColumnElement[bool]] = []
        if search.strip():
            where.append(Person.name.like(_like(search), escape="\\"))
        if post is not None:
            held = aliased(Appointment)  # its own alias: _posts_text joins Appointment with this filter
            where.append(exists().where(held.person_id == Person.id, held.post == as_enum(Post, post, "职务"),
                                        _covering(held.start_date, held.end_date, day)))
        with self.reading() as s:
            people = s.execute(select(Person.id, Person.name, Person.note).where(*where)
                               .order_by(Person.sort_order, Person.id)).all()
            posts = self._posts_text(s, where, day)
        return [PersonRow(pid, name, note, posts.get(pid, "")) for pid, name, note in people]

    def person(self, person_id: int) -> PersonDetail:
        with self.reading() as s:
            person = self._get(s, Person, person_id, "人员")
            return PersonDetail(
                id=person.id, name=person.name, note=person.note,
                appointments=tuple(self._appointment_rows(s, Appointment.person_id == person_id)),
                portfolios=tuple(self._portfolio_rows(s, Portfolio.leader_id == person_id)),
                partnerships=tuple(self._partnership_rows(s, or_(ABPartner.person_a_id == person_id,
                                                                 ABPartner.person_b_id == person_id))),
                delegations=tuple(self._delegation_rows(s, or_(Delegation.delegator_id == person_id,
                                                               Delegation.delegate_id == person_id))))

    def _person_values(self, fields: dict[str, object]) -> dict[str, object]:
        checks: dict[str, Callable[[object], object]] = {
            "name": lambda v: _name(v, "姓名"),
            "note": lambda v: clean_text(str(v or ""), "备注", max_len=NOTE_MAX),
            "sort_order": _order,
        }
        return {key: checks[key](value) for key, value in fields.items()}

    def _check_person(self, s: Session, person_id: int | None, values: dict[str, object]) -> None:
        """Two people may share a name; the note tells them apart, so (name, note) is unique."""
        if "name" not in values:
            return
        clash = s.scalar(select(Person.id).where(Person.name == values["name"],
                                                 Person.note == values.get("note", ""),
                                                 Person.id != (person_id or 0)))
        if clash:
            raise Invalid(f"已有人员“{values['name']}”。如确为同名的另一人，请在备注中注明（如所在单位）以便区分。")

    def _posts_text(self, s: Session, person_where: list[ColumnElement[bool]], day: dt.date) -> dict[int, str]:
        """The posts each listed person holds on `day`, in one query joined on the same filter."""
        query = (select(Appointment.person_id, Appointment.post, Appointment.title, Department.name)
                 .join(Person, Person.id == Appointment.person_id)
                 .outerjoin(Department, Department.id == Appointment.department_id)
                 .where(_covering(Appointment.start_date, Appointment.end_date, day), *person_where)
                 .order_by(Appointment.person_id, Appointment.start_date))
        texts: dict[int, list[str]] = {}
        for pid, post, title, dept in s.execute(query):
            shown = title or post.label
            texts.setdefault(pid, []).append(f"{dept} {shown}" if dept else shown)
        return {pid: "；".join(parts) for pid, parts in texts.items()}

    # --- appointments ---------------------------------------------------------------------

    def appoint(self, person_id: int, post: Post | str, start: dt.date, *, department_id: int | None = None,
                title: str = "", end: dt.date | None = None) -> int:
        with self.transaction() as s:
            fact = self._appointment_fact(s, None, person_id, as_enum(Post, post, "职务"), start, end,
                                          department_id)
            self._check_appointment(s, fact)
            row = Appointment(person_id=fact.person_id, post=fact.post, department_id=fact.department_id,
                              title=clean_line(title, "职务名称", max_len=NAME_MAX),
                              start_date=fact.start, end_date=fact.end)
            s.add(row)
            s.flush()
            self.audit(s, "任职.新增", "appointment", row.id, _appointment_summary(fact))
            return row.id

    def update_appointment(self, appointment_id: int, **fields: object) -> None:
        _check_fields(fields, ("post", "department_id", "title", "start", "end"))
        with self.transaction() as s:
            row = self._get(s, Appointment, appointment_id, "任职记录")
            self._apply_appointment(s, row, fields, "任职.修改")

    def end_appointment(self, appointment_id: int, on: dt.date) -> None:
        on = _required_date(on, "结束日期")
        with self.transaction() as s:
            row = self._get(s, Appointment, appointment_id, "任职记录")
            refuse(rules.end_problems(row.start_date, on, "任职"))
            self._apply_appointment(s, row, {"end": on}, "任职.结束")

    def appointments(self, *, person_id: int | None = None, department_id: int | None = None,
                     post: Post | None = None, on: dt.date | None = None) -> list[AppointmentRow]:
        where: list[ColumnElement[bool]] = []
        if person_id is not None:
            where.append(Appointment.person_id == person_id)
        if department_id is not None:
            where.append(Appointment.department_id == department_id)
        if post is not None:
            where.append(Appointment.post == as_enum(Post, post, "职务"))
        if on is not None:
            where.append(_covering(Appointment.start_date, Appointment.end_date, on))
        with self.reading() as s:
            return self._appointment_rows(s, *where)

    def holders(self, post: Post, on: dt.date, department_id: int | None = None) -> list[PersonRef]:
        rows = self.appointments(post=post, on=on, department_id=department_id)
        return [PersonRef(r.person_id, r.person_name) for r in rows]

    def principal_head(self, department_id: int, on: dt.date) -> PersonRef | None:
        found = self.holders(Post.DEPARTMENT_HEAD, on, department_id)
        return found[0] if found else None

    def _apply_appointment(self, s: Session, row: Appointment, fields: dict[str, object], event: str) -> None:
        post = as_enum(Post, fields.get("post", row.post), "职务")
        fact = self._appointment_fact(s, row.id, row.person_id, post, fields.get("start", row.start_date),
                                      fields.get("end", row.end_date),
                                      fields.get("department_id", row.department_id))
        self._check_appointment(s, fact)
        if "title" in fields:
            row.title = clean_line(str(fields["title"] or ""), "职务名称", max_len=NAME_MAX)
        row.post, row.department_id = fact.post, fact.department_id
        row.start_date, row.end_date = fact.start, fact.end
        self.audit(s, event, "appointment", row.id, _appointment_summary(fact))

    def _appointment_fact(self, s: Session, appointment_id: int | None, person_id: int, post: Post,
                          start: object, end: object, department_id: object) -> AppointmentFact:
        person = self._get(s, Person, person_id, "人员")
        dept = self._get(s, Department, department_id, "单位") if department_id is not None else None
        return AppointmentFact(person_id=person.id, post=post, start=_required_date(start, "开始日期"),
                               end=as_date(end, "结束日期", required=False),
                               department_id=dept.id if dept else None, id=appointment_id,
                               person_name=person.name, department_name=dept.name if dept else "")

    def _check_appointment(self, s: Session, fact: AppointmentFact) -> None:
        # Only rows that can clash: the person's own, and the other holders of a one-holder post.
        related: list[ColumnElement[bool]] = [Appointment.person_id == fact.person_id]
        if fact.post in rules.SINGLETON_POSTS:
            related.append(Appointment.post == fact.post)
        if fact.post == Post.DEPARTMENT_HEAD and fact.department_id is not None:
            related.append(and_(Appointment.post == fact.post, Appointment.department_id == fact.department_id))
        others = [_appointment_fact_of(r) for r in self._appointment_rows(s, or_(*related))]
        departments = self._department_facts(s, [fact.department_id] if fact.department_id else [])
        refuse(rules.appointment_problems(fact, others, departments))

    # --- portfolios -----------------------------------------------------------------------

    def assign_portfolio(self, leader_id: int, department_id: int, start: dt.date,
                         end: dt.date | None = None) -> int:
        with self.transaction() as s:
            leader = self._get(s, Person, leader_id, "分管领导")
            dept = self._get(s, Department, department_id, "单位")
            fact = PortfolioFact(leader.id, dept.id, _required_date(start, "开始日期"),
                                 as_date(end, "结束日期", required=False), None, leader.name, dept.name)
            self._check_portfolio(s, fact)
            row = Portfolio(leader_id=leader.id, department_id=dept.id, start_date=fact.start,
                            end_date=fact.end)
            s.add(row)
            s.flush()
            self.audit(s, "分管.新增", "portfolio", row.id,
                       f"{leader.name} 分管 {dept.name}，{rules.period_text(fact.start, fact.end)}")
            return row.id

    def end_portfolio(self, portfolio_id: int, on: dt.date) -> None:
        on = _required_date(on, "结束日期")
        with self.transaction() as s:
            row = self._get(s, Portfolio, portfolio_id, "分管记录")
            refuse(rules.end_problems(row.start_date, on, "分管"))
            [current] = self._portfolio_rows(s, Portfolio.id == portfolio_id)
            fact = PortfolioFact(row.leader_id, row.department_id, row.start_date, on, row.id,
                                 current.leader_name, current.department_name)
            if row.end_date is None or on > row.end_date:
                self._check_portfolio(s, fact)  # a later end may reach another leader's period
            row.end_date = on
            self.audit(s, "分管.结束", "portfolio", row.id,
                       f"{current.leader_name} 分管 {current.department_name} 于 {on.isoformat()} 结束")

    def portfolios(self, *, leader_id: int | None = None, department_id: int | None = None,
                   on: dt.date | None = None) -> list[PortfolioRow]:
        where: list[ColumnElement[bool]] = []
        if leader_id is not None:
            where.append(Portfolio.leader_id == leader_id)
        if department_id is not None:
            where.append(Portfolio.department_id == department_id)
        if on is not None:
            where.append(_covering(Portfolio.start_date, Portfolio.end_date, on))
        with self.reading() as s:
            return self._portfolio_rows(s, *where)

    def supervisor(self, department_id: int, on: dt.date) -> PersonRef | None:
        found = self.portfolios(department_id=department_id, on=on)
        return PersonRef(found[0].leader_id, found[0].leader_name) if found else None

    def _check_portfolio(self, s: Session, fact: PortfolioFact) -> None:
        others = [_portfolio_fact_of(r)
                  for r in self._portfolio_rows(s, Portfolio.department_id == fact.department_id)]
        mine = [_appointment_fact_of(r)
                for r in self._appointment_rows(s, Appointment.person_id == fact.leader_id)]
        departments = self._department_facts(s, [fact.department_id])
        refuse(rules.portfolio_problems(fact, others, mine, departments))

    # --- AB partners ----------------------------------------------------------------------

    def pair_partners(self, person_a_id: int, person_b_id: int, start: dt.date,
                      end: dt.date | None = None) -> int:
        with self.transaction() as s:
            a = self._get(s, Person, person_a_id, "A角")
            b = self._get(s, Person, person_b_id, "B角")
            fact = PartnerFact(a.id, b.id, _required_date(start, "开始日期"),
                               as_date(end, "结束日期", required=False), None, a.name, b.name)
            self._check_partnership(s, fact)
            row = ABPartner(person_a_id=a.id, person_b_id=b.id, start_date=fact.start, end_date=fact.end)
            s.add(row)
            s.flush()
            self.audit(s, "AB角.新增", "ab_partner", row.id,
                       f"{a.name} 与 {b.name} 互为AB角，{rules.period_text(fact.start, fact.end)}")
            return row.id

    def end_partnership(self, pair_id: int, on: dt.date) -> None:
        on = _required_date(on, "结束日期")
        with self.transaction() as s:
            row = self._get(s, ABPartner, pair_id, "AB角记录")
            refuse(rules.end_problems(row.start_date, on, "AB角"))
            [current] = self._partnership_rows(s, ABPartner.id == pair_id)
            if row.end_date is None or on > row.end_date:
                self._check_partnership(s, _partner_fact_of(current, end=on))
            row.end_date = on
            self.audit(s, "AB角.结束", "ab_partner", row.id,
                       f"{current.person_a_name} 与 {current.person_b_name} 的AB角于 {on.isoformat()} 结束")

    def partnerships(self, *, on: dt.date | None = None) -> list[PartnershipRow]:
        where = [_covering(ABPartner.start_date, ABPartner.end_date, on)] if on is not None else []
        with self.reading() as s:
            return self._partnership_rows(s, *where)

    def partner_of(self, person_id: int, on: dt.date) -> PersonRef | None:
        with self.reading() as s:
            rows = self._partnership_rows(s, or_(ABPartner.person_a_id == person_id,
                                                 ABPartner.person_b_id == person_id),
                                          _covering(ABPartner.start_date, ABPartner.end_date, on))
        if not rows:
            return None
        r = rows[0]
        return PersonRef(r.person_b_id, r.person_b_name) if r.person_a_id == person_id \
            else PersonRef(r.person_a_id, r.person_a_name)

    def _check_partnership(self, s: Session, fact: PartnerFact) -> None:
        ids = (fact.person_a_id, fact.person_b_id)
        others = [_partner_fact_of(r) for r in self._partnership_rows(
            s, or_(ABPartner.person_a_id.in_(ids), ABPartner.person_b_id.in_(ids)))]
        mine = [_appointment_fact_of(r) for r in self._appointment_rows(s, Appointment.person_id.in_(ids))]
        refuse(rules.partnership_problems(fact, others, mine))

    # --- delegations ----------------------------------------------------------------------

    def add_delegation(self, delegator_id: int, delegate_id: int, scope: DelegationScope | str,
                       start: dt.date, end: dt.date, reason: str = "") -> int:
        with self.transaction() as s:
            who = self._get(s, Person, delegator_id, "委托人")
            to = self._get(s, Person, delegate_id, "受托人")
            fact = DelegationFact(who.id, to.id, as_enum(DelegationScope, scope, "委托事项"),
                                  _required_date(start, "开始日期"), _required_date(end, "结束日期"),
                                  None, who.name, to.name)
            self._check_delegation(s, fact)
            row = Delegation(delegator_id=who.id, delegate_id=to.id, scope=fact.scope, start_date=fact.start,
                             end_date=fact.end, reason=clean_line(reason, "事由", max_len=REASON_MAX))
            s.add(row)
            s.flush()
            self.audit(s, "委托.新增", "delegation", row.id,
                       f"{who.name} 委托 {to.name}：{fact.scope.label}，{rules.period_text(fact.start, fact.end)}")
            return row.id

    def end_delegation(self, delegation_id: int, on: dt.date) -> None:
        """Cut a delegation short (e.g. the leader came back early); it covers `on` itself."""
        on = _required_date(on, "结束日期")
        with self.transaction() as s:
            row = self._get(s, Delegation, delegation_id, "委托记录")
            refuse(rules.end_problems(row.start_date, on, "委托"))
            [current] = self._delegation_rows(s, Delegation.id == delegation_id)
            if on > row.end_date:
                self._check_delegation(s, _delegation_fact_of(current, end=on))
            row.end_date = on
            self.audit(s, "委托.结束", "delegation", row.id,
                       f"{current.delegator_name} 委托 {current.delegate_name} 于 {on.isoformat()} 结束")

    def delegations(self, *, person_id: int | None = None, on: dt.date | None = None) -> list[DelegationRow]:
        where: list[ColumnElement[bool]] = []
        if person_id is not None:
            where.append(or_(Delegation.delegator_id == person_id, Delegation.delegate_id == person_id))
        if on is not None:
            where.append(_covering(Delegation.start_date, Delegation.end_date, on))
        with self.reading() as s:
            return self._delegation_rows(s, *where)

    def acting_for(self, person_id: int, on: dt.date, scope: DelegationScope) -> Acting | None:
        """Who acts for `person_id` on `on` in `scope`; None when the person acts in person."""
        scope = as_enum(DelegationScope, scope, "委托事项")
        with self.reading() as s:
            rows = self._delegation_rows(s, Delegation.delegator_id == person_id)
            found = rules.acting_for([_delegation_fact_of(r) for r in rows], person_id, on, scope)
            if found is None:
                return None
            d = found.delegation
            return Acting(authority=PersonRef(d.delegator_id, d.delegator_name),
                          authority_post=self._leader_post(s, d.delegator_id, on),
                          acting=PersonRef(d.delegate_id, d.delegate_name),
                          acting_post=self._leader_post(s, d.delegate_id, on),
                          scope=d.scope, delegation_id=d.id or 0, start=d.start, end=d.end)

    def _leader_post(self, s: Session, person_id: int, on: dt.date) -> str:
        """The first-ranked post held on `on` (区长 before 常务副区长 before 副区长 …)."""
        rows = self._appointment_rows(s, Appointment.person_id == person_id,
                                      _covering(Appointment.start_date, Appointment.end_date, on))
        rows.sort(key=lambda r: _POST_RANK.index(r.post))
        return rows[0].post_text if rows else ""

    def _check_delegation(self, s: Session, fact: DelegationFact) -> None:
        ids = (fact.delegator_id, fact.delegate_id)
        others = [_delegation_fact_of(r)
                  for r in self._delegation_rows(s, Delegation.delegator_id == fact.delegator_id)]
        mine = [_appointment_fact_of(r) for r in self._appointment_rows(s, Appointment.person_id.in_(ids))]
        pairs = [_partner_fact_of(r) for r in self._partnership_rows(
            s, or_(ABPartner.person_a_id == fact.delegator_id, ABPartner.person_b_id == fact.delegator_id))]
        refuse(rules.delegation_problems(fact, others, mine, pairs))

    # --- import -----------------------------------------------------------------------------

    def import_roster(self, parsed: ParsedRoster) -> ImportSummary:
        """Plan a parsed import file against a snapshot taken in the same transaction, then write
        the plan. One audit record names the file and the counts: per-row records would bury the
        trail under thousands of lines that say less than the file itself."""
        with self.transaction() as s:
            plan = plan_import(parsed, self._snapshot(s))
            summary = self._write_plan(s, plan)
            self.audit(s, "名册.导入", "file", parsed.source, f"{parsed.source}：{summary.text}")
            return summary

    def _snapshot(self, s: Session) -> Snapshot:
        return Snapshot(
            departments=[DepartmentFact(d.id, d.name, d.ended_on) for d in s.scalars(select(Department))],
            reviewers=[DepartmentFact(d.id, d.name, d.ended_on) for d in s.scalars(
                select(Department).where(Department.is_legality_reviewer.is_(True)))],
            people=[(pid, name, note) for pid, name, note in s.execute(
                select(Person.id, Person.name, Person.note))],
            appointments=[_appointment_fact_of(r) for r in self._appointment_rows(s)],
            portfolios=[_portfolio_fact_of(r) for r in self._portfolio_rows(s)],
            partnerships=[_partner_fact_of(r) for r in self._partnership_rows(s)],
            delegations=[_delegation_fact_of(r) for r in self._delegation_rows(s)])

    def _write_plan(self, s: Session, plan: ImportPlan) -> ImportSummary:
        order = self._next_order(s, Department)
        dept_ids = _bulk_ids(s, Department, [d.temp_id for d in plan.departments], [
            dict(name=d.name, short_name=d.short_name, kind=d.kind, note=d.note, ended_on=None,
                 is_legality_reviewer=d.is_legality_reviewer, sort_order=order + n)
            for n, d in enumerate(plan.departments)])
        order = self._next_order(s, Person)
        person_ids = _bulk_ids(s, Person, [p.temp_id for p in plan.people], [
            dict(name=p.name, note=p.note, sort_order=order + n) for n, p in enumerate(plan.people)])
        pid = lambda i: person_ids.get(i, i)  # noqa: E731 - temporary (negative) ids to stored ones
        did = lambda i: dept_ids.get(i, i) if i is not None else None  # noqa: E731
        _bulk(s, Appointment, [dict(person_id=pid(a.person_id), post=a.post, department_id=did(a.department_id),
                                    title=title, start_date=a.start, end_date=a.end)
                               for a, title in plan.appointments])
        _bulk(s, Portfolio, [dict(leader_id=pid(p.leader_id), department_id=did(p.department_id),
                                  start_date=p.start, end_date=p.end) for p in plan.portfolios])
        _bulk(s, ABPartner, [dict(person_a_id=pid(p.person_a_id), person_b_id=pid(p.person_b_id),
                                  start_date=p.start, end_date=p.end) for p in plan.partnerships])
        _bulk(s, Delegation, [dict(delegator_id=pid(d.delegator_id), delegate_id=pid(d.delegate_id),
                                   scope=d.scope, start_date=d.start, end_date=d.end, reason=reason)
                              for d, reason in plan.delegations])
        return ImportSummary(departments=len(plan.departments), people=len(plan.people),
                             appointments=len(plan.appointments), portfolios=len(plan.portfolios),
                             partnerships=len(plan.partnerships), delegations=len(plan.delegations),
                             departments_reused=plan.departments_reused, people_reused=plan.people_reused)

    # --- queries shared by the methods above -----------------------------------------------

    def _next_order(self, s: Session, model: Any) -> int:
        return int(s.scalar(select(func.coalesce(func.max(model.sort_order), 0))) or 0) + 1

    def _department_facts(self, s: Session, ids: Iterable[int]) -> dict[int, DepartmentFact]:
        ids = list(ids)
        if not ids:
            return {}
        rows = s.scalars(select(Department).where(Department.id.in_(ids)))
        return {d.id: DepartmentFact(d.id, d.name, d.ended_on) for d in rows}

    def _appointment_rows(self, s: Session, *where: ColumnElement[bool]) -> list[AppointmentRow]:
        query = (select(Appointment, Person.name, Department.name)
                 .join(Person, Person.id == Appointment.person_id)
                 .outerjoin(Department, Department.id == Appointment.department_id)
                 .where(*where).order_by(Appointment.start_date, Appointment.id))
        return [AppointmentRow(a.id, a.person_id, pname, a.post, a.department_id, dname or "", a.title,
                               a.start_date, a.end_date) for a, pname, dname in s.execute(query)]

    def _portfolio_rows(self, s: Session, *where: ColumnElement[bool]) -> list[PortfolioRow]:
        query = (select(Portfolio, Person.name, Department.name)
                 .join(Person, Person.id == Portfolio.leader_id)
                 .join(Department, Department.id == Portfolio.department_id)
                 .where(*where).order_by(Portfolio.start_date, Portfolio.id))
        return [PortfolioRow(p.id, p.leader_id, lname, p.department_id, dname, p.start_date, p.end_date)
                for p, lname, dname in s.execute(query)]

    def _partnership_rows(self, s: Session, *where: ColumnElement[bool]) -> list[PartnershipRow]:
        a, b = aliased(Person), aliased(Person)
        query = (select(ABPartner, a.name, b.name)
                 .join(a, a.id == ABPartner.person_a_id).join(b, b.id == ABPartner.person_b_id)
                 .where(*where).order_by(ABPartner.start_date, ABPartner.id))
        return [PartnershipRow(p.id, p.person_a_id, an, p.person_b_id, bn, p.start_date, p.end_date)
                for p, an, bn in s.execute(query)]

    def _delegation_rows(self, s: Session, *where: ColumnElement[bool]) -> list[DelegationRow]:
        who, to = aliased(Person), aliased(Person)
        query = (select(Delegation, who.name, to.name)
                 .join(who, who.id == Delegation.delegator_id).join(to, to.id == Delegation.delegate_id)
                 .where(*where).order_by(Delegation.start_date, Delegation.id))
        return [DelegationRow(d.id, d.delegator_id, wn, d.delegate_id, tn, d.scope, d.start_date, d.end_date,
                              d.reason) for d, wn, tn in s.execute(query)]


# --- conversions --------------------------------------------------------------------------

def _bulk(s: Session, model: Any, rows: list[dict[str, object]]) -> None:
    if rows:
        s.execute(insert(model), rows)


def _bulk_ids(s: Session, model: Any, temp_ids: list[int], rows: list[dict[str, object]]) -> dict[int, int]:
    """Insert many rows at once; map each temporary id to the stored one, in parameter order."""
    if not rows:
        return {}
    stored = s.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows).all()
    return dict(zip(temp_ids, stored, strict=True))


def _department_row(d: Department) -> DepartmentRow:
    return DepartmentRow(d.id, d.name, d.short_name, d.kind, d.is_legality_reviewer, d.ended_on, d.note,
                         d.sort_order)


def _appointment_fact_of(r: AppointmentRow) -> AppointmentFact:
    return AppointmentFact(r.person_id, r.post, r.start, r.end, r.department_id, r.id, r.person_name,
                           r.department_name)


def _portfolio_fact_of(r: PortfolioRow) -> PortfolioFact:
    return PortfolioFact(r.leader_id, r.department_id, r.start, r.end, r.id, r.leader_name, r.department_name)


def _partner_fact_of(r: PartnershipRow, end: dt.date | None = None) -> PartnerFact:
    return PartnerFact(r.person_a_id, r.person_b_id, r.start, end or r.end, r.id, r.person_a_name,
                       r.person_b_name)


def _delegation_fact_of(r: DelegationRow, end: dt.date | None = None) -> DelegationFact:
    return DelegationFact(r.delegator_id, r.delegate_id, r.scope, r.start, end or r.end, r.id,
                          r.delegator_name, r.delegate_name)


def _appointment_summary(f: AppointmentFact) -> str:
    where = f"{f.department_name} " if f.department_name else ""
    return f"{f.person_name}：{where}{f.post.label}，{rules.period_text(f.start, f.end)}"
