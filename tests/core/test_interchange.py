"""JSON interchange: whole-file round trip, and every kind of bad document refused with nothing written."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from core.errors import ImportRejected, Invalid
from core.interchange import parse_document
from core.office import Office
from core.store.keys import RawKey


def export(office: Office) -> dict:
    return office.interchange.export(office.revision)


def test_parse_refuses_foreign_documents() -> None:
    with pytest.raises(Invalid, match="不是有效的 JSON"):
        parse_document("{")
    with pytest.raises(Invalid, match="不是会务数据交换文件"):
        parse_document(json.dumps({"format": "other"}))
    with pytest.raises(Invalid, match="格式版本"):
        parse_document(json.dumps({"format": "huiwu-interchange", "format_version": 99}))
    with pytest.raises(Invalid, match="数据结构版本"):
        parse_document(json.dumps({"format": "huiwu-interchange", "format_version": 1,
                                   "schema_revision": "9999", "tables": {}}))


def _load(doc: dict, tmp_path: Path) -> Office:
    target = tmp_path / "copy.huiwu"
    return Office.create(target, RawKey.generate(), fill=lambda o: o.interchange.load_into_empty(doc))


def test_round_trip_keeps_every_row(office: Office, tmp_path: Path) -> None:
    office.settings.set("note", "含<特殊>&字符 😀 与\n换行")
    first = export(office)
    with _load(first, tmp_path) as copied:
        second = export(copied)
    for table, rows in first["tables"].items():
        expected = rows if table != "audit" else second["tables"]["audit"][:-1]
        assert rows == expected, table
    assert second["tables"]["setting"] == first["tables"]["setting"]


@pytest.mark.parametrize(("mutate", "reason"), [
    (lambda t: t["setting"].append({"key": "x"}), "缺少字段 value"),
    (lambda t: t["setting"][0].update(extra=1), "未知字段 extra"),
    (lambda t: t.update(unknown_table=[]), "本程序没有这张表"),
    (lambda t: t["audit"][0].update(success="yes"), "应为 true 或 false"),
    (lambda t: t["audit"][0].update(id="1"), "应为整数"),
    (lambda t: t["audit"][0].update(id=2**63), "整数超出范围"),  # found by hypothesis: SQLite holds 64 bits
    (lambda t: t["audit"][0].update(id=-(2**63) - 1), "整数超出范围"),
    (lambda t: t.update(setting=[r for r in t["setting"] if r["key"] != "file_format"]), "会务文件标记"),
])
def test_bad_rows_are_all_reported_and_nothing_written(office: Office, tmp_path: Path, mutate, reason) -> None:
    doc = copy.deepcopy(export(office))
    mutate(doc["tables"])
    with pytest.raises(ImportRejected) as refused:
        _load(doc, tmp_path)
    assert reason in refused.value.message
    assert not (tmp_path / "copy.huiwu").exists()
    assert not list(tmp_path.glob("copy.huiwu.creating*"))


def test_dangling_reference_refused(office: Office, tmp_path: Path) -> None:
    doc = copy.deepcopy(export(office))
    doc["tables"]["portfolio"] = [{"id": 1, "leader_id": 77, "department_id": 88,
                                   "start_date": "2024-01-01", "end_date": None}]
    with pytest.raises(Invalid, match="完整性约束"):
        _load(doc, tmp_path)
    assert not (tmp_path / "copy.huiwu").exists()
