"""Reading the audit trail (issue 6 §3): rows filtered in SQL (time range, user, event, object,
failures), newest first, a page at a time; the values the filters offer; the chain report and
the anchor's word on it, in the Chinese the 数据安全 window and the PDF print.

Read only: nothing here writes the file or the anchor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, sessionmaker

from core.model import Account, AuditRecord, Person
from core.services import audit
from core.services.base import NOT_LOGGED_IN, Service

PAGE_SIZE = 100
EXPORT_MAX = 50_000  # a PDF of more rows than this is no longer read by anyone; filter first

# What the object types of the audit rows are called (the services write the English names).
OBJECT_NAMES = {
    "ab_partner": "AB角", "absence": "外出报备", "account": "账户", "account_policy": "账户安全设置",
    "appointment": "任职", "delegation": "委托", "department": "单位", "file": "数据文件",
    "follow_up": "督办事项", "leave": "请假", "material": "材料", "meeting": "会议", "minutes": "纪要",
    "person": "人员", "portfolio": "分管", "setting": "设置", "topic": "议题",
}


def object_name(object_type: str) -> str:
    return OBJECT_NAMES.get(object_type, object_type)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: str          # ISO 8601 with the offset, as recorded
    user: str        # who, as a person: "张三（zhangsan）" for an account (see `who`)
    event: str
    object_type: str
    object_id: str
    success: bool
    summary: str
    user_name: str = ""  # as recorded (the account's user name, or the name typed at a login)

    @property
    def time_text(self) -> str:
        """"2026-11-28 09:30:05" in the time of the machine that recorded it."""
        try:
            return dt.datetime.fromisoformat(self.at).strftime("%Y-%m-%d %H:%M:%S")
        except ValueError:
            return self.at

    @property
    def offset_text(self) -> str:
        """The recorded UTC offset ("+08:00"), printed beside the time in the PDF."""
        try:
            stamp = dt.datetime.fromisoformat(self.at)
        except ValueError:
            return ""
        offset = stamp.utcoffset()
        if offset is None:
            return ""
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"

    @property
    def object_text(self) -> str:
        if not self.object_type:
            return ""
        name = object_name(self.object_type)
        return f"{name} {self.object_id}" if self.object_id else name

    @property
    def result_text(self) -> str:
        return "成功" if self.success else "失败"


@dataclass(frozen=True)
class AuditFilter:
    since: dt.date | None = None     # from this day (as recorded), inclusive
    until: dt.date | None = None     # to this day, inclusive
    user: str | None = None
    event: str | None = None         # an exact event, or a category ending in "." ("会议.")
    object_type: str | None = None
    object_id: str | None = None
    failures_only: bool = False

    def describe(self) -> str:
        """The filter in words, for the PDF's period line."""
        parts = []
        if self.since and self.until:
            parts.append(f"{_day(self.since)}至{_day(self.until)}")
        elif self.since:
            parts.append(f"{_day(self.since)}起")
        elif self.until:
            parts.append(f"截至{_day(self.until)}")
        else:
            parts.append("全部时间")
        if self.user:
            parts.append(f"用户：{self.user}")
        if self.event:
            parts.append(f"事件：{self.event[:-1] + '（全部）' if self.event.endswith('.') else self.event}")
        if self.object_type:
            parts.append(f"对象：{object_name(self.object_type)}" + (f" {self.object_id}" if self.object_id else ""))
        if self.failures_only:
            parts.append("仅失败的操作")
        return "；".join(parts)


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    total: int       # rows matching the filter
    offset: int
    limit: int

    @property
    def has_previous(self) -> bool:
        return self.offset > 0

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.rows) < self.total


@dataclass(frozen=True)
class AuditChoices:
    users: list[str]
    events: list[str]
    object_types: list[str]


@dataclass(frozen=True)
class ChainStatus:
    ok: bool
    rows: int
    first_bad_id: int | None

    @property
    def text(self) -> str:
        if self.ok:
            return f"审计记录完整，共 {self.rows} 条"
        return f"第 {self.first_bad_id} 条审计记录被改动或链条断开"


@dataclass(frozen=True)
class AnchorStatus:
    ok: bool
    kept: bool        # whether an anchor was recorded for this file yet
    problems: list[str]

    @property
    def text(self) -> str:
        if self.problems:
            return "审计锚点不符：" + "；".join(self.problems)
        if not self.kept:
            return "审计锚点尚未建立（管理员登录后建立）"
        return "审计锚点一致（数据文件未被替换为旧副本）"


