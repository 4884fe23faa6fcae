"""locks that no statement gets past, and an audit trail that shows tampering

The locks of revision 0002 are rebuilt from `locks.RECORD`: the meeting row gains an INSERT
guard, and every record table's guards now refuse a row that collides with a locked one on a
unique key (SQLite's REPLACE and UPDATE OR REPLACE deleted the locked row without firing its
DELETE trigger); on PostgreSQL, TRUNCATE of a record table is refused. An audit row can no
longer be replaced either.

Every audit row gains `hash`, chaining it to the one before (`chain.py`); the existing rows are
chained in order, and each meeting already approved is sealed: its record's fingerprint is
added to the chain, as approval does from now on. On PostgreSQL, audit rows are added only
through `ccsc_append_audit`, which runs with the schema owner's rights (deploy/).

People are indexed by lower(email) and lower(name), the look-ups an import makes per row.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

from ccsc_gov.core.store import chain, locks
from ccsc_gov.core.store.audit import operator

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

AUDIT_MESSAGE = (
    "The audit trail is append-only: its records can be added to but never changed or deleted."
)
# The tables of revision 0002, the chair's reviews of revision 0010, the papers of revision
# 0012 (whose plainer triggers are replaced here) and the decisions reported to a meeting of
# revision 0013; a table added to the record later is locked by its own migration.
TABLES = (
    "meeting",
    "agenda_item",
    "attendance",
    "carried_action",
    "action_note",
    "withdrawal",
    "declaration",
    "decision",
    "referral",
    "action",
    "action_owner",
    "minutes_review",
    "reported_decision",
    "paper",
    "paper_version",
)


# On PostgreSQL, the one way to add to the audit trail: a function that runs with its owner's
# (the schema owner's) rights, so the roles used day to day need no INSERT on `audit`. It adds
# only rows that name the login calling it.
PG_APPEND_AUDIT = """
CREATE FUNCTION ccsc_append_audit(rows json) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    r json;
BEGIN
    FOR r IN SELECT * FROM json_array_elements(rows) LOOP
        IF right(r->>'who', length(session_user) + 3) IS DISTINCT FROM
                ' (' || session_user || ')' THEN
            RAISE EXCEPTION 'An audit record must name the login that writes it (%).',
                session_user USING ERRCODE = 'insufficient_privilege';
        END IF;
        INSERT INTO audit (id, at, who, what, table_name, row_key, before, after, note, hash)
        VALUES ((r->>'id')::integer, (r->>'at')::timestamp, r->>'who', r->>'what',
                r->>'table_name', r->>'row_key', r->>'before', r->>'after', r->>'note',
                r->>'hash');
    END LOOP;
END
$$"""


def _chain_existing_rows(conn: sa.Connection) -> None:
    audit = chain.AUDIT
    previous = chain.GENESIS
    rows = conn.execute(sa.select(audit).order_by(audit.c.id)).mappings().all()
    for row in rows:
        previous = chain.link(previous, row)
        conn.execute(audit.update().where(audit.c.id == row["id"]).values(hash=previous))


def _seal_approved_meetings(conn: sa.Connection) -> None:
    approved = conn.execute(
        sa.text("SELECT id FROM meeting WHERE status = :s ORDER BY id"), {"s": locks.APPROVED}
    ).scalars()
    at = dt.datetime.now().replace(microsecond=0)
    chain.append(
        conn,
        [{"at": at, "who": operator(), **chain.seal_row(conn, m)} for m in approved.all()],
    )


def upgrade() -> None:
    conn = op.get_bind()
    dialect = conn.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"Approved minutes cannot be locked on {dialect}.")
    op.add_column("audit", sa.Column("hash", sa.String(64), nullable=True))
    # People are looked up by email address and by name whatever their case (an import of
    # 50,000 rows looks each one up).
    for column in ("email", "name"):
        op.create_index(f"ix_person_lower_{column}", "person", [sa.text(f"lower({column})")])
    if dialect == "postgresql":
        op.execute(PG_APPEND_AUDIT)
        op.execute("REVOKE ALL ON FUNCTION ccsc_append_audit(json) FROM PUBLIC")
    for statement in locks.unlock_statements(dialect, only=TABLES):
        op.execute(statement)
    for statement in locks.lock_statements(dialect, only=TABLES):
        op.execute(statement)
    # The existing audit rows are chained, the one time they are updated.
    if dialect == "sqlite":
        op.execute("DROP TRIGGER audit_append_only_update")
    else:
        op.execute("ALTER TABLE audit DISABLE TRIGGER ccsc_audit_append_only")
    _chain_existing_rows(conn)
    refuse = f"BEGIN SELECT RAISE(ABORT, '{AUDIT_MESSAGE}'); END"
    if dialect == "sqlite":
        op.execute(f"CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit {refuse}")
        op.execute(
            "CREATE TRIGGER audit_append_only_insert BEFORE INSERT ON audit FOR EACH ROW "
            f"WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id) {refuse}"
        )
    else:
        op.execute("ALTER TABLE audit ENABLE TRIGGER ccsc_audit_append_only")
    _seal_approved_meetings(conn)


def downgrade() -> None:
    # The stronger locks stay (they refuse nothing the app does), as do the seals (the trail is
    # append-only); the hashes go with their column.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_append_only_insert")
    else:
        op.execute("DROP FUNCTION IF EXISTS ccsc_append_audit(json)")
    op.drop_column("audit", "hash")
    for column in ("email", "name"):
        op.drop_index(f"ix_person_lower_{column}", table_name="person")
