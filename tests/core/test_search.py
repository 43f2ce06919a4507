"""One search (issue 14 §2): terms of one, two and more characters; every kind of item and every
text of it; the index following each edit; typed syntax as plain text; roles; the index inside the
file, kept by triggers that a connection without the program's function cannot bypass."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlcipher3 import dbapi2 as driver

from core.errors import Invalid
from core.keeping.health import run_checks
from core.model import Role
from core.model.enums import Classification, DepartmentKind, Post
from core.office import Office
from core.services.search_text import Snippet, snippet
from core.store.engine import make_engine
from core.store.grams import grams, match_expression, runs
from core.store.keys import RawKey
from tests.core.conftest import START, TODAY, District, build_district
from tests.core.test_followup import issued  # noqa: F401  (the fixture)
from tests.core.test_material_text import docx
from tests.core.test_minutes_service import attend, held, review
from tests.core.test_topic_service import submit


def found(office: Office, term: str, **kw: object) -> dict[str, list[int]]:
    results = office.search.search(term, limit=None, **kw)  # type: ignore[arg-type]
    return {g.kind: [f.id for f in g.found] for g in results.groups}


def titles(office: Office, term: str) -> set[str]:
    return {f.title for g in office.search.search(term, limit=None).groups for f in g.found}


def test_bigram_text_and_queries() -> None:
    assert grams("停车场收费，ＧＤＰ增长 2026") == "停车 车场 场收 收费 费 gd dp p增 增长 长 20 02 26 6"
    assert runs("  停车-收费 AND “预算”*(") == ["停车", "收费", "and", "预算"]
    assert match_expression(["停", "停车", "停车场"]) == '"停" * AND "停车" AND "停车 车场"'


def test_terms_of_one_two_and_more_characters(office: Office, district: District) -> None:
    parking = submit(office, district, title="关于城区停车设施建设规划的议题")
    fees = submit(office, district, title="关于调整停车收费标准的议题（ＧＤＰ核算）")
    submit(office, district, title="关于公交线路的议题")
    for term, expected in (("停", [fees, parking]), ("停车", [fees, parking]), ("停车设施", [parking]),
                           ("停车收费", [fees]), ("车设", [parking]), ("gdp", [fees]), ("ＧＤＰ", [fees]),
                           ("Gd", [fees]), ("停车 收费", [fees]), ("收费，停车", [fees]), ("停车场", [])):
        assert found(office, term).get("topic", []) == expected, term  # newest first


def test_every_kind_and_every_text_is_found(office: Office, district: District, issued: int) -> None:  # noqa: F811
    d = district
    tid = submit(office, district, title="关于轨道交通的议题", summary="拟新建有轨电车线路", involved=[d.ndrc])
    office.topics.add_material(tid, "可研报告.docx", docx("客流预测：早高峰单向断面客流一万二千人次"))
    item = office.followup.items(view="all")[0]
    office.followup.add_note(item.id, noted_on=TODAY, text="已召开专题推进会")
    minutes = office.minutes.detail(issued)
    assert found(office, "单向断面")["topic"] == [tid]  # a material's text
    assert found(office, "有轨电车")["topic"] == [tid]  # the summary
    assert tid in found(office, "区发展改革委")["topic"]  # an involved unit
    assert found(office, "专题推进会")["followup"] == [item.id]  # a note
    assert item.id in found(office, item.decision[:6])["followup"]  # the decision
    section = minutes.content.sections[0]
    assert issued in found(office, section.text[-8:-1])["minutes"]  # the body
    assert issued in found(office, section.decisions[0].text[:5])["minutes"]  # a decision
    assert found(office, minutes.serial_text)["minutes"] == [issued]  # the 文号
    assert found(office, "第一会议室")["meeting"] == [minutes.meeting_id]  # the place
    assert found(office, "常务会议").keys() >= {"meeting", "minutes"}  # the meeting's name
    assert found(office, "甲区长")["person"] == [d.mayor]
    assert d.heads[d.finance] in found(office, "区财政局")["person"]  # a post's unit
    assert found(office, "司法局").get("unit") == [d.justice]


def test_the_index_follows_each_edit(office: Office, district: District, tmp_path: Path) -> None:
    d = district
    tid = submit(office, district, title="关于老旧小区改造的议题")
    first = office.topics.add_material(tid, "方案.txt", "加装电梯一百部".encode())
    replacement = tmp_path / "方案（修改稿）.txt"
    replacement.write_text("加装电梯八十部", encoding="utf-8")
    office.topics.replace_material(first, replacement)
    assert found(office, "一百部") == {} and found(office, "八十部") == {"topic": [tid]}  # the current file only
    pid = office.roster.add_person("周新")
    office.roster.appoint(pid, Post.DEPUTY_HEAD, START, department_id=d.transport)
    assert found(office, "周新") == {"person": [pid]}
    added = office.roster.add_department("区城管局", DepartmentKind.CONSTITUENT)
    assert found(office, "城管") == {"unit": [added]}
    office.roster.update_department(d.transport, name="区交通运输局", short_name="交运局")
    assert found(office, "交运局") == {"topic": [tid], "unit": [d.transport]}  # the short name
    assert pid in found(office, "交通运输局")["person"]  # a post's unit
    assert tid not in found(office, "区交通局").get("topic", [])
    mid = held(office, d, titles=("议题丁",))
    attend(office, d, mid)
    mins = office.minutes.draft(mid)
    content = office.minutes.detail(mins).content
    office.minutes.save(mins, dataclasses.replace(content, opening="会议听取了关于智慧停车平台的汇报。"))
    assert found(office, "智慧停车")["minutes"] == [mins]
    office.minutes.save(mins, dataclasses.replace(content, opening="会议听取了关于共享单车的汇报。"))
    assert found(office, "智慧停车") == {} and found(office, "共享单车")["minutes"] == [mins]  # the latest version


def test_typed_syntax_is_plain_text(office: Office, district: District) -> None:
    tid = submit(office, district, title="关于“停车”AND收费-NOT的议题 (一)")
    for term in ('"', "*", "(", ")", "-", "AND", "OR", "NOT", "NEAR", '"停车', "停车*", "停车 -收费", "^停车", ":", "{}"):
        results = office.search.search(term)  # never an FTS5 syntax error
        assert all(isinstance(f.id, int) for g in results.groups for f in g.found), term
    assert found(office, "AND") == {"topic": [tid]}  # the word, not the operator
    assert found(office, "停车*") == {"topic": [tid]} and found(office, "-NOT") == {"topic": [tid]}
    assert office.search.search("“”（）").groups == ()  # punctuation alone searches nothing


@pytest.mark.parametrize("term", ["停车\x00", "停车\u202e", "\u200b", "停车\n收费"])
def test_control_characters_are_refused(office: Office, term: str) -> None:
    with pytest.raises(Invalid, match="查找内容"):
        office.search.search(term)


def test_a_term_too_long_is_refused(office: Office) -> None:
    with pytest.raises(Invalid, match="过长"):
        office.search.search("停" * 101)
    assert office.search.search("  ").groups == ()


def test_groups_counts_limit_titles_and_snippets(office: Office, district: District) -> None:
    ids = [submit(office, district, title=f"关于第{n}批停车泊位施划的议题") for n in range(1, 8)]
    results = office.search.search("泊位", limit=3)
    (topics,) = results.groups
    assert (topics.kind, topics.name, topics.count, results.total) == ("topic", "议题", 7, 7)
    assert [f.id for f in topics.found] == ids[::-1][:3]
    first = topics.found[0]
    assert first.title == "关于第7批停车泊位施划的议题" and first.detail == "区交通局 · 2026-06-01"
    assert first.snippet.marked().startswith("关于第7批停车【泊位】施划的议题 区交通局")
    assert first.title_marks == ((7, 9),)  # the window highlights the title too


def test_snippet_is_cut_around_the_first_match_with_every_match_marked() -> None:
    text = "第一段。\n" + "甲" * 30 + "停车收费，停车。" + "乙" * 30
    cut = snippet(text, ["停车"])
    assert cut.text.startswith("…") and cut.text.endswith("…")
    assert cut.marked().count("【停车】") == 2 and "\n" not in cut.text
    assert len(cut.text) == 2 + 20 + 2 + 20
    assert snippet("ＧＤＰ增长", ["gdp"]) == Snippet("ＧＤＰ增长", ((0, 3),))  # marked on the original characters
    assert snippet("<b>停车</b>", ["停车"]).text == "<b>停车</b>"  # plain text: the window escapes it


def test_classified_text_leaves_the_program_only_for_roles_that_may_print_it(office: Office, district: District) -> None:
    mid = held(office, district, titles=("议题戊",))
    attend(office, district, mid)
    mins = office.minutes.draft(mid)
    content = office.minutes.detail(mins).content
    office.minutes.save(mins, dataclasses.replace(content, opening="会议研究了应急物资储备布点。"))
    review(office, mins, classification=Classification.SECRET, secrecy_period="1年", copies=2)
    office.accounts.create_first_admin("admin", "Admin-2026pw")
    office.log_in("admin", "Admin-2026pw")
    office.accounts.add("ro", Role.READ_ONLY, "Reader-2026pw")
    assert found(office, "储备布点", leaving=True) == {"minutes": [mins]}
    office.log_out()
    office.log_in("ro", "Reader-2026pw")
    assert found(office, "储备布点") == {"minutes": [mins]}  # 只读 reads it on screen
    assert found(office, "储备布点", leaving=True) == {}  # but cannot take it away
    assert found(office, "常务会议", leaving=True)["minutes"] == [mins]  # the minutes' name is no secret


def test_a_connection_without_the_function_cannot_change_indexed_text(office: Office, district: District,
                                                                      db_path: Path, key: RawKey) -> None:
    tid = submit(office, district, title="关于停车的议题")
    office.close()
    raw = driver.connect(str(db_path))
    raw.execute(f'PRAGMA key = "{key.pragma_value()}"')
    with pytest.raises(driver.OperationalError, match="huiwu_grams"):
        raw.execute("UPDATE topic SET title = '关于公交的议题' WHERE id = ?", (tid,))
    raw.execute("UPDATE topic SET status = status WHERE id = ?", (tid,))  # what is not indexed may change
    raw.commit()
    raw.close()
    with Office.open(db_path, key) as again:
        assert found(again, "停车") == {"topic": [tid]} and found(again, "公交") == {}


def test_the_file_check_finds_an_index_out_of_step(office: Office, district: District) -> None:
    tid = submit(office, district, title="关于停车的议题")
    assert run_checks(office).results["search_index"] == []
    with office.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER search_topic_update")
        conn.exec_driver_sql("UPDATE topic SET title = '关于公交的议题' WHERE id = ?", (tid,))
    problems = run_checks(office).results["search_index"]
    assert problems and "不完整" in problems[0]
    assert any("搜索索引" in line and line.startswith("✗") for line in run_checks(office).lines())


def test_a_stale_doc_is_reported(office: Office, district: District) -> None:
    submit(office, district, title="关于停车的议题")
    with office.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE search_doc SET text = '别的' WHERE source = 'topic'")
        conn.exec_driver_sql("DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_doc WHERE source = 'unit')")
    problems = run_checks(office).results["search_index"]
    assert any("1 条缺少或过时" in p for p in problems) and any("全文索引" in p for p in problems), problems


def test_kinds_filter(office: Office, district: District) -> None:
    tid = submit(office, district, title="关于交通局的议题")
    assert found(office, "交通局", kinds=["topic"]) == {"topic": [tid]}
    assert set(found(office, "交通局", kinds=["person", "unit"])) == {"person", "unit"}
    assert office.search.search("交通局", kinds=[]).groups == ()


def test_a_file_from_before_gets_its_index_then_its_files_text(db_path: Path, key: RawKey) -> None:
    from alembic import command

    from core.services.audit_log import AuditFilter
    from core.services.search import EXTRACTED_EVENT
    from core.store import schema, search_schema

    with Office.create(db_path, key, "澄溪区人民政府办公室") as office:
        d = build_district(office)
        tid = submit(office, d, title="关于停车的议题")
        office.topics.add_material(tid, "请示.docx", docx("拟新增泊位三百个"))
        office.topics.add_material(tid, "附图.jpg", b"\xff\xd8\xff")
    engine = make_engine(db_path, key)
    with engine.connect() as conn:
        conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        with conn.begin():
            search_schema.drop(conn)  # as revision 0011 left a file: no index, no extracted text
            config = schema._config()
            config.attributes["connection"] = conn
            command.downgrade(config, "0011")
    engine.dispose()
    with Office.open(db_path, key) as office:
        assert office.revision == schema.HEAD
        with office.engine.connect() as conn:
            assert search_schema.problems(conn) == []  # built in the migration's transaction
        assert found(office, "停车") == {"topic": [tid]} and found(office, "泊位") == {}
        assert office.search.pending_extractions() == 2
        assert office.search.extract_pending(budget_s=0) == 1  # at least one file a call
        assert office.search.extract_pending() == 0 and office.search.pending_extractions() == 0
        assert found(office, "泊位") == {"topic": [tid]}
        records = office.audit_log.rows(AuditFilter(event=EXTRACTED_EVENT)).rows
        assert len(records) == 1 and "2 个文件" in records[0].summary


def test_search_terms_never_reach_the_debug_log(office: Office, district: District) -> None:
    """What someone looked for is theirs: SQLAlchemy logs statements at DEBUG (and the rows they
    return, which are the data), never their parameters (hide_parameters) — neither the term, nor
    the FTS5 query made of it, nor the audit record of a command-line search."""
    import io
    import logging

    submit(office, district, title="关于秘密工程选址的议题")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)
    try:
        assert found(office, "秘密工程") and found(office, "绝无此词") == {}
        office.search.record_search(office.search.search("秘密工程"), "测试")
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    log = stream.getvalue()
    assert "SELECT id, text FROM search_doc" in log  # the statements were logged (the MATCH goes
    # through the driver's cursor, search_index.hits: not logged at all)
    for term in ('"秘密 密工 工程"', "绝无此词", "“秘密工程”"):
        assert term not in log
