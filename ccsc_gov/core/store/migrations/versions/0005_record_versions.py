"""a version on every record clerks edit, so no one's change is silently written over

Each editable row carries a version that every update names and raises: an update made from a
stale read matches no row and is refused, and the clerk is told who changed it (from the
audit trail, now indexed by row) and asked to reload. Existing rows start at version 1.

The columns are added with a plain ALTER TABLE ... ADD COLUMN, not in batch mode: SQLite adds
a column in place, whereas a batch rebuild would drop the lock triggers of revision 0002 and
the search-index triggers of revision 0003 on these tables.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TABLES = (
    "body",
    "person",
    "membership",
    "meeting",
    "agenda_item",
    "attendance",
    "declaration",
    "decision",
    "action",
)
AUDIT_INDEX = "ix_audit_table_name_row_key"


def upgrade() -> None:
    for table in TABLES:
        op.add_column(
            table,
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
        )
    op.create_index(AUDIT_INDEX, "audit", ["table_name", "row_key"], unique=False)


def downgrade() -> None:
    op.drop_index(AUDIT_INDEX, table_name="audit")
    # SQLite (3.35 and later) drops a column in place too, keeping the tables' triggers.
    for table in TABLES:
        op.drop_column(table, "version")
