"""Meeting documents as a reader sees them: text present and literal, fonts embedded, no line
starting with forbidden punctuation, page numbers, nothing active in the PDF (R22)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from core.documents import meeting_docs
from core.documents.fonts import MissingGlyph
from core.documents.linebreak import NO_START
from core.model.enums import ApprovalManner, Attendance, MeetingKind
from core.office import Office
from tests.core.conftest import District
from tests.core.test_meeting_service import MEETING_DAY, confirmed_topic, executive

MARKUP = "关于<b>城区</b>&“公交”<img src=\"/etc/hostname\">线路<a href=\"x\">的议题"


def tool(*args: str) -> str:
    if shutil.which(args[0]) is None:
        pytest.fail(f"{args[0]} 未安装（poppler-utils）；CI 的 .ci/run 会安装它")
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def assert_safe_pdf(pdf: Path) -> str:
    raw = pdf.read_bytes()
    for marker in (b"/URI", b"/JavaScript", b"/Launch", b"/EmbeddedFile"):
        assert marker not in raw
    for line in tool("pdffonts", str(pdf)).splitlines()[2:]:
        assert line.split()[-5] == "yes", line  # every font embedded
    return tool("pdftotext", "-layout", str(pdf), "-")


@pytest.fixture
def meeting(office: Office, district: District) -> int:
    d = district
    mid = executive(office, d)
    office.meetings.schedule(mid, confirmed_topic(office, d, "关于调整城区公交线路的议题", involved=[d.finance]))
    office.meetings.schedule(mid, confirmed_topic(office, d, "关于" + "老旧小区改造" * 6 + "的议题"))
    office.meetings.generate_roster(mid)
    return mid


def test_notice(office: Office, meeting: int, tmp_path: Path) -> None:
    detail = office.meetings.detail(meeting)
    pdf = meeting_docs.render_notice(tmp_path / "notice.pdf", detail, office_name="澄溪区人民政府办公室",
                                     issued_on=dt.date(2026, 7, 1))
    text = assert_safe_pdf(pdf)
    flat = re.sub(r"\s+", "", text)
    assert "关于召开区政府第1次常务会议的通知" in flat
    assert "2026年7月9日（星期四）上午9:00" in flat
    assert "由区长甲区长主持" in flat
    assert "关于调整城区公交线路的议题" in flat and "列席：" in flat and "区财政局主要负责人" in flat
    assert "2026年7月1日" in flat
    assert "第四十四条" in flat
    assert "— 1 —" in text
    for line in text.splitlines():
        stripped = line.strip()
        if re.fullmatch(r"— \d+ —", stripped):
            continue  # the page number's dash is not punctuation in the text
        assert not stripped or stripped[0] not in NO_START, line


def test_markup_in_user_text_is_printed_literally(office: Office, district: District, tmp_path: Path) -> None:
    mid = executive(office, district)
    office.meetings.schedule(mid, confirmed_topic(office, district, MARKUP))
    pdf = meeting_docs.render_notice(tmp_path / "y.pdf", office.meetings.detail(mid), office_name="办公室&<i>",
                                     issued_on=dt.date(2026, 7, 1))
    flat = re.sub(r"\s+", "", assert_safe_pdf(pdf))
    assert re.sub(r"\s+", "", MARKUP) in flat
    assert "办公室&<i>" in flat


def test_character_missing_from_the_font_is_reported_not_dropped(office: Office, district: District,
                                                                  tmp_path: Path) -> None:
    mid = executive(office, district)
    office.meetings.schedule(mid, confirmed_topic(office, district, "关于公交线路😀的议题"))
    with pytest.raises(MissingGlyph, match="😀"):
        meeting_docs.render_notice(tmp_path / "x.pdf", office.meetings.detail(mid), office_name="办公室",
                                   issued_on=dt.date(2026, 7, 1))
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".pdf", ".tmp")]


def test_signin_and_attendance(office: Office, district: District, meeting: int, tmp_path: Path) -> None:
    leave = office.leave.request(district.vice_a, meeting_id=meeting, reason="出差")
    office.leave.decide(leave, granted=True, decided_on=dt.date(2026, 6, 30), manner=ApprovalManner.PHONE)
    rows = {r.name: r for r in office.meetings.detail(meeting).roster}
    office.meetings.today = lambda: MEETING_DAY  # attendance is marked on the day
    office.meetings.mark(rows["乙常务"].id, Attendance.LATE, late_at=dt.time(9, 10))
    detail = office.meetings.detail(meeting)
    signin = re.sub(r"\s+", "", assert_safe_pdf(meeting_docs.render_signin(tmp_path / "s.pdf", detail)))
    assert "区政府第1次常务会议签到表" in signin and "签名" in signin
    assert all(r.name in signin for r in detail.roster)
    summary = re.sub(r"\s+", "", assert_safe_pdf(meeting_docs.render_attendance(tmp_path / "a.pdf", detail)))
    assert "请假1人" in summary and "迟到1人" in summary and "09:10到会" in summary


def test_long_roster_runs_over_pages(office: Office, district: District, tmp_path: Path) -> None:
    mid = office.meetings.create(MeetingKind.THEMATIC, day=MEETING_DAY, start_time=dt.time(14, 30), place="第三会议室",
                                 presider_id=district.vice_a, title="专题")
    for i in range(40):
        office.meetings.add_to_roster(mid, role=meeting_docs.RosterRole.INVITEE, name=f"参会人{i:02d}",
                                      reason="邀请")
    pdf = meeting_docs.render_signin(tmp_path / "long.pdf", office.meetings.detail(mid))
    text = assert_safe_pdf(pdf)
    assert "— 2 —" in text and "参会人39" in text
    assert "下午2:30" in re.sub(r"\s+", "", text)


LONG_UNIT = "区人力资源和社会保障局（区医疗保障局）"


def cells_of(pdf: Path) -> tuple[list[list[str]], list[str]]:
    """Each table cell's lines of text (cells as drawn, rect by rect), and the lines outside the table."""
    import pdfplumber

    cells: list[list[str]] = []
    outside: list[str] = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            taken: set[int] = set()
            for rect in page.rects:
                inside = [(n, c) for n, c in enumerate(page.chars) if rect["x0"] <= c["x0"] and c["x1"] <= rect["x1"]
                          and rect["top"] <= c["top"] and c["bottom"] <= rect["bottom"]]
                taken |= {n for n, _ in inside}
                cells.append(_lines([c for _, c in inside]))
            outside += _lines([c for n, c in enumerate(page.chars) if n not in taken])
    return cells, outside


