"""the audit trail is append-only in the database itself

Audit rows are written, in the same transaction, by every change the app makes; nothing may
rewrite or remove them afterwards, however it reaches the database. Triggers refuse UPDATE and
DELETE of audit rows (and, on PostgreSQL, TRUNCATE of the table). The refusal is an integrity
error on both systems, as the locks of revision 0002 are.

SQLite drops a table's triggers when batch mode rebuilds the table: a later migration that
rebuilds `audit` must create these triggers again, as written here.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from ccsc_gov.core.store.migrations.dialect_sql import run_for_dialect

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

MESSAGE = (
    "The audit trail is append-only: its records can be added to but never changed or deleted."
)


def _sqlite_statements() -> list[str]:
    refuse = f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    return [
        f"CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit {refuse}",
        f"CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit {refuse}",
    ]


def _pg_statements() -> list[str]:
    return [
        f"""CREATE FUNCTION ccsc_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
END
$$""",
        "CREATE TRIGGER ccsc_audit_append_only BEFORE UPDATE OR DELETE ON audit "
        "FOR EACH ROW EXECUTE FUNCTION ccsc_audit_append_only()",
        "CREATE TRIGGER ccsc_audit_no_truncate BEFORE TRUNCATE ON audit "
        "FOR EACH STATEMENT EXECUTE FUNCTION ccsc_audit_append_only()",
    ]


def upgrade() -> None:
    run_for_dialect(
        sqlite=_sqlite_statements,
        postgresql=_pg_statements,
        refusal="The audit trail cannot be made append-only on {dialect}.",
    )


def downgrade() -> None:
    run_for_dialect(
        sqlite=lambda: [
            "DROP TRIGGER IF EXISTS audit_append_only_update",
            "DROP TRIGGER IF EXISTS audit_append_only_delete",
        ],
        postgresql=lambda: ["DROP FUNCTION IF EXISTS ccsc_audit_append_only() CASCADE"],
    )
