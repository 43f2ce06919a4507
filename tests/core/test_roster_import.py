"""Roster import from .xlsx and .csv: the template round trip, every bad row reported, nothing written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from core import roster_import
from core.errors import ImportRejected, Invalid
from core.model.enums import DelegationScope, DepartmentKind, Post
from core.office import Office
from core.services.roster_types import PersonRef
from tests.core.test_roster_service import audit_events, state

D = dt.date
HEAD = {
    "单位": ["名称", "简称", "类别", "合法性审查单位", "备注"],
    "人员任职": ["姓名", "人员备注", "职务", "所在单位", "职务名称", "开始日期", "结束日期"],
    "分管": ["分管领导", "单位", "开始日期", "结束日期"],
    "AB角": ["A角", "B角", "开始日期", "结束日期"],
    "委托": ["委托人", "受托人", "委托事项", "开始日期", "结束日期", "事由"],
}


def xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(HEAD[title])
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def base_rows() -> dict[str, list[list[Any]]]:
    return {
        "单位": [["区财政局", "财政局", "组成部门", "", ""], ["区司法局", "", "组成部门", "是", ""]],
        "人员任职": [["王建国", "", "区长", "", "", D(2024, 1, 1), None],
                     ["钱立新", "", "常务副区长", "", "", "2024-01-01", None],
                     ["李红梅", "", "副区长", "", "", "2024/1/1", None],
                     ["赵志强", "", "副区长", "", "", "2024年1月1日", None],
                     ["孙财", "", "主要负责人", "区财政局", "局长", "20240101", None]],
        "分管": [["李红梅", "区财政局", D(2024, 1, 1), None]],
        "AB角": [["李红梅", "赵志强", D(2024, 1, 1), None]],
        "委托": [["王建国", "钱立新", "主持区政府工作", D(2024, 3, 4), D(2024, 3, 8), "出差"]],
    }


def rejected(office: Office, path: Path) -> list[tuple[int | str, str]]:
    """Import `path`, expect a refusal, check nothing changed, return the problems."""
    before = state(office)
    with pytest.raises(ImportRejected) as refused:
        roster_import.import_file(office.roster, path)
    assert state(office) == before
    return refused.value.problems


# --- template ---------------------------------------------------------------------------------

def test_template_has_help_sheet_headers_and_examples(tmp_path: Path) -> None:
    path = roster_import.write_template(tmp_path / "模板.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["说明", "单位", "人员任职", "分管", "AB角", "委托"]
    assert "整个文件检查无误后才会一次性导入" in "\n".join(str(c.value) for c in book["说明"]["A"])
    for title, headers in HEAD.items():
        sheet = book[title]
        assert [str(c.value).rstrip("*") for c in sheet[1]] == headers
        assert sheet.max_row >= 2


def test_template_round_trip(office: Office, tmp_path: Path) -> None:
    path = roster_import.write_template(tmp_path / "模板.xlsx")
    before = len(audit_events(office))
    summary = roster_import.import_file(office.roster, path)
    assert (summary.departments, summary.people, summary.appointments, summary.portfolios,
            summary.partnerships, summary.delegations) == (1, 4, 4, 1, 1, 1)
    assert audit_events(office)[before:] == ["名册.导入"]  # one record for the whole file
    r = office.roster
    [justice] = r.departments(search="司法")
    assert justice.is_legality_reviewer and justice.kind == DepartmentKind.CONSTITUENT
    day = D(2024, 3, 5)
    assert [p.name for p in r.holders(Post.MAYOR, day)] == ["王某某"]
    assert r.principal_head(justice.id, day) == PersonRef(r.people(search="孙某某")[0].id, "孙某某")
    leader = r.supervisor(justice.id, day)
    assert leader is not None and leader.name == "李某某"
    acting = r.acting_for(leader.id, day, DelegationScope.PORTFOLIO)
    assert acting is not None and acting.acting.name == "赵某某"
    # The same file again overlaps what it wrote: refused as a whole, nothing doubled.
    problems = rejected(office, path)
    assert any("任期不能重叠" in why for _, why in problems)


# --- a good file and its CSV forms ----------------------------------------------------------------

def test_full_workbook_imports(office: Office, tmp_path: Path) -> None:
    summary = roster_import.import_file(office.roster, xlsx(tmp_path / "r.xlsx", base_rows()))
    assert (summary.departments, summary.people, summary.appointments) == (2, 5, 5)
    # `huiwu roster import` prints f"导入完成：{summary}": a Chinese sentence, not a repr.
    assert str(summary) == ("新增单位 2 个、人员 5 人、任职 5 条、分管 1 条、AB角 1 对、委托 1 条；"
                            "沿用已有单位 0 个、人员 0 人")
    acting = office.roster.acting_for(office.roster.people(search="王建国")[0].id, D(2024, 3, 8),
                                      DelegationScope.GOVERNMENT_WORK)
    assert acting is not None and acting.label == "常务副区长 钱立新（受区长委托）"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_each_encoding(office: Office, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "单位.csv"
    path.write_bytes("名称,简称,类别,合法性审查单位,备注\n区财政局,财政局,组成部门,,\n青山镇,,镇街,否,\n"
                     .encode(encoding))
    summary = roster_import.import_file(office.roster, path)
    assert summary.departments == 2
    assert [d.name for d in office.roster.departments(kind=DepartmentKind.TOWNSHIP)] == ["青山镇"]


def test_csv_tables_one_after_another_reuse_stored_rows(office: Office, tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("名称*,类别*\n区财政局,组成部门\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("姓名,职务,开始日期\n李红梅,副区长,2024-01-01\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text("分管领导,单位,开始日期\n李红梅,区财政局,2024-01-01\n", encoding="utf-8")
    for name in ("a.csv", "b.csv", "c.csv"):
        roster_import.import_file(office.roster, tmp_path / name)
    dept = office.roster.departments()[0]
    leader = office.roster.supervisor(dept.id, D(2024, 1, 1))
    assert leader is not None and leader.name == "李红梅"


def test_csv_with_unknown_header_is_refused(office: Office, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("姓名,年龄\n张三,30\n", encoding="utf-8")
    before = state(office)
    with pytest.raises(Invalid, match="无法识别 CSV 文件"):
        roster_import.import_file(office.roster, path)
    assert state(office) == before


def test_csv_control_characters_are_refused(office: Office, tmp_path: Path) -> None:
    path = tmp_path / "人员.csv"
    path.write_text("姓名,职务,开始日期\n张\x07三,其他,2024-01-01\n李四,其他,2024-01-01\t\n", encoding="utf-8")
    problems = rejected(office, path)
    assert [w for w, _ in problems] == ["“人员任职”第 2 行"]
    assert "控制字符" in problems[0][1]


def test_csv_undecodable_is_refused(office: Office, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"\xff\xfe\x00\x81\xff" * 10)
    with pytest.raises(Invalid, match="文字编码"):
        roster_import.import_file(office.roster, path)


# --- bad rows ------------------------------------------------------------------------------------

BAD_CASES: list[tuple[str, str, list[Any], str]] = [
    ("missing name", "人员任职", ["", "", "副区长", "", "", D(2024, 1, 1), None], "“姓名”不能为空"),
    ("second mayor", "人员任职", ["周新", "", "区长", "", "", D(2024, 6, 1), None], "只能有一位区长"),
    ("second head", "人员任职", ["吴某", "", "主要负责人", "区财政局", "", D(2024, 6, 1), None], "第九条"),
    ("head without department", "人员任职", ["吴某", "", "主要负责人", "", "", D(2024, 6, 1), None],
     "须填写所在单位"),
    ("department missing", "人员任职", ["吴某", "", "副职负责人", "区不存在局", "", D(2024, 6, 1), None],
     "所在单位“区不存在局”不存在"),
    ("dates out of order", "人员任职", ["吴某", "", "其他", "", "", D(2024, 6, 2), D(2024, 6, 1)],
     "早于开始日期"),
    ("10,000-character name", "人员任职", ["张" * 10_000, "", "其他", "", "", D(2024, 6, 1), None],
     "最多 100 个字符"),
    ("bidi control character", "人员任职", ["张\u202e三", "", "其他", "", "", D(2024, 6, 1), None], "控制字符"),
    ("unknown post", "人员任职", ["吴某", "", "大区长", "", "", D(2024, 6, 1), None], "“职务”无法识别"),
    ("bad date", "人员任职", ["吴某", "", "其他", "", "", "2024-02-30", None], "不是有效日期"),
    ("missing start", "人员任职", ["吴某", "", "其他", "", "", None, None], "缺少“开始日期”"),
    ("dates without post", "人员任职", ["吴某", "", "", "", "", D(2024, 6, 1), None], "缺少“职务”"),
    ("unknown kind", "单位", ["区某局", "", "部委", "", ""], "“类别”无法识别"),
    ("long department", "单位", ["局" * 10_000, "", "组成部门", "", ""], "最多 100 个字符"),
    ("bad flag", "单位", ["区某局", "", "组成部门", "也许", ""], "应填“是”"),
    ("second reviewer", "单位", ["区法制办", "", "其他单位", "是", ""], "第四十二条"),
    ("duplicate department", "单位", ["区财政局", "", "组成部门", "", ""], "在本表中重复"),
    ("portfolio for missing department", "分管", ["李红梅", "区不存在局", D(2024, 1, 1), None],
     "单位“区不存在局”不存在"),
    ("portfolio by unknown person", "分管", ["查无此人", "区司法局", D(2024, 1, 1), None], "分管领导“查无此人”不存在"),
    ("portfolio by a department head", "分管", ["孙财", "区司法局", D(2024, 1, 1), None], "第八条"),
    ("portfolio dates out of order", "分管", ["赵志强", "区司法局", D(2024, 2, 1), D(2024, 1, 1)], "早于开始日期"),
    ("second supervisor", "分管", ["赵志强", "区财政局", D(2024, 5, 1), None], "只能有一位分管领导"),
    ("second partner", "AB角", ["钱立新", "赵志强", D(2024, 5, 1), None], "只能有一位AB角"),
    ("delegation without end", "委托", ["王建国", "钱立新", "主持区政府工作", D(2024, 5, 1), None, ""],
     "缺少“结束日期”"),
    ("delegation to non-partner", "委托", ["李红梅", "钱立新", "分管工作", D(2024, 5, 1), D(2024, 5, 2), ""],
     "不是李红梅的AB角"),
    ("unknown scope", "委托", ["王建国", "钱立新", "代管", D(2024, 5, 1), D(2024, 5, 2), ""], "“委托事项”无法识别"),
]


@pytest.mark.parametrize(("sheet", "row", "fragment"), [c[1:] for c in BAD_CASES], ids=[c[0] for c in BAD_CASES])
def test_bad_row_is_reported_with_sheet_and_row(office: Office, tmp_path: Path, sheet: str, row: list[Any],
                                                fragment: str) -> None:
    sheets = base_rows()
    sheets[sheet].append(row)
    problems = rejected(office, xlsx(tmp_path / "bad.xlsx", sheets))
    where = f"“{sheet}”第 {len(sheets[sheet]) + 1} 行"
    assert any(w == where and fragment in why for w, why in problems), problems


def test_every_bad_row_is_reported_at_once(office: Office, tmp_path: Path) -> None:
    sheets = base_rows()
    for _, sheet, row, _ in BAD_CASES:
        sheets[sheet].append(row)
    problems = rejected(office, xlsx(tmp_path / "bad.xlsx", sheets))
    for _, _, _, fragment in BAD_CASES:
        assert any(fragment in why for _, why in problems), fragment
    with pytest.raises(ImportRejected) as refused:
        roster_import.import_file(office.roster, tmp_path / "bad.xlsx")
    assert "未导入任何数据" in refused.value.message


def test_conflicts_with_the_stored_roster(office: Office, tmp_path: Path) -> None:
    mayor = office.roster.add_person("周新")
    office.roster.appoint(mayor, Post.MAYOR, D(2023, 1, 1))
    problems = rejected(office, xlsx(tmp_path / "r.xlsx", base_rows()))
    assert ("“人员任职”第 2 行", "同一日期只能有一位区长：该期间已由周新（2023年1月1日起）担任（依据《工作规则》第五条）") \
        in problems


def test_unknown_sheet_and_bad_headers(office: Office, tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "花名册"  # type: ignore[union-attr]
    book.create_sheet("单位").append(["名字", "类别"])
    book.save(tmp_path / "x.xlsx")
    problems = rejected(office, tmp_path / "x.xlsx")
    assert ("工作表“花名册”", "无法识别；应为：单位、人员任职、分管、AB角、委托、说明") in problems
    assert any(w == "“单位”表头" and "缺少必需的列：名称" in why and "无法识别的列：名字" in why
               for w, why in problems)


def test_empty_and_foreign_files(office: Office, tmp_path: Path) -> None:
    problems = rejected(office, xlsx(tmp_path / "empty.xlsx", {"单位": []}))
    assert any("没有可导入的数据" in why for _, why in problems)
    (tmp_path / "fake.xlsx").write_bytes(b"not a zip file")
    with pytest.raises(Invalid, match="已损坏或不是 .xlsx"):
        roster_import.import_file(office.roster, tmp_path / "fake.xlsx")
    (tmp_path / "r.txt").write_text("x", encoding="utf-8")
    with pytest.raises(Invalid, match="不支持的文件类型"):
        roster_import.import_file(office.roster, tmp_path / "r.txt")


# --- people sharing a name -------------------------------------------------------------------------

def test_homonyms_are_told_apart_by_note(office: Office, tmp_path: Path) -> None:
    sheets: dict[str, list[list[Any]]] = {
        "单位": [["区教委", "", "组成部门", "", ""], ["区卫健委", "", "组成部门", "", ""]],
        "人员任职": [["张伟", "区教委", "副区长", "", "", D(2024, 1, 1), None],
                     ["张伟", "区卫健委", "副区长", "", "", D(2024, 1, 1), None],
                     ["刘洋", "", "副区长", "", "", D(2024, 1, 1), None]],
        "分管": [["张伟（区教委）", "区教委", D(2024, 1, 1), None],
                 ["张伟(区卫健委)", "区卫健委", D(2024, 1, 1), None]],
        "AB角": [["张伟", "刘洋", D(2024, 1, 1), None]],
    }
    problems = rejected(office, xlsx(tmp_path / "r.xlsx", sheets))
    assert len(problems) == 1
    assert problems[0][0] == "“AB角”第 2 行" and "2 位同名人员" in problems[0][1]
    sheets["AB角"] = [["张伟（区卫健委）", "刘洋", D(2024, 1, 1), None]]
    summary = roster_import.import_file(office.roster, xlsx(tmp_path / "r2.xlsx", sheets))
    assert summary.people == 3
    zhang = {p.note: p.id for p in office.roster.people(search="张伟")}
    edu = office.roster.departments(search="教委")[0].id
    assert office.roster.supervisor(edu, D(2024, 1, 1)) == PersonRef(zhang["区教委"], "张伟")
    assert office.roster.partner_of(zhang["区卫健委"], D(2024, 1, 1)) is not None


def test_stored_people_and_departments_are_reused(office: Office, tmp_path: Path) -> None:
    dept = office.roster.add_department("区财政局", DepartmentKind.CONSTITUENT)
    person = office.roster.add_person("李红梅")
    summary = roster_import.import_file(office.roster, xlsx(tmp_path / "r.xlsx", base_rows()))
    assert (summary.departments_reused, summary.people_reused) == (1, 1)
    assert office.roster.supervisor(dept, D(2024, 1, 1)) == PersonRef(person, "李红梅")


# --- size ------------------------------------------------------------------------------------------

def test_five_thousand_appointments(office: Office, tmp_path: Path) -> None:
    departments = [[f"单位{i:04d}", "", "其他单位", "", ""] for i in range(2500)]
    posts = []
    for i in range(2500):
        posts.append([f"负责人{i:04d}", "", "主要负责人", f"单位{i:04d}", "", D(2024, 1, 1), None])
        posts.append([f"副职{i:04d}", "", "副职负责人", f"单位{i:04d}", "", D(2024, 1, 1), None])
    summary = roster_import.import_file(office.roster, xlsx(tmp_path / "big.xlsx",
                                                            {"单位": departments, "人员任职": posts}))
    assert (summary.departments, summary.people, summary.appointments) == (2500, 5000, 5000)
    assert len(office.roster.appointments(post=Post.DEPUTY_HEAD)) == 2500
    assert len(office.roster.people(search="副职")) == 2500
