"""设置 → 打印字体: the sentence first, the role-by-role table with stand-ins marked, and choosing a
file for a role."""

from __future__ import annotations

from core.documents import font_settings, fonts
from core.documents.fonts import Face
from core.office import Office
from gui.fonts_box import FontsBox
from gui.ops import OpRunner
from tests.gui.helpers import wait_idle


def test_fonts_box_reports_and_chooses(qtbot, office: Office, runner: OpRunner) -> None:  # type: ignore[no-untyped-def]
    box = FontsBox(office, runner)
    qtbot.addWidget(box)
    wait_idle(qtbot, runner)
    assert box.summary.text() == font_settings.summary()[0]  # the same sentence as the preview's
    assert "仿宋" in box.summary.text() and "代替" in box.summary.text()  # no 仿宋 installed here: said plainly
    automatic = fonts.resolve(Face.FANGSONG)
    assert box.labels[Face.FANGSONG].text() == automatic.describe() + "（代替）"
    kai = fonts.resolve(Face.KAI).path
    try:
        box.set_file(Face.FANGSONG, kai)
        wait_idle(qtbot, runner)
        assert box.labels[Face.FANGSONG].text() == f"霞鹜文楷（{kai.name}）"  # chosen: no longer a stand-in
        assert "仿宋为标准字体" in box.summary.text()
    finally:
        fonts.choose({})
