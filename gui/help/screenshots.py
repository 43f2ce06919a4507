"""The handbook's pictures, taken from the real windows so they stay current:

    python -m gui.help.screenshots [OUTDIR] [--only login,home,…]      (make handbook-images)

Builds the demo district 澄溪区 (core.demo: its roster, a year of topics, meetings, minutes and
督办) in a temporary folder, logged in as an administrator, opens the windows the handbook shows
with QT_QPA_PLATFORM=offscreen, grabs each with QWidget.grab() and writes it as a small PNG
(palette of 128 colours, optimised) into OUTDIR, by default gui/help/pages/images. Nothing is
left behind but the PNGs: the file, its key file, backups and the audit anchors live in the
temporary folder. The shots that need only a file (SHOTS' `history` False) skip the year of demo
history, which takes most of the time (about 20 s of the whole).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # never a window on the user's desktop

ADMIN = ("admin", "Handbook#2026")
OFFICE_NAME = "澄溪区人民政府办公室"
COLOURS = 128


@dataclass(frozen=True)
class Shot:
    name: str        # images/<name>.png
    history: bool    # needs the year of demo history (else the roster is enough)
    take: Callable[[Studio], Any]  # returns the widget to grab


class Studio:
    """The demo office, the op runner and the main window the shots are taken from."""

    def __init__(self, folder: Path, history: bool) -> None:
        from PySide6.QtCore import QCoreApplication, QTranslator
        from PySide6.QtWidgets import QApplication

        from gui import look, translations
        from gui.main_window import MainWindow
        from gui.ops import OpRunner

        translations.set_locale()
        app = QApplication.instance() or QApplication([sys.argv[0]])
        assert isinstance(app, QApplication)
        app.setApplicationDisplayName(QCoreApplication.translate("Huiwu", "会务"))
        self.translators_before = set(app.findChildren(QTranslator))
        self.font_before = app.font()
        app.setFont(look.ui_font())
        self.app = app
        self.folder = folder
        self.path = folder / "office.huiwu"
        self.office = self._build(history)
        self.runner = OpRunner()
        # As gui.app: the main window is made, then Qt's catalog installed (确定/取消 in its dialogs).
        self.main_window = MainWindow(self.office, self.runner)
        self.main_window.resize(1180, 760)
        self.translator = translations.install(app)
        if QCoreApplication.translate("MainWindow", "设置") != "设置":  # a catalog that blanks the program's own words
            print("警告：Qt 的中文翻译使程序自己的文字变为空白，截图改为只装入 Qt 的翻译文件", file=sys.stderr)
            for installed in set(app.findChildren(QTranslator)) - self.translators_before:
                app.removeTranslator(installed)
                installed.setParent(None)
            self.translator = QTranslator(app)
            for folder in translations.folders():
                if self.translator.load(translations.CATALOG, str(folder)):
                    app.installTranslator(self.translator)
                    break
        self._shown = False

    def _build(self, history: bool):  # type: ignore[no-untyped-def]
        from core.demo.district import fill_demo, history_start
        from core.keeping import backups
        from core.keeping.keys import RawKey
        from core.office import Office

        office = Office.create(self.path, RawKey.generate(), OFFICE_NAME)
        office.accounts.create_first_admin(ADMIN[0], ADMIN[1], "系统管理员")
        office.log_in(*ADMIN)
        fill_demo(office, since=history_start(1))
        if history:
            from core.demo.meetings import fill_demo_meetings
            from core.demo.minutes import fill_demo_minutes
            from core.demo.topics import fill_demo_topics

            fill_demo_topics(office, 1)
            fill_demo_meetings(office, 1)
            fill_demo_minutes(office)
        backups.daily_backup(office)  # the 备份与恢复 tab and the open-failure dialog list it
        return office

    # --- waiting and grabbing ---------------------------------------------------------------

    def settle(self, seconds: float = 0.3) -> None:
        """Until the runner's work and its callbacks are done, then a little more for layouts."""
        deadline = time.monotonic() + 60
        while self.runner.busy and time.monotonic() < deadline:
            self.app.processEvents()
            time.sleep(0.01)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.01)

    @property
    def window(self) -> Any:
        """The main window, logged in, 1180 × 760, shown the first time it is asked for."""
        if not self._shown:
            self.main_window.show()
            self._shown = True
            self.settle()
        return self.main_window

    def page(self, name: str) -> Any:
        self.window.show_page(name)
        self.settle()
        return self.window.page(name)

    def top_level(self, object_name: str) -> Any:
        from PySide6.QtWidgets import QApplication

        for widget in QApplication.topLevelWidgets():
            if widget.objectName() == object_name and widget.isVisible():
                return widget
        raise LookupError(f"no window {object_name} on screen")

    def close(self) -> None:
        from PySide6.QtCore import QTranslator
        from PySide6.QtWidgets import QApplication

        for widget in QApplication.topLevelWidgets():
            widget.close()
        self.settle(0.1)
        self.runner.shutdown()
        self.office.close()
        # An application that lives on (a test's) gets its own translators and font back.
        for translator in set(self.app.findChildren(QTranslator)) - self.translators_before:
            self.app.removeTranslator(translator)
            translator.setParent(None)  # gone with the last reference
        self.app.setFont(self.font_before)


