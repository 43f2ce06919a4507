"""Migration 0011 (issue 12): a file from before it keeps its minutes workable — a 核稿 recorded
then covers the version that was reviewed, signed or issued; classified minutes issued with an
印数 below their printed copies get the printed count — and downgrading removes only the new columns."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect

from core.model.enums import Classification, MinutesStatus
from core.office import Office
from core.store import schema, search_schema
from core.store.engine import make_engine
from core.store.keys import RawKey
from tests.core.conftest import TODAY, build_district
from tests.core.test_minutes_service import attend, held, review

NEW = {"minutes": {"reviewer_id", "reviewed_version", "review_entered_by", "sign_entered_by",
                   "consent_entered_by", "issued_by"},
       "account": {"person_id"}}


def _down_to_0010(path: Path, key: RawKey, *statements: str) -> None:
    """The file as revision 0010 held it, then the rows as the program before issue 12 wrote them."""
    engine = make_engine(path, key)
    with engine.connect() as conn:
        conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        with conn.begin():
            search_schema.drop(conn)  # there was no search index then
            config = schema._config()
            config.attributes["connection"] = conn
            command.downgrade(config, "0010")
            for sql in statements:
                conn.exec_driver_sql(sql)
        columns = {table: {c["name"] for c in inspect(conn).get_columns(table)} for table in NEW}
    engine.dispose()
    assert all(not (NEW[table] & columns[table]) for table in NEW)


def test_a_file_from_before_keeps_its_reviews_and_its_copies(tmp_path: Path) -> None:
    key, path = RawKey.generate(), tmp_path / "old.huiwu"
    with Office.create(path, key, "澄溪区人民政府办公室", user="测试秘书") as office:
        d = build_district(office)
        reviewed = office.minutes.draft(_held(office, d, "议题甲"))
        review(office, reviewed)
        classified = office.minutes.draft(_held(office, d, "议题乙"))
        review(office, classified, classification=Classification.SECRET, secrecy_period="1年", copies=2)
        office.minutes.sign(classified, signer_id=d.mayor, signed_on=TODAY)
        office.minutes.issue(classified, issued_on=TODAY)
        office.minutes.register_copies(classified, ["区委办公室", "区政协办公室"], printed_on=TODAY)
        untouched = office.minutes.draft(_held(office, d, "议题丙"))
    # Before issue 12: a typed job title as reviewer, 印数 0 for classified minutes.
    _down_to_0010(path, key, "UPDATE minutes SET reviewer = '区政府办公室副主任'",
                  f"UPDATE minutes SET copies = 0 WHERE id = {classified}")

    with Office.open(path, key, user="测试秘书") as office:
        assert office.revision == schema.HEAD
        first = office.minutes.detail(reviewed)
        assert (first.status, first.reviewed_version, first.reviewer) == (MinutesStatus.REVIEWED, 1, "区政府办公室副主任")
        assert office.minutes.sign_refusal(reviewed) == ""  # the review recorded before still counts
        assert office.minutes.detail(untouched).reviewed_version is None  # never reviewed: still not
        issued = office.minutes.detail(classified)
        assert (issued.copies, issued.printed) == (2, 2)  # the record and the register agree
        office.minutes.sign(reviewed, signer_id=d.mayor, signed_on=TODAY)


def _held(office: Office, d, title: str) -> int:  # type: ignore[no-untyped-def]
    mid = held(office, d, titles=(title,))
    attend(office, d, mid)
    return mid


def test_downgrade_removes_the_new_columns(tmp_path: Path) -> None:
    key, path = RawKey.generate(), tmp_path / "new.huiwu"
    with Office.create(path, key, "澄溪区人民政府办公室"):
        pass
    _down_to_0010(path, key)  # asserts the new columns are gone and the old ones kept
    with Office.open(path, key) as office:  # and up again
        assert office.revision == schema.HEAD
