"""The signing sheet (纪要签发单, GBT9704.md §6): the fields a leader sees before signing, with the
signer box naming the correct signer (art. 45, acting under art. 5) and the consent line when the
mayor's consent is needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.documents.fonts import Face, require_glyphs
from core.documents.gbt9704 import MM, X0, X1, Y1, date_text, red
from core.documents.linebreak import break_lines, line_text, units
from core.documents.pdf_file import write_pdf
from core.model.enums import Classification
from core.services.minutes_types import MinutesDetail, SigningView

LABEL_W = 30 * MM
SIZE = 14.0
LEADING = 20.0


def render_signing_sheet(path: Path, m: MinutesDetail, view: SigningView, *, meeting_line: str) -> Path:
    signer = view.authority + (f"（{view.acting}受委托代为签发）" if view.acting else "")
    rows: list[tuple[str, str, float]] = [
        ("标　　题", (m.subject_title or m.mark) + (f"（第{m.edition}版，更正）" if m.edition > 1 else ""), 1),
        ("会　　议", meeting_line, 1),
        ("文　　号", m.serial_text or "印发时编号", 1),
        ("密级期限", m.classification.value + (f"★{m.secrecy_period}" if m.secrecy_period else ""), 1),
        ("紧急程度", m.urgency.value, 1),
        ("公开属性", m.publication.value + (f"（{m.publication_reason}）" if m.publication_reason else ""), 1),
        ("拟　　稿", m.drafter, 1),
        ("核　　稿", m.reviewer + (f"　{date_text(m.reviewed_on)}" if m.reviewed_on else ""), 1),
        ("签　　发", f"签发人：{signer}\n意见：\n\n签名：　　　　　　　　日期：　　年　　月　　日", 5),
    ]
    if view.consent_needed:
        rows.append(("区长同意", "本纪要涉及资金、人事、国有资产、重大投资、城市规划或重要国有自然资源等事项，"
                                 "须报区长同意后印发（依据《工作规则》第四十五条）。\n意见：\n\n签名：　　　　　　　　日期：　　年　　月　　日", 5))
    copies = f"{m.copies} 份" if m.copies else ""
    if m.copies and m.classification is not Classification.NONE:  # the copy register numbers exactly these
        copies += f"（份号 000001—{m.copies:06d}）"
    rows += [("主　　送", m.main_to, 1), ("抄　　送", m.copy_to, 1), ("印　　数", copies, 1)]

    def draw(c: Any) -> None:
        from core.documents.fonts import draw_string, register

        song, hei, biao = (register(f).reportlab_name for f in (Face.FANGSONG, Face.HEI, Face.BIAOSONG))
        c.setFillColor(red())
        require_glyphs(Face.BIAOSONG, m.office_name)
        title = f"{m.office_name}纪要签发单"
        from reportlab.pdfbase.pdfmetrics import stringWidth

        draw_string(c, Face.BIAOSONG, 22, (X0 + X1) / 2 - stringWidth(title, biao, 22) / 2, Y1 - 10 * MM, title, red())
        c.setFillColorRGB(0, 0, 0)
        y = Y1 - 20 * MM
        c.setLineWidth(0.71)
        for label, text, min_lines in rows:
            lines = _lines(text, song, X1 - X0 - LABEL_W - 8)
            height = max(min_lines, len(lines)) * LEADING + 10
            c.rect(X0, y - height, LABEL_W, height)
            c.rect(X0 + LABEL_W, y - height, X1 - X0 - LABEL_W, height)
            c.setFont(hei, SIZE)
            c.drawString(X0 + 6, y - 5 - SIZE, label)
            c.setFont(song, SIZE)
            for n, line in enumerate(lines):
                c.drawString(X0 + LABEL_W + 6, y - 5 - SIZE - n * LEADING, line)
            y -= height
        c.setFont(song, 10.5)
        for n, reason in enumerate(view.reasons):
            c.drawString(X0, y - 16 - n * 14, reason)
        c.showPage()

    return write_pdf(path, draw, title=f"{m.mark}签发单")


def _lines(text: str, font: str, room: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    require_glyphs(Face.FANGSONG, text)
    out: list[str] = []
    for para in text.split("\n"):
        items = units(para, lambda s: stringWidth(s, font, SIZE) / SIZE)
        out += [line_text(line) for line in break_lines(items, room / SIZE, room / SIZE)] if para else [""]
    return out