# --- the shots ------------------------------------------------------------------------------

def _login(s: Studio) -> Any:
    from gui.login import LoginDialog

    dialog = LoginDialog(s.path, s.runner)  # the login of a file with key slots, before it opens
    dialog.user_edit.setText(ADMIN[0])
    dialog.show()
    s.settle()
    return dialog


def _wizard_recovery(s: Studio) -> Any:
    from gui.wizard import FirstRunWizard

    wizard = FirstRunWizard(s.folder / "new" / "office.huiwu", s.runner)
    wizard.setField("office_name", OFFICE_NAME)
    wizard.show()
    s.settle()
    wizard.next()  # to the recovery code (a fresh random one; no file is created)
    s.settle()
    return wizard


def _home(s: Studio) -> Any:
    s.page("今日")
    return s.window


def _topics(s: Studio) -> Any:
    s.page("议题")
    return s.window


def _topic_window(s: Studio) -> Any:
    from core.model.enums import TopicStatus

    rows = [r for r in s.office.topics.topics() if r.status is TopicStatus.SUBMITTED]
    detailed = [r for r in rows if s.office.topics.detail(r.id).involved] or rows
    window = s.page("议题").open_topic(detailed[-1].id)
    window.resize(1100, 760)
    s.settle()
    return window


def _meeting_window(s: Studio) -> Any:
    import datetime as dt

    today = dt.date.today()
    rows = [r for r in s.office.meetings.meetings() if r.day >= today and r.topics] \
        or [r for r in s.office.meetings.meetings() if r.topics]
    window = s.page("会议").open_meeting(min(rows, key=lambda r: r.day).id)
    s.settle()
    return window


def _minutes_signoff(s: Studio) -> Any:
    from core.model.enums import MinutesStatus

    rows = [r for r in s.office.minutes.minutes_list() if r.status is MinutesStatus.REVIEWED]
    window = s.page("纪要").open_minutes(rows[0].id)
    s.settle()
    window.tabs.setCurrentWidget(window.signoff)
    s.settle()
    return window


def _copy_register(s: Studio) -> Any:
    from core.model.enums import Classification, MinutesStatus

    minutes = s.office.minutes
    found = next(r.id for r in minutes.minutes_list() if r.status is MinutesStatus.ISSUED
                 and minutes.detail(r.id).classification is not Classification.NONE)
    window = s.page("纪要").open_minutes(found)
    s.settle()
    window.show_register()
    s.settle()
    return s.top_level("copyRegister")


def _backup(s: Studio) -> Any:
    settings = s.page("设置")
    panel = settings.data_safety
    panel.tabs.setCurrentWidget(panel.backup)
    # 数据安全 is the lower part of 设置: a tall window gives its table room; the part is what the chapter shows.
    s.window.resize(1180, 1180)
    s.settle()
    return panel


def _unopenable(s: Studio) -> Any:
    from core.errors import WrongKeyOrDamaged
    from core.keeping.keys import MemoryKeyStore
    from gui.data_safety.unopenable import OpenFailedDialog

    # A damaged copy of the file, beside a copy of its backups: the dialog as the start-up shows it.
    broken = s.folder / "broken"
    broken.mkdir()
    copy = broken / s.path.name
    shutil.copy2(s.path, copy)
    for beside in s.folder.glob(s.path.name + ".*"):
        target = broken / beside.name
        if beside.is_dir():
            shutil.copytree(beside, target)
        else:
            shutil.copy2(beside, target)
    data = bytearray(copy.read_bytes())
    data[4096 + 100] ^= 0xFF
    copy.write_bytes(bytes(data))
    dialog = OpenFailedDialog(copy, s.runner, WrongKeyOrDamaged(), has_slots=True, key_store=MemoryKeyStore())
    dialog.show()
    s.settle()
    return dialog


