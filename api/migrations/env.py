"""Alembic's environment: the gateway's tables (api/tables.py), migrated on the connection that
api/schema.py hands over (never a URL of its own)."""

from alembic import context

from api.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
