"""Temporary previews and material copies (issue 11 §6): one private folder per run, wiped when
the idle lock locks the screen and at 注销, removed at quit; a crashed run's folder is removed at
the next start while a live run's folder is kept."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.office import Office
from gui import temp_area
from gui.idle_lock import IdleLock
from gui.main_window import MainWindow
from gui.meetings import pdf_pages
from gui.ops import OpRunner
from gui.topics.temp_copies import TempCopies, safe_name
from tests.core.conftest import District, district  # noqa: F401 - the fixture, used by name
from tests.gui.helpers import close_on_worker, wait_idle
from tests.gui.test_idle_lock import ADMIN_PW, _office_with_admin


@pytest.fixture
def area(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[temp_area.TempArea]:
    """The program's area under this test's folder instead of the system temp directory."""
    private = temp_area.TempArea(tmp_path / "temp" / "huiwu-tester")
    monkeypatch.setattr(temp_area, "_area", private)
    yield private
    private.close()


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # reaped: the pid names no process now
    return child.pid


def _leftover(root: Path, name: str, pid: int | None) -> Path:
    folder = root / name
    (folder / "docs-x").mkdir(parents=True)
    (folder / "docs-x" / "纪要.pdf").write_bytes(b"%PDF classified")
    if pid is not None:
        (folder / temp_area.MARKER).write_text(f"{pid}\n", encoding="ascii")
    return folder


def _files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p.name != temp_area.MARKER]


def test_the_run_folder_is_private_and_marked_with_the_pid(area: temp_area.TempArea) -> None:
    docs = pdf_pages.new_directory()
    run = area.run_folder()
    assert docs.parent == run and run.parent == area.root
    assert run.name.startswith(f"run-{os.getpid()}-")
    assert (run / temp_area.MARKER).read_text(encoding="ascii").strip() == str(os.getpid())
    for folder in (area.root, run, docs):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_leftovers_of_a_dead_run_go_at_start_and_a_live_run_keeps_its_own(area: temp_area.TempArea) -> None:
    root = area.root
    dead_pid = _dead_pid()
    dead = _leftover(root, f"run-{dead_pid}-crashed", dead_pid)
    unmarked = _leftover(root, f"run-{_dead_pid()}-killedbeforemarker", None)  # the name says whose it was
    live_process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = _leftover(root, f"run-{live_process.pid}-other", live_process.pid)
        other = root / "not-a-run"
        other.mkdir()
        removed = temp_area.start()  # what gui.app.main calls before anything is opened
        assert sorted(removed) == sorted([dead, unmarked])
        assert not dead.exists() and not unmarked.exists()
        assert _files_under(live) and other.exists()  # another instance's previews are its own
        assert area.run_folder().exists()
    finally:
        live_process.kill()
        live_process.wait()
    area.close()
    area.run_folder()  # the next start: that run is gone now
    assert not live.exists()


def test_a_root_made_by_someone_else_is_not_used(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    root = tmp_path / "huiwu-tester"
    root.symlink_to(target)  # in a shared /tmp another user could plant this
    private = temp_area.TempArea(root)
    try:
        run = private.run_folder()
        assert not run.is_relative_to(target) and not any(target.iterdir())
        assert run.parent.name.startswith("huiwu-tester-")  # a root of this run's own instead
    finally:
        private.close()
    assert not run.parent.exists()


def test_the_idle_lock_wipes_previews_and_copies(qtbot, runner: OpRunner, tmp_path: Path,
                                                 area: temp_area.TempArea) -> None:
    office, _key = _office_with_admin(tmp_path / "office.huiwu")
    window = MainWindow(office, runner)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    docs = pdf_pages.new_directory()
    (docs / "纪要.pdf").write_bytes(b"%PDF classified minutes")
    copies = TempCopies()
    copy = copies.write(3, "议题材料.docx", b"material")
    assert len(_files_under(area.run_folder())) == 2

    lock = IdleLock(office, runner, timeout_ms=60_000)
    with qtbot.waitSignal(temp_area.notifier().wiped, timeout=3000):
        lock.lock("测试")
    wait_idle(qtbot, runner)
    assert lock.is_locked and office.locked
    assert _files_under(area.run_folder()) == [] and not docs.exists() and not copy.exists()
    assert (area.run_folder() / temp_area.MARKER).exists()  # the run's folder stays, still marked

    screen = lock.screen
    assert screen is not None
    screen.password_edit.setText(ADMIN_PW)
    with qtbot.waitSignal(lock.unlocked, timeout=3000):
        screen.unlock_button.click()
    wait_idle(qtbot, runner)
    again = copies.write(3, "议题材料.docx", b"material")  # opened again after the unlock
    assert again.read_bytes() == b"material"
    lock.detach()
    close_on_worker(qtbot, runner, office)


def test_logging_out_wipes_and_quitting_removes_the_run_folder(qtbot, runner: OpRunner, tmp_path: Path,
                                                               area: temp_area.TempArea) -> None:
    office, _key = _office_with_admin(tmp_path / "office.huiwu")
    window = MainWindow(office, runner)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    copy = TempCopies().write(1, "方案.pdf", b"%PDF")
    window.detach("已注销。")  # 注销
    wait_idle(qtbot, runner)
    assert not copy.exists()
    run = area.run_folder()
    area.close()  # what gui.app.main does after the event loop, and atexit
    assert not run.exists()
    close_on_worker(qtbot, runner, office)


@pytest.mark.parametrize(("stored", "plain"), [
    ("报告\u202egpj.exe", "报告_gpj.exe"),  # the override is gone: the name shows as what it is
    ("CON.txt", "_CON.txt"),
    ("a:b?.pdf", "a_b_.pdf"),
    ("方案. . ", "方案"),
    ("长" * 200 + ".docx", "长" * 65 + ".docx"),  # 200 bytes at most, the type kept
])
def test_the_copy_for_the_viewer_has_a_plain_name(stored: str, plain: str) -> None:
    assert safe_name(stored) == plain


def test_a_wiped_preview_is_forgotten_and_drawn_again(qtbot, office: Office, runner: OpRunner,
                                                      district: District, area: temp_area.TempArea) -> None:  # noqa: F811
    from tests.core.test_meeting_service import confirmed_topic
    from tests.gui import test_meetings as meetings

    mid = meetings._executive(office, district)
    office.meetings.schedule(mid, confirmed_topic(office, district, "关于公交线路的议题"))
    window = meetings._open(qtbot, meetings._page(qtbot, office, runner), runner, mid)
    documents = window.documents
    window.tabs.setCurrentWidget(documents)
    documents.document_buttons["notice"].click()
    wait_idle(qtbot, runner)
    assert documents.rendered is not None and documents.print_button.isEnabled()
    pdf = documents.rendered.pdf

    temp_area.wipe_after_queued_work(runner)  # what the lock and 注销 do
    wait_idle(qtbot, runner)
    assert not pdf.exists() and documents.rendered is None and documents.directory is None
    assert not documents.print_button.isEnabled() and "锁屏时已删除" in documents.status.text()

    documents.document_buttons["notice"].click()  # after the unlock: drawn again, into a new folder
    wait_idle(qtbot, runner)
    assert documents.rendered is not None and documents.rendered.pdf.read_bytes().startswith(b"%PDF")
    window.close()