SHOTS: tuple[Shot, ...] = (
    Shot("login", False, _login),
    Shot("wizard-recovery", False, _wizard_recovery),
    Shot("backup", False, _backup),
    Shot("unopenable", False, _unopenable),
    Shot("home", True, _home),
    Shot("topics", True, _topics),
    Shot("topic-window", True, _topic_window),
    Shot("meeting-window", True, _meeting_window),
    Shot("minutes-signoff", True, _minutes_signoff),
    Shot("copy-register", True, _copy_register),
)


# Where the pictures say the file is, in place of the temporary folder they were taken in: the same
# in every run, and no path of the machine that made them.
SHOWN_FOLDER = "/home/秘书科/会务"


def shown_paths(widget: Any, folder: Path) -> None:
    """Every label and field of `widget` that names the temporary folder names SHOWN_FOLDER instead."""
    from PySide6.QtWidgets import QLabel, QLineEdit

    for child in [widget, *widget.findChildren(QLabel), *widget.findChildren(QLineEdit)]:
        if isinstance(child, QLabel | QLineEdit) and str(folder) in child.text():
            child.setText(child.text().replace(str(folder), SHOWN_FOLDER))


def save_png(widget: Any, path: Path, max_width: int = 1000) -> int:
    """The widget as it is painted, at most `max_width` wide, in COLOURS colours; returns the bytes written."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice, Qt

    pixmap = widget.grab()
    if pixmap.width() > max_width:
        pixmap = pixmap.scaledToWidth(max_width, Qt.TransformationMode.SmoothTransformation)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pixmap.save(buffer, "PNG")
    import io

    image = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
    image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, "PNG", optimize=True)
    return path.stat().st_size


def make(out: Path, only: list[str] | None = None, *, say: Callable[[str], None] = print) -> list[Path]:
    """Take the shots (all, or those named) into `out`; returns the files written."""
    chosen = [shot for shot in SHOTS if only is None or shot.name in only]
    unknown = set(only or ()) - {shot.name for shot in SHOTS}
    if unknown:
        raise ValueError("没有这些截图：" + "、".join(sorted(unknown)))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="huiwu-handbook-") as tmp:
        folder = Path(tmp)
        previous = os.environ.get("HUIWU_STATE_DIR")
        os.environ["HUIWU_STATE_DIR"] = str(folder / "state")  # audit anchors: not the user's own
        studio = None
        try:
            started = time.monotonic()
            studio = Studio(folder, history=any(shot.history for shot in chosen))
            say(f"演示数据文件已建立（{time.monotonic() - started:.1f} 秒）")
            for shot in chosen:
                widget = shot.take(studio)
                shown_paths(widget, folder)
                path = out / f"{shot.name}.png"
                size = save_png(widget, path)
                written.append(path)
                say(f"{path}：{widget.width()}×{widget.height()}，{size // 1024} KB")
                if widget is not studio.main_window:
                    widget.close()
                studio.main_window.resize(1180, 760)
                studio.settle(0.1)
        finally:
            if studio is not None:
                studio.close()
            if previous is None:
                os.environ.pop("HUIWU_STATE_DIR", None)
            else:
                os.environ["HUIWU_STATE_DIR"] = previous
    return written


def main(argv: list[str] | None = None) -> int:
    from gui.help.handbook import handbook_dir

    parser = argparse.ArgumentParser(prog="python -m gui.help.screenshots", description="生成使用手册中的截图")
    parser.add_argument("out", nargs="?", type=Path, default=handbook_dir() / "images", help="保存截图的文件夹")
    parser.add_argument("--only", help="只生成这些截图（逗号分隔）：" + ",".join(s.name for s in SHOTS))
    args = parser.parse_args(argv)
    only = [name.strip() for name in args.only.split(",")] if args.only else None
    files = make(args.out, only)
    total = sum(path.stat().st_size for path in files)
    print(f"共 {len(files)} 张，{total / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
