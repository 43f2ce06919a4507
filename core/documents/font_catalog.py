"""Which installed face prints each role (仿宋, 黑体, 楷体, 宋体, 小标宋), matched by the fonts' own
family names and by their usual file names, best first.

GB/T 9704 names generic faces; offices have them under several names. 仿宋 is `simfang.ttf`
(FangSong / 仿宋) on Windows, the older 仿宋_GB2312 (FangSong_GB2312) on many office machines, or
方正仿宋 (FZFangSong-Z02, FZFSK.TTF); likewise 楷体 (KaiTi, 楷体_GB2312, 方正楷体 FZKai-Z03), 黑体
(SimHei, 方正黑体 FZHei-B01), 宋体 (SimSun / NSimSun in simsun.ttc, 方正书宋 FZShuSong-Z01) and
方正小标宋 (FZXiaoBiaoSong-B05S, FZXBSJW.TTF; the _GBK edition FZXBSK.TTF — CTeX-org/ctex-kit issue
643). GBT9704.md §5 lists the Windows files and the open TrueType substitutes tested with reportlab.

What the platforms ship (looked up for issue 13; the sources are public repositories):
- Windows 10/11: simfang.ttf, simhei.ttf, simkai.ttf, simsun.ttc; no 小标宋. On Windows 11
  outside a Chinese locale only SimSun is core (GBT9704.md §5, S42/S43).
- 麒麟 V10 (UKUI desktop): the desktop's default font is "Noto Sans CJK SC"
  (ukui/qt5-ukui-platformtheme, libqt5-ukui-style/settings/org.ukui.style.gschema.xml,
  key system-font).
- 统信 UOS 20 (DDE desktop): the desktop draws with "Noto Sans CJK SC" (linuxdeepin/dde-session-shell,
  src/app/lightdm-deepin-greeter.cpp sets "Noto Sans CJK SC-Thin"; linuxdeepin/developer-center
  issue 3873 offers it as the standard font).
- Noto Sans/Serif CJK are OpenType fonts with CFF outlines: reportlab cannot embed them
  ("postscript outlines are not supported"), so on these systems they are recognised and named,
  never used. Which TrueType Chinese fonts a stock UOS 20 or Kylin V10 desktop carries besides them
  (文泉驿, 方正 fonts licensed with the system or with WPS) could not be confirmed from a public
  source; they are matched by name when present, and when none is, the message names the packages
  to install (fonts-arphic-uming, fonts-arphic-ukai, fonts-wqy-zenhei, in both systems' apt
  repositories as in Debian's).
- Debian (.ci/run): fonts-arphic-uming, fonts-arphic-ukai, fonts-wqy-zenhei, fonts-lxgw-wenkai.

When a role's own face is missing, the nearest style stands in (仿宋 → 宋 → 楷 → 黑), and the
masthead falls back from 小标宋 to 黑体, then to 宋体 drawn bold. As a last resort any TrueType face
that declares Chinese code pages prints: a document with a stand-in font, said so, is better than
no document.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from core.documents.font_files import FontFace


class Face(enum.Enum):
    FANGSONG = "仿宋"
    HEI = "黑体"
    KAI = "楷体"
    SONG = "宋体"
    BIAOSONG = "小标宋"


@dataclass(frozen=True)
class Known:
    """A font known by its family names (any language) and usual file names."""

    label: str
    families: tuple[str, ...]
    files: tuple[str, ...] = ()
    standard: bool = True

    def fits(self, face: FontFace) -> bool:
        if face.index == 0 and face.path.name.lower() in {f.lower() for f in self.files}:
            return True
        return bool({key(f) for f in face.families} & {key(f) for f in self.families})


def key(name: str) -> str:
    """Names compared without case, spaces, '_' or '-' (仿宋_GB2312 = 仿宋 GB2312 = 仿宋GB2312)."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in text if ch not in " _-")


