"""Alembic environment: runs on the engine the app opened (batch mode for SQLite).

Batch mode rebuilds a SQLite table by copying, dropping and renaming it, which foreign keys
refuse while other tables refer to it. As SQLite's own procedure for changing a table has it,
foreign keys are turned off outside the transaction (they cannot be turned off inside one)
and every reference is checked before the upgrade commits.
"""

from alembic import context

from ccsc_gov.core.store.schema import full_metadata

engine = context.config.attributes["engine"]

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
    try:
        with connection.begin():
            context.configure(
                connection=connection,
                target_metadata=full_metadata(),
                render_as_batch=True,
                transaction_per_migration=True,
            )
            with context.begin_transaction():
                context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise RuntimeError(f"The upgrade would break references: {broken[:5]}")
    finally:
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys = ON")
