"""Any text a secretary can type goes through to the minutes PDF and DOCX without a crash: it is
printed literally, or refused with a clear Chinese message (a character the font lacks, a control
character) — never dropped silently (issue 6 §6, R22)."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.documents.fonts import MissingGlyph
from core.documents.minutes_docx import render_minutes_docx
from core.documents.minutes_pdf import render_minutes
from core.errors import HuiwuError
from core.services.minutes_types import Section
from tests.core.test_minutes_pdf import detail

TEXT = st.text(alphabet=st.one_of(
    st.sampled_from(list("区政府常务会议纪要，。、；：“”（）《》〔〕—…·")),
    st.sampled_from(list("<>&\"'/\\%#")),
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
), min_size=1, max_size=80)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(heading=TEXT, body=TEXT)
def test_any_text_renders_literally_or_is_refused_clearly(tmp_path_factory, heading: str, body: str) -> None:
    folder: Path = tmp_path_factory.mktemp("fuzz")
    base = detail()
    content = dataclasses.replace(base.content, sections=(Section(heading, body),))
    d = dataclasses.replace(base, content=content)
    try:
        pdf = render_minutes(folder / "m.pdf", d)
    except MissingGlyph as missing:
        assert missing.chars and all(ch in heading + body for ch in missing.chars)
        assert not (folder / "m.pdf").exists()
        return
    except HuiwuError as refused:
        assert re.search(r"[\u4e00-\u9fff]", refused.message)  # a Chinese explanation
        return
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    for piece in re.split(r"\s+", body):
        if piece.isprintable() and piece:
            assert piece in flat
    docx = render_minutes_docx(folder / "m.docx", d)
    assert docx.read_bytes()[:2] == b"PK"


SAFE = st.text(alphabet=st.one_of(
    st.sampled_from(list("区政府常务会议纪要研究同意原则要求落实部门财政交通，。、；：“”（）《》〔〕…·")),
    st.characters(min_codepoint=0x21, max_codepoint=0x7E),
), min_size=1, max_size=120)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=SAFE)
def test_covered_text_is_always_printed_literally(tmp_path_factory, body: str) -> None:
    folder: Path = tmp_path_factory.mktemp("safe")
    base = detail()
    d = dataclasses.replace(base, content=dataclasses.replace(base.content, sections=(Section("关于测试的事项", body),)))
    pdf = render_minutes(folder / "m.pdf", d)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert re.sub(r"\s+", "", body) in re.sub(r"\s+", "", text)
    assert render_minutes_docx(folder / "m.docx", d).exists()
