"""今日: the sections with their counts and lines, the keys (↑↓ over lines only, Enter opens the
line's own window or page), the desk read again after a change, and 今日 first after every login
while an unlock keeps the page the user was on."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTreeWidgetItem

from core.model.enums import MeetingKind
from core.office import Office
from core.services.accounts import Role
from core.store.keys import RawKey
from core.store.keystore import MemoryKeyStore
from gui.followup.page import FollowUpPage
from gui.home.desk_tree import TARGET
from gui.home.page import HomePage
from gui.idle_lock import LockScreen
from gui.login import LoginDialog
from gui.main_window import MainWindow
from gui.meetings.meeting_window import MeetingWindow
from gui.meetings.page import MeetingsPage
from gui.minutes.minutes_window import MinutesWindow
from gui.ops import OpRunner
from gui.topics.topic_window import TopicWindow
from tests.core import conftest as core_fixtures
from tests.core.conftest import TODAY, District
from tests.core.test_meeting_service import confirmed_topic
from tests.core.test_minutes_service import attend, held, review
from tests.gui.helpers import ADMIN_PW, CLERK_PW, file_with_accounts, start_program, wait_idle, windows

district = core_fixtures.district
RED, AMBER = "#c62828", "#b26a00"


def day(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@dataclasses.dataclass
class Work:
    meeting: int  # in two days, nothing prepared
    topic: int  # approved, waiting for the office's arrangement
    minutes: int  # drafted, waiting for 核稿
    followup: int  # overdue by two days
    absence: int  # a vice mayor's trip tomorrow, the other leaders not yet told


@pytest.fixture
def work(office: Office, district: District) -> Work:
    d = district
    meeting = office.meetings.create(MeetingKind.EXECUTIVE, day=day(2), start_time=dt.time(9, 0),
                                     place="区政府第一会议室", presider_id=d.mayor)
    office.meetings.schedule(meeting, confirmed_topic(office, d, "关于城区停车的议题"))
    topic = office.topics.submit(title="关于预算调整的议题", lead_department_id=d.finance,
                                 target=MeetingKind.EXECUTIVE, submitted_on=dt.date(2026, 6, 10))
    office.topics.approve(topic, decided_on=dt.date(2026, 6, 26))
    issued = _issued_with_deadline(office, d, day(-2))
    minutes = office.minutes.draft(_held(office, d))
    absence = office.leave.record_absence(d.vice_a, leaves_on=day(1), returns_on=day(3), requested_on=TODAY,
                                          destination="成都")
    followup = office.followup.items(view="overdue")[0]
    assert followup.minutes_id == issued
    return Work(meeting, topic, minutes, followup.id, absence)


def _held(office: Office, d: District) -> int:
    mid = held(office, d)
    attend(office, d, mid)
    return mid


def _issued_with_deadline(office: Office, d: District, deadline: dt.date) -> int:
    mins = office.minutes.draft(_held(office, d))
    content = office.minutes.detail(mins).content
    first = content.sections[0]
    decision = dataclasses.replace(first.decisions[0], deadline=deadline)
    sections = (dataclasses.replace(first, decisions=(decision,)), *content.sections[1:])
    office.minutes.save(mins, dataclasses.replace(content, sections=sections))
    review(office, mins)
    office.minutes.sign(mins, signer_id=d.mayor, signed_on=TODAY)
    office.minutes.issue(mins, issued_on=TODAY)
    return mins


def _page(qtbot, office: Office, runner: OpRunner) -> HomePage:  # type: ignore[no-untyped-def]
    page = HomePage(office, runner)
    qtbot.addWidget(page)
    page.show()
    wait_idle(qtbot, runner)
    assert page.loaded
    return page


def _sections(page: HomePage) -> dict[str, list[QTreeWidgetItem]]:
    tree = page.tree
    return {tree.topLevelItem(i).text(0): [tree.topLevelItem(i).child(j)
                                           for j in range(tree.topLevelItem(i).childCount())]
            for i in range(tree.topLevelItemCount())}


def _texts(item: QTreeWidgetItem) -> list[str]:
    return [item.text(c) for c in range(3)]


def _color(item: QTreeWidgetItem, column: int = 2) -> str:
    return item.foreground(column).color().name()


def test_sections_say_their_counts_each_line_its_state_and_colour(qtbot, office: Office, runner: OpRunner,
                                                                   work: Work) -> None:
    page = _page(qtbot, office, runner)
    assert page.date_label.text() == "2026年6月30日　星期二"
    sections = _sections(page)
    assert list(sections) == ["会议（今日及未来7天）　1次", "离永外出（3日内离开或待报告、通报）　1人次",
                              "纪要（待核稿、签发、区长同意或印发）　1份", "督办（已逾期及7日内到期）　1项",
                              "议题（待办公室办理）　1项"]
    meeting, absence, minutes, followup, topic = (lines[0] for lines in sections.values())
    assert _texts(meeting) == ["2026-07-02 周四 09:00（后天）", "区政府第1次常务会议", "通知未印发；名单未生成"]
    assert _color(meeting) == AMBER
    assert _texts(topic) == ["2026-06-26 起", "关于预算调整的议题（区财政局）", "待办公室统筹安排，已等候4天"]
    assert _texts(minutes) == ["2026-06-25 召开", "区政府第3次常务会议纪要", "待核稿，会后第5天"]
    assert _texts(followup)[0] == "时限 2026-06-28" and _texts(followup)[2] == "已逾期2天"
    assert _texts(followup)[1].startswith("区交通局：") and _color(followup) == RED
    assert _texts(absence) == ["2026-07-01 至 2026-07-03", "丙副区长赴成都", "待通报区政府其他领导同志"]
    assert [line.data(0, TARGET) for line in (meeting, absence, minutes, followup, topic)] == [
        ("meeting", work.meeting), ("absence", work.absence), ("minutes", work.minutes), ("followup", work.followup),
        ("topic", work.topic)]


def test_empty_sections_say_so_plainly(qtbot, office: Office, runner: OpRunner, district: District) -> None:
    page = _page(qtbot, office, runner)
    notes = [(title.split("（")[0], [line.text(1) for line in lines]) for title, lines in _sections(page).items()]
    assert notes == [("会议", ["今日及未来7天没有会议安排"]), ("离永外出", ["近期没有需要报告或通报的离永外出"]),
                     ("纪要", ["没有待办理的纪要"]), ("督办", ["本周没有待办的督办事项"]),
                     ("议题", ["没有等待办公室办理的议题"])]
    assert page.tree.currentItem() is None  # nothing to open, nothing selected


def _main(qtbot, office: Office, runner: OpRunner) -> tuple[MainWindow, HomePage]:  # type: ignore[no-untyped-def]
    window = MainWindow(office, runner)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    page = window.stack.currentWidget()
    assert isinstance(page, HomePage) and page.loaded
    return window, page


def _key(qtbot, runner: OpRunner, page: HomePage, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(page.tree, key)
    wait_idle(qtbot, runner)


def test_arrows_run_over_the_lines_and_enter_opens_each_ones_window(qtbot, office: Office, runner: OpRunner,
                                                                      work: Work) -> None:
    window, page = _main(qtbot, office, runner)
    assert page.tree.hasFocus() or page.tree.currentItem() is not None
    assert page.tree.current_target() == ("meeting", work.meeting)  # the first line, past the heading
    _key(qtbot, runner, page, Qt.Key.Key_Up)
    assert page.tree.current_target() == ("meeting", work.meeting)  # nothing above it but a heading

    _key(qtbot, runner, page, Qt.Key.Key_Return)
    [meeting] = windows(MeetingWindow)
    assert isinstance(meeting, MeetingWindow) and meeting.meeting_id == work.meeting
    assert window.stack.currentWidget() is page  # a window of its own: 今日 stays behind it
    meeting.close()

    _key(qtbot, runner, page, Qt.Key.Key_Down)  # over the absences' heading
    assert page.tree.current_target() == ("absence", work.absence)
    _key(qtbot, runner, page, Qt.Key.Key_Return)
    meetings = window.stack.currentWidget()
    assert isinstance(meetings, MeetingsPage) and meetings.tabs.currentWidget() is meetings.absence_tab
    chosen = meetings.absence_tab.selected()
    assert chosen is not None and chosen.id == work.absence

    window.show_page("今日")
    wait_idle(qtbot, runner)
    assert page.tree.current_target() == ("absence", work.absence)  # read again, still on its line
    _key(qtbot, runner, page, Qt.Key.Key_Down)
    _key(qtbot, runner, page, Qt.Key.Key_Enter)
    [minutes] = windows(MinutesWindow)
    assert isinstance(minutes, MinutesWindow) and minutes.minutes_id == work.minutes
    minutes.close()

    _key(qtbot, runner, page, Qt.Key.Key_Down)
    _key(qtbot, runner, page, Qt.Key.Key_Return)
    followup = window.stack.currentWidget()
    assert isinstance(followup, FollowUpPage)
    selected = followup.selected_row()
    assert selected is not None and selected.id == work.followup

    window.show_page("今日")
    wait_idle(qtbot, runner)
    _key(qtbot, runner, page, Qt.Key.Key_Down)
    _key(qtbot, runner, page, Qt.Key.Key_Return)
    [topic] = windows(TopicWindow)
    assert isinstance(topic, TopicWindow) and topic.topic_id == work.topic
    topic.close()
    _key(qtbot, runner, page, Qt.Key.Key_Down)
    assert page.tree.current_target() == ("topic", work.topic)  # the last line: the keys stop there


def test_a_change_made_in_a_window_opened_here_shows_at_once(qtbot, office: Office, runner: OpRunner,
                                                              work: Work) -> None:
    window, page = _main(qtbot, office, runner)
    window.open_from_desk("meeting", work.meeting)
    wait_idle(qtbot, runner)
    [meeting] = windows(MeetingWindow)
    assert isinstance(meeting, MeetingWindow)
    meeting.roster.generate_button.click()  # 生成名单 in the meeting's own window
    wait_idle(qtbot, runner)
    [line] = _sections(page)["会议（今日及未来7天）　1次"]
    assert line.text(2).startswith("通知未印发；名单齐全（")
    meeting.close()


def test_read_only_sees_the_desk_and_is_told_it_only_looks(qtbot, office: Office, runner: OpRunner,
                                                            work: Work) -> None:
    office.accounts.create_first_admin("admin", ADMIN_PW)
    office.log_in("admin", ADMIN_PW)
    office.accounts.add("reader", Role.READ_ONLY, CLERK_PW)
    office.log_in("reader", CLERK_PW)
    page = _page(qtbot, office, runner)
    note = page.findChild(QLabel, "roleNote")
    assert note is not None and note.text() == "只读账户：可查看，不能修改"
    lines = page.tree.lines()
    assert len(lines) == 5
    assert all(line.toolTip(2).endswith("只读账户：可查看，不能修改") for line in lines)


# --- after login ---------------------------------------------------------------------------------

def _log_in(qtbot, runner: OpRunner, user: str, password: str) -> None:  # type: ignore[no-untyped-def]
    [dialog] = windows(LoginDialog)
    assert isinstance(dialog, LoginDialog)
    dialog.user_edit.setText(user)
    dialog.password_edit.setText(password)
    dialog.ok_button.click()
    wait_idle(qtbot, runner)


def test_today_comes_first_after_every_login_an_unlock_keeps_the_page(qtbot, runner: OpRunner, db_path: Path,
                                                                      key: RawKey) -> None:
    file_with_accounts(db_path, key)
    startup = start_program(qtbot, runner, db_path, MemoryKeyStore())
    _log_in(qtbot, runner, "wangli", CLERK_PW + "!")
    window = startup.window
    assert isinstance(window, MainWindow)
    assert isinstance(window.stack.currentWidget(), HomePage) and window.nav.currentRow() == 0
    assert window.nav.item(0).text() == "今日"

    window.show_page("会议")
    wait_idle(qtbot, runner)
    window.lock_action.trigger()
    wait_idle(qtbot, runner)
    [screen] = windows(LockScreen)
    assert isinstance(screen, LockScreen)
    screen.password_edit.setText(CLERK_PW + "!")
    screen.unlock_button.click()
    wait_idle(qtbot, runner)
    assert isinstance(window.stack.currentWidget(), MeetingsPage)  # back where the user was

    window.logout_action.trigger()  # quitting from 会议 …
    wait_idle(qtbot, runner)
    _log_in(qtbot, runner, "admin", ADMIN_PW)
    assert startup.window is window and isinstance(window.stack.currentWidget(), HomePage)  # … starts at 今日
    assert list(window.built_pages()) == ["今日"]
    window.hide()
    startup.shutdown()


def test_a_long_section_ends_with_the_way_to_its_page(qtbot, office: Office, runner: OpRunner, work: Work,
                                                      monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from core.services import desk as desk_module

    monkeypatch.setattr(desk_module, "SHOWN", 0)  # every overdue item beyond what the section shows
    window, page = _main(qtbot, office, runner)
    [more] = _sections(page)["督办（已逾期及7日内到期）　1项"]
    assert more.text(1) == "另有1项，打开“督办”查看全部" and more.data(0, TARGET) == ("followup", 0)
    page.tree.setCurrentItem(more)
    _key(qtbot, runner, page, Qt.Key.Key_Return)
    followup = window.stack.currentWidget()
    assert isinstance(followup, FollowUpPage) and followup.filters().view == "overdue"
    assert followup.model.rowCount() == 1