# Per style, best first: the standard faces, then open substitutes (GBT9704.md §5).
KNOWN: dict[Face, tuple[Known, ...]] = {
    Face.FANGSONG: (
        Known("仿宋", ("仿宋", "FangSong"), ("simfang.ttf",)),
        Known("方正仿宋", ("方正仿宋_GBK", "FZFangSong-Z02", "方正仿宋简体", "FZFangSong-Z02S"), ("FZFSK.TTF", "FZFSJW.TTF")),
        Known("仿宋_GB2312", ("仿宋_GB2312", "FangSong_GB2312")),
        Known("朱雀仿宋", ("LXGW ZhuqueFangsong", "朱雀仿宋"), ("LXGWZhuqueFangsong-Regular.ttf",), False),
    ),
    Face.KAI: (
        Known("楷体", ("楷体", "KaiTi"), ("simkai.ttf",)),
        Known("方正楷体", ("方正楷体_GBK", "FZKai-Z03", "方正楷体简体", "FZKai-Z03S"), ("FZKTK.TTF", "FZKTJW.TTF")),
        Known("楷体_GB2312", ("楷体_GB2312", "KaiTi_GB2312")),
        Known("霞鹜文楷", ("LXGW WenKai", "霞鹜文楷"), ("LXGWWenKai-Regular.ttf",), False),
        Known("AR PL UKai", ("AR PL UKai CN",), ("ukai.ttc",), False),
        Known("AR PL KaitiM GB", ("AR PL KaitiM GB",), ("gkai00mp.ttf",), False),
    ),
    Face.HEI: (
        Known("黑体", ("黑体", "SimHei"), ("simhei.ttf",)),
        Known("方正黑体", ("方正黑体_GBK", "FZHei-B01", "方正黑体简体", "FZHei-B01S"), ("FZHTK.TTF", "FZHTJW.TTF")),
        Known("微软雅黑", ("Microsoft YaHei", "微软雅黑"), ("msyh.ttc",), False),
        Known("等线", ("DengXian", "等线"), ("Deng.ttf",), False),
        Known("文泉驿正黑", ("WenQuanYi Zen Hei", "文泉驿正黑"), ("wqy-zenhei.ttc",), False),
        Known("文泉驿微米黑", ("WenQuanYi Micro Hei", "文泉驿微米黑"), ("wqy-microhei.ttc",), False),
    ),
    Face.SONG: (
        Known("宋体", ("宋体", "SimSun"), ("simsun.ttc",)),
        Known("新宋体", ("新宋体", "NSimSun")),
        Known("方正书宋", ("方正书宋_GBK", "FZShuSong-Z01", "方正书宋简体", "FZShuSong-Z01S"), ("FZSSK.TTF", "FZSSJW.TTF")),
        Known("AR PL UMing", ("AR PL UMing CN",), ("uming.ttc",), False),
        Known("AR PL SungtiL GB", ("AR PL SungtiL GB",), ("gbsn00lp.ttf",), False),
    ),
    Face.BIAOSONG: (
        Known("方正小标宋", ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "FZXiaoBiaoSong-B05"),
              ("FZXBSJW.TTF", "FZXBSK.TTF")),
    ),
}

# The styles that stand in for a role, nearest first.
CHAIN: dict[Face, tuple[Face, ...]] = {
    Face.FANGSONG: (Face.FANGSONG, Face.SONG, Face.KAI, Face.HEI),
    Face.KAI: (Face.KAI, Face.FANGSONG, Face.SONG, Face.HEI),
    Face.SONG: (Face.SONG, Face.FANGSONG, Face.KAI, Face.HEI),
    Face.HEI: (Face.HEI, Face.SONG, Face.FANGSONG, Face.KAI),
    Face.BIAOSONG: (Face.BIAOSONG, Face.HEI, Face.SONG, Face.FANGSONG, Face.KAI),
}

# What to install on a Debian-family system (UOS, Kylin, Debian) when a role has no TrueType face.
PACKAGES: dict[Face, str] = {
    Face.FANGSONG: "fonts-arphic-uming",
    Face.SONG: "fonts-arphic-uming",
    Face.KAI: "fonts-lxgw-wenkai",
    Face.HEI: "fonts-wqy-zenhei",
    Face.BIAOSONG: "fonts-wqy-zenhei",
}


@dataclass(frozen=True)
class Match:
    face: FontFace
    label: str
    style: Face | None  # whose faces it came from; None: any Chinese face, the last resort
    standard: bool      # the standard face of the role asked for

    @property
    def bold(self) -> bool:
        """The masthead drawn in a 宋/仿宋/楷 face is emboldened, as offices do without 小标宋."""
        return self.style not in (Face.BIAOSONG, Face.HEI)


def matches(role: Face, faces: Iterable[FontFace]) -> Iterator[Match]:
    """Every usable face for `role`, best first (CFF faces never: reportlab cannot embed them)."""
    usable = [f for f in faces if not f.cff]
    for style in CHAIN[role]:
        for known in KNOWN[style]:
            for face in _regular_first(f for f in usable if known.fits(f)):
                yield Match(face, known.label, style, known.standard and style is role)
    for face in _regular_first(f for f in usable if f.chinese):
        yield Match(face, face.name, None, False)


def _regular_first(faces: Iterable[FontFace]) -> list[FontFace]:
    """Of one family's files the regular weight first (not LXGW WenKai Bold or Light)."""
    return sorted(faces, key=lambda f: abs(f.weight - 400))
