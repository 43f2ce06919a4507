"""The faces the minutes DOCX names, and their entries in its font table (word/fontTable.xml).

A run names a face only by its Chinese name ("仿宋"). Where that name is not installed, Word and WPS
look in the font table: w:altName lists other names of the same face (ECMA-376 §17.8.3.1: "alternative
names which can be used to locate the font") — the _GB2312 editions offices still install, the
English family names of the Windows files — and w:charset 86 (GB2312), w:panose1 and w:sig describe
it so that a substitute is at least a Chinese face of the same kind. The values are those Word writes
for the Windows faces (simfang, simhei, simkai, simsun) and for Founder's 小标宋.

The names are kept here, not taken from core.documents.fonts, which finds font files on this
machine: the DOCX is opened on another machine, and must name the faces that machine has.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.documents.docx_xml import attrs, qn

# Signatures (w:sig: usb0 usb1 usb2 usb3 csb0 csb1) as Word writes them.
_WINDOWS_CJK = ("800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000")
_GB2312_ONLY = ("00000001", "080E0000", "00000000", "00000000", "00040000", "00000000")


@dataclass(frozen=True)
class DocxFace:
    name: str                      # what runs name (w:rFonts)
    alternates: tuple[str, ...]    # w:altName, comma-separated
    panose: str
    family: str
    pitch: str
    sig: tuple[str, str, str, str, str, str]


FANGSONG = DocxFace("仿宋", ("仿宋_GB2312", "FangSong", "FangSong_GB2312"), "02010609060101010101", "modern",
                    "fixed", _WINDOWS_CJK)
HEI = DocxFace("黑体", ("SimHei",), "02010609060101010101", "modern", "fixed", _WINDOWS_CJK)
KAI = DocxFace("楷体", ("楷体_GB2312", "KaiTi", "KaiTi_GB2312"), "02010609060101010101", "modern", "fixed",
               _WINDOWS_CJK)
SONG = DocxFace("宋体", ("SimSun",), "02010600030101010101", "auto", "variable",
                ("00000003", "288F0000", "00000016", "00000000", "00040001", "00000000"))
BIAOSONG = DocxFace("方正小标宋简体", ("方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05"),
                    "02010601030101010101", "auto", "variable", _GB2312_ONLY)
FACES = (FANGSONG, HEI, KAI, SONG, BIAOSONG)

_FONT_ORDER = ("altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig")


def declare(font_table: Any) -> None:
    """Put FACES into the w:fonts element `font_table`, replacing any entry of the same name."""
    from docx.oxml import OxmlElement

    for face in FACES:
        for old in font_table.findall(qn("w:font")):
            if old.get(qn("w:name")) == face.name:
                font_table.remove(old)
        font = attrs(OxmlElement("w:font"), name=face.name)
        values = {"altName": {"val": ",".join(face.alternates)}, "panose1": {"val": face.panose},
                  "charset": {"val": "86"}, "family": {"val": face.family}, "pitch": {"val": face.pitch},
                  "sig": dict(zip(("usb0", "usb1", "usb2", "usb3", "csb0", "csb1"), face.sig, strict=True))}
        for tag in _FONT_ORDER:
            if tag in values:
                font.append(attrs(OxmlElement(f"w:{tag}"), **values[tag]))
        font_table.append(font)
