"""A bad roster file is imported or refused in bounded time (issue 11 §7), and the import package
and the roster service do not import each other (issue 11, "The house").

The far-cell workbook kept the old openpyxl reader busy for over 300 s; it runs here in a child
process with a 10 s timeout, so a regression fails the test instead of hanging the suite.
"""

from __future__ import annotations

import ast
import datetime as dt
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.styles import Font

from core.errors import Invalid
from core.office import Office
from core.roster_import import import_file, parse_file
from core.roster_import.limits import (
    MAX_DATA_ROWS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    column_letters,
)
from core.roster_import.xlsx import read_xlsx
from tests.core.test_roster_import import HEAD, xlsx
from tests.core.test_roster_service import state

ROOT = Path(__file__).resolve().parents[2]
BOUND_S = 10.0
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def read_in_child(path: Path) -> tuple[str, float]:
    """parse_file in a child process killed after 10 s: what it printed, and how long it took."""
    code = ("import sys\nfrom core.errors import HuiwuError\nfrom core.roster_import import parse_file\n"
            "try:\n    print('读入', parse_file(sys.argv[1]).row_count)\n"
            "except HuiwuError as refused:\n    print('拒绝', refused.message)\n")
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, capture_output=True,
                              text=True, timeout=BOUND_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"reading {path.name} took more than {BOUND_S} s")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip(), time.monotonic() - started


def far_cell_workbook(path: Path, *, value: bool) -> Path:
    """A valid 单位 sheet, and at XFD1048576 either a value or only a font (a formatted empty cell)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "单位"
    sheet.append(HEAD["单位"])
    sheet.append(["区财政局", "", "组成部门", "", ""])
    if value:
        sheet["XFD1048576"] = "x"
    else:
        sheet["XFD1048576"].font = Font(bold=True)
    book.save(path)
    return path


# --- a workbook written by hand: what openpyxl would not write ---------------------------------

def sheet_xml(rows: Iterable[tuple[int, list[tuple[int, Any]]]], prefix: str = "") -> Iterable[bytes]:
    p = f"{prefix}:" if prefix else ""
    yield f'<{p}worksheet xmlns{":" + prefix if prefix else ""}="{MAIN}"><{p}sheetData>'.encode()
    for number, cells in rows:
        yield f'<{p}row r="{number}">'.encode()
        for column, value in cells:
            ref = f' r="{column_letters(column)}{number}"' if column else ""
            inner = (f"<{p}v>{value}</{p}v>" if isinstance(value, int)
                     else f"<{p}is><{p}t>{escape(value)}</{p}t></{p}is>")
            kind = "" if isinstance(value, int) else ' t="inlineStr"'
            yield f"<{p}c{ref}{kind}>{inner}</{p}c>".encode()
        yield f"</{p}row>".encode()
    yield f"</{p}sheetData></{p}worksheet>".encode()


def hand_written(path: Path, sheets: dict[str, Iterable[bytes]], styles: bytes | None = None) -> Path:
    """A minimal .xlsx: package and workbook relationships, the workbook, the sheets' XML, styles."""
    names = list(sheets)
    styled = f'<Relationship Id="rIdS" Type="{RELS}/styles" Target="styles.xml"/>' if styles else ""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("_rels/.rels", f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
                      f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        book.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>' + "".join(
            f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1))
            + "</sheets></workbook>")
        book.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PACKAGE_RELS}">' + "".join(
            f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(names) + 1)) + styled + "</Relationships>")
        for i, chunks in enumerate(sheets.values(), 1):
            with book.open(f"xl/worksheets/sheet{i}.xml", "w") as part:
                for chunk in chunks:
                    part.write(chunk)
        if styles:
            book.writestr("xl/styles.xml", styles)
    return path


def table(title: str, rows: Iterable[list[Any]]) -> Iterable[tuple[int, list[tuple[int, Any]]]]:
    yield 1, list(enumerate(HEAD[title], 1))
    for number, row in enumerate(rows, start=2):
        yield number, [(c, v) for c, v in enumerate(row, 1) if v != ""]


# --- the far cell ---------------------------------------------------------------------------------

def test_a_value_at_xfd1048576_is_refused_within_10_s(office: Office, tmp_path: Path) -> None:
    path = far_cell_workbook(tmp_path / "far.xlsx", value=True)
    assert path.stat().st_size < 10_000
    printed, seconds = read_in_child(path)
    assert printed.startswith("拒绝") and "XFD1048576" in printed and "超出人员名册的合理范围" in printed
    assert seconds < BOUND_S
    before = state(office)
    with pytest.raises(Invalid, match="XFD1048576"):
        import_file(office.roster, path)
    assert state(office) == before


def test_a_formatted_empty_cell_far_away_is_ignored(office: Office, tmp_path: Path) -> None:
    path = far_cell_workbook(tmp_path / "far.xlsx", value=False)
    printed, _ = read_in_child(path)
    assert printed == "读入 1"
    assert import_file(office.roster, path).departments == 1


