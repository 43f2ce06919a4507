"""Hypothesis over every import (issue 6 §6): random .csv and .xlsx roster files and mutated JSON
interchange documents never crash the program — each is imported whole or refused whole with a
Chinese reason, and a refused import writes nothing."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from core.errors import HuiwuError
from core.interchange import parse_document
from core.model import AuditRecord, Department, Person
from core.office import Office
from core.roster_import import import_file
from core.store.keys import RawKey

CELL = st.one_of(
    st.none(),
    st.sampled_from(["区财政局", "组成部门", "镇街", "是", "区长", "副区长", "主要负责人", "2024-01-01", "王某某",
                     "分管工作", "", " ", "<b>&</b>", "😀", "\x07", "1" * 300, "2024/13/40"]),
    st.text(max_size=30),
    st.integers(min_value=-10, max_value=10**12),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 1, 1)),
)
LAYOUTS = {
    "单位": ["名称", "简称", "类别", "合法性审查单位", "备注"],
    "人员任职": ["姓名", "人员备注", "职务", "所在单位", "职务名称", "开始日期", "结束日期"],
    "分管": ["分管领导", "单位", "开始日期", "结束日期"],
}
ROWS = st.lists(st.lists(CELL, min_size=0, max_size=8), min_size=0, max_size=6)
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def counts(office: Office) -> tuple[int, int, int]:
    with office.sessions() as s:
        return tuple(int(s.scalar(select(func.count()).select_from(t)) or 0)
                     for t in (Department, Person, AuditRecord))  # type: ignore[return-value]


def import_or_refuse(office: Office, path: Path) -> None:
    before = counts(office)
    try:
        import_file(office.roster, path)
    except HuiwuError as refused:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.message)  # a Chinese reason
        assert counts(office) == before  # nothing written
    else:
        assert counts(office)[2] == before[2] + 1  # one audit record per accepted import


@FUZZ
@given(sheet=st.sampled_from(list(LAYOUTS)), rows=ROWS)
def test_random_csv(office: Office, tmp_path_factory, sheet: str, rows: list[list[object]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(LAYOUTS[sheet])
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    path = tmp_path_factory.mktemp("csv") / f"{sheet}.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    import_or_refuse(office, path)


@FUZZ
@given(sheets=st.dictionaries(st.sampled_from(list(LAYOUTS)), ROWS, min_size=1))
def test_random_xlsx(office: Office, tmp_path_factory, sheets: dict[str, list[list[object]]]) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        ws.append(LAYOUTS[name])
        for row in rows:
            try:
                ws.append(row)
            except (ValueError, openpyxl.utils.exceptions.IllegalCharacterError):
                ws.append([str(v).encode("unicode_escape").decode() if v is not None else None for v in row])
    path = tmp_path_factory.mktemp("xlsx") / "roster.xlsx"
    book.save(path)
    import_or_refuse(office, path)


def _mutate(doc: dict, choice: int, value: object) -> dict:
    doc = copy.deepcopy(doc)
    tables = doc["tables"]
    names = sorted(tables)
    table = tables[names[choice % len(names)]]
    if table:
        row = table[choice % len(table)]
        keys = sorted(row)
        row[keys[choice % len(keys)]] = value
    else:
        tables[names[choice % len(names)]] = [{"id": value}]
    return doc


@FUZZ
@given(choice=st.integers(min_value=0, max_value=10_000),
       value=st.one_of(st.none(), st.integers(), st.text(max_size=20), st.booleans(), st.lists(st.integers()),
                       st.just("2024-99-99")))
def test_mutated_json(office: Office, tmp_path_factory, choice: int, value: object) -> None:
    if not office.roster.people():  # the fixture's file lives across examples
        office.roster.add_person("张三")
    doc = _mutate(office.interchange.export(office.revision), choice, value)
    target = tmp_path_factory.mktemp("json") / "copy.huiwu"
    try:
        parsed = parse_document(json.dumps(doc, ensure_ascii=False))
        Office.create(target, RawKey.generate(), fill=lambda o: o.interchange.load_into_empty(parsed)).close()
    except HuiwuError as refused:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.message)
        assert not target.exists()
