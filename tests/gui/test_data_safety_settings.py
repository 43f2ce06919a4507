"""设置 holds the 数据安全 panel with its three tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from core.office import Office
from gui.data_safety import DataSafetyPanel
from gui.main_window import MainWindow
from gui.ops import OpRunner
from tests.gui.helpers import wait_idle, windows


def test_settings_page_holds_the_panel(qtbot, office: Office, runner: OpRunner) -> None:
    window = MainWindow(office, runner)
    qtbot.addWidget(window)
    window.show()
    window.show_page("设置")
    wait_idle(qtbot, runner)
    panel = window.settings_page.data_safety
    assert isinstance(panel, DataSafetyPanel) and panel.isVisible()
    assert [panel.tabs.tabText(i) for i in range(panel.tabs.count())] == ["检查数据文件", "备份与恢复", "审计记录"]
    assert all(not isinstance(w, QDialog) for w in windows())
