"""Materials in the window (issue 11 §6): a program or a disguised name is refused when added, with
the service's Chinese message; one stored before that rule is never handed to the desktop's
handler (QDesktopServices), only saved elsewhere with 另存为…; a program under a document's
name is caught when its bytes are read; a bidi control in a name is shown, not obeyed."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from core.model import Material
from core.office import Office
from core.services import topics as topic_service
from gui.ops import OpRunner
from gui.topics import materials_panel
from gui.topics.topic_window import TopicWindow
from tests.core.conftest import TODAY, District
from tests.core.test_followup import issued  # noqa: F401 - the fixture, used by name
from tests.gui.helpers import wait_idle, windows
from tests.gui.test_topics import _answer_confirm, _error_text, _open, _page, district, submit  # noqa: F401

PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00 a Windows program"


@pytest.fixture
def desktop(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every URL handed to the desktop's handler."""
    calls: list[str] = []

    def open_url(url: QUrl) -> bool:
        calls.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return calls


def _legacy(office: Office, tid: int, name: str, data: bytes, monkeypatch: pytest.MonkeyPatch) -> int:
    """A material stored before the intake rule (or brought in by an import)."""
    with monkeypatch.context() as m:
        m.setattr(topic_service, "check_intake", lambda _name, _data: None)
        return office.topics.add_material(tid, name, data)


def _window(qtbot, office: Office, runner: OpRunner, tid: int) -> TopicWindow:  # type: ignore[no-untyped-def]
    return _open(qtbot, _page(qtbot, office, runner), runner, tid)


def test_a_program_is_refused_when_added_in_chinese(qtbot, office: Office, district: District,  # noqa: F811
                                                    runner: OpRunner, tmp_path: Path) -> None:
    tid = submit(office, district)
    window = _window(qtbot, office, runner, tid)
    for name, data in (("会议材料.exe", PROGRAM), ("报告\u202efdp.exe", PROGRAM), ("快捷方式.lnk", b"L\x00\x00\x00")):
        path = tmp_path / name
        path.write_bytes(data)
        window.materials.add_file(path)
        wait_idle(qtbot, runner)
        text = _error_text()
        assert "不予接收" in text or "不是会务接收的材料类型" in text
        assert "\u202e" not in text
    assert window.materials.model.rows == [] and office.topics.detail(tid).materials == ()


def test_a_stored_program_is_not_opened_only_saved(qtbot, office: Office, district: District,  # noqa: F811
                                                   runner: OpRunner, tmp_path: Path, desktop: list[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    tid = submit(office, district)
    mid = _legacy(office, tid, "安装程序.exe", PROGRAM, monkeypatch)
    window = _window(qtbot, office, runner, tid)
    panel = window.materials
    panel.select_id(mid)
    assert not panel.open_button.isEnabled() and panel.save_button.isEnabled()
    assert "（.exe）" in panel.open_button.toolTip() and "另存为" in panel.open_button.toolTip()

    panel.open_selected()  # a double-click on the row comes here
    wait_idle(qtbot, runner)
    target = tmp_path / "saved" / "安装程序.exe"
    target.parent.mkdir()
    monkeypatch.setattr(materials_panel, "ask_save_path", lambda _parent, _name: target)
    text = _answer_confirm(yes=True)  # 另存为…, the one way on
    wait_idle(qtbot, runner)
    assert "安装程序.exe" in text and "不打开" in text
    assert desktop == [] and window.copies.directory is None  # no handler, no temporary copy
    assert target.read_bytes() == PROGRAM and stat.S_IMODE(target.stat().st_mode) == 0o600
    for box in windows(QMessageBox):
        box.close()


def test_a_program_under_a_document_name_is_caught_when_read(qtbot, office: Office, district: District,  # noqa: F811
                                                             runner: OpRunner, desktop: list[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    tid = submit(office, district)
    mid = _legacy(office, tid, "方案.pdf", PROGRAM, monkeypatch)
    window = _window(qtbot, office, runner, tid)
    window.materials.select_id(mid)
    assert window.materials.open_button.isEnabled()  # the name is a document's
    window.materials.open_button.click()
    wait_idle(qtbot, runner)
    assert "可执行程序" in _error_text()
    assert desktop == [] and (window.copies.directory is None or not any(window.copies.directory.rglob("*.pdf")))


def test_a_disguised_name_is_shown_and_not_opened(qtbot, office: Office, district: District,  # noqa: F811
                                                  runner: OpRunner, desktop: list[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    tid = submit(office, district)
    mid = _legacy(office, tid, "报告.exe", PROGRAM, monkeypatch)
    with office.sessions() as s:  # as an import of an older file could have stored it
        material = s.get(Material, mid)
        assert material is not None
        material.name = "报告\u202efdp.exe"
        s.commit()
    window = _window(qtbot, office, runner, tid)
    row = window.materials.model.row_of_id(mid)
    assert window.materials.model.index(row, 0).data() == "报告[U+202E]fdp.exe"
    window.materials.select_id(mid)
    assert not window.materials.open_button.isEnabled()
    window.materials.open_material(mid, "报告\u202efdp.exe")
    assert "控制字符" in _answer_confirm(yes=False)
    wait_idle(qtbot, runner)
    assert desktop == []


def test_a_document_still_opens_through_the_desktop(qtbot, office: Office, district: District,  # noqa: F811
                                                    runner: OpRunner, desktop: list[str]) -> None:
    tid = submit(office, district)
    mid = office.topics.add_material(tid, "方案（送审稿）.pdf", b"%PDF-1.7 draft")
    window = _window(qtbot, office, runner, tid)
    window.materials.select_id(mid)
    window.materials.open_button.click()
    wait_idle(qtbot, runner)
    [opened] = desktop
    assert Path(opened).name == "方案（送审稿）.pdf" and Path(opened).read_bytes() == b"%PDF-1.7 draft"


def test_a_stored_program_as_feedback_file_is_not_opened(qtbot, office: Office, district: District,  # noqa: F811
                                                         runner: OpRunner, tmp_path: Path, desktop: list[str],
                                                         monkeypatch: pytest.MonkeyPatch, issued: int) -> None:  # noqa: F811
    from core.services import followup as followup_service
    from gui.followup.page import FollowUpPage

    item = office.followup.items(view="open")[0]
    report = tmp_path / "反馈.bat"
    report.write_bytes(b"@echo off")
    with monkeypatch.context() as m:  # stored before the intake rule
        m.setattr(followup_service, "read_material", lambda path: Path(path).read_bytes())
        m.setattr(followup_service, "check_intake", lambda _name, _data: None)
        office.followup.add_note(item.id, noted_on=TODAY, text="已报送反馈", file=report)
    note_id = office.followup.notes(item.id)[0][3]
    page = FollowUpPage(office, runner)
    qtbot.addWidget(page)
    wait_idle(qtbot, runner)
    page.open_note_file(note_id)
    wait_idle(qtbot, runner)
    assert "（.bat）" in _answer_confirm(yes=False)
    assert desktop == [] and page.copies.directory is None
