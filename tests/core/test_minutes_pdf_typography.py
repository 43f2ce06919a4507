"""Issue 13 §1–§2 in the minutes PDF, measured on the rendered page with pdfplumber: no person's or
organ's name split across lines (出席, 列席, 主送, 抄送; the fixtures put each name at a line's end),
no gap inside a Latin word, number or URL when a line is justified, （一） headings in 楷体, and a
专题会议's subject title in 2号小标宋 under the 版头."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest

from core.documents.fonts import Face, register
from core.documents.gbt9704 import ADVANCE, PAGE_H, PITCH, SMALL, X0, X1, Y1
from core.documents.minutes_pdf import render_minutes
from core.model.enums import MeetingKind
from core.services.minutes_types import MinutesContent, Section
from tests.core.test_minutes_pdf import detail

HANG = X0 + 5 * ADVANCE           # 出席/请假/列席 continuation lines start after the colon
COLOPHON_HANG = X0 + SMALL + 3 * SMALL  # 版记 continuation lines start after "抄送："


def ps_name(face: Face) -> str:
    from reportlab.pdfbase import pdfmetrics

    return str(pdfmetrics.getFont(register(face).reportlab_name).face.name.decode())


def lines_of(path: Path) -> list[list[dict]]:
    """Every text line of every page, characters left to right, pages and lines top to bottom."""
    out: list[list[dict]] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            by_baseline: dict[float, list[dict]] = defaultdict(list)
            for ch in page.chars:
                by_baseline[round(page.height - ch["matrix"][5], 1)].append(ch)
            out += [sorted(by_baseline[y], key=lambda c: c["x0"]) for y in sorted(by_baseline)]
    return out


def text(line: list[dict]) -> str:
    return "".join(c["text"] for c in line)


# --- names ------------------------------------------------------------------------------------

# Each list is laid out so that a breaker cutting between characters would split a name at the
# end of a line: 李/思 and 韦子/梅 (出席, 23 cells after the hang), 区政府办公室主/任 (列席: an older
# draft's post), 区财/政局 (抄送, 4号).
PRESENT = ("甲区长", "乙常务", "丙副区长", "丁副区长", "戊党组", "李思", "庚局长", "辛局长", "壬局长", "癸局长", "子丑",
           "韦子梅")
OBSERVERS = ("区政府办公室 王五", "区财政局 赵六", "区政府办公室主任", "青石镇书记", "区交通局 张三（代）")
COPY_TO = "区委办公室，区人大常委会办公室，区政协办公室，区纪委监委，区法院，区人民检察院，区人民武装部，区财政局，区审计局。"


@pytest.fixture(scope="module")
def names_pdf(tmp_path_factory) -> list[list[dict]]:
    content = MinutesContent(opening="会议议定如下：", sections=(Section("关于有关事项的事项", "会议同意。"),),
                             present=PRESENT, on_leave=("卯副区长（赴市里开会）",), observers=OBSERVERS)
    d = dataclasses.replace(detail(), content=content, main_to="各镇人民政府，各街道办事处", copy_to=COPY_TO)
    return lines_of(render_minutes(tmp_path_factory.mktemp("n") / "names.pdf", d))


@pytest.mark.parametrize("name", ["李思", "韦子梅"])
def test_a_name_at_the_line_end_moves_whole_to_the_next(names_pdf, name: str) -> None:
    line = next(line for line in names_pdf if name in text(line))
    assert text(line).startswith(name), text(line)
    assert abs(line[0]["x0"] - HANG) <= 1  # within the hanging indent


def test_no_name_of_the_lists_is_split(names_pdf) -> None:
    shown = [text(line) for line in names_pdf]
    for name in PRESENT:
        assert any(name in line for line in shown), name
    for entry in ("区政府办公室王五", "区财政局赵六", "区政府办公室主任", "青石镇书记", "区交通局张三（代）"):
        assert any(entry in line for line in shown), entry
    moved = next(line for line in names_pdf if "区政府办公室主任" in text(line))
    assert text(moved).startswith("区政府办公室主任") and abs(moved[0]["x0"] - HANG) <= 1  # not 主/任
    # Entries naming a unit are separated by "，" (GBT9704.md §3.2), names alone by "、".
    assert any(line.startswith("列席：区政府办公室王五，区财政局赵六，") for line in shown)
    assert any(line.startswith("出席：甲区长、乙常务、") for line in shown)


def test_organ_names_of_the_colophon_are_not_split(names_pdf) -> None:
    shown = [text(line) for line in names_pdf]
    for organ in COPY_TO.rstrip("。").split("，"):
        assert any(organ in line for line in shown), organ
    moved = next(line for line in names_pdf if "区财政局" in text(line) and line[0]["size"] < 15)
    assert text(moved).startswith("区财政局") and abs(moved[0]["x0"] - COLOPHON_HANG) <= 1  # not 区财/政局
    main, copy = (shown.index(next(s for s in shown if s.startswith(label))) for label in ("主送：", "抄送："))
    assert shown[main] == "主送：各镇人民政府，各街道办事处。" and main == copy - 1  # 主送 right above 抄送


# --- Latin words, numbers and URLs --------------------------------------------------------------

LATIN = ("会议要求，有关单位要在区政府门户网站https://www.chengxi.gov.cn/zwgk/zcwj/2026/notice_0625.html公开，"
         "并参照TheDistrictPeoplesGovernment年度报告和Government Work Report的格式，数字1234567890123按时报送；"
         "请登录www.gov.cn查阅《关于加强数字政府建设的指导意见》及English Version Summary，于7月10日前完成。")


@pytest.fixture(scope="module")
def latin_pdf(tmp_path_factory) -> list[list[dict]]:
    content = MinutesContent(opening="会议议定如下：", sections=(Section("关于网站的事项", LATIN * 2),))
    d = dataclasses.replace(detail(), content=content)
    return [line for line in lines_of(render_minutes(tmp_path_factory.mktemp("l") / "latin.pdf", d))
            if line[0]["size"] == 16]


def latin_runs(line: list[dict]) -> list[list[dict]]:
    runs: list[list[dict]] = []
    for previous, ch in zip([None, *line], line, strict=False):
        if ch["text"].isascii() and not ch["text"].isspace():
            if previous is not None and previous["text"].isascii() and not previous["text"].isspace() and runs:
                runs[-1].append(ch)
            else:
                runs.append([ch])
    return runs


def test_no_gap_opens_inside_a_word_a_number_or_a_url(latin_pdf) -> None:
    justified = 0
    for line in latin_pdf:
        runs = latin_runs(line)
        for run in runs:
            for a, b in zip(run, run[1:], strict=False):
                assert abs(b["x0"] - a["x1"]) < 0.01, f"“{text(run)}” opens between {a['text']} and {b['text']}"
        if runs and line[-1]["x1"] > X1 - 1:
            justified += 1
    assert justified >= 2  # lines that were stretched to the margin, with Latin in them


def test_words_stay_whole_and_urls_break_after_a_separator(latin_pdf) -> None:
    shown = [text(line) for line in latin_pdf]
    flat = "".join(shown)
    ends = {sum(len(s) for s in shown[:n + 1]) for n in range(len(shown) - 1)}  # where lines break in `flat`
    url = "https://www.chengxi.gov.cn/zwgk/zcwj/2026/notice_0625.html"
    broken_urls = 0
    for word in ("TheDistrictPeoplesGovernment", "Government", "1234567890123", "Summary", url, "www.gov.cn"):
        start = flat.find(word)
        assert start >= 0, word
        while start >= 0:
            inside = [b for b in ends if start < b < start + len(word)]
            if word in (url, "www.gov.cn"):
                assert all(flat[b - 1] in "/.-?&=" for b in inside), (word, [flat[b - 3:b + 3] for b in inside])
                broken_urls += bool(inside)
            else:
                assert not inside, word
            start = flat.find(word, start + 1)
    assert broken_urls  # the fixture does make a URL run over a line's end


# --- headings and the subject title -----------------------------------------------------------

def test_second_level_headings_are_kai_first_level_hei(tmp_path: Path) -> None:
    body = "（一）加强组织领导。各单位要明确分管领导。\n（二）明确责任分工\n1.区财政局负责资金保障。"
    d = dataclasses.replace(detail(), content=MinutesContent(opening="会议议定如下：",
                                                             sections=(Section("关于有关工作的事项", body),)))
    lines = lines_of(render_minutes(tmp_path / "h.pdf", d))
    kai, hei, fangsong = ps_name(Face.KAI), ps_name(Face.HEI), ps_name(Face.FANGSONG)
    first = next(line for line in lines if text(line).startswith("一、关于有关工作的事项"))
    assert all(hei in c["fontname"] for c in first)
    inline = next(line for line in lines if text(line).startswith("（一）"))
    heading = len("（一）加强组织领导。")
    assert all(kai in c["fontname"] and c["size"] == 16 for c in inline[:heading])
    assert all(fangsong in c["fontname"] for c in inline[heading:])  # the text after the heading sentence
    alone = next(line for line in lines if text(line).startswith("（二）"))
    assert text(alone) == "（二）明确责任分工" and all(kai in c["fontname"] for c in alone)
    third = next(line for line in lines if text(line).startswith("1."))
    assert all(fangsong in c["fontname"] for c in third)


TITLE = "关于调整城区公交线路和优化老旧小区停车设施的专题会议纪要"


def test_thematic_minutes_print_their_subject_title_under_the_header(tmp_path: Path) -> None:
    content = dataclasses.replace(detail().content, title=TITLE)
    d = dataclasses.replace(detail(), kind=MeetingKind.THEMATIC, mark="澄溪区人民政府专题会议纪要", content=content)
    path = render_minutes(tmp_path / "t.pdf", d)
    lines = lines_of(path)
    title = [line for line in lines if line[0]["size"] == 22]
    assert "".join(text(line) for line in title) == TITLE
    # Two lines broken after "和", not inside a word (老/旧小区) and not one full line and a stub.
    assert [text(line) for line in title] == ["关于调整城区公交线路和", "优化老旧小区停车设施的专题会议纪要"]
    for line in title:
        assert ps_name(Face.BIAOSONG) in line[0]["fontname"]
        assert abs((line[0]["x0"] + line[-1]["x1"]) / 2 - (X0 + X1) / 2) <= 1  # centred
    with pdfplumber.open(path) as pdf:
        rule = next(e for e in pdf.pages[0].edges if e["orientation"] == "h")["top"]

    def slot(top: float) -> int:
        return int((top - (PAGE_H - Y1)) // PITCH)

    # Two blank lines between the red rule and the title, one between the title and the body.
    assert slot((title[0][0]["top"] + title[0][0]["bottom"]) / 2) == slot(rule) + 3
    opening = next(line for line in lines if text(line).startswith("2026年6月25日"))
    assert slot(opening[0]["top"]) == slot(title[-1][0]["top"]) + 2


def test_other_minutes_print_no_subject_title(tmp_path: Path) -> None:
    d = dataclasses.replace(detail(), content=dataclasses.replace(detail().content, title=TITLE))
    assert not [line for line in lines_of(render_minutes(tmp_path / "e.pdf", d)) if line[0]["size"] == 22]


def test_the_middle_dot_of_a_name_sits_in_the_middle_of_its_cell(tmp_path: Path) -> None:
    """阿卜杜热合曼·买买提: the 间隔号 centred in its cell (GB/T 15834), no gap after it only."""
    content = MinutesContent(opening="会议议定如下：", present=("甲区长", "阿卜杜热合曼·买买提"))
    lines = lines_of(render_minutes(tmp_path / "dot.pdf", dataclasses.replace(detail(), content=content)))
    line = next(line for line in lines if "·" in text(line))
    k = text(line).index("·")
    before, dot, after = line[k - 1], line[k], line[k + 1]
    assert abs(after["x0"] - before["x0"] - 2 * ADVANCE) < 0.01  # the dot takes one cell of the grid
    assert abs((dot["x0"] + dot["x1"]) / 2 - (before["x0"] + ADVANCE + after["x0"]) / 2) < 0.01
