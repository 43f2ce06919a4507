"""CJK fonts for PDF documents: the standard's faces where installed, open substitutes otherwise.

GB/T 9704 names generic faces (仿宋, 黑体, 楷体, 宋体, 小标宋). We look for the usual office
files first (simfang.ttf …, 方正 FZ*.TTF), then open TrueType fonts from the Linux packages
(GBT9704.md §5). Every substitution is reported so the user knows the print is not in the
standard face. reportlab embeds TrueType outlines as subsets; CFF fonts (Noto CJK) cannot be used.
"""

from __future__ import annotations

import enum
import hashlib
import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.errors import HuiwuError


class Face(enum.Enum):
    FANGSONG = "仿宋"
    HEI = "黑体"
    KAI = "楷体"
    SONG = "宋体"
    BIAOSONG = "小标宋"


# (file name, TTC index, is the standard face) in order of preference.
CANDIDATES: dict[Face, list[tuple[str, int, bool]]] = {
    Face.FANGSONG: [("simfang.ttf", 0, True), ("FZFSK.TTF", 0, True), ("FZFSJW.TTF", 0, True),
                    ("uming.ttc", 0, False), ("LXGWWenKai-Regular.ttf", 0, False)],
    Face.KAI: [("simkai.ttf", 0, True), ("FZKTK.TTF", 0, True), ("LXGWWenKai-Regular.ttf", 0, False),
               ("ukai.ttc", 0, False)],
    Face.HEI: [("simhei.ttf", 0, True), ("FZHTK.TTF", 0, True), ("wqy-zenhei.ttc", 0, False),
               ("wqy-microhei.ttc", 0, False)],
    Face.SONG: [("simsun.ttc", 0, True), ("FZSSK.TTF", 0, True), ("uming.ttc", 0, False)],
    Face.BIAOSONG: [("FZXBSK.TTF", 0, True), ("FZXBSJW.TTF", 0, True), ("wqy-zenhei.ttc", 0, False),
                    ("uming.ttc", 0, False)],
}


class FontUnavailable(HuiwuError):
    message = "找不到可用于“{face}”的中文字体。请安装仿宋、黑体、楷体、宋体等字体（Linux 可安装 fonts-arphic-uming、fonts-wqy-zenhei）。"

    def __init__(self, face: Face) -> None:
        super().__init__(type(self).message.format(face=face.value))


class MissingGlyph(HuiwuError):
    message = "字体“{font}”中没有以下字符，打印时会显示为方框：{chars}。请改用其他写法，或安装包含这些字符的字体。"

    def __init__(self, font: str, chars: str) -> None:
        super().__init__(type(self).message.format(font=font, chars=chars))
        self.chars = chars


@dataclass(frozen=True)
class ResolvedFont:
    face: Face
    path: Path
    index: int
    standard: bool

    @property
    def reportlab_name(self) -> str:
        # The file is part of the name: choosing another file for a role registers a new font.
        digest = hashlib.sha1(f"{self.path}:{self.index}".encode()).hexdigest()[:8]
        return f"huiwu-{self.face.name.lower()}-{digest}"

    def describe(self) -> str:
        text = f"{self.face.value}：{self.path.name}"
        return text if self.standard else text + "（替代字体）"


def font_dirs() -> list[Path]:
    dirs = [Path(p) for p in os.environ.get("HUIWU_FONT_DIRS", "").split(os.pathsep) if p]
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", "C:/Windows"))
        dirs += [windir / "Fonts", Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft/Windows/Fonts"]
    elif sys.platform == "darwin":
        dirs += [Path("/Library/Fonts"), Path.home() / "Library/Fonts"]
    else:
        dirs += [Path.home() / ".local/share/fonts", Path.home() / ".fonts",
                 Path("/usr/local/share/fonts"), Path("/usr/share/fonts")]
    return [d for d in dirs if d.is_dir()]


@cache
def _installed_files() -> dict[str, Path]:
    """Lower-cased file name -> first path found (font folders hold a few thousand files at most)."""
    found: dict[str, Path] = {}
    for base in font_dirs():
        for root, _dirs, files in os.walk(base):
            for name in files:
                found.setdefault(name.lower(), Path(root) / name)
    return found


# Font files the user chose per role in 设置 (see core/documents/font_settings.py).
_chosen: dict[Face, Path] = {}


def choose(files: dict[Face, Path]) -> None:
    """Use these files for these roles from now on (a chosen file counts as the standard face)."""
    _chosen.clear()
    _chosen.update({face: Path(path) for face, path in files.items()})
    register.cache_clear()


def resolve(face: Face) -> ResolvedFont:
    chosen = _chosen.get(face)
    if chosen is not None and chosen.is_file():
        return ResolvedFont(face, chosen, 0, True)
    files = _installed_files()
    for name, index, standard in CANDIDATES[face]:
        path = files.get(name.lower())
        if path is not None:
            return ResolvedFont(face, path, index, standard)
    raise FontUnavailable(face)


@cache
def register(face: Face) -> ResolvedFont:
    """Register the face with reportlab once per process and return what was chosen."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    chosen = resolve(face)
    pdfmetrics.registerFont(TTFont(chosen.reportlab_name, str(chosen.path), subfontIndex=chosen.index))
    return chosen


def ascent(face: Face) -> float:
    """The font's ascent as a fraction of the size: where the top of its glyph box lies above the
    baseline (what pdftotext -bbox and pdfplumber report as the top of a character)."""
    from reportlab.pdfbase import pdfmetrics

    return float(pdfmetrics.getFont(register(face).reportlab_name).face.ascent) / 1000


def missing_chars(face: Face, text: str) -> str:
    """Characters of `text` the registered font cannot draw (white space excluded)."""
    from reportlab.pdfbase import pdfmetrics

    font = pdfmetrics.getFont(register(face).reportlab_name)
    cmap = font.face.charToGlyph
    seen: dict[str, None] = {}
    for ch in text:
        if not ch.isspace() and ord(ch) not in cmap:
            seen.setdefault(ch)
    return "".join(seen)


def require_glyphs(face: Face, text: str) -> None:
    missing = missing_chars(face, text)
    if missing:
        raise MissingGlyph(register(face).describe(), missing)


def substitutions(faces: list[Face]) -> list[str]:
    """Human-readable notes for each face printed in a substitute font."""
    return [f"{f.value}未安装，已用 {register(f).path.name} 代替" for f in faces if not register(f).standard]
