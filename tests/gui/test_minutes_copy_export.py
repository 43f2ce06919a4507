"""另存为 OFD… (issue 13 §5) and the preview's 另存为… in the minutes window: an OFD offered for issued
minutes only, written 0600 and read back by ofdkit; classified minutes saved, as PDF or OFD, only as a
printed copy on the register, its 份号 on the page and the output recorded under the account, never
as the preview's unnumbered PDF, and not opened in an outside viewer; 只读 may not save a classified
copy."""

from __future__ import annotations

import stat
from pathlib import Path

import ofdkit
import pdfplumber
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.model.enums import Classification
from core.office import Office
from core.services.audit_log import AuditFilter
from gui.minutes.copy_export import OFD, PDF, CopyPickDialog
from gui.minutes.minutes_window import MinutesWindow
from gui.ops import OpRunner
from tests.core import conftest as core_fixtures
from tests.core.conftest import TODAY, District
from tests.core.test_minutes_service import review
from tests.gui import test_roles_in_windows as roles_tests
from tests.gui.helpers import wait_idle, windows
from tests.gui.test_minutes import _drafted, _open, _page
from tests.gui.test_roles_in_windows import World, _pages, minutes_window

district = core_fixtures.district
world = roles_tests.world  # issued 机密 minutes with one printed copy, and an account per role


def _issued(office: Office, d: District, **particulars: object) -> int:
    mins = _drafted(office, d)
    review(office, mins, **particulars)
    office.minutes.sign(mins, signer_id=d.mayor, signed_on=TODAY)
    office.minutes.issue(mins, issued_on=TODAY)
    return mins


def _save_to(monkeypatch, target: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """The save dialog answers `target`; returns the names it suggested."""
    suggested: list[str] = []

    def answer(_parent, _title, name, _filter):  # type: ignore[no-untyped-def]
        suggested.append(name)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return suggested


def _said() -> str:
    [box] = windows(QMessageBox, "infoBox")
    text = box.text()
    box.close()
    return text


def test_issued_minutes_saved_as_ofd(qtbot, office: Office, runner: OpRunner, district: District,  # type: ignore[no-untyped-def]
                                     tmp_path: Path, monkeypatch) -> None:
    mins = _issued(office, district)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mins)
    assert not window.ofd_button.isHidden() and window.ofd_button.isEnabled()
    suggested = _save_to(monkeypatch, tmp_path / "会议纪要")  # the extension is added
    window.ofd_button.click()
    wait_idle(qtbot, runner, timeout=30000)
    target = tmp_path / "会议纪要.ofd"
    assert str(target) in _said()
    assert suggested[0].endswith("区政府第1次常务会议纪要.ofd")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with ofdkit.open(target) as doc:
        assert all(p.box == (0.0, 0.0, 210.0, 297.0) for p in doc.pages)
        assert window.detail is not None and window.detail.mark in doc.pages[0].text().replace(" ", "")
    assert window.directory is not None and not list(window.directory.glob("*.ofd"))  # nothing left behind
    window.close()


def test_not_offered_before_issue(qtbot, office: Office, runner: OpRunner, district: District) -> None:
    mins = _drafted(office, district)
    window: MinutesWindow = _open(qtbot, _page(qtbot, office, runner), runner, mins)
    assert window.ofd_button.isHidden()
    window.close()


def test_classified_minutes_without_printed_copies_are_not_saved(qtbot, office: Office, runner: OpRunner,  # type: ignore[no-untyped-def]
                                                                district: District, tmp_path: Path,
                                                                monkeypatch) -> None:
    mins = _issued(office, district, classification=Classification.SECRET, secrecy_period="1年", copies=2)
    window = _open(qtbot, _page(qtbot, office, runner), runner, mins)
    suggested = _save_to(monkeypatch, tmp_path / "m.ofd")
    window.ofd_button.click()
    wait_idle(qtbot, runner)
    assert "请先在印发后点“打印…”登记" in _said()
    assert suggested == [] and not (tmp_path / "m.ofd").exists()
    window.close()


