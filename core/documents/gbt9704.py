"""The GB/T 9704-2012 page: A4, 版心 156 × 225 mm at 37 mm / 28 mm, a 22-line × 28-character
grid (GBT9704.md §1.2), paragraphs broken by core.documents.linebreak and justified, page
numbers "— N —" (odd right, even left, §7.5).

Text is drawn glyph run by glyph run with canvas.drawString, never through reportlab's
Paragraph markup, so user text is shown literally (no tags, links or images; RELIABILITY.md
finding 9).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from core.documents.fonts import Face, draw_string, register, require_glyphs
from core.documents.linebreak import (
    FREE,
    Unit,
    break_lines,
    held,
    line_text,
    title_lines,
    units,
    without_orphan,
)

MM = 72 / 25.4
PAGE_W, PAGE_H = 595.2756, 841.8898
X0, X1, Y0, Y1 = 28 * MM, 28 * MM + 156 * MM, PAGE_H - 37 * MM - 225 * MM, PAGE_H - 37 * MM
ADVANCE = 156 * MM / 28   # 15.794 pt: 28 characters fill the line
PITCH = 225 * MM / 22     # 28.99 pt: 22 lines fill the page
LINES = 22
CELLS = 28
BODY = 16.0               # 3号
SMALL = 14.0              # 4号
TITLE = 22.0              # 2号
# Justification spreads a short line's spare room over the openings between units, up to an
# eighth of a character each (2 pt); a line shorter than that (a name, a word or a URL moved whole to
# the next line) stays as it is, flush left, rather than opening gaps a reader would notice.
MAX_GAP = 0.125           # cells
MIDDLE_DOTS = "·・‧"


def red() -> Any:
    from reportlab.lib.colors import CMYKColor

    return CMYKColor(0, 0.8, 0.8, 0)


def black() -> Any:
    from reportlab.lib.colors import CMYKColor

    return CMYKColor(0, 0, 0, 1)


@dataclass(frozen=True)
class Run:
    """Text in one face. `hold` keeps its characters together on a line (a name: linebreak.WORD);
    `join` is how its first character holds to the run before (linebreak.ENTRY: the 姓名 after its
    单位 in one list entry)."""

    text: str
    face: Face = Face.FANGSONG
    hold: int = FREE
    join: int = FREE


def run_units(runs: list[Run], width_in: Callable[[Face], Callable[[str], float]]) -> list[Unit]:
    """The line breaker's units of `runs`, each name held as its run says; `width_in(face)` measures
    text in grid cells."""
    out: list[Unit] = []
    for run in runs:
        pieces = units(run.text, width_in(run.face), run.face.name)
        out += held(pieces, run.hold, run.join) if run.hold or run.join else pieces
    return out


@dataclass
class GridPage:
    """Writes on the grid line by line; starts a new page when the 22 lines are used."""

    canvas: Any
    size: float = BODY
    line: int = 0
    page: int = 1
    numbered: bool = True
    faces_used: set[Face] = field(default_factory=set)
    _names: dict[Face, str] = field(default_factory=dict, repr=False)
    _faces: dict[str, Any] = field(default_factory=dict, repr=False)  # reportlab's TrueType faces, by style

    def font(self, face: Face) -> str:
        name = self._names.get(face)
        if name is None:
            self.faces_used.add(face)
            name = self._names[face] = register(face).reportlab_name
        return name

    def baseline(self, line: int | None = None, size: float | None = None) -> float:
        """Baseline of a grid line: the glyph box centred in the line's slot."""
        size = size or self.size
        slot_top = Y1 - (self.line if line is None else line) * PITCH
        return slot_top - (PITCH - size) / 2 - size * 0.88

    def ensure(self, lines: int = 1) -> None:
        if self.line + lines > LINES:
            self.new_page()

    def new_page(self) -> None:
        self._page_number()
        self.canvas.showPage()
        self.page += 1
        self.line = 0

    def finish(self) -> None:
        self._page_number()
        self.canvas.showPage()

    def blank(self, lines: int = 1) -> None:
        self.line += lines
        if self.line >= LINES:
            self.new_page()

    # --- text --------------------------------------------------------------------------------

    def _width(self, face: Face, size: float) -> Any:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        name = self.font(face)

        def width(text: str) -> float:
            if len(text) == 1 and not text.isascii():
                return 1.0 if size == self.size else stringWidth(text, name, size) / ADVANCE
            return stringWidth(text, name, size) / ADVANCE

        return width

    def line_units(self, runs: list[Run], size: float) -> list[Unit]:
        for run in runs:
            require_glyphs(run.face, run.text)
        return run_units(runs, lambda face: self._width(face, size))

    def paragraph(self, runs: list[Run] | str, *, indent: float = 2, hang: float = 0,
                  size: float | None = None, color: Any = None, no_orphan: bool = False) -> None:
        """A paragraph: first line indented `indent` cells, the rest `hang` cells (GB/T 9704
        body: 2 and 0; 出席 block: 2 and 5). Full lines are justified to the grid. `no_orphan`:
        the last line holds at least two characters (headings of tables)."""
        if isinstance(runs, str):
            runs = [Run(runs)]
        size = size or self.size
        items = self.line_units(runs, size)
        lines = break_lines(items, CELLS - indent, CELLS - hang)
        if no_orphan:
            lines = without_orphan(lines, CELLS - hang)
        for n, line in enumerate(lines):
            self.ensure()
            start = indent if n == 0 else hang
            last = n == len(lines) - 1
            self._draw_line(line, X0 + start * ADVANCE, (CELLS - start) * ADVANCE, size, justify=not last,
                            color=color)
            self.line += 1
        if self.line >= LINES:
            self.new_page()

    def title(self, text: str, face: Face = Face.BIAOSONG, size: float = TITLE) -> None:
        """A 2号小标宋 title centred line by line (§7.3.1), a long one in lines of even length
        (linebreak.title_lines), not one full line and a stub."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        require_glyphs(face, text)
        name = self.font(face)
        items = units(text, lambda s: stringWidth(s, name, size) / size)
        lines = title_lines(items, int((X1 - X0) // size))
        for line in lines:
            self.centered(line_text(line), face, size)

    def centered(self, text: str, face: Face, size: float, *, color: Any = None, lines: int = 1,
                 max_width: float = X1 - X0) -> None:
        """A centred line (titles); squeezed horizontally when wider than the type area."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        require_glyphs(face, text)
        self.ensure(lines)
        name = self.font(face)
        width = stringWidth(text, name, size)
        c = self.canvas
        c.saveState()
        c.setFillColor(color or black())
        y = self.baseline(size=size) - (lines - 1) * PITCH / 2
        scale = min(1.0, max_width / width) if width else 1.0
        c.translate((X0 + X1) / 2 - width * scale / 2, y)
        c.scale(scale, 1)
        draw_string(c, face, size, 0, 0, text, color or black())  # 小标宋's stand-in may be drawn bold
        c.restoreState()
        self.line += lines

    def left_right(self, left: str, right: str, face: Face = Face.FANGSONG, size: float | None = None,
                   inset: float = 1) -> None:
        """One line with text 1 字 from the left and other text 1 字 from the right (版记, headers)."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        size = size or self.size
        require_glyphs(face, left + right)
        self.ensure()
        name = self.font(face)
        y = self.baseline(size=size)
        c = self.canvas
        c.setFillColor(black())
        c.setFont(name, size)
        c.drawString(X0 + inset * size, y, left)
        c.drawString(X1 - inset * size - stringWidth(right, name, size), y, right)
        self.line += 1

    def rule(self, y: float, width_pt: float, color: Any = None) -> None:
        c = self.canvas
        c.saveState()
        c.setStrokeColor(color or black())
        c.setLineWidth(width_pt)
        c.line(X0, y, X1, y)
        c.restoreState()

    def _draw_line(self, line: list[Unit], x: float, room: float, size: float, *, justify: bool,
                   color: Any) -> None:
        while line and line[-1].text.isspace():
            line = line[:-1]  # a space at the break hangs past the line's end, unseen
        used = sum(u.width for u in line) * ADVANCE
        openings = sum(1 for u in line[1:] if u.stretch)
        gap = (room - used) / openings if justify and openings and room > used else 0.0
        if gap > MAX_GAP * ADVANCE:
            gap = 0.0
        y = self.baseline(size=size)
        c = self.canvas
        c.setFillColor(color or black())
        current = ""
        for style, start, text in self._strings(line, x, size, gap):
            name = self.font(Face[style])
            if name != current:
                c.setFont(name, size)
                current = name
            c.drawString(start, y, text)

    def _strings(self, line: list[Unit], x: float, size: float, gap: float) -> list[tuple[str, float, str]]:
        """The line as the strings that draw it: each unit at its place on the grid (plus `gap`
        before a unit that takes justification); units of one face that follow on at the font's
        own advance (a Latin word, a number, a URL) drawn as one string, so nothing can open
        inside them. Characters on the grid are drawn one by one: PDF character spacing (Tc)
        would draw them too, but pdfminer, and with it pdfplumber, misplaces the glyph after
        each font-subset switch inside one string."""
        out: list[list[Any]] = []  # style, start, text, where the font's advance of the text ends
        for n, unit in enumerate(line):
            if n and unit.stretch:
                x += gap
            last = out[-1] if out else None
            advance = self._advance(unit, size)
            # The 间隔号 of a name (阿卜杜热合曼·买买提) sits in the middle of its cell (GB/T 15834);
            # fonts give it a narrow Latin advance, which would leave the gap after it.
            start = x + (ADVANCE * unit.width - advance) / 2 if unit.text in MIDDLE_DOTS else x
            if last is not None and last[0] == unit.style and abs(start - last[3]) < 1e-6:
                last[2] += unit.text
                last[3] += advance
            else:
                out.append([unit.style, start, unit.text, start + advance])
            x += unit.width * ADVANCE
        return [(style, start, text) for style, start, text, _end in out]

    def _advance(self, unit: Unit, size: float) -> float:
        """The font's own advance of the unit's glyphs: what a string drawn with no spacing moves on."""
        face = self._faces.get(unit.style)
        if face is None:
            from reportlab.pdfbase import pdfmetrics

            face = self._faces[unit.style] = pdfmetrics.getFont(self.font(Face[unit.style])).face
        return sum(face.charWidths.get(ord(ch), face.defaultWidth) for ch in unit.text) * size / 1000

    def _page_number(self) -> None:
        if not self.numbered:
            return
        from reportlab.pdfbase.pdfmetrics import stringWidth

        text = f"— {self.page} —"
        name = self.font(Face.SONG)
        c = self.canvas
        c.setFillColor(black())
        c.setFont(name, SMALL)
        # The 一字线's ink, not the font's box, starts 7 mm below the type area (§7.5).
        y = Y0 - 7 * MM - SMALL * ink_top(Face.SONG, "—")
        if self.page % 2:
            c.drawString(X1 - SMALL - stringWidth(text, name, SMALL), y, text)
        else:
            c.drawString(X0 + SMALL, y, text)


@cache
def _ink_top(font_path: str, index: int, char: str) -> float:
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    with TTFont(font_path, fontNumber=index, lazy=True) as font:
        glyphs = font.getGlyphSet()
        pen = BoundsPen(glyphs)
        glyphs[font.getBestCmap()[ord(char)]].draw(pen)
        units_per_em = font["head"].unitsPerEm
    return (pen.bounds[3] if pen.bounds else 0.0) / units_per_em


def ink_top(face: Face, char: str) -> float:
    """How far the top of `char`'s drawn outline lies above the baseline, as a fraction of the size
    (the glyph's own bounds, not the font's ascent: a dash's ink sits far below the box top)."""
    found = register(face)
    return _ink_top(str(found.path), found.index, char)


def date_text(day: Any) -> str:
    """2026年7月9日: Arabic numerals, full year, no zero padding (§7.3.5.4)."""
    return f"{day.year}年{day.month}月{day.day}日"


WEEKDAYS = "一二三四五六日"


def weekday_text(day: Any) -> str:
    return f"星期{WEEKDAYS[day.weekday()]}"
