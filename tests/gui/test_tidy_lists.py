"""A tidy window (issue 14 §6), the lists: columns as wide as their text (the ones found clipped: the
copy register's recipient and date, the minutes list's meeting beside an empty 文号, 督办's unit), the
whole text as a cell's tooltip, dates in cells written 2026-12-04, and the 议题库's status counts
following a search."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from core.model.enums import DecisionType, FollowUpStatus, MeetingKind, MinutesStatus
from core.office import Office
from core.services.followup import FollowUpRow
from core.services.minutes_types import MinutesRow
from gui.columns import cell_date, cell_date_weekday
from gui.ops import OpRunner
from tests.core.conftest import District, build_district
from tests.gui.helpers import wait_idle

DAY = dt.date(2026, 12, 4)
TOPIC_DAY = dt.date(2026, 6, 1)  # before the services' today (tests.core.conftest.TODAY)


def shown_whole(table: QTableView, column: int) -> bool:
    """Every cell's text fits its column (nothing elided)."""
    model, metrics = table.model(), table.fontMetrics()
    return all(metrics.horizontalAdvance(str(model.data(model.index(row, column)))) + 8 <= table.columnWidth(column)
               for row in range(model.rowCount()))


def test_dates_in_cells_are_iso() -> None:
    assert cell_date(DAY) == "2026-12-04" and cell_date(None, "未定") == "未定"
    assert cell_date_weekday(DAY) == "2026-12-04 周五"


def test_copy_register_shows_recipients_and_dates_whole(qtbot) -> None:  # type: ignore[no-untyped-def]
    from gui.minutes.copy_register import CopyRegisterDialog

    rows = [(1, "区人大常委会办公室", DAY, "王丽", None, ""), (2, "区规划和自然资源局", DAY, "王丽", None, ""),
            (3, "", None, "", None, "")]
    dialog = CopyRegisterDialog(rows, lambda _n, _r: None, planned=3)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.data(dialog.model.index(0, 2)) == "2026-12-04"
    for column in range(5):  # 说明, the last, takes the rest
        assert shown_whole(dialog.table, column), column
    assert dialog.model.data(dialog.model.index(0, 1), Qt.ItemDataRole.ToolTipRole) == "区人大常委会办公室"


def test_minutes_list_gives_the_width_to_the_meeting_not_an_empty_serial(qtbot, office: Office,
                                                                        runner: OpRunner) -> None:
    from gui.minutes.page import MinutesPage

    page = MinutesPage(office, runner)
    qtbot.addWidget(page)
    page.resize(1000, 500)
    page.show()
    wait_idle(qtbot, runner)
    name = "区政府第12次常务会议暨城市更新和老旧小区改造专题部署会"
    page.model.set_rows([MinutesRow(1, 1, name, DAY, 1, MinutesStatus.DRAFT, "")])
    table = page.table
    assert table.model().data(table.model().index(0, 0)) == "2026-12-04 周五"
    assert shown_whole(table, 1)
    serial = table.columnWidth(4)
    assert serial <= table.horizontalHeader().sectionSizeHint(4) + 10  # empty: as wide as its header
    assert table.columnWidth(1) > 3 * serial


def test_followup_shows_the_unit_whole(qtbot, office: Office, runner: OpRunner) -> None:
    from gui.followup.page import FollowUpPage

    page = FollowUpPage(office, runner)
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    wait_idle(qtbot, runner)
    row = FollowUpRow(1, 1, "推进城市更新和老旧小区改造，年内完成三个片区的方案编制并报区政府审定", DecisionType.AGREE,
                      "区规划和自然资源局", "", "丙副区长", DAY, FollowUpStatus.OPEN, None, "")
    page.model.set_loaded([row], DAY - dt.timedelta(days=30))
    for column in (1, 2, 3, 4):
        assert shown_whole(page.table, column), column
    assert page.model.data(page.model.index(0, 3)) == "2026-12-04"
    tip = page.model.data(page.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert tip == row.decision  # the decision may be elided: its whole text is the tooltip


def test_topic_counts_follow_the_search(qtbot, office: Office, runner: OpRunner) -> None:
    from gui.topics.page import TopicsPage

    d: District = build_district(office)
    for title in ("关于城市更新的议题", "关于老旧小区改造的议题", "关于公交线路调整的议题"):
        office.topics.submit(title=title, lead_department_id=d.transport, target=MeetingKind.EXECUTIVE,
                             submitted_on=TOPIC_DAY)
    page = TopicsPage(office, runner)
    qtbot.addWidget(page)
    page.show()
    wait_idle(qtbot, runner)
    assert page.status_buttons[None].text() == "全部 3"
    page.search_edit.setText("公交")
    page.refresh()
    wait_idle(qtbot, runner)
    assert page.model.rowCount() == 1
    assert page.status_buttons[None].text() == "全部 1"  # the chips count what the search finds
    assert page.count_label.text() == "显示 1 个议题（共 3 个）"  # and the file's total beside
    assert page.model.data(page.model.index(0, 7)) == "2026-06-01"
    assert shown_whole(page.table, 2)  # 主办部门


def test_a_decision_cell_shows_its_last_line(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from core.services.minutes_types import DecisionItem
    from gui.minutes.decisions_table import ROW_HEIGHT, TEXT, DecisionsTable

    table = DecisionsTable({1: "区财政局"})
    qtbot.addWidget(table)
    table.resize(1300, 400)
    table.show()
    long = ("原则同意区交通局关于调整城区公交线路的方案，由区交通局会同区财政局、区发展改革委进一步完善"
            "线路走向和站点设置，做好群众宣传解释工作，确保新线路按期开通运营。") * 2 + "\n最后一行：年底前报区政府。"
    table.set_items([DecisionItem("同意。"), DecisionItem(long)])
    QApplication.processEvents()
    short, whole = table.widget_at(0, TEXT), table.widget_at(1, TEXT)
    assert isinstance(short, QPlainTextEdit) and isinstance(whole, QPlainTextEdit)
    assert table.rowHeight(0) == ROW_HEIGHT
    assert table.rowHeight(1) > ROW_HEIGHT
    assert whole.verticalScrollBar().maximum() == 0  # every line shows, the last one too
    whole.setPlainText("同意。")  # shorter again: the row gives the height back
    assert table.rowHeight(1) == ROW_HEIGHT