class AuditLogService(Service):
    write_action = None  # it only reads, and records events (exports, backups) for whoever acted
    def __init__(self, sessions: sessionmaker[Session], actor: Callable[[], str]) -> None:
        super().__init__(sessions, actor)

    def rows(self, where: AuditFilter = AuditFilter(), *, limit: int = PAGE_SIZE,  # noqa: B008
             offset: int = 0) -> AuditPage:
        """One page of the rows matching `where`, newest first, and how many match in all."""
        limit = max(1, min(limit, EXPORT_MAX))
        offset = max(0, offset)
        with self.reading() as s:
            total = int(s.scalar(_filtered(select(func.count()).select_from(AuditRecord), where)) or 0)
            query = _filtered(select(AuditRecord), where).order_by(AuditRecord.id.desc())
            names = _account_names(s)
            found = [_row(r, names) for r in s.scalars(query.limit(limit).offset(offset))]
        return AuditPage(found, total, offset, limit)

    def for_export(self, where: AuditFilter = AuditFilter()) -> list[AuditRow]:  # noqa: B008
        """Every matching row, oldest first (the order of the chain), at most EXPORT_MAX."""
        with self.reading() as s:
            query = _filtered(select(AuditRecord), where).order_by(AuditRecord.id.desc()).limit(EXPORT_MAX)
            names = _account_names(s)
            found = [_row(r, names) for r in s.scalars(query)]
        found.reverse()
        return found

    def choices(self) -> AuditChoices:
        with self.reading() as s:
            def values(column: Any) -> list[str]:
                return [v for v in s.scalars(select(column).distinct().order_by(column)) if v]

            # The users a filter offers: accounts, and names typed at a login; not the actor of a
            # session without a login (it may be the computer's user, see `who`).
            users = [u for u in s.scalars(select(AuditRecord.user).distinct().where(
                AuditRecord.user.in_(select(Account.user_name)) | (AuditRecord.object_type == "account"))
                .order_by(AuditRecord.user)) if u]
            return AuditChoices(users, values(AuditRecord.event), values(AuditRecord.object_type))

    def chain(self) -> ChainStatus:
        """Every row's hash recomputed from the first: the first row that does not agree."""
        with self.reading() as s:
            report = audit.verify(s)
        return ChainStatus(report.ok, report.rows, report.first_bad_id)


def _filtered(query: Select[Any], where: AuditFilter) -> Select[Any]:
    # `at` is ISO 8601 text beginning with the recorded local date, so a day range is a text range.
    if where.since is not None:
        query = query.where(AuditRecord.at >= where.since.isoformat())
    if where.until is not None:
        query = query.where(AuditRecord.at < (where.until + dt.timedelta(days=1)).isoformat())
    if where.user:
        query = query.where(AuditRecord.user == where.user)
    if where.event:
        if where.event.endswith("."):
            query = query.where(func.substr(AuditRecord.event, 1, len(where.event)) == where.event)
        else:
            query = query.where(AuditRecord.event == where.event)
    if where.object_type:
        query = query.where(AuditRecord.object_type == where.object_type)
    if where.object_id:
        query = query.where(AuditRecord.object_id == where.object_id)
    if where.failures_only:
        query = query.where(AuditRecord.success.is_(False))
    return query


def _account_names(s: Session) -> dict[str, str]:
    """Each account's user name → the name records give its person (core.services.base.account_name)."""
    rows = s.execute(select(Account.user_name, Account.display_name, Person.name)
                     .outerjoin(Person, Person.id == Account.person_id)).all()
    return {user: display or person or user for user, display, person in rows}


def who(user: str, object_type: str, names: dict[str, str]) -> str:
    """The person behind a recorded user name: "张三（zhangsan）" for an account with a name, the
    user name alone for one without. A name of no account is shown as typed at a login or an
    account event (a wrong or unknown user name is evidence); elsewhere it was a session without
    a login, whose actor may be the computer's user, which the trail's readers are not shown."""
    shown = names.get(user)
    if shown is not None:
        return user if shown == user else f"{shown}（{user}）"
    return user if object_type == "account" else NOT_LOGGED_IN


def _row(r: AuditRecord, names: dict[str, str]) -> AuditRow:
    return AuditRow(r.id, r.at, who(r.user, r.object_type, names), r.event, r.object_type, r.object_id,
                    bool(r.success), r.summary, r.user)
