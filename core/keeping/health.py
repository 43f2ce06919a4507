"""`huiwu check`: every check of an open office file, each failure named in Chinese."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from core.errors import HuiwuError
from core.keeping import anchor
from core.office import Office
from core.services import audit
from core.store import schema
from core.store.engine import storage_errors
from core.store.health import integrity_problems

CHECK_NAMES = {
    "integrity_check": "数据库结构完整性（integrity_check）",
    "cipher_integrity_check": "加密页校验（cipher_integrity_check）",
    "foreign_key_check": "记录引用一致性（foreign_key_check）",
    "audit_chain": "审计记录链",
    "audit_anchor": "审计锚点（防止以旧副本替换）",
    "schema": "数据结构版本",
}


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
            if problems:
                out.append(f"✗ {name}：" + "；".join(problems[:10]))
            else:
                out.append(f"✓ {name}：通过")
        return out


def run_checks(office: Office) -> CheckReport:
    report = CheckReport(integrity_problems(office.engine))
    report.results["audit_chain"] = _unless_unreadable(lambda: _chain(office), "审计记录")
    report.results["audit_anchor"] = _unless_unreadable(lambda: anchor.problems(office), "审计记录")
    report.results["schema"] = ([] if office.revision == schema.HEAD
                                else [f"文件为 {office.revision}，程序为 {schema.HEAD}"])
    return report


def _chain(office: Office) -> list[str]:
    with storage_errors(), office.sessions() as session:
        chain = audit.verify(session)
    return [] if chain.ok else [f"第 {chain.first_bad_id} 条审计记录被改动或链条断开"]


def _unless_unreadable(check: Callable[[], list[str]], what: str) -> list[str]:
    """A damaged page under the audit table fails the read itself: that is a finding, not a crash."""
    try:
        return check()
    except HuiwuError as error:
        return [f"{what}无法读取（{error.message}）"]
