"""on PostgreSQL, the audit trail is chained when a change is committed

The triggers of revision 0015 wrote each change's audit row as the statement ran, and with it
took the trail's lock (one writer at a time, for the chain), holding it until the transaction
ended: across every later statement of the transaction and every round trip to the clerk's
program, so each clerk's save waited for any other clerk's to finish, however unrelated. They
become constraint triggers, deferred to the commit: the rows are the same (PostgreSQL hands a
deferred trigger each row as that change left it, and `localtimestamp` is the transaction's
start either way), written in the same order, but the lock is taken only at the commit, inside
the server, and held just while the rows are chained and the commit is made durable.

The app's notes and seals (`ccsc_audit_note`, `ccsc_audit_seal`) still follow the changes
they accompany: the app has the changes written first (`audit.py`).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

import importlib

from alembic import op

from ccsc_gov.core.store import locks

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

EARLIER = importlib.import_module(
    "ccsc_gov.core.store.migrations.versions.0015_audit_written_by_the_database"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite: the app writes the trail under SQLite's one write lock, as before
    for table in EARLIER.TABLES:
        op.execute(f"DROP TRIGGER ccsc_audit_{table} ON {table}")
        op.execute(locks.audit_trigger(table))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in EARLIER.TABLES:
        op.execute(f"DROP TRIGGER ccsc_audit_{table} ON {table}")
        op.execute(EARLIER.audit_trigger(table))
