"""The recovery sheet PDF: the code and file id are on it, fonts embedded, user text literal (R11, R22)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from core.documents import recovery_sheet
from core.documents.fonts import Face, MissingGlyph, missing_chars
from core.store import recovery
from core.store.keys import RawKey


def tool(*args: str) -> str:
    if shutil.which(args[0]) is None:
        pytest.fail(f"{args[0]} 未安装（poppler-utils），CI 的 .ci/run 会安装它")
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_sheet_carries_code_id_and_date(tmp_path: Path) -> None:
    code = recovery.encode(RawKey.generate().secret)
    office = "澄溪区<b>人民政府办公室 & </font>"
    pdf = recovery_sheet.render(tmp_path / "sheet.pdf", code, file_id="ab12cd34ef56ab12cd",
                                office_name=office, created=dt.date(2026, 11, 28))
    text = " ".join(tool("pdftotext", "-layout", str(pdf), "-").split())
    for group in recovery.groups(code):
        assert group in text
    assert "ab12cd34ef56ab12" in text
    assert "2026年11月28日" in text
    assert "澄溪区<b>人民政府办公室 & </font>" in text
    raw = pdf.read_bytes()
    for marker in (b"/URI", b"/JavaScript", b"/Launch", b"/EmbeddedFile"):
        assert marker not in raw
    fonts = tool("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts
    for line in fonts:
        emb = line.split()[-5]  # columns: name type encoding emb sub uni object ID
        assert emb == "yes", line
    assert not list(tmp_path.glob(".*.tmp"))


def test_uncovered_character_is_reported_not_dropped(tmp_path: Path) -> None:
    rare = "\U0002000b"  # CJK Extension B, not in the Song substitute
    assert missing_chars(Face.SONG, "会议" + rare) == rare
    with pytest.raises(MissingGlyph) as refused:
        recovery_sheet.render(tmp_path / "x.pdf", recovery.encode(bytes(32)), file_id="00",
                              office_name="办公室" + rare, created=dt.date(2026, 1, 1))
    assert rare in refused.value.message
    assert not (tmp_path / "x.pdf").exists()
