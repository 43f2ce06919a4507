"""User accounts inside the encrypted file: who may log in, in which role, the lockout state, and the
hashes of former passwords (R18: no reuse of the last N)."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, DateTime, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Role(enum.Enum):
    ADMIN = "管理员"      # accounts and settings
    SECRETARY = "秘书"    # the whole workflow
    REVIEWER = "审核"     # 核稿 and approvals recorded on behalf of leaders
    READ_ONLY = "只读"    # view; prints nothing classified

    @property
    def label(self) -> str:
        return self.value


class Account(Base):
    __tablename__ = "account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_name: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(60), default="")
    # The person of the roster this account is (set by the administrator): the 核稿 form offers
    # them first, and records name them when the account has no display name.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20))
    # "scrypt$n$r$p$salt-hex$hash-hex": the parameters travel with the hash, so raising them
    # later still verifies old passwords.
    password_hash: Mapped[str] = mapped_column(String(300))
    must_change: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Kept in the file so a restart neither forgets failures nor lifts a lock (R18).
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)  # UTC, naive
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)  # UTC, naive
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)  # UTC, naive


class PasswordHistory(Base):
    """A former password of an account, as its scrypt hash (own salt; never the password).

    One row per replaced password, rather than a JSON list on `account`: pruning is a DELETE,
    the newest come first by id (not by clock, which may be set back), adding the table needed
    no rebuild of `account`, and it stays plain SQL for a PostgreSQL-compatible server. The
    current password is not repeated here: `account.password_hash` counts as the newest of the N.
    """

    __tablename__ = "password_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(300))  # same format as Account.password_hash
    replaced_at: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC, naive: when it stopped being current
