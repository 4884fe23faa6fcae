"""decisions between meetings: written resolutions and chair's action

Terms of reference say whether a body allows written resolutions, what carries one (no
fraction: unanimity; else more than that fraction of all voting members) and whether its chair
may take chair's action. Existing terms allow both; the Governance Board's resolutions carry by
unanimity, every other body's by a majority of all voting members.

New tables: written_resolution, resolution_vote, resolution_interest, chairs_action and
reported_decision (a decision taken between meetings, as reported to the next meeting). A
decision taken between meetings belongs to no agenda item, so decision.item_id may be NULL.

Nothing about a closed resolution changes, nor a chair's action once taken, nor the decision
either became: triggers refuse it, whatever reaches the database.

SQLite: making decision.item_id nullable rebuilds the table in batch mode, which drops its
triggers; the lock of revision 0002 and the search-index triggers of revision 0003 on decision
are created again here, as those revisions wrote them. (A downgrade keeps item_id nullable.)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

import importlib
from dataclasses import dataclass

import sqlalchemy as sa
from alembic import op

from ccsc_gov.core.store.migrations.dialect_sql import run_for_dialect

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_VERSIONS = "ccsc_gov.core.store.migrations.versions"


@dataclass(frozen=True)
class Closed:
    table: str
    what: str  # how the message names a row of the table
    # SQL true when the row ({row} is OLD or NEW) belongs to something closed.
    closed: str
    inserts: bool = False  # whether a new row is refused too (and a row moved onto one)


_RESOLUTION_CLOSED = (
    "EXISTS (SELECT 1 FROM written_resolution WHERE id = {row}.resolution_id "
    "AND closed_on IS NOT NULL)"
)
CLOSED = (
    Closed("written_resolution", "This written resolution", "{row}.closed_on IS NOT NULL"),
    Closed("resolution_vote", "This reply", _RESOLUTION_CLOSED, inserts=True),
    Closed("resolution_interest", "This declaration of interest", _RESOLUTION_CLOSED, inserts=True),
    Closed("chairs_action", "This chair's action", "1 = 1"),
    Closed(
        "decision",
        "This decision",
        "(EXISTS (SELECT 1 FROM written_resolution WHERE decision_id = {row}.id) OR "
        "EXISTS (SELECT 1 FROM chairs_action WHERE decision_id = {row}.id))",
    ),
)


def _message(what: str) -> str:
    """The refusal, quoted for an SQL string literal."""
    message = (
        f"{what} belongs to a decision taken between meetings that is closed: the record is "
        "locked and cannot be changed."
    )
    return message.replace("'", "''")


def _sqlite_statements() -> list[str]:
    statements = []
    for lock in CLOSED:
        refuse = f"BEGIN SELECT RAISE(ABORT, '{_message(lock.what)}'); END"
        old, new = lock.closed.format(row="OLD"), lock.closed.format(row="NEW")
        update = f"({old} OR {new})" if lock.inserts else old
        statements += [
            f"CREATE TRIGGER closed_{lock.table}_update BEFORE UPDATE ON {lock.table} "
            f"FOR EACH ROW WHEN {update} {refuse}",
            f"CREATE TRIGGER closed_{lock.table}_delete BEFORE DELETE ON {lock.table} "
            f"FOR EACH ROW WHEN {old} {refuse}",
        ]
        if lock.inserts:
            statements.append(
                f"CREATE TRIGGER closed_{lock.table}_insert BEFORE INSERT ON {lock.table} "
                f"FOR EACH ROW WHEN {new} {refuse}"
            )
    return statements


def _sqlite_drops() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS closed_{lock.table}_{event}"
        for lock in CLOSED
        for event in ("update", "delete", "insert")
    ]


_PG_RAISE = "RAISE EXCEPTION '{message}' USING ERRCODE = 'restrict_violation';"


def _pg_statements() -> list[str]:
    statements = []
    for lock in CLOSED:
        refuse = _PG_RAISE.format(message=_message(lock.what))
        check_new = (
            f"""    IF TG_OP <> 'DELETE' THEN
        IF {lock.closed.format(row="NEW")} THEN
            {refuse}
        END IF;
    END IF;
