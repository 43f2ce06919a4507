"""The minutes DOCX read back with python-docx: page, line grid and character tracking, 避头尾 sets
and the font table, the Chinese-named styles with their East-Asian fonts, 楷体 "（一）" headings, the
paragraphs in the order of the PDF, 份号 and 密级, odd/even footers with a PAGE field, the 版记
table, user text kept literally. The same DOCX as LibreOffice lays it out:
tests/core/test_minutes_docx_libreoffice.py."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from core.documents.docx_fonts import FACES
from core.documents.linebreak import NO_END, NO_START
from core.documents.minutes_docx import BELOW_RULE, TITLE_DROP, URL_BREAK, render_minutes_docx
from core.errors import HuiwuError, Invalid
from core.model.enums import Classification, MeetingKind, Urgency
from core.services.minutes_types import MinutesContent, Section
from tests.core.test_minutes_pdf import detail

MM = 72 / 25.4
A4 = (210, 297)


def open_docx(path: Path):
    return Document(str(path))


def mm(length) -> float:
    return length / Mm(1)


def east_asia(rpr) -> str | None:
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def run_font(run) -> str | None:
    """The East-Asian face of a run: its own, else its paragraph style's (up the chain)."""
    own = east_asia(run._r.rPr)
    if own:
        return own
    style = run._parent.style
    while style is not None:
        found = east_asia(style.element.rPr)
        if found:
            return found
        style = style.base_style
    return None


def body_paragraphs(doc) -> list:
    return [p for p in doc.paragraphs if p.text.strip()]


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> Path:
    return render_minutes_docx(tmp_path_factory.mktemp("d") / "minutes.docx", detail())


