"""the governance schema

Revision ID: 0001
Revises:
Create Date: 2026-11-29 15:22:22.197470
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("who", sa.String(length=100), nullable=False),
        sa.Column("what", sa.String(length=20), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_key", sa.String(length=80), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit")),
    )
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_at"), ["at"], unique=False)

    op.create_table(
        "body",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "board", "committee", "subcommittee", name="bodykind", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("independent_chair", sa.Boolean(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["parent_id"], ["body.id"], name=op.f("fk_body_parent_id_body")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_body")),
        sa.UniqueConstraint("code", name=op.f("uq_body_code")),
    )
    with op.batch_alter_table("body", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_body_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    op.create_table(
        "reference_counter",
        sa.Column("scope", sa.String(length=48), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_reference_counter")),
    )
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=40), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("start_at", sa.DateTime(), nullable=False),
        sa.Column("end_at", sa.DateTime(), nullable=False),
        sa.Column("location", sa.String(length=300), nullable=False),
        sa.Column("video_link", sa.String(length=500), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "agenda published",
                "held",
                "minutes drafted",
                "minutes approved",
                "cancelled",
                name="meetingstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("approved_at_id", sa.Integer(), nullable=True),
        sa.Column("approval_amendments", sa.Text(), nullable=False),
        sa.Column("calendar_sequence", sa.Integer(), nullable=False),
        sa.CheckConstraint("end_at > start_at", name=op.f("ck_meeting_slot_order")),
        sa.ForeignKeyConstraint(
            ["approved_at_id"], ["meeting.id"], name=op.f("fk_meeting_approved_at_id_meeting")
        ),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"], name=op.f("fk_meeting_body_id_body")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
        sa.UniqueConstraint("ref", name=op.f("uq_meeting_ref")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_start_at"), ["start_at"], unique=False)

    op.create_table(
        "membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "chair",
                "vice-chair",
                "member",
                "ex officio",
                "funder representative",
                "observer",
                "secretary",
                "in attendance",
                name="role",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("votes", sa.Boolean(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date", name=op.f("ck_membership_term_order")
        ),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"], name=op.f("fk_membership_body_id_body")),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_membership_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership")),
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_membership_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_membership_person_id"), ["person_id"], unique=False)

    op.create_table(
        "recurring_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "for decision",
                "for approval",
                "for discussion",
                "to note",
                "for information",
                name="purpose",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("presenter", sa.String(length=200), nullable=False),
        sa.CheckConstraint("month BETWEEN 1 AND 12", name=op.f("ck_recurring_item_month")),
        sa.ForeignKeyConstraint(
            ["body_id"], ["body.id"], name=op.f("fk_recurring_item_body_id_body")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recurring_item")),
    )
    with op.batch_alter_table("recurring_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recurring_item_body_id"), ["body_id"], unique=False)

    op.create_table(
        "terms_of_reference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column(
            "authority",
            sa.Enum("decide", "recommend", name="authority", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("quorum_count", sa.Integer(), nullable=True),
        sa.Column("quorum_fraction_num", sa.Integer(), nullable=True),
        sa.Column("quorum_fraction_den", sa.Integer(), nullable=True),
        sa.Column("quorum_roles", sa.String(length=200), nullable=False),
        sa.Column("chair_required", sa.Boolean(), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "quorum_count IS NOT NULL OR quorum_fraction_num IS NOT NULL",
            name=op.f("ck_terms_of_reference_quorum_rule"),
        ),
        sa.CheckConstraint(
            "quorum_fraction_num IS NULL OR (quorum_fraction_den > 0 AND "
            "quorum_fraction_num BETWEEN 1 AND quorum_fraction_den)",
            name=op.f("ck_terms_of_reference_quorum_fraction"),
        ),
        sa.ForeignKeyConstraint(
            ["body_id"], ["body.id"], name=op.f("fk_terms_of_reference_body_id_body")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_terms_of_reference")),
        sa.UniqueConstraint("body_id", "version", name=op.f("uq_terms_of_reference_body_id")),
    )
    with op.batch_alter_table("terms_of_reference", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_terms_of_reference_body_id"), ["body_id"], unique=False
        )

    op.create_table(
        "agenda_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "standard",
            sa.Enum(
                "welcome",
                "declarations",
                "previous minutes",
                "matters arising",
                "business",
                "subcommittee reports",
                "any other business",
                "next meeting",
                name="standarditem",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("public_title", sa.String(length=500), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "for decision",
                "for approval",
                "for discussion",
                "to note",
                "for information",
                name="purpose",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("presenter", sa.String(length=200), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("papers", sa.Text(), nullable=False),
        sa.Column(
            "confidentiality",
            sa.Enum(
                "open",
                "confidential",
                "reserved",
                name="confidentiality",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("confidentiality_reason", sa.Text(), nullable=False),
        sa.Column("confidentiality_review", sa.Date(), nullable=True),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "duration_minutes IS NULL OR duration_minutes >= 0",
            name=op.f("ck_agenda_item_duration"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_agenda_item_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["agenda_item.id"], name=op.f("fk_agenda_item_parent_id_agenda_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_item")),
    )
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_item_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agenda_item_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=48), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "in progress",
                "completed",
                "closed",
                "cancelled",
                name="actionstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("closed_at_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["closed_at_id"], ["meeting.id"], name=op.f("fk_action_closed_at_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["agenda_item.id"], name=op.f("fk_action_item_id_agenda_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action")),
        sa.UniqueConstraint("ref", name=op.f("uq_action_ref")),
    )
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_due_date"), ["due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_status"), ["status"], unique=False)

    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "present",
                "remote",
                "apologies",
                "absent",
                "in attendance",
                name="attendancecategory",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("arrived_at_item_id", sa.Integer(), nullable=True),
        sa.Column("left_at_item_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["arrived_at_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_attendance_arrived_at_item_id_agenda_item"),
        ),
        sa.ForeignKeyConstraint(
            ["left_at_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_attendance_left_at_item_id_agenda_item"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_attendance_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_attendance_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint("meeting_id", "person_id", name=op.f("uq_attendance_meeting_id")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_person_id"), ["person_id"], unique=False)

    op.create_table(
        "decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=48), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "approved",
                "rejected",
                "deferred",
                "noted",
                "recommended to parent body",
                name="decisionoutcome",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("referred_from_id", sa.Integer(), nullable=True),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_id"], ["agenda_item.id"], name=op.f("fk_decision_item_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(
            ["referred_from_id"],
            ["decision.id"],
            name=op.f("fk_decision_referred_from_id_decision"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
        sa.UniqueConstraint("ref", name=op.f("uq_decision_ref")),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_item_id"), ["item_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_decision_referred_from_id"), ["referred_from_id"], unique=False
        )

    op.create_table(
        "declaration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("nature", sa.Text(), nullable=False),
        sa.Column(
            "action_taken",
            sa.Enum(
                "withdrew",
                "took no part in the decision",
                "noted",
                name="declarationaction",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["agenda_item.id"], name=op.f("fk_declaration_item_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_declaration_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declaration")),
    )
    with op.batch_alter_table("declaration", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_declaration_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_declaration_person_id"), ["person_id"], unique=False)

    op.create_table(
        "withdrawal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["agenda_item.id"], name=op.f("fk_withdrawal_item_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_withdrawal_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_withdrawal")),
        sa.UniqueConstraint("item_id", "person_id", name=op.f("uq_withdrawal_item_id")),
    )
    with op.batch_alter_table("withdrawal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_withdrawal_item_id"), ["item_id"], unique=False)

    op.create_table(
        "action_due_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("previous_due", sa.Date(), nullable=True),
        sa.Column("new_due", sa.Date(), nullable=False),
        sa.Column("revised_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["action.id"], name=op.f("fk_action_due_revision_action_id_action")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_due_revision")),
    )
    with op.batch_alter_table("action_due_revision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_due_revision_action_id"), ["action_id"], unique=False
        )

    op.create_table(
        "action_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("written_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "in progress",
                "completed",
                "closed",
                "cancelled",
                name="actionstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["action_id"], ["action.id"], name=op.f("fk_action_note_action_id_action")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_action_note_meeting_id_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_note")),
    )
    with op.batch_alter_table("action_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_note_action_id"), ["action_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_note_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "action_owner",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["action.id"], name=op.f("fk_action_owner_action_id_action")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_action_owner_person_id_person")
        ),
        sa.PrimaryKeyConstraint("action_id", "person_id", name=op.f("pk_action_owner")),
    )
    with op.batch_alter_table("action_owner", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_owner_person_id"), ["person_id"], unique=False)

    op.create_table(
        "carried_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "in progress",
                "completed",
                "closed",
                "cancelled",
                name="actionstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_id"], ["action.id"], name=op.f("fk_carried_action_action_id_action")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_carried_action_meeting_id_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carried_action")),
        sa.UniqueConstraint("meeting_id", "action_id", name=op.f("uq_carried_action_meeting_id")),
    )
    with op.batch_alter_table("carried_action", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_carried_action_action_id"), ["action_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_carried_action_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decision.id"], name=op.f("fk_referral_decision_id_decision")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["agenda_item.id"], name=op.f("fk_referral_item_id_agenda_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
        sa.UniqueConstraint("decision_id", name=op.f("uq_referral_decision_id")),
        sa.UniqueConstraint("item_id", name=op.f("uq_referral_item_id")),
    )


def downgrade() -> None:
    op.drop_table("referral")
    with op.batch_alter_table("carried_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_carried_action_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_carried_action_action_id"))

    op.drop_table("carried_action")
    with op.batch_alter_table("action_owner", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_owner_person_id"))

    op.drop_table("action_owner")
    with op.batch_alter_table("action_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_note_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_action_note_action_id"))

    op.drop_table("action_note")
    with op.batch_alter_table("action_due_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_due_revision_action_id"))

    op.drop_table("action_due_revision")
    with op.batch_alter_table("withdrawal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_withdrawal_item_id"))

    op.drop_table("withdrawal")
    with op.batch_alter_table("declaration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_declaration_person_id"))
        batch_op.drop_index(batch_op.f("ix_declaration_item_id"))

    op.drop_table("declaration")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_referred_from_id"))
        batch_op.drop_index(batch_op.f("ix_decision_item_id"))

    op.drop_table("decision")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_person_id"))
        batch_op.drop_index(batch_op.f("ix_attendance_meeting_id"))

    op.drop_table("attendance")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_status"))
        batch_op.drop_index(batch_op.f("ix_action_item_id"))
        batch_op.drop_index(batch_op.f("ix_action_due_date"))

    op.drop_table("action")
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_item_parent_id"))
        batch_op.drop_index(batch_op.f("ix_agenda_item_meeting_id"))

    op.drop_table("agenda_item")
    with op.batch_alter_table("terms_of_reference", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_terms_of_reference_body_id"))

    op.drop_table("terms_of_reference")
    with op.batch_alter_table("recurring_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recurring_item_body_id"))

    op.drop_table("recurring_item")
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_person_id"))
        batch_op.drop_index(batch_op.f("ix_membership_body_id"))

    op.drop_table("membership")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_start_at"))
        batch_op.drop_index(batch_op.f("ix_meeting_body_id"))

    op.drop_table("meeting")
    op.drop_table("reference_counter")
    op.drop_table("person")
    with op.batch_alter_table("body", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_body_parent_id"))

    op.drop_table("body")
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_at"))

    op.drop_table("audit")
