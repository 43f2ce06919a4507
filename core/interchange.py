"""The whole database as one JSON document (docs/interchange.md).

Generic over the tables in `Base.metadata`, so a new table is exported without new code.
Rows keep their ids; dates are ISO 8601; enums by code name; binary as base64.

An import is checked whole before anything is written: every text value by the same check as the
forms (core.text), the audit chain recomputed from its first row, and every account's role and
state against its last account event — so neither a NUL nor a forged history comes in this way.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Enum, Integer, LargeBinary, Table, Text, Time, insert, select
from sqlalchemy.orm import Session

import core.model  # noqa: F401  (registers every table)
from core.errors import ImportRejected, Invalid
from core.keeping.hardening import write_private
from core.model import Role
from core.model.base import Base
from core.services import audit
from core.services.audit import now_iso
from core.services.base import Service
from core.services.settings import FILE_FORMAT, FORMAT_MARK
from core.store import schema
from core.text import text_problem, visible

FORMAT = "huiwu-interchange"
FORMAT_VERSION = 1
SQLITE_INT_MIN, SQLITE_INT_MAX = -(2**63), 2**63 - 1  # what an SQLite INTEGER holds
# An export nests 6 deep at most ({derived: {topics: {ID: {needs: [{…}]}}}}); far deeper is no
# export of ours, and refusing it before json.loads spares its recursion (100,000 deep ends in
# RecursionError). Room is left for the format to grow.
MAX_DEPTH = 32
# json's messages, for a secretary; one not listed is shown as it is.
_JSON_MESSAGES = {
    "Expecting value": "此处应有一个值",
    "Expecting property name enclosed in double quotes": "此处应为带双引号的字段名",
    "Expecting ',' delimiter": "此处缺少逗号",
    "Expecting ':' delimiter": "此处缺少冒号",
    "Unterminated string starting at": "字符串没有结束",
    "Extra data": "文档结束后还有多余内容",
    "Invalid control character at": "字符串中含有控制字符",
    "Invalid \\escape": "无效的转义符",
    "Invalid \\uXXXX escape": "无效的 \\u 转义符",
}


def _to_json(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if hasattr(value, "name"):  # an enum member
        return value.name
    raise TypeError(f"cannot export {type(value).__name__}")


# Column types written as text in the document: how each is read back, and what it should be.
_ENCODED: list[tuple[Any, Callable[[str], Any], str]] = [
    (DateTime, dt.datetime.fromisoformat, "日期时间（应为 ISO 8601，如 2026-03-02T09:00:00+08:00）"),
    (Date, dt.date.fromisoformat, "日期（应为 ISO 8601，如 2026-03-02）"),
    (Time, dt.time.fromisoformat, "时刻（如 09:00:00）"),
    (LargeBinary, lambda v: base64.b64decode(v, validate=True), "Base64 二进制内容"),
]


def _from_json(column: Any, value: Any) -> Any:
    """Convert one JSON value back to the column's Python type; ValueError names the problem."""
    if value is None:
        if not column.nullable:
            raise ValueError("不能为空")
        return None
    kind = column.type
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise ValueError("应为 true 或 false")
        return value
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("应为整数")
        if not SQLITE_INT_MIN <= value <= SQLITE_INT_MAX:
            raise ValueError("整数超出范围（应在 ±9223372036854775807 之内）")
        return value
    if isinstance(kind, Enum):
        if value not in kind.enums:
            raise ValueError(f"不是有效取值（应为 {'、'.join(kind.enums)} 之一）")
        return value
    if not isinstance(value, str):
        raise ValueError("应为文本")
    for types, read, expected in _ENCODED:
        if isinstance(kind, types):
            try:
                return read(value)
            except ValueError:  # binascii.Error is one too
                raise ValueError(f"不是有效的{expected}") from None
    problem = text_problem(value, multiline=isinstance(kind, Text))
    if problem is not None:
        raise ValueError(problem)
    return value


def exchanged_tables() -> list[Table]:
    """Every table but the file's own keys (marked info={"interchange": False}): a file made from
    an export gets keys of its own, and a plaintext export must not carry them."""
    return [t for t in Base.metadata.sorted_tables if t.info.get("interchange", True)]


def export_document(session: Session, revision: str) -> dict[str, Any]:
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in exchanged_tables():
        order = list(table.primary_key.columns)
        rows = session.execute(select(table).order_by(*order)).mappings()
        tables[table.name] = [{k: _to_json(v) for k, v in row.items()} for row in rows]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": revision,
        "exported_at": now_iso(),
        "tables": tables,
    }


