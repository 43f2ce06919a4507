"""Issue 11's attacks through the command line, each as it was measured on the old main: every door
now goes through a Huiwu account and its role, and leaves a record.

One demo file with a year of history is made per module (in-process, through the services); each
test works on its own copy and runs `huiwu` as a script would, in a child process without Qt.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from core.keeping import keyfile
from core.model import Role
from core.model.enums import Classification, MinutesStatus
from core.office import Office
from core.services.audit_log import AuditFilter
from core.store import recovery
from core.store.keys import RawKey

PYTHON = sys.executable
PASSWORDS = {"admin": "Admin-2026pw", "mishu": "Mishu-2026pw", "zhidu": "Zhidu-2026pw"}


def huiwu(db: Path, *args: str, user: str | None = "admin", password: str | None = None,
          env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUIWU_") or k == "HUIWU_STATE_DIR"}
    if user is not None:
        env["HUIWU_USER"] = user
        env["HUIWU_PASSWORD"] = password if password is not None else PASSWORDS[user]
    env.update(env_extra or {})
    code = ("import sys; sys.modules['PySide6'] = None; from core.keeping import keyfile; keyfile.KDF_N = 2**10; "
            f"from core.cli.main import main; sys.exit(main({['--db', str(db), *args]!r}))")
    return subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, env=env, timeout=300,
                          stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RawKey]:
    from core.demo.district import fill_demo, history_start
    from core.demo.meetings import fill_demo_meetings
    from core.demo.minutes import fill_demo_minutes
    from core.demo.topics import fill_demo_topics

    keyfile.KDF_N = 2**10  # module scope: the autouse fixture has not run yet
    folder = tmp_path_factory.mktemp("made")
    path, key = folder / "office.huiwu", RawKey.generate()
    with Office.create(path, key, "澄溪区人民政府办公室") as office:
        office.accounts.create_first_admin("admin", PASSWORDS["admin"])
        office.log_in("admin", PASSWORDS["admin"])
        for user, role in (("mishu", Role.SECRETARY), ("zhidu", Role.READ_ONLY)):
            office.accounts.add(user, role, "First-2026pw")  # a first password must be changed
            office.accounts.change_password(user, "First-2026pw", PASSWORDS[user])
        fill_demo(office, since=history_start(1))
        fill_demo_topics(office, 1)
        fill_demo_meetings(office, 1)
        fill_demo_minutes(office)
    return path, key


@pytest.fixture
def db(made: tuple[Path, RawKey], tmp_path: Path) -> Path:
    source, _key = made
    for part in (source, keyfile.keyfile_path(source)):
        shutil.copy2(part, tmp_path / part.name)
    return tmp_path / source.name


@pytest.fixture
def key(made: tuple[Path, RawKey]) -> RawKey:
    return made[1]


def classified_meeting(db: Path) -> tuple[int, int]:
    """(meeting id, minutes id) of issued classified minutes with numbered copies registered."""
    with Office.open_as(db, "admin", PASSWORDS["admin"]) as office:
        for row in office.minutes.minutes_list():
            detail = office.minutes.detail(row.id)
            if detail.classification is not Classification.NONE and detail.status is MinutesStatus.ISSUED:
                editions = office.minutes.minutes_list(meeting_id=detail.meeting_id)
                if editions[0].id == row.id and office.minutes.copy_register(row.id):
                    return detail.meeting_id, row.id
    raise AssertionError("the demo has no issued classified minutes")


def audit_rows(db: Path, event: str) -> list[tuple[str, str, bool]]:
    with Office.open_as(db, "admin", PASSWORDS["admin"]) as office:
        rows = office.audit_log.rows(AuditFilter(event=event)).rows
    return [(r.user_name, r.summary, r.success) for r in rows]


# --- no door without an account -----------------------------------------------------------------

def test_no_account_no_command(db: Path) -> None:
    result = huiwu(db, "meetings", "list", user=None)
    assert result.returncode == 1 and "须以会务账户登录" in result.stderr and not result.stdout


def test_wrong_password_is_refused_and_recorded_at_the_next_open(db: Path) -> None:
    result = huiwu(db, "meetings", "list", user="zhidu", password="Wrong-2026pw")
    assert result.returncode == 1 and "用户名或密码不正确" in result.stderr
    refused = [r for r in audit_rows(db, "登录") if not r[2]]
    assert refused and refused[0][0] == "zhidu" and "打开后补记" in refused[0][1]


def test_the_keyring_holds_nothing_a_command_could_use(db: Path) -> None:
    """The old bypass: the key came from the keyring, no account asked. Now the keyring is not
    asked at all when the file has key slots; without a password nothing opens."""
    result = huiwu(db, "export", "json", str(db.parent / "x.json"), user="admin", password="")
    assert result.returncode == 1 and not (db.parent / "x.json").exists()


# --- the role applies at the command line ----------------------------------------------------------

def test_read_only_cannot_export_and_the_attempt_is_recorded(db: Path) -> None:
    out = db.parent / "all.json"
    result = huiwu(db, "export", "json", str(out), user="zhidu")
    assert result.returncode == 1 and "zhidu" in result.stderr and not out.exists()
    assert [user for user, summary, _ok in audit_rows(db, "命令行.拒绝") if "导出全部数据" in summary] == ["zhidu"]


def test_who_may_back_up_is_who_the_window_lets(db: Path) -> None:
    """管理员 and 秘书 back up (a copy of everything), 只读 does not — as in 数据安全."""
    folder = db.parent / "b"
    folder.mkdir()
    assert huiwu(db, "backup", str(folder), user="mishu").returncode == 0
    refused = huiwu(db, "backup", str(folder), user="zhidu")
    assert refused.returncode == 1 and len(list(folder.iterdir())) == 1
    assert any(user == "zhidu" and "备份数据文件" in summary for user, summary, _ok in audit_rows(db, "命令行.拒绝"))


def test_read_only_cannot_restore(db: Path) -> None:
    backup = db.parent / "b"
    backup.mkdir()
    assert huiwu(db, "backup", str(backup)).returncode == 0
    copy = next(backup.iterdir())
    result = huiwu(db, "restore", str(copy), "--yes", user="zhidu")
    assert result.returncode == 1
    assert any(user == "zhidu" and "从备份恢复" in summary for user, summary, _ok in audit_rows(db, "命令行.拒绝"))


def test_read_only_cannot_print_classified_minutes(db: Path) -> None:
    meeting, _minutes = classified_meeting(db)
    out = db.parent / "m.pdf"
    result = huiwu(db, "render", "minutes", str(meeting), "--pdf", str(out), "--new-copy", "区财政局", user="zhidu")
    assert result.returncode == 1 and not out.exists()
    assert any(user == "zhidu" and "涉密纪要" in summary for user, summary, _ok in audit_rows(db, "命令行.拒绝"))


@pytest.mark.parametrize("copy", ["0", "-5", "1234567", "abc"])
def test_copy_numbers_outside_six_digits_are_refused(db: Path, copy: str) -> None:
    meeting, _minutes = classified_meeting(db)
    out = db.parent / "m.pdf"
    result = huiwu(db, "render", "minutes", str(meeting), "--pdf", str(out), f"--copy={copy}", user="mishu")
    assert result.returncode == 2 and "份号须为 1 至 999999 的整数" in result.stderr and not out.exists()


def test_classified_minutes_only_as_registered_copies(db: Path) -> None:
    meeting, minutes = classified_meeting(db)
    out = db.parent / "m.pdf"
    bare = huiwu(db, "render", "minutes", str(meeting), "--pdf", str(out), user="mishu")
    assert bare.returncode == 1 and "登记的份号" in bare.stderr and not out.exists()
    unknown = huiwu(db, "render", "minutes", str(meeting), "--pdf", str(out), "--copy", "999999", user="mishu")
    assert unknown.returncode == 1 and "登记簿中没有份号 999999" in unknown.stderr and not out.exists()

    with Office.open_as(db, "admin", PASSWORDS["admin"]) as office:
        register = office.minutes.copy_register(minutes)
        printed = office.minutes.detail(minutes).copies
    number = register[-1][0]
    made = huiwu(db, "render", "minutes", str(meeting), "--pdf", str(out), "--copy", str(number), user="mishu")
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    outputs = audit_rows(db, "纪要.输出")
    assert len(outputs) == 1 and outputs[0][0] == "mishu" and f"{number:06d}" in outputs[0][1]
    # A new number is registered for its recipient, within the print run (印数) the issue recorded.
    more = huiwu(db, "render", "minutes", str(meeting), "--pdf", str(out), "--new-copy", "区财政局", user="mishu")
    if len(register) >= printed > 0:
        assert more.returncode == 1 and f"印数为 {printed} 份" in more.stderr
    else:
        assert more.returncode == 0, more.stderr
        assert len(audit_rows(db, "纪要.输出")) == 2


def test_classified_minutes_as_ofd_only_as_registered_copies(db: Path) -> None:
    """The OFD (issue 13 §5) follows the PDF's rules: a registered 份号, printed on the copy, the
    file this user's only, the output recorded under the account; 只读 writes none."""
    import ofdkit

    meeting, minutes = classified_meeting(db)
    out = db.parent / "m.ofd"
    bare = huiwu(db, "render", "minutes", str(meeting), "--ofd", str(out), user="mishu")
    assert bare.returncode == 1 and "登记的份号" in bare.stderr and not out.exists()
    with Office.open_as(db, "admin", PASSWORDS["admin"]) as office:
        number = next(row[0] for row in office.minutes.copy_register(minutes) if row[2] is not None)
    read_only = huiwu(db, "render", "minutes", str(meeting), "--ofd", str(out), "--copy", str(number), user="zhidu")
    assert read_only.returncode == 1 and not out.exists()
    made = huiwu(db, "render", "minutes", str(meeting), "--ofd", str(out), "--copy", str(number), user="mishu")
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    outputs = audit_rows(db, "纪要.输出")
    assert len(outputs) == 1 and outputs[0][0] == "mishu" and f"{number:06d}" in outputs[0][1] and "m.ofd" in outputs[0][1]
    with ofdkit.open(out) as doc:
        assert doc.pages[0].text().split()[0] == f"{number:06d}"