def test_page_size_margins_and_grid(plain: Path) -> None:
    section = open_docx(plain).sections[0]
    assert (round(mm(section.page_width), 1), round(mm(section.page_height), 1)) == A4
    margins = [round(mm(m), 1) for m in (section.top_margin, section.left_margin, section.right_margin,
                                          section.bottom_margin)]
    assert margins == [37, 28, 26, 35]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt: 22 lines in 225 mm
    assert int(225 * MM // 28.95) == 22
    # No character grid (LibreOffice would give each character two cells): the body's characters
    # are tracked instead, to 28 a line.
    assert grid.get(qn("w:charSpace")) is None
    normal = open_docx(plain).styles["Normal"].element.rPr
    pitch = 16 + int(normal.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert pitch == 15.75 and int(156 * MM // pitch) == 28  # characters of 三号 on a 156 mm line


def test_styles_have_chinese_names_and_east_asian_fonts(plain: Path) -> None:
    styles = open_docx(plain).styles
    expected = {"Normal": ("仿宋", 16), "一级标题": ("黑体", 16), "二级标题": ("楷体", 16),
                "纪要标志": ("方正小标宋简体", 36), "版记": ("仿宋", 14)}
    for name, (face, size) in expected.items():
        style = styles[name]
        fonts = style.element.rPr.find(qn("w:rFonts"))
        assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {face}, name
        assert not any(attr.endswith("Theme") for attr in fonts.attrib), name  # a theme font would win
        assert style.font.size.pt == size, name
    assert styles["纪要标志"].font.color.rgb is not None and str(styles["纪要标志"].font.color.rgb) == "FF0000"
    ind = styles["Normal"].element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLine")) == "630" and ind.get(qn("w:firstLineChars")) is None  # 2 字 of 15.75 pt
    for name in ("纪要标志", "版记"):  # not tracked: the 标志 is squeezed by scale, the 版记 is 四号
        assert styles[name].element.rPr.find(qn("w:spacing")).get(qn("w:val")) == "0"
    spacing = styles["Normal"].element.pPr.find(qn("w:spacing"))
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("579", "exact")
    outline = styles["一级标题"].element.pPr.find(qn("w:outlineLvl"))
    assert outline.get(qn("w:val")) == "0"


def test_paragraphs_in_the_order_of_the_pdf(plain: Path) -> None:
    doc = open_docx(plain)
    paras = body_paragraphs(doc)
    d = detail()
    assert paras[0].style.name == "纪要标志" and paras[0].text == "澄溪区人民政府常务会议纪要"
    assert paras[1].text == "〔2026〕12号"
    assert paras[2].text == "\t澄溪区人民政府办公室\t2026年6月27日"
    rule = paras[2]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "FF0000"  # the red rule under the office and date
    assert paras[3].text == d.content.opening
    headings = [p.text for p in paras if p.style.name == "一级标题"]
    assert headings == [f"{n}、关于第{i}组条款的事项" for i, n in enumerate("一二三四五六", 1)]
    assert all(run_font(p.runs[0]) == "黑体" for p in paras if p.style.name == "一级标题")
    texts = [p.text for p in paras]
    assert texts.index(headings[0]) < texts.index(d.content.closing)
    labels = [p for p in paras if p.text[:3] in ("出席：", "请假：", "列席：")]
    assert [p.text[:3] for p in labels] == ["出席：", "请假：", "列席："]
    present = labels[0]
    assert present.runs[0].text == "出席：" and run_font(present.runs[0]) == "黑体"
    names = present.runs[1].text
    assert run_font(present.runs[1]) == "仿宋"
    # The PDF's lines, each ended by a line break (w:br, "\n" here) after a whole name.
    lines = names.split("\n")
    assert "".join(lines) == "、".join(d.content.present)
    # 26 characters after the 2 字 indent, 23 after the 5 字 continuation: 戊党组成员 fits the first line
    # only without its 、, which may not start the next (避头尾), so it moves down whole.
    assert lines == ["甲区长、乙常务、丙副区长、丁副区长、", "戊党组成员、己党组成员、庚主任、辛局长、",
                     "壬局长、癸局长、子局长、丑局长、寅局长"]
    assert present.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    ind = present._p.pPr.find(qn("w:ind"))
    # First line at 2 字, names continuing under the first character after the colon (5 字).
    assert (ind.get(qn("w:left")), ind.get(qn("w:hanging"))) == ("1575", "945")
    assert ind.get(qn("w:firstLine")) is None and ind.get(qn("w:leftChars")) is None
    assert texts.index(d.content.closing) < texts.index(present.text)


def test_colophon_table_at_the_bottom_with_its_rules(plain: Path) -> None:
    doc = open_docx(plain)
    assert len(doc.tables) == 1
    table = doc.tables[0]
    cells = [row.cells[0].paragraphs[0] for row in table.rows]
    assert cells[0].text == "抄送：区委办公室，区人大常委会办公室，区政协办公室。"
    assert cells[1].text == "澄溪区人民政府办公室\t2026年6月28日印发"
    assert all(p.style.name == "版记" for p in cells)
    tblpr = table._tbl.tblPr
    position = tblpr.find(qn("w:tblpPr"))
    assert (position.get(qn("w:vertAnchor")), position.get(qn("w:tblpYSpec"))) == ("margin", "bottom")
    # At the left margin, placed relative to the page (LibreOffice 7.4 floats it only then).
    assert (position.get(qn("w:horzAnchor")), position.get(qn("w:tblpX"))) == ("page", "1587")
    borders = tblpr.find(qn("w:tblBorders"))
    sizes = {side: borders.find(qn(f"w:{side}")).get(qn("w:sz")) for side in ("top", "bottom")}
    assert sizes == {"top": "8", "bottom": "8"}  # 0.35 mm
    assert borders.find(qn("w:insideH")).get(qn("w:val")) == "nil"
    assert thin_rule_above(table.rows[1]) and not thin_rule_above(table.rows[0])  # 0.25 mm above 印发
    assert tblpr.find(qn("w:tblW")).get(qn("w:w")) == "8844"  # 156 mm: as wide as the type area
    # The table sits after the 列席 line, the last body paragraph.
    body = doc.element.body
    order = [child.tag.split("}")[-1] for child in body]
    assert order[-3:] == ["tbl", "p", "sectPr"]


def thin_rule_above(row) -> bool:
    top = row.cells[0]._tc.tcPr.find(f"{qn('w:tcBorders')}/{qn('w:top')}")
    return top is not None and top.get(qn("w:sz")) == "6"


def test_colophon_main_to_above_copy_to_without_a_rule_between(tmp_path: Path) -> None:
    """主送 first, then 抄送, no rule between them; the thin rule above the 印发 line (§7.4), as in the PDF."""
    m = detail(main_to="各镇人民政府，各街道办事处", copy_to="区委办公室。")
    rows = open_docx(render_minutes_docx(tmp_path / "m.docx", m)).tables[0].rows
    assert [r.cells[0].text for r in rows] == [
        "主送：各镇人民政府，各街道办事处。", "抄送：区委办公室。", "澄溪区人民政府办公室\t2026年6月28日印发"]
    assert [thin_rule_above(r) for r in rows] == [False, False, True]


def test_subject_title_of_thematic_minutes(tmp_path: Path) -> None:
    """A 专题会议's subject title: 2号小标宋, centred, two blank lines below the red rule, broken
    where the PDF breaks it (after 和, not inside 老旧小区); other kinds have none."""
    title = "关于推进城西片区老旧小区改造和背街小巷整治工作的专题会议纪要"
    m = detail(kind=MeetingKind.THEMATIC, content=dataclasses.replace(detail().content, title=title))
    assert m.subject_title == title
    paras = body_paragraphs(open_docx(render_minutes_docx(tmp_path / "t.docx", m)))
    heading = paras[3]
    assert heading.style.name == "纪要标题" and run_font(heading.runs[0]) == "方正小标宋简体"
    assert heading.text == "关于推进城西片区老旧小区改造和\n背街小巷整治工作的专题会议纪要"  # w:br
    assert heading.style.font.size.pt == 22 and heading.paragraph_format.space_before.pt == pytest.approx(2 * 28.95 + BELOW_RULE + TITLE_DROP)
    assert heading.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert paras[4].text == m.content.opening
    plain = body_paragraphs(open_docx(render_minutes_docx(tmp_path / "p.docx", detail())))
    assert "纪要标题" not in {p.style.name for p in plain}


def test_urls_break_after_their_separators(tmp_path: Path) -> None:
    url = "https://www.chengxi.gov.cn/zwgk/2026/t20260625_1.html"
    m = detail(content=MinutesContent(opening=f"详见{url}。", sections=()))
    opening = body_paragraphs(open_docx(render_minutes_docx(tmp_path / "u.docx", m)))[3].text
    assert opening.replace(URL_BREAK, "|") == "详见https://|www.|chengxi.|gov.|cn/|zwgk/|2026/|t20260625_1.|html。"


def test_colophon_without_copy_to(tmp_path: Path) -> None:
    doc = open_docx(render_minutes_docx(tmp_path / "m.docx", detail(copy_to="", issued_on=None)))
    rows = doc.tables[0].rows
    assert [r.cells[0].text for r in rows] == ["澄溪区人民政府办公室\t（印发日期）印发"]


def test_footers_odd_right_even_left_with_page_field(plain: Path) -> None:
    doc = open_docx(plain)
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        assert not footer.is_linked_to_previous
        p = footer.paragraphs[0]
        assert p._p.pPr.find(qn("w:jc")).get(qn("w:val")) == align
        assert p.text == "— 1 —"  # the PAGE field's cached result between the dashes
        instr = [el.text for el in p._p.iter(qn("w:instrText"))]
        assert [i.strip() for i in instr] == ["PAGE"]
        kinds = [el.get(qn("w:fldCharType")) for el in p._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert all(run_font(r) == "宋体" and r.font.size.pt == 14 for r in p.runs if r.text)
        ind = p._p.pPr.find(qn("w:ind"))
        assert ind.get(qn(f"w:{align}")) == "280"  # 1 字 of 四号 from the edge of the type area


def test_classified_minutes_carry_copy_number_and_secrecy(tmp_path: Path) -> None:
    m = detail(classification=Classification.CONFIDENTIAL, secrecy_period="5年", urgency=Urgency.URGENT)
    paras = open_docx(render_minutes_docx(tmp_path / "c.docx", m, copy_number=7)).paragraphs
    assert [p.text for p in paras[:4]] == ["000007", "机密★5年", "加急", "澄溪区人民政府常务会议纪要"]
    assert run_font(paras[1].runs[0]) == "黑体" and run_font(paras[2].runs[0]) == "黑体"
    # Without a copy number (a draft for polishing) line 1 stays empty and the 密级 keeps line 2.
    paras = open_docx(render_minutes_docx(tmp_path / "d.docx", m)).paragraphs
    assert [p.text for p in paras[:2]] == ["", "机密★5年"]
    # Unclassified minutes start with the 标志.
    paras = open_docx(render_minutes_docx(tmp_path / "e.docx", detail())).paragraphs
    assert paras[0].style.name == "纪要标志"


@pytest.mark.parametrize("bad", [0, -1, 1_000_000])
def test_copy_number_out_of_range_is_refused(tmp_path: Path, bad: int) -> None:
    with pytest.raises(Invalid, match="份号"):
        render_minutes_docx(tmp_path / "x.docx", detail(classification=Classification.SECRET), copy_number=bad)
    assert not list(tmp_path.iterdir())


def test_user_text_is_kept_literally(tmp_path: Path) -> None:
    opening = "会议<b>同意</b> A&B 方案 &amp; <w:t>；资金1234567890123456789012345678901234567890元😀𠀋"
    heading = "关于<script>&“测试”的事项"
    m = detail(content=MinutesContent(opening=opening, sections=(Section(heading, "正文 <x/> & 😀"),),
                                      present=("张<三>", "李&四"), on_leave=(), observers=()),
               mark="澄溪区<人民政府>&纪要", copy_to="区委<办公室>&")
    doc = open_docx(render_minutes_docx(tmp_path / "t.docx", m))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "澄溪区<人民政府>&纪要"
    assert opening in texts
    assert "一、" + heading in texts
    assert "正文 <x/> & 😀" in texts
    assert "出席：张<三>、李&四" in texts
    assert doc.tables[0].rows[0].cells[0].text == "抄送：区委<办公室>&。"


def test_control_characters_are_stripped_not_fatal(tmp_path: Path) -> None:
    # XML 1.0 cannot hold them; they arrive invisibly from pasted text.
    dirty = "会议\x00听取\x01了\x0b汇报\x0c。\x1f\x7f\x85\ud800\ufffe结束"
    m = detail(content=MinutesContent(opening=dirty, sections=(Section("关于\x08事项", "甲\x02乙"),)),
               office_name="澄溪区\x03人民政府办公室")
    doc = open_docx(render_minutes_docx(tmp_path / "c.docx", m))
    texts = [p.text for p in doc.paragraphs]
    assert "会议听取了汇报。结束" in texts
    assert "一、关于事项" in texts and "甲乙" in texts
    assert "\t澄溪区人民政府办公室\t2026年6月27日" in texts


def test_a_10000_character_decision_and_long_runs(tmp_path: Path) -> None:
    long = ("会议原则同意区财政局提出的资金安排方案，" * 500)[:10_000]
    digits = "9" * 3000
    m = detail(content=MinutesContent(opening="开场。", sections=(Section("关于资金的事项", f"{long}\n{digits}"),),
                                      present=("甲",)))
    path = render_minutes_docx(tmp_path / "long.docx", m)
    texts = [p.text for p in open_docx(path).paragraphs]
    assert long in texts and digits in texts


def test_empty_sections_and_attendance(tmp_path: Path) -> None:
    m = detail(content=MinutesContent(opening="", closing=""), serial_text="", signed_on=None)
    doc = open_docx(render_minutes_docx(tmp_path / "e.docx", m))
    texts = [p.text for p in body_paragraphs(doc)]
    assert texts == ["澄溪区人民政府常务会议纪要", "（印发时编号）", "\t澄溪区人民政府办公室\t（签发日期）"]


def test_written_through_a_temporary_name(tmp_path: Path) -> None:
    target = tmp_path / "m.docx"
    target.write_bytes(b"old")
    render_minutes_docx(target, detail())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.docx"]
    assert target.read_bytes()[:2] == b"PK"
    with pytest.raises(HuiwuError):
        render_minutes_docx(tmp_path / "missing" / "m.docx", detail())
    assert not (tmp_path / "missing").exists()


def part(path: Path, name: str) -> ElementTree.Element:
    with zipfile.ZipFile(path) as z:
        return ElementTree.fromstring(z.read(name))


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_kinsoku_sets_of_gbt9704_declared(plain: Path) -> None:
    settings = part(plain, "word/settings.xml")
    before, after = settings.find(f"{W}noLineBreaksBefore"), settings.find(f"{W}noLineBreaksAfter")
    assert before.get(f"{W}lang") == after.get(f"{W}lang") == "zh-CN"
    assert set(before.get(f"{W}val")) == NO_START and set(after.get(f"{W}val")) == NO_END
    assert len(before.get(f"{W}val")) <= 100 and len(after.get(f"{W}val")) <= 100  # Word reads 100 (MS-OI29500 2.1.410)
    # The sets apply to text marked in their language: the document's East-Asian text is zh-CN.
    lang = part(plain, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}eastAsia") == "zh-CN"
    order = [child.tag.replace(W, "") for child in settings]
    # Schema order: Word refuses a settings part whose children are out of it.
    assert order.index("characterSpacingControl") < order.index("noLineBreaksAfter") < \
        order.index("noLineBreaksBefore") < order.index("savePreviewPicture")
    ppr = open_docx(plain).styles["Normal"].element.pPr
    values = {tag: ppr.find(qn(f"w:{tag}")).get(qn("w:val")) for tag in ("kinsoku", "overflowPunct", "autoSpaceDE")}
    assert values == {"kinsoku": "1", "overflowPunct": "0", "autoSpaceDE": "0"}
    assert ppr.find(qn("w:wordWrap")) is None  # Latin words are not broken inside
    assert ppr.find(qn("w:jc")).get(qn("w:val")) == "both"  # justified, never "distribute"


def test_font_table_declares_every_face_with_its_other_names(plain: Path) -> None:
    table = {font.get(f"{W}name"): font for font in part(plain, "word/fontTable.xml").findall(f"{W}font")}
    alternates = {face.name: table[face.name].find(f"{W}altName").get(f"{W}val").split(",") for face in FACES}
    assert alternates["仿宋"][:2] == ["仿宋_GB2312", "FangSong"]
    assert alternates["楷体"][:2] == ["楷体_GB2312", "KaiTi"]
    assert alternates["黑体"] == ["SimHei"] and alternates["宋体"] == ["SimSun"]
    assert "方正小标宋_GBK" in alternates["方正小标宋简体"]
    for face in FACES:
        font = table[face.name]
        assert font.find(f"{W}charset").get(f"{W}val") == "86"  # GB2312
        assert len(font.find(f"{W}panose1").get(f"{W}val")) == 20
        assert [child.tag.replace(W, "") for child in font] == ["altName", "panose1", "charset", "family", "pitch",
                                                               "sig"]
    # Every face a run or style names is declared.
    named = set()
    for name in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml"):
        for fonts in part(plain, name).iter(f"{W}rFonts"):
            named |= {fonts.get(f"{W}{slot}") for slot in ("ascii", "hAnsi", "eastAsia", "cs")} - {None}
    assert named and named <= set(table)


def test_second_level_headings_in_kai(tmp_path: Path) -> None:
    text = "（一）加强组织领导\n（二）落实工作责任。各单位要抓好落实。\n（三）\n一般段落（一）不是标题。"
    m = detail(content=MinutesContent(opening="开场。", sections=(Section("关于落实的事项", text),)))
    paras = {p.text: p for p in open_docx(render_minutes_docx(tmp_path / "h.docx", m)).paragraphs}
    assert paras["（一）加强组织领导"].style.name == "二级标题"
    assert run_font(paras["（一）加强组织领导"].runs[0]) == "楷体"
    inline = paras["（二）落实工作责任。各单位要抓好落实。"]
    assert inline.style.name == "Normal"
    assert [r.text for r in inline.runs] == ["（二）落实工作责任。", "各单位要抓好落实。"]
    assert inline.runs[0].style.name == "二级标题 字符" and east_asia(inline.runs[0].style.element.rPr) == "楷体"
    assert run_font(inline.runs[1]) == "仿宋"
    assert paras["（三）"].style.name == "二级标题"
    assert paras["一般段落（一）不是标题。"].style.name == "Normal"