@pytest.mark.parametrize(("row", "column"), [(MAX_ROWS + 1, 1), (2, 27), (1_048_576, 16_384)])
def test_values_beyond_a_rosters_extent_are_refused(tmp_path: Path, row: int, column: int) -> None:
    rows = [*table("单位", [["区财政局", "", "组成部门"]]), (row, [(column, "x")])]
    path = hand_written(tmp_path / "r.xlsx", {"单位": sheet_xml(rows)})
    with pytest.raises(Invalid, match=f"单元格 {column_letters(column)}{row}（第 {row} 行、第 {column} 列）"):
        parse_file(path)


def test_a_csv_value_beyond_the_extent_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "人员.csv"
    path.write_text("姓名,职务,开始日期\n" + "\n" * MAX_ROWS + "张三,其他,2024-01-01\n", encoding="utf-8")
    with pytest.raises(Invalid, match=f"文件“人员.csv”的单元格 C{MAX_ROWS + 2}"):
        parse_file(path)
    path.write_text("姓名,职务,开始日期\n张三,其他,2024-01-01" + "," * 30 + "x\n", encoding="utf-8")
    with pytest.raises(Invalid, match=f"单元格 {column_letters(33)}2"):
        parse_file(path)


def test_more_rows_than_one_import_takes_are_refused(tmp_path: Path) -> None:
    third = MAX_DATA_ROWS // 3 + 1  # each table within MAX_ROWS, together one row too many
    sheets = {title: sheet_xml(table(title, [["x"]] * third)) for title in ("单位", "人员任职", "分管")}
    with pytest.raises(Invalid, match=f"合计有 {3 * third} 行数据，超过一次导入的上限 {MAX_DATA_ROWS} 行"):
        parse_file(hand_written(tmp_path / "r.xlsx", sheets))


def test_the_largest_roster_allowed_imports_within_10_s(office: Office, tmp_path: Path) -> None:
    count = MAX_ROWS - 1  # the header is row 1
    departments = [[f"单位{i:05d}", "", "其他单位"] for i in range(count)]
    posts = [[f"负责人{i:05d}", "", "主要负责人", f"单位{i:05d}", "", "2024-01-01"] for i in range(count)]
    path = hand_written(tmp_path / "r.xlsx", {"单位": sheet_xml(table("单位", departments)),
                                              "人员任职": sheet_xml(table("人员任职", posts))})
    started = time.monotonic()
    summary = import_file(office.roster, path)
    assert (summary.departments, summary.people, summary.appointments) == (count, count, count)
    assert time.monotonic() - started < BOUND_S


