"""The `huiwu` command: subcommands, exit codes, and that none of them imports Qt."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.store import recovery
from core.store.keys import RawKey
from tests.conftest import file_digest

PYTHON = sys.executable


ADMIN_PW = "Admin-2026pw"


def run(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command as a script runs it: logged in as the administrator `admin` (made by init and
    demo) unless the test says otherwise."""
    env = {**os.environ, "HUIWU_USER": "admin", "HUIWU_PASSWORD": ADMIN_PW}
    for name in ("HUIWU_DB", "HUIWU_PASSPHRASE"):
        env.pop(name, None)
    env.update(env_extra or {})
    # The guard makes any Qt import fail loudly: subcommands must stay headless.
    code = ("import sys; sys.modules['PySide6'] = None; from core.keeping import keyfile; keyfile.KDF_N = 2**10; "
            f"from core.cli.main import main; sys.exit(main({list(args)!r}))")
    return subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "key.txt"
    path.write_text(recovery.encode(RawKey.generate().secret), encoding="utf-8")
    return path


def test_init_check_and_reopen(tmp_path: Path, secret_file: Path) -> None:
    db = tmp_path / "a.huiwu"
    created = run("--db", str(db), "--passphrase-file", str(secret_file), "init", "--office-name", "澄溪区人民政府办公室")
    assert created.returncode == 0, created.stderr
    checked = run("--db", str(db), "--passphrase-file", str(secret_file), "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "检查通过" in checked.stdout
    assert "审计记录链" in checked.stdout


def test_env_variables_select_file_and_secret(tmp_path: Path, secret_file: Path) -> None:
    db = tmp_path / "env.huiwu"
    env = {"HUIWU_DB": str(db), "HUIWU_PASSPHRASE": secret_file.read_text(encoding="utf-8")}
    assert run("init", env_extra=env).returncode == 0
    assert db.exists()
    assert run("check", env_extra=env).returncode == 0


def test_wrong_key_exits_3_and_leaves_file(tmp_path: Path, secret_file: Path) -> None:
    db = tmp_path / "a.huiwu"
    assert run("--db", str(db), "--passphrase-file", str(secret_file), "init").returncode == 0
    before = file_digest(db)
    other = tmp_path / "other.txt"
    other.write_text("这不是正确的口令但足够长", encoding="utf-8")
    result = run("--db", str(db), "--passphrase-file", str(other), "check")
    assert result.returncode == 3
    assert "密钥不正确" in result.stderr
    assert file_digest(db) == before


def test_missing_file_exits_3(tmp_path: Path, secret_file: Path) -> None:
    result = run("--db", str(tmp_path / "none.huiwu"), "--passphrase-file", str(secret_file), "check")
    assert result.returncode == 3
    assert "找不到数据文件" in result.stderr


def test_usage_error_exits_2() -> None:
    assert run("no-such-command").returncode == 2


def test_init_refuses_existing_file(tmp_path: Path, secret_file: Path) -> None:
    db = tmp_path / "a.huiwu"
    assert run("--db", str(db), "--passphrase-file", str(secret_file), "init").returncode == 0
    before = file_digest(db)
    again = run("--db", str(db), "--passphrase-file", str(secret_file), "init")
    assert again.returncode == 1
    assert "不会覆盖" in again.stderr
    assert file_digest(db) == before


def test_short_passphrase_refused(tmp_path: Path) -> None:
    short = tmp_path / "short.txt"
    short.write_text("123", encoding="utf-8")
    result = run("--db", str(tmp_path / "a.huiwu"), "--passphrase-file", str(short), "init")
    assert result.returncode == 1
    assert "至少需要 10 个字符" in result.stderr
    assert not (tmp_path / "a.huiwu").exists()


def test_demo_export_import_round_trip(tmp_path: Path, secret_file: Path) -> None:
    a, b = tmp_path / "a.huiwu", tmp_path / "b.huiwu"
    out1, out2 = tmp_path / "one.json", tmp_path / "two.json"
    common = ["--passphrase-file", str(secret_file)]
    assert run("--db", str(a), *common, "demo", "--years", "1").returncode == 0
    assert run("--db", str(a), *common, "export", "json", str(out1)).returncode == 0
    imported = run("--db", str(b), *common, "import", "json", str(out1))
    assert imported.returncode == 0, imported.stderr
    assert run("--db", str(b), *common, "export", "json", str(out2)).returncode == 0
    assert run("--db", str(b), *common, "check").returncode == 0
    one = json.loads(out1.read_text(encoding="utf-8"))["tables"]
    two = json.loads(out2.read_text(encoding="utf-8"))["tables"]
    assert len(one["person"]) > 50 and len(one["department"]) >= 50
    assert len(one["topic"]) > 100 and len(one["meeting"]) > 50 and len(one["roster_entry"]) > 500
    for table, rows in one.items():
        if table == "audit":
            # The import itself is audited after the copied trail: the import, the new file's key
            # slots, the administrator's login and the record naming who imported.
            assert two[table][:len(rows)] == rows
            assert {r["event"] for r in two[table][len(rows):]} >= {"数据.导入", "数据.启用账户密钥", "登录"}
        elif table == "account":  # logging in to export and to import is recorded on the account
            def settled(rows: list[dict[str, object]]) -> list[dict[str, object]]:
                return [{k: v for k, v in r.items() if k != "last_login_at"} for r in rows]

            assert settled(two[table]) == settled(rows)
        else:
            assert two[table] == rows, table


def test_demo_refuses_file_with_people(tmp_path: Path, secret_file: Path) -> None:
    db = tmp_path / "a.huiwu"
    common = ["--db", str(db), "--passphrase-file", str(secret_file)]
    assert run(*common, "demo").returncode == 0
    before = _people(db, secret_file)
    again = run(*common, "demo")
    assert again.returncode == 1
    assert "已有人员数据" in again.stderr
    assert _people(db, secret_file) == before  # only the login was recorded


def _people(db: Path, secret_file: Path) -> tuple[int, int]:
    from core.office import Office
    from core.store.keys import read_secret_file

    with Office.open(db, read_secret_file(secret_file)) as office:
        return len(office.roster.people()), len(office.roster.departments())


def test_import_json_bad_input_leaves_no_file(tmp_path: Path, secret_file: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    target = tmp_path / "new.huiwu"
    result = run("--db", str(target), "--passphrase-file", str(secret_file), "import", "json", str(bad))
    assert result.returncode == 1
    assert "不是有效的 JSON" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("new")) in ([], ["new.huiwu.lock"])


def test_topics_list_json_shows_what_each_topic_needs(tmp_path: Path, secret_file: Path) -> None:
    db = tmp_path / "a.huiwu"
    common = ["--db", str(db), "--passphrase-file", str(secret_file)]
    made = run(*common, "demo", "--years", "1")
    assert made.returncode == 0, made.stderr
    listed = run(*common, "topics", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    statuses = {r["status"] for r in rows}
    assert {"SUBMITTED", "RETURNED", "SCHEDULED", "REFUSED", "WITHDRAWN"} <= statuses
    for row in rows:
        if row["status"] in ("CONFIRMED", "SCHEDULED"):
            assert row["needs"] == []
        if row["status"] == "RETURNED":
            assert any(n["article"] == 42 for n in row["needs"])
    only = run(*common, "topics", "list", "--status", "已撤回", "--json")
    assert {r["status"] for r in json.loads(only.stdout)} == {"WITHDRAWN"}
    assert run(*common, "topics", "list", "--status", "无此状态").returncode == 1

    out = tmp_path / "all.json"
    assert run(*common, "export", "json", str(out)).returncode == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["tables"]["topic"]) == len(rows)
    first = str(rows[0]["id"])
    assert doc["derived"]["topics"][first]["status"] == rows[0]["status"]
    # The demo's minutes are in every state, with follow-up items and a copy register.
    assert {m["status"] for m in doc["tables"]["minutes"]} == {"DRAFT", "REVIEWED", "SIGNED", "ISSUED", "SUPERSEDED"}
    assert doc["tables"]["follow_up"] and doc["tables"]["minutes_copy"]
    assert {m["status"] for m in doc["tables"]["follow_up"]} == {"OPEN", "CLOSED"}
    # To the latest: every held meeting has an agenda, every minutes (any state) sections with decisions.
    tables = doc["tables"]
    on_agenda = {a["meeting_id"] for a in tables["agenda_item"] if not a["removed"]}
    assert {m["id"] for m in tables["meeting"] if m["status"] == "HELD"} <= on_agenda
    assert {m["id"] for m in tables["meeting"] if m["status"] == "PLANNED"} & on_agenda
    latest = {v["minutes_id"]: v for v in sorted(tables["minutes_version"], key=lambda v: v["number"])}
    assert set(latest) == {m["id"] for m in tables["minutes"]}
    for version in latest.values():
        sections = json.loads(version["content"])["sections"]
        assert sections and all(s["decisions"] for s in sections)
    routes = doc["derived"]["minutes"]
    assert all(r["reasons"] and "第四十五条" in r["reasons"][0] for r in routes.values())
    copy = tmp_path / "copy.huiwu"
    assert run("--db", str(copy), "--passphrase-file", str(secret_file), "import", "json", str(out)).returncode == 0


def test_meetings_list_and_render(tmp_path: Path, secret_file: Path) -> None:
    import datetime as dt

    from core.model.enums import MeetingKind, Post
    from core.office import Office
    from core.store.keys import read_secret_file

    db = tmp_path / "a.huiwu"
    common = ["--db", str(db), "--passphrase-file", str(secret_file)]
    assert run(*common, "demo").returncode == 0
    day = dt.date.today() + dt.timedelta(days=3)
    with Office.open(db, read_secret_file(secret_file)) as office:
        mayor = office.roster.holders(Post.MAYOR, day)[0]
        mid = office.meetings.create(MeetingKind.EXECUTIVE, day=day, start_time=dt.time(9, 0),
                                     place="区政府第一会议室", presider_id=mayor.id)
        office.meetings.generate_roster(mid)
    listed = run(*common, "meetings", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)[0]["name"] == "区政府第1次常务会议"
    for document in ("notice", "signin", "attendance"):
        out = tmp_path / f"{document}.pdf"
        made = run(*common, "render", document, str(mid), "--pdf", str(out))
        assert made.returncode == 0, made.stderr
        assert out.read_bytes().startswith(b"%PDF")
    missing = run(*common, "render", "notice", "999", "--pdf", str(tmp_path / "x.pdf"))
    assert missing.returncode == 1 and "找不到" in missing.stderr


def test_render_minutes_pdf_docx_and_signing_sheet(tmp_path: Path, secret_file: Path) -> None:
    db = tmp_path / "a.huiwu"
    common = ["--db", str(db), "--passphrase-file", str(secret_file)]
    assert run(*common, "demo", "--years", "1").returncode == 0
    out = tmp_path / "all.json"
    assert run(*common, "export", "json", str(out)).returncode == 0
    minutes = json.loads(out.read_text(encoding="utf-8"))["tables"]["minutes"]
    held = next(m["meeting_id"] for m in minutes if m["classification"] == "NONE" and m["edition"] == 1)
    pdf, docx, sheet = tmp_path / "m.pdf", tmp_path / "m.docx", tmp_path / "s.pdf"
    made = run(*common, "render", "minutes", str(held), "--pdf", str(pdf), "--docx", str(docx))
    assert made.returncode == 0, made.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and docx.read_bytes().startswith(b"PK")
    assert run(*common, "render", "signing-sheet", str(held), "--pdf", str(sheet)).returncode == 0
    assert run(*common, "render", "notice", str(held), "--docx", str(docx)).returncode == 1
    assert run(*common, "render", "minutes", str(held)).returncode == 1


def latest_editions(minutes: list[dict]) -> dict[int, dict]:
    """Each meeting's latest edition: the one `render minutes MEETING` writes."""
    latest: dict[int, dict] = {}
    for m in minutes:
        if m["edition"] >= latest.get(m["meeting_id"], {"edition": 0})["edition"]:
            latest[m["meeting_id"]] = m
    return latest


def test_render_minutes_ofd_of_issued_minutes_only(tmp_path: Path, secret_file: Path) -> None:
    """`--ofd OUT` (issue 13 §5): issued minutes as OFD, read back by an independent reader; minutes
    not yet issued and documents other than minutes are refused, and nothing is written."""
    import ofdkit

    db = tmp_path / "a.huiwu"
    common = ["--db", str(db), "--passphrase-file", str(secret_file)]
    assert run(*common, "demo", "--years", "1").returncode == 0
    out = tmp_path / "all.json"
    assert run(*common, "export", "json", str(out)).returncode == 0
    latest = latest_editions(json.loads(out.read_text(encoding="utf-8"))["tables"]["minutes"]).values()
    issued = next(m for m in latest if m["status"] == "ISSUED" and m["classification"] == "NONE")
    draft = next(m for m in latest if m["status"] in ("DRAFT", "REVIEWED", "SIGNED"))
    ofd, pdf = tmp_path / "m.ofd", tmp_path / "m.pdf"
    made = run(*common, "render", "minutes", str(issued["meeting_id"]), "--ofd", str(ofd), "--pdf", str(pdf))
    assert made.returncode == 0, made.stderr
    assert str(ofd) in made.stdout
    with ofdkit.open(ofd) as doc:
        assert all(page.box == (0.0, 0.0, 210.0, 297.0) for page in doc.pages)
        first = doc.pages[0].text().replace(" ", "")
    assert "纪要" in first and issued["serial_text"] in first
    refused = run(*common, "render", "minutes", str(draft["meeting_id"]), "--ofd", str(tmp_path / "d.ofd"))
    assert refused.returncode == 1 and "只有已印发的纪要" in refused.stderr
    other = run(*common, "render", "notice", str(issued["meeting_id"]), "--ofd", str(tmp_path / "n.ofd"))
    assert other.returncode == 1 and "只有纪要" in other.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".ofd") == ["m.ofd"]


def test_backup_and_restore_commands(tmp_path: Path, secret_file: Path) -> None:
    db = tmp_path / "a.huiwu"
    common = ["--db", str(db), "--passphrase-file", str(secret_file)]
    assert run(*common, "init").returncode == 0
    media = tmp_path / "usb"
    media.mkdir()
    separate = tmp_path / "media-pass.txt"
    separate.write_text("带出机房的移动介质口令", encoding="utf-8")
    made = run(*common, "backup", str(media), "--backup-passphrase-file", str(separate))
    assert made.returncode == 0, made.stderr
    copy = next(media.iterdir())
    assert run(*common, "restore", str(copy)).returncode == 3  # wrong key for that backup
    asked = run(*common, "restore", str(copy), "--backup-passphrase-file", str(separate))
    assert asked.returncode == 1 and "--yes" in asked.stderr and "备份时间" in asked.stdout
    done = run(*common, "restore", str(copy), "--backup-passphrase-file", str(separate), "--yes")
    assert done.returncode == 0, done.stderr
    assert run(*common, "check").returncode == 0
