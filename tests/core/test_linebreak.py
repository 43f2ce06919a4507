"""The line breaker: 标点避头尾, unsplit runs, nothing lost, nothing over the grid (GBT9704.md §4, §7.7)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from core.documents.linebreak import (
    ENTRY,
    NO_END,
    NO_START,
    WORD,
    Unit,
    break_lines,
    held,
    line_text,
    title_lines,
    units,
    without_orphan,
)


def cells(text: str) -> float:
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def lay(text: str, capacity: float = 28, first: float = 26) -> list[str]:
    return [line_text(line) for line in break_lines(units(text, cells), first, capacity)]


def test_comma_never_starts_a_line() -> None:
    text = "会" * 28 + "，议"
    lines = lay(text, first=28)
    assert lines == ["会" * 27, "会，议"]


def test_opening_quote_never_ends_a_line() -> None:
    text = "会" * 27 + "“纪要”"
    lines = lay(text, first=28)
    assert lines[0] == "会" * 27
    assert lines[1].startswith("“")


def test_digit_runs_stay_whole() -> None:
    assert lay("会" * 26 + "2026年", first=28) == ["会" * 26 + "2026", "年"]  # exactly fills the line
    assert lay("会" * 27 + "2026年", first=28) == ["会" * 27, "2026年"]
    assert lay("〔2026〕3号") == ["〔2026〕3号"]


def test_dash_and_ellipsis_pairs_stay_whole() -> None:
    assert all("—" not in (line[:1] + line[-1:]) or "——" in line for line in lay("会" * 27 + "——会议"))
    assert "……" in "".join(lay("会" * 27 + "……会议"))


CJK = st.sampled_from(list("区政府常务会议纪要出席请假列席议题研究同意原则要求落实"))
PUNCT = st.sampled_from(list("，。、；：！？“”（）《》〔〕…—·"))
LATIN = st.sampled_from(["2026", "10.5%", "GB/T", "A", "3"])
TEXT = st.lists(st.one_of(CJK, CJK, CJK, PUNCT, LATIN), min_size=1, max_size=200).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_properties(text: str) -> None:
    lines = break_lines(units(text, cells), 26, 28)
    assert "".join(line_text(line) for line in lines) == text  # nothing lost or reordered
    for n, line in enumerate(lines):
        capacity = 26 if n == 0 else 28
        width = sum(u.width for u in line)
        assert width <= capacity + 1e-6 or len(line) == 1
    for before, after in zip(lines, lines[1:], strict=False):
        if len(before) > 1:  # a single unit that cannot move is the only allowed exception
            assert after[0].first not in NO_START or before[-1].first in NO_START
            assert before[-1].last not in NO_END


def test_overlong_latin_or_digit_runs_never_leave_the_line() -> None:
    lines = break_lines(units("会" * 5 + "A" * 100 + "9" * 60, cells), 26, 28)
    assert all(sum(u.width for u in line) <= 28 for line in lines)
    assert "".join(line_text(line) for line in lines) == "会" * 5 + "A" * 100 + "9" * 60
    assert lay("身份证号110101199003074512。") == ["身份证号110101199003074512。"]  # 18 digits stay whole


# --- names held together, words and URLs (issue 13 §1–§2) ----------------------------------------

def names(*entries: str, sep: str = "、") -> list[Unit]:
    """A list of names as the PDF builds it: each name held whole, separators free."""
    out: list[Unit] = []
    for n, entry in enumerate(entries):
        out += (units(sep, cells) if n else []) + held(units(entry, cells))
    return out


def test_a_name_at_the_end_of_a_line_moves_whole() -> None:
    # 20 cells used, 3 left: "李思" would fit character by character as 李/思 only with room for 2.
    lines = break_lines(names("甲区长", "乙常务", "丙副区长", "丁副区长", "戊党组", "李思"), 23, 23)
    assert [line_text(line) for line in lines] == ["甲区长、乙常务、丙副区长、丁副区长、戊党组、", "李思"]
    lines = break_lines(names("甲区长", "乙常务", "丙副区长", "丁副区长", "戊党组长", "韦子梅"), 23, 23)
    assert line_text(lines[1]).startswith("韦子梅")


def test_an_entry_stays_on_one_line_then_breaks_between_unit_and_name() -> None:
    unit, name = held(units("区人力资源和社会保障局", cells)), held(units("欧阳子梅", cells), join=ENTRY)
    lines = break_lines(held(units("区财政局", cells)) + units("，", cells) + unit + name, 19, 19)
    assert [line_text(line) for line in lines] == ["区财政局，", "区人力资源和社会保障局欧阳子梅"]
    # An entry longer than a whole line breaks between its unit and its name, never inside either.
    lines = break_lines(unit + name, 13, 13)
    assert [line_text(line) for line in lines] == ["区人力资源和社会保障局", "欧阳子梅"]
    # Only a name longer than a whole line is broken inside.
    lines = break_lines(held(units("区" * 30, cells)), 28, 28)
    assert [len(line) for line in lines] == [28, 2]


def test_words_and_numbers_are_held_and_never_stretched_inside() -> None:
    items = units("参照Government年度", cells)
    word = [u for u in items if u.text.isascii()]
    assert "".join(u.text for u in word) == "Government"
    assert word[0].stretch and not any(u.stretch for u in word[1:])  # space may open before, not inside
    assert all(u.glue == WORD for u in word[1:])
    assert lay("会" * 24 + "Government", first=28) == ["会" * 24, "Government"]  # moved whole (5 cells)


def test_urls_break_only_after_their_separators() -> None:
    url = "https://www.chengxi.gov.cn/zwgk/zcwj/2026/notice_0625.html"
    for first in range(2, 27):
        lines = lay("会" * first + url + "公开。", first=28)
        flat = "".join(lines)
        assert flat == "会" * first + url + "公开。"
        for line in lines[:-1]:
            if line[-1].isascii():
                assert line[-1] in "/.-", line  # "gov." | "cn", never "go" | "v.cn"
    assert not any(u.stretch for u in units(url, cells)[1:])


def test_a_space_at_a_break_hangs_at_the_line_end() -> None:
    lines = lay("会" * 23 + "Work Report", first=28)
    assert lines == ["会" * 23 + "Work ", "Report"]


ENTRIES = st.lists(st.text(alphabet="区政府财局张王李欧阳子梅", min_size=1, max_size=12), min_size=1, max_size=30)


@settings(max_examples=200, deadline=None)
@given(ENTRIES, st.integers(min_value=8, max_value=28))
def test_held_names_are_split_only_when_longer_than_a_line(entries: list[str], capacity: int) -> None:
    lines = break_lines(names(*entries), capacity, capacity)
    assert "".join(line_text(line) for line in lines) == "、".join(entries)
    shown = [line_text(line) for line in lines]
    for entry in entries:
        if len(entry) <= capacity - 1:  # room for the name and its separator
            assert any(entry in line for line in shown), (entry, shown)


def test_the_last_line_of_a_wrapped_cell_is_never_one_character() -> None:
    lines = break_lines(units("区政府第一会议室", cells), 7, 7)
    assert [line_text(line) for line in lines] == ["区政府第一会议", "室"]
    assert [line_text(line) for line in without_orphan(lines, 7)] == ["区政府第一会", "议室"]
    # A held word comes down whole rather than split to feed the last line.
    word = held(units("区政府办公室", cells)) + held(units("会议", cells)) + units("室", cells)
    lines = break_lines(word, 8, 8)
    assert [line_text(line) for line in lines] == ["区政府办公室会议", "室"]
    assert [line_text(line) for line in without_orphan(lines, 8)] == ["区政府办公室", "会议室"]


def test_titles_break_in_even_lines_after_a_conjunction_when_there_is_one() -> None:
    def title(text: str) -> list[str]:
        return [line_text(line) for line in title_lines(units(text, cells), 20)]

    assert title("关于调整城区公交线路和优化老旧小区停车设施的专题会议纪要") == [
        "关于调整城区公交线路和", "优化老旧小区停车设施的专题会议纪要"]
    assert title("关于进一步加强城区老旧小区停车设施建设管理的专题会议纪要") == [
        "关于进一步加强城区老旧小区停", "车设施建设管理的专题会议纪要"]  # no conjunction: even halves
    assert title("关于调整城区公交线路的专题会议纪要") == ["关于调整城区公交线路的专题会议纪要"]
    # The conjunction nearest the middle, not "与" near the start (a line of 4).
    assert title("关于区与镇两级财政事权划分改革和支出责任调整的专题会议纪要")[0] == "关于区与镇两级财政事权划分改革和"
    assert title("关于召开区政府第1次专题会议（专题）的通知") == ["关于召开区政府第1次专题会议", "（专题）的通知"]  # not 专/题
