"""设置 → 打印字体: the role-by-role report with substitutes marked, and choosing a file for a role."""

from __future__ import annotations

from core.documents import fonts
from core.documents.fonts import Face
from core.office import Office
from gui.fonts_box import FontsBox
from gui.ops import OpRunner
from tests.gui.helpers import wait_idle


def test_fonts_box_reports_and_chooses(qtbot, office: Office, runner: OpRunner) -> None:  # type: ignore[no-untyped-def]
    box = FontsBox(office, runner)
    qtbot.addWidget(box)
    wait_idle(qtbot, runner)
    assert "替代字体" in box.labels[Face.FANGSONG].text()  # no 仿宋 installed here: said plainly
    kai = fonts.resolve(Face.KAI).path
    try:
        box.set_file(Face.FANGSONG, kai)
        wait_idle(qtbot, runner)
        assert box.labels[Face.FANGSONG].text() == kai.name
    finally:
        fonts.choose({})
