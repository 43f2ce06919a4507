"""纪要: drafting from a held meeting, editing and saving a new version compared with the old one,
a refused sign-off citing art. 45, the mayor's consent for a thematic 资金 decision, issuing,
issued minutes read-only with a correction, and the PDF rendered through the op runner."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QLabel, QMessageBox, QPlainTextEdit

from core.documents import font_settings
from core.errors import Invalid
from core.model.enums import (
    ApprovalManner,
    Classification,
    DecisionType,
    MinutesStatus,
    Publication,
    SensitiveMatter,
)
from core.office import Office
from gui.minutes.decisions_table import MATTERS, TEXT, TYPE, MattersBox
from gui.minutes.draft_dialog import DraftDialog
from gui.minutes.issue_dialog import IssueDialog, ParticularsDialog
from gui.minutes.minutes_window import MinutesWindow
from gui.minutes.page import MinutesPage
from gui.minutes.printing import CopiesDialog
from gui.minutes.sign_dialogs import ConsentDialog, SignDialog
from gui.ops import OpRunner
from gui.roster.forms import ChoiceCombo
from tests.core import conftest as core_fixtures
from tests.core.conftest import TODAY, District
from tests.core.test_minutes_service import attend, held, review, reviewer, thematic_with_funds
from tests.gui.helpers import wait_idle, windows

district = core_fixtures.district  # the core tests' small district roster, as a fixture here too


def _only(kind: type, name: str | None = None):  # type: ignore[no-untyped-def]
    found = windows(kind, name)
    assert len(found) == 1, found
    return found[0]


def _answer(qtbot, runner: OpRunner, yes: bool = True) -> None:  # type: ignore[no-untyped-def]
    box = _only(QMessageBox, "confirmBox")
    role = QMessageBox.ButtonRole.AcceptRole if yes else QMessageBox.ButtonRole.RejectRole
    [button] = [b for b in box.buttons() if box.buttonRole(b) == role]
    button.click()
    wait_idle(qtbot, runner)


def _error_text() -> str:
    box = _only(QMessageBox, "errorBox")
    text = box.text()
    box.close()
    return text


def _page(qtbot, office: Office, runner: OpRunner) -> MinutesPage:  # type: ignore[no-untyped-def]
    page = MinutesPage(office, runner)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    wait_idle(qtbot, runner)
    return page


def _open(qtbot, page: MinutesPage, runner: OpRunner, minutes_id: int) -> MinutesWindow:  # type: ignore[no-untyped-def]
    window = page.open_minutes(minutes_id)
    wait_idle(qtbot, runner)
    assert window.detail is not None and window.detail.id == minutes_id
    return window


def _drafted(office: Office, d: District) -> int:
    mid = held(office, d)
    attend(office, d, mid)
    return office.minutes.draft(mid)


# --- drafting ------------------------------------------------------------------------------------

def test_draft_from_a_held_meeting(qtbot, office: Office, runner: OpRunner, district: District) -> None:
    d = district
    mid = held(office, d)
    attend(office, d, mid)
    page = _page(qtbot, office, runner)
    assert page.model.rowCount() == 0
    page.draft_button.click()
    wait_idle(qtbot, runner)
    dialog = _only(DraftDialog)
    assert [m.id for m in dialog.model.rows] == [mid]
    dialog.ok_button.click()
    wait_idle(qtbot, runner)

    [row] = office.minutes.minutes_list()
    assert row.meeting_id == mid and row.status is MinutesStatus.DRAFT
    assert page.model.rowCount() == 1
    window = page.windows[row.id]  # the draft opens in its window
    wait_idle(qtbot, runner)
    assert window.mark_label.text() == "澄溪区人民政府常务会议纪要"
    assert "区政府第1次常务会议" in window.facts_label.text() and "起草中" in window.facts_label.text()
    editor = window.editor
    assert editor.opening_edit.toPlainText().startswith("2026年6月25日上午")
    assert [b.heading_edit.text() for b in editor.blocks] == ["关于议题甲的事项", "关于议题乙的事项"]
    assert editor.present_edit.toPlainText().splitlines() == ["甲区长", "乙常务", "丙副区长"]
    assert editor.on_leave_edit.toPlainText() == "丁副区长（赴市里开会）"
    first = editor.blocks[0].decisions.decision_items()[0]
    assert first.co_ids == (d.finance,) and first.type is DecisionType.AGREE_IN_PRINCIPLE
    assert not editor.is_modified() and not window.save_button.isEnabled()

    page.draft_button.click()  # the meeting has minutes now: nothing left to draft
    wait_idle(qtbot, runner)
    again = _only(DraftDialog)
    assert again.model.rowCount() == 0 and not again.ok_button.isEnabled()
    again.reject()

    page.status_combo.set_value(MinutesStatus.ISSUED)  # the status filter asks the service again
    wait_idle(qtbot, runner)
    assert page.model.rowCount() == 0 and page.count_label.text() == "共 0 份"


# --- editing, versions, compare ------------------------------------------------------------------

def test_edit_save_version_two_and_compare(qtbot, office: Office, runner: OpRunner, district: District) -> None:
    mins = _drafted(office, district)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mins)
    editor = window.editor
    editor.closing_edit.setPlainText("会议还研究了人事事项。")
    table = editor.blocks[0].decisions
    kind = table.widget_at(0, TYPE)
    assert isinstance(kind, ChoiceCombo)
    kind.set_value(DecisionType.AGREE)
    matters = table.widget_at(0, MATTERS)
    assert isinstance(matters, MattersBox)
    matters.boxes[SensitiveMatter.FUNDS].setChecked(True)
    assert editor.is_modified() and window.unsaved_label.text() == "有未保存的修改"
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S
    wait_idle(qtbot, runner)

    assert [v[0] for v in office.minutes.versions(mins)] == [1, 2]
    saved = office.minutes.detail(mins).content
    assert saved.closing == "会议还研究了人事事项。"
    assert saved.sections[0].decisions[0].type is DecisionType.AGREE
    assert saved.sections[0].decisions[0].matters == frozenset({SensitiveMatter.FUNDS})
    assert not editor.is_modified() and window.unsaved_label.text() == ""
    assert "第2稿" in window.facts_label.text()
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # nothing changed: no new version
    wait_idle(qtbot, runner)
    assert len(office.minutes.versions(mins)) == 2

    versions = window.versions
    window.tabs.setCurrentWidget(versions)
    assert (versions.left_combo.value(), versions.right_combo.value()) == (1, 2)
    versions.compare_button.click()
    wait_idle(qtbot, runner)
    rows = versions.compare_model.rows
    assert ("replace", "会议还研究了其他事项。", "会议还研究了人事事项。") in rows
    assert any(tag == "replace" and "同意｜" in right and "原则同意" in left for tag, left, right in rows)
    [changed] = [i for i, r in enumerate(rows) if r[2] == "会议还研究了人事事项。"]
    background = versions.compare_model.data(versions.compare_model.index(changed, 1), Qt.ItemDataRole.BackgroundRole)
    assert background is not None and background.color().name() == "#fff3c4"
    assert versions.compare_model.headerData(2, Qt.Orientation.Horizontal) == "第2稿"


def test_refused_save_keeps_the_text_and_closing_asks(qtbot, office: Office, runner: OpRunner,
                                                     district: District, monkeypatch) -> None:
    mins = _drafted(office, district)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mins)
    editor = window.editor
    editor.blocks[1].text_edit.setPlainText("会议要求抓紧办理。")

    def full(*_args: object) -> int:
        raise Invalid("磁盘已满，纪要未保存。请清理磁盘空间后重试。")

    monkeypatch.setattr(office.minutes, "save", full)
    window.save()
    wait_idle(qtbot, runner)
    assert "磁盘已满" in _error_text()
    assert editor.blocks[1].text_edit.toPlainText() == "会议要求抓紧办理。" and editor.is_modified()
    assert [v[0] for v in office.minutes.versions(mins)] == [1]

    window.close()  # unsaved: it asks, and 取消 keeps the window
    _answer(qtbot, runner, yes=False)
    assert window.isVisible()
    window.close()
    _answer(qtbot, runner, yes=True)
    qtbot.waitUntil(lambda: mins not in page.windows)


# --- sign-off and issue ----------------------------------------------------------------------------

def test_wrong_leader_refused_with_article_45(qtbot, office: Office, runner: OpRunner, district: District) -> None:
    d = district
    mins = _drafted(office, d)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mins)
    panel = window.signoff
    window.tabs.setCurrentWidget(panel)
    assert panel.authority_label.text() == "<b>区长甲区长</b>"
    assert "不需要" in panel.consent_label.text() and "第四十五条" in panel.reasons_label.text()
    assert not panel.issue_button.isEnabled()

    deputy = reviewer(office)
    window.reload(refill=False)  # the roster gained the office's deputy director
    wait_idle(qtbot, runner)
    panel.reviewer_combo.set_value(deputy)
    panel.review_button.click()
    wait_idle(qtbot, runner)
    assert office.minutes.detail(mins).reviewer == "钱副主任"
    assert "钱副主任" in panel.reviewed_label.text()

    panel.sign_button.click()
    wait_idle(qtbot, runner)
    dialog = _only(SignDialog)
    assert [dialog.signer_combo.itemData(i) for i in range(dialog.signer_combo.count())] == [d.mayor]
    # A stale picker (the route changed since it was filled) offers the executive vice mayor.
    dialog.signer_combo.set_choices([("常务副区长乙常务", d.executive)])
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    text = _error_text()
    assert "第四十五条" in text
    assert dialog.isVisible() and office.minutes.detail(mins).status is MinutesStatus.REVIEWED


def test_thematic_funds_need_consent_then_issue(qtbot, office: Office, runner: OpRunner, district: District) -> None:
    d = district
    mins = thematic_with_funds(office, d, presider=d.vice_b)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mins)
    panel = window.signoff
    assert panel.authority_label.text() == "<b>副区长丁副区长</b>"
    assert "须报区长同意" in panel.consent_label.text()
    assert panel.consent_button.isEnabled()

    panel.sign_button.click()
    wait_idle(qtbot, runner)
    sign = _only(SignDialog)
    assert sign.signer_combo.value() == d.vice_b
    sign.circled_box.setChecked(True)  # 圈阅 counts as agreement
    sign.ok_button.click()
    wait_idle(qtbot, runner)
    detail = office.minutes.detail(mins)
    assert detail.status is MinutesStatus.SIGNED and detail.sign_opinion == "圈阅"
    assert "丁副区长" in panel.signed_label.text()
    assert "已签发" in window.locked_label.text() and window.editor.opening_edit.isReadOnly()

    panel.issue_button.click()  # without the mayor's consent: refused with the article
    issue = _only(IssueDialog)
    issue.ok_button.click()
    _answer(qtbot, runner)
    text = _error_text()
    assert "区长同意" in text and "第四十五条" in text
    issue.reject()

    panel.consent_button.click()
    consent = _only(ConsentDialog)
    consent.manner_combo.set_value(ApprovalManner.PHONE)
    consent.ok_button.click()
    wait_idle(qtbot, runner)
    assert office.minutes.detail(mins).consent_by == "甲区长"
    assert "甲区长" in panel.consent_record_label.text() and not panel.consent_button.isEnabled()

    panel.issue_button.click()
    issue = _only(IssueDialog)
    assert issue.findChild(QLabel, "issue_公开属性").text() == "依申请公开"  # thematic: not 主动公开 by default
    issue.ok_button.click()
    _answer(qtbot, runner)
    info = _only(QMessageBox, "infoBox")
    assert "〔2026〕1号" in info.text()
    info.close()
    detail = office.minutes.detail(mins)
    assert (detail.status, detail.serial_text) == (MinutesStatus.ISSUED, "〔2026〕1号")
    assert "〔2026〕1号" in panel.issued_label.text()


def test_particulars_then_issue_with_defaults_and_classified(qtbot, office: Office, runner: OpRunner,
                                                             district: District) -> None:
    mins = _drafted(office, district)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mins)
    window.signoff.particulars_button.click()
    dialog = _only(ParticularsDialog)
    assert dialog.publication_combo.value() is Publication.PUBLIC  # 常务会议: 主动公开 (art. 24)
    assert "第二十四条" in dialog.publication_hint.text()
    assert not dialog.reason_edit.isVisibleTo(dialog)
    dialog.classification_combo.set_value(Classification.SECRET)
    assert dialog.publication_combo.value() is Publication.NOT_PUBLIC and not dialog.publication_combo.isEnabled()
    assert dialog.copies_spin.minimum() == 1 and "第九条" in dialog.copies_hint.text()  # a classified 印数 ≥ 1
    dialog.ok_button.click()  # no secrecy period yet
    assert "保密期限" in dialog.error.text()
    dialog.secrecy_edit.setText("1年")
    dialog.copies_spin.setValue(3)
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    assert "3 份" in " ".join(label.text() for label in window.signoff.particular_labels)
    review(office, mins)
    office.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY)
    window.reload(refill=False)
    wait_idle(qtbot, runner)
    assert not window.signoff.particulars_button.isEnabled()  # signed: fixed (条例 §25（一）)
    window.signoff.issue_button.click()
    issue = _only(IssueDialog)
    assert issue.findChild(QLabel, "issue_密级").text() == "秘密★1年"
    issue.serial_box.setChecked(True)
    issue.serial_spin.setValue(7)
    issue.ok_button.click()
    _answer(qtbot, runner)
    _only(QMessageBox, "infoBox").close()
    detail = office.minutes.detail(mins)
    assert (detail.classification, detail.secrecy_period, detail.serial_text, detail.copies) == (
        Classification.SECRET, "1年", "〔2026〕7号", 3)
    assert "秘密★1年" in window.facts_label.text()
    assert "印数 3 份，已印制 0 份" in window.signoff.issued_label.text()


def test_issued_minutes_are_read_only_and_corrected(qtbot, office: Office, runner: OpRunner,
                                                   district: District) -> None:
    mins = _drafted(office, district)
    review(office, mins, copy_to="区委办公室", main_to="各镇人民政府、街道办事处")
    office.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY)
    office.minutes.issue(mins, issued_on=TODAY)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mins)
    editor = window.editor
    assert editor.opening_edit.isReadOnly() and editor.blocks[0].heading_edit.isReadOnly()
    text = editor.blocks[0].decisions.widget_at(0, TEXT)
    assert isinstance(text, QPlainTextEdit) and text.isReadOnly()
    assert not editor.blocks[0].decisions.widget_at(0, TYPE).isEnabled()
    assert not window.save_button.isVisible() and not editor.add_section_button.isVisible()
    assert "已印发" in window.locked_label.text() and window.locked_label.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, runner)
    assert [v[0] for v in office.minutes.versions(mins)] == [1]

    panel = window.signoff
    assert panel.correct_button.isEnabled() and not panel.sign_button.isEnabled()
    panel.correct_button.click()
    _answer(qtbot, runner)
    wait_idle(qtbot, runner)
    [corrected] = [r for r in office.minutes.minutes_list() if r.edition == 2]
    new_window = page.windows[corrected.id]
    wait_idle(qtbot, runner)
    assert "第2版（更正）" in new_window.facts_label.text()
    assert not new_window.editor.opening_edit.isReadOnly()
    shown = " ".join(label.text() for label in new_window.signoff.particular_labels)
    assert "区委办公室" in shown and "各镇人民政府、街道办事处" in shown  # the correction keeps 主送/抄送
    assert "重新核稿" not in new_window.next_label.text() and "核稿" in new_window.next_label.text()
    window.close()  # nothing unsaved: closes without asking
    assert not windows(QMessageBox, "confirmBox")


def test_minutes_pdf_rendered_through_the_runner(qtbot, office: Office, runner: OpRunner, district: District,
                                                 tmp_path: Path) -> None:
    mins = _drafted(office, district)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mins)
    finished: list[object] = []
    runner.op_finished.connect(finished.append)
    window.tabs.setCurrentWidget(window.preview)  # showing the tab renders the saved version
    wait_idle(qtbot, runner)
    assert finished, "the PDF is rendered on the op runner"
    shown = window.preview.shown
    assert shown is not None and shown.pdf.read_bytes().startswith(b"%PDF")
    directory = window.directory
    assert directory is not None and shown.pdf.parent == directory
    assert len(shown.pages) >= 1 and f"共 {len(shown.pages)} 页" in window.preview.status.text()
    # Which fonts print it, in one sentence (issue 14: not a list of file names).
    said, details = font_settings.summary()
    assert window.preview.status.text().endswith(said) and ".tt" not in said  # files only on demand:
    assert window.preview.status.toolTip() == details and "仿宋：" in details and ".tt" in details
    assert "代替" in shown.fonts and "（替代字体）" not in shown.fonts
    window.preview.print_button.click()
    dialog = _only(QPrintDialog)
    assert dialog.printer().docName() == "区政府第1次常务会议纪要"
    dialog.reject()

    window.signoff.sheet_button.click()  # the signing sheet, previewed in its own window
    wait_idle(qtbot, runner)
    sheet = window.signoff.sheet_dialog
    assert sheet is not None and sheet.isVisible()
    window.close()
    assert not directory.exists()  # the temporary files go with the window


def test_classified_print_numbers_each_copy(qtbot, office: Office, runner: OpRunner, district: District) -> None:
    import subprocess

    mins = _drafted(office, district)
    review(office, mins, classification=Classification.SECRET, secrecy_period="1年", copies=2)
    office.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY)
    office.minutes.issue(mins, issued_on=TODAY)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mins)
    window.tabs.setCurrentWidget(window.preview)
    wait_idle(qtbot, runner)
    window.preview.print_button.click()
    copies = _only(CopiesDialog)
    assert "尚可印制 2 份" in copies.findChild(QLabel, "registerNote").text()
    copies.recipients.setPlainText("区委办公室\n\n区人大常委会办公室\n区纪委监委")
    copies.ok_button.click()  # three recipients for two planned copies
    assert "尚可印制 2 份" in copies.error.text() and copies.isVisible()
    copies.recipients.setPlainText("区委办公室\n\n区人大常委会办公室\n")
    copies.ok_button.click()
    wait_idle(qtbot, runner)
    dialog = _only(QPrintDialog)
    assert "2份" in dialog.printer().docName()
    dialog.reject()
    register = office.minutes.copy_register(mins)
    assert [(r[0], r[1]) for r in register] == [(1, "区委办公室"), (2, "区人大常委会办公室")]
    wait_idle(qtbot, runner)
    assert "印数 2 份，已印制 2 份" in window.signoff.issued_label.text()  # the record follows the register
    assert window.directory is not None
    numbered = sorted(window.directory.glob("copy-*.pdf"))
    assert [p.name for p in numbered] == ["copy-000001.pdf", "copy-000002.pdf"]
    texts = [subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True, check=True).stdout
             for p in numbered]
    assert "000001" in texts[0] and "000002" in texts[1]


def test_main_window_shows_the_minutes_page(qtbot, office: Office, runner: OpRunner, district: District) -> None:
    from gui.main_window import MainWindow

    _drafted(office, district)
    window = MainWindow(office, runner)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    window.show_page("纪要")
    wait_idle(qtbot, runner)
    page = window.stack.currentWidget()
    assert isinstance(page, MinutesPage) and page.model.rowCount() == 1
    assert window.new_action.isEnabled()
    window.new_action.trigger()  # Ctrl+N: 起草纪要
    wait_idle(qtbot, runner)
    assert _only(DraftDialog).windowTitle() == "起草纪要"


def test_edited_decision_row_added_and_section_removed(qtbot, office: Office, runner: OpRunner,
                                                      district: District) -> None:
    mins = _drafted(office, district)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mins)
    editor = window.editor
    block = editor.blocks[0]
    block.add_decision_button.click()
    text = block.decisions.widget_at(1, TEXT)
    assert isinstance(text, QPlainTextEdit)
    text.setPlainText("由区财政局安排资金。")
    editor.blocks[1].remove_button.click()
    _answer(qtbot, runner)
    assert len(editor.blocks) == 1
    window.save()
    wait_idle(qtbot, runner)
    content = office.minutes.detail(mins).content
    assert [s.heading for s in content.sections] == ["关于议题甲的事项"]
    assert [d.text for d in content.sections[0].decisions][1] == "由区财政局安排资金。"


def test_closing_the_program_with_unsaved_minutes_asks(qtbot, office: Office, runner: OpRunner,
                                                       district: District) -> None:
    from gui.main_window import MainWindow

    mins = _drafted(office, district)
    main = MainWindow(office, runner)
    qtbot.addWidget(main)
    main.show()
    main.show_page("纪要")
    wait_idle(qtbot, runner)
    page = main.stack.currentWidget()
    assert isinstance(page, MinutesPage)
    window = _open(qtbot, page, runner, mins)
    window.editor.closing_edit.setPlainText("会议还研究了其他事项，另行印发。")
    main.close()  # Ctrl+Q does the same
    assert main.isVisible() and window.isVisible()
    _answer(qtbot, runner, yes=False)  # back to editing: nothing lost
    assert window.editor.is_modified()
    window.save()
    wait_idle(qtbot, runner)
    main.close()
    assert not main.isVisible()
    assert office.minutes.detail(mins).content.closing == "会议还研究了其他事项，另行印发。"


def test_decision_units_deadline_and_wheel(qtbot, office: Office, runner: OpRunner, district: District) -> None:
    import datetime as dt

    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication, QDialog

    from gui.minutes.decisions_table import CO_UNITS, DEADLINE, RESPONSIBLE, CoUnitsButton
    from gui.roster.forms import OptionalDateEdit
    from gui.topics.department_picker import DepartmentPicker

    d = district
    mins = _drafted(office, d)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mins)
    table = window.editor.blocks[1].decisions
    co_units = table.widget_at(0, CO_UNITS)
    assert isinstance(co_units, CoUnitsButton) and co_units.text() == "选择…"
    co_units.click()
    dialog = _only(QDialog, "coUnitsDialog")
    picker = dialog.findChild(DepartmentPicker)
    assert picker is not None
    picker.set_checked([d.transport, d.ndrc])
    dialog.accept()
    assert co_units.text() == "区交通局、区发展改革委"
    responsible = table.widget_at(0, RESPONSIBLE)
    assert isinstance(responsible, ChoiceCombo)
    responsible.set_value(d.finance)
    before = responsible.currentIndex()
    wheel = QWheelEvent(QPointF(5, 5), QPointF(5, 5), QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(responsible, wheel)  # scrolling the editor past an unfocused combo leaves it alone
    assert responsible.currentIndex() == before
    deadline = table.widget_at(0, DEADLINE)
    assert isinstance(deadline, OptionalDateEdit)
    deadline.set_day(dt.date(2026, 7, 31))
    window.save()
    wait_idle(qtbot, runner)
    decision = office.minutes.detail(mins).content.sections[1].decisions[0]
    assert (decision.responsible_id, decision.co_ids, decision.deadline) == (
        d.finance, (d.transport, d.ndrc), dt.date(2026, 7, 31))


def test_copy_register_and_reprint_of_a_lost_copy(qtbot, office: Office, runner: OpRunner,
                                                   district: District) -> None:
    from gui.minutes.copy_register import CopyRegisterDialog, ReprintDialog

    mins = _drafted(office, district)
    review(office, mins, classification=Classification.SECRET, secrecy_period="1年", copies=3)
    office.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY)
    office.minutes.issue(mins, issued_on=TODAY)
    office.minutes.register_copies(mins, ["区委办公室", "区政协办公室"], printed_on=TODAY)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mins)
    assert not window.register_button.isHidden()  # shown for classified minutes
    window.show_register()
    wait_idle(qtbot, runner)
    register = _only(CopyRegisterDialog)
    assert register.model.rowCount() == 3  # the 印数 planned: two printed, one not yet
    assert "印数 3 份" in register.findChild(QLabel, "registerSummary").text()
    register.reprint_button.click()
    reprint = _only(ReprintDialog)
    reprint.numbers.setCurrentIndex(1)
    reprint.reason.setText("传递途中遗失")
    reprint.accept()
    wait_idle(qtbot, runner)
    rows = office.minutes.copy_register(mins)
    assert [(r[0], r[1], r[4]) for r in rows][-1] == (4, "区政协办公室", 2)  # after the planned numbers
    dialog = _only(QPrintDialog)
    assert "补印 000002" in dialog.printer().docName()
    dialog.reject()


# --- issue 12: the order of the steps, people from the roster ------------------------------------

def test_sign_waits_for_the_review_with_the_reason_shown(qtbot, office: Office, runner: OpRunner,
                                                         district: District) -> None:
    mins = _drafted(office, district)
    deputy = reviewer(office)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mins)
    panel = window.signoff
    window.tabs.setCurrentWidget(panel)
    assert not panel.sign_button.isEnabled()  # 起草中, 尚未核稿: no 签发
    assert panel.sign_note.isVisible()
    assert "《党政机关公文处理工作条例》第二十条" in panel.sign_note.text()
    assert "下一步：<b>核稿</b>" in window.next_label.text() and "区政府办公室（钱副主任）" in window.next_label.text()
    assert [panel.reviewer_combo.itemData(i) for i in range(1, 2)] == [deputy]  # the office first, from the roster
    assert panel.reviewer_combo.value() is None  # nobody chosen for the secretary
    panel.review_button.click()
    info = _only(QMessageBox, "infoBox")
    assert "名册" in info.text()
    info.close()

    panel.reviewer_combo.set_value(deputy)
    panel.review_button.click()
    wait_idle(qtbot, runner)
    assert panel.sign_button.isEnabled() and not panel.sign_note.isVisible()
    assert not panel.review_button.isEnabled()  # this version has its review
    assert "签发" in window.next_label.text() and "区长甲区长" in window.next_label.text()

    content = window.editor.content()  # a new version after the review
    window.editor.closing_edit.setPlainText(content.closing + "（修改）")
    window.save()
    wait_idle(qtbot, runner)
    assert not panel.sign_button.isEnabled() and "第2稿" in panel.sign_note.text()
    assert panel.review_button.isEnabled()  # the review can be recorded again (it was greyed out for ever)
    assert "须重新核稿" in panel.reviewed_label.text() and "重新核稿" in window.next_label.text()


def test_after_signing_the_covered_fields_are_read_only(qtbot, office: Office, runner: OpRunner,
                                                        district: District) -> None:
    mins = _drafted(office, district)
    review(office, mins, copy_to="区委办公室", copies=10)
    office.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mins)
    panel = window.signoff
    window.tabs.setCurrentWidget(panel)
    for state in ("signed", "issued"):
        assert not panel.route_date.isEnabled() and panel.route_date.day() == TODAY  # 签发日期 fixed
        assert panel.route_date_caption.text() == "签发日期："
        assert not panel.particulars_button.isEnabled() and panel.particulars_fixed.isVisible()
        assert not panel.review_button.isEnabled() and not panel.reviewer_combo.isEnabled()
        assert not panel.sign_button.isEnabled() and not panel.sign_note.isVisible()
        assert window.editor.opening_edit.isReadOnly() and not window.save_button.isVisible()
        assert "第二十五条" in window.locked_label.text() or state == "issued"
        assert panel.correct_button.isEnabled()  # a change is a new edition
        if state == "signed":
            assert "印发" in window.next_label.text()
            office.minutes.issue(mins, issued_on=TODAY)
            window.reload(refill=False)
            wait_idle(qtbot, runner)
    assert not window.next_label.isVisible()  # nothing left to do


def test_thematic_minutes_edit_their_subject_title(qtbot, office: Office, runner: OpRunner,
                                                   district: District) -> None:
    """A 专题会议's subject title (issue 13 §2): shown with the draft's default, saved as a new version,
    read-only once signed; other minutes show no title field."""
    d = district
    mins = thematic_with_funds(office, d, presider=d.vice_a)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mins)
    editor = window.editor
    assert editor.title_edit.isVisibleTo(window) and editor.title_edit.text() == "关于专题甲的专题会议纪要"
    editor.title_edit.setText("关于城区交通组织优化有关问题的会议纪要")
    assert editor.is_modified() and window.save_button.isEnabled()
    window.save_button.click()
    wait_idle(qtbot, runner)
    assert office.minutes.detail(mins).content.title == "关于城区交通组织优化有关问题的会议纪要"
    review(office, mins)
    office.minutes.sign(mins, signer_id=d.vice_a, signed_on=TODAY)
    window.reload(refill=False)
    wait_idle(qtbot, runner)
    assert editor.title_edit.isReadOnly()

    other = _open(qtbot, page, runner, _drafted(office, d))
    assert not other.editor.title_edit.isVisibleTo(other)
