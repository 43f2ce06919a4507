"""Chinese throughout (issue 14 §5): every page and the main dialogs, on a demo office, show no Latin
word outside a short list of names a secretary knows by their letters; Qt's own file dialog and
calendar are Chinese; the status bar and the settings say things in words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QDate, QLocale, QModelIndex, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from core.keeping.keys import MemoryKeyStore, in_words
from core.office import Office
from core.store.keys import RawKey
from gui import translations
from gui.main_window import MainWindow
from gui.ops import OpRunner
from tests.gui.helpers import ADMIN_PW, wait_idle

# Letters a secretary reads as names: formats (also as file extensions), products, key caps, units.
ALLOWED = {
    "PDF", "DOCX", "OFD", "WPS", "Word", "Excel", "CSV", "JSON", "XLSX", "GB",  # GB/T 9704
    "TrueType", "SQLCipher", "SQLite", "AES", "Qt", "PySide", "Python",  # 关于 and the encryption's name
    "AB",  # AB角, the office's own word for a vice mayor's partner
    "Ctrl", "Shift", "KB", "MB", "KiB", "MiB", "GiB",  # key caps; sizes (ours, and Qt's file dialog)
}
FORMATS = {w.upper() for w in ("pdf", "docx", "ofd", "csv", "json", "xlsx", "txt", "ttf", "ttc")}  # *.pdf in filters
WORD = re.compile(r"[A-Za-z]{2,}")


def english(texts: dict[str, str], scrub: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Per text (keyed by where it was seen): its Latin words outside ALLOWED, user data scrubbed."""
    found = {}
    for where, text in texts.items():
        for data in scrub:
            text = text.replace(data, "")
        words = [w for w in WORD.findall(text) if w not in ALLOWED and w.upper() not in FORMATS]
        if words:
            found[where] = words
    return found


def _plain(text: str) -> str:
    if "<" in text and ">" in text:
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a list model: PySide binds its columnCount as private
        return 1


