"""How each account left the window: size and position, splitter states, the last page (issue 14 §6).

Kept in the encrypted file's `setting` table, one row per account ("window_layout:用户名", a JSON
value), not in a plain settings file beside it: the page a secretary last had open and the names of
the splitters say what she works on, and a settings file in the home folder would be readable without
the key. The window's own formats (Qt's saveGeometry/saveState) are opaque base64 text to the core,
which never imports Qt.

Any logged-in account may keep its own layout, a read-only one too: it is the account's view, not the
office's data. It is still a change to the file, so it goes through one transaction and leaves one
audit record ("账户.界面布局") — and only when something changed, so closing an untouched window
writes nothing.
"""

from __future__ import annotations

import binascii
import json
from dataclasses import dataclass, field

from core.errors import Invalid
from core.model import Setting
from core.services.base import Service

KEY_PREFIX = "window_layout:"
EVENT = "账户.界面布局"
MAX_BLOB = 16_000     # a QMainWindow's state with its tool bars is well under 1 kB
MAX_SPLITTERS = 40
MAX_NAME = 100


@dataclass(frozen=True)
class WindowLayout:
    geometry: str = ""  # base64 of the window's size and position, in the window's own format
    state: str = ""     # base64 of the window's tool bars and docks
    splitters: dict[str, str] = field(default_factory=dict)  # name → base64 state
    page: str = ""      # the page shown last (its name in the navigation)

    @property
    def empty(self) -> bool:
        return not (self.geometry or self.state or self.splitters or self.page)

    def to_json(self) -> str:
        return json.dumps({"geometry": self.geometry, "state": self.state,
                           "splitters": dict(sorted(self.splitters.items())), "page": self.page},
                          ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> WindowLayout:
        """A stored value; anything unreadable (an older or damaged value) is no layout at all,
        so the window opens at its default size rather than refusing to open."""
        try:
            raw = json.loads(text)
            layout = cls(geometry=str(raw.get("geometry", "")), state=str(raw.get("state", "")),
                         splitters={str(k): str(v) for k, v in dict(raw.get("splitters", {})).items()},
                         page=str(raw.get("page", "")))
            _check(layout)
        except (ValueError, TypeError, AttributeError, Invalid):
            return cls()
        return layout


def _is_base64(text: str) -> bool:
    if not text:
        return True
    try:
        binascii.a2b_base64(text.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError):
        return False
    return all(c.isalnum() or c in "+/=" for c in text)


def _check(layout: WindowLayout) -> None:
    blobs = [layout.geometry, layout.state, *layout.splitters.values()]
    if len(layout.splitters) > MAX_SPLITTERS or any(len(b) > MAX_BLOB or not _is_base64(b) for b in blobs):
        raise Invalid("窗口布局的数据无效，未保存。")
    if any(not name or len(name) > MAX_NAME for name in layout.splitters) or len(layout.page) > MAX_NAME:
        raise Invalid("窗口布局的名称无效，未保存。")


class PreferencesService(Service):
    # Every role may keep its own layout ("view" is in every role); the key is the logged-in account's.
    write_action = "view"

    def _key(self) -> str:
        return KEY_PREFIX + self._actor()

    def window_layout(self) -> WindowLayout:
        """How the logged-in account left the window; an empty layout the first time."""
        with self.reading() as s:
            row = s.get(Setting, self._key())
            return WindowLayout.from_json(row.value) if row is not None else WindowLayout()

    def remember_window_layout(self, layout: WindowLayout) -> bool:
        """Keep `layout` for the logged-in account; True when it differed from the one kept (and
        was written with its audit record), False when nothing changed and nothing was written."""
        _check(layout)
        value = layout.to_json()
        with self.transaction() as s:
            key = self._key()
            row = s.get(Setting, key)
            if row is not None and row.value == value:
                return False
            before = WindowLayout.from_json(row.value) if row is not None else WindowLayout()
            if row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value
            self.audit(s, EVENT, "setting", key, _summary(before, layout))
        return True


def _summary(before: WindowLayout, after: WindowLayout) -> str:
    """What changed, in words (the blobs themselves say nothing to a reader of the audit trail)."""
    parts = []
    if before.geometry != after.geometry or before.state != after.state:
        parts.append("窗口大小与位置")
    changed = sorted(name for name in set(before.splitters) | set(after.splitters)
                     if before.splitters.get(name) != after.splitters.get(name))
    if changed:
        parts.append("分隔条（" + "、".join(changed[:5]) + ("等" if len(changed) > 5 else "") + "）")
    if before.page != after.page:
        parts.append(f"最后的页面：{after.page or '（无）'}")
    return "保存" + "，".join(parts) if parts else "保存"