def test_a_classified_copy_saved_as_ofd_is_on_the_register_and_recorded(qtbot, world: World, runner: OpRunner,  # type: ignore[no-untyped-def]
                                                                       tmp_path: Path, monkeypatch) -> None:
    p = _pages(qtbot, world, runner, "clerk")
    window = minutes_window(qtbot, p, runner, world.issued)
    suggested = _save_to(monkeypatch, tmp_path / "m.ofd")
    window.ofd_button.click()
    wait_idle(qtbot, runner)
    [dialog] = windows(CopyPickDialog)
    assert [dialog.numbers.itemText(i) for i in range(dialog.numbers.count())] == ["000001　区委办公室"]
    dialog.accept()
    wait_idle(qtbot, runner, timeout=30000)
    _said()
    assert suggested[0].endswith("（000001）.ofd")
    target = tmp_path / "m.ofd"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with ofdkit.open(target) as doc:
        assert doc.pages[0].text().split()[:2] == ["000001", "机密★10年"]
    rows = world.office.audit_log.rows(AuditFilter(event="纪要.输出")).rows
    assert len(rows) == 1 and "clerk" in rows[0].user_name and "000001" in rows[0].summary
    assert "另存为 OFD：m.ofd" in rows[0].summary
    correction = minutes_window(qtbot, p, runner, world.draft)
    assert correction.ofd_button.isHidden()  # its correction is a draft: not a document that went out


def test_read_only_saves_no_classified_copy(qtbot, world: World, runner: OpRunner) -> None:  # type: ignore[no-untyped-def]
    p = _pages(qtbot, world, runner, "reader")
    window = minutes_window(qtbot, p, runner, world.issued)
    assert not window.ofd_button.isHidden() and not window.ofd_button.isEnabled()
    assert "只读账户" in window.ofd_button.toolTip()
    for kind in (OFD, PDF):
        window.save_file(kind)  # a way in that is not the button: nothing happens
    window.preview.save_as()
    wait_idle(qtbot, runner)
    assert not windows(CopyPickDialog)


def test_a_classified_copy_saved_from_the_preview_is_numbered_and_recorded(qtbot, world: World,  # type: ignore[no-untyped-def]
                                                                          runner: OpRunner, tmp_path: Path,
                                                                          monkeypatch) -> None:
    """另存为… under the preview of classified minutes saves a registered copy, never the unnumbered
    preview; the outside PDF viewer is not offered for them."""
    p = _pages(qtbot, world, runner, "clerk")
    window = minutes_window(qtbot, p, runner, world.issued)
    window.tabs.setCurrentWidget(window.preview)
    qtbot.waitUntil(lambda: window.preview.shown is not None, timeout=30000)
    wait_idle(qtbot, runner, timeout=30000)
    preview = window.preview
    assert preview.save_button.isEnabled() and not preview.open_button.isEnabled()
    assert "不经份号登记" in preview.open_button.toolTip()
    opened: list[object] = []
    monkeypatch.setattr("gui.minutes.pdf_preview.QDesktopServices.openUrl", opened.append)
    preview.open_in_viewer()  # a way in that is not the button: nothing opens
    assert opened == []
    suggested = _save_to(monkeypatch, tmp_path / "m")
    preview.save_button.click()
    wait_idle(qtbot, runner)
    [dialog] = windows(CopyPickDialog)
    assert dialog.windowTitle() == "另存为 PDF（涉密纪要）"
    dialog.accept()
    wait_idle(qtbot, runner, timeout=30000)
    _said()
    assert suggested[0].endswith("（000001）.pdf")
    target = tmp_path / "m.pdf"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with pdfplumber.open(target) as pdf:
        assert pdf.pages[0].extract_text().split()[:2] == ["000001", "机密★10年"]
    [row] = world.office.audit_log.rows(AuditFilter(event="纪要.输出")).rows
    assert "000001" in row.summary and "另存为 PDF：m.pdf" in row.summary
    window.close()


def test_unclassified_preview_saves_and_opens_as_before(qtbot, office: Office, runner: OpRunner,  # type: ignore[no-untyped-def]
                                                       district: District, tmp_path: Path, monkeypatch) -> None:
    mins = _issued(office, district)
    window = _open(qtbot, _page(qtbot, office, runner), runner, mins)
    window.tabs.setCurrentWidget(window.preview)
    qtbot.waitUntil(lambda: window.preview.shown is not None, timeout=30000)
    wait_idle(qtbot, runner, timeout=30000)
    assert window.preview.open_button.isEnabled() and window.preview.save_handler is None
    _save_to(monkeypatch, tmp_path / "m.pdf")
    window.preview.save_button.click()
    wait_idle(qtbot, runner)
    _said()
    assert not windows(CopyPickDialog) and (tmp_path / "m.pdf").read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE((tmp_path / "m.pdf").stat().st_mode) == 0o600  # this user's only (issue 11 §6)
    assert not office.audit_log.rows(AuditFilter(event="纪要.输出")).rows
    window.close()
