"""The follow-up summary PDF as a reader sees it: counts, units, the overdue mark, fonts embedded,
nothing active, user text literal, long rows continued on the next page, missing glyphs reported."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pdfplumber
import pytest

from core.documents.followup_report import COLUMNS, SIZE, WIDTHS, Counts, counts, render_followup_report
from core.documents.fonts import MissingGlyph
from core.documents.gbt9704 import X0
from core.model.enums import FollowUpStatus
from core.office import Office
from core.services.followup import FollowUpRow
from tests.core.conftest import TODAY, District
from tests.core.test_followup import issued  # noqa: F401 - the fixture, used by name
from tests.core.test_meeting_docs import assert_safe_pdf

MARKUP = "<b>加快</b>&“公交”<img src=\"/etc/hostname\">线路<a href=\"x\">调整"


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def column(pdf: Path, n: int) -> str:
    """The text of table column `n` over all pages, top to bottom, without its header and the
    shaded unit rows (pdftotext -layout interleaves columns when a cell wraps)."""
    left = X0 + sum(WIDTHS[:n])
    out = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            shaded = [(r["top"], r["bottom"]) for r in page.rects if r["fill"]]
            out += [ch["text"] for ch in page.chars
                    if left <= ch["x0"] < left + WIDTHS[n] and abs(ch["size"] - SIZE) < 0.1
                    and not any(top <= ch["top"] <= bottom for top, bottom in shaded)]
    return "".join(out).replace(COLUMNS[n][0], "")


def test_summary_counts_units_and_overdue_mark(office: Office, district: District, issued: int,  # noqa: F811
                                               tmp_path: Path) -> None:
    f = office.followup
    overdue = f.items(view="overdue")[0]
    f.add_note(overdue.id, noted_on=TODAY, text="已完成方案修改，待报区政府。")
    later = next(i for i in f.items(view="open") if i.deadline == TODAY + dt.timedelta(days=30))
    f.close(later.id, closed_on=TODAY, note="已落实")
    rows = f.items(view="all")
    assert counts(rows, TODAY) == Counts(total=3, open=2, due=1, overdue=1, closed=1)
    c = counts(rows, TODAY)  # the same buckets as the service's views
    assert [c.open, c.due, c.overdue, c.closed] == [len(f.items(view=v)) for v in ("open", "due", "overdue", "closed")]

    pdf = render_followup_report(tmp_path / "督办.pdf", rows, office_name="澄溪区人民政府办公室", as_of=TODAY)
    text = assert_safe_pdf(pdf)
    body = flat(text)
    assert "督办事项情况汇总" in body
    assert "澄溪区人民政府办公室截至2026年6月30日" in body
    assert "共3项：办理中2项（其中7日内到期1项、已逾期1项），已办结1项。" in body
    assert "区交通局共3项，办理中2项（已逾期1项），已办结1项" in body
    for header in ("序号", "议定事项", "分管领导", "办理时限", "办理状态", "最新进展"):
        assert header in body
    assert "丙副区长" in body and "协办：区财政局" in body
    assert flat(column(pdf, 4)) == "已逾期1天办理中还剩3天已办结6月30日"
    assert flat(column(pdf, 5)) == "已完成方案修改，待报区政府。尚无反馈尚无反馈"
    assert "2026年7月3日" in body and "2026年6月29日" in body
    assert "— 1 —" in text
    assert "会议还要求加强宣传" not in body  # no responsible unit: not followed up


def test_overdue_status_is_red(office: Office, issued: int, tmp_path: Path) -> None:  # noqa: F811
    rows = office.followup.items(view="all")
    pdf = render_followup_report(tmp_path / "r.pdf", rows, office_name="办公室", as_of=TODAY)
    with pdfplumber.open(pdf) as doc:
        chars = doc.pages[0].chars
    red = "".join(ch["text"] for ch in chars if tuple(ch["non_stroking_color"] or ()) == (0, 0.8, 0.8, 0))
    assert red == "已逾期1天"  # only the overdue item's status, not the due-soon or open ones


def _row(**kw: object) -> FollowUpRow:
    values: dict[str, object] = dict(id=1, minutes_id=1, decision="原则同意。", decision_type=None,
                                     department="区交通局", co_departments="", leader="丙副区长",
                                     deadline=TODAY, status=FollowUpStatus.OPEN, closed_on=None, last_note="")
    values.update(kw)
    return FollowUpRow(**values)  # type: ignore[arg-type]


def test_user_text_is_printed_literally(tmp_path: Path) -> None:
    rows = [_row(decision=MARKUP, department="区<i>交通</i>局&", last_note="见<u>附件</u>&amp;")]
    pdf = render_followup_report(tmp_path / "m.pdf", rows, office_name="办公室&<i>", as_of=TODAY,
                                 title="督办<b>&汇总")
    text = assert_safe_pdf(pdf)
    body = flat(text)
    assert flat(MARKUP) in flat(column(pdf, 1))
    assert "见<u>附件</u>&amp;" in flat(column(pdf, 5))
    assert "区<i>交通</i>局&" in body
    assert "办公室&<i>" in body and "督办<b>&汇总" in body


def test_long_rows_continue_on_the_next_page_with_headers(tmp_path: Path) -> None:
    long = "会议同意区交通局提出的城区公交线路调整方案，要求抓紧组织实施。" * 60  # taller than a page
    rows = [_row(id=i, decision=f"第{i}项。" + ("要求按期完成。" * 5), department=f"单位{i % 3}")
            for i in range(1, 40)]
    rows.insert(5, _row(id=99, decision=long + "末尾标记"))
    pdf = render_followup_report(tmp_path / "long.pdf", rows, office_name="办公室", as_of=TODAY)
    text = assert_safe_pdf(pdf)
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) >= 4
    for page in pages[1:]:
        if page.strip():
            assert "议定事项" in flat(page)  # the column headers repeat on every page
    body = flat(text)
    assert "末尾标记" in body and "第39项" in body  # nothing cut off
    decisions = flat(column(pdf, 1))
    assert decisions.count("会议同意区交通局提出的城区公交线路调整方案，要求抓紧组织实施。") == 60
    assert decisions.endswith("末尾标记")  # 区交通局 first appears after 单位0–2: its group comes last


def test_no_items(tmp_path: Path) -> None:
    body = flat(assert_safe_pdf(render_followup_report(tmp_path / "e.pdf", [], office_name="办公室", as_of=TODAY)))
    assert "共0项" in body and "本期没有督办事项。" in body


def test_character_missing_from_the_font_is_reported_not_dropped(tmp_path: Path) -> None:
    with pytest.raises(MissingGlyph, match="😀"):
        render_followup_report(tmp_path / "x.pdf", [_row(last_note="已完成😀")], office_name="办公室",
                               as_of=TODAY)
    assert list(tmp_path.iterdir()) == []  # no half-written file left behind


def test_rows_from_the_service_after_a_note_keep_their_order(office: Office, issued: int,  # noqa: F811
                                                             tmp_path: Path) -> None:
    rows = office.followup.items(view="open")
    shuffled = [dataclasses.replace(r, department="区财政局") if r.deadline == TODAY + dt.timedelta(days=30) else r
                for r in rows]
    body = flat(assert_safe_pdf(render_followup_report(tmp_path / "o.pdf", shuffled, office_name="办公室",
                                                        as_of=TODAY)))
    # units in the order of their first (most pressing) row: 区交通局 has the overdue item
    assert body.index("区交通局共2项") < body.index("区财政局共1项")


def test_a_units_name_never_ends_a_page(tmp_path: Path) -> None:
    rows = [_row(id=i, department=f"单位{i // 5}", co_departments="区司法局、区财政局" if i % 2 else "",
                 decision="原则同意镇集镇污水管网建设方案，由该镇负责落实。" + "并按期报告。" * (i % 5))
            for i in range(60)]
    for units_first in (0, 3, 6):  # each put a unit's name at a page foot before it was kept with its row
        pdf = render_followup_report(tmp_path / f"g{units_first}.pdf", rows[units_first:], office_name="办公室",
                                     as_of=TODAY)
        with pdfplumber.open(pdf) as doc:
            assert len(doc.pages) > 2
            for page in doc.pages:
                body = [ch for ch in page.chars if abs(ch["size"] - SIZE) < 0.1]
                for rect in (r for r in page.rects if r["fill"]):
                    assert any(ch["top"] > rect["bottom"] for ch in body), f"unit row alone at the foot of page " \
                                                                          f"{page.page_number}"


# --- what each role may print (只读: nothing classified) --------------------------------------------

PW = {"clerk": "Clerk#2026x", "reviewer": "Review#2026x", "reader": "Reader#2026x"}
SECRET_DECISION = "原则同意议题丁，由区交通局负责落实。"


@pytest.fixture
def classified_too(office: Office, district: District, issued: int) -> Office:  # noqa: F811
    """Beside `issued` (no 密级, three items), minutes issued as 秘密 with one item; then the accounts."""
    from core.model.enums import Classification
    from core.services.accounts import Role
    from tests.core.test_minutes_service import attend, held, review

    mid = held(office, district, titles=("议题丁",))
    attend(office, district, mid)
    mins = office.minutes.draft(mid)
    review(office, mins, classification=Classification.SECRET, secrecy_period="10年", copies=2)
    office.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY)
    office.minutes.issue(mins, issued_on=TODAY)
    office.accounts.create_first_admin("admin", "Admin#2026x")
    office.log_in("admin", "Admin#2026x")
    for name, role in (("clerk", Role.SECRETARY), ("reviewer", Role.REVIEWER), ("reader", Role.READ_ONLY)):
        office.accounts.add(name, role, PW[name])
    return office


def test_read_only_report_leaves_out_classified_items_and_says_so(classified_too: Office, tmp_path: Path) -> None:
    office = classified_too
    office.log_in("reader", PW["reader"])
    f = office.followup
    assert [r.classified for r in f.items(view="all")].count(True) == 1  # on screen: 只读 may view it
    report = f.report_rows(view="all")
    assert report.omitted == 1 and len(report.rows) == 3
    assert SECRET_DECISION not in [r.decision for r in report.rows]
    pdf = render_followup_report(tmp_path / "r.pdf", report.rows, office_name="办公室", as_of=TODAY,
                                 omitted=report.omitted)
    body = flat(assert_safe_pdf(pdf))
    assert "本汇总不含涉密纪要的1项督办事项（当前账户无权打印涉密内容）。" in body
    assert "共3项" in body and "议题丁" not in body
    assert f.report_rows(view="all", department_id=None).omitted == 1  # the same filters as items()
    assert f.report_rows(view="overdue").omitted == 0  # the classified item has no deadline


@pytest.mark.parametrize("user", ["clerk", "reviewer"])
def test_who_may_print_classified_gets_every_item(classified_too: Office, tmp_path: Path, user: str) -> None:
    office = classified_too
    office.log_in(user, PW[user])
    report = office.followup.report_rows(view="all")
    assert report.omitted == 0 and len(report.rows) == 4
    pdf = render_followup_report(tmp_path / "r.pdf", report.rows, office_name="办公室", as_of=TODAY,
                                 omitted=report.omitted)
    body = flat(assert_safe_pdf(pdf))
    assert SECRET_DECISION in flat(column(pdf, 1)) and "共4项" in body
    assert "本汇总不含" not in body


def test_export_is_recorded_in_the_audit_trail(classified_too: Office) -> None:
    from core.services.audit_log import AuditFilter

    office = classified_too
    office.log_in("reader", PW["reader"])  # 只读 may print, so may record what it printed
    report = office.followup.report_rows(view="all")
    office.followup.record_export(report, "汇总.pdf", "督办事项情况汇总")
    [row] = office.audit_log.rows(AuditFilter(event="督办.导出")).rows
    assert row.user == "reader"
    assert row.summary == "导出 3 项督办事项到 汇总.pdf（督办事项情况汇总），不含涉密纪要的 1 项"
