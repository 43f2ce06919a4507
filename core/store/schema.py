"""Schema versions: what the file has, what this program knows, and the migration itself.

Alembic is imported only when a migration is due, so a normal start does not pay for it.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, inspect

MIGRATIONS = Path(__file__).with_name("migrations")

# The newest revision in migrations/versions; a test keeps the two equal.
HEAD = "0013"


def current_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def user_table_count(conn: Connection) -> int:
    return int(conn.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'").scalar() or 0)


def _config():  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}


def script_head() -> str:
    from alembic.script import ScriptDirectory

    return str(ScriptDirectory.from_config(_config()).get_current_head())


def upgrade(conn: Connection, target: str = "head") -> None:
    """Run the migrations inside the caller's transaction (SQLite DDL is transactional)."""
    from alembic import command

    config = _config()
    config.attributes["connection"] = conn
    command.upgrade(config, target)
