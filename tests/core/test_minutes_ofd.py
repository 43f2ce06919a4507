"""The minutes' OFD (issue 13 §5), read back two ways and held against the PDF of the same minutes:

- with ofdkit, an OFD reader from PyPI that parses the package itself (not our code): pages, page
  size, each page's text, and where each text run starts;
- with a strict parse of the parts against GB/T 33190's structure (namespace, entry point, element
  order, unique IDs), every glyph's position from X and DeltaX, and the fonts: embedded, referenced
  from PublicRes, holding a glyph for every character drawn in them.

pdfplumber reads the PDF. Positions must agree to 0.01 mm."""

from __future__ import annotations

import dataclasses
import errno
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import ofdkit
import pdfplumber
import pytest
from fontTools.ttLib import TTFont

from core.documents import fonts
from core.documents.fonts import MissingGlyph
from core.documents.gbt9704 import MM, PAGE_H
from core.documents.minutes_ofd import render_minutes_ofd
from core.documents.minutes_pdf import render_minutes
from core.errors import Invalid, StorageFull
from core.model.enums import Classification, MinutesStatus, Urgency
from core.services.minutes_types import MinutesContent
from tests.core.test_minutes_pdf import detail

NS = "{http://www.ofdspec.org/2016}"
TOL_MM = 0.01
RED = (255, 51, 51)  # the PDF's CMYK (0, .8, .8, 0) on screen: R = 1 − min(1, C + K) …


def short(**changes) -> object:
    """One page: the opening, one topic, the names and the 版记."""
    base = detail()
    content = dataclasses.replace(base.content, sections=base.content.sections[:1])
    content = dataclasses.replace(content, sections=(dataclasses.replace(content.sections[0], text="会议同意。"),))
    return dataclasses.replace(base, content=content, **changes)


def both(folder: Path, minutes, copy_number: int | None = None) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    pdf = render_minutes(folder / "m.pdf", minutes, copy_number=copy_number)
    ofd = render_minutes_ofd(folder / "m.ofd", minutes, copy_number=copy_number)
    return pdf, ofd


def bare(text: str) -> str:
    return re.sub(r"\s", "", text)


# --- the independent reader ------------------------------------------------------------------------

def assert_reads_as_the_pdf(ofd: Path, pdf: Path) -> None:
    """ofdkit's pages, page boxes, texts and run origins against pdfplumber's reading of the PDF."""
    with ofdkit.open(ofd) as doc, pdfplumber.open(pdf) as plumber:
        assert doc.warnings == []
        assert len(doc.pages) == len(plumber.pages)
        for page, pdf_page in zip(doc.pages, plumber.pages, strict=True):
            assert page.box == (0.0, 0.0, 210.0, 297.0)
            assert (round(pdf_page.width / MM, 2), round(pdf_page.height / MM, 2)) == (210.0, 297.0)
            assert bare(page.text()) == bare(pdf_page.extract_text())
            origins = [(c["text"], c["matrix"][4] / MM, (PAGE_H - c["matrix"][5]) / MM) for c in pdf_page.chars]
            for run in page.runs:
                assert any(t == run.text[0] and abs(x - run.x) <= TOL_MM and abs(y - run.y) <= TOL_MM
                           for t, x, y in origins), (run.text, run.x, run.y)


# --- the strict parse ---------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Placed:
    char: str
    x: float
    y: float
    font: str
    fill: tuple[int, ...]


def parts(ofd: Path) -> dict[str, ET.Element]:
    """Every XML part, parsed strictly (a malformed part fails here), by its name in the ZIP."""
    with zipfile.ZipFile(ofd) as z:
        assert z.testzip() is None
        return {name: ET.fromstring(z.read(name)) for name in z.namelist() if name.endswith(".xml")}


def glyphs(page: ET.Element) -> list[Placed]:
    """Each glyph where GB/T 33190 §11.3 puts it: Boundary corner + CTM · (X + ΣDeltaX, Y)."""
    out = []
    for obj in page.iter(f"{NS}TextObject"):
        left, top, _w, _h = map(float, obj.get("Boundary").split())
        a, _b, _c, d, e, f = map(float, (obj.get("CTM") or "1 0 0 1 0 0").split())
        fill = tuple(int(v) for v in obj.find(f"{NS}FillColor").get("Value").split())
        for code in obj.iter(f"{NS}TextCode"):
            x, y = float(code.get("X")), float(code.get("Y"))
            deltas = [float(v) for v in (code.get("DeltaX") or "").split()]
            assert len(deltas) == len(code.text) - 1
            for n, char in enumerate(code.text):
                out.append(Placed(char, left + a * x + e, top + d * y + f, obj.get("Font"), fill))
                x += deltas[n] if n < len(deltas) else 0
    return out


