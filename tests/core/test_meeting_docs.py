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
