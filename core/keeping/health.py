"""`huiwu check`: every check of an office file, each failure named in Chinese, pages by number.

A file that opens gets every check (`run_checks`). A damaged one that does not open still gets
what can be read of it with its key (`check_unopenable`): the size, which pages fail their
HMAC, the structure; never a traceback (issue 11 §4).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import HuiwuError
from core.keeping import anchor
from core.services import audit
from core.store import schema, search_schema
from core.store.engine import make_engine, storage_errors
from core.store.health import integrity_problems
from core.store.keys import DatabaseKey

if TYPE_CHECKING:
    from core.office import Office

PAGE = 4096  # SQLCipher 4's page size

CHECK_NAMES = {
    "file_size": "文件大小（整页）",
    "first_page": "第 1 页（文件头）解密",
    "integrity_check": "数据库页面与索引完整",
    "cipher_integrity_check": "加密页校验（逐页）",
    "foreign_key_check": "记录之间的引用一致",
    "audit_chain": "审计记录链",
    "account_roles": "账户角色与审计记录一致",
    "audit_anchor": "审计锚点（防止以旧副本替换）",
    "schema": "数据结构版本",
    "search_index": "搜索索引与数据一致",
}


# What runs for a check, for a tooltip and the technician's eye; the names above are what a secretary reads.
CHECK_PRAGMAS = {key: f"PRAGMA {key}" for key in ("integrity_check", "cipher_integrity_check", "foreign_key_check")}


@dataclass
class CheckReport:
    results: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(self.results.values())

    def lines(self) -> list[str]:
        out = []
        for key, problems in self.results.items():
            name = CHECK_NAMES[key]
            items = [c for p in problems for line in p.splitlines() if (c := chinese(line.strip()))]
            if items:
                more = f"；另有 {len(items) - 10} 处" if len(items) > 10 else ""
                out.append(f"✗ {name}：" + "；".join(items[:10]) + more)
            else:
                out.append(f"✓ {name}：通过")
        return out


_HMAC = re.compile(r"HMAC verification failed for page (\d+)")
_WORDS = (  # integrity_check's and cipher_integrity_check's usual lines
    (re.compile(r"^\*\*\* in database main \*\*\*$"), ""),
    (re.compile(r"Page (\d+): never used"), r"第 \1 页未被引用"),
    (re.compile(r"page (\d+) has an invalid size of (\d+) bytes \(expected (\d+) bytes\)"),
     r"第 \1 页只有 \2 字节（应为 \3 字节）：文件被截断"),
    (re.compile(r"On tree page (\d+) cell (\d+): (.*)"), r"第 \1 页第 \2 项：\3"),
    (re.compile(r"Tree \d+ page (\d+): (.*)"), r"第 \1 页：\2"),
)
_PHRASES = (("btreeInitPage() returns error code 11", "页面已损坏，无法读取"),)
_MALFORMED = ("database disk image is malformed", "file is not a database")


def chinese(problem: str) -> str:
    """SQLite's and SQLCipher's words as a secretary reads them."""
    found = _HMAC.search(problem)
    if found:
        return f"第 {found.group(1)} 页校验失败（内容被改动或损坏）"
    if any(m in problem for m in _MALFORMED):
        return "数据库结构已损坏，检查无法进行到底"
    for pattern, words in _WORDS:
        if pattern.search(problem):
            problem = pattern.sub(words, problem)
            break
    for english, words in _PHRASES:
        problem = problem.replace(english, words)
    return problem


def run_checks(office: Office) -> CheckReport:
    report = CheckReport(integrity_problems(office.engine))
    report.results["audit_chain"] = _unless_unreadable(lambda: _chain(office), "审计记录")
    report.results["account_roles"] = _unless_unreadable(lambda: _roles(office), "账户或审计记录")
    report.results["audit_anchor"] = _unless_unreadable(lambda: anchor.problems(office), "审计记录")
    report.results["schema"] = ([] if office.revision == schema.HEAD
                                else [f"文件为 {office.revision}，程序为 {schema.HEAD}"])
    report.results["search_index"] = _unless_unreadable(lambda: _search_index(office), "搜索索引")
    return report


def _search_index(office: Office) -> list[str]:
    with storage_errors(), office.engine.connect() as conn:
        return search_schema.problems(conn)


def _chain(office: Office) -> list[str]:
    with storage_errors(), office.sessions() as session:
        chain = audit.verify(session)
    return [] if chain.ok else [f"第 {chain.first_bad_id} 条审计记录被改动或链条断开"]


def _roles(office: Office) -> list[str]:
    """Each account's role and state must be what its last account event made them (issue 11 §3)."""
    with storage_errors(), office.sessions() as session:
        return audit.role_findings_in(session)


def _unless_unreadable(check: Callable[[], list[str]], what: str) -> list[str]:
    """A damaged page under the audit table fails the read itself: that is a finding, not a crash."""
    try:
        return check()
    except HuiwuError:
        return [f"{what}所在的页已损坏，无法读取"]


def check_unopenable(path: Path, keys: list[DatabaseKey]) -> CheckReport:
    """What can be learnt of a file that does not open, with the keys it should open with."""
    report = CheckReport()
    size = path.stat().st_size
    report.results["file_size"] = ([] if size and size % PAGE == 0 else
                                   [f"文件大小 {size} 字节不是整页（每页 {PAGE} 字节）：文件被截断或残缺，"
                                    f"第 {size // PAGE + 1} 页起缺失"])
    for key in keys:
        engine = make_engine(path, key, probe=True)
        try:
            found = integrity_problems(engine)
        finally:
            engine.dispose()
        if not _first_page_refused(found):
            report.results["first_page"] = []
            report.results.update(found)
            return report
    report.results["first_page"] = ["第 1 页无法解密：文件头已损坏，或密钥文件与数据文件不相配"]
    return report


def _first_page_refused(found: dict[str, list[str]]) -> bool:
    pages = found["cipher_integrity_check"]
    failed = {m.group(1) for p in pages if (m := _HMAC.search(p))}
    return "1" in failed or any("not a database" in p for p in pages)
