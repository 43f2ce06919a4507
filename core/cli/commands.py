"""The headless commands of `huiwu`. Each opens the file through an account (core.cli.doors) and
asks its role's permission before it reads or changes anything."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from core.cli import doors
from core.errors import HuiwuError, Invalid, NotPermitted

if TYPE_CHECKING:
    from core.office import Office
    from core.store.keys import DatabaseKey

DEFAULT_OFFICE_NAME = "区人民政府办公室"


def cmd_init(args: argparse.Namespace) -> int:
    with doors.created(args, args.office_name) as office:
        print(f"已创建：{office.path}（管理员 {office.user}）")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from core.errors import NotHuiwuFile, StorageError, WrongKeyOrDamaged
    from core.keeping.health import check_unopenable, run_checks

    try:
        office = doors.log_in(args)
    except (WrongKeyOrDamaged, NotHuiwuFile, StorageError) as error:
        # Too damaged to open: read what can be read of it with its key, page by page.
        report = check_unopenable(args.db_path, doors.keys_without_opening(args))
        if report.results["first_page"]:  # not even the header decrypts: a wrong key, or a ruined head
            raise error
        print(f"数据文件无法正常打开（{error.message}），以下为逐页检查的结果：")
    else:
        with doors.working(office, "view", "检查数据文件"):
            report = run_checks(office)
    for line in report.lines():
        print(line)
    print("检查通过。" if report.ok else "检查发现问题。可从备份恢复：huiwu restore 备份文件 --yes"
          "（备份在数据文件旁的 " + _backups_folder(args) + " 文件夹中）。")
    return 0 if report.ok else 1


def _backups_folder(args: argparse.Namespace) -> str:
    from core.store.backup import backup_dir

    return backup_dir(args.db_path).name


def cmd_reanchor(args: argparse.Namespace) -> int:
    from core.keeping import anchor

    with doors.opened(args, "settings", "重新锚定审计记录") as office:
        print(anchor.head_text(office))
        if not args.yes:
            raise Invalid("重新锚定后，此前的审计锚点作废，以数据文件现有的审计记录为准（此操作记入审计记录）。"
                          "核实数据文件未被替换后，加 --yes 再运行。")
        anchor.reanchor(office)
    print("已重新锚定审计记录。")
    return 0


def cmd_roster_import(args: argparse.Namespace) -> int:
    from core.roster_import import import_file

    with doors.opened(args, "workflow", "导入人员与单位") as office:
        summary = import_file(office.roster, Path(args.file))
    print(f"导入完成：{summary}")
    return 0


def _backup_key(args: argparse.Namespace) -> DatabaseKey | None:
    if not args.backup_passphrase_file:
        return None
    from core.store.keys import key_from_text

    return key_from_text(Path(args.backup_passphrase_file).read_text(encoding="utf-8"))


def cmd_backup(args: argparse.Namespace) -> int:
    from core.keeping.backups import BACKUP_ACTION, backup_to_folder

    with doors.opened(args, BACKUP_ACTION, "备份数据文件") as office:
        info = backup_to_folder(office, Path(args.folder), key=_backup_key(args))
    print(f"已备份并校验：{info.path}（{sum(info.counts.values())} 行）")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from core.errors import NotHuiwuFile, StorageError, WrongKeyOrDamaged
    from core.keeping import restore

    source = Path(args.file)
    try:
        office = doors.log_in(args)
    except (WrongKeyOrDamaged, NotHuiwuFile, StorageError) as error:
        print(f"数据文件无法打开（{error.message}），将不打开它而直接恢复。")
        return _restore_unopenable(args, source)
    with doors.working(office, restore.RESTORE_ACTION, "从备份恢复"):
        key = _backup_key(args) or office.key_for_backup()
        chosen = restore.plan(office, source, key)
        _show_backup(chosen.info)
        print(chosen.text)
        if not args.yes:
            raise Invalid("恢复会用备份替换当前数据（当前数据会先自动备份）。确认无误后加 --yes 再运行。")
        restore.restore(office, source, key)
    print(f"已从备份恢复；恢复前的数据已另存在数据文件旁的 {_backups_folder(args)} 文件夹中。")
    return 0


def _show_backup(info) -> None:  # type: ignore[no-untyped-def]
    from core.keeping.backups import counts_text

    print(f"备份时间 {info.created:%Y-%m-%d %H:%M}，数据结构版本 {info.revision}：{counts_text(info)}")


def _restore_unopenable(args: argparse.Namespace, source: Path) -> int:
    """The file cannot be opened: the account's slot (or the recovery code) gives the key, and the
    account must be an administrator in the backup itself."""
    from core.keeping import anchor, keyfile, restore
    from core.store.keys import file_id

    keys = doors.keys_without_opening(args)
    user, password = doors.credentials(args)
    if not args.yes:
        raise Invalid("恢复会把无法打开的数据文件原样移到备份文件夹，并用备份替换它。确认无误后加 --yes 再运行。")
    kept_file = keyfile.load(args.db_path)
    fid = kept_file.file_id if kept_file is not None else file_id(args.db_path)
    info, kept = restore.restore_unopenable(args.db_path, source, keys, fid=fid, backup_key=_backup_key(args),
                                            authorize=lambda engine: restore.require_admin_in_backup(engine, user, password))
    _show_backup(info)
    with doors.opened(args, restore.RESTORE_ACTION, "从备份恢复") as office:
        before = anchor.head_text(office)
        office.audit_event(restore.EVENT, f"数据文件无法打开，原样移至 {kept.name}；由 {source.name}"
                           f"（{info.created:%Y-%m-%d %H:%M}）恢复。{before}")
        anchor.save(office, force=True)
    print(f"已从备份恢复；无法打开的原文件已原样移至 {kept}。")
    return 0


def cmd_export_json(args: argparse.Namespace) -> int:
    with doors.opened(args, "accounts", "导出全部数据") as office:
        try:
            office.interchange.export_to(Path(args.out), office.revision)
        except HuiwuError as error:
            office.audit_event("数据.导出", f"整库导出为 JSON 未成功：{error.message}", success=False)
            raise
        office.audit_event("数据.导出", f"整库导出为 JSON：{Path(args.out).name}（明文，含全部数据）")
    print(f"已导出：{args.out}（明文文件，含全部数据：只在涉密场所内、在受控介质上传递，用完即删）")
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

    with doors.created(args, "", first_admin=False, fill=fill) as office:
        _log_in_imported(args, office)
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
    with doors.opened(args, "view", "列出议题") as office:
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

    with doors.opened(args, "view", "列出会议") as office:
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


def cmd_stats(args: argparse.Namespace) -> int:
    """Figures of a year, a month or a range (issue 14 §3): a text table, JSON with stable keys, or
    an .xlsx with one sheet per figure (an export: the role's permission and an audit record)."""
    import datetime as dt
    import json

    from core.stats.period import chosen_range
    from core.stats.service import EXPORT_ACTION, stats_of
    from core.stats.text_table import report_text

    chosen = chosen_range(year=args.year, month=args.month, start=args.start, end=args.end, today=dt.date.today())
    with doors.opened(args, "view", "查看统计") as office:
        stats = stats_of(office)
        report = stats.report(chosen)
        if args.xlsx:
            from core.stats.workbook import write_report

            doors.require(office, EXPORT_ACTION, "导出统计")
            write_report(Path(args.xlsx), report)
            stats.record_export("全部统计表", Path(args.xlsx).name, chosen)
    if args.xlsx:
        print(f"已导出：{args.xlsx}（{len(report.figures)} 张统计表）")
    elif args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        print(report_text(report), end="")
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    import datetime as dt

    from core.documents import meeting_docs

    if (args.docx or args.ofd) and args.document != "minutes":
        raise Invalid("只有纪要可以导出为 DOCX 或 OFD。")
    if not (args.pdf or args.docx or args.ofd):
        raise Invalid("请用 --pdf OUT（或纪要的 --docx OUT、--ofd OUT）指定输出文件。")
    if args.document in ("minutes", "signing-sheet"):
        return _render_minutes(args)
    out = Path(args.pdf)
    from core.documents import font_settings

    with doors.opened(args, "print", "生成会议文书") as office:
        font_settings.apply(office)
        detail = office.meetings.detail(args.meeting)
        office_name = office.settings.office_name()
    if args.document == "notice":
        meeting_docs.render_notice(out, detail, office_name=office_name,
                                   issued_on=meeting_docs.notice_date(detail, dt.date.today()))
    elif args.document == "signin":
        meeting_docs.render_signin(out, detail)
    else:
        meeting_docs.render_attendance(out, detail)
    _say_fonts()
    print(f"已生成：{out}")
    return 0


def _say_fonts() -> None:
    """On stderr, the sentence naming the fonts that stood in for standard faces (issue 13)."""
    from core.documents import font_report, fonts

    chosen = fonts.resolution()
    if font_report.substituted(chosen):
        print(font_report.sentence(chosen, fonts.unembeddable()), file=sys.stderr)


def _render_minutes(args: argparse.Namespace) -> int:
    import datetime as dt

    from core.documents import font_settings
    from core.documents.meeting_docs import time_text
    from core.documents.signing_sheet import render_signing_sheet

    with doors.opened(args, "print", "生成纪要") as office:
        font_settings.apply(office)
        editions = office.minutes.minutes_list(meeting_id=args.meeting)
        if not editions:
            raise Invalid("该会议还没有纪要。")
        detail = office.minutes.detail(editions[0].id)
        if args.document == "signing-sheet":
            view = office.minutes.signing_view(detail.id, detail.signed_on or dt.date.today())
            meeting = office.meetings.detail(args.meeting)
            render_signing_sheet(Path(args.pdf), detail, view,
                                 meeting_line=f"{meeting.name}　{time_text(meeting)}　{meeting.place}")
        else:
            _write_minutes(args, office, detail)
    if args.pdf or args.ofd:
        _say_fonts()
    print("已生成：" + "、".join(p for p in (args.pdf, args.docx, args.ofd) if p))
    return 0


def _write_minutes(args: argparse.Namespace, office: Office, detail) -> None:  # type: ignore[no-untyped-def]
    """Minutes as PDF, DOCX and/or OFD (the OFD of issued minutes only). Classified minutes only as
    a copy in the register (issue 11 §2): `--copy N` names a registered copy, `--new-copy RECIPIENT`
    registers the next number; every such output is an audit record naming the account, and the
    files are this user's only."""
    import datetime as dt

    from core.documents.minutes_pdf import render_minutes
    from core.keeping.hardening import private_umask
    from core.model.enums import Classification

    copy = None
    if args.ofd:  # refused before any copy is registered or any file written
        from core.documents.minutes_ofd import require_issued

        require_issued(detail)
    if detail.classification is not Classification.NONE:
        doors.require(office, "print_classified", "输出涉密纪要")
        if args.new_copy:
            if args.copy is not None:
                raise Invalid("--copy 与 --new-copy 只能用一个。")
            copy = office.minutes.register_copies(detail.id, [args.new_copy], printed_on=dt.date.today())[0]
        elif args.copy is None:
            raise Invalid("涉密纪要只能按登记的份号输出：请用 --copy N 指定登记簿中已有的份号，"
                          "或用 --new-copy 接收单位 登记下一个份号。")
        else:
            copy = args.copy
        office.minutes.check_registered_copy(detail.id, copy)
    elif args.copy is not None or args.new_copy:
        raise Invalid("非涉密纪要不编份号，请去掉 --copy / --new-copy。")
    with private_umask():
        if args.pdf:
            render_minutes(Path(args.pdf), detail, copy_number=copy)
        if args.docx:
            from core.documents.minutes_docx import render_minutes_docx

            render_minutes_docx(Path(args.docx), detail, copy_number=copy)
        if args.ofd:
            from core.documents.minutes_ofd import render_minutes_ofd

            render_minutes_ofd(Path(args.ofd), detail, copy_number=copy)
    if copy is not None:
        files = "、".join(Path(p).name for p in (args.pdf, args.docx, args.ofd) if p)
        office.minutes.record_classified_output(detail.id, copy, f"命令行输出 {files}")


def _log_in_imported(args: argparse.Namespace, office: Office) -> None:
    """The new file's administrator, from the imported accounts, logs in: the import is theirs.
    Anyone else is refused and the new file removed (nothing of it stays readable)."""
    from core.keeping.keyfile import keyfile_path

    user, password = doors.credentials(args)
    try:
        office.log_in(user, password)
        if not office.can("accounts"):
            raise NotPermitted(f"导入须由导入文件中的管理员账户办理（{user} 不是管理员），未导入。")
        office.audit_event("数据.导入", f"由 {user} 从 {Path(args.file).name} 导入到新文件")
    except BaseException as error:
        path = office.path
        office.close()
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), keyfile_path(path)):
            leftover.unlink(missing_ok=True)
        if isinstance(error, HuiwuError):  # no file is left to hold the record: it goes to the journal
            from core.keeping import journal

            journal.record_outside(user, f"导入 {Path(args.file).name}", error.message)
        raise


def _progress(what: str) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        if done == total or done % 50 == 0:
            print(f"\r{what} {done}/{total}", end="\n" if done == total else "", file=sys.stderr, flush=True)

    return show


def cmd_demo(args: argparse.Namespace) -> int:
    from core.demo.district import DEMO_OFFICE_NAME, fill_demo, history_start

    opened = (doors.opened(args, "settings", "写入演示数据") if args.db_path.exists()
              else doors.created(args, DEMO_OFFICE_NAME))
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


