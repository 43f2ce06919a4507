"""The whole database as one JSON document (docs/interchange.md).

Generic over the tables in `Base.metadata`, so a new table is exported without new code.
Rows keep their ids; dates are ISO 8601; enums by code name; binary as base64.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Enum, Integer, LargeBinary, Table, Time, insert, select
from sqlalchemy.orm import Session

import core.model  # noqa: F401  (registers every table)
from core.errors import ImportRejected, Invalid
from core.model.base import Base
from core.services.audit import now_iso
from core.services.base import Service
from core.services.settings import FILE_FORMAT, FORMAT_MARK
from core.store import schema

FORMAT = "huiwu-interchange"
FORMAT_VERSION = 1
SQLITE_INT_MIN, SQLITE_INT_MAX = -(2**63), 2**63 - 1  # what an SQLite INTEGER holds


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
    if isinstance(kind, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return dt.date.fromisoformat(value)
    if isinstance(kind, Time):
        return dt.time.fromisoformat(value)
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value, validate=True)
    if isinstance(kind, Enum):
        if value not in kind.enums:
            raise ValueError(f"不是有效取值（应为 {'、'.join(kind.enums)} 之一）")
        return value
    if not isinstance(value, str):
        raise ValueError("应为文本")
    return value


def export_document(session: Session, revision: str) -> dict[str, Any]:
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in Base.metadata.sorted_tables:
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


def parse_document(text: str) -> dict[str, Any]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Invalid(f"不是有效的 JSON 文件（第 {exc.lineno} 行第 {exc.colno} 列）：{exc.msg}") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise Invalid("该文件不是会务数据交换文件（缺少 format: huiwu-interchange）。")
    if doc.get("format_version") != FORMAT_VERSION:
        raise Invalid(f"交换文件格式版本 {doc.get('format_version')} 不受支持，本程序支持版本 {FORMAT_VERSION}。")
    if doc.get("schema_revision") != schema.HEAD:
        raise Invalid(f"交换文件的数据结构版本为 {doc.get('schema_revision')}，本程序为 {schema.HEAD}；"
                      "请用相同版本的会务程序导出后再导入。")
    if not isinstance(doc.get("tables"), dict):
        raise Invalid("交换文件缺少 tables 部分。")
    return doc


def _check_rows(doc: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Convert every row, collecting every problem before anything is written."""
    known = {t.name: t for t in Base.metadata.sorted_tables}
    problems: list[tuple[int | str, str]] = []
    for name in doc["tables"]:
        if name not in known:
            problems.append((f"表 {name}", "本程序没有这张表"))
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
    if problems:
        raise ImportRejected(problems, "交换文件")
    return converted


def _convert_row(table: Table, index: int, row: Any, problems: list[tuple[int | str, str]]) -> dict[str, Any]:
    where = f"表 {table.name} 第 {index} 行"
    if not isinstance(row, dict):
        problems.append((where, "应为对象"))
        return {}
    unknown = set(row) - set(table.columns.keys())
    if unknown:
        problems.append((where, "未知字段 " + "、".join(sorted(unknown))))
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
        doc = self.export(revision)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(path)

    def load_into_empty(self, doc: dict[str, Any]) -> dict[str, int]:
        """Write every row of `doc` in one transaction into a file that has no data yet."""
        rows = _check_rows(doc)
        with self.transaction() as s:
            for table in Base.metadata.sorted_tables:
                if rows.get(table.name):
                    s.execute(insert(table), rows[table.name])
            counts = {name: len(r) for name, r in rows.items()}
            self.audit(s, "数据.导入", "file", "", f"从交换文件导入：{sum(counts.values())} 行")
        return counts
