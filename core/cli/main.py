"""The `huiwu` command. Without a subcommand it opens the window; subcommands run headless, never
import Qt, and work only through a Huiwu account (core.cli.doors).

Exit codes: 0 done; 1 refused (a rule, a role or invalid input); 2 usage; 3 the file cannot be opened.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from core.cli import commands, search_command
from core.cli.commands import DEFAULT_OFFICE_NAME
from core.cli.parsing import ChineseParser, whole_number
from core.errors import HuiwuError
from core.keeping.hardening import disable_core_dumps
from core.paths import resolve_db_path

COPY_MAX = 999_999  # 份号 are six digits (GB/T 9704 §7.2.1)


def copy_number(text: str) -> int:
    """A copy number as typed: 1 to 999999, else argparse's usage error in Chinese."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= COPY_MAX:
        raise argparse.ArgumentTypeError(f"份号须为 1 至 {COPY_MAX} 的整数，“{text}”不是。")
    return number


def _last_word(error: Exception) -> int:
    """The driver's or the disk's error said in Chinese; anything else named, never a traceback.
    (SQLAlchemy is imported here, not at the top: the window's start does not pay for it.)"""
    from sqlalchemy.exc import SQLAlchemyError

    from core.store.engine import translate

    if isinstance(error, OSError | SQLAlchemyError):
        typed = translate(error)
        print(typed.message, file=sys.stderr)
        return typed.exit_code
    print(f"会务程序内部错误，命令未完成（{type(error).__name__}）。数据文件的已有内容未受影响；"
          "请把这句话和所用的命令告诉技术支持。", file=sys.stderr)
    return 1


