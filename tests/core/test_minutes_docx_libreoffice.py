"""The minutes DOCX as LibreOffice lays it out (issue 13 §4), measured like the program's own PDF
(tests/core/test_minutes_pdf.py, GBT9704.md §7): every DOCX the tests write — plain, classified with
份号/密级/紧急, a long one (60 attendees, URLs, Latin and digit runs, 22 抄送 units, "（一）"
headings, paragraphs built to put ——, ……, ，, ） at a line start or （ at a line end), and a
corrected edition — converted in one soffice call (tests/core/libreoffice.py) and checked for the
type area, 28 characters a line at a 15.75 pt pitch, 22 lines a page, the 版记 on the type area's
bottom edge, page numbers, 避头尾, no gap inside a Latin word or URL, and 楷体 "（一）" headings.

LibreOffice reads w:overflowPunct the wrong way round (writerfilter maps val 0, "no punctuation
past the margin", to ParaIsHangingPunctuation = true), so it hangs a closing mark one character past
the type area where Word and WPS push a character down. That one case is allowed, and only that:
the mark must end its line, be one LibreOffice hangs, and stay within one character of the edge.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest

from core.documents.gbt9704 import MM, PAGE_H, X0, X1, Y0, Y1
from core.documents.linebreak import NO_END, NO_START
from core.documents.minutes_docx import ADVANCE, PITCH, render_minutes_docx
from core.documents.minutes_pdf import render_minutes
from core.model.enums import Classification, MeetingKind, Urgency
from core.services.minutes_types import MinutesContent, Section
from tests.core.libreoffice import convert, declared_kinsoku, soffice
from tests.core.test_minutes_pdf import articles, detail

TOL = 1.0
INVISIBLE = ("\u200b",)  # the DOCX's URL break opportunities, should LibreOffice keep them in its text
HANGING = frozenset("!,.:;?、。！，．：；？")  # LibreOffice's hanging marks (its CJK locale data)
URL = "https://www.chengxi.gov.cn/zwgk/zcwj/2026/0625/t20260625_1234567.html"
# Paragraphs of Chinese characters only, so the break falls where it is built to: the first line
# holds 26 characters after its 2 字 indent, and without 避头尾 the next line would start with the
# mark (or this one end with the opening bracket).
EDGES = tuple(f"{'甲' * 26}{mark}乙丙丁。" for mark in ("——", "……", "，", "）", "》", "、", "”")) + (
    f"{'甲' * 25}（乙）丙丁。", f"{'甲' * 25}《乙》丙丁。")
START = 26  # where the mark of each EDGES paragraph sits


def long_detail():
    text = "\n".join((
        "（一）加强组织领导",
        "（二）落实工作责任。各单位要按照分工抓好落实，确保按时完成。",
        f"会议要求各单位在政府网站（{URL}）公开办理结果，并报送Government Open Data平台。",
        "2025年全区地区生产总值增长10.5%，完成固定资产投资12345678901234567890元以上。",
        *EDGES,
        "".join(articles()[10:14]),  # full lines of text only
        *(f"会议同意区财政局提出的第{n}项资金安排方案，由区财政局会同有关部门抓好落实。" for n in range(1, PARAGRAPHS)),
    ))
    names = tuple(f"{UNITS[n % len(UNITS)]} {'欧阳' if n % 7 == 0 else ''}{'甲乙丙丁戊己庚辛壬癸'[n % 10]}{'子丑寅卯'[n % 4]}"
                  for n in range(60))
    units = "，".join(ORGANS)
    content = MinutesContent(
        opening="2026年6月25日上午，区长甲区长在区政府第一会议室主持召开区政府第12次常务会议。现将会议议定事项纪要如下：",
        sections=(Section("关于资金安排的事项", text), Section("关于网站建设的事项", "会议同意。")),
        present=names, on_leave=("卯副区长（赴市里开会）",), observers=("区财政局主要负责人",))
    return detail(content=content, main_to="各镇人民政府，各街道办事处，区政府各部门", copy_to=units,
                  classification=Classification.CONFIDENTIAL,
                  secrecy_period="10年", urgency=Urgency.EXTRA_URGENT)


PARAGRAPHS = 26  # the last page holds the end of 出席 and the 版记 (in the PDF and in LibreOffice)
# 22 抄送 organs. Without Latin digits: LibreOffice ignores w:autoSpaceDE/DN and widens a name with
# digits at a line's end past the PDF's break (README: DOCX 版式).
ORGANS = ("区委办公室", "区人大常委会办公室", "区政协办公室", "区纪委监委", "区法院", "区检察院", "区人武部",
          "区发展和改革委员会", "区教育委员会", "区科学技术局", "区经济和信息化委员会", "区公安局", "区民政局",
          "区司法局", "区财政局", "区人力资源和社会保障局", "区规划和自然资源局", "区生态环境局",
          "区住房和城乡建设局", "区城市管理局", "区交通运输委员会", "区农业农村委员会")
UNITS = ("区发展和改革委员会", "区财政局", "区住房和城乡建设局", "青石镇人民政府", "区政府办公室")
TITLE = "关于推进城西片区老旧小区改造和背街小巷整治工作的专题会议纪要"


def thematic():
    base = detail(kind=MeetingKind.THEMATIC)
    return dataclasses.replace(base, content=dataclasses.replace(base.content, title=TITLE))


def filled(lines: int):
    """The plain minutes with `lines` one-line paragraphs more: 9 leave the two lines the 版记 needs
    free on the last page, 10 leave one (measured on the program's PDF, whose pages these match)."""
    base = detail()
    extra = Section("关于补充的事项", "\n".join(["会议同意。"] * lines))
    return dataclasses.replace(base, content=dataclasses.replace(base.content, sections=base.content.sections + (extra,)))


DOCS = {
    "plain": (detail, None),
    "classified": (lambda: detail(classification=Classification.CONFIDENTIAL, secrecy_period="5年",
                                  urgency=Urgency.URGENT), 7),
    "long": (long_detail, 7),
    "corrected": (lambda: dataclasses.replace(detail(), edition=2, corrects_id=1, serial_text="〔2026〕13号"), None),
    "fits": (lambda: filled(9), None),
    "spills": (lambda: filled(10), None),
    "thematic": (thematic, None),
}
ALL = tuple(DOCS)


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, pdfplumber.PDF]:
    soffice()  # fails under CI, skips elsewhere, before anything is written
    folder = tmp_path_factory.mktemp("lo")
    paths = [render_minutes_docx(folder / f"{name}.docx", make(), copy_number=copy)
             for name, (make, copy) in DOCS.items()]
    pdfs = convert(paths, folder, declared_kinsoku(paths[0]))
    opened = {name: pdfplumber.open(pdf) for name, pdf in pdfs.items()}
    yield opened
    for pdf in opened.values():
        pdf.close()