def _lines(chars: list[dict]) -> list[str]:
    by_line: dict[float, list[dict]] = {}
    for ch in chars:
        by_line.setdefault(round(ch["top"]), []).append(ch)
    return ["".join(c["text"] for c in sorted(line, key=lambda c: c["x0"])).strip() for _, line in sorted(by_line.items())]


def test_sheet_cells_wrap_without_orphans_and_never_cut(office: Office, district: District, tmp_path: Path) -> None:
    """Issue 13 §2: a long 单位及职务 wraps and its row grows (no "…"), a wrapped cell's last line holds
    two characters at least, and 时间/地点 never leave "室" alone on a line."""
    mid = office.meetings.create(MeetingKind.THEMATIC, day=MEETING_DAY, start_time=dt.time(14, 30),
                                 place="区政府第一会议室（行政中心北楼三楼东侧）", presider_id=district.vice_a, title="专题")
    for name, post in (("欧阳子梅", f"{LONG_UNIT} 劳动保障监察大队大队长"), ("阿卜杜热合曼·买买提", "区民族宗教事务局 副局长"),
                       ("张三", "区住房和城乡建设局 局长"), ("李四", "区财政局 主要负责人")):
        office.meetings.add_to_roster(mid, role=meeting_docs.RosterRole.INVITEE, name=name, post_text=post,
                                      reason="邀请")
    detail = office.meetings.detail(mid)
    for render in (meeting_docs.render_signin, meeting_docs.render_attendance):
        pdf = render(tmp_path / f"{render.__name__}.pdf", detail)
        cells, outside = cells_of(pdf)
        flat = "".join(line for cell in cells for line in cell) + "".join(outside)
        assert "…" not in flat
        wrapped = [cell for cell in cells if len(cell) > 1]
        assert wrapped, "the fixture wraps no cell"
        for cell in wrapped:
            assert all(len(line) >= 2 for line in cell), cell
        assert any("".join(cell) == f"{LONG_UNIT}劳动保障监察大队大队长" for cell in cells)  # whole, not cut
        assert any("".join(cell) == "阿卜杜热合曼·买买提" for cell in cells)
        assert all(len(line) >= 2 for line in outside if line and not re.fullmatch(r"— \d+ —", line)), outside
