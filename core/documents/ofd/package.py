"""Recorded pages as an OFD package (GB/T 33190-2016): a ZIP holding

    OFD.xml                          the entry point: DocInfo, DocRoot → Doc_0/Document.xml
    Doc_0/Document.xml               page area (A4, 210 × 297 mm), public resources, the pages
    Doc_0/PublicRes.xml              the fonts, each with its FontFile in Doc_0/Res/
    Doc_0/Pages/Page_N/Content.xml   one layer of TextObjects and PathObjects

OFD measures in millimetres from the top left; the recording is in PDF points from the bottom
left. Every glyph gets its own X (DeltaX from the one before), rounded to 0.1 µm, so a reader
places it where the PDF does. Elements come in the schema's order (CT_Text: FillColor, then
TextCode; CT_Path: StrokeColor, then AbbreviatedData) and every ID is unique in the document.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from core.documents.gbt9704 import MM, PAGE_H
from core.documents.ofd.embedded_fonts import EmbeddedFont
from core.documents.ofd.recorder import RGB, Glyph, Page, Rule, TextRun
from core.errors import Invalid

NS = "http://www.ofdspec.org/2016"
A4 = "0 0 210 297"
DOC = "Doc_0"


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def num(value: float) -> str:
    """A length in mm as OFD writes it: at most four decimals, no trailing zeros, never "-0"."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def mm(points: float) -> float:
    return points / MM


def xml_bytes(root: ET.Element) -> bytes:
    ET.register_namespace("ofd", NS)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode("utf-8")


# XML 1.0 has no way to write these, escaped or not (§2.2 Char); the text checks refuse them at
# entry, and this is the last guard before a file no reader could open.
def _xml_char(char: str) -> bool:
    code = ord(char)
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000


@dataclass
class Ids:
    """GB/T 33190 §7.5: object IDs unique in the document; Document.xml records the largest."""

    last: int = 0

    def next(self) -> str:
        self.last += 1
        return str(self.last)


@dataclass
class Fonts:
    """Font resource IDs by reportlab font name, several names sharing one file's resource."""

    by_name: dict[str, str] = field(default_factory=dict)
    files: list[tuple[str, EmbeddedFont]] = field(default_factory=list)


def package(pages: list[Page], fonts: Fonts, ids: Ids, *, title: str, today: dt.date) -> bytes:
    contents = [content_xml(page, fonts, ids) for page in pages]
    page_ids = [ids.next() for _ in pages]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", ofd_xml(title, today))
        z.writestr(f"{DOC}/Document.xml", document_xml(page_ids, ids.last))
        z.writestr(f"{DOC}/PublicRes.xml", public_res_xml(fonts))
        for font_id, font in fonts.files:
            z.writestr(f"{DOC}/Res/{font_file(font_id)}", font.data)
        for n, content in enumerate(contents):
            z.writestr(f"{DOC}/Pages/Page_{n}/Content.xml", content)
    return out.getvalue()


def font_file(font_id: str) -> str:
    return f"font_{font_id}.ttf"


def ofd_xml(title: str, today: dt.date) -> bytes:
    root = ET.Element(q("OFD"), Version="1.0", DocType="OFD")
    body = ET.SubElement(root, q("DocBody"))
    info = ET.SubElement(body, q("DocInfo"))
    for tag, text in (("DocID", uuid.uuid4().hex), ("Title", title), ("CreationDate", today.isoformat()),
                      ("Creator", "会务 Huiwu")):
        ET.SubElement(info, q(tag)).text = text
    ET.SubElement(body, q("DocRoot")).text = f"{DOC}/Document.xml"
    return xml_bytes(root)


def document_xml(page_ids: list[str], max_id: int) -> bytes:
    root = ET.Element(q("Document"))
    common = ET.SubElement(root, q("CommonData"))
    ET.SubElement(common, q("MaxUnitID")).text = str(max_id)
    ET.SubElement(ET.SubElement(common, q("PageArea")), q("PhysicalBox")).text = A4
    ET.SubElement(common, q("PublicRes")).text = "PublicRes.xml"
    pages = ET.SubElement(root, q("Pages"))
    for n, page_id in enumerate(page_ids):
        ET.SubElement(pages, q("Page"), ID=page_id, BaseLoc=f"Pages/Page_{n}/Content.xml")
    return xml_bytes(root)


def public_res_xml(fonts: Fonts) -> bytes:
    root = ET.Element(q("Res"), BaseLoc="Res")
    holder = ET.SubElement(root, q("Fonts"))
    for font_id, font in fonts.files:
        element = ET.SubElement(holder, q("Font"), ID=font_id, FontName=font.family, FamilyName=font.family)
        ET.SubElement(element, q("FontFile")).text = font_file(font_id)
    return xml_bytes(root)


