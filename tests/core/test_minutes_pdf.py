"""The minutes PDF measured against GBT9704.md §7 (the implementation checklist), with pdfplumber:
page size, type area, the 标志's position and colour, 28 characters a full line and 22 lines a
page, the 出席 label and its hanging names, the 版记 rules, page numbers, 份号 and 密级, and
避头尾 on long real text (the work rules)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest

from core.documents.gbt9704 import ADVANCE, MM, PAGE_H, X0, X1, Y0, Y1
from core.documents.linebreak import NO_END, NO_START
from core.documents.minutes_pdf import render_minutes
from core.model.enums import Classification, MeetingKind, MinutesStatus, Publication, Urgency
from core.services.minutes_types import MinutesContent, MinutesDetail, Section

RULES_TEXT = Path(__file__).resolve().parents[2] / "resources" / "seed" / "work-rules.txt"
TOL = 1.0  # pt


def articles() -> list[str]:
    if not RULES_TEXT.exists():
        pytest.fail(f"缺少《工作规则》原文：{RULES_TEXT}")
    text = RULES_TEXT.read_text(encoding="utf-8")
    return [p.strip() for p in text.splitlines() if re.match(r"^[一二三四五六七八九十]+、", p.strip())][:40]


def detail(**changes) -> MinutesDetail:
    paras = articles()
    sections = tuple(Section(f"关于第{i + 1}组条款的事项", "\n".join(paras[i * 4:(i + 1) * 4]))
                     for i in range(6))
    content = MinutesContent(
        opening="2026年6月25日上午，区长甲区长在区政府第一会议室主持召开区政府第12次常务会议。现将会议议定事项纪要如下：",
        sections=sections,
        present=("甲区长", "乙常务", "丙副区长", "丁副区长", "戊党组成员", "己党组成员", "庚主任", "辛局长",
                 "壬局长", "癸局长", "子局长", "丑局长", "寅局长"),
        on_leave=("卯副区长（赴市里开会）",), observers=("区财政局主要负责人", "区交通局主要负责人"))
    base = MinutesDetail(
        id=1, meeting_id=1, meeting_name="区政府第12次常务会议", kind=MeetingKind.EXECUTIVE, edition=1,
        corrects_id=None, status=MinutesStatus.ISSUED, mark="澄溪区人民政府常务会议纪要", version=1, content=content,
        drafter="秘书", reviewer="副主任", reviewed_on=dt.date(2026, 6, 26), signer="甲区长", signer_label="甲区长",
        signed_on=dt.date(2026, 6, 27), sign_opinion="同意", consent_by="", consent_on=None, serial_text="〔2026〕12号",
        classification=Classification.NONE, secrecy_period="", urgency=Urgency.NONE, publication=Publication.PUBLIC,
        publication_reason="", main_to="", copy_to="区委办公室，区人大常委会办公室，区政协办公室。", copies=40,
        issued_on=dt.date(2026, 6, 28), office_name="澄溪区人民政府办公室")
    return dataclasses.replace(base, **changes)


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory) -> Path:
    return render_minutes(tmp_path_factory.mktemp("m") / "minutes.pdf", detail())


@pytest.fixture(scope="module")
def pdf(pdf_path: Path) -> pdfplumber.PDF:
    return pdfplumber.open(pdf_path)


def ink_below_type_area(path: Path, page_number: int, x0: float, x1: float, dpi: int = 1200) -> float:
    """mm from the bottom edge of the type area down to the first dark pixel between x0 and x1 on
    the page as poppler renders it: the ink itself, whatever the font says its box is."""
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm 未安装（poppler-utils）；CI 的 .ci/run 会安装它")
    scale = dpi / 72
    left, top = round(x0 * scale) + 2, round((PAGE_H - Y0) * scale)
    width, height = round((x1 - x0) * scale) - 4, round(20 * MM * scale)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page_number), "-l", str(page_number), "-gray",
                        "-x", str(left), "-y", str(top), "-W", str(width), "-H", str(height), str(path),
                        f"{tmp}/p"], check=True)
        data = next(Path(tmp).glob("p*.pgm")).read_bytes()
    _magic, w, h, _depth, pixels = data.split(maxsplit=4)
    w_, h_ = int(w), int(h)
    row = next(r for r in range(h_) if min(pixels[r * w_:(r + 1) * w_]) < 128)
    return row / scale / MM


def body_lines(page) -> dict[float, list[dict]]:
    """Characters of 16 pt text grouped by baseline (from the text matrix), top to bottom."""
    lines: dict[float, list[dict]] = defaultdict(list)
    for ch in page.chars:
        if abs(ch["size"] - 16) < 0.1 and ch["text"].strip():
            lines[round(page.height - ch["matrix"][5], 0)].append(ch)
    return {k: sorted(v, key=lambda c: c["x0"]) for k, v in sorted(lines.items())}


def test_page_size_and_type_area(pdf) -> None:
    for page in pdf.pages:
        assert (round(page.width, 2), round(page.height, 2)) == (595.28, 841.89)
        for ch in page.chars:
            if re.fullmatch(r"[—\d ]", ch["text"]) and ch["top"] > PAGE_H - Y0:
                continue  # the page number lies below the type area by design
            assert X0 - TOL <= ch["x0"] <= ch["x1"] <= X1 + TOL, ch["text"]
            assert PAGE_H - Y1 - TOL <= ch["top"] <= ch["bottom"] <= PAGE_H - Y0 + TOL, ch["text"]


def test_mark_is_red_and_35mm_below_the_type_area(pdf) -> None:
    mark = [c for c in pdf.pages[0].chars if c["size"] > 30]
    assert "".join(c["text"] for c in mark) == "澄溪区人民政府常务会议纪要"
    top = min(c["top"] for c in mark)
    assert abs(top - (PAGE_H - Y1 + 35 * MM)) <= 1 * MM, top
    assert all(tuple(round(v, 2) for v in c["non_stroking_color"]) == (0, 0.8, 0.8, 0) for c in mark)


def test_full_lines_hold_28_characters_and_pages_22_lines(pdf) -> None:
    assert len(body_lines(pdf.pages[1])) == 22  # a page of body text only
    checked = 0
    for page in pdf.pages[1:-1]:
        lines = list(body_lines(page).values())
        pitches = [b[0]["matrix"][5] - a[0]["matrix"][5] for a, b in zip(lines[1:], lines[:-1], strict=True)]
        assert max(pitches) - min(pitches) <= 0.5
        for chars, following in zip(lines[:-1], lines[1:], strict=True):
            full = chars[0]["x0"] < X0 + 1 and chars[-1]["x1"] > X1 - ADVANCE / 2
            if not full or any(c["text"].isascii() for c in chars):
                continue
            checked += 1
            if len(chars) == 27:
                # One character pushed down so that no line starts with closing punctuation or
                # ends with an opening one (GBT9704.md §4): the next line shows why.
                nxt = "".join(c["text"] for c in following[:2])
                assert nxt[1] in NO_START or nxt[0] in NO_END, "".join(c["text"] for c in chars)
            else:
                assert len(chars) == 28, "".join(c["text"] for c in chars)
    assert checked >= 20


def test_no_forbidden_punctuation_at_line_edges(pdf) -> None:
    for page in pdf.pages:
        for chars in body_lines(page).values():
            assert chars[0]["text"] not in NO_START, "".join(c["text"] for c in chars)
            assert chars[-1]["text"] not in NO_END, "".join(c["text"] for c in chars)


def test_attendance_labels_and_hanging_names(pdf) -> None:
    last = pdf.pages[-1]
    lines = list(body_lines(last).values())
    label_line = next(chars for chars in lines if "".join(c["text"] for c in chars[:3]) == "出席：")
    assert abs(label_line[0]["x0"] - (X0 + 2 * ADVANCE)) <= TOL
    assert "Hei" in label_line[0]["fontname"] or "hei" in label_line[0]["fontname"].lower()
    after = lines[lines.index(label_line) + 1]
    assert abs(after[0]["x0"] - (X0 + 5 * ADVANCE)) <= TOL  # names continue after the colon


def test_colophon_rules_on_the_last_page(pdf) -> None:
    last = pdf.pages[-1]
    rules = sorted((e for e in last.edges if e["orientation"] == "h"), key=lambda e: e["top"])
    bottom = rules[-1]
    assert abs(bottom["top"] - (PAGE_H - Y0)) <= 0.5
    assert abs(bottom["width"] - (X1 - X0)) <= 0.5
    widths = sorted({round(e["linewidth"], 2) for e in rules})
    assert widths == [0.71, 0.99]
    text = last.extract_text()
    assert "抄送：区委办公室，区人大常委会办公室，区政协办公室。" in text.replace(" ", "").replace("\n", "")
    assert "2026年6月28日印发" in text.replace(" ", "")


def test_page_numbers_odd_right_even_left(pdf, pdf_path: Path) -> None:
    for number, page in enumerate(pdf.pages, 1):
        digits = [c for c in page.chars if c["top"] > PAGE_H - Y0 and c["text"] == str(number)[-1]]
        assert digits, f"page {number} has no number"
        dashes = sorted((c for c in page.chars if c["top"] > PAGE_H - Y0 and c["text"] == "—"), key=lambda c: c["x0"])
        if number % 2:
            assert abs(dashes[-1]["x1"] - (X1 - 14)) <= 2
        else:
            assert abs(dashes[0]["x0"] - (X0 + 14)) <= 2
        if number <= 2:  # the 一字线's ink, not its font box, 7 mm below the type area (§7.5)
            assert abs(ink_below_type_area(pdf_path, number, dashes[0]["x0"], dashes[0]["x1"]) - 7) <= 0.1


def test_classified_minutes_carry_copy_number_and_secrecy(tmp_path: Path) -> None:
    path = render_minutes(tmp_path / "c.pdf", detail(classification=Classification.CONFIDENTIAL, secrecy_period="5年",
                                                     urgency=Urgency.URGENT), copy_number=7)
    with pdfplumber.open(path) as doc:
        lines = doc.pages[0].extract_text().splitlines()
    assert lines[0].strip() == "000007"
    assert lines[1].replace(" ", "") == "机密★5年"
    assert lines[2].strip() == "加急"


def test_empty_minutes_and_empty_sections_still_render(tmp_path: Path) -> None:
    """Bad input of issue 5: nothing written yet, or a section without text — a correct PDF, no crash."""
    from core.documents.minutes_docx import render_minutes_docx

    base = detail()
    for n, content in enumerate((MinutesContent(opening=""),
                                 dataclasses.replace(base.content, sections=(Section("关于空的事项", ""),),
                                                     present=(), on_leave=(), observers=()))):
        d = dataclasses.replace(base, content=content, copy_to="")
        with pdfplumber.open(render_minutes(tmp_path / f"e{n}.pdf", d)) as doc:
            text = doc.pages[0].extract_text()
        assert "澄溪区人民政府常务会议纪要" in text.replace(" ", "") and "印发" in text
        assert render_minutes_docx(tmp_path / f"e{n}.docx", d).read_bytes()[:2] == b"PK"
