"""The minutes as a Word document (DOCX), for final polishing in WPS or Word: the same structure as
core.documents.minutes_pdf on the GB/T 9704 page (GBT9704.md §1.2–§1.4, §3.2).

What Word, WPS and LibreOffice are told, and why (README: DOCX 版式, with what was measured where):
- A4, margins 37 / 28 / 26 / 35 mm, so the type area is 156 × 225 mm.
- 22 lines: a line grid (w:docGrid type "lines", linePitch 579 twips = 28.95 pt) and an exact
  28.95 pt line spacing in the body styles, which every editor honours even without the grid.
- 28 characters: the body's characters are tracked by −0.25 pt (w:spacing −5, Word's 字符间距
  紧缩 0.25 磅), so a 三号 character advances 15.75 pt and 28 of them take 441 pt of the 442.2 pt
  line. Not the 公文 template's character grid (linesAndChars, charSpace −849): Word shrinks
  each character's advance by charSpace/4096 pt, but LibreOffice puts every character wider than
  the grid's 15.75 pt cell into two cells and shows 14 characters a line.
- Indents in twips of that 15.75 pt cell: 2 字 first lines, 出席 names continuing at 5 字.
- Names as in the PDF (core.documents.name_lists): 出席/请假/列席 entries "单位姓名" separated by
  "，", and the 主送 and 抄送 organs, broken into lines by the PDF's own line breaker and written
  with those line breaks (w:br), so no editor splits 李/思 or 区财/政局 and the lines are the
  PDF's. Not a joiner character between a name's letters: LibreOffice breaks Chinese text beside
  U+2060 WORD JOINER and drops the character tracking before it (measured), and a joiner would
  keep Word's 查找 from finding the name. A list edited in Word needs its breaks moved by hand.
- A URL gets a ZERO WIDTH SPACE after each / . - ? & = (a break opportunity), so it breaks there
  rather than moving whole and leaving a stretched line.
- 避头尾: w:kinsoku on, and the GB/T 9704 line-start and line-end sets of
  core.documents.linebreak declared in settings.xml (w:noLineBreaksBefore / w:noLineBreaksAfter);
  no punctuation past the type area (w:overflowPunct off); no extra space between Chinese and
  Latin (w:autoSpaceDE/DN off); Latin words are never broken inside (w:wordWrap left on) and lines
  are justified "both", never "distribute", so no gap opens inside a word.
- Styles carry Chinese names a secretary recognises: 正文 is Word's built-in Normal (Chinese Word
  and WPS show Normal as 正文; a second style of that name would shadow it), plus 一级标题 (黑体),
  二级标题 (楷体, for "（一）" headings; its character style 二级标题 字符 for a heading sentence
  followed by text in the same paragraph), 纪要标志 and 版记. Faces are named in w:rFonts and
  declared in the font table with their other names (core.documents.docx_fonts).
- The 版记 is a table floated to the bottom of the type area on the last page, so its last rule
  lies on the type area's bottom edge, as in the PDF.
- Page numbers "— N —" use a PAGE field; odd pages right, even pages left (w:evenAndOddHeaders).

User text goes in as plain run text (python-docx escapes it). Characters that XML 1.0 cannot hold
(C0/C1 control characters other than tab and newline, lone surrogates, U+FFFE/U+FFFF) are stripped:
they are invisible, usually pasted from other programs, and refusing the export for them would
leave the secretary hunting for something she cannot see.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

from core.documents import docx_fonts
from core.documents.docx_xml import (
    RPR_ORDER,
    SETTINGS_ORDER,
    TBLPR_ORDER,
    TCPR_ORDER,
    attrs,
    borders,
    fonts,
    indent,
    put,
    qn,
    size,
    spacing,
    tabs,
    tracking,
)
from core.documents.gbt9704 import CELLS, TITLE, Run, date_text, run_units
from core.documents.headings import heading_number, second_level
from core.documents.linebreak import NO_END, NO_START, break_lines, line_text, title_lines, units, url_breaks
from core.documents.name_lists import entry_runs, organ_runs
from core.errors import Invalid
from core.model.enums import Classification, Urgency
from core.services.minutes_types import MinutesDetail
from core.store.engine import storage_errors

FANGSONG, HEI, KAI, SONG, BIAOSONG = (face.name for face in docx_fonts.FACES)
BODY_STYLE = "Normal"  # shown as 正文 in Chinese Word and WPS
H1, H2, H2_RUN, MARK, TITLE_STYLE, COLOPHON = "一级标题", "二级标题", "二级标题 字符", "纪要标志", "纪要标题", "版记"

PITCH = 28.95              # pt; 22 lines in the 225 mm type area (Word's usual 公文 value)
LINE_PITCH = 579           # twips (1/20 pt) = 28.95 pt
TRACKING = -5              # 1/20 pt after every body character: −0.25 pt
ADVANCE = 16 + TRACKING / 20  # pt, one 三号 character on the line: 15.75, 28 a line
CELL = round(ADVANCE * 20)    # twips, the same: 315
LEFT_MARGIN = 1587         # twips: 28 mm
TEXT_WIDTH = 8844          # twips: 156 mm
BODY, SMALL, MARK_SIZE = 16.0, 14.0, 36.0
MARK_TOP_MM = 35.0         # the 标志's top below the top of the type area (§7.2.4, §10.3)
MARK_RISE_MM = 2.4         # how far the 标志's character box rises above its exact 36 pt line
RED = "FF0000"             # the pure red of Word/WPS 红头 templates (the PDF uses CMYK 0/80/80/0)
THICK, THIN = 8, 6         # border widths in 1/8 pt: 1 pt ≈ 0.35 mm, 0.75 pt ≈ 0.25 mm
# The first page's lines where the program's PDF puts them (pt, measured in LibreOffice 7.4):
NUMBER_LIFT = 10.5         # the 发文字号 line, a grid-snapped line after the 36 pt 标志
OFFICE_LIFT = 2.5          # the office and date line above the red rule
BELOW_RULE = 28.0          # the rule's border and the PDF's start on the next whole grid line
TITLE_DROP = 2.3           # a 22 pt line's face sits higher in its 28.95 pt line than a 16 pt one
COLOPHON_RULES = 1.5       # pt a 版记 row's rules add to its line, at most (measured in LibreOffice)
KINSOKU_LANG = "zh-CN"     # the language whose line-start/-end sets the document replaces
URL_BREAK = "\u200b"       # zero width space: a URL may break here

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """`text` without the characters an XML file cannot contain."""
    return _NOT_XML.sub("", text)


def render_minutes_docx(path: Path, detail: MinutesDetail, *, copy_number: int | None = None) -> Path:
    """Write the minutes to `path` (.docx). `copy_number`: the 份号 of this copy on classified minutes."""
    from docx import Document

    if copy_number is not None and not 1 <= copy_number <= 999_999:
        raise Invalid("份号应为 1 至 999999 之间的整数。")
    doc = Document()
    _page(doc)
    _settings(doc)
    _font_table(doc)
    _styles(doc)
    _properties(doc, detail)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):  # the template's empty first paragraph
        body.remove(p)
    _header(doc, detail, copy_number)
    _text(doc, detail)
    _colophon(doc, detail)
    _footers(doc)

    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    with storage_errors():
        try:
            doc.save(str(tmp))
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    return path


# --- page, settings, fonts, styles, properties --------------------------------------------------

def _page(doc: Any) -> None:
    from docx.shared import Mm

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    # The page number's character box 7 mm below the type area (§7.5, as in the PDF): the footer's
    # exact 14 pt line (4.9 mm) ends 22 mm above the paper's edge, and the box rises ~1 mm above
    # the line's top (measured in LibreOffice).
    section.footer_distance = Mm(22)
    grid = put(section._sectPr, "docGrid", ("docGrid", "printerSettings"))
    grid.attrib.pop(qn("w:charSpace"), None)
    attrs(grid, type="lines", linePitch=str(LINE_PITCH))


def _settings(doc: Any) -> None:
    settings = doc.settings
    settings.odd_and_even_pages_header_footer = True
    element = settings.element
    lang = element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), KINSOKU_LANG)
    # 避头尾 with the sets of GB/T 9704 (GBT9704.md §4), for the language of the text.
    for tag, chars in (("noLineBreaksAfter", NO_END), ("noLineBreaksBefore", NO_START)):
        attrs(put(element, tag, SETTINGS_ORDER), lang=KINSOKU_LANG, val="".join(sorted(chars)))


def _font_table(doc: Any) -> None:
    """Declare the faces with their other names (core.documents.docx_fonts)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import parse_xml
    from lxml import etree

    part = doc.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    table = parse_xml(part.blob)
    docx_fonts.declare(table)
    # python-docx keeps the font table as a plain part: its bytes are what gets saved.
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _styles(doc: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    styles = doc.styles
    # Document defaults: 仿宋 三号, Chinese, no spacing after (the template's 10 pt would break the grid).
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts(rpr, FANGSONG)
    size(rpr, BODY)
    # Word applies the document's 避头尾 sets only to text marked in their language (ECMA-376 §17.15.1.59).
    put(rpr, "lang", RPR_ORDER).set(qn("w:eastAsia"), KINSOKU_LANG)
    old = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    if old is not None:
        old.getparent().remove(old)

    normal = styles[BODY_STYLE]
    ppr = normal.element.get_or_add_pPr()
    rpr = normal.element.get_or_add_rPr()
    fonts(rpr, FANGSONG)
    size(rpr, BODY)
    tracking(rpr, TRACKING)
    put(ppr, "widowControl").set(qn("w:val"), "0")    # fill every page to 22 lines, as the PDF does
    put(ppr, "kinsoku").set(qn("w:val"), "1")         # 避头尾 by the document's sets (settings.xml)
    put(ppr, "overflowPunct").set(qn("w:val"), "0")   # no punctuation hanging past the type area
    put(ppr, "autoSpaceDE").set(qn("w:val"), "0")     # no extra space around Latin and digits
    put(ppr, "autoSpaceDN").set(qn("w:val"), "0")
    spacing(ppr, line=PITCH)
    indent(ppr, first=2 * CELL)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    def paragraph_style(name: str, font: str, pt: float) -> Any:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.next_paragraph_style = normal
        style.quick_style = True
        fonts(style.element.get_or_add_rPr(), font)
        size(style.element.get_or_add_rPr(), pt)
        return style

    for name, font, level in ((H1, HEI, 0), (H2, KAI, 1)):
        style = paragraph_style(name, font, BODY)
        style.paragraph_format.keep_with_next = True
        put(style.element.get_or_add_pPr(), "outlineLvl").set(qn("w:val"), str(level))  # navigation pane
    run_style = styles.add_style(H2_RUN, WD_STYLE_TYPE.CHARACTER)
    run_style.quick_style = True
    fonts(run_style.element.get_or_add_rPr(), KAI)  # the heading sentence before text in one paragraph

    title = paragraph_style(TITLE_STYLE, BIAOSONG, TITLE)  # a 专题会议's subject title, 2号小标宋
    ppr = title.element.get_or_add_pPr()
    put(ppr, "snapToGrid").set(qn("w:val"), "0")  # one 28.95 pt line a title line, not two grid lines
    spacing(ppr, line=PITCH)
    indent(ppr, first=0)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tracking(title.element.rPr, 0)

    mark = paragraph_style(MARK, BIAOSONG, MARK_SIZE)
    ppr = mark.element.get_or_add_pPr()
    put(ppr, "snapToGrid").set(qn("w:val"), "0")  # a 36 pt line, not two grid lines
    spacing(ppr, line=MARK_SIZE)
    indent(ppr, first=0)
    mark.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    put(mark.element.rPr, "color", RPR_ORDER).set(qn("w:val"), RED)
    tracking(mark.element.rPr, 0)  # squeezed to the type area by character scale instead

    colophon = paragraph_style(COLOPHON, FANGSONG, SMALL)
    ppr = colophon.element.get_or_add_pPr()
    put(ppr, "snapToGrid").set(qn("w:val"), "0")  # 四号 characters 14 pt wide, so names align after "抄送："
    # A 版记 line and its rule within one grid line, as in the PDF: on a page with two lines left,
    # 抄送 and 印发 still fit below the text instead of going over to a page of their own.
    spacing(ppr, line=PITCH - COLOPHON_RULES)
    indent(ppr, first=0)
    tracking(colophon.element.rPr, 0)
    colophon.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _properties(doc: Any, m: MinutesDetail) -> None:
    props = doc.core_properties
    props.title = clean(m.mark)
    props.subject = clean(m.meeting_name)
    props.author = props.last_modified_by = "会务 Huiwu"
    props.comments = ""  # the template says "generated by python-docx"
    props.keywords = ""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    props.created = props.modified = now
    props.revision = 1


# --- content ------------------------------------------------------------------------------------

def _header(doc: Any, m: MinutesDetail, copy_number: int | None) -> None:
    lines = 0
    if m.classification is not Classification.NONE:
        _plain(doc, f"{copy_number:06d}" if copy_number is not None else "", SONG)  # line 1, 份号
        _plain(doc, clean(f"{m.classification.value}★{m.secrecy_period}"), HEI)   # line 2
        lines = 2
    if m.urgency is not Urgency.NONE:
        _plain(doc, m.urgency.value, HEI)
        lines += 1

    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    mark = doc.add_paragraph(style=MARK)
    # The lines above take `lines` grid lines. In a line of exactly 36 pt the character box sits
    # MARK_RISE above the line's top (the font's ascent exceeds the line); measured in LibreOffice.
    top = (MARK_TOP_MM + MARK_RISE_MM) * 72 / 25.4 - lines * PITCH
    mark.paragraph_format.space_before = Pt(max(0.0, top))
    run = mark.add_run(clean(m.mark))
    width = sum(1 if ord(ch) < 0x2E80 else 2 for ch in run.text) * MARK_SIZE / 2
    if width > TEXT_WIDTH / 20:
        # Squeeze horizontally to the type area's width, as the PDF does (w:w, character scale).
        scale = int(TEXT_WIDTH / 20 / width * 100)
        put(run._r.get_or_add_rPr(), "w", RPR_ORDER).set(qn("w:val"), str(max(scale, 1)))

    number = doc.add_paragraph(clean(m.serial_text) or "（印发时编号）")
    number.paragraph_format.space_before = Pt(2 * PITCH - NUMBER_LIFT)  # two blank lines below the 标志
    number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    indent(number._p.get_or_add_pPr(), first=0)

    # Office 1 字 from the left, date 1 字 from the right, by tab stops: the paragraph keeps no
    # indent so that its bottom border (the red rule) is as wide as the type area.
    date = date_text(m.signed_on) if m.signed_on else "（签发日期）"
    office = doc.add_paragraph(f"\t{clean(m.office_name)}\t{date}")
    office.paragraph_format.space_before = Pt(PITCH / 2 - OFFICE_LIFT)
    ppr = office._p.get_or_add_pPr()
    indent(ppr, first=0)
    tabs(ppr, [("left", CELL), ("right", TEXT_WIDTH - CELL)])
    put(ppr, "snapToGrid").set(qn("w:val"), "0")  # one line even where the grid is drawn wider
    borders(ppr, bottom=(THICK, RED, 3))  # the rule about 4 mm below the line's baseline


def _text(doc: Any, m: MinutesDetail) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    content = m.content
    if m.subject_title:
        _title(doc, clean(m.subject_title))
    first = _body(doc, clean(content.opening))
    first.paragraph_format.space_before = Pt(PITCH - TITLE_DROP if m.subject_title else PITCH + BELOW_RULE)
    numbers = {heading_number(k) for k in range(1, 40)}
    for n, section in enumerate(content.sections, 1):
        heading = clean(section.heading)
        if heading[:2] not in numbers:
            heading = heading_number(n) + heading
        doc.add_paragraph(heading, style=H1)
        for para in filter(None, (clean(p).strip() for p in section.text.split("\n"))):
            _body(doc, para)
    if content.closing:
        _body(doc, clean(content.closing))
    blank = True
    for label, names in (("出席：", content.present), ("请假：", content.on_leave), ("列席：", content.observers)):
        if not names:
            continue
        p = doc.add_paragraph()
        if blank:
            p.paragraph_format.space_before = Pt(PITCH)  # one blank line below the body (§10.3)
            blank = False
        fonts(p.add_run(label)._r.get_or_add_rPr(), HEI)
        # The PDF's lines (2 字 in, continuing at 5 字), flush left: a line ended before a whole name
        # is short, and Word would stretch a line that ends in a line break.
        lines = list_lines([Run(label), *entry_runs([clean(n) for n in names])], CELLS - 2, CELLS - 5)
        p.add_run("\n".join(lines)[len(label):])
        p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        # First line 2 字 in; the names continue under the first character after the colon (5 字).
        indent(p._p.get_or_add_pPr(), left=5 * CELL, hanging=3 * CELL)


def cells(text: str) -> float:
    """Width in characters of the run's size: a Chinese character one, a Latin letter or digit half."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def list_lines(runs: list[Run], first: float, rest: float) -> list[str]:
    """A list's lines as the PDF breaks them (linebreak: names and organs held whole)."""
    return [line_text(line).rstrip() for line in break_lines(run_units(runs, lambda _face: cells), first, rest)]


def _title(doc: Any, text: str) -> None:
    """The subject title two blank lines below the red rule, broken where the PDF breaks it
    (linebreak.title_lines), its lines centred."""
    from docx.shared import Pt

    items = units(text, cells)
    lines = title_lines(items, int(TEXT_WIDTH / 20 // TITLE))
    p = doc.add_paragraph("\n".join(line_text(line) for line in lines), style=TITLE_STYLE)  # \n: w:br
    p.paragraph_format.space_before = Pt(2 * PITCH + BELOW_RULE + TITLE_DROP)


def _body(doc: Any, text: str) -> Any:
    """A body paragraph; a "（一）" heading in 楷体 (§7.3.3): a line of its own takes the 二级标题
    style, a heading sentence followed by text only its character style."""
    text = url_breaks(text, URL_BREAK)
    split = second_level(text)
    if split is None:
        return doc.add_paragraph(text)
    heading, rest = split
    if not rest:
        return doc.add_paragraph(heading, style=H2)
    p = doc.add_paragraph()
    p.add_run(heading, style=H2_RUN)
    p.add_run(rest)
    return p


def _colophon(doc: Any, m: MinutesDetail) -> None:
    """主送, 抄送 and 印发 lines between rules (thick; none between 主送 and 抄送; thin; thick) at the
    bottom of the type area (§7.4).

    A one-column table floated to the bottom margin (w:tblpPr, "vertical: bottom, relative to
    margin" in Word's table-position dialog): its bottom border then lies on the type area's bottom
    edge on the last page. Horizontally it is placed relative to the page, at the left margin:
    LibreOffice 7.4 floats a table as wide as the type area only when it is positioned relative to
    the page (its import keeps one relative to the margin in the text flow, in the middle of the
    page). Table borders rather than paragraph borders in a frame: LibreOffice drops a frame whose
    paragraphs carry different borders, while a table it cannot float still shows every rule.
    """
    from docx.shared import Twips

    inset = round(SMALL * 20)  # 1 字 of 四号
    room = TEXT_WIDTH / 20 / SMALL - 2  # 四号 characters between the 1 字 insets
    rows = [("addressed", "\n".join(list_lines(organ_runs(label, clean(text)), room, room - 3)))
            for label, text in (("主送：", m.main_to), ("抄送：", m.copy_to)) if clean(text).strip(" 。")]
    issued = (date_text(m.issued_on) if m.issued_on else "（印发日期）") + "印发"
    rows.append(("issue", f"{clean(m.office_name)}\t{issued}"))

    table = doc.add_table(rows=len(rows), cols=1)
    tblpr = table._tbl.tblPr
    for child in list(tblpr):
        if child.tag == qn("w:tblStyle"):
            tblpr.remove(child)
    attrs(put(tblpr, "tblpPr", TBLPR_ORDER), leftFromText="0", rightFromText="0", topFromText="0",
          bottomFromText="0", vertAnchor="margin", horzAnchor="page", tblpX=str(LEFT_MARGIN), tblpYSpec="bottom")
    attrs(put(tblpr, "tblOverlap", TBLPR_ORDER), val="never")
    attrs(put(tblpr, "tblW", TBLPR_ORDER), w=str(TEXT_WIDTH), type="dxa")
    attrs(put(tblpr, "tblInd", TBLPR_ORDER), w="0", type="dxa")
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    rules = put(tblpr, "tblBorders", TBLPR_ORDER)
    for side, width in zip(sides, (THICK, 0, THICK, 0, 0, 0), strict=True):
        el = put(rules, side, sides)
        if width:
            attrs(el, val="single", sz=str(width), space="0", color="000000")
        else:
            attrs(el, val="nil")
    attrs(put(tblpr, "tblLayout", TBLPR_ORDER), type="fixed")
    margins = put(tblpr, "tblCellMar", TBLPR_ORDER)  # the rules as wide as the type area
    for side in ("top", "left", "bottom", "right"):
        attrs(put(margins, side, ("top", "left", "bottom", "right")), w="0", type="dxa")
    table.columns[0].width = Twips(TEXT_WIDTH)

    for row, (kind, text) in zip(table.rows, rows, strict=True):
        cell = row.cells[0]
        cell.width = Twips(TEXT_WIDTH)
        p = cell.paragraphs[0]
        p.style = doc.styles[COLOPHON]
        p.add_run(text)
        ppr = p._p.get_or_add_pPr()
        if kind == "addressed":
            # 1 字 in on both sides; continuation lines align after "抄送：" (1 + 3 字).
            indent(ppr, left=4 * inset, hanging=3 * inset, right=inset)
        else:
            indent(ppr, left=inset, right=inset)
            tabs(ppr, [("right", TEXT_WIDTH - inset)])
            if len(rows) > 1:  # the thin rule between the addressees and the 印发 line
                tcpr = cell._tc.get_or_add_tcPr()
                attrs(put(put(tcpr, "tcBorders", TCPR_ORDER), "top", sides),
                      val="single", sz=str(THIN), space="0", color="000000")
        p.paragraph_format.keep_with_next = kind == "addressed"
        p.paragraph_format.keep_together = True
    # A document cannot end with a table; 1 pt high so that it never adds a page.
    tail = doc.add_paragraph(style=COLOPHON)
    ppr = tail._p.get_or_add_pPr()
    spacing(ppr, line=1)
    size(put(ppr, "rPr"), 1)  # the paragraph mark's size


def _footers(doc: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section = doc.sections[0]
    for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.paragraph_format.alignment = align
        ppr = p._p.get_or_add_pPr()
        indent(ppr, first=0, **{side: round(SMALL * 20)})  # 1 字 from the edge of the type area
        put(ppr, "snapToGrid").set(qn("w:val"), "0")
        spacing(ppr, line=SMALL)
        _page_number(p)


def _page_number(p: Any) -> None:
    """"— N —" in 四号 宋体 with a PAGE field (the cached result 1 shows until fields update)."""
    from docx.oxml import OxmlElement

    def run(text: str | None = None, field: str | None = None, instr: str | None = None) -> None:
        r = p.add_run(text) if text is not None else p.add_run()
        rpr = r._r.get_or_add_rPr()
        fonts(rpr, SONG, hint=True)  # the em dashes in the East-Asian face: full width
        tracking(rpr, 0)
        size(rpr, SMALL)
        if field:
            r._r.append(attrs(OxmlElement("w:fldChar"), fldCharType=field))
        if instr:
            el = OxmlElement("w:instrText")
            el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            el.text = instr
            r._r.append(el)

    run("— ")
    run(field="begin")
    run(instr=" PAGE ")
    run(field="separate")
    run("1")
    run(field="end")
    run(" —")


def _plain(doc: Any, text: str, font: str) -> None:
    """A flush-left line of the 版头 (份号, 密级, 紧急程度)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = doc.add_paragraph()
    indent(p._p.get_or_add_pPr(), first=0)
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    if text:
        fonts(p.add_run(text)._r.get_or_add_rPr(), font)
