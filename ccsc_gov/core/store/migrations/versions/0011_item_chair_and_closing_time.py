"""who took the chair for an item, and when the meeting closed

When the chair declares an interest and withdraws, the minutes say who took the chair for
that item (the vice-chair, or a member chosen at the meeting): `agenda_item.chaired_by_id`.
The minutes end "The meeting closed at 15:52" once the clerk records the time:
`meeting.closed_at`.

The columns are added in place (no batch rebuild), so the lock triggers of revision 0002 and
the search-index triggers of revision 0003 on these tables stay as they are; SQLite takes the
foreign key in the ADD COLUMN itself, as it has no ALTER for constraints.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

# The same statement in SQLite and PostgreSQL.
ADD_CHAIR = (
    "ALTER TABLE agenda_item ADD COLUMN chaired_by_id INTEGER "
    "CONSTRAINT fk_agenda_item_chaired_by_id_person REFERENCES person (id)"
)

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(ADD_CHAIR)
    op.add_column("meeting", sa.Column("closed_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.drop_column("meeting", "closed_at")
    op.drop_column("agenda_item", "chaired_by_id")
