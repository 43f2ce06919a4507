"""`huiwu search` (issue 14 §2): the window's search on the command line — JSON of kind, id, title
and snippet, --kind, typed syntax as plain text, a refused control character; logged in like every
command, classified minutes' text only for a role that may print it, each search in the audit
trail; files stored before the index get their text first. Headless (no Qt), like every command."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from core.model import Role
from core.model.enums import Classification
from core.office import Office
from core.services.audit_log import AuditFilter
from core.store.keys import key_from_text
from tests.core.conftest import build_district
from tests.core.test_cli import ADMIN_PW, run, secret_file  # noqa: F401  (the fixture)
from tests.core.test_material_text import docx
from tests.core.test_minutes_service import attend, held, review
from tests.core.test_topic_service import submit

READER_PW = "Reader-2026pw"


@pytest.fixture
def filled(tmp_path: Path, secret_file: Path) -> tuple[Path, Path, dict[str, int]]:  # noqa: F811
    """A file with a topic and its material, and classified minutes; an administrator and a 只读."""
    db = tmp_path / "a.huiwu"
    assert run("--db", str(db), "--passphrase-file", str(secret_file), "init").returncode == 0
    with Office.open_as(db, "admin", ADMIN_PW) as office:
        d = build_district(office)
        topic = submit(office, d, title="关于城区停车设施建设规划的议题")
        office.topics.add_material(topic, "请示.docx", docx("拟新增停车泊位三百个"))
        mid = held(office, d, titles=("议题戊",))
        attend(office, d, mid)
        mins = office.minutes.draft(mid)
        content = office.minutes.detail(mins).content
        office.minutes.save(mins, dataclasses.replace(content, opening="会议研究了应急物资储备布点。"))
        review(office, mins, classification=Classification.SECRET, secrecy_period="1年", copies=2)
        office.accounts.add("reader", Role.READ_ONLY, READER_PW)
    return db, secret_file, {"topic": topic, "minutes": mins, "transport": d.transport}


def search(db: Path, *args: str, user: str = "admin", password: str = ADMIN_PW):  # type: ignore[no-untyped-def]
    return run("--db", str(db), "search", *args, env_extra={"HUIWU_USER": user, "HUIWU_PASSWORD": password})


def test_json_of_kind_id_title_and_snippet(filled) -> None:  # type: ignore[no-untyped-def]
    db, _secret, ids = filled
    result = search(db, "停车", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows == [{"kind": "topic", "id": ids["topic"], "title": "关于城区停车设施建设规划的议题",
                     "snippet": rows[0]["snippet"], "marks": [[4, 6]], "detail": "区交通局 · 2026-06-01"}]
    assert rows[0]["snippet"].startswith("关于城区停车设施")
    material = json.loads(search(db, "泊位", "--json").stdout)  # a material's text
    assert [(r["kind"], r["id"]) for r in material] == [("topic", ids["topic"])]
    assert "【泊位】" not in material[0]["snippet"] and material[0]["marks"]


def test_kind_filter_and_text_output(filled) -> None:  # type: ignore[no-untyped-def]
    db, _secret, ids = filled
    units = json.loads(search(db, "交通", "--kind", "person", "--json").stdout)
    assert {r["kind"] for r in units} == {"person", "unit"}  # 人员与单位
    assert ("unit", ids["transport"]) in {(r["kind"], r["id"]) for r in units}
    text = search(db, "停车", "--kind", "topic")
    assert text.returncode == 0
    assert text.stdout.splitlines()[0] == "议题（1 条）"
    assert f"{ids['topic']}\t关于城区停车设施建设规划的议题\t关于城区【停车】设施" in text.stdout
    assert search(db, "没有的词").stdout.strip() == "没有找到“没有的词”。"


def test_typed_syntax_is_plain_text_and_control_characters_are_refused(filled) -> None:  # type: ignore[no-untyped-def]
    db, _secret, _ids = filled
    for term in ('"', "*", "(", "AND", "-", "停车*", '"停车'):
        result = search(db, term, "--json")
        assert result.returncode == 0, (term, result.stderr)
        json.loads(result.stdout)
    refused = search(db, "停车\u202e", "--json")
    assert refused.returncode == 1 and "查找内容" in refused.stderr and refused.stdout == ""


def test_classified_text_only_for_a_role_that_may_print_it(filled) -> None:  # type: ignore[no-untyped-def]
    db, _secret, ids = filled
    admin = json.loads(search(db, "储备布点", "--json").stdout)
    assert [(r["kind"], r["id"]) for r in admin] == [("minutes", ids["minutes"])]
    reader = search(db, "储备布点", "--json", user="reader", password=READER_PW)
    assert reader.returncode == 0 and json.loads(reader.stdout) == []
    assert "涉密纪要" in reader.stderr
    named = json.loads(search(db, "常务会议", "--kind", "minutes", "--json", user="reader", password=READER_PW).stdout)
    assert [r["id"] for r in named] == [ids["minutes"]]  # the minutes' name is no secret
    wrong = search(db, "停车", user="reader", password="wrong-password")
    assert wrong.returncode != 0 and wrong.stdout == ""


def test_each_search_is_recorded_with_its_term_and_counts(filled) -> None:  # type: ignore[no-untyped-def]
    db, secret, _ids = filled
    assert search(db, "停车").returncode == 0
    assert search(db, "储备布点", user="reader", password=READER_PW).returncode == 0
    with Office.open_with_secret(db, key_from_text(secret.read_text(encoding="utf-8"))) as office:
        rows = office.audit_log.rows(AuditFilter(event="数据.查找")).rows
    assert [(r.user_name, r.summary) for r in rows] == [("reader", "命令行查找“储备布点”：无结果"),
                                                        ("admin", "命令行查找“停车”：议题 1")]


def test_files_stored_before_the_index_get_their_text_first(filled) -> None:  # type: ignore[no-untyped-def]
    db, _secret, ids = filled
    with Office.open_as(db, "admin", ADMIN_PW) as office, office.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM material_text")  # as a file from before the index
    result = search(db, "泊位", "--json")
    assert "正在为此前存入的 1 个文件提取文字" in result.stderr
    assert [(r["kind"], r["id"]) for r in json.loads(result.stdout)] == [("topic", ids["topic"])]
