"""`huiwu search 词 [--kind …] [--json]`: the window's search on the command line (issue 14 §2).

Logged in like every command; results leave the program here, so text from classified minutes is
searched only for roles that may print it, and each search is recorded in the audit trail (term
and counts). Files stored before the index get their text first (once), so that nothing is
missed; the terminal is told while that runs.
"""

from __future__ import annotations

import argparse
import json
import sys

from core.cli import doors
from core.cli.parsing import whole_number

# --kind as the issue names them: person is 人员与单位, both kinds.
KIND_CHOICES = {"topic": ("topic",), "meeting": ("meeting",), "minutes": ("minutes",),
                "followup": ("followup",), "person": ("person", "unit")}


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    search = sub.add_parser("search", help="查找议题、会议、纪要、督办、人员与单位（一两个字也可以）")
    search.add_argument("term", metavar="词", help="要查找的词；多个词用空格分开，须同时出现")
    search.add_argument("--kind", choices=sorted(KIND_CHOICES), metavar="类别",
                        help="只查一类：topic 议题、meeting 会议、minutes 纪要、followup 督办、person 人员与单位")
    search.add_argument("--limit", type=whole_number, default=50, metavar="条数", help="每类最多列出这么多条（默认 50；总数照常给出）")
    search.add_argument("--json", action="store_true", help="输出 JSON：每条含 kind、id、title、snippet")
    search.set_defaults(func=cmd_search)


def cmd_search(args: argparse.Namespace) -> int:
    kinds = KIND_CHOICES[args.kind] if args.kind else None
    with doors.opened(args, "view", "查找") as office:
        _extract_waiting(office)
        results = office.search.search(args.term, kinds, max(args.limit, 0), leaving=True)
        office.search.record_search(results, "命令行")
        if not office.can("print_classified"):
            print("当前账户不能输出涉密纪要，涉密纪要的正文及其督办事项未在查找之列。", file=sys.stderr)
    if args.json:
        rows = [{"kind": f.kind, "id": f.id, "title": f.title, "snippet": f.snippet.text,
                 "marks": [list(m) for m in f.snippet.marks], "detail": f.detail}
                for g in results.groups for f in g.found]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    if not results.groups:
        print(f"没有找到“{results.term}”。")
    for group in results.groups:
        shown = f"，列出前 {len(group.found)} 条" if len(group.found) < group.count else ""
        print(f"{group.name}（{group.count} 条{shown}）")
        for f in group.found:
            print(f"  {f.id}\t{f.title}\t{f.snippet.marked()}")
    return 0


def _extract_waiting(office) -> None:  # type: ignore[no-untyped-def]
    waiting = office.search.pending_extractions()
    if waiting:
        print(f"正在为此前存入的 {waiting} 个文件提取文字（只需一次）……", file=sys.stderr)
        while office.search.extract_pending(budget_s=5.0):
            pass