def content_xml(page: Page, fonts: Fonts, ids: Ids) -> bytes:
    root = ET.Element(q("Page"))
    ET.SubElement(ET.SubElement(root, q("Area")), q("PhysicalBox")).text = A4
    layer = ET.SubElement(ET.SubElement(root, q("Content")), q("Layer"), ID=ids.next(), Type="Body")
    for run in page.runs:
        _text_object(layer, run, fonts.by_name[run.font], ids)
    for rule in page.rules:
        _path_object(layer, rule, ids)
    return xml_bytes(root)


def _color(parent: ET.Element, tag: str, color: RGB) -> None:
    ET.SubElement(parent, q(tag), Value=" ".join(str(c) for c in color))


def _text_object(layer: ET.Element, run: TextRun, font_id: str, ids: Ids) -> None:
    """One TextObject per run: its Boundary a box around the glyphs one em wider on every side
    (a reader may clip to it), its CTM the run's squeeze, each glyph's origin exact."""
    size = mm(run.size)
    sx, sy = run.scale_x, run.scale_y
    first, last = run.glyphs[0], run.glyphs[-1]
    left = mm(first.x) - size
    top = mm(PAGE_H - run.y) - 2 * size * abs(sy)
    width = mm(last.x + last.advance) - mm(first.x) + 2 * size
    height = 3 * size * abs(sy)
    attrs = {"ID": ids.next(), "Boundary": " ".join(num(v) for v in (left, top, width, height)),
             "Font": font_id, "Size": num(size)}
    if (sx, sy) != (1.0, 1.0):
        attrs["CTM"] = f"{num(sx)} 0 0 {num(sy)} 0 0"
    if run.outline is not None:  # the outline's width is in the glyphs' space, as in the PDF
        attrs.update(LineWidth=num(mm(run.outline.width)), Stroke="true", Fill=str(run.outline.filled).lower())
    element = ET.SubElement(layer, q("TextObject"), attrs)
    _color(element, "FillColor", run.color)
    if run.outline is not None:
        _color(element, "StrokeColor", run.outline.color)
    for piece in _pieces(run):
        # Positions in the object's own space: the page position less the Boundary's corner, undone
        # by the CTM's squeeze.
        xs = [round((mm(g.x) - left) / sx, 4) for g in piece]
        code = ET.SubElement(element, q("TextCode"), X=num(xs[0]), Y=num((mm(PAGE_H - run.y) - top) / sy))
        if len(piece) > 1:
            code.set("DeltaX", " ".join(num(b - a) for a, b in zip(xs, xs[1:], strict=False)))
        code.text = "".join(g.char for g in piece)


def _pieces(run: TextRun) -> Iterator[list[Glyph]]:
    """The run's glyphs as TextCodes. XML cannot carry line breaks or tabs in text as written
    (a parser turns \\r into \\n): those draw nothing on the grid and are left out, the glyphs
    around them keep their places."""
    piece: list[Glyph] = []
    for glyph in run.glyphs:
        if not _xml_char(glyph.char):
            raise Invalid(f"文字中含有不能写入 OFD 的字符（U+{ord(glyph.char):04X}），请删去后再保存。")
        if glyph.char in "\t\n\r":
            if piece:
                yield piece
            piece = []
            continue
        piece.append(glyph)
    if piece:
        yield piece


def _path_object(layer: ET.Element, rule: Rule, ids: Ids) -> None:
    """A rule as a stroked path, its Boundary the line's box widened by the line's width."""
    width = mm(rule.width)
    x0, x1 = sorted((mm(rule.x0), mm(rule.x1)))
    y0, y1 = sorted((mm(PAGE_H - rule.y0), mm(PAGE_H - rule.y1)))
    left, top = x0 - width, y0 - width
    box = (left, top, x1 - x0 + 2 * width, y1 - y0 + 2 * width)
    element = ET.SubElement(layer, q("PathObject"), ID=ids.next(), Boundary=" ".join(num(v) for v in box),
                            LineWidth=num(width))
    _color(element, "StrokeColor", rule.color)
    points = [(mm(rule.x0) - left, mm(PAGE_H - rule.y0) - top), (mm(rule.x1) - left, mm(PAGE_H - rule.y1) - top)]
    ET.SubElement(element, q("AbbreviatedData")).text = \
        f"M {num(points[0][0])} {num(points[0][1])} L {num(points[1][0])} {num(points[1][1])}"
