"""Alembic environment: runs on the engine the app opened (batch mode for SQLite)."""

from alembic import context

from ccsc_gov.core.store.models import Base

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()
