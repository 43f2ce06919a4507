"""The search index inside the file: what it holds, and how it is built and kept.

- search_src_*: one view per kind of source row, the text the index holds for it — a topic's title,
  units and summary; each current material's name and text; a meeting's name, place and note;
  minutes' name and 文号; minutes' latest text (subject, opening, sections, decisions); a 督办 item
  and each of its notes (with a feedback file's text); a person with posts and units; a unit.
  search_source is their union.
- search_doc: one row per source row, a copy of the view's text (snippets are cut from it), its
  `restricted` flag set where the text comes from classified minutes.
- search_fts: FTS5 over each doc's bigram text (core.store.grams, the SQL function huiwu_grams),
  contentless: it keeps the index only.
- Triggers on every source table refresh the docs a changed row feeds; triggers on search_doc keep
  search_fts in step. So every write keeps the index — the services, the JSON import, a migration —
  and a backup or restored copy carries its own. A connection without huiwu_grams (any tool but
  this program) cannot change indexed text at all: the trigger fails, and the write with it.

Why the views and triggers are not an Alembic migration: SQLite refuses to rename a table while a
view names a missing one, which is what Alembic's batch mode does to rebuild a table (copy, drop,
rename), and dropping a table drops its triggers. So `set_aside` takes them out before migrations
run and `install` puts them back after, from this module, matching the newest tables; it then
brings the docs up to date in the same transaction (the first time: builds the whole index).
A change here therefore ships with a migration (an empty one will do) so files are re-installed;
a change of core.store.grams also raises INDEX_VERSION, which rebuilds search_fts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

from core.store.grams import SQL_FUNCTION

# Raised when core.store.grams tokenizes differently: every doc is indexed anew.
INDEX_VERSION = 1

NL = "char(10)"


def lines(*parts: str) -> str:
    return f" || {NL} || ".join(f"coalesce({p}, '')" for p in parts)


def meeting_name(m: str) -> str:
    """core.services.meeting_types.meeting_name in SQL: 区政府第142次常务会议（主题）."""
    return (f"(CASE {m}.kind WHEN 'MAYOR_OFFICE' THEN '' ELSE '区政府' END || '第' || {m}.number || '次' || "
            f"CASE {m}.kind WHEN 'PLENARY' THEN '全体会议' WHEN 'EXECUTIVE' THEN '常务会议' "
            f"WHEN 'MAYOR_OFFICE' THEN '区长办公会议' ELSE '专题会议' END || "
            f"CASE WHEN {m}.title != '' THEN '（' || {m}.title || '）' ELSE '' END)")


def unit_names(d: str) -> str:
    return f"{d}.name || {NL} || {d}.short_name"


def classified(minutes_id: str) -> str:
    return f"coalesce((SELECT classification != 'NONE' FROM minutes WHERE id = {minutes_id}), 0)"


# The latest version's text (JSON of core.services.minutes_types.MinutesContent): subject title,
# opening, each section's heading and text with its decisions. Text that is not the JSON we write
# (an imported oddity) is indexed as it stands rather than failing the write.
DECISIONS = (f"(SELECT group_concat({NL} || json_extract(d.value, '$.text'), '' ORDER BY d.key) "
             "FROM json_each(s.value, '$.decisions') d WHERE d.type = 'object')")
SECTION = lines("json_extract(s.value, '$.heading')", "json_extract(s.value, '$.text')") + f" || coalesce({DECISIONS}, '')"
SECTIONS = (f"(SELECT group_concat({SECTION}, {NL} ORDER BY s.key) "
            "FROM json_each(v.content, '$.sections') s WHERE s.type = 'object')")
BODY = ("CASE WHEN json_valid(v.content) AND json_type(v.content) = 'object' THEN "
        + lines("json_extract(v.content, '$.title')", "json_extract(v.content, '$.opening')", SECTIONS)
        + " ELSE v.content END")

# Each doc's id packs (kind, item, part): kind << 60 | item << 28 | part. The index's rowids then
# say which item matched, so counting and grouping the hits never reads a table. `part` tells the
# docs of one item apart: 0 its own text, 1 minutes' body, a material's or a note's id.
KIND_CODES = {"topic": 1, "meeting": 2, "minutes": 3, "followup": 4, "person": 5, "unit": 6}
ITEM_BITS, PART_BITS = 32, 28

# source -> (kind, the source row's id, the item's id, part, restricted, text, FROM … WHERE …)
SOURCES: dict[str, tuple[str, str, str, str, str, str, str]] = {
    "topic": ("topic", "t.id", "t.id", "0", "0", lines(
        "t.title", f"(SELECT {unit_names('d')} FROM department d WHERE d.id = t.lead_department_id)",
        f"(SELECT group_concat({unit_names('d')}, {NL} ORDER BY d.id) FROM topic_department td "
        "JOIN department d ON d.id = td.department_id WHERE td.topic_id = t.id)",
        "t.summary"), "FROM topic t"),
    "material": ("topic", "m.id", "m.topic_id", "m.id", "0", lines(
        "m.name", "(SELECT x.text FROM material_text x WHERE x.content_id = m.content_id)"),
        "FROM material m WHERE m.current"),
    "meeting": ("meeting", "m.id", "m.id", "0", "0", lines(meeting_name("m"), "m.place", "m.note"), "FROM meeting m"),
    "minutes": ("minutes", "mi.id", "mi.id", "0", "0", lines(f"{meeting_name('me')} || '纪要'", "mi.serial_text"),
                "FROM minutes mi JOIN meeting me ON me.id = mi.meeting_id"),
    "minutes_text": ("minutes", "mi.id", "mi.id", "1", "mi.classification != 'NONE'", BODY,
                     "FROM minutes mi JOIN minutes_version v ON v.minutes_id = mi.id "
                     "WHERE v.number = (SELECT max(number) FROM minutes_version WHERE minutes_id = mi.id)"),
    "followup": ("followup", "f.id", "f.id", "0", classified("f.minutes_id"), lines(
        "f.decision", f"(SELECT {unit_names('d')} FROM department d WHERE d.id = f.department_id)",
        "f.co_departments", "f.closing_note"), "FROM follow_up f"),
    "followup_note": ("followup", "n.id", "f.id", "n.id", classified("f.minutes_id"), lines(
        "n.text", "n.file_name", "(SELECT x.text FROM material_text x WHERE x.content_id = n.content_id)"),
        "FROM follow_up_note n JOIN follow_up f ON f.id = n.follow_up_id"),
    "person": ("person", "p.id", "p.id", "0", "0", lines(
        "p.name", "p.note",
        f"(SELECT group_concat(a.title || {NL} || coalesce(d.name, ''), {NL} ORDER BY a.id) FROM appointment a "
        "LEFT JOIN department d ON d.id = a.department_id WHERE a.person_id = p.id)"), "FROM person p"),
    "unit": ("unit", "d.id", "d.id", "0", "0", lines(unit_names("d"), "d.note"), "FROM department d"),
}

# (table, event, UPDATE OF columns, [(source, ids of the source rows to refresh)]). An UPDATE
# trigger names its columns so that status changes (most writes) do not touch the index.
TRIGGERS: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    ("topic", "INSERT", "", [("topic", "NEW.id")]),
    ("topic", "UPDATE", "title, summary, lead_department_id", [("topic", "NEW.id")]),
    ("topic", "DELETE", "", [("topic", "OLD.id")]),
    ("topic_department", "INSERT", "", [("topic", "NEW.topic_id")]),
    ("topic_department", "UPDATE", "", [("topic", "OLD.topic_id, NEW.topic_id")]),
    ("topic_department", "DELETE", "", [("topic", "OLD.topic_id")]),
    ("material", "INSERT", "", [("material", "NEW.id")]),
    ("material", "UPDATE", "", [("material", "NEW.id")]),
    ("material", "DELETE", "", [("material", "OLD.id")]),
    *[("material_text", event, "", [
        ("material", f"SELECT id FROM material WHERE content_id = {row}.content_id"),
        ("followup_note", f"SELECT id FROM follow_up_note WHERE content_id = {row}.content_id")])
      for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))],
    ("department", "INSERT", "", [("unit", "NEW.id")]),
    ("department", "UPDATE", "name, short_name, note", [
        ("unit", "NEW.id"),
        ("topic", "SELECT id FROM topic WHERE lead_department_id = NEW.id "
                  "UNION SELECT topic_id FROM topic_department WHERE department_id = NEW.id"),
        ("followup", "SELECT id FROM follow_up WHERE department_id = NEW.id"),
        ("person", "SELECT person_id FROM appointment WHERE department_id = NEW.id")]),
    ("department", "DELETE", "", [("unit", "OLD.id")]),
    ("meeting", "INSERT", "", [("meeting", "NEW.id")]),
    ("meeting", "UPDATE", "kind, number, title, place, note", [
        ("meeting", "NEW.id"), ("minutes", "SELECT id FROM minutes WHERE meeting_id = NEW.id")]),
    ("meeting", "DELETE", "", [("meeting", "OLD.id")]),
    ("minutes", "INSERT", "", [("minutes", "NEW.id"), ("minutes_text", "NEW.id")]),
    ("minutes", "UPDATE", "meeting_id, serial_text, classification", [
        ("minutes", "NEW.id"), ("minutes_text", "NEW.id"),
        ("followup", "SELECT id FROM follow_up WHERE minutes_id = NEW.id"),
        ("followup_note", "SELECT n.id FROM follow_up_note n JOIN follow_up f ON f.id = n.follow_up_id "
                          "WHERE f.minutes_id = NEW.id")]),
    ("minutes", "DELETE", "", [("minutes", "OLD.id"), ("minutes_text", "OLD.id")]),
    ("minutes_version", "INSERT", "", [("minutes_text", "NEW.minutes_id")]),
    ("minutes_version", "UPDATE", "", [("minutes_text", "OLD.minutes_id, NEW.minutes_id")]),
    ("minutes_version", "DELETE", "", [("minutes_text", "OLD.minutes_id")]),
    ("follow_up", "INSERT", "", [("followup", "NEW.id")]),
    ("follow_up", "UPDATE", "minutes_id, decision, department_id, co_departments, closing_note", [
        ("followup", "NEW.id"), ("followup_note", "SELECT id FROM follow_up_note WHERE follow_up_id = NEW.id")]),
    ("follow_up", "DELETE", "", [("followup", "OLD.id")]),
    ("follow_up_note", "INSERT", "", [("followup_note", "NEW.id")]),
    ("follow_up_note", "UPDATE", "", [("followup_note", "NEW.id")]),
    ("follow_up_note", "DELETE", "", [("followup_note", "OLD.id")]),
    ("person", "INSERT", "", [("person", "NEW.id")]),
    ("person", "UPDATE", "name, note", [("person", "NEW.id")]),
    ("person", "DELETE", "", [("person", "OLD.id")]),
    ("appointment", "INSERT", "", [("person", "NEW.person_id")]),
    ("appointment", "UPDATE", "", [("person", "OLD.person_id, NEW.person_id")]),
    ("appointment", "DELETE", "", [("person", "OLD.person_id")]),
]

COLUMNS = "id, source, source_id, kind, item_id, restricted, text"


def view_sql(source: str) -> str:
    kind, key, item, part, restricted, text, rows = SOURCES[source]
    packed = f"({KIND_CODES[kind]} << {ITEM_BITS + PART_BITS}) | (({item}) << {PART_BITS}) | ({part})"
    return (f"CREATE VIEW search_src_{source} AS SELECT {packed} AS id, '{source}' AS source, {key} AS source_id, "
            f"'{kind}' AS kind, {item} AS item_id, ({restricted}) AS restricted, {text} AS text {rows}")


def upsert_sql(view: str, where: str) -> str:
    """The docs of `view`'s rows that match `where`, added or changed — only when the text or its
    place changed: an unchanged text is not indexed again."""
    return (f"INSERT INTO search_doc ({COLUMNS}) SELECT {COLUMNS} FROM {view} WHERE {where} "
            "ON CONFLICT (source, source_id) DO UPDATE SET id = excluded.id, kind = excluded.kind, "
            "item_id = excluded.item_id, restricted = excluded.restricted, text = excluded.text "
            "WHERE search_doc.text IS NOT excluded.text OR search_doc.id != excluded.id "
            "OR search_doc.restricted IS NOT excluded.restricted")


def refresh_sql(source: str, ids: str) -> str:
    """Bring the docs of these source rows in line with the view: added, changed or gone."""
    return (upsert_sql(f"search_src_{source}", f"source_id IN ({ids})") + ";\n"
            f"DELETE FROM search_doc WHERE source = '{source}' AND source_id IN ({ids}) "
            f"AND source_id NOT IN (SELECT source_id FROM search_src_{source} WHERE source_id IN ({ids}));")


def trigger_name(table: str, event: str) -> str:
    return f"search_{table}_{event.lower()}"


def trigger_sql(table: str, event: str, columns: str, refreshes: list[tuple[str, str]]) -> str:
    when = f"UPDATE OF {columns}" if columns else event
    body = "\n".join(refresh_sql(source, ids) for source, ids in refreshes)
    return f"CREATE TRIGGER {trigger_name(table, event)} AFTER {when} ON {table} BEGIN\n{body}\nEND"


_INDEX_NEW = f"INSERT INTO search_fts (rowid, grams) VALUES (NEW.id, {SQL_FUNCTION}(NEW.text));"
DOC_TRIGGERS = {
    "search_doc_insert": f"AFTER INSERT ON search_doc BEGIN {_INDEX_NEW} END",
    "search_doc_update": "AFTER UPDATE ON search_doc WHEN OLD.text IS NOT NEW.text OR OLD.id != NEW.id BEGIN "
                         f"DELETE FROM search_fts WHERE rowid = OLD.id; {_INDEX_NEW} END",
    "search_doc_delete": "AFTER DELETE ON search_doc BEGIN DELETE FROM search_fts WHERE rowid = OLD.id; END",
}

# The checks refuse ids that do not fit their bits (an import may bring any id): packed, they
# would name another item.
DOC_TABLE = ("CREATE TABLE search_doc (id INTEGER PRIMARY KEY, source TEXT NOT NULL, source_id INTEGER NOT NULL, "
             "kind TEXT NOT NULL, item_id INTEGER NOT NULL, restricted INTEGER NOT NULL, text TEXT NOT NULL, "
             "UNIQUE (source, source_id), "
             f"CHECK (item_id >= 0 AND (id >> {PART_BITS}) & {2**ITEM_BITS - 1} = item_id), "
             f"CHECK (source_id >= 0 AND (id & {2**PART_BITS - 1} = source_id "
             "OR source NOT IN ('material', 'followup_note'))))")
# The bigram tokens are letters and digits between spaces: 'ascii' splits on the spaces and keeps
# every non-ASCII character inside its token. prefix='1' answers the one-character query.
FTS_TABLE = ("CREATE VIRTUAL TABLE search_fts USING fts5(grams, tokenize = 'ascii', prefix = '1', "
             "content = '', contentless_delete = 1)")
META_TABLE = "CREATE TABLE search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"


def _objects(conn: Connection, kind: str) -> list[str]:
    return [r[0] for r in conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = ? AND name LIKE 'search~_%' ESCAPE '~'", (kind,))]


def remove(conn: Connection) -> None:
    """Take the views and triggers out (the index's tables stay, untouched)."""
    for name in _objects(conn, "trigger"):
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
    for name in _objects(conn, "view"):
        conn.exec_driver_sql(f'DROP VIEW "{name}"')


def drop(conn: Connection) -> None:
    """The whole index gone, as in a file from before it (the first step of a downgrade)."""
    remove(conn)
    for name in ("search_fts", "search_doc", "search_meta"):
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")


def _version(conn: Connection) -> int | None:
    if "search_meta" not in _objects(conn, "table"):
        return None
    value = conn.exec_driver_sql("SELECT value FROM search_meta WHERE key = 'version'").scalar()
    return int(value) if value is not None else None


def _tables(conn: Connection) -> None:
    """The tables, made anew (empty) when missing or of another INDEX_VERSION."""
    if _version(conn) != INDEX_VERSION:
        for name in ("search_fts", "search_doc", "search_meta"):
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
        for ddl in (META_TABLE, DOC_TABLE, FTS_TABLE):
            conn.exec_driver_sql(ddl)
        conn.exec_driver_sql("INSERT INTO search_meta (key, value) VALUES ('version', ?)", (str(INDEX_VERSION),))


def install(conn: Connection) -> None:
    """Put the index in place over the newest tables and bring it up to date with the data."""
    remove(conn)
    _tables(conn)
    for source in SOURCES:
        conn.exec_driver_sql(view_sql(source))
    conn.exec_driver_sql("CREATE VIEW search_source AS "
                         + " UNION ALL ".join(f"SELECT * FROM search_src_{s}" for s in SOURCES))
    for name, sql in DOC_TRIGGERS.items():
        conn.exec_driver_sql(f"CREATE TRIGGER {name} {sql}")
    for table, event, columns, refreshes in TRIGGERS:
        conn.exec_driver_sql(trigger_sql(table, event, columns, refreshes))
    sync(conn)


def sync(conn: Connection) -> None:
    """Every doc as its view says (added, changed, gone); the triggers on search_doc follow in
    search_fts. Then the index is merged into one segment, which keeps queries fast."""
    conn.exec_driver_sql(upsert_sql("search_source", "true"))
    conn.exec_driver_sql("DELETE FROM search_doc WHERE id NOT IN (SELECT id FROM search_source)")
    conn.exec_driver_sql("INSERT INTO search_fts (search_fts) VALUES ('optimize')")


@contextmanager
def set_aside(conn: Connection) -> Iterator[None]:
    """Around migrations: the views and triggers out of the way, put back when the block is done."""
    remove(conn)
    yield
    install(conn)


def problems(conn: Connection) -> list[str]:
    """Where the index is not what the data says, in Chinese; [] when it is."""
    missing = (set(DOC_TRIGGERS) | {trigger_name(t, e) for t, e, _c, _r in TRIGGERS}) - set(_objects(conn, "trigger"))
    missing |= ({f"search_src_{s}" for s in SOURCES} | {"search_source"}) - set(_objects(conn, "view"))
    if missing or _version(conn) != INDEX_VERSION:
        return [f"搜索索引不完整（缺少 {len(missing)} 个触发器或视图，或版本不符），修改数据时索引不会更新"]
    found = []
    stale = conn.exec_driver_sql(
        "SELECT count(*) FROM search_source s LEFT JOIN search_doc d ON d.source = s.source AND d.source_id = s.source_id "
        "WHERE d.id IS NOT s.id OR d.text IS NOT s.text OR d.restricted IS NOT s.restricted").scalar()
    extra = conn.exec_driver_sql("SELECT count(*) FROM search_doc WHERE id NOT IN (SELECT id FROM search_source)").scalar()
    if stale or extra:
        found.append(f"搜索索引与数据不一致：{stale} 条缺少或过时，{extra} 条多余")
    docs = conn.exec_driver_sql("SELECT count(*) FROM search_doc").scalar()
    indexed = conn.exec_driver_sql("SELECT count(*) FROM search_fts").scalar()
    if docs != indexed:
        found.append(f"全文索引有 {indexed} 条，应为 {docs} 条")
    return found