def assert_structure(ofd: Path) -> dict[str, ET.Element]:
    with zipfile.ZipFile(ofd) as z:
        names = z.namelist()
    assert names[0] == "OFD.xml"  # the entry point, at the root of the package
    xml = parts(ofd)
    root = xml["OFD.xml"]
    assert root.tag == f"{NS}OFD" and root.get("Version") == "1.0" and root.get("DocType") == "OFD"
    body = root.find(f"{NS}DocBody")
    assert [c.tag for c in body] == [f"{NS}DocInfo", f"{NS}DocRoot"]
    document = xml[body.find(f"{NS}DocRoot").text]
    common = document.find(f"{NS}CommonData")
    assert [c.tag for c in common] == [f"{NS}MaxUnitID", f"{NS}PageArea", f"{NS}PublicRes"]
    assert common.find(f"{NS}PageArea/{NS}PhysicalBox").text == "0 0 210 297"
    ids = [int(e.get("ID")) for part in xml.values() for e in part.iter() if e.get("ID")]
    assert len(ids) == len(set(ids)) and max(ids) == int(common.find(f"{NS}MaxUnitID").text)
    for page in document.iter(f"{NS}Page"):
        content = xml[f"Doc_0/{page.get('BaseLoc')}"]
        assert [c.tag for c in content] == [f"{NS}Area", f"{NS}Content"]
        for obj in content.iter(f"{NS}TextObject"):
            order = [c.tag.removeprefix(NS) for c in obj]
            assert re.fullmatch(r"FillColor,(StrokeColor,)?(TextCode,)+", ",".join(order) + ","), order
        for obj in content.iter(f"{NS}PathObject"):
            assert [c.tag.removeprefix(NS) for c in obj] == ["StrokeColor", "AbbreviatedData"]
    return xml


def page_contents(xml: dict[str, ET.Element]) -> list[ET.Element]:
    document = xml["Doc_0/Document.xml"]
    return [xml[f"Doc_0/{p.get('BaseLoc')}"] for p in document.iter(f"{NS}Page")]


def assert_glyphs_where_the_pdf_has_them(xml: dict[str, ET.Element], pdf: Path) -> None:
    with pdfplumber.open(pdf) as plumber:
        for content, pdf_page in zip(page_contents(xml), plumber.pages, strict=True):
            ours = [g for g in glyphs(content) if not g.char.isspace()]
            theirs = [c for c in pdf_page.chars if not c["text"].isspace()]
            key = lambda p: (round(p[2], 1), round(p[1], 1))  # noqa: E731 - top to bottom, left to right
            ours_sorted = sorted(((g.char, g.x, g.y) for g in ours), key=key)
            theirs_sorted = sorted(((c["text"], c["matrix"][4] / MM, (PAGE_H - c["matrix"][5]) / MM)
                                    for c in theirs), key=key)
            assert len(ours_sorted) == len(theirs_sorted)
            for (a, ax, ay), (b, bx, by) in zip(ours_sorted, theirs_sorted, strict=True):
                assert a == b and abs(ax - bx) <= TOL_MM and abs(ay - by) <= TOL_MM, (a, ax, ay, b, bx, by)


def assert_fonts_embedded(ofd: Path, xml: dict[str, ET.Element]) -> None:
    """Every font a TextObject names is in PublicRes with a FontFile in the package, and that file
    (a TrueType font fontTools opens) has a glyph for every character drawn in it."""
    res = xml["Doc_0/PublicRes.xml"]
    base = res.get("BaseLoc")
    files = {f.get("ID"): f"Doc_0/{base}/{f.find(f'{NS}FontFile').text}" for f in res.iter(f"{NS}Font")}
    used: dict[str, set[str]] = {}
    for content in page_contents(xml):
        for g in glyphs(content):
            used.setdefault(g.font, set()).add(g.char)
    assert used and set(used) <= set(files)
    with zipfile.ZipFile(ofd) as z:
        for font_id, chars in used.items():
            font = TTFont(z.open(files[font_id]))
            assert "glyf" in font
            cmap = font.getBestCmap()
            assert {c for c in chars if ord(c) not in cmap} == set(), font_id
            assert z.getinfo(files[font_id]).file_size < 2_000_000  # a subset, not the 10–20 MB file


def check(folder: Path, minutes, copy_number: int | None = None) -> dict[str, ET.Element]:  # type: ignore[no-untyped-def]
    pdf, ofd = both(folder, minutes, copy_number)
    assert zipfile.is_zipfile(ofd)
    assert_reads_as_the_pdf(ofd, pdf)
    xml = assert_structure(ofd)
    assert_glyphs_where_the_pdf_has_them(xml, pdf)
    assert_fonts_embedded(ofd, xml)
    return xml


# --- the minutes ----------------------------------------------------------------------------------

