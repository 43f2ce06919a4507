"""JSON interchange: whole-file round trip, and every kind of bad document refused with nothing written."""

from __future__ import annotations

import copy
import dataclasses
import errno
import json
import os
import stat
import time
from pathlib import Path

import pytest

from core.errors import HuiwuError, ImportRejected, Invalid
from core.interchange import MAX_DEPTH, nesting_depth, parse_document
from core.keeping import hardening
from core.model.base import Base
from core.model.enums import MeetingKind
from core.office import Office
from core.store.keys import RawKey
from tests.core.conftest import District
from tests.core.test_minutes_service import held


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
        expected = rows if table != "audit" else second["tables"]["audit"][:len(rows)]
        assert rows == expected, table
    assert "数据.导入" in [r["event"] for r in second["tables"]["audit"][len(first["tables"]["audit"]):]]
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


# --- one text check for every text column (issue 11 §7) -----------------------------------------

@pytest.mark.parametrize(("where", "value", "said"), [
    ("setting.key", "note\u202e", "改变文字显示方向的控制字符 U+202E（第 5 个字符）"),
    ("setting.value", "标题\x00", "不可见的控制字符 U+0000"),
    ("setting.value", "标题\x07", "不可见的控制字符 U+0007"),
    ("setting.value", "gpj\u2067.exe", "U+2067"),
    ("setting.key", "note\n2", "只能填写一行"),
    ("setting.value", "\ud800", "U+D800"),
])
def test_text_the_forms_refuse_is_refused_naming_table_row_and_column(office: Office, tmp_path: Path,
                                                                         where: str, value: str, said: str) -> None:
    office.settings.set("note", "备注")
    doc = copy.deepcopy(export(office))
    table, column = where.split(".")
    index, row = next((i, r) for i, r in enumerate(doc["tables"][table], 1) if r["key"] == "note")
    row[column] = value
    with pytest.raises(ImportRejected) as refused:
        _load(doc, tmp_path)
    assert f"表 {table} 第 {index} 行：字段 {column} 含有" in refused.value.message
    assert said in refused.value.message
    assert not (tmp_path / "copy.huiwu").exists()


def test_newlines_and_tabs_pass_in_multiline_columns(office: Office, tmp_path: Path) -> None:
    office.settings.set("note", "第一行\n\t第二行")
    with _load(copy.deepcopy(export(office)), tmp_path) as copied:
        assert copied.settings.get("note") == "第一行\n\t第二行"


def test_a_login_name_with_a_bidi_control_is_recorded_visibly_and_the_file_still_imports(
        office: Office, tmp_path: Path) -> None:
    office.accounts.create_first_admin("admin", "Admin#2026x")
    with pytest.raises(HuiwuError):
        office.accounts.login("adm\u202enimda", "x")
    doc = export(office)
    assert any(r["user"] == "adm[U+202E]nimda" for r in doc["tables"]["audit"])
    _load(copy.deepcopy(doc), tmp_path).close()


# --- nesting and other parse failures (issue 11 §7) --------------------------------------------

def test_deep_nesting_is_refused_in_bounded_time() -> None:
    for text in ("[" * 100_000 + "]" * 100_000, "[" * 100_000, '{"a":' * 100_000):
        started = time.monotonic()
        with pytest.raises(Invalid, match="嵌套过深"):
            parse_document(text)
        assert time.monotonic() - started < 2


def test_nesting_is_counted_outside_strings_only(office: Office) -> None:
    doc = export(office)
    assert nesting_depth(json.dumps(doc, ensure_ascii=False)) <= 6
    doc["derived"] = {"note": "[" * 10_000 + '\\"{'}
    assert parse_document(json.dumps(doc))["derived"]["note"].startswith("[[[")
    doc["derived"] = json.loads("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    with pytest.raises(Invalid, match=f"最多 {MAX_DEPTH} 层"):
        parse_document(json.dumps(doc))


def test_nesting_depth_stays_linear_on_unterminated_strings() -> None:
    started = time.monotonic()
    assert nesting_depth('"\\"' * 2_000_000) == 0
    assert nesting_depth('"' + "[" * 1000) == 0  # inside a string that never ends: json stops there
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(("text", "said"), [
    ("[NaN]", "无法读取的数值"),
    ("[" + "9" * 5000 + "]", "无法读取的数值"),
    ('{"a": 1,}', "此处应为带双引号的字段名"),
    ('["\\x"]', "无效的转义符"),
    ("[1] 2", "多余内容"),
    ("", "此处应有一个值"),
])
def test_every_parse_failure_is_a_chinese_refusal(text: str, said: str) -> None:
    with pytest.raises(Invalid, match=said):
        parse_document(text)


def test_keys_and_values_echoed_in_refusals_are_made_visible() -> None:
    with pytest.raises(Invalid) as refused:
        parse_document(json.dumps({"format": "huiwu-interchange", "format_version": "1\u202e2"}))
    assert "\u202e" not in refused.value.message and "[U+202E]" in refused.value.message


# --- a failed export leaves nothing (issue 11 §6) --------------------------------------------------

def test_a_failed_export_leaves_neither_the_file_nor_a_tmp(office: Office, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(hardening.os, "fsync", full_disk)  # after the bytes went to the temporary file
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(OSError):
        office.interchange.export_to(folder / "e.json", office.revision)
    assert list(folder.iterdir()) == []


def test_an_export_is_this_users_only(office: Office, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "e.json"
    office.interchange.export_to(out, office.revision)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert parse_document(out.read_text(encoding="utf-8"))["tables"]["setting"]
    assert [p.name for p in folder.iterdir()] == ["e.json"]


def test_tables_marked_not_exchanged_are_neither_exported_nor_imported(office: Office, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # The file's own keys are marked so (core/model/keys.py): a plaintext export must not carry them.
    monkeypatch.setitem(Base.metadata.tables["follow_up_note"].info, "interchange", False)
    doc = copy.deepcopy(export(office))
    assert "follow_up_note" not in doc["tables"] and "setting" in doc["tables"]
    doc["tables"]["follow_up_note"] = []
    with pytest.raises(ImportRejected, match="表 follow_up_note：是数据文件自身的密钥，不随交换文件导入"):
        _load(doc, tmp_path)


def test_a_thematic_minutes_subject_title_round_trips(office: Office, district: District, tmp_path: Path) -> None:
    """The subject title (issue 13 §2) is part of the minutes' text: exported and imported with it."""
    mid = held(office, district, kind=MeetingKind.THEMATIC, presider=district.vice_a, convener_id=district.vice_a,
               title="城区交通", titles=("专题甲",))
    office.meetings.mark_rest_present(mid)
    office.meetings.mark_held(mid)
    mins = office.minutes.draft(mid)
    content = office.minutes.detail(mins).content
    office.minutes.save(mins, dataclasses.replace(content, title="关于城区交通组织“微循环”改造的会议纪要"))
    with _load(export(office), tmp_path) as copied:
        assert copied.minutes.detail(mins).content.title == "关于城区交通组织“微循环”改造的会议纪要"
        assert copied.minutes.detail(mins, version=1).content.title == "关于专题甲的专题会议纪要"
