"""The 统计 page (issue 14 §3) on the hand-counted district of tests/core/stats_district.py: the
range chosen, a figure's chart and table, the exports and their audit records, the roles, and
that the charts are loaded only when the page is first shown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetricsF, QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.model import AuditRecord
from core.model.enums import MeetingKind
from core.office import Office
from core.stats.service import EXPORT_EVENT
from gui.look import UI_FONTS
from gui.ops import OpRunner
from gui.stats.charts import ChartWidget
from tests.core.conftest import TODAY
from tests.core.stats_district import build_spring
from tests.gui.helpers import wait_idle, windows

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def spring(office: Office) -> Office:
    build_spring(office)
    return office


def march_page(qtbot, office: Office, runner: OpRunner):  # type: ignore[no-untyped-def]
    from gui.stats.page import StatsPage

    page = StatsPage(office, runner)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitUntil(lambda: page.loaded, timeout=10000)
    page.stats.today = lambda: TODAY  # overdue and "not yet issued" as the core tests count them
    page.loaded = False
    bar = page.range_bar
    bar.mode.setCurrentIndex(bar.mode.findData("month"))
    bar.year.setValue(2026)
    bar.month.setCurrentIndex(2)
    qtbot.waitUntil(lambda: page.loaded and page.report is not None and page.report.range.label == "2026年3月",
                    timeout=10000)
    wait_idle(qtbot, runner)
    return page


def audit_events(office: Office) -> list[str]:
    with office.sessions() as s:
        return [r.summary for r in s.query(AuditRecord).filter(AuditRecord.event == EXPORT_EVENT)
                .order_by(AuditRecord.id)]


def test_a_figure_shows_its_chart_and_table(qtbot, spring: Office, runner: OpRunner) -> None:  # type: ignore[no-untyped-def]
    page = march_page(qtbot, spring, runner)
    assert page.figure_list.count() == 11
    page.show_figure("attendance_by_leader")
    names = [page.panel.model.data(page.panel.model.index(r, 0)) for r in range(page.panel.model.rowCount())]
    assert names == ["甲区长（区长）", "乙常务（常务副区长）", "丙副区长（副区长）", "丁副区长（副区长）"]
    rate = page.panel.model.index(3, page.panel.model.columnCount() - 1)
    assert page.panel.model.data(rate) == "0.0%"
    view = page.panel.view
    assert isinstance(view, ChartWidget)
    assert view.title == "区政府领导出席会议情况（2026年3月）"
    assert view.chart.horizontal and view.chart.categories[0] == "甲区长（区长）"
    for font in view.painter.fonts():
        assert font.families()[: len(UI_FONTS)] == list(UI_FONTS)  # the CJK faces, set on the chart's own text
    view.resize(view.width(), view.minimumHeight())
    view.grab()  # painted at its least height: each name still has a row of its own
    rows = [band.rect for band in view.painter.bands]
    assert [band.index for band in view.painter.bands] == [0, 1, 2, 3]
    assert rows[0].top() < rows[3].top()  # the table's first row is the chart's top bar
    assert min(r.height() for r in rows) >= QFontMetricsF(view.painter.label_font).height()
    assert "出席率：80.0%" in page.panel.facts.text()
    assert "未登记的不计入" in page.panel.note.text()


def test_changing_the_range_keeps_the_figure_on_screen(qtbot, spring: Office, runner: OpRunner) -> None:  # type: ignore[no-untyped-def]
    page = march_page(qtbot, spring, runner)
    page.show_figure("leave_routes")
    page.loaded = False
    page.range_bar.mode.setCurrentIndex(page.range_bar.mode.findData("year"))
    qtbot.waitUntil(lambda: page.loaded, timeout=10000)
    assert page.report is not None and page.report.range.label == "2026年"
    assert page.current_figure() is not None and page.current_figure().key == "leave_routes"  # type: ignore[union-attr]
    assert page.panel.view is not None and page.panel.view.title == "请假途径（第四十四条）（2026年）"


def test_shown_again_it_counts_what_was_done_meanwhile(qtbot, spring: Office, runner: OpRunner) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    page = march_page(qtbot, spring, runner)
    assert page.report is not None and page.report.figure("topics_by_status").facts[0].value == 4
    page.hide()
    spring.topics.submit(title="关于新议题的议题", lead_department_id=_finance(spring), target=MeetingKind.EXECUTIVE,
                         submitted_on=dt.date(2026, 3, 20))
    page.show()  # reads again (the callback comes through the event loop, after the next line)
    page.loaded = False
    qtbot.waitUntil(lambda: page.loaded, timeout=10000)
    assert page.report.figure("topics_by_status").facts[0].value == 5


def _finance(office: Office) -> int:
    return next(d.id for d in office.roster.departments() if d.name == "区财政局")


def test_a_custom_end_before_its_start_is_said_and_changes_nothing(qtbot, spring: Office, runner: OpRunner) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    page = march_page(qtbot, spring, runner)
    bar = page.range_bar
    bar.mode.setCurrentIndex(bar.mode.findData("custom"))
    wait_idle(qtbot, runner)
    loaded = page.report
    bar.start.set_day(dt.date(2026, 5, 1))
    bar.end.set_day(dt.date(2026, 4, 1))
    wait_idle(qtbot, runner)
    assert bar.current() is None and "截止日期不能早于起始日期" in bar.end.line.text()
    assert page.report is not None and page.report.range.end != dt.date(2026, 4, 1)
    bar.end.set_day(dt.date(2026, 5, 31))
    qtbot.waitUntil(lambda: page.report is not loaded and page.report.range.label == "2026年5月1日至2026年5月31日",
                    timeout=10000)
    assert bar.end.line.text() == ""


def test_exports_write_png_pdf_and_xlsx_each_audited(qtbot, spring: Office, runner: OpRunner, tmp_path: Path,
                                                    monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pdfplumber
    from openpyxl import load_workbook

    page = march_page(qtbot, spring, runner)
    page.show_figure("attendance_by_leader")
    offered: list[tuple[str, str]] = []
    answers = iter([tmp_path / "出席", tmp_path / "出席.pdf", tmp_path / "出席表", tmp_path / "全部"])

    def save_dialog(_parent: object, caption: str, suggested: str, _filter: str) -> tuple[str, str]:
        offered.append((caption, Path(suggested).name))
        return str(next(answers)), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    for key in ("png", "pdf", "xlsx"):
        page.panel.buttons[key].click()
        wait_idle(qtbot, runner)
        for box in windows(QMessageBox, "infoBox"):
            box.close()
    page.export_all_button.click()
    wait_idle(qtbot, runner)
    assert offered == [("导出图片", "区政府领导出席会议情况（2026年3月）.png"),
                       ("导出 PDF", "区政府领导出席会议情况（2026年3月）.pdf"),
                       ("导出表格", "区政府领导出席会议情况（2026年3月）.xlsx"),
                       ("全部导出为 Excel", "统计表（2026年3月）.xlsx")]
    image = QImage(str(tmp_path / "出席.png"))
    assert (image.width(), image.height()) == (2000, 1120)  # one layout size, whatever the window's, twice over
    with pdfplumber.open(tmp_path / "出席.pdf") as pdf:
        assert len(pdf.pages) == 1 and pdf.pages[0].width > pdf.pages[0].height  # A4 landscape
        text = pdf.pages[0].extract_text()
    for words in ("区政府领导出席会议情况（2026年3月）", "甲区长（区长）", "丁副区长（副区长）", "出席", "请假", "澄溪区人民政府办公室"):
        assert words in text  # the chart's Chinese is text in the PDF, in an embedded CJK font
    assert load_workbook(tmp_path / "出席表.xlsx").sheetnames == ["区政府领导出席会议情况"]
    assert len(load_workbook(tmp_path / "全部.xlsx").sheetnames) == 11
    assert page.exported == tmp_path / "全部.xlsx"
    assert audit_events(spring) == [
        "导出2026年3月区政府领导出席会议情况（图表 PNG）到 出席.png",
        "导出2026年3月区政府领导出席会议情况（图表 PDF）到 出席.pdf",
        "导出2026年3月区政府领导出席会议情况（表格 Excel）到 出席表.xlsx",
        "导出2026年3月全部统计表到 全部.xlsx"]


def test_exports_are_offered_only_to_roles_that_may_print(qtbot, spring: Office, runner: OpRunner,
                                                         monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(spring, "can", lambda action: action != "print")
    page = march_page(qtbot, spring, runner)
    assert page.figure_list.count() == 11  # the figures are shown all the same
    assert not page.export_all_button.isVisible()
    assert not any(button.isVisible() for button in page.panel.buttons.values())


def test_the_charts_are_loaded_only_when_the_page_is_first_shown(tmp_path: Path) -> None:
    """The program's start (the frame, the first page after the login) never imports the 统计 page
    or its charts; opening 统计 does. In a fresh interpreter: this test process has them already."""
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "import gui.app, gui.startup\n"
        "from core.keeping import keyfile\n"
        "keyfile.KDF_N = 2**10\n"
        "from core.office import Office\n"
        "from core.store.keys import RawKey\n"
        "from gui.main_window import MainWindow\n"
        "from gui.ops import OpRunner\n"
        f"office = Office.create(Path({str(tmp_path / 'a.huiwu')!r}), RawKey.generate(), '测试')\n"
        "runner = OpRunner()\n"
        "window = MainWindow(office, runner)\n"
        "window.show()\n"
        "def settle(done):\n"
        "    end = time.monotonic() + 20\n"
        "    while not done() and time.monotonic() < end:\n"
        "        app.processEvents()\n"
        "        time.sleep(0.01)\n"
        "settle(lambda: not runner.busy and window.built_pages())\n"
        "loaded = lambda: sorted(m for m in ('gui.stats.charts', 'gui.stats.page') if m in sys.modules)\n"
        "print(list(window.built_pages()), loaded())\n"
        "window.show_page('统计')\n"
        "settle(lambda: window.page('统计').loaded)\n"
        "print(list(window.built_pages())[-1], loaded())\n"
        "runner.shutdown()\n"
        "office.close()\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    first, then = done.stdout.strip().splitlines()[-2:]
    assert first.endswith(" []") and "统计" not in first
    assert then == "统计 ['gui.stats.charts', 'gui.stats.page']"