def texts_of(top: QWidget) -> dict[str, str]:
    """What `top` shows now: titles, labels, buttons, fields, lists and tables (headers and cells)."""
    out: dict[str, str] = {}

    def add(widget: QWidget, what: str, text: str) -> None:
        if text and text.strip():
            out[f"{type(top).__name__}/{type(widget).__name__}:{widget.objectName()}:{what}:{text[:40]}"] = text

    add(top, "title", top.windowTitle())
    for w in [top, *top.findChildren(QWidget)]:
        if not w.isVisible():
            continue
        if isinstance(w, QLabel):
            add(w, "text", _plain(w.text()))
        elif isinstance(w, QAbstractButton):
            add(w, "text", w.text())
        elif isinstance(w, QGroupBox):
            add(w, "title", w.title())
        elif isinstance(w, QLineEdit):
            add(w, "text", w.text())
            add(w, "placeholder", w.placeholderText())
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                add(w, f"item{i}", w.itemText(i))
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                add(w, f"tab{i}", w.tabText(i))
        elif isinstance(w, QTextEdit | QPlainTextEdit):
            add(w, "text", w.toPlainText()[:3000])
            add(w, "placeholder", w.placeholderText())
        if isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView) and w.model() is not None:
            model, top_level = w.model(), w.rootIndex()  # a file dialog's view is rooted at its folder
            columns = _columns(model, top_level)
            for c in range(columns):
                add(w, f"header{c}", str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
            for r in range(min(model.rowCount(top_level), 60)):
                for c in range(columns):
                    index = model.index(r, c, top_level)
                    add(w, f"cell{r},{c}", str(model.data(index) or ""))
                    for k in range(min(model.rowCount(index), 10)):  # a tree's first children
                        add(w, f"cell{r},{c}/{k}", str(model.data(model.index(k, c, index)) or ""))
    if isinstance(top, QMainWindow):
        for action in top.menuBar().actions():
            add(top, "menu", action.text())
            if action.menu() is not None:
                for sub in action.menu().actions():
                    add(top, "menu", sub.text())
    return out


def all_tabs_texts(qtbot, runner: OpRunner, top: QWidget) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """texts_of(top) with each tab of each tab widget shown in turn (tabs read their data when shown)."""
    out = texts_of(top)
    seen: set[int] = set()
    while True:
        tabs = [t for t in top.findChildren(QTabWidget) if t.isVisible() and id(t) not in seen]
        if not tabs:
            return out
        for tab_widget in tabs:
            seen.add(id(tab_widget))
            for i in range(tab_widget.count()):
                tab_widget.setCurrentIndex(i)
                wait_idle(qtbot, runner)
                out |= texts_of(top)


@pytest.fixture
def chinese(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """As gui.app does: zh_CN before any widget, Qt's catalogs installed; undone for the other tests."""
    before = QLocale()
    translator = translations.use_chinese(qapp)
    assert translator is not None
    yield
    for t in qapp.findChildren(type(translator).__mro__[0]):
        qapp.removeTranslator(t)
    QLocale.setDefault(before)


@pytest.fixture
def demo(db_path: Path, key: RawKey, monkeypatch: pytest.MonkeyPatch) -> Iterator[Office]:
    """The demo district with a year of history, smaller: 40 topics instead of 240 (a few seconds)."""
    from core.demo import topics
    from core.demo.district import fill_demo, history_start
    from core.demo.meetings import fill_demo_meetings
    from core.demo.minutes import fill_demo_minutes

    monkeypatch.setattr(topics, "TOPICS_PER_YEAR", 40)
    office = Office.create(db_path, key, "澄溪区人民政府办公室")
    office.accounts.create_first_admin("admin", ADMIN_PW, "系统管理员")
    office.log_in("admin", ADMIN_PW)
    fill_demo(office, since=history_start(1))
    topics.fill_demo_topics(office, 1)
    fill_demo_meetings(office, 1)
    fill_demo_minutes(office)
    try:
        yield office
    finally:
        office.close()


def _font_names() -> list[str]:
    """The names and files of this machine's fonts standing in for the standard ones ("AR PL UMing",
    "uming.ttc"): the machine's, not the program's words. (Issue 14 §6 turns the report under the
    minutes preview into one sentence with the files on demand.)"""
    from core.documents import fonts

    found = [f for f in fonts.resolution().values() if f is not None]
    return sorted({part for f in found for part in (f.path.name, f.label or f.path.stem)}, key=len, reverse=True)


def _new_windows(before: set[int]) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets()
            if w.isVisible() and id(w) not in before and isinstance(w, QDialog | QMainWindow)]


def _visible_ids() -> set[int]:
    return {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}


def test_every_page_and_the_main_dialogs_say_nothing_in_english(qtbot, chinese, demo: Office,  # type: ignore[no-untyped-def]
                                                                runner: OpRunner) -> None:
    window = MainWindow(demo, runner)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    seen: dict[str, str] = {}
    for name in window.page_names:
        window.show_page(name)
        wait_idle(qtbot, runner)
        seen |= all_tabs_texts(qtbot, runner, window)
        if name == "设置":
            check = window.settings_page.data_safety.check
            check.check_button.click()
            wait_idle(qtbot, runner, timeout=30000)
            assert check.lines.count() >= 6
            seen |= all_tabs_texts(qtbot, runner, window)

    def opened(open_it) -> None:  # type: ignore[no-untyped-def]
        before = _visible_ids()
        open_it()
        wait_idle(qtbot, runner)
        news = _new_windows(before)
        assert news, open_it
        for w in news:
            seen.update(all_tabs_texts(qtbot, runner, w))
            w.close()
        wait_idle(qtbot, runner)

    for name in ("议题", "会议", "纪要", "督办", "人员与单位"):
        window.show_page(name)
        wait_idle(qtbot, runner)
        page = window.stack.currentWidget()
        if getattr(page, "can_create", True) and hasattr(page, "new_item"):
            opened(page.new_item)
    topic = demo.topics.topics()[0].id
    meeting = demo.meetings.meetings()[0].id
    minutes = demo.minutes.minutes_list()[0].id
    opened(lambda: window.page("议题").open_topic(topic))  # type: ignore[attr-defined]
    opened(lambda: window.page("会议").open_meeting(meeting))  # type: ignore[attr-defined]
    opened(lambda: window.page("纪要").open_minutes(minutes))  # type: ignore[attr-defined]
    opened(lambda: window.open_search("预算"))
    opened(window.about_action.trigger)
    opened(window.show_accounts)

    assert len(seen) > 500  # the pages were read, not empty frames
    found = english(seen, scrub=(f"{demo.path}.backups", str(demo.path), demo.file_id,
                                 "admin",  # the account's name is its user's
                                 *_font_names()))

    assert found == {}, "\n".join(f"{where}: {words}" for where, words in found.items())


def test_calendar_and_file_dialog_are_qts_in_chinese(qtbot, chinese, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from gui.roster.forms import DateEdit

    field = DateEdit()
    qtbot.addWidget(field)
    field.show()
    calendar = field.calendarWidget()
    calendar.setCurrentPage(2026, 12)
    calendar.show()
    from gui.calendar_header import YearMonthBar

    [bar] = calendar.findChildren(YearMonthBar)
    assert (bar.year.text(), bar.month.text()) == ("2026年", "12月")
    bar.resize(bar.sizeHint())
    bar.layout().activate()  # laid out as when the calendar pops up
    assert bar.year.geometry().x() < bar.month.geometry().x()  # the year first, as Chinese calendars do
    bar.next.click()
    assert (calendar.yearShown(), calendar.monthShown(), bar.year.text(), bar.month.text()) == (2027, 1, "2027年", "1月")
    bar.year.setValue(2025)
    bar.month.menu().actions()[2].trigger()
    assert (calendar.yearShown(), calendar.monthShown(), bar.month.text()) == (2025, 3, "3月")
    field.setMaximumDate(QDate(2025, 3, 31))
    calendar.window().show()  # the range is read again when the calendar pops up
    assert not bar.next.isEnabled() and bar.year.maximum() == 2025
    header = calendar.findChild(QAbstractItemView).model()
    days = [header.data(header.index(0, c)) for c in range(header.columnCount(QModelIndex()))]
    assert [d for d in days if d] == list("一二三四五六日")
    assert english(texts_of(calendar)) == {}

    folder = tmp_path / "另存"
    folder.mkdir()
    (folder / "纪要.pdf").write_bytes(b"%PDF-1.4\n" * 400)  # "9 bytes" is the system locale's: see below
    (folder / "材料").mkdir()
    dialog = QFileDialog(None, "另存为", str(folder), "PDF 文件 (*.pdf)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.findChild(QAbstractItemView, "treeView").model().rowCount(
        dialog.findChild(QAbstractItemView, "treeView").rootIndex()) == 2)
    texts = texts_of(dialog)
    assert any("查找范围" in t for t in texts.values()) and any("文件类型" in t for t in texts.values())
    assert english(texts, scrub=(str(tmp_path), Path.home().name)) == {}


def test_status_bar_and_settings_say_it_in_words(qtbot, chinese, office: Office, runner: OpRunner) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(office, runner)
    qtbot.addWidget(window)
    window.set_key_note("本次从系统钥匙串（Secret Service）读取", "keyring.backends.SecretService.Keyring")
    window.show()
    wait_idle(qtbot, runner)
    assert re.fullmatch(r"已加密（SQLCipher 4\.\d+）", window.cipher_label.text())
    window.show_page("设置")
    wait_idle(qtbot, runner)
    key = window.settings_page.fact_labels["key"]
    assert key.text() == "本次从系统钥匙串（Secret Service）读取"
    assert key.toolTip() == "keyring.backends.SecretService.Keyring"  # the technical name only here
    assert re.fullmatch(r"已加密（SQLCipher 4\.\d+，AES-256）", window.settings_page.fact_labels["cipher"].text())


def test_key_stores_are_named_in_words() -> None:
    class Named(MemoryKeyStore):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

        def describe(self) -> str:
            return self.name

    assert in_words(Named("keyring.backends.SecretService.Keyring")) == "系统钥匙串（Secret Service）"
    assert in_words(Named("keyring.backends.Windows.WinVaultKeyring")) == "Windows 凭据管理器"
    assert in_words(Named("keyring.backends.macOS.Keyring")) == "macOS 钥匙串"
    assert in_words(Named("some.other.Keyring")) == "系统钥匙串"


def test_the_system_locale_speaks_chinese_too_in_a_c_session(tmp_path: Path) -> None:
    """Qt's file dialog gives sizes in the system's locale ("9 bytes" in a C session): set_locale
    makes that Chinese before Qt reads it, unless LC_ALL says otherwise."""
    import os
    import subprocess
    import sys

    code = ("from gui import translations; translations.set_locale()\n"
            "from PySide6.QtCore import QCoreApplication, QLocale; app = QCoreApplication([])\n"
            "print(QLocale.system().name(), QLocale.system().formattedDataSize(9))")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")} | {"LANG": "C.UTF-8"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60,
                         cwd=Path(__file__).resolve().parents[2])
    assert run.stdout.split() == ["zh_CN", "9", "字节"], run.stderr


