"""Each account's window layout (issue 14 §6): kept in the encrypted file per account, one audit
record per save that changed something, nothing written when nothing changed, any role may keep its
own, the window's opaque blobs checked for size and alphabet."""

from __future__ import annotations

import base64

import pytest

from core.errors import Invalid
from core.model import Setting
from core.office import Office
from core.services.accounts import Role
from core.services.audit_log import AuditFilter
from core.services.preferences import EVENT, KEY_PREFIX, WindowLayout

PW = {"admin": "Admin#2026x", "reader": "Reader#2026x"}


def blob(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def saves(office: Office) -> list[str]:
    return [r.summary for r in office.audit_log.rows(AuditFilter(event=EVENT)).rows]


@pytest.fixture
def two(office: Office) -> Office:
    office.accounts.create_first_admin("admin", PW["admin"])
    office.log_in("admin", PW["admin"])
    office.accounts.add("reader", Role.READ_ONLY, PW["reader"])
    return office


def test_each_account_gets_back_its_own_layout(two: Office) -> None:
    mine = WindowLayout(geometry=blob(b"\x01\xd9\xd0\xcb geometry"), state=blob(b"state"),
                        splitters={"议题": blob(b"split")}, page="会议")
    assert two.preferences.window_layout() == WindowLayout()  # the first time: nothing
    assert two.preferences.remember_window_layout(mine) is True
    assert two.preferences.window_layout() == mine

    two.log_in("reader", PW["reader"])  # a read-only account keeps its own, apart from the administrator's
    assert two.preferences.window_layout() == WindowLayout()
    theirs = WindowLayout(geometry=blob(b"small"), page="纪要")
    assert two.preferences.remember_window_layout(theirs) is True
    assert two.preferences.window_layout() == theirs
    two.log_in("admin", PW["admin"])
    assert two.preferences.window_layout() == mine
    with two.sessions() as s:  # inside the encrypted file, one row per account
        assert s.get(Setting, KEY_PREFIX + "admin") is not None
        assert s.get(Setting, KEY_PREFIX + "reader") is not None


def test_one_record_per_save_that_changed_something(two: Office) -> None:
    layout = WindowLayout(geometry=blob(b"g1"), splitters={"督办": blob(b"s1")}, page="今日")
    assert two.preferences.remember_window_layout(layout) is True
    assert two.preferences.remember_window_layout(layout) is False  # unchanged: nothing written
    assert len(saves(two)) == 1
    moved = WindowLayout(geometry=blob(b"g2"), splitters={"督办": blob(b"s2")}, page="督办")
    assert two.preferences.remember_window_layout(moved) is True
    summaries = saves(two)
    assert len(summaries) == 2
    assert "窗口大小与位置" in summaries[0] and "督办" in summaries[0] and "最后的页面：督办" in summaries[0]
    assert "g2" not in summaries[0]  # the blobs are not the record's words


@pytest.mark.parametrize("layout", [
    WindowLayout(geometry="not base64 <script>"),
    WindowLayout(geometry="A" * 20_000),
    WindowLayout(splitters={"": blob(b"x")}),
    WindowLayout(splitters={f"s{i}": blob(b"x") for i in range(100)}),
    WindowLayout(page="页" * 200),
])
def test_bad_layouts_are_refused_and_write_nothing(two: Office, layout: WindowLayout) -> None:
    with pytest.raises(Invalid):
        two.preferences.remember_window_layout(layout)
    assert saves(two) == []
    assert two.preferences.window_layout() == WindowLayout()


def test_an_unreadable_stored_value_is_no_layout(two: Office) -> None:
    with two.sessions.begin() as s:
        s.add(Setting(key=KEY_PREFIX + "admin", value="{not json"))
    assert two.preferences.window_layout() == WindowLayout()
    assert two.preferences.remember_window_layout(WindowLayout(page="议题")) is True
    assert two.preferences.window_layout().page == "议题"
