"""Alembic environment: always run on the connection the program hands over (never a URL)."""

from alembic import context

import core.model  # noqa: F401  (registers every table)
from core.model.base import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,      # SQLite needs table rebuilds for most ALTERs
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
