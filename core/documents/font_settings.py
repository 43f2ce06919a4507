"""Which font file each role (仿宋, 黑体, 楷体, 宋体, 小标宋) uses, chosen in 设置 and kept in the
office file; and the report the secretary sees before printing: one sentence (font_report), and
role by role in 设置."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.documents import font_report, fonts
from core.documents.fonts import Face
from core.errors import Invalid
from core.office import Office

PREFIX = "font."


def chosen_files(office: Office) -> dict[Face, Path]:
    settings = office.settings.all()
    return {face: Path(settings[PREFIX + face.name]) for face in Face if settings.get(PREFIX + face.name)}


def apply(office: Office) -> None:
    """Make the office's chosen files the ones documents are printed with (at open and after a change)."""
    fonts.choose(chosen_files(office))


def set_file(office: Office, face: Face, path: Path | None) -> None:
    """Choose a TrueType file for a role (None: back to automatic), checked before it is kept."""
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise Invalid(f"找不到字体文件：{path}")
        _check_usable(face, path)
    office.settings.set(PREFIX + face.name, str(path) if path else "")
    apply(office)


def _check_usable(face: Face, path: Path) -> None:
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        font = TTFont(f"probe-{face.name}", str(path))
    except (TTFError, OSError) as exc:
        raise Invalid(f"该文件不能用作“{face.value}”：{exc}。请选择 TrueType（.ttf/.ttc）字体；"
                      "OpenType CFF 字体（如思源、Noto CJK 的 .otf）不能嵌入。") from exc
    missing = [ch for ch in "区政府常务会议纪要出席请假列席，。" if ord(ch) not in font.face.charToGlyph]
    if missing:
        raise Invalid(f"该字体缺少常用汉字或标点（{''.join(missing)}），不能用作“{face.value}”。")


@dataclass(frozen=True)
class Report:
    """The sentence the secretary reads, and the role-by-role table of 设置 → 打印字体."""

    sentence: str
    rows: tuple[tuple[Face, str, bool], ...]  # role, the font printing it, whether it stands in


def report() -> Report:
    chosen = fonts.resolution()
    rows = tuple((face, found.describe() if found else "找不到可用字体", found is None or not found.standard)
                 for face, found in chosen.items())
    return Report(font_report.sentence(chosen, fonts.unembeddable()), rows)


def summary() -> tuple[str, str]:
    """The one sentence, for the preview and the command line, and its details (files) on demand."""
    chosen = fonts.resolution()
    return font_report.sentence(chosen, fonts.unembeddable()), font_report.details(chosen)
