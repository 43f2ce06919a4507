"""Font folders that stand for what a machine has installed — stock Windows 10/11, an office
Windows with 方正小标宋 and the _GB2312 fonts, Windows 11 outside a Chinese locale, 统信 UOS 20,
麒麟 V10, Debian with the packages of .ci/run, and a system with CFF fonts only — built from the
free fonts installed here (fonts-arphic-uming/ukai, fonts-wqy-zenhei, fonts-lxgw-wenkai).

Each fixture font is a subset (the characters of the code, the tests and the seed text: every
document the tests render stays inside it) renamed in its `name` table to the family names the
platform's font carries, in English and Chinese, with a PostScript name of its own so a PDF shows
which file printed each run. CFF fonts (Noto CJK on UOS and Kylin) are rebuilt with PostScript
outlines, so the resolver meets the real thing and reportlab really refuses it.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parents[2]
SYSTEM = Path("/usr/share/fonts/truetype")
UMING, UKAI = SYSTEM / "arphic/uming.ttc", SYSTEM / "arphic/ukai.ttc"
ZENHEI, WENKAI = SYSTEM / "wqy/wqy-zenhei.ttc", SYSTEM / "lxgw-wenkai/LXGWWenKai-Regular.ttf"
WENKAI_BOLD = SYSTEM / "lxgw-wenkai/LXGWWenKai-Bold.ttf"


@dataclass(frozen=True)
class Spec:
    """One face: glyphs from `source`, named `english` / `chinese`, PostScript name `ps`."""

    source: Path
    english: str
    chinese: str = ""
    ps: str = ""
    cff: bool = False

    @property
    def postscript(self) -> str:
        return self.ps or self.english.replace(" ", "")


def S(source: Path, english: str, chinese: str = "", ps: str = "", cff: bool = False) -> Spec:
    return Spec(source, english, chinese, ps, cff)


NOTO_SANS = [S(ZENHEI, "Noto Sans CJK JP", cff=True), S(ZENHEI, "Noto Sans CJK SC", cff=True)]
NOTO_SERIF = [S(UMING, "Noto Serif CJK JP", cff=True), S(UMING, "Noto Serif CJK SC", cff=True)]

# Folder → font file → faces (a .ttc holds several, in order).
PLATFORMS: dict[str, dict[str, list[Spec]]] = {
    "windows": {
        "Windows/Fonts/simfang.ttf": [S(UMING, "FangSong", "仿宋")],
        "Windows/Fonts/simhei.ttf": [S(ZENHEI, "SimHei", "黑体")],
        "Windows/Fonts/simkai.ttf": [S(UKAI, "KaiTi", "楷体")],
        "Windows/Fonts/simsun.ttc": [S(UMING, "SimSun", "宋体"), S(UMING, "NSimSun", "新宋体")],
        "Windows/Fonts/msyh.ttc": [S(ZENHEI, "Microsoft YaHei", "微软雅黑")],
    },
    # An office machine: the _GB2312 fonts and 方正小标宋 copied in under the names they came with.
    "windows-office": {
        "Windows/Fonts/仿宋_GB2312.ttf": [S(UMING, "FangSong_GB2312", "仿宋_GB2312")],
        "Windows/Fonts/楷体_GB2312.ttf": [S(UKAI, "KaiTi_GB2312", "楷体_GB2312")],
        "Windows/Fonts/simhei.ttf": [S(ZENHEI, "SimHei", "黑体")],
        "Windows/Fonts/simsun.ttc": [S(UMING, "SimSun", "宋体"), S(UMING, "NSimSun", "新宋体")],
        "Windows/Fonts/方正小标宋简体.ttf": [S(ZENHEI, "FZXiaoBiaoSong-B05S", "方正小标宋简体")],
    },
    # Windows 11 outside a Chinese locale: only SimSun is core (GBT9704.md §5).
    "windows11-core": {
        "Windows/Fonts/simsun.ttc": [S(UMING, "SimSun", "宋体"), S(UMING, "NSimSun", "新宋体")],
    },
    "uos20": {
        "usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc": NOTO_SANS,
        "usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc": NOTO_SERIF,
        "usr/share/fonts/truetype/wqy/wqy-microhei.ttc": [S(ZENHEI, "WenQuanYi Micro Hei", "文泉驿微米黑")],
    },
    "kylin-v10": {
        "usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc": NOTO_SANS,
        "usr/share/fonts/truetype/founder/方正仿宋_GBK.ttf": [S(UMING, "FZFangSong-Z02", "方正仿宋_GBK")],
        "usr/share/fonts/truetype/founder/方正楷体_GBK.ttf": [S(UKAI, "FZKai-Z03", "方正楷体_GBK")],
        "usr/share/fonts/truetype/founder/方正黑体_GBK.ttf": [S(ZENHEI, "FZHei-B01", "方正黑体_GBK")],
        "usr/share/fonts/truetype/founder/方正书宋_GBK.ttf": [S(UMING, "FZShuSong-Z01", "方正书宋_GBK")],
    },
    "debian": {
        "usr/share/fonts/truetype/arphic/uming.ttc": [S(UMING, "AR PL UMing CN"), S(UMING, "AR PL UMing TW")],
        "usr/share/fonts/truetype/arphic/ukai.ttc": [S(UKAI, "AR PL UKai CN"), S(UKAI, "AR PL UKai TW")],
        "usr/share/fonts/truetype/wqy/wqy-zenhei.ttc": [S(ZENHEI, "WenQuanYi Zen Hei", "文泉驿正黑"),
                                                        S(ZENHEI, "WenQuanYi Zen Hei Mono", "文泉驿等宽正黑")],
        "usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Bold.ttf": [S(WENKAI_BOLD, "LXGW WenKai", "霞鹜文楷",
                                                                       ps="LXGWWenKai-Bold")],
        "usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf": [S(WENKAI, "LXGW WenKai", "霞鹜文楷")],
    },
    "noto-only": {
        "usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc": NOTO_SANS,
        "usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc": NOTO_SERIF,
    },
}


def characters() -> list[int]:
    """Every character of the code, the tests and the seed text: what the rendered documents hold."""
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for pattern in ("core/**/*.py", "tests/core/*.py", "resources/**/*.txt"):
        for path in ROOT.glob(pattern):
            chars |= set(path.read_text(encoding="utf-8"))
    return sorted(ord(c) for c in chars if not c.isspace() or c == " ")


class Builder:
    """Builds the platform folders under `root`, subsetting each source font once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._subsets: dict[tuple[Path, bool], bytes] = {}
        self._unicodes = characters()

    def folder(self, platform: str) -> Path:
        base = self.root / platform
        if not base.exists():  # built beside, then renamed: an interrupted build is never reused
            partial = self.root / f".{platform}.partial"
            shutil.rmtree(partial, ignore_errors=True)
            for relative, specs in PLATFORMS[platform].items():
                target = partial / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                self._write(target, specs)
            partial.rename(base)
        return base

    def _write(self, target: Path, specs: list[Spec]) -> None:
        faces = [self._face(spec) for spec in specs]
        if target.suffix.lower() == ".ttc":
            collection = TTCollection()
            collection.fonts = faces
            collection.save(str(target))
        else:
            faces[0].save(str(target))

    def _face(self, spec: Spec) -> TTFont:
        font = TTFont(io.BytesIO(self._subset(spec.source, spec.cff)))
        rename(font, spec)
        return font

    def _subset(self, source: Path, cff: bool = False) -> bytes:
        if cff and (source, True) not in self._subsets:
            out = io.BytesIO()
            to_cff(TTFont(io.BytesIO(self._subset(source)))).save(out)
            self._subsets[(source, True)] = out.getvalue()
        if (source, cff) not in self._subsets:
            font = TTFont(str(source), fontNumber=0)
            options = subset.Options()
            options.layout_features, options.hinting, options.notdef_outline = [], False, True
            options.name_IDs, options.name_languages = ["*"], ["*"]
            options.drop_tables += ["BDF", "FFTM", "EBDT", "EBLC", "EBSC"]
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=self._unicodes)
            subsetter.subset(font)
            out = io.BytesIO()
            font.save(out)
            self._subsets[(source, False)] = out.getvalue()
        return self._subsets[(source, cff)]


