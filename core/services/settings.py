"""Settings kept inside the encrypted file."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import Invalid
from core.model import Setting
from core.services.base import Service
from core.text import clean_line

OFFICE_NAME = "office_name"
FILE_FORMAT = "file_format"
FORMAT_MARK = "huiwu"
# Office practice, not a rule (art. 42's legality sentence names the topics of the other three
# meetings): a 专题 topic involving laws is also sent to 区司法局. On unless switched off.
THEMATIC_LEGALITY = "thematic_legality_review"
ON, OFF = "1", "0"

DEFAULTS = {OFFICE_NAME: "", THEMATIC_LEGALITY: ON}
# Keys whose change re-derives records in the same transaction: written by their own method
# (THEMATIC_LEGALITY by TopicService.set_thematic_legality_review), never through set().
OWN_SETTER = {THEMATIC_LEGALITY: "专题会议议题合法性审查"}


def thematic_legality_review_in(s: Session) -> bool:
    """Whether 专题 topics involving laws go to the legality review (office practice), read
    inside a caller's session."""
    value = s.scalar(select(Setting.value).where(Setting.key == THEMATIC_LEGALITY))
    return (value if value is not None else DEFAULTS[THEMATIC_LEGALITY]) != OFF


def write_in(s: Session, key: str, value: str) -> str:
    """Write a setting inside a caller's transaction; returns the value it replaces."""
    row = s.get(Setting, key)
    before = row.value if row else DEFAULTS.get(key, "")
    if row is None:
        s.add(Setting(key=key, value=value))
    else:
        row.value = value
    return before


class SettingsService(Service):
    write_action = "settings"
    def get(self, key: str) -> str:
        with self.reading() as s:
            value = s.scalar(select(Setting.value).where(Setting.key == key))
        return value if value is not None else DEFAULTS.get(key, "")

    def all(self) -> dict[str, str]:
        with self.reading() as s:
            return {row.key: row.value for row in s.scalars(select(Setting))}

    def set(self, key: str, value: str) -> None:
        if key in OWN_SETTER:
            raise Invalid(f"“{OWN_SETTER[key]}”须在“设置”页面修改。")
        with self.transaction() as s:
            before = write_in(s, key, value)
            self.audit(s, "设置.修改", "setting", key, f"{before[:80]} → {value[:80]}")

    def office_name(self) -> str:
        return self.get(OFFICE_NAME)

    def set_office_name(self, name: str) -> None:
        name = clean_line(name, "机关名称", max_len=60)
        if not name:
            raise Invalid("请填写机关名称，例如“××区人民政府办公室”。")
        self.set(OFFICE_NAME, name)

    def thematic_legality_review(self) -> bool:
        """专题 topics involving laws go to 区司法局 (office practice; on by default)."""
        with self.reading() as s:
            return thematic_legality_review_in(s)
