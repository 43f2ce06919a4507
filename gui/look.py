"""Fonts and the window icon: CJK must render on every machine the office has."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QIcon

# Windows, macOS, then the open fonts Debian/UOS/Kylin ship (fonts-wqy-zenhei, fonts-noto-cjk, AR PL).
UI_FONTS = (
    "Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "LXGW WenKai", "AR PL UMing CN", "SimSun",
)
MONO_FONTS = ("Consolas", "Menlo", "DejaVu Sans Mono", "Liberation Mono", "Noto Sans Mono",
              "WenQuanYi Zen Hei Mono", "LXGW WenKai Mono")


def _available(candidates: tuple[str, ...]) -> list[str]:
    known = set(QFontDatabase.families())
    return [name for name in candidates if name in known]


def ui_font(point_size: float = 10.5) -> QFont:
    font = QFont()
    # Qt skips the families this machine lacks; the rest are fallbacks for glyphs the first lacks.
    # (Not filtered through QFontDatabase.families(): listing every font costs the start-up.)
    font.setFamilies(list(UI_FONTS))
    font.setPointSizeF(point_size)
    return font


def mono_font(point_size: float = 16) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    families = _available(MONO_FONTS) + _available(UI_FONTS)
    if families:
        font.setFamilies(families)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF(point_size)
    return font


def app_icon() -> QIcon:
    """Drawn, not loaded: a red seal-like square with 会 (no resource file to lose)."""
    # Imported here: ui_font() is needed before the first window, the icon only after it.
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QPainter, QPainterPath, QPixmap

    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), size * 0.18, size * 0.18)
        painter.fillPath(path, QColor("#b71c1c"))
        font = ui_font()
        font.setPixelSize(int(size * 0.68))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(QRectF(0, 0, size, size * 0.98), Qt.AlignmentFlag.AlignCenter, "会")
        painter.end()
        icon.addPixmap(pixmap)
    return icon