def test_the_doors_before_the_window_say_nothing_in_english(qtbot, chinese, office: Office, runner: OpRunner,  # type: ignore[no-untyped-def]
                                                            tmp_path: Path) -> None:
    """What shows before the main window works: the login, each page of the first-run wizard, the
    lock screen, the unlock dialog and the dialog for a file that does not open."""
    from core.errors import CannotOpen
    from gui.data_safety.unopenable import OpenFailedDialog
    from gui.idle_lock import LockScreen
    from gui.login import LoginDialog
    from gui.unlock import UnlockDialog
    from gui.wizard import FirstRunWizard

    seen: dict[str, str] = {}
    doors: list[QWidget] = [LoginDialog(office, runner), LockScreen("admin", True),
                            UnlockDialog(office.path, runner, "系统钥匙串中没有这个文件的密钥"),
                            OpenFailedDialog(office.path, runner, CannotOpen("文件已损坏"), has_slots=True)]
    for door in doors:
        qtbot.addWidget(door)
        door.show()
        wait_idle(qtbot, runner)
        seen |= texts_of(door)
    wizard = FirstRunWizard(tmp_path / "新建.huiwu", runner)
    qtbot.addWidget(wizard)
    wizard.show()
    for page_id in wizard.pageIds():  # each page as it shows, without creating the file
        for other in wizard.pageIds():
            wizard.page(other).setVisible(other == page_id)
        seen |= {f"{page_id}/{k}": v for k, v in texts_of(wizard).items()}
    assert len(seen) > 40 and {k.split("/")[0] for k in seen if "FirstRunWizard" in k} == {
        str(i) for i in wizard.pageIds()}  # every page of the wizard read
    found = english(seen, scrub=(f"{office.path}.backups", str(office.path), str(tmp_path / "新建.huiwu"), "admin"))
    assert found == {}, "\n".join(f"{where}: {words}" for where, words in found.items())


def test_every_string_the_window_translates_is_chinese() -> None:
    """Beyond what the tests above open: every text literal handed to tr() anywhere in gui/ (the
    dialogs not opened above, messages, tooltips) has no Latin word outside the list — markup,
    file patterns (*.huiwu) and an example user name (admin) aside."""
    import ast

    also = {"PNG", "PDFium", "admin"}  # an image format; the PDF library named when it is missing; a typed name
    found = []
    for path in sorted((Path(__file__).resolve().parents[2] / "gui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[-1], ast.Constant)):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            text = node.args[-1].value if name in ("tr", "translate") else None
            if not isinstance(text, str):
                continue
            text = re.sub(r"<[^>]*>|\*\.\w+", " ", text)
            words = [w for w in english({"": text}).get("", []) if w not in also]
            if words:
                found.append(f"{path.name}:{node.lineno}: {words}")
    assert found == []