def _closed_pipe() -> int:
    """`huiwu … | head -1`: the reader has gone. What was written stands; end quietly with 0,
    and point stdout at nothing so the interpreter's last flush does not complain."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0


def _add_global_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--db", metavar="路径", help="数据文件路径（也可用环境变量 HUIWU_DB）")
    parser.add_argument("--user", metavar="用户名", help="会务账户的用户名（也可用环境变量 HUIWU_USER）")
    parser.add_argument("--password-file", metavar="文件",
                        help="含该账户密码的文件（也可用环境变量 HUIWU_PASSWORD；在终端中运行时会提示输入）")
    parser.add_argument("--passphrase-file", metavar="文件",
                        help="含恢复密钥（或口令）的文件，用于没有可用密钥文件时打开；仍须以账户登录"
                             "（也可用环境变量 HUIWU_PASSPHRASE）")
    parser.add_argument("--self-test", nargs="?", const="text", choices=["text", "json"],
                        help="在临时文件夹中自检（加密文件、演示数据、纪要 PDF/DOCX/OFD、文件检查）；--self-test json 输出 JSON")
    return parser


def _parse(argv: list[str] | None) -> argparse.Namespace:
    """The window (`huiwu [--db PATH]`) is told apart by the global options alone: building every
    subcommand's parser would add several milliseconds to the window's start (issue 7 §4)."""
    quick = _add_global_options(ChineseParser(prog="huiwu", add_help=False))
    args, rest = quick.parse_known_args(argv)
    if rest:  # a subcommand, -h, or something to refuse: the whole parser says what it means
        return build_parser().parse_args(argv)
    args.command = None
    return args


def build_parser() -> argparse.ArgumentParser:
    parser = _add_global_options(ChineseParser(prog="huiwu", description="会务：区政府办公室会议全流程管理"))
    sub = parser.add_subparsers(dest="command", metavar="命令")

    init = sub.add_parser("init", help="创建新的加密数据文件")
    init.add_argument("--office-name", default=DEFAULT_OFFICE_NAME, metavar="名称", help="机关名称")
    init.add_argument("--recovery-sheet", metavar="PDF", help="同时把恢复密钥单保存为 PDF")
    init.set_defaults(func=commands.cmd_init)
    sub.add_parser("check", help="检查数据文件的完整性").set_defaults(func=commands.cmd_check)

    roster = sub.add_parser("roster", help="人员与单位").add_subparsers(dest="roster_command", required=True, metavar="子命令")
    imp = roster.add_parser("import", help="从 .xlsx 或 .csv 导入")
    imp.add_argument("file", metavar="文件", help="人员与单位名册（.xlsx 或 .csv）")
    imp.set_defaults(func=commands.cmd_roster_import)

    bk = sub.add_parser("backup", help="备份到指定文件夹（写入后自动校验）")
    bk.add_argument("folder", metavar="文件夹", help="备份写入的文件夹")
    bk.add_argument("--backup-passphrase-file", metavar="文件", help="备份使用单独的口令（用于带出机房的介质）")
    bk.set_defaults(func=commands.cmd_backup)
    rs = sub.add_parser("restore", help="从备份恢复（先显示备份概况，当前数据先自动备份）")
    rs.add_argument("file", metavar="备份文件", help="要恢复的备份")
    rs.add_argument("--backup-passphrase-file", metavar="文件", help="备份的单独口令")
    rs.add_argument("--yes", action="store_true", help="确认恢复")
    rs.set_defaults(func=commands.cmd_restore)

    export = sub.add_parser("export", help="导出").add_subparsers(dest="export_format", required=True, metavar="格式")
    ej = export.add_parser("json", help="整个数据库导出为 JSON")
    ej.add_argument("out", metavar="输出文件", help="写出的 JSON 文件")
    ej.set_defaults(func=commands.cmd_export_json)

    importer = sub.add_parser("import", help="导入").add_subparsers(dest="import_format", required=True, metavar="格式")
    ij = importer.add_parser("json", help="从 JSON 导入到新的数据文件")
    ij.add_argument("file", metavar="文件", help="导入的 JSON 文件")
    ij.set_defaults(func=commands.cmd_import_json)

    topics = sub.add_parser("topics", help="议题").add_subparsers(dest="topics_command", required=True, metavar="子命令")
    tl = topics.add_parser("list", help="列出议题")
    tl.add_argument("--status", metavar="状态", help="按状态筛选（如 已报送，或其代码 SUBMITTED）")
    tl.add_argument("--json", action="store_true", help="输出 JSON，含每个议题尚缺的程序及条款")
    tl.set_defaults(func=commands.cmd_topics_list)

    meetings = sub.add_parser("meetings", help="会议").add_subparsers(dest="meetings_command", required=True, metavar="子命令")
    ml = meetings.add_parser("list", help="列出会议")
    ml.add_argument("--json", action="store_true", help="输出 JSON")
    ml.set_defaults(func=commands.cmd_meetings_list)

    render = sub.add_parser("render", help="生成会议文书 PDF")
    render.add_argument("document", choices=["notice", "signin", "attendance", "minutes", "signing-sheet"], metavar="文书",
                        help="notice 会议通知、signin 签到表、attendance 出席情况、minutes 纪要、signing-sheet 纪要签发单")
    render.add_argument("meeting", type=whole_number, metavar="会议编号", help="会议编号（huiwu meetings list 列出的编号）")
    render.add_argument("--pdf", metavar="输出文件", help="输出的 PDF 文件")
    render.add_argument("--docx", metavar="输出文件", help="纪要另存为 DOCX（供 WPS、Word 修改）")
    render.add_argument("--ofd", metavar="输出文件", help="已印发的纪要另存为 OFD（GB/T 33190 版式文件，字体嵌入）")
    render.add_argument("--copy", type=copy_number, metavar="份号", help="涉密纪要：登记簿中已有的份号")
    render.add_argument("--new-copy", metavar="接收单位", help="涉密纪要：为该接收单位登记下一个份号并输出")
    render.set_defaults(func=commands.cmd_render)

    stats = sub.add_parser("stats", help="统计（议题、会议、出席与请假、纪要、督办）")
    stats.add_argument("--year", type=whole_number, metavar="年度", help="年度（默认今年）")
    stats.add_argument("--month", type=whole_number, metavar="月份", help="月份（与 --year 合用）")
    stats.add_argument("--from", dest="start", metavar="日期", help="自定义范围的起始日期，如 2026-01-01")
    stats.add_argument("--to", dest="end", metavar="日期", help="自定义范围的截止日期，如 2026-06-30")
    stats_out = stats.add_mutually_exclusive_group()
    stats_out.add_argument("--json", action="store_true", help="输出 JSON（键名固定，便于程序读取）")
    stats_out.add_argument("--xlsx", metavar="输出文件", help="导出为 Excel 文件，每张统计表一个工作表")
    stats.set_defaults(func=commands.cmd_stats)

    anchor = sub.add_parser("reanchor", help="重新锚定审计记录（管理员；核实数据文件后，审计锚点缺失或不符时使用）")
    anchor.add_argument("--yes", action="store_true", help="确认重新锚定")
    anchor.set_defaults(func=commands.cmd_reanchor)

    search_command.add_parser(sub)

    demo = sub.add_parser("demo", help="写入虚构区县的演示数据")
    demo.add_argument("--years", type=whole_number, default=0, metavar="年数", help="另外生成最近 N 年的议题、会议、纪要与督办历史（每年约 240 个议题、100 次会议）")
    demo.set_defaults(func=commands.cmd_demo)
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
    except BrokenPipeError:
        return _closed_pipe()
    except Exception as error:  # noqa: BLE001 - the last word is Chinese, never a traceback
        return _last_word(error)


if __name__ == "__main__":
    sys.exit(main())
