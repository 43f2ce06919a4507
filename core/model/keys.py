"""The file's key slots, kept inside the encrypted file (core.keeping.keyfile explains the keys).

Neither table travels in a JSON export: a file made from an export has a key of its own, and its
accounts get slots when their passwords are set there."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, LargeBinary, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base

NOT_EXPORTED = {"interchange": False}


class FileSecret(Base):
    """W, the file's wrapping key: one row. Inside the file so that the recovery code, which gives
    the database key only, can rebuild the key file."""

    __tablename__ = "file_secret"
    __table_args__ = {"info": NOT_EXPORTED}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wrapping_key: Mapped[bytes] = mapped_column(LargeBinary)


class KeySlot(Base):
    """An account's slot: W sealed under the account's password (JSON, see seal_slot)."""

    __tablename__ = "key_slot"
    __table_args__ = {"info": NOT_EXPORTED}

    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), primary_key=True)
    slot: Mapped[str] = mapped_column(Text)