def lines_of(page, size: float | None = 16, *, spaces: bool = False) -> list[list[dict]]:
    """Characters of the type area grouped into lines by their top, left to right (`size` None:
    every size; the page number below the type area is left out)."""
    rows: dict[int, list[dict]] = defaultdict(list)
    for ch in page.chars:
        if ch["top"] > PAGE_H - Y0 or not (spaces or ch["text"].strip()) or ch["text"] in INVISIBLE:
            continue
        if size is None or abs(ch["size"] - size) < 0.5:
            rows[round(baseline(ch))].append(ch)
    return [sorted(rows[k], key=lambda c: c["x0"]) for k in sorted(rows)]


def baseline(ch: dict) -> float:
    """From the page's top, like pdfplumber's "top": the same for every face on a line."""
    return float(PAGE_H - ch["matrix"][5])


def text(chars: list[dict]) -> str:
    return "".join(c["text"] for c in chars)


def hangs(chars: list[dict]) -> bool:
    """The line ends with a mark LibreOffice hung past the type area (see the module's docstring)."""
    last = chars[-1]
    return last["x1"] > X1 + TOL and last["text"] in HANGING and last["x0"] >= X1 - TOL


@pytest.mark.parametrize("name", ALL)
def test_type_area(converted, name: str) -> None:
    for page in converted[name].pages:
        assert page.width == pytest.approx(210 * MM, abs=0.1) and page.height == pytest.approx(297 * MM, abs=0.1)
        for chars in lines_of(page, None):
            inside = chars[:-1] if hangs(chars) else chars
            assert inside[0]["x0"] >= X0 - TOL and inside[-1]["x1"] <= X1 + TOL, text(chars)
            assert min(c["top"] for c in chars) >= PAGE_H - Y1 - TOL, text(chars)
            assert max(c["bottom"] for c in chars) <= PAGE_H - Y0 + TOL, text(chars)


