"""The minutes as a Word document (DOCX), for final polishing in WPS or Word: the same structure as
core.documents.minutes_pdf on the GB/T 9704 page (GBT9704.md §1.2–§1.4, §3.2).

What Word/WPS are told, and why:
- A4, margins 37 / 28 / 26 / 35 mm, so the type area is 156 × 225 mm.
- The document grid (w:docGrid) is "linesAndChars": linePitch 579 twips = 28.95 pt (22 lines of
  the usual 公文 template) and charSpace −849, i.e. a character pitch of 16 − 849/4096 = 15.793 pt,
  which puts 28 characters of 三号 on a 156 mm line (Word: pitch = Normal's size + charSpace/4096).
  Body styles also carry an exact 28.95 pt line spacing so the 22 lines hold in editors that
  ignore the grid. LibreOffice (7.4 here) puts a character wider than a grid cell into two cells,
  so it shows 14 characters a line: a known difference from Word/WPS, not a file error.
- Styles carry Chinese names a secretary recognises: 正文 is Word's built-in Normal (Chinese Word
  and WPS show Normal as 正文; a second style of that name would shadow it), plus 一级标题,
  二级标题, 纪要标志 and 版记. Fonts are named in w:rFonts (ascii, hAnsi, eastAsia, cs) with the
  standard faces 仿宋, 黑体, 楷体, 方正小标宋简体 and 宋体; Word and WPS substitute missing ones.
- The 版记 is a table positioned at the bottom of the type area, so its last rule lies on the
  type area's bottom edge on the last page, as in the PDF.
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

from core.documents.gbt9704 import date_text
from core.documents.minutes_pdf import heading_number
from core.errors import Invalid
from core.model.enums import Classification, Urgency
from core.services.minutes_types import MinutesDetail
from core.store.engine import storage_errors

FANGSONG, HEI, KAI, SONG, BIAOSONG = "仿宋", "黑体", "楷体", "宋体", "方正小标宋简体"
BODY_STYLE = "Normal"  # shown as 正文 in Chinese Word and WPS
H1, H2, MARK, COLOPHON = "一级标题", "二级标题", "纪要标志", "版记"

PITCH = 28.95              # pt; 22 lines in the 225 mm type area (Word's usual 公文 value)
LINE_PITCH = 579           # twips (1/20 pt) = 28.95 pt
CHAR_SPACE = -849          # 1/4096 pt added to the 16 pt character pitch: 15.793 pt, 28 a line
ADVANCE = 16 + CHAR_SPACE / 4096  # pt, one grid character
TEXT_WIDTH = 8844          # twips: 156 mm
BODY, SMALL, MARK_SIZE = 16.0, 14.0, 36.0
MARK_TOP_MM = 35.0         # the 标志's top below the top of the type area (§7.2.4, §10.3)
MARK_RISE_MM = 2.4         # how far the 标志's character box rises above its exact 36 pt line
RED = "FF0000"             # the pure red of Word/WPS 红头 templates (the PDF uses CMYK 0/80/80/0)
THICK, THIN = 8, 6         # border widths in 1/8 pt: 1 pt ≈ 0.35 mm, 0.75 pt ≈ 0.25 mm

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# Child order the WordprocessingML schema requires (Word rejects files that break it).
_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange")
_TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook")
_RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
              "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
              "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
              "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")


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
    _styles(doc)
    _properties(doc, detail)
    body = doc.element.body
    for p in list(body.iterchildren(_qn("w:p"))):  # the template's empty first paragraph
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


# --- page, styles, properties -------------------------------------------------------------------

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
    grid = section._sectPr.find(_qn("w:docGrid"))
    if grid is None:
        grid = _put(section._sectPr, "docGrid", ("docGrid", "printerSettings"))
    grid.set(_qn("w:type"), "linesAndChars")
    grid.set(_qn("w:linePitch"), str(LINE_PITCH))
    grid.set(_qn("w:charSpace"), str(CHAR_SPACE))

    settings = doc.settings
    settings.odd_and_even_pages_header_footer = True
    lang = settings.element.find(_qn("w:themeFontLang"))
    if lang is not None:
        lang.set(_qn("w:eastAsia"), "zh-CN")


def _styles(doc: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    styles = doc.styles
    # Document defaults: 仿宋 三号, Chinese, no spacing after (the template's 10 pt would break the grid).
    defaults = styles.element.find(_qn("w:docDefaults"))
    rpr = defaults.find(f"{_qn('w:rPrDefault')}/{_qn('w:rPr')}")
    _fonts(rpr, FANGSONG)
    _size(rpr, BODY)
    lang = rpr.find(_qn("w:lang"))
    if lang is not None:
        lang.set(_qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(f"{_qn('w:pPrDefault')}/{_qn('w:pPr')}/{_qn('w:spacing')}")
    if spacing is not None:
        spacing.getparent().remove(spacing)

    normal = styles[BODY_STYLE]
    ppr = normal.element.get_or_add_pPr()
    _fonts(normal.element.get_or_add_rPr(), FANGSONG)
    _size(normal.element.get_or_add_rPr(), BODY)
    _put(ppr, "widowControl").set(_qn("w:val"), "0")    # fill every page to 22 lines, as the PDF does
    _put(ppr, "overflowPunct").set(_qn("w:val"), "0")   # no punctuation hanging past the type area
    _put(ppr, "autoSpaceDE").set(_qn("w:val"), "0")     # no extra space around Latin and digits
    _put(ppr, "autoSpaceDN").set(_qn("w:val"), "0")
    _spacing(ppr, line=PITCH)
    _indent(ppr, first=2)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    def paragraph_style(name: str, font: str, size: float) -> Any:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.next_paragraph_style = normal
        style.quick_style = True
        _fonts(style.element.get_or_add_rPr(), font)
        _size(style.element.get_or_add_rPr(), size)
        return style

    for name, font, level in ((H1, HEI, 0), (H2, KAI, 1)):
        style = paragraph_style(name, font, BODY)
        style.paragraph_format.keep_with_next = True
        _put(style.element.get_or_add_pPr(), "outlineLvl").set(_qn("w:val"), str(level))  # navigation pane

    mark = paragraph_style(MARK, BIAOSONG, MARK_SIZE)
    ppr = mark.element.get_or_add_pPr()
    _put(ppr, "snapToGrid").set(_qn("w:val"), "0")  # a 36 pt line, not two grid lines
    _spacing(ppr, line=MARK_SIZE)
    _indent(ppr, first=0)
    mark.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _put(mark.element.get_or_add_rPr(), "color", _RPR_ORDER).set(_qn("w:val"), RED)

    colophon = paragraph_style(COLOPHON, FANGSONG, SMALL)
    ppr = colophon.element.get_or_add_pPr()
    _put(ppr, "snapToGrid").set(_qn("w:val"), "0")  # 四号 characters 14 pt wide, so names align after "抄送："
    _indent(ppr, first=0)
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
        _put(run._r.get_or_add_rPr(), "w", _RPR_ORDER).set(_qn("w:val"), str(max(scale, 1)))

    number = doc.add_paragraph(clean(m.serial_text) or "（印发时编号）")
    number.paragraph_format.space_before = Pt(2 * PITCH)  # two blank lines below the 标志
    number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _indent(number._p.get_or_add_pPr(), first=0)

    # Office 1 字 from the left, date 1 字 from the right, by tab stops: the paragraph keeps no
    # indent so that its bottom border (the red rule) is as wide as the type area.
    date = date_text(m.signed_on) if m.signed_on else "（签发日期）"
    office = doc.add_paragraph(f"\t{clean(m.office_name)}\t{date}")
    office.paragraph_format.space_before = Pt(PITCH / 2)
    ppr = office._p.get_or_add_pPr()
    _indent(ppr, first=0)
    _tabs(ppr, [("left", round(ADVANCE * 20)), ("right", TEXT_WIDTH - round(ADVANCE * 20))])
    _put(ppr, "snapToGrid").set(_qn("w:val"), "0")  # one line even where the grid is drawn wider
    _borders(ppr, bottom=(THICK, RED, 3))  # the rule about 4 mm below the line's baseline


def _text(doc: Any, m: MinutesDetail) -> None:
    from docx.shared import Pt

    content = m.content
    first = doc.add_paragraph(clean(content.opening))
    first.paragraph_format.space_before = Pt(PITCH)  # one blank line below the red rule
    numbers = {heading_number(k) for k in range(1, 40)}
    for n, section in enumerate(content.sections, 1):
        heading = clean(section.heading)
        if heading[:2] not in numbers:
            heading = heading_number(n) + heading
        doc.add_paragraph(heading, style=H1)
        for para in filter(None, (clean(p).strip() for p in section.text.split("\n"))):
            doc.add_paragraph(para)
    if content.closing:
        doc.add_paragraph(clean(content.closing))
    blank = True
    for label, names in (("出席：", content.present), ("请假：", content.on_leave), ("列席：", content.observers)):
        if not names:
            continue
        p = doc.add_paragraph()
        if blank:
            p.paragraph_format.space_before = Pt(PITCH)  # one blank line below the body (§10.3)
            blank = False
        _fonts(p.add_run(label)._r.get_or_add_rPr(), HEI)
        p.add_run(clean("、".join(names)))
        # First line 2 字 in; the names continue under the first character after the colon (5 字).
        _indent(p._p.get_or_add_pPr(), left=5, hanging=3)


def _colophon(doc: Any, m: MinutesDetail) -> None:
    """抄送 and 印发 lines between rules (thick, thin, thick) at the bottom of the type area.

    A one-column table positioned at the bottom margin (w:tblpPr, "vertical: bottom, relative to
    margin" in Word's table-position dialog): its bottom border then lies on the type area's bottom
    edge on the last page. Table borders rather than paragraph borders in a frame: LibreOffice drops
    a frame whose paragraphs carry different borders, while a table it cannot float still shows
    every rule, just after the text.
    """
    from docx.shared import Twips

    inset = round(SMALL * 20)  # 1 字 of 四号
    rows = []
    copy_to = clean(m.copy_to).strip().rstrip("。")
    if copy_to:
        rows.append(("copy", f"抄送：{copy_to}。"))
    issued = (date_text(m.issued_on) if m.issued_on else "（印发日期）") + "印发"
    rows.append(("issue", f"{clean(m.office_name)}\t{issued}"))

    table = doc.add_table(rows=len(rows), cols=1)
    tbl = table._tbl
    tblpr = tbl.tblPr
    for child in list(tblpr):
        if child.tag == _qn("w:tblStyle"):
            tblpr.remove(child)
    _attrs(_put(tblpr, "tblpPr", _TBLPR_ORDER), leftFromText="0", rightFromText="0", topFromText="0",
           bottomFromText="0", vertAnchor="margin", horzAnchor="margin", tblpX="0", tblpYSpec="bottom")
    _attrs(_put(tblpr, "tblOverlap", _TBLPR_ORDER), val="never")
    _attrs(_put(tblpr, "tblW", _TBLPR_ORDER), w=str(TEXT_WIDTH), type="dxa")
    _attrs(_put(tblpr, "tblInd", _TBLPR_ORDER), w="0", type="dxa")
    borders = _put(tblpr, "tblBorders", _TBLPR_ORDER)
    for side, size in (("top", THICK), ("left", 0), ("bottom", THICK), ("right", 0), ("insideH", THIN),
                       ("insideV", 0)):
        el = _put(borders, side, ("top", "left", "bottom", "right", "insideH", "insideV"))
        if size:
            _attrs(el, val="single", sz=str(size), space="0", color="000000")
        else:
            _attrs(el, val="nil")
    _attrs(_put(tblpr, "tblLayout", _TBLPR_ORDER), type="fixed")
    margins = _put(tblpr, "tblCellMar", _TBLPR_ORDER)  # the rules as wide as the type area
    for side in ("top", "left", "bottom", "right"):
        _attrs(_put(margins, side, ("top", "left", "bottom", "right")), w="0", type="dxa")
    table.columns[0].width = Twips(TEXT_WIDTH)

    for row, (kind, text) in zip(table.rows, rows, strict=True):
        cell = row.cells[0]
        cell.width = Twips(TEXT_WIDTH)
        p = cell.paragraphs[0]
        p.style = doc.styles[COLOPHON]
        p.add_run(text)
        ppr = p._p.get_or_add_pPr()
        if kind == "copy":
            # 1 字 in on both sides; continuation lines align after "抄送：" (1 + 3 字).
            _indent(ppr, left_tw=4 * inset, hanging_tw=3 * inset)
            _attrs(_put(ppr, "ind"), right=str(inset))
        else:
            _attrs(_put(ppr, "ind"), left=str(inset), right=str(inset))
            _tabs(ppr, [("right", TEXT_WIDTH - inset)])
        p.paragraph_format.keep_with_next = kind == "copy"
        p.paragraph_format.keep_together = True
    # A document cannot end with a table; 1 pt high so that it never adds a page.
    tail = doc.add_paragraph(style=COLOPHON)
    ppr = tail._p.get_or_add_pPr()
    _spacing(ppr, line=1)
    _size(_put(ppr, "rPr"), 1)  # the paragraph mark's size


def _footers(doc: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section = doc.sections[0]
    for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.paragraph_format.alignment = align
        ppr = p._p.get_or_add_pPr()
        ind = _put(ppr, "ind")
        ind.set(_qn(f"w:{side}"), str(round(SMALL * 20)))  # 1 字 from the edge of the type area
        for attr in ("firstLine", "firstLineChars"):
            ind.set(_qn(f"w:{attr}"), "0")
        _put(ppr, "snapToGrid").set(_qn("w:val"), "0")
        _spacing(ppr, line=SMALL)
        _page_number(p)


def _page_number(p: Any) -> None:
    """"— N —" in 四号 宋体 with a PAGE field (the cached result 1 shows until fields update)."""
    from docx.oxml import OxmlElement

    def run(text: str | None = None, field: str | None = None, instr: str | None = None) -> None:
        r = p.add_run(text) if text is not None else p.add_run()
        rpr = r._r.get_or_add_rPr()
        _fonts(rpr, SONG, hint=True)  # the em dashes in the East-Asian face: full width
        _size(rpr, SMALL)
        if field:
            fld = OxmlElement("w:fldChar")
            fld.set(_qn("w:fldCharType"), field)
            r._r.append(fld)
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
    _indent(p._p.get_or_add_pPr(), first=0)
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    if text:
        _fonts(p.add_run(text)._r.get_or_add_rPr(), font)


# --- XML helpers (python-docx has no API for these) ---------------------------------------------

def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(tag))


def _put(parent: Any, tag: str, order: tuple[str, ...] = _PPR_ORDER) -> Any:
    """The child `w:tag` of `parent` (created in schema order if missing)."""
    from docx.oxml import OxmlElement

    found = parent.find(_qn(f"w:{tag}"))
    if found is not None:
        return found
    el = OxmlElement(f"w:{tag}")
    later = set(order[order.index(tag) + 1:]) if tag in order else set()
    for child in parent:
        if isinstance(child.tag, str) and child.tag.split("}")[-1] in later:
            child.addprevious(el)
            return el
    parent.append(el)
    return el


def _attrs(el: Any, **values: str) -> None:
    for key, value in values.items():
        el.set(_qn(f"w:{key}"), value)


def _fonts(rpr: Any, name: str, *, hint: bool = False) -> None:
    """All four font slots to `name`, theme fonts removed (they would override the names)."""
    fonts = _put(rpr, "rFonts", _RPR_ORDER)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del fonts.attrib[attr]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(_qn(f"w:{slot}"), name)
    if hint:
        fonts.set(_qn("w:hint"), "eastAsia")


def _size(rpr: Any, pt: float) -> None:
    for tag in ("sz", "szCs"):
        _put(rpr, tag, _RPR_ORDER).set(_qn("w:val"), str(round(pt * 2)))


def _spacing(ppr: Any, *, line: float) -> None:
    """Exact line height in pt, no space before or after."""
    spacing = _put(ppr, "spacing")
    spacing.set(_qn("w:before"), "0")
    spacing.set(_qn("w:after"), "0")
    spacing.set(_qn("w:line"), str(round(line * 20)))
    spacing.set(_qn("w:lineRule"), "exact")


def _indent(ppr: Any, *, first: float | None = None, left: float | None = None, hanging: float | None = None,
            left_tw: int | None = None, hanging_tw: int | None = None) -> None:
    """Indents in grid characters (w:*Chars, hundredths, which Word and WPS prefer) with the same
    distance in twips for readers that only know those; or in plain twips (`*_tw`)."""
    ind = _put(ppr, "ind")
    char = ADVANCE * 20
    if first is not None:
        ind.set(_qn("w:firstLineChars"), str(round(first * 100)))
        ind.set(_qn("w:firstLine"), str(round(first * char)))
    if left is not None:
        ind.set(_qn("w:leftChars"), str(round(left * 100)))
        ind.set(_qn("w:left"), str(round(left * char)))
    if hanging is not None:
        ind.set(_qn("w:hangingChars"), str(round(hanging * 100)))
        ind.set(_qn("w:hanging"), str(round(hanging * char)))
    if left_tw is not None:
        ind.set(_qn("w:left"), str(left_tw))
    if hanging_tw is not None:
        ind.set(_qn("w:hanging"), str(hanging_tw))
    if hanging is not None or hanging_tw is not None:
        for attr in ("w:firstLine", "w:firstLineChars"):  # hanging and first-line exclude each other
            ind.attrib.pop(_qn(attr), None)


def _tabs(ppr: Any, stops: list[tuple[str, int]]) -> None:
    from docx.oxml import OxmlElement

    tabs = _put(ppr, "tabs")
    for kind, pos in stops:
        tab = OxmlElement("w:tab")
        tab.set(_qn("w:val"), kind)
        tab.set(_qn("w:pos"), str(pos))
        tabs.append(tab)


def _borders(ppr: Any, *, top: tuple[int, str, int] | None = None,
             bottom: tuple[int, str, int] | None = None) -> None:
    """Paragraph rules: (width in 1/8 pt, colour, distance from the text in pt)."""
    from docx.oxml import OxmlElement

    pbdr = _put(ppr, "pBdr")
    for side, spec in (("top", top), ("bottom", bottom)):  # schema order: top, left, bottom, right
        if spec is None:
            continue
        size, color, space = spec
        el = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", str(size)), ("space", str(space)), ("color", color)):
            el.set(_qn(f"w:{key}"), value)
        pbdr.append(el)