# A JSON string (escapes included) — removed before counting brackets, which may stand inside one.
# An unterminated one runs to the end, so every quote is scanned once: linear on any input.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def nesting_depth(text: str) -> int:
    """How deep `text`'s arrays and objects nest, found without parsing (linear, no recursion).
    Exact for valid JSON; for broken JSON at least as deep as json.loads would go."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(itertools.accumulate(map(_STEP.__getitem__, brackets)), default=0)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} 不是标准 JSON 的数值")


def _loads(text: str) -> Any:
    depth = nesting_depth(text)
    if depth > MAX_DEPTH:
        raise Invalid(f"交换文件的层次嵌套过深（{depth} 层，交换文件最多 {MAX_DEPTH} 层），不是会务导出的文件，未导入。")
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        why = _JSON_MESSAGES.get(exc.msg, exc.msg)
        raise Invalid(f"不是有效的 JSON 文件（第 {exc.lineno} 行第 {exc.colno} 列）：{why}。") from exc
    except ValueError as exc:  # a number of over 4300 digits; NaN or Infinity
        raise Invalid("不是有效的 JSON 文件：含有无法读取的数值（位数过多，或 NaN、Infinity）。") from exc
    except RecursionError as exc:  # not expected below MAX_DEPTH; still never a traceback
        raise Invalid("交换文件的层次嵌套过深，不是会务导出的文件，未导入。") from exc


def _shown(value: Any) -> str:
    """A value from the document, safe to put in a message (no bidi control, not a page long)."""
    text = visible(str(value))
    return text if len(text) <= 40 else text[:40] + "…"


def parse_document(text: str) -> dict[str, Any]:
    doc = _loads(text)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise Invalid("该文件不是会务数据交换文件（缺少 format: huiwu-interchange）。")
    if doc.get("format_version") != FORMAT_VERSION:
        raise Invalid(f"交换文件格式版本 {_shown(doc.get('format_version'))} 不受支持，本程序支持版本 {FORMAT_VERSION}。")
    if doc.get("schema_revision") != schema.HEAD:
        raise Invalid(f"交换文件的数据结构版本为 {_shown(doc.get('schema_revision'))}，本程序为 {schema.HEAD}；"
                      "请用相同版本的会务程序导出后再导入。")
    if not isinstance(doc.get("tables"), dict):
        raise Invalid("交换文件缺少 tables 部分。")
    return doc


def _check_rows(doc: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Convert every row, collecting every problem before anything is written."""
    known = {t.name: t for t in exchanged_tables()}
    problems: list[tuple[int | str, str]] = []
    for name in doc["tables"]:
        if name in Base.metadata.tables and name not in known:
            problems.append((f"表 {_shown(name)}", "是数据文件自身的密钥，不随交换文件导入"))
        elif name not in known:
            problems.append((f"表 {_shown(name)}", "本程序没有这张表"))
    converted: dict[str, list[dict[str, Any]]] = {}
    for name, table in known.items():
        rows = doc["tables"].get(name, [])
        if not isinstance(rows, list):
            problems.append((f"表 {name}", "应为行的列表"))
            continue
        converted[name] = [_convert_row(table, i, row, problems) for i, row in enumerate(rows, 1)]
    settings = {r.get("key"): r.get("value") for r in converted.get("setting", [])}
    if settings.get(FILE_FORMAT) != FORMAT_MARK:
        problems.append(("表 setting", "缺少会务文件标记（file_format = huiwu）"))
    if not problems:
        problems = _history_problems(converted)
    if problems:
        raise ImportRejected(problems, "交换文件")
    return converted


@dataclass(frozen=True)
class _AuditRow:
    """A converted row of the audit table, read as core.services.audit.AuditFields."""

    id: int
    at: str
    user: str
    event: str
    object_type: str
    object_id: str
    success: bool
    summary: str
    prev_hash: str
    hash: str


_AUDIT_FIELDS = [f.name for f in dataclasses.fields(_AuditRow)]


def _history_problems(rows: dict[str, list[dict[str, Any]]]) -> list[tuple[int | str, str]]:
    """The document's audit chain recomputed in id order, then every account against its last
    account event: an edited role with a recomputed chain is still refused."""
    entries = sorted((_AuditRow(**{f: r[f] for f in _AUDIT_FIELDS}) for r in rows.get("audit", [])),
                     key=lambda e: e.id)
    chain = audit.verify_rows(entries)
    if not chain.ok:
        return [(f"表 audit 中 id 为 {chain.first_bad_id} 的记录",
                 f"审计记录链条从此断开：{chain.why}。交换文件中的历史记录不可信")]
    accounts = [(a["user_name"], Role[a["role"]], a["active"]) for a in rows.get("account", [])]
    return [("表 account", finding) for finding in audit.role_findings(accounts, entries)]


def _convert_row(table: Table, index: int, row: Any, problems: list[tuple[int | str, str]]) -> dict[str, Any]:
    where = f"表 {table.name} 第 {index} 行"
    if not isinstance(row, dict):
        problems.append((where, "应为对象"))
        return {}
    unknown = set(row) - set(table.columns.keys())
    if unknown:
        problems.append((where, "未知字段 " + "、".join(_shown(u) for u in sorted(unknown))))
    out: dict[str, Any] = {}
    for column in table.columns:
        if column.name not in row:
            problems.append((where, f"缺少字段 {column.name}"))
            continue
        try:
            out[column.name] = _from_json(column, row[column.name])
        except (ValueError, TypeError) as exc:
            problems.append((where, f"字段 {column.name} {exc}"))
    return out


class InterchangeService(Service):
    def __init__(self, sessions: Any, actor: Any, derived: Callable[[], dict[str, Any]] | None = None) -> None:
        super().__init__(sessions, actor)
        self._derived = derived

    def export(self, revision: str) -> dict[str, Any]:
        with self.reading() as s:
            doc = export_document(s, revision)
        if self._derived is not None:
            # Computed for the reader (what each topic still needs, with articles); ignored on import.
            doc["derived"] = self._derived()
        return doc

    def export_to(self, path: Path, revision: str) -> None:
        """Written 0600 under a temporary name and renamed: a failure (a full disk) leaves no
        partial plaintext file behind."""
        doc = self.export(revision)
        write_private(path, json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))

    def load_into_empty(self, doc: dict[str, Any]) -> dict[str, int]:
        """Write every row of `doc` in one transaction into a file that has no data yet."""
        rows = _check_rows(doc)
        with self.transaction() as s:
            for table in exchanged_tables():
                if rows.get(table.name):
                    s.execute(insert(table), rows[table.name])
            counts = {name: len(r) for name, r in rows.items()}
            self.audit(s, "数据.导入", "file", "", f"从交换文件导入：{sum(counts.values())} 行")
        return counts
