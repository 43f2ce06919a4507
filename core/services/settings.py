"""Settings kept inside the encrypted file."""

from __future__ import annotations

from sqlalchemy import select

from core.errors import Invalid
from core.model import Setting
from core.services.base import Service
from core.text import clean_line

OFFICE_NAME = "office_name"
FILE_FORMAT = "file_format"
FORMAT_MARK = "huiwu"

DEFAULTS = {OFFICE_NAME: ""}


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
        with self.transaction() as s:
            row = s.get(Setting, key)
            before = row.value if row else ""
            if row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value
            self.audit(s, "设置.修改", "setting", key, f"{before[:80]} → {value[:80]}")

    def office_name(self) -> str:
        return self.get(OFFICE_NAME)

    def set_office_name(self, name: str) -> None:
        name = clean_line(name, "机关名称", max_len=60)
        if not name:
            raise Invalid("请填写机关名称，例如“××区人民政府办公室”。")
        self.set(OFFICE_NAME, name)
