"""使用手册 (issue 14 §4): the handbook's pages hold together (links, anchors, pictures, contents),
the keys it names are the main window's, the viewer opens on a chapter and anchor and is one window,
the picture script still runs, and nothing of it is imported at start-up."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtGui import QAction, QImage

from core.office import Office
from gui.help import handbook
from gui.ops import OpRunner
from tests.gui.helpers import wait_idle

ROOT = Path(__file__).resolve().parents[2]
FOLDER = handbook.handbook_dir()
PAGES = sorted(FOLDER.glob("*.html"))


class _Page(HTMLParser):
    """Links, picture sources, anchor names and table rows of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.images: list[str] = []
        self.anchors: set[str] = set()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.hrefs.append(found["href"] or "")
        if tag == "a" and found.get("name"):
            self.anchors.add(found["name"] or "")
        if tag == "img":
            self.images.append(found.get("src") or "")
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None


def parsed(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_every_link_anchor_and_picture_of_the_handbook_exists() -> None:
    assert len(PAGES) >= 10
    anchors = {path.name: parsed(path).anchors for path in PAGES}
    checked = 0
    for path in PAGES:
        page = parsed(path)
        for href in page.hrefs:
            assert not href.startswith(("http:", "https:", "file:", "/")), f"{path.name}: {href} leaves the handbook"
            file, _, anchor = href.partition("#")
            target = file or path.name
            assert (FOLDER / target).is_file(), f"{path.name}: {href} — no such page"
            if anchor:
                assert anchor in anchors[target], f"{path.name}: {href} — no such anchor"
            checked += 1
        for source in page.images:
            picture = FOLDER / source
            assert picture.is_file(), f"{path.name}: picture {source} is missing"
            assert not QImage(str(picture)).isNull(), f"{source} is not a picture"
    assert checked > 30
    pictures = [source for path in PAGES for source in parsed(path).images]
    assert len(pictures) >= 8
    # Every picture in the folder is shown somewhere (none left behind by a renamed shot) and all are small.
    assert {p.name for p in (FOLDER / "images").glob("*.png")} == {Path(s).name for s in pictures}
    assert sum(p.stat().st_size for p in (FOLDER / "images").glob("*.png")) < 1_500_000


def test_the_contents_name_every_chapter_and_only_chapters_that_exist() -> None:
    chapters = handbook.chapters()
    assert [c.file for c in chapters][:3] == ["start.html", "window.html", "roles.html"]
    assert all((FOLDER / c.file).is_file() and c.title for c in chapters)
    assert {c.file for c in chapters} == {p.name for p in PAGES} - {handbook.INDEX}
    for chapter in handbook.PAGE_CHAPTERS.values():
        handbook.resolve(chapter)  # raises for a chapter or page that is not there
    with pytest.raises(ValueError):
        handbook.resolve("no-such-chapter")
    with pytest.raises(ValueError):
        handbook.resolve("../README.md")


def _window_keys(qtbot, office: Office, runner: OpRunner) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from gui.main_window import MainWindow

    window = MainWindow(office, runner)
    qtbot.addWidget(window)
    wait_idle(qtbot, runner)
    keys = {}
    for action in window.findChildren(QAction):
        name = re.sub(r"\(&\w\)|…|&", "", action.text()).strip()
        if name and not action.shortcut().isEmpty():
            keys[name] = action.shortcut().toString()
    return keys


def _handbook_keys() -> dict[str, str]:
    rows = parsed(FOLDER / "window.html").rows
    return {row[1]: row[0] for row in rows if len(row) >= 2 and row[0] != "按键"}


def key_problems(listed: dict[str, str], window_keys: dict[str, str]) -> list[str]:
    """Where the handbook's table of keys and the main window's actions differ."""
    problems = []
    for name, key in listed.items():
        if window_keys.get(name) != key:
            problems.append(f"{name}: the handbook says {key}, the window {window_keys.get(name)}")
    problems += [f"{name} ({key}) is not in the handbook" for name, key in window_keys.items() if name not in listed]
    return problems


def test_the_keys_the_handbook_names_are_the_main_windows(qtbot, office: Office, runner: OpRunner) -> None:  # type: ignore[no-untyped-def]
    window_keys = _window_keys(qtbot, office, runner)
    listed = _handbook_keys()
    assert {"今日", "议题", "统计", "设置", "查找", "锁定", "使用手册"} <= set(listed)
    assert key_problems(listed, window_keys) == []
    # The check would catch a wrong key or a missing one.
    assert key_problems({**listed, "统计": "Ctrl+9"}, window_keys) == ["统计: the handbook says Ctrl+9, the window Ctrl+5"]
    assert key_problems({n: k for n, k in listed.items() if n != "锁定"}, window_keys) == [
        "锁定 (Ctrl+L) is not in the handbook"]

    # Anywhere else in the handbook a key is in the table, or one of a window's own.
    own = {"Ctrl+S", "Ctrl+↑", "Ctrl+↓", "Ctrl+↑/↓"}
    by_key = {key: name for name, key in listed.items()}
    for path in PAGES:
        text = path.read_text(encoding="utf-8")
        for key in re.findall(r"(?:Ctrl\+(?:Shift\+)?[0-9A-Z↑↓/]+|F\d+)", text):
            assert key in by_key or key in own, f"{path.name} names {key}, which the window does not have"
        # A page named with its key in brackets, "议题（Ctrl+1）": the key is that page's.
        for quoted, bare, key in re.findall(r"(?:“([^”]+)”页?|([\u4e00-\u9fff]+))（(Ctrl\+\d)）", text):
            name = quoted or bare
            assert name == by_key[key], f"{path.name}: “{name}（{key}）” but {key} is {by_key[key]}"


def test_f1_opens_the_chapter_of_the_page_shown(qtbot, office: Office, runner: OpRunner) -> None:  # type: ignore[no-untyped-def]
    from gui.help.window import HandbookWindow
    from gui.main_window import MainWindow

    window = MainWindow(office, runner)
    qtbot.addWidget(window)
    wait_idle(qtbot, runner)
    window.show_page("纪要")
    window.help_action.trigger()
    [viewer] = [w for w in window.findChildren(HandbookWindow)]
    assert viewer.current_chapter() == handbook.PAGE_CHAPTERS["纪要"] == "minutes.html"
    window.show_page("议题")
    window.help_action.trigger()
    assert window.findChildren(HandbookWindow) == [viewer] and viewer.current_chapter() == "topics.html"
    viewer.close()

    # Before the login: F1 is given with the first thing the frame says (after its first paint,
    # where a key sequence would cost 25 ms), and opens the contents.
    frame = MainWindow(None, None, path=office.path)
    qtbot.addWidget(frame)
    assert frame.help_action.shortcut().isEmpty()
    frame.show_waiting("请登录。")
    assert frame.help_action.shortcut().toString() == "F1" and frame.help_action.isEnabled()
    frame.help_action.trigger()
    [contents] = frame.findChildren(HandbookWindow)
    assert contents.current_chapter() == "index.html"
    contents.close()


def test_the_viewer_opens_on_a_chapter_and_anchor_and_is_one_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    from gui.help.window import HandbookWindow, show_handbook

    parent = QWidget()
    qtbot.addWidget(parent)
    window = show_handbook(parent, "minutes.html#signoff")
    assert isinstance(window, HandbookWindow) and window.isVisible() and not window.isModal()
    assert window.current_chapter() == "minutes.html#signoff"
    assert window.contents.currentItem().data(256) == "minutes.html"
    assert window.browser.verticalScrollBar().value() > 0  # scrolled down to 核稿、签发与印发
    assert "核稿、签发与印发" in window.browser.toPlainText()
    assert window.windowTitle().endswith("纪要")

    assert show_handbook(parent) is window  # brought forward as it was
    assert window.current_chapter() == "minutes.html#signoff"
    assert show_handbook(parent, "trouble") is window
    assert window.current_chapter() == "trouble.html" and window.back_button.isEnabled()
    window.browser.backward()
    assert window.current_chapter().startswith("minutes.html")

    window.contents.setCurrentRow(0)
    window._chapter_chosen(window.contents.item(0))
    assert window.current_chapter() == "index.html"
    assert window.contents.count() == len(handbook.chapters()) + 1

    window.find_edit.setText("第四十五条")
    window.open_chapter("minutes")
    assert window.find_next() and window.browser.textCursor().selectedText() == "第四十五条"
    # the find looks through the whole handbook: the contents count, Enter goes on to the next chapter
    window.find_edit.setText("huiwu check")
    marked = {window.contents.item(r).data(256): window.contents.item(r).text() for r in range(window.contents.count())}
    assert marked["trouble.html"].endswith("（1 处）") and marked["cli.html"].endswith("（1 处）")
    assert not marked["minutes.html"].endswith("处）")
    assert window.find_next() and window.current_chapter() == "trouble.html"  # the next chapter after 纪要
    assert window.browser.textCursor().selectedText() == "huiwu check"
    assert window.find_next() and window.current_chapter() == "cli.html"
    assert window.find_next() and window.current_chapter() == "trouble.html"  # round to the first again
    window.find_edit.setText("不在手册中的词")
    assert not window.find_next() and "手册中没有" in window.find_note.text()
    assert all(not window.contents.item(r).text().endswith("处）") for r in range(window.contents.count()))
    # A picture wider than the page is shown at the page's width, never cut at its edge.
    window.resize(900, 700)
    window.show()
    window.open_chapter("window")
    assert window.browser.horizontalScrollBar().maximum() == 0
    window.resize(1400, 900)
    window.open_chapter("window")
    assert window.browser.horizontalScrollBar().maximum() == 0
    # Every chapter renders with its pictures (QTextBrowser finds them beside the page).
    for chapter in handbook.chapters():
        window.open_chapter(chapter.file)
        assert window.current_chapter() == chapter.file and window.browser.toPlainText().strip()
        assert window.contents.currentItem().data(256) == chapter.file


def test_the_picture_script_takes_real_windows(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from gui.help import screenshots

    assert {s.name for s in screenshots.SHOTS} == {p.stem for p in (FOLDER / "images").glob("*.png")}
    app = QApplication.instance()
    assert app is not None
    translators = app.findChildren(QTranslator)
    shown: list[str] = []  # what the pictures say, as they are taken
    save = screenshots.save_png

    def saving(widget, path: Path, max_width: int = 1000) -> int:  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QLabel

        shown.extend(label.text() for label in widget.findChildren(QLabel) if label.isVisible())
        return save(widget, path, max_width)

    screenshots.save_png = saving
    try:
        written = screenshots.make(tmp_path, ["login", "backup"], say=lambda _line: None)
    finally:
        screenshots.save_png = save
    # no temporary folder of the machine that took them: the file is where SHOWN_FOLDER says
    assert not [t for t in shown if "huiwu-handbook-" in t]
    assert [t for t in shown if screenshots.SHOWN_FOLDER + "/office.huiwu" in t]
    assert [p.name for p in written] == ["login.png", "backup.png"]
    for path in written:
        image = QImage(str(path))
        assert image.width() > 300 and image.height() > 150
        assert len({image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}) > 8
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert app.findChildren(QTranslator) == translators  # the test's application as it was
    with pytest.raises(ValueError):
        screenshots.make(tmp_path, ["no-such-shot"])


def test_the_bundle_takes_the_handbook() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("spec_common", ROOT / "packaging" / "spec_common.py")
    assert spec is not None and spec.loader is not None
    common = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(common)
    entries = common.handbook_datas()
    assert {Path(src).name for src, _dest in entries} == {p.name for p in PAGES} | {
        p.name for p in (FOLDER / "images").glob("*.png")}
    # where handbook_dir() looks, beside the module, in the bundle as from source
    assert {dest for _src, dest in entries} == {"gui/help/pages", "gui/help/pages/images"}
    assert FOLDER == ROOT / "gui" / "help" / "pages"


def test_the_wheel_takes_the_handbook() -> None:
    import tomllib

    globs = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["gui.help"]
    packaged = {p for pattern in globs for p in (ROOT / "gui" / "help").glob(pattern)}
    assert packaged == {p for p in FOLDER.rglob("*") if p.is_file()}


def test_nothing_of_the_handbook_is_imported_at_start_up(tmp_path: Path) -> None:
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from core.keeping import keyfile\n"
        "keyfile.KDF_N = 2**10\n"
        "import gui.app, gui.startup\n"
        "from core.office import Office\n"
        "from core.keeping.keys import RawKey\n"
        "from gui.main_window import MainWindow\n"
        "from gui.ops import OpRunner\n"
        f"office = Office.create(Path({str(tmp_path / 'a.huiwu')!r}), RawKey.generate(), '测试')\n"
        "runner = OpRunner()\n"
        "window = MainWindow(office, runner)\n"
        "window.show()\n"
        "end = time.monotonic() + 20\n"
        "while (runner.busy or not window.built_pages()) and time.monotonic() < end:\n"
        "    app.processEvents()\n"
        "    time.sleep(0.01)\n"
        "print(sorted(m for m in sys.modules if m.startswith('gui.help')))\n"
        "runner.shutdown()\n"
        "office.close()\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "HUIWU_STATE_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
