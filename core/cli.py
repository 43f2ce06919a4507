"""The `huiwu` command. Without a subcommand it opens the window; subcommands run headless
and never import Qt.

Exit codes: 0 done; 1 refused (a rule or invalid input); 2 usage; 3 the file cannot be opened.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import HuiwuError, Invalid, KeyStoreUnavailable
from core.keeping.hardening import disable_core_dumps
from core.paths import resolve_db_path

if TYPE_CHECKING:  # the key classes are imported where used: the window's start does not need them
    from core.store.keys import DatabaseKey, KeySource

ENV_PASSPHRASE = "HUIWU_PASSPHRASE"
DEFAULT_OFFICE_NAME = "区人民政府办公室"


def _typed_secret(args: argparse.Namespace) -> DatabaseKey | None:
    """The secret a script passed: a passphrase or a recovery code, from a file or the environment."""
    from core.store.keys import key_from_text

    if args.passphrase_file:
        text = Path(args.passphrase_file).read_text(encoding="utf-8")
    else:
        text = os.environ.get(ENV_PASSPHRASE, "")
    return key_from_text(text) if text.strip() else None


def _key_source(args: argparse.Namespace) -> KeySource:
    typed = _typed_secret(args)
    if typed is not None:
        return typed  # a key is its own source
    from core.store.keystore import KeyringSource, SystemKeyStore

    return KeyringSource(SystemKeyStore())


@contextmanager
def _anchored(office):  # type: ignore[no-untyped-def]
    """Close the office after the command; on success advance the audit anchor (core.keeping.anchor)."""
    try:
        yield office
    except BaseException:
        office.close()
        raise
    from core.keeping import anchor

    anchor.save(office)
    office.close()


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from core.errors import FileMissing
    from core.office import Office

    if not args.db_path.is_file():  # said before asking any keyring for a key
        raise FileMissing(str(args.db_path))
    return _anchored(Office.open(args.db_path, _key_source(args)))


def _create(args: argparse.Namespace, office_name: str, fill: Callable | None = None):  # type: ignore[no-untyped-def,type-arg]
    """A new file: with the typed secret if one was given, else a random key kept in the keyring."""
    from core.office import Office
    from core.store import recovery
    from core.store.keys import RawKey
    from core.store.keystore import SystemKeyStore

    typed = _typed_secret(args)
    if typed is not None:
        return _anchored(Office.create(args.db_path, typed, office_name, fill=fill))
    try:
        store = SystemKeyStore()
    except KeyStoreUnavailable as exc:
        raise Invalid(exc.message + " 请用 --passphrase-file 指定口令（至少 10 个字符）后重试。") from exc
    key = RawKey.generate()
    office = Office.create(args.db_path, key, office_name, fill=fill)
    store.put(office.file_id, key)
    print("数据文件已创建，密钥已存入系统钥匙串。")
    print("恢复密钥（请抄写或打印后妥善保管；钥匙串丢失时凭它打开文件）：")
    print("  " + recovery.encode(key.secret))
    sheet = getattr(args, "recovery_sheet", None)
    if sheet:
        import datetime as dt

        from core.documents import recovery_sheet

        recovery_sheet.render(Path(sheet), recovery.encode(key.secret), file_id=office.file_id,
                              office_name=office_name, created=dt.date.today())
        print(f"恢复密钥单已保存：{sheet}（打印后请删除该文件）")
    return _anchored(office)


def cmd_init(args: argparse.Namespace) -> int:
    with _create(args, args.office_name) as office:
        print(f"已创建：{office.path}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from core.keeping.health import run_checks

    with _open(args) as office:
        report = run_checks(office)
    for line in report.lines():
        print(line)
    print("检查通过。" if report.ok else "检查发现问题。")
    return 0 if report.ok else 1


def cmd_roster_import(args: argparse.Namespace) -> int:
    from core.roster_import import import_file

    with _open(args) as office:
        summary = import_file(office.roster, Path(args.file))
    print(f"导入完成：{summary}")
    return 0


def _backup_key(args: argparse.Namespace) -> DatabaseKey | None:
    if not args.backup_passphrase_file:
        return None
    from core.store.keys import key_from_text

    return key_from_text(Path(args.backup_passphrase_file).read_text(encoding="utf-8"))


def cmd_backup(args: argparse.Namespace) -> int:
    from core.keeping.backups import backup_to_folder

    with _open(args) as office:
        info = backup_to_folder(office, Path(args.folder), key=_backup_key(args))
    print(f"已备份并校验：{info.path}（{sum(info.counts.values())} 行）")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from core.keeping.backups import inspect, restore

    source = Path(args.file)
    with _open(args) as office:
        key = _backup_key(args) or office.key_for_backup()
        preview = inspect(source, key)
        print(f"备份时间 {preview.created:%Y-%m-%d %H:%M}，数据结构 {preview.revision}，"
              + "，".join(f"{t} {n}" for t, n in preview.counts.items() if n))
        if not args.yes:
            raise Invalid("恢复会用备份替换当前数据（当前数据会先自动备份）。确认无误后加 --yes 再运行。")
        restore(office, source, key)
    print("已从备份恢复；恢复前的数据已另存在数据文件旁的 .backups 文件夹中。")
    return 0


def cmd_export_json(args: argparse.Namespace) -> int:
    with _open(args) as office:
        office.interchange.export_to(Path(args.out), office.revision)
    print(f"已导出：{args.out}")
    return 0


def cmd_import_json(args: argparse.Namespace) -> int:
    from core.interchange import parse_document

    source = Path(args.file)
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise Invalid(f"无法读取文件 {source}：{exc}") from exc
    doc = parse_document(text)
    counts: dict[str, int] = {}

    def fill(office):  # type: ignore[no-untyped-def]
        counts.update(office.interchange.load_into_empty(doc))

    with _create(args, "", fill) as office:
        print(f"已导入到新文件 {office.path}：{sum(counts.values())} 行")
    return 0


def cmd_topics_list(args: argparse.Namespace) -> int:
    import json

    from core.model.enums import TopicStatus, by_label

    status = None
    if args.status:
        status = by_label(TopicStatus, args.status)
        if status is None:
            names = "、".join(f"{s.name}（{s.value}）" for s in TopicStatus)
            raise Invalid(f"未知的议题状态“{args.status}”，可用：{names}")
    with _open(args) as office:
        rows = office.topics.topics(status=status)  # type: ignore[arg-type]
        needs = office.topics.checklists() if args.json else {}
    if args.json:
        out = [{"id": r.id, "title": r.title, "lead_department": r.lead_department, "target": r.target.name,
                "status": r.status.name, "status_text": r.status.value, "waiting_on": r.waiting_on.value,
                "supervisor": r.supervisor, "submitted_on": r.submitted_on.isoformat(),
                "needs": [n for n in needs[r.id]["needs"] if not n["done"]]} for r in rows]
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            print(f"{r.id}\t{r.status.value}\t{r.submitted_on}\t{r.lead_department}\t{r.title}")
    return 0


def cmd_meetings_list(args: argparse.Namespace) -> int:
    import json

    with _open(args) as office:
        rows = office.meetings.meetings()
    out = [{"id": r.id, "name": r.name, "kind": r.kind.name, "day": r.day.isoformat(),
            "time": r.start_time.strftime("%H:%M"), "place": r.place, "presider": r.presider,
            "status": r.status.name, "topics": r.topics} for r in rows]
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            print(f"{r.id}\t{r.day}\t{r.status.value}\t{r.name}")
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    import datetime as dt

    from core.documents import meeting_docs

    if args.docx and args.document != "minutes":
        raise Invalid("只有纪要可以导出为 DOCX。")
    if not (args.pdf or args.docx):
        raise Invalid("请用 --pdf OUT（或纪要的 --docx OUT）指定输出文件。")
    if args.document in ("minutes", "signing-sheet"):
        return _render_minutes(args)
    out = Path(args.pdf)
    from core.documents import font_settings

    with _open(args) as office:
        font_settings.apply(office)
        detail = office.meetings.detail(args.meeting)
        office_name = office.settings.office_name()
    if args.document == "notice":
        meeting_docs.render_notice(out, detail, office_name=office_name, issued_on=dt.date.today())
    elif args.document == "signin":
        meeting_docs.render_signin(out, detail)
    else:
        meeting_docs.render_attendance(out, detail)
    print(f"已生成：{out}")
    return 0


def _render_minutes(args: argparse.Namespace) -> int:
    import datetime as dt

    from core.documents import font_settings
    from core.documents.meeting_docs import time_text
    from core.documents.minutes_pdf import render_minutes
    from core.documents.signing_sheet import render_signing_sheet

    with _open(args) as office:
        font_settings.apply(office)
        editions = office.minutes.minutes_list(meeting_id=args.meeting)
        if not editions:
            raise Invalid("该会议还没有纪要。")
        detail = office.minutes.detail(editions[0].id)
        view = office.minutes.signing_view(detail.id, detail.signed_on or dt.date.today())
        meeting = office.meetings.detail(args.meeting)
    if args.document == "signing-sheet":
        render_signing_sheet(Path(args.pdf), detail, view,
                             meeting_line=f"{meeting.name}　{time_text(meeting)}　{meeting.place}")
    if args.document == "minutes" and args.pdf:
        render_minutes(Path(args.pdf), detail, copy_number=args.copy)
    if args.docx:
        from core.documents.minutes_docx import render_minutes_docx

        render_minutes_docx(Path(args.docx), detail, copy_number=args.copy)
    print("已生成：" + "、".join(p for p in (args.pdf, args.docx) if p))
    return 0


def _progress(what: str) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        if done == total or done % 50 == 0:
            print(f"\r{what} {done}/{total}", end="\n" if done == total else "", file=sys.stderr, flush=True)

    return show


def cmd_demo(args: argparse.Namespace) -> int:
    from core.demo.district import DEMO_OFFICE_NAME, fill_demo, history_start

    opened = _open(args) if args.db_path.exists() else _create(args, DEMO_OFFICE_NAME)
    with opened as office:
        counts = fill_demo(office, since=history_start(args.years))
        if args.years:
            from core.demo.meetings import fill_demo_meetings
            from core.demo.minutes import fill_demo_minutes
            from core.demo.topics import fill_demo_topics

            counts["议题"] = fill_demo_topics(office, args.years, progress=_progress("生成议题"))
            counts["会议"] = fill_demo_meetings(office, args.years, progress=_progress("生成会议"))
            counts["纪要"] = fill_demo_minutes(office, progress=_progress("生成纪要"))
    print("演示数据已写入：" + "，".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def _add_global_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--db", metavar="PATH", help="数据文件路径（也可用环境变量 HUIWU_DB）")
    parser.add_argument("--passphrase-file", metavar="FILE",
                        help="含口令或恢复密钥的文件（也可用环境变量 HUIWU_PASSPHRASE 直接给出）")
    parser.add_argument("--self-test", nargs="?", const="text", choices=["text", "json"],
                        help="在临时文件夹中自检（加密文件、演示数据、纪要 PDF/DOCX、文件检查）；--self-test json 输出 JSON")
    return parser


def _parse(argv: list[str] | None) -> argparse.Namespace:
    """The window (`huiwu [--db PATH]`) is told apart by the global options alone: building every
    subcommand's parser would add several milliseconds to the window's start (issue 7 §4)."""
    quick = _add_global_options(argparse.ArgumentParser(prog="huiwu", add_help=False))
    args, rest = quick.parse_known_args(argv)
    if rest:  # a subcommand, -h, or something to refuse: the whole parser says what it means
        return build_parser().parse_args(argv)
    args.command = None
    return args


def build_parser() -> argparse.ArgumentParser:
    parser = _add_global_options(argparse.ArgumentParser(prog="huiwu", description="会务：区政府办公室会议全流程管理"))
    sub = parser.add_subparsers(dest="command", metavar="命令")

    init = sub.add_parser("init", help="创建新的加密数据文件")
    init.add_argument("--office-name", default=DEFAULT_OFFICE_NAME, help="机关名称")
    init.add_argument("--recovery-sheet", metavar="PDF", help="同时把恢复密钥单保存为 PDF（仅在使用系统钥匙串时）")
    init.set_defaults(func=cmd_init)
    sub.add_parser("check", help="检查数据文件的完整性").set_defaults(func=cmd_check)

    roster = sub.add_parser("roster", help="人员与单位").add_subparsers(dest="roster_command", required=True)
    imp = roster.add_parser("import", help="从 .xlsx 或 .csv 导入")
    imp.add_argument("file")
    imp.set_defaults(func=cmd_roster_import)

    bk = sub.add_parser("backup", help="备份到指定文件夹（写入后自动校验）")
    bk.add_argument("folder")
    bk.add_argument("--backup-passphrase-file", metavar="FILE", help="备份使用单独的口令（用于带出机房的介质）")
    bk.set_defaults(func=cmd_backup)
    rs = sub.add_parser("restore", help="从备份恢复（先显示备份概况，当前数据先自动备份）")
    rs.add_argument("file")
    rs.add_argument("--backup-passphrase-file", metavar="FILE", help="备份的单独口令")
    rs.add_argument("--yes", action="store_true", help="确认恢复")
    rs.set_defaults(func=cmd_restore)

    export = sub.add_parser("export", help="导出").add_subparsers(dest="export_format", required=True)
    ej = export.add_parser("json", help="整个数据库导出为 JSON")
    ej.add_argument("out")
    ej.set_defaults(func=cmd_export_json)

    importer = sub.add_parser("import", help="导入").add_subparsers(dest="import_format", required=True)
    ij = importer.add_parser("json", help="从 JSON 导入到新的数据文件")
    ij.add_argument("file")
    ij.set_defaults(func=cmd_import_json)

    topics = sub.add_parser("topics", help="议题").add_subparsers(dest="topics_command", required=True)
    tl = topics.add_parser("list", help="列出议题")
    tl.add_argument("--status", help="按状态筛选（如 SUBMITTED 或 已报送）")
    tl.add_argument("--json", action="store_true", help="输出 JSON，含每个议题尚缺的程序及条款")
    tl.set_defaults(func=cmd_topics_list)

    meetings = sub.add_parser("meetings", help="会议").add_subparsers(dest="meetings_command", required=True)
    ml = meetings.add_parser("list", help="列出会议")
    ml.add_argument("--json", action="store_true", help="输出 JSON")
    ml.set_defaults(func=cmd_meetings_list)

    render = sub.add_parser("render", help="生成会议文书 PDF")
    render.add_argument("document", choices=["notice", "signin", "attendance", "minutes", "signing-sheet"],
                        help="会议通知 / 签到表 / 出席情况 / 纪要 / 纪要签发单")
    render.add_argument("meeting", type=int, help="会议编号（huiwu meetings list 中的 id）")
    render.add_argument("--pdf", metavar="OUT", help="输出的 PDF 文件")
    render.add_argument("--docx", metavar="OUT", help="纪要另存为 DOCX（供 WPS、Word 修改）")
    render.add_argument("--copy", type=int, metavar="N", help="涉密纪要本份的份号")
    render.set_defaults(func=cmd_render)

    demo = sub.add_parser("demo", help="写入虚构区县的演示数据")
    demo.add_argument("--years", type=int, default=0, help="另外生成最近 N 年的议题、会议、纪要与督办历史（每年约 240 个议题、100 次会议）")
    demo.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None, *,
         open_window: Callable[[list[str], Path], int] | None = None) -> int:
    """`open_window` is given by gui.launcher (the `huiwu` command): core never imports the window."""
    disable_core_dumps()
    args = _parse(argv)
    if args.self_test:
        from core.selftest import run as self_test

        return self_test(json_output=args.self_test == "json")
    args.db_path = resolve_db_path(args.db)
    try:
        if args.command is None:
            if open_window is None:
                print("没有指定命令。打开窗口请运行 huiwu；可用的命令见 huiwu --help。", file=sys.stderr)
                return 2
            return open_window(sys.argv if argv is None else ["huiwu", *argv], args.db_path)
        result: int = args.func(args)
        return result
    except HuiwuError as error:
        print(error.message, file=sys.stderr)
        return error.exit_code
    except OSError as error:
        from core.store.engine import translate

        typed = translate(error)
        print(typed.message, file=sys.stderr)
        return typed.exit_code


if __name__ == "__main__":
    sys.exit(main())