def test_exports_are_recorded_with_the_account(db: Path) -> None:
    out = db.parent / "all.json"
    assert huiwu(db, "export", "json", str(out)).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [u for u, _s, ok in audit_rows(db, "数据.导出") if ok] == ["admin"]
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert "key_slot" not in doc["tables"] and "file_secret" not in doc["tables"]  # no key leaves the file


# --- history cannot be forged quietly --------------------------------------------------------------

def test_the_escalation_chain_is_refused(db: Path, tmp_path: Path) -> None:
    """export → make 只读 an administrator in the JSON → import → restore over the office file."""
    out = tmp_path / "all.json"
    assert huiwu(db, "export", "json", str(out)).returncode == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    for row in doc["tables"]["account"]:
        if row["user_name"] == "zhidu":
            row["role"] = "ADMIN"
    out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    forged = tmp_path / "forged.huiwu"
    result = huiwu(forged, "import", "json", str(out), user="zhidu")
    assert result.returncode == 1 and "zhidu" in result.stderr
    assert not forged.exists() and not keyfile.keyfile_path(forged).exists()


def test_a_read_only_account_cannot_import_even_a_genuine_export(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    assert huiwu(db, "export", "json", str(out)).returncode == 0
    target = tmp_path / "copy.huiwu"
    result = huiwu(target, "import", "json", str(out), user="zhidu")
    assert result.returncode == 1 and "管理员" in result.stderr and not target.exists()
    from core.keeping import journal  # no file holds the refusal: this user's journal does

    [refused] = journal.entries()
    assert refused["user"] == "zhidu" and "all.json" in refused["what"] and "管理员" in refused["why"]
    assert stat.S_IMODE(journal.journal_path().stat().st_mode) == 0o600
    assert huiwu(target, "import", "json", str(out)).returncode == 0  # the administrator may
    with Office.open_as(target, "admin", PASSWORDS["admin"]) as office:
        assert any("由 admin 从" in r.summary for r in office.audit_log.rows(AuditFilter(event="数据.导入")).rows)


def test_restoring_another_file_says_so_and_records_the_old_anchor(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    assert huiwu(db, "export", "json", str(out)).returncode == 0
    other = tmp_path / "other.huiwu"
    assert huiwu(other, "import", "json", str(out)).returncode == 0
    folder = tmp_path / "b"
    folder.mkdir()
    assert huiwu(other, "backup", str(folder)).returncode == 0
    copy = next(folder.iterdir())
    # Another file's backup is under another key: its own key is needed, like a separate passphrase.
    asked = huiwu(db, "restore", str(copy))
    assert asked.returncode == 3
    summaries = [s for _u, s, _ok in audit_rows(db, "数据.从备份恢复")]
    assert summaries == []


def test_check_cross_checks_roles_against_the_audit_trail(db: Path) -> None:
    from sqlalchemy import text

    with Office.open_as(db, "admin", PASSWORDS["admin"]) as office, office.engine.begin() as conn:
        conn.execute(text("UPDATE account SET role = 'ADMIN' WHERE user_name = 'zhidu'"))
    checked = huiwu(db, "check")
    assert checked.returncode == 1 and "zhidu" in checked.stdout and "账户角色" in checked.stdout


@pytest.mark.parametrize("how", ["delete", "edit"])
def test_a_deleted_or_edited_anchor_is_reported(db: Path, how: str) -> None:
    from core.keeping import anchor

    kept = keyfile.load(db)
    assert kept is not None and kept.anchor is not None
    box = None if how == "delete" else {**kept.anchor, "sealed": "A" + kept.anchor["sealed"][1:]}
    keyfile.save(db, kept.replace(anchor=box))
    for copy in anchor.state_copy_path(kept.file_id).parent.glob("*.anchor"):
        copy.unlink()
    checked = huiwu(db, "check")
    assert checked.returncode == 1 and "✗ 审计锚点" in checked.stdout
    assert huiwu(db, "check").returncode == 1  # still: a missing anchor is not quietly made again


# --- damaged files ---------------------------------------------------------------------------------

def _flip(path: Path, offset: int) -> None:
    with open(path, "r+b") as fh:
        fh.seek(offset)
        byte = fh.read(1)
        fh.seek(offset)
        fh.write(bytes([byte[0] ^ 0xFF]))


def test_one_flipped_byte_in_a_data_page_is_reported_in_chinese(db: Path) -> None:
    pages = db.stat().st_size // 4096
    _flip(db, 4096 * (pages - 3) + 500)
    checked = huiwu(db, "check")
    assert checked.returncode == 1, checked.stderr
    assert f"第 {pages - 2} 页校验失败" in checked.stdout
    assert "Traceback" not in checked.stderr + checked.stdout
    listed = huiwu(db, "topics", "list")
    assert "Traceback" not in listed.stderr and listed.returncode in (0, 1)


def test_a_file_with_page_two_destroyed_is_restored_from_the_command_line(db: Path) -> None:
    folder = db.parent / "media"
    folder.mkdir()
    assert huiwu(db, "backup", str(folder)).returncode == 0
    copy = next(folder.iterdir())
    _flip(db, 4096 + 100)
    checked = huiwu(db, "check")
    assert checked.returncode == 1 and "第 2 页校验失败" in checked.stdout, checked.stdout + checked.stderr
    refused = huiwu(db, "restore", str(copy), "--yes", user="zhidu")  # not an administrator in the backup
    assert refused.returncode == 1 and "管理员" in refused.stderr
    done = huiwu(db, "restore", str(copy), "--yes")
    assert done.returncode == 0, done.stderr
    assert huiwu(db, "check").returncode == 0
    damaged = list((db.parent / f"{db.name}.backups").glob("*-damaged*"))
    assert damaged
    assert any("无法打开" in s for _u, s, _ok in audit_rows(db, "数据.从备份恢复"))


def test_a_truncated_file_is_reported_and_a_wrong_code_exits_3(db: Path, key: RawKey) -> None:
    os.truncate(db, 4096 * 10 + 17)
    checked = huiwu(db, "check")
    assert checked.returncode == 1 and "被截断" in checked.stdout
    wrong = db.parent / "code.txt"
    wrong.write_text(recovery.encode(RawKey.generate().secret), encoding="utf-8")
    assert huiwu(db, "--passphrase-file", str(wrong), "check").returncode == 3


# --- small truths --------------------------------------------------------------------------------

def test_a_closed_pipe_ends_quietly(db: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUIWU_") or k == "HUIWU_STATE_DIR"}
    env.update({"HUIWU_USER": "admin", "HUIWU_PASSWORD": PASSWORDS["admin"]})
    code = ("import sys; sys.modules['PySide6'] = None; from core.keeping import keyfile; keyfile.KDF_N = 2**10; "
            f"from core.cli.main import main; sys.exit(main(['--db', {str(db)!r}, 'topics', 'list']))")
    result = subprocess.run(f"{PYTHON} -c \"{code}\" | head -1; exit ${{PIPESTATUS[0]}}", shell=True,
                            executable="/bin/bash", capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 1 and result.stderr == ""


def test_files_the_program_writes_are_this_users_only(db: Path) -> None:
    folder = db.parent / "media"
    folder.mkdir()
    assert huiwu(db, "backup", str(folder)).returncode == 0
    new = db.parent / "new.huiwu"
    assert huiwu(new, "init").returncode == 0
    for path in (new, keyfile.keyfile_path(new), next(folder.iterdir())):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    os.chmod(db, 0o644)  # made by an older version
    assert huiwu(db, "check").returncode == 0
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
