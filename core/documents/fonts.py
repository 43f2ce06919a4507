"""CJK fonts for PDF documents: for each role (仿宋, 黑体, 楷体, 宋体, 小标宋) the best face installed,
found by the fonts' family names as well as their file names (core/documents/font_catalog.py says
which names and what each platform ships), registered with reportlab the first time a document
needs it. Nothing here runs at start-up: the font folders are scanned once per process, when the
first document is rendered.

reportlab embeds TrueType outlines as subsets; CFF fonts (Noto CJK, the .otf of 思源) cannot be
embedded and are only named, in the message that says what to install. Every stand-in is reported
(core/documents/font_report.py) so the user knows the print is not in the standard face.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from core.documents import font_catalog
from core.documents.font_catalog import PACKAGES, Face
from core.documents.font_files import FontFace, read_faces, scan
from core.errors import HuiwuError

__all__ = ["Face", "FontUnavailable", "MissingGlyph", "ResolvedFont", "register", "resolve"]

BOLD_STROKE = 0.03  # the masthead's outline, in ems, when 宋体 stands in for 小标宋


class FontUnavailable(HuiwuError):
    message = "找不到可用于“{face}”的中文字体。"

    def __init__(self, face: Face, advice: str = "") -> None:
        super().__init__(type(self).message.format(face=face.value) + advice)
        self.face = face


class MissingGlyph(HuiwuError):
    message = "字体“{font}”中没有以下字符，打印时会显示为方框：{chars}。请改用其他写法，或安装包含这些字符的字体。"

    def __init__(self, font: str, chars: str) -> None:
        super().__init__(type(self).message.format(font=font, chars=chars))
        self.chars = chars


@dataclass(frozen=True)
class ResolvedFont:
    face: Face          # the role printed
    path: Path
    index: int
    standard: bool      # the role's standard face (or a file chosen in 设置)
    label: str = ""     # how a reader knows it: 黑体, 方正仿宋, AR PL UMing
    bold: bool = False  # drawn emboldened: 宋体 standing in for 小标宋

    @property
    def reportlab_name(self) -> str:
        # The file is part of the name: choosing another file for a role registers a new font.
        digest = hashlib.sha1(f"{self.path}:{self.index}".encode()).hexdigest()[:8]
        return f"huiwu-{self.face.name.lower()}-{digest}"

    @property
    def name(self) -> str:
        """黑体, AR PL UMing: the font as the reader knows it."""
        return self.label or self.path.stem

    def describe(self) -> str:
        """黑体（simhei.ttf）: the name and its file, for the details."""
        return f"{self.name}（{self.path.name}）"


# --- where fonts are looked for ------------------------------------------------------------------

_only: list[Path] | None = None  # set by use_folders()


def use_folders(folders: list[Path] | None) -> None:
    """Print only with the fonts in `folders` (None: the system's again) — for a machine's font set
    simulated in tests, or the environment variable HUIWU_FONTS_ONLY for a subprocess."""
    global _only
    _only = None if folders is None else [Path(f) for f in folders]
    forget()


def font_dirs() -> list[Path]:
    only = _only if _only is not None else _env_dirs("HUIWU_FONTS_ONLY")
    if only:
        return [d for d in only if d.is_dir()]
    dirs = _env_dirs("HUIWU_FONT_DIRS")
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", "C:/Windows"))
        dirs += [windir / "Fonts", Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft/Windows/Fonts"]
    elif sys.platform == "darwin":
        dirs += [Path("/Library/Fonts"), Path.home() / "Library/Fonts"]
    else:
        dirs += [Path.home() / ".local/share/fonts", Path.home() / ".fonts",
                 Path("/usr/local/share/fonts"), Path("/usr/share/fonts")]
    return [d for d in dirs if d.is_dir()]


def _env_dirs(name: str) -> list[Path]:
    return [Path(p) for p in os.environ.get(name, "").split(os.pathsep) if p]


@cache
def installed() -> tuple[FontFace, ...]:
    """Every face in the font folders, read once per process (font_files reads names, not glyphs)."""
    return scan(font_dirs())


def unembeddable() -> list[str]:
    """The Chinese CFF fonts installed (Noto Sans CJK SC …), one name a file, its simplified-Chinese
    face's when it has one: present, but reportlab cannot embed them."""
    by_file: dict[Path, list[FontFace]] = {}
    for f in installed():
        if f.cff and f.chinese:
            by_file.setdefault(f.path, []).append(f)
    return [min(faces, key=lambda f: (" SC" not in f.name, f.index)).name for faces in by_file.values()]


# --- which face prints a role ----------------------------------------------------------------------

# Font files the user chose per role in 设置 (see core/documents/font_settings.py).
_chosen: dict[Face, Path] = {}


def choose(files: dict[Face, Path]) -> None:
    """Use these files for these roles from now on (a chosen file counts as the standard face)."""
    _chosen.clear()
    _chosen.update({face: Path(path) for face, path in files.items()})
    register.cache_clear()


def forget() -> None:
    """Scan the folders again at the next document (after fonts were installed, or in tests)."""
    installed.cache_clear()
    register.cache_clear()


def candidates(face: Face) -> Iterator[ResolvedFont]:
    """The faces that could print `face`, best first: the file chosen in 设置, then the catalog's."""
    chosen = _chosen.get(face)
    if chosen is not None and chosen.is_file():
        found = read_faces(chosen)
        label = found[0].name if found else chosen.stem
        yield ResolvedFont(face, chosen, 0, True, label, bold=False)
    for match in font_catalog.matches(face, installed()):
        yield ResolvedFont(face, match.face.path, match.face.index, match.standard, match.label,
                           bold=face is Face.BIAOSONG and match.bold)


def resolve(face: Face) -> ResolvedFont:
    """The best face for the role (not yet checked by reportlab: register() does that)."""
    for found in candidates(face):
        return found
    raise unavailable(face)


def unavailable(face: Face) -> FontUnavailable:
    """Nothing can print the role: say what is there but unusable, and what would do on this system."""
    cff = unembeddable()
    there = (f"本机的 {'、'.join(cff[:3])} 是 OpenType（CFF）字体，PDF 无法嵌入；") if cff else ""
    if sys.platform == "win32":
        todo = f"请在 Windows 的“设置 → 个性化 → 字体”中安装{face.value}等中文字体（Windows 11 为可选功能“简体中文补充字体”）"
    else:
        todo = (f"请安装 TrueType 中文字体，例如在统信 UOS、麒麟或 Debian 上执行：sudo apt install {PACKAGES[face]}"
                "（或 fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei 一并安装）")
    return FontUnavailable(face, there + todo + "；也可在“设置 → 打印字体”中为它选择本机的 .ttf/.ttc 字体文件。")


@cache
def register(face: Face) -> ResolvedFont:
    """Register the role's face with reportlab once per process and return what was chosen. A face
    reportlab refuses (a font that forbids embedding, a damaged file) gives way to the next."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    for found in candidates(face):
        try:
            pdfmetrics.registerFont(TTFont(found.reportlab_name, str(found.path), subfontIndex=found.index))
        except (TTFError, OSError):
            continue
        return found
    raise unavailable(face)


def resolution() -> dict[Face, ResolvedFont | None]:
    """What prints each role on this machine (None: nothing can)."""
    out: dict[Face, ResolvedFont | None] = {}
    for face in Face:
        try:
            out[face] = register(face)
        except FontUnavailable:
            out[face] = None
    return out


# --- using the registered face ---------------------------------------------------------------------

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


def draw_string(canvas: Any, face: Face, size: float, x: float, y: float, text: str, color: Any = None) -> None:
    """Text in the role's face; emboldened with an outline in its own colour when 宋体 stands in
    for 小标宋 (reportlab has no synthetic bold; PDF text render mode 2 fills and strokes)."""
    resolved = register(face)
    canvas.setFont(resolved.reportlab_name, size)
    if color is not None:
        canvas.setFillColor(color)
    if not resolved.bold:
        canvas.drawString(x, y, text)
        return
    canvas.saveState()
    if color is not None:
        canvas.setStrokeColor(color)
    canvas.setLineWidth(size * BOLD_STROKE)
    canvas.drawString(x, y, text, mode=2)
    canvas.restoreState()
