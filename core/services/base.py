"""What every service shares: one transaction per call, typed storage errors, the audit trail."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.errors import NotFound, NotPermitted
from core.model import Account, Person
from core.services import audit
from core.store.engine import storage_errors

#: what a record names when nobody logged in (a script, a test): the actor is then only a name
#: the caller gave or the computer's user, and neither is a person of this office
NOT_LOGGED_IN = "（未登录）"


def account_name(s: Session, user_name: str) -> str | None:
    """An account as records name a person: its display name, else the roster person it is
    linked to, else its user name; None when `user_name` is no account of this file."""
    account = s.scalar(select(Account).where(Account.user_name == user_name))
    if account is None:
        return None
    if account.display_name:
        return account.display_name
    person = s.get(Person, account.person_id) if account.person_id is not None else None
    return person.name if person is not None else account.user_name


class Service:
    #: what the logged-in account must be allowed to do for this service's changes (see
    #: core.services.accounts.PERMISSIONS); a method recorded on behalf of a leader asks "review"
    write_action: str | None = "workflow"  # None: the service checks its callers itself

    def __init__(self, sessions: sessionmaker[Session], actor: Callable[[], str]) -> None:
        self._sessions = sessions
        self._actor = actor
        self.may: Callable[[str], bool] = lambda _action: True  # Office sets its account check

    @contextmanager
    def transaction(self, action: str | None = None) -> Iterator[Session]:
        """One call, one transaction: committed when the block ends, rolled back on any error.
        Refused before anything is read when the logged-in account may not make this change."""
        needed = action or self.write_action
        if needed is not None and not self.may(needed):
            raise NotPermitted("当前账户的角色不能进行此操作（只读账户只能查看；设置由管理员修改；"
                             "审核账户只能录入核稿和领导意见）。请换用有权限的账户登录。")
        with storage_errors(), self._sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with storage_errors(), self._sessions() as session:
            yield session

    @staticmethod
    def _get(s: Session, model: Any, key: object, what: str) -> Any:
        """The row of `model` with id `key`, or a NotFound naming what was looked for."""
        row = s.get(model, key) if isinstance(key, int) and not isinstance(key, bool) else None
        if row is None:
            raise NotFound(f"找不到该{what}（编号 {key}），可能已被修改，请刷新后重试。")
        return row

    def actor_name(self, s: Session) -> str:
        """Who acts, named as a person for the records a window or a document shows (拟稿, who
        entered a leader's act, who printed): the logged-in account (see `account_name`). The
        audit trail keeps the account's user name, which is unique."""
        return account_name(s, self._actor()) or NOT_LOGGED_IN

    def actor_person_id(self, s: Session) -> int | None:
        """The roster person the logged-in account is linked to, if any."""
        return s.scalar(select(Account.person_id).where(Account.user_name == self._actor()))

    @classmethod
    def _person(cls, s: Session, person_id: int) -> str:
        return str(cls._get(s, Person, person_id, "人员").name)

    def audit(self, session: Session, event: str, object_type: str = "", object_id: object = "",
              summary: str = "", success: bool = True) -> None:
        audit.append(session, user=self._actor(), event=event, object_type=object_type,
                     object_id=str(object_id), summary=summary, success=success)