def rename(font: TTFont, spec: Spec) -> None:
    """The family, full and PostScript names of `spec`, in English (0x409) and Chinese (0x804)."""
    table = font["name"]
    table.names = [r for r in table.names if r.nameID not in (1, 3, 4, 6, 16, 17)]
    for name_id in (1, 4):
        table.setName(spec.english, name_id, 3, 1, 0x409)
        if spec.chinese:
            table.setName(spec.chinese, name_id, 3, 1, 0x804)
    table.setName(spec.postscript, 3, 3, 1, 0x409)
    table.setName(spec.postscript, 6, 3, 1, 0x409)


def to_cff(font: TTFont) -> TTFont:
    """The same glyphs with PostScript (CFF) outlines, as Noto CJK ships: an 'OTTO' font."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    strings = {}
    for name in order:
        pen = T2CharStringPen(glyphs[name].width, glyphs)
        glyphs[name].draw(pen)
        strings[name] = pen.getCharString()
    builder = FontBuilder(font["head"].unitsPerEm, isTTF=False)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap(font.getBestCmap())
    builder.setupCFF("CFFFixture", {"FullName": "CFF Fixture"}, strings, {})
    builder.setupHorizontalMetrics({name: font["hmtx"][name] for name in order})
    builder.setupHorizontalHeader(ascent=font["hhea"].ascent, descent=font["hhea"].descent)
    builder.setupNameTable({"familyName": "CFF Fixture", "styleName": "Regular"})
    builder.setupOS2(usWeightClass=400, ulCodePageRange1=font["OS/2"].ulCodePageRange1)
    builder.setupPost()
    return builder.font
