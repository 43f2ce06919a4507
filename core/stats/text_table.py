"""A report as plain text for the terminal (`huiwu stats`): each figure a titled table, text
left-aligned and numbers right-aligned, columns measured in terminal cells (a Chinese character
takes two)."""

from __future__ import annotations

import unicodedata

from core.stats.figure import TEXT, Figure, Report, cell_text

GAP = "  "


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, cells: int, right: bool) -> str:
    fill = " " * (cells - width(text))
    return fill + text if right else text + fill


def figure_lines(figure: Figure) -> list[str]:
    columns = figure.shown_columns
    body = [[cell_text(v, c.kind) for v, c in zip(row, columns, strict=True)] for row in figure.shown_rows()]
    widths = [max([width(c.header)] + [width(r[i]) for r in body]) for i, c in enumerate(columns)]
    right = [c.kind != TEXT for c in columns]

    def line(cells: list[str]) -> str:
        return GAP + GAP.join(_pad(t, w, rt) for t, w, rt in zip(cells, widths, right, strict=True)).rstrip()

    lines = [figure.title, line([c.header for c in columns])]
    lines += [line(r) for r in body] if body else [GAP + "（无）"]
    if figure.facts:
        lines.append(GAP + "；".join(f"{f.label} {cell_text(f.value, f.kind)}" for f in figure.facts))
    if figure.note:
        lines.append(GAP + "说明：" + figure.note)
    return lines


def report_text(report: Report) -> str:
    head = f"统计范围：{report.range.label}（截至 {report.as_of.isoformat()}）"
    blocks = [head] + ["\n".join(figure_lines(f)) for f in report.figures]
    return "\n\n".join(blocks) + "\n"