# --- size and zip bombs ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["大.xlsx", "大.csv"])
def test_a_file_over_10_mb_is_refused_at_once(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written, the size is what counts
    started = time.monotonic()
    with pytest.raises(Invalid, match="超过名册文件的上限 10 MB"):
        parse_file(path)
    assert time.monotonic() - started < 1


def blank_sheet(size: int) -> Iterable[bytes]:
    """A sheet whose XML is `size` bytes of spaces: compresses a thousandfold."""
    yield f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
    for _ in range(size // 2**20):
        yield b" " * 2**20
    yield b"</sheetData></worksheet>"


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = hand_written(tmp_path / "bomb.xlsx", {"单位": blank_sheet(4 * MAX_UNPACKED_BYTES)})
    assert path.stat().st_size < MAX_UNPACKED_BYTES // 100
    started = time.monotonic()
    with pytest.raises(Invalid, match="解压后超过 16 MB"):
        parse_file(path)
    assert time.monotonic() - started < 1  # refused on the declared size, before unpacking


def test_parts_that_together_unpack_too_much_are_refused(tmp_path: Path) -> None:
    third = MAX_UNPACKED_BYTES // 3 + 2**20
    sheets = {"单位": blank_sheet(third), "人员任职": blank_sheet(third), "分管": blank_sheet(third)}
    with pytest.raises(Invalid, match="解压后超过"):
        parse_file(hand_written(tmp_path / "bomb.xlsx", sheets))


def test_entity_declarations_are_refused(tmp_path: Path) -> None:
    laughs = ('<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c>'
              "</row></sheetData></worksheet>").encode()
    with pytest.raises(Invalid, match="已损坏"):
        parse_file(hand_written(tmp_path / "dtd.xlsx", {"单位": [laughs]}))


def test_a_csv_cell_over_the_csv_field_limit_is_refused_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "单位.csv"
    path.write_text('名称,类别\n"' + "局" * 200_000 + '",组成部门\n', encoding="utf-8")
    with pytest.raises(Invalid, match="单元格过长"):
        parse_file(path)


# --- the reader reads what openpyxl reads --------------------------------------------------------

CELL = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    st.sampled_from([" 前后空格 ", "<b>&amp;</b>", "区财政局", "2024年1月1日"]),
)


def _openpyxl_rows(path: Path, title: str) -> dict[tuple[int, int], object]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return {(r, c): v for r, row in enumerate(book[title].iter_rows(values_only=True), 1)
                for c, v in enumerate(row, 1) if not (v is None or (isinstance(v, str) and not v.strip()))}
    finally:
        book.close()


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date:UserWarning")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELL, max_size=8), max_size=8))
def test_every_value_reads_as_openpyxl_reads_it(tmp_path_factory: pytest.TempPathFactory,
                                                rows: list[list[object]]) -> None:
    path = tmp_path_factory.mktemp("x") / "r.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "单位"
    for row in rows:
        sheet.append(row)
    sheet.cell(row=3, column=2).number_format = 'yyyy"年"m"月"d"日"'  # a custom date format
    book.save(path)
    [(_, read)] = read_xlsx(path, lambda title: True)
    ours = {(r, c): v for r, cells in read or [] for c, v in enumerate(cells, 1) if v is not None}
    theirs = _openpyxl_rows(path, "单位")
    # openpyxl turns a number too large for a date into "#VALUE!"; the roster keeps the number
    # and says "不是有效日期" with it.
    assert ours == {k: ours.get(k) if v == "#VALUE!" else v for k, v in theirs.items()}


def test_inline_strings_prefixed_names_and_cells_without_references(tmp_path: Path) -> None:
    rows = [(1, [(0, h) for h in HEAD["单位"][:3]]), (2, [(0, "区财政局"), (0, " "), (0, "组成部门")]),
            (4, [(1, "青山镇"), (3, "镇街")])]
    path = hand_written(tmp_path / "r.xlsx", {"单位": sheet_xml(rows, prefix="x")})
    parsed = parse_file(path)
    assert [(d.where.row, d.name, d.kind.value) for d in parsed.departments] == [(2, "区财政局", "组成部门"),
                                                                                (4, "青山镇", "镇街")]


def test_dates_in_chinese_builtin_formats_are_dates(tmp_path: Path) -> None:
    """Chinese Excel names 31 (yyyy"年"m"月"d"日") by number only; openpyxl reads such a cell as a number."""
    styles = (f'<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="31"/>'
              "</cellXfs></styleSheet>").encode()
    sheet = (f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'
             + "".join(f'<c r="{column_letters(i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
                       for i, h in enumerate(["分管领导", "单位", "开始日期"], 1))
             + '</row><row r="2"><c r="A2" t="inlineStr"><is><t>李红梅</t></is></c>'
             '<c r="B2" t="inlineStr"><is><t>区财政局</t></is></c><c r="C2" s="1"><v>45292</v></c></row>'
             "</sheetData></worksheet>").encode()
    [portfolio] = parse_file(hand_written(tmp_path / "r.xlsx", {"分管": [sheet]}, styles)).portfolios
    assert portfolio.start == dt.date(2024, 1, 1)


# --- the house ------------------------------------------------------------------------------------

def _imported(path: Path) -> set[str]:
    """Every module a file imports, those under `if TYPE_CHECKING:` and inside functions too."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def test_the_import_package_never_imports_the_roster_service() -> None:
    package = ROOT / "core" / "roster_import"
    for module in package.glob("*.py"):
        assert "core.services.roster" not in _imported(module), module.name
    assert any(m.startswith("core.roster_import.") for m in _imported(ROOT / "core/services/roster.py"))
    assert not (ROOT / "core" / "roster_import.py").exists()  # no loose module at core's root


def test_text_is_checked_by_core_text_only() -> None:
    """No private copy of the control-character check: core.text decides for the roster too."""
    for module in (ROOT / "core" / "roster_import").glob("*.py"):
        assert "unicodedata" not in _imported(module), module.name
    assert "core.text" in _imported(ROOT / "core/roster_import/cells.py")


def test_invisible_characters_are_not_quoted_back(office: Office, tmp_path: Path) -> None:
    sheets: dict[str, list[list[Any]]] = {"单位": [["区财政局", "", "组成部门", "是\u202e", ""]], "分管": []}
    path = xlsx(tmp_path / "r.xlsx", sheets)
    book = openpyxl.load_workbook(path)
    book.create_sheet("花名\u202e册")
    book["分管"]["E1"] = "列\u202e"
    book.save(path)
    problems = parse_file(path).problems
    assert ("工作表“（含不可见字符的内容）”", "无法识别；应为：单位、人员任职、分管、AB角、委托、说明") in problems
    assert all("\u202e" not in f"{where}{why}" for where, why in problems), problems
    assert any("无法识别的列：（含不可见字符的内容）" in why for _, why in problems)
    assert any(where == "“单位”第 2 行" and "“合法性审查单位”含有" in why for where, why in problems)

