"""`huiwu stats` (issue 14 §3): the same figures as the window, as a text table, JSON or .xlsx,
only through an account; the .xlsx is an export, audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.model import AuditRecord, Role
from core.office import Office
from core.stats.service import EXPORT_EVENT
from core.store.keys import RawKey
from tests.core.stats_district import build_spring
from tests.core.test_cli import ADMIN_PW, run

READER_PW = "Reader-2026pw"


@pytest.fixture
def spring_file(tmp_path: Path) -> tuple[Path, RawKey]:
    """The hand-counted district (tests/core/stats_district.py) with an administrator and a 只读."""
    key = RawKey.generate()
    db = tmp_path / "spring.huiwu"
    with Office.create(db, key, "澄溪区人民政府办公室", user="测试秘书") as office:
        build_spring(office)
        office.accounts.create_first_admin("admin", ADMIN_PW)
        office.log_in("admin", ADMIN_PW)
        office.accounts.add("reader", Role.READ_ONLY, READER_PW)
    return db, key


def test_json_has_the_hand_counted_figures(spring_file: tuple[Path, RawKey]) -> None:
    db, _key = spring_file
    done = run("--db", str(db), "stats", "--year", "2026", "--month", "3", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["range"] == {"start": "2026-03-01", "end": "2026-03-31", "label": "2026年3月"}
    figures = data["figures"]
    assert figures["confirmation_days"]["facts"]["count"] == 2  # confirmed on 1 and 31 March; not 1 April
    assert figures["meetings_by_kind"]["facts"]["held"] == 2
    assert [r["practice"] for r in figures["leave_routes"]["rows"]] == [False, True]
    assert figures["followup_by_unit"]["facts"]["items"] == 4


def test_text_table_by_default_for_a_year(spring_file: tuple[Path, RawKey]) -> None:
    db, _key = spring_file
    done = run("--db", str(db), "stats", "--year", "2026")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("统计范围：2026年（截至 ")
    assert "区政府领导出席会议情况" in done.stdout and "丙副区长（副区长）" in done.stdout
    assert "2026年12月" in done.stdout  # the year month by month


def test_xlsx_is_written_and_audited_for_the_account(spring_file: tuple[Path, RawKey], tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from sqlalchemy import select

    db, key = spring_file
    out = tmp_path / "2026年统计.xlsx"
    done = run("--db", str(db), "stats", "--from", "2026-02-01", "--to", "2026-04-30", "--xlsx", str(out),
               env_extra={"HUIWU_USER": "reader", "HUIWU_PASSWORD": READER_PW})  # 只读 may print, so export
    assert done.returncode == 0, done.stderr
    assert len(load_workbook(out).sheetnames) == 11
    with Office.open(db, key) as office, office.sessions() as s:
        last = s.scalars(select(AuditRecord).where(AuditRecord.event == EXPORT_EVENT)
                         .order_by(AuditRecord.id.desc())).first()
    assert last is not None and last.user == "reader"
    assert last.summary == f"导出2026年2月1日至2026年4月30日全部统计表到 {out.name}"


def test_refusals(spring_file: tuple[Path, RawKey], tmp_path: Path) -> None:
    db, _key = spring_file
    anonymous = run("--db", str(db), "stats", env_extra={"HUIWU_USER": "", "HUIWU_PASSWORD": ""})
    assert anonymous.returncode == 1 and "须以会务账户登录" in anonymous.stderr
    half = run("--db", str(db), "stats", "--from", "2026-01-01")
    assert half.returncode == 1 and "--to" in half.stderr
    both = run("--db", str(db), "stats", "--json", "--xlsx", str(tmp_path / "x.xlsx"))
    assert both.returncode == 2 and not (tmp_path / "x.xlsx").exists()
    month = run("--db", str(db), "stats", "--month", "13")
    assert month.returncode == 1 and "1 至 12" in month.stderr
