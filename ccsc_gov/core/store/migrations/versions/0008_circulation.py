"""circulation: what went to whom and when, and the working rhythm in the terms of reference

The terms of reference gain which roles receive confidential business and the body's working
rhythm (papers due, agenda out, draft minutes to the chair, action reminders); a meeting gains
the day its chair cleared the draft minutes. New tables keep every circulation, its messages,
their recipients and attachments (with a hash of each, saying which version went), and the
actions each reminder listed.

Columns are added with a plain ALTER TABLE ... ADD COLUMN, not in batch mode, so SQLite keeps
the lock triggers of revision 0002 and the search-index triggers of revision 0003.

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0005"
branch_labels = None
depends_on = None

TERMS_COLUMNS = (
    sa.Column("confidential_roles", sa.String(length=200), nullable=True),
    sa.Column("papers_due_days", sa.Integer(), nullable=True),
    sa.Column("circulate_days", sa.Integer(), nullable=True),
    sa.Column("draft_minutes_days", sa.Integer(), nullable=True),
    sa.Column("remind_before_days", sa.Integer(), nullable=True),
    sa.Column("remind_every_days", sa.Integer(), nullable=True),
)


def upgrade() -> None:
    for column in TERMS_COLUMNS:
        op.add_column("terms_of_reference", column)
    op.add_column("meeting", sa.Column("minutes_cleared_on", sa.Date(), nullable=True))
    op.create_table(
        "circulation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("who", sa.String(length=100), nullable=False),
        sa.Column("sent", sa.Boolean(), nullable=False),
        sa.Column("folder", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_circulation_meeting_id_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circulation")),
    )
    op.create_index(op.f("ix_circulation_meeting_id"), "circulation", ["meeting_id"])
    op.create_table(
        "circulation_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("circulation_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["circulation_id"],
            ["circulation.id"],
            name=op.f("fk_circulation_message_circulation_id_circulation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circulation_message")),
    )
    op.create_index(
        op.f("ix_circulation_message_circulation_id"), "circulation_message", ["circulation_id"]
    )
    op.create_table(
        "circulation_recipient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=250), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("copy", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["circulation_message.id"],
            name=op.f("fk_circulation_recipient_message_id_circulation_message"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_circulation_recipient_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circulation_recipient")),
    )
    op.create_index(
        op.f("ix_circulation_recipient_message_id"), "circulation_recipient", ["message_id"]
    )
    op.create_index(
        op.f("ix_circulation_recipient_person_id"), "circulation_recipient", ["person_id"]
    )
    op.create_table(
        "circulation_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["circulation_message.id"],
            name=op.f("fk_circulation_attachment_message_id_circulation_message"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circulation_attachment")),
    )
    op.create_index(
        op.f("ix_circulation_attachment_message_id"), "circulation_attachment", ["message_id"]
    )
    op.create_table(
        "reminded_action",
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["circulation_message.id"],
            name=op.f("fk_reminded_action_message_id_circulation_message"),
        ),
        sa.ForeignKeyConstraint(
            ["action_id"], ["action.id"], name=op.f("fk_reminded_action_action_id_action")
        ),
        sa.PrimaryKeyConstraint("message_id", "action_id", name=op.f("pk_reminded_action")),
    )
    op.create_index(op.f("ix_reminded_action_action_id"), "reminded_action", ["action_id"])


def downgrade() -> None:
    for table in (
        "reminded_action",
        "circulation_attachment",
        "circulation_recipient",
        "circulation_message",
        "circulation",
    ):
        op.drop_table(table)
    # SQLite (3.35 and later) drops a column in place too, keeping the tables' triggers.
    op.drop_column("meeting", "minutes_cleared_on")
    for column in reversed(TERMS_COLUMNS):
        op.drop_column("terms_of_reference", column.name)