@pytest.mark.parametrize("name", ALL)
def test_full_lines_hold_28_characters_on_the_grid(converted, name: str) -> None:
    checked = 0
    for page in converted[name].pages:
        lines = lines_of(page, spaces=True)
        for chars, following in zip(lines, lines[1:], strict=False):
            if hangs(chars):
                chars = chars[:-1]
            full = chars[0]["x0"] < X0 + TOL and chars[-1]["x1"] > X1 - ADVANCE / 2
            if not full or any(c["text"].isascii() for c in chars):
                continue
            checked += 1
            if len(chars) == 27:  # one character pushed down by 避头尾: the next line shows why
                nxt = text(following[:3])
                assert nxt[1] in NO_START or nxt[0] in NO_END or "——" in nxt or "……" in nxt, text(chars)
                continue
            assert len(chars) == 28, text(chars)
            # 15.75 pt a character from the left edge; justification spreads the 1.2 pt left over.
            for k, ch in enumerate(chars):
                assert abs(ch["x0"] - (X0 + k * ADVANCE)) <= 1.5, (text(chars), k)
    assert checked >= 10


def test_a_page_of_text_holds_22_lines(converted) -> None:
    """Every page between the first and the last is full, but for the line a 一级标题 leaves when
    it goes over to the next page with the text it heads."""
    for name in ("plain", "long"):
        pages = converted[name].pages[1:-1]
        assert len(pages) >= 3
        for page, following in zip(pages, converted[name].pages[2:], strict=False):
            tops = [chars[0]["top"] for chars in lines_of(page)]
            assert abs(tops[0] - (PAGE_H - Y1 + (PITCH - 16) / 2)) <= 1.5  # the first line at the top
            # On the 28.95 pt grid, a blank line (before 出席) taking one slot.
            slots = [(top - tops[0]) / PITCH for top in tops]
            assert max(abs(s - round(s)) for s in slots) <= 0.05, (name, slots)
            if round(slots[-1]) == 20:  # a heading kept with its text, or 出席 after its blank line
                heading = lines_of(following)[0]
                assert "WenQuanYi" in heading[0]["fontname"], text(heading)
                assert text(heading)[1] == "、" or text(heading).startswith("出席："), text(heading)
            else:
                assert round(slots[-1]) == 21, (name, slots)


@pytest.mark.parametrize("name", ALL)
def test_colophon_on_the_bottom_edge_of_the_last_page(converted, name: str) -> None:
    last = converted[name].pages[-1]
    rules = sorted((e for e in last.edges if e["orientation"] == "h" and e["width"] > 400), key=lambda e: e["top"])
    bottom = rules[-1]
    assert abs(bottom["top"] + bottom["linewidth"] / 2 - (PAGE_H - Y0)) <= TOL, bottom["top"]
    assert abs(bottom["x0"] - X0) <= TOL and abs(bottom["x1"] - X1) <= TOL
    widths = sorted({round(e["linewidth"], 2) for e in rules})
    assert widths == [0.75, 1.0]  # thin between 抄送 and 印发, thick above and below
    top_rule = min(e["top"] for e in rules if e["linewidth"] == 1.0)
    body = [c for c in last.chars if abs(c["size"] - 16) < 0.5]
    assert all(c["bottom"] < top_rule for c in body)  # the 版记 covers no text
    issue = text(lines_of(last, 14)[-1])
    assert issue.endswith("印发") and issue.startswith("澄溪区人民政府办公室")
    for other in converted[name].pages[:-1]:
        assert not [e for e in other.edges if e["orientation"] == "h" and e["linewidth"] == 0.75]


@pytest.mark.parametrize("name", ALL)
def test_as_many_pages_as_the_program_pdf(converted, name: str, tmp_path: Path) -> None:
    """The same pages as the PDF, the 版记 included: below the text on the last page where two lines
    are free ("fits"), on a page of its own where one is ("spills")."""
    make, copy = DOCS[name]
    with pdfplumber.open(render_minutes(tmp_path / "m.pdf", make(), copy_number=copy)) as pdf:
        assert len(converted[name].pages) == len(pdf.pages)
    last = converted[name].pages[-1]
    assert bool(lines_of(last)) == (name != "spills")


def test_colophon_copy_lines_continue_after_the_colon(converted) -> None:
    last = converted["long"].pages[-1]
    rows = lines_of(last, 14)
    at = next(i for i, row in enumerate(rows) if text(row).startswith("抄送："))
    assert text(rows[0]).startswith("主送：") and len(rows) - at >= 3  # 22 units: two lines and more
    assert abs(rows[0][0]["x0"] - (X0 + 14)) <= TOL and abs(rows[at][0]["x0"] - (X0 + 14)) <= TOL
    for row in rows[at + 1:-1]:
        assert abs(row[0]["x0"] - (X0 + 4 * 14)) <= TOL, text(row)
    assert text(rows[-2]).endswith("。")


