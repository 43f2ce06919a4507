"""A canvas that records what the GB/T 9704 page draws, page by page, for the OFD writer.

It offers the part of reportlab's Canvas that core/documents/gbt9704.py and minutes_pdf.py call,
with reportlab's meaning: PDF points, origin at the bottom left, a transform changed by translate
and scale inside saveState/restoreState, and a fresh graphics state on each page. Any other call
raises AttributeError: a drawing call added to the minutes fails the OFD tests instead of silently
missing from the OFD.

Each glyph is recorded where reportlab puts it (its advance from the same font widths the PDF
uses), so the OFD can place every glyph exactly where the PDF does.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

RGB = tuple[int, int, int]
BLACK: RGB = (0, 0, 0)


def rgb(color: Any) -> RGB:
    """A reportlab colour as 0–255 RGB. CMYK colours come converted by reportlab itself
    (cmyk2rgb, the PostScript formula the PDF viewers use on screen): the 版头's CMYK red
    (0, .8, .8, 0) becomes 255 51 51, GB/T 9704 black (K 100%) 0 0 0."""
    red, green, blue = color.rgb()
    return round(red * 255), round(green * 255), round(blue * 255)


@dataclass(frozen=True)
class Glyph:
    char: str
    x: float        # the glyph's origin, page points from the left edge
    advance: float  # to the next glyph's origin, page points (after a horizontal squeeze)


@dataclass(frozen=True)
class TextRun:
    """Glyphs of one font, size, colour and squeeze on one baseline, left to right."""

    font: str        # reportlab's name of the font (core.documents.fonts.ResolvedFont.reportlab_name)
    size: float      # points
    y: float         # the baseline, page points from the bottom edge
    scale_x: float   # the 标志 is squeezed to the type area's width: glyphs narrowed, not smaller
    scale_y: float
    color: RGB
    glyphs: tuple[Glyph, ...]
    outline: Outline | None = None  # text render mode 1 or 2: 宋体 emboldened for 小标宋


@dataclass(frozen=True)
class Outline:
    """Glyph outlines stroked (reportlab's text render modes 1 and 2)."""

    width: float  # points
    color: RGB
    filled: bool  # mode 2 fills and strokes, mode 1 only strokes


@dataclass(frozen=True)
class Rule:
    """A straight line (the red rule, the 版记 rules), page points."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    color: RGB


@dataclass
class Page:
    runs: list[TextRun] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)


@dataclass(frozen=True)
class _State:
    # x' = a·x + e, y' = d·y + f: translate and scale are all the page drawing uses.
    a: float = 1.0
    d: float = 1.0
    e: float = 0.0
    f: float = 0.0
    fill: RGB = BLACK
    stroke: RGB = BLACK
    line_width: float = 1.0
    font: str = ""
    size: float = 12.0


class RecordingCanvas:
    """reportlab's Canvas as far as the pages use it, under reportlab's method names."""

    def __init__(self, initial_font: str, initial_size: float = 12.0) -> None:
        self._initial = _State(font=initial_font, size=initial_size)  # reportlab's initialFontName
        self._state = self._initial
        self._saved: list[_State] = []
        self._page = Page()
        self.pages: list[Page] = []

    # --- graphics state ----------------------------------------------------------------------

    def saveState(self) -> None:
        self._saved.append(self._state)

    def restoreState(self) -> None:
        self._state = self._saved.pop()

    def translate(self, dx: float, dy: float) -> None:
        s = self._state
        self._state = replace(s, e=s.e + s.a * dx, f=s.f + s.d * dy)

    def scale(self, x: float, y: float) -> None:
        s = self._state
        self._state = replace(s, a=s.a * x, d=s.d * y)

    def setFillColor(self, color: Any) -> None:
        self._state = replace(self._state, fill=rgb(color))

    def setFillColorRGB(self, r: float, g: float, b: float) -> None:
        self._state = replace(self._state, fill=(round(r * 255), round(g * 255), round(b * 255)))

    def setStrokeColor(self, color: Any) -> None:
        self._state = replace(self._state, stroke=rgb(color))

    def setLineWidth(self, width: float) -> None:
        self._state = replace(self._state, line_width=width)

    def setFont(self, name: str, size: float, leading: float | None = None) -> None:
        self._state = replace(self._state, font=name, size=size)

    # --- drawing ----------------------------------------------------------------------------

    def drawString(self, x: float, y: float, text: str, mode: int | None = None, charSpace: float = 0) -> None:
        from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

        s = self._state
        cmap = getFont(s.font).face.charToGlyph
        glyphs = []
        for char in text:
            width = stringWidth(char, s.font, s.size) + charSpace
            # White space the font has no glyph for draws nothing (reportlab's .notdef): it only moves on.
            if not (char.isspace() and ord(char) not in cmap):
                glyphs.append(Glyph(char, s.a * x + s.e, s.a * width))
            x += width
        if mode not in (None, 0, 1, 2):
            raise ValueError(f"text render mode {mode} is not recorded for the OFD")
        outline = Outline(s.line_width, s.stroke, mode == 2) if mode in (1, 2) else None
        if glyphs:
            self._add_run(TextRun(s.font, s.size, s.d * y + s.f, s.a, s.d, s.fill, tuple(glyphs), outline))

    def drawRightString(self, x: float, y: float, text: str) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self.drawString(x - stringWidth(text, self._state.font, self._state.size), y, text)

    def drawCentredString(self, x: float, y: float, text: str) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self.drawString(x - stringWidth(text, self._state.font, self._state.size) / 2, y, text)

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        s = self._state
        width = s.line_width * (abs(s.a * s.d) ** 0.5)
        self._page.rules.append(Rule(s.a * x1 + s.e, s.d * y1 + s.f, s.a * x2 + s.e, s.d * y2 + s.f, width, s.stroke))

    def showPage(self) -> None:
        """The page is done; the next starts with reportlab's fresh state (black, initial font)."""
        self.pages.append(self._page)
        self._page = Page()
        self._state = self._initial
        self._saved.clear()

    def save(self) -> None:
        """As reportlab's save: a page drawn on but not yet shown is the last page."""
        if self._page.runs or self._page.rules:
            self.showPage()

    def _add_run(self, run: TextRun) -> None:
        """A glyph drawn right after the last one, on its baseline in its font, size, colour and
        squeeze, continues its run: a body line becomes one run per font instead of one per glyph."""
        runs = self._page.runs
        last = runs[-1] if runs else None
        if last is not None and last.glyphs[-1].x < run.glyphs[0].x and \
                (last.font, last.size, last.y, last.scale_x, last.scale_y, last.color, last.outline) == \
                (run.font, run.size, run.y, run.scale_x, run.scale_y, run.color, run.outline):
            runs[-1] = replace(last, glyphs=last.glyphs + run.glyphs)
        else:
            runs.append(run)