def test_plain_issued_minutes(tmp_path: Path) -> None:
    xml = check(tmp_path, short())
    pages = page_contents(xml)
    mark = [g for g in glyphs(pages[0]) if g.fill == RED]
    assert "".join(g.char for g in mark) == "澄溪区人民政府常务会议纪要"

    def rules(page: ET.Element) -> set[tuple[str, str]]:
        return {(p.find(f"{NS}StrokeColor").get("Value"), p.get("LineWidth")) for p in page.iter(f"{NS}PathObject")}

    assert rules(pages[0]) == {("255 51 51", "0.3492")}  # the red rule under the header, 0.35 mm
    assert rules(pages[-1]) == {("0 0 0", "0.3492"), ("0 0 0", "0.2505")}  # the 版记's, 0.35 and 0.25 mm
    with ofdkit.open(tmp_path / "m.ofd") as doc:
        assert doc.info.title == "澄溪区人民政府常务会议纪要"


def test_classified_minutes_carry_their_copy_number(tmp_path: Path) -> None:
    minutes = short(classification=Classification.CONFIDENTIAL, secrecy_period="5年", urgency=Urgency.URGENT)
    check(tmp_path, minutes, copy_number=7)
    with ofdkit.open(tmp_path / "m.ofd") as doc:
        lines = [bare(line) for line in doc.pages[0].text().splitlines() if line.strip()]
    assert lines[:3] == ["000007", "机密★5年", "加急"]


def test_minutes_of_several_pages(tmp_path: Path) -> None:
    xml = check(tmp_path, detail())
    assert len(page_contents(xml)) >= 5
    with ofdkit.open(tmp_path / "m.ofd") as doc:
        assert [bare(p.text())[-3:] for p in doc.pages] == [f"—{n}—" for n in range(1, len(doc.pages) + 1)]


def test_markup_characters_are_text(tmp_path: Path) -> None:
    """`<`, `&`, quotes and what looks like tags and entities are written escaped and read back as typed."""
    odd = "会议要求：A<B && C>D，<b>不加粗</b>，&amp;不是实体，\"引号\"与'单引号'，“中文引号”。"
    content = MinutesContent(opening=odd, present=("甲<乙>",), observers=("区财政局&区税务局",))
    minutes = dataclasses.replace(short(), content=content, copy_to="区委办公室<&>")
    check(tmp_path, minutes)
    with ofdkit.open(tmp_path / "m.ofd") as doc:
        text = bare(doc.pages[0].text())
    for piece in (bare(odd), "甲<乙>", "区财政局&区税务局", "区委办公室<&>"):
        assert piece in text, piece


def test_a_character_no_font_has_is_refused_and_nothing_written(tmp_path: Path) -> None:
    content = dataclasses.replace(short().content, opening="会议很成功😀。")
    with pytest.raises(MissingGlyph) as refused:
        render_minutes_ofd(tmp_path / "m.ofd", dataclasses.replace(short(), content=content))
    assert "😀" in refused.value.chars
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def half_then_full(self: Path, data: bytes) -> int:
        with open(self, "wb") as fh:
            fh.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", half_then_full)
    with pytest.raises(StorageFull):
        render_minutes_ofd(tmp_path / "m.ofd", short())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("status", [MinutesStatus.DRAFT, MinutesStatus.SIGNED, MinutesStatus.SUPERSEDED])
def test_only_issued_minutes_become_ofd(tmp_path: Path, status: MinutesStatus) -> None:
    with pytest.raises(Invalid, match="只有已印发的纪要"):
        render_minutes_ofd(tmp_path / "m.ofd", short(status=status))
    assert list(tmp_path.iterdir()) == []


def test_classified_minutes_without_a_copy_number_are_refused(tmp_path: Path) -> None:
    minutes = short(classification=Classification.SECRET, secrecy_period="1年")
    with pytest.raises(Invalid, match="份号"):
        render_minutes_ofd(tmp_path / "m.ofd", minutes)
    assert list(tmp_path.iterdir()) == []


def test_the_bold_stand_in_for_xiaobiaosong_is_stroked(tmp_path: Path) -> None:
    """With only a 宋体-style font, the masthead is 宋体 drawn bold (fill and stroke) in the PDF; the
    OFD strokes the same outlines, in the masthead's red."""
    only = tmp_path / "fonts"
    only.mkdir()
    ming = fonts.register(fonts.Face.SONG).path
    (only / ming.name).symlink_to(ming)
    fonts.use_folders([only])
    try:
        assert fonts.register(fonts.Face.BIAOSONG).bold
        out = tmp_path / "out"
        out.mkdir()
        xml = check(out, short())
    finally:
        fonts.use_folders(None)
    masthead = next(o for o in page_contents(xml)[0].iter(f"{NS}TextObject") if float(o.get("Size")) > 10)
    assert (masthead.get("Stroke"), masthead.get("Fill")) == ("true", "true")
    assert masthead.find(f"{NS}StrokeColor").get("Value") == "255 51 51"