@pytest.mark.parametrize("name", ALL)
def test_page_numbers(converted, name: str) -> None:
    for number, page in enumerate(converted[name].pages, 1):
        footer = [c for c in page.chars if c["top"] > PAGE_H - Y0 + 3 * MM]
        assert text(sorted(footer, key=lambda c: c["x0"])).replace(" ", "") == f"—{number}—"
        dashes = sorted((c for c in footer if c["text"] == "—"), key=lambda c: c["x0"])
        if number % 2:
            assert abs(dashes[-1]["x1"] - (X1 - 14)) <= 1 * MM
        else:
            assert abs(dashes[0]["x0"] - (X0 + 14)) <= 1 * MM
        assert abs(min(c["top"] for c in footer) - (PAGE_H - Y0 + 7 * MM)) <= 1 * MM


@pytest.mark.parametrize("name", ALL)
def test_no_forbidden_mark_at_a_line_edge(converted, name: str) -> None:
    for page in converted[name].pages:
        for chars in lines_of(page, None):
            line = text(chars)
            assert line[0] not in NO_START, line
            assert line[-1] not in NO_END, line


def test_edge_cases_pull_a_character_down(converted) -> None:
    """The paragraphs built to break at a forbidden mark break one character earlier — or, for a
    mark LibreOffice hangs (see the module's docstring), keep it at the end of the full line."""
    lines = [chars for page in converted["long"].pages for chars in lines_of(page)]
    at = 0
    for paragraph in EDGES:
        at = next(i for i in range(at, len(lines)) if text(lines[i]).startswith(paragraph[:25]))
        first, second = text(lines[at]), text(lines[at + 1])
        if paragraph[START] in HANGING:
            assert first == paragraph[:START + 1] and hangs(lines[at]), first
        else:
            assert first == paragraph[:25] and second.startswith(paragraph[25:27]), (first, second)
        at += 1


def test_no_gap_inside_latin_words_urls_and_numbers(converted) -> None:
    seen = ""
    for page in converted["long"].pages:
        for chars in lines_of(page, spaces=True):
            for a, b in zip(chars, chars[1:], strict=False):
                if (a["text"] + b["text"]).isascii() and " " not in a["text"] + b["text"]:
                    assert b["x0"] - a["x1"] <= 0.5, (text(chars), a["text"] + b["text"])
            seen += text(chars).replace(" ", "")
    for word in ("Government", "OpenData", "12345678901234567890", "10.5%", "chengxi.gov.cn"):
        assert word in seen  # each on the page, none broken by a stretched gap


def test_second_level_headings_in_kai(converted) -> None:
    lines = [chars for page in converted["long"].pages for chars in lines_of(page)]
    standalone = next(chars for chars in lines if text(chars) == "（一）加强组织领导")
    assert all("WenKai" in c["fontname"] for c in standalone)
    inline = next(chars for chars in lines if text(chars).startswith("（二）落实工作责任。"))
    heading, rest = inline[:10], inline[10:]
    assert all("WenKai" in c["fontname"] for c in heading)
    assert rest and not any("WenKai" in c["fontname"] for c in rest)


def test_header_lines_of_classified_minutes(converted) -> None:
    for name, lines in (("classified", ["000007", "机密★5年", "加急"]), ("long", ["000007", "机密★10年", "特急"])):
        rows = lines_of(converted[name].pages[0], None)
        assert [text(r) for r in rows[:3]] == lines
        assert all(abs(r[0]["x0"] - X0) <= TOL for r in rows[:3])
        mark = [c for c in converted[name].pages[0].chars if c["size"] > 30]
        assert abs(min(c["top"] for c in mark) - (PAGE_H - Y1 + 35 * MM)) <= 2 * MM
        assert all(tuple(c["non_stroking_color"]) == (1, 0, 0) for c in mark)


def test_attendance_names_continue_after_the_colon(converted) -> None:
    lines = [chars for page in converted["long"].pages for chars in lines_of(page)]
    at = next(i for i, chars in enumerate(lines) if text(chars).startswith("出席："))
    assert abs(lines[at][0]["x0"] - (X0 + 2 * ADVANCE)) <= TOL
    assert "WenQuanYi" in lines[at][0]["fontname"]  # 黑体 label
    # Under the first name (5 字 in), the lines flush left: no gap opened between a name's characters.
    assert lines[at + 1][0]["x0"] == pytest.approx(X0 + 5 * ADVANCE, abs=TOL)
    assert all(abs(b["x0"] - a["x1"]) <= 0.5 for a, b in zip(lines[at], lines[at][1:], strict=False))