"""
            if lock.inserts
            else ""
        )
        statements += [
            f"""CREATE FUNCTION ccsc_closed_{lock.table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        IF {lock.closed.format(row="OLD")} THEN
            {refuse}
        END IF;
    END IF;
{check_new}    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$""",
            f"CREATE TRIGGER ccsc_closed_{lock.table} BEFORE "
            f"{'INSERT OR ' if lock.inserts else ''}UPDATE OR DELETE ON {lock.table} "
            f"FOR EACH ROW EXECUTE FUNCTION ccsc_closed_{lock.table}()",
        ]
    return statements


def _pg_drops() -> list[str]:
    return [f"DROP FUNCTION IF EXISTS ccsc_closed_{lock.table}() CASCADE" for lock in CLOSED]


def _decision_triggers_again() -> list[str]:
    """The triggers on decision that revisions 0002 and 0003 made (batch mode dropped them)."""
    statements = [
        *importlib.import_module(f"{_VERSIONS}.0002_lock_approved_minutes")._sqlite_statements(),
        *importlib.import_module(f"{_VERSIONS}.0003_search_index")._sqlite_statements(),
    ]
    return [s for s in statements if s.startswith("CREATE TRIGGER") and " ON decision " in s]


def _enum(*values: str, name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=32)


def upgrade() -> None:
    # (On SQLite, env.py turns foreign keys off while batch mode rebuilds decision.)
    with op.batch_alter_table("decision") as batch:
        batch.alter_column("item_id", existing_type=sa.Integer(), nullable=True)
    run_for_dialect(sqlite=_decision_triggers_again, postgresql=list)

    with op.batch_alter_table("terms_of_reference") as batch:
        batch.add_column(
            sa.Column("written_resolutions", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.add_column(sa.Column("resolution_fraction_num", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("resolution_fraction_den", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("chairs_action", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    op.execute(
        "UPDATE terms_of_reference SET resolution_fraction_num = 1, resolution_fraction_den = 2 "
        "WHERE body_id NOT IN (SELECT id FROM body WHERE code = 'GB')"
    )

    op.create_table(
        "written_resolution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=48), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("proposed_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("recommends", sa.Boolean(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
        sa.ForeignKeyConstraint(
            ["body_id"], ["body.id"], name=op.f("fk_written_resolution_body_id_body")
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decision.id"],
            name=op.f("fk_written_resolution_decision_id_decision"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_written_resolution")),
        sa.UniqueConstraint("ref", name=op.f("uq_written_resolution_ref")),
        sa.UniqueConstraint("decision_id", name=op.f("uq_written_resolution_decision_id")),
    )
    op.create_index(
        op.f("ix_written_resolution_body_id"), "written_resolution", ["body_id"], unique=False
    )
    for table, extra in (
        (
            "resolution_vote",
            [
                sa.Column("vote", _enum("for", "against", "abstain", name="vote"), nullable=False),
                sa.Column("received_on", sa.Date(), nullable=False),
                sa.Column("via", _enum("email", "letter", "in-person", name="via"), nullable=False),
                sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
            ],
        ),
        ("resolution_interest", [sa.Column("nature", sa.Text(), nullable=False)]),
    ):
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("resolution_id", sa.Integer(), nullable=False),
            sa.Column("person_id", sa.Integer(), nullable=False),
            *extra,
            sa.ForeignKeyConstraint(
                ["resolution_id"],
                ["written_resolution.id"],
                name=op.f(f"fk_{table}_resolution_id_written_resolution"),
            ),
            sa.ForeignKeyConstraint(
                ["person_id"], ["person.id"], name=op.f(f"fk_{table}_person_id_person")
            ),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
            sa.UniqueConstraint(
                "resolution_id", "person_id", name=op.f(f"uq_{table}_resolution_id")
            ),
        )
        op.create_index(op.f(f"ix_{table}_resolution_id"), table, ["resolution_id"], unique=False)
        op.create_index(op.f(f"ix_{table}_person_id"), table, ["person_id"], unique=False)

    op.create_table(
        "chairs_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "acting_as",
            _enum(
                "chair",
                "vice-chair",
                "member",
                "ex officio",
                "funder representative",
                "observer",
                "secretary",
                "in attendance",
                name="role",
            ),
            nullable=False,
        ),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("consulted", sa.Text(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["body_id"], ["body.id"], name=op.f("fk_chairs_action_body_id_body")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_chairs_action_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decision.id"], name=op.f("fk_chairs_action_decision_id_decision")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chairs_action")),
        sa.UniqueConstraint("decision_id", name=op.f("uq_chairs_action_decision_id")),
    )
    op.create_index(op.f("ix_chairs_action_body_id"), "chairs_action", ["body_id"], unique=False)

    op.create_table(
        "reported_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decision.id"], name=op.f("fk_reported_decision_decision_id_decision")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["agenda_item.id"], name=op.f("fk_reported_decision_item_id_agenda_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reported_decision")),
        sa.UniqueConstraint("decision_id", name=op.f("uq_reported_decision_decision_id")),
        sa.UniqueConstraint("item_id", name=op.f("uq_reported_decision_item_id")),
    )

    run_for_dialect(
        sqlite=_sqlite_statements,
        postgresql=_pg_statements,
        refusal="Decisions between meetings cannot be locked on {dialect}.",
    )


def downgrade() -> None:
    run_for_dialect(sqlite=_sqlite_drops, postgresql=_pg_drops)
    for table in (
        "reported_decision",
        "chairs_action",
        "resolution_interest",
        "resolution_vote",
        "written_resolution",
    ):
        op.drop_table(table)
    with op.batch_alter_table("terms_of_reference") as batch:
        for column in (
            "chairs_action",
            "resolution_fraction_den",
            "resolution_fraction_num",
            "written_resolutions",
        ):
            batch.drop_column(column)
