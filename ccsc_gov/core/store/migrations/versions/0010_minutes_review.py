"""a record of each chair's review of draft minutes taken in from the Word file returned

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "minutes_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("made_from", sa.String(length=40), nullable=False),
        sa.Column("taken_in_at", sa.DateTime(), nullable=False),
        sa.Column("taken_in_by", sa.String(length=100), nullable=False),
        sa.Column("accepted", sa.Text(), nullable=False),
        sa.Column("not_taken_in", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name="fk_minutes_review_meeting_id_meeting"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_minutes_review"),
    )
    op.create_index("ix_minutes_review_meeting_id", "minutes_review", ["meeting_id"])


def downgrade() -> None:
    op.drop_index("ix_minutes_review_meeting_id", table_name="minutes_review")
    op.drop_table("minutes_review")
