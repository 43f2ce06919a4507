"""Fonts per role chosen in 设置, checked before kept, and reported before printing."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.documents import font_settings, fonts
from core.documents.fonts import Face
from core.errors import Invalid
from core.office import Office


@pytest.fixture(autouse=True)
def automatic_fonts():  # type: ignore[no-untyped-def]
    yield
    fonts.choose({})  # other tests print with the automatic choice


def test_choose_a_file_for_a_role_and_report_it(office: Office, tmp_path: Path) -> None:
    kai = fonts.resolve(Face.KAI).path  # a real TrueType file on this machine
    automatic = fonts.resolve(Face.FANGSONG).path
    assert automatic != kai
    before = font_settings.report()
    assert "仿宋" in before.sentence and "代替" in before.sentence  # no 仿宋 here: the stand-in is said
    assert before.rows[0][2]  # and marked in the table
    font_settings.set_file(office, Face.FANGSONG, kai)
    assert fonts.register(Face.FANGSONG).path == kai
    after = font_settings.report()
    assert after.rows[0] == (Face.FANGSONG, f"霞鹜文楷（{kai.name}）", False)  # named by its family name
    assert "仿宋为标准字体" in after.sentence
    assert font_settings.chosen_files(office) == {Face.FANGSONG: kai}
    font_settings.set_file(office, Face.FANGSONG, None)
    assert fonts.register(Face.FANGSONG).path == automatic
    assert font_settings.chosen_files(office) == {}


def test_unusable_files_are_refused(office: Office, tmp_path: Path) -> None:
    not_a_font = tmp_path / "x.ttf"
    not_a_font.write_bytes(b"not a font")
    with pytest.raises(Invalid, match="不能用作"):
        font_settings.set_file(office, Face.HEI, not_a_font)
    with pytest.raises(Invalid, match="找不到字体文件"):
        font_settings.set_file(office, Face.HEI, tmp_path / "missing.ttf")
    assert font_settings.chosen_files(office) == {}