def list_lines(lines: list[list[dict]], label: str, stop: str) -> list[str]:
    at = next(i for i, chars in enumerate(lines) if text(chars).startswith(label))
    out = []
    for chars in lines[at:]:
        line = text(chars)
        if out and line.startswith(stop):
            break
        out.append(line)
    return out


def test_no_name_or_organ_split_across_lines(converted, tmp_path: Path) -> None:
    """Each line of 出席 ends after an entry's separator or between an entry's unit and name; each
    line of 主送/抄送 ends after an organ (GB/T 9704 §10.3, §7.4.2); the lines are the PDF's."""
    lines = [chars for page in converted["long"].pages for chars in lines_of(page)]
    present = list_lines(lines, "出席：", "请假：")
    with pdfplumber.open(render_minutes(tmp_path / "m.pdf", long_detail(), copy_number=7)) as pdf:
        own = [chars for page in pdf.pages for chars in lines_of(page, None)]
        assert present == list_lines(own, "出席：", "请假：")
        assert [text(c) for c in lines_of(converted["long"].pages[-1], 14)] == \
            [text(c) for c in lines_of(pdf.pages[-1], 14)]
    assert len(present) >= 10
    entries = long_detail().content.present
    joints, at = set(), len("出席：")
    for entry in entries:
        unit, name = entry.split(" ")
        joints |= {at + len(unit), at + len(unit) + len(name) + 1}  # after the unit; after "，"
        at += len(unit) + len(name) + 1
    ends, at = [], 0
    for line in present[:-1]:
        at += len(line)
        ends.append(at)
    assert set(ends) <= joints, [line for line, end in zip(present, ends, strict=False) if end not in joints]
    assert "".join(present) == "出席：" + "，".join(e.replace(" ", "") for e in entries)

    colophon = [text(chars) for chars in lines_of(converted["long"].pages[-1], 14)]
    addressed = colophon[:-1]
    assert addressed[0].startswith("主送：各镇人民政府，") and any(r.startswith("抄送：") for r in addressed)
    for row in addressed:
        assert row[-1] in "，。", row  # an organ never continues on the next line


def test_subject_title_where_the_program_pdf_puts_it(converted, tmp_path: Path) -> None:
    """The 专题会议's subject title in 2号 小标宋 (aliased to 黑体's free face here), centred, in the
    lines and at the height of the program's PDF, and the opening one blank line below it."""
    page = converted["thematic"].pages[0]
    title = lines_of(page, 22)
    assert [text(chars) for chars in title] == ["关于推进城西片区老旧小区改造和", "背街小巷整治工作的专题会议纪要"]
    with pdfplumber.open(render_minutes(tmp_path / "t.pdf", thematic())) as pdf:
        expected = lines_of(pdf.pages[0], 22)
        opening = lines_of(pdf.pages[0])[0]
    for got, want in zip(title, expected, strict=True):
        assert abs(got[0]["top"] - want[0]["top"]) <= 2.0
        middle = (got[0]["x0"] + got[-1]["x1"]) / 2
        assert abs(middle - (X0 + X1) / 2) <= TOL
        assert all("WenQuanYi" in c["fontname"] for c in got)
    first = lines_of(page)[0]
    assert text(first).startswith(text(opening)[:10]) and abs(first[0]["top"] - opening[0]["top"]) <= 2.0


@pytest.mark.parametrize("name", ["plain", "classified", "thematic"])
def test_first_page_lines_where_the_program_pdf_puts_them(converted, name: str, tmp_path: Path) -> None:
    """份号, 密级, 紧急, 标志, 发文字号, office and date, the red rule, a subject title and the first
    lines of text where the program's PDF of the same minutes puts them: each line's baseline within
    2 pt, or its top within 1.5 pt (pdfplumber's top comes from the ascent each program writes for
    the font, which for the same face differs by up to 3 pt; a line a grid line off fails either)."""
    make, copy = DOCS[name]
    page = converted[name].pages[0]
    with pdfplumber.open(render_minutes(tmp_path / "m.pdf", make(), copy_number=copy)) as pdf:
        own = pdf.pages[0]
        want = lines_of(own, None)[:10]
        rule = min(e["top"] for e in own.edges if e["orientation"] == "h")
    got = lines_of(page, None)[:10]
    for mine, theirs in zip(got, want, strict=True):
        a, b = mine[0], theirs[0]
        assert abs(baseline(a) - baseline(b)) <= 2.0 or abs(a["top"] - b["top"]) <= 1.5, text(mine)
    assert min(e["top"] for e in page.edges if e["orientation"] == "h") == pytest.approx(rule, abs=1.5)
