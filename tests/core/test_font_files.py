"""Reading a font file's names without fontTools: the encodings older Chinese fonts use, the faces
of a collection, what the catalog makes of them, and files that are not fonts."""

from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection
from fontTools.ttLib.tables._n_a_m_e import NameRecord

from core.documents import font_catalog
from core.documents.font_catalog import Face
from core.documents.font_files import read_faces, scan


def tiny_font(english: str, weight: int = 400, records: tuple[tuple[int, int, int, bytes], ...] = ()):  # type: ignore[no-untyped-def]
    """A TrueType font of two empty glyphs named `english`, plus raw name records
    (platform, encoding, language, bytes) as old fonts write them."""
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "uni4EFF"])
    builder.setupCharacterMap({0x4EFF: "uni4EFF"})
    builder.setupGlyf({name: TTGlyphPen(None).glyph() for name in (".notdef", "uni4EFF")})
    builder.setupHorizontalMetrics({".notdef": (1000, 0), "uni4EFF": (1000, 0)})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": english, "styleName": "Regular"})
    builder.setupOS2(usWeightClass=weight, ulCodePageRange1=1 << 18)
    builder.setupPost()
    for platform, encoding, language, raw in records:
        record = NameRecord()
        record.nameID, record.platformID, record.platEncID, record.langID, record.string = 1, platform, encoding, language, raw
        builder.font["name"].names.append(record)
    return builder.font


def test_names_in_the_encodings_of_older_chinese_fonts(tmp_path: Path) -> None:
    # Windows PRC encoding, single bytes padded to 16 bits (as 仿宋_GB2312.ttf writes it) …
    padded = "仿宋".encode("gbk") + b"".join(b"\x00" + bytes([c]) for c in b"_GB2312")
    tiny_font("FangSong_GB2312", records=((3, 3, 0x804, padded),)).save(str(tmp_path / "fs.ttf"))
    # … and the Macintosh simplified-Chinese encoding (GB2312 bytes).
    tiny_font("KaiTi_GB2312", records=((1, 25, 33, "楷体_GB2312".encode("gbk")),)).save(str(tmp_path / "kt.ttf"))
    [fangsong] = read_faces(tmp_path / "fs.ttf")
    [kaiti] = read_faces(tmp_path / "kt.ttf")
    assert set(fangsong.families) == {"FangSong_GB2312", "仿宋_GB2312"} and fangsong.name == "仿宋_GB2312"
    assert set(kaiti.families) == {"KaiTi_GB2312", "楷体_GB2312"} and kaiti.name == "楷体_GB2312"
    assert fangsong.chinese and not fangsong.cff
    [match, *_] = font_catalog.matches(Face.FANGSONG, [fangsong, kaiti])
    assert (match.face, match.label, match.standard) == (fangsong, "仿宋_GB2312", True)


def test_each_face_of_a_collection_by_index(tmp_path: Path) -> None:
    collection = TTCollection()
    collection.fonts = [tiny_font("SimSun"), tiny_font("NSimSun")]
    collection.save(str(tmp_path / "any-name.ttc"))
    faces = read_faces(tmp_path / "any-name.ttc")
    assert [(f.index, f.families[0]) for f in faces] == [(0, "SimSun"), (1, "NSimSun")]
    song = [(m.label, m.face.index) for m in font_catalog.matches(Face.SONG, faces)]
    assert song[:2] == [("宋体", 0), ("新宋体", 1)]  # found by name, though the file is not simsun.ttc


def test_the_regular_weight_before_bold_and_light(tmp_path: Path) -> None:
    for name, weight in (("a-bold.ttf", 700), ("b-light.ttf", 300), ("c-regular.ttf", 400)):
        tiny_font("LXGW WenKai", weight).save(str(tmp_path / name))
    [first, *_] = font_catalog.matches(Face.KAI, scan([tmp_path]))
    assert first.face.path.name == "c-regular.ttf"


def test_files_that_are_not_fonts_are_left_out(tmp_path: Path) -> None:
    (tmp_path / "empty.ttf").write_bytes(b"")
    (tmp_path / "junk.ttc").write_bytes(b"ttcf\x00\x01\x00\x00\x00\x00\x00\x02")
    (tmp_path / "text.otf").write_text("not a font", encoding="utf-8")
    tiny_font("SimHei").save(str(tmp_path / "real.ttf"))
    assert [f.families[0] for f in scan([tmp_path])] == ["SimHei"]
