"""papers on agenda items, their files stored once by SHA-256, and the record of board packs

A paper belongs to an agenda item and is numbered in its body's series; each file it has held
is a version, whose bytes live in `paper_content`, keyed by their SHA-256, so the same file
twice is stored once (a backup, a restore and the shared database carry them with the rest).
A Word paper's PDF, once LibreOffice has made it, is a content row too, named by the source's
`pdf_sha256`, so an unchanged pack is never converted again. `board_pack` records each pack
built: when, public or not, which paper versions, and the hash of the file.

The papers of a meeting whose minutes are approved are locked with the rest of its record, by
the same triggers as revision 0002's (content rows are shared and never locked; the pack
record is a log, not the record, so an archive pack of an old meeting may still be built).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from importlib import import_module

import sqlalchemy as sa
from alembic import op

from ccsc_gov.core.store.migrations.dialect_sql import run_for_dialect

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_locks = import_module("ccsc_gov.core.store.migrations.versions.0002_lock_approved_minutes")

LOCKS = (
    _locks.Lock(
        "paper", "This paper", "(SELECT meeting_id FROM agenda_item WHERE id = {row}.item_id)"
    ),
    _locks.Lock(
        "paper_version",
        "This version of a paper",
        "(SELECT agenda_item.meeting_id FROM paper JOIN agenda_item ON agenda_item.id = "
        "paper.item_id WHERE paper.id = {row}.paper_id)",
    ),
)


def upgrade() -> None:
    op.create_table(
        "paper_content",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["pdf_sha256"],
            ["paper_content.sha256"],
            name=op.f("fk_paper_content_pdf_sha256_paper_content"),
        ),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_paper_content")),
    )
    op.create_table(
        "paper",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=48), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["agenda_item.id"], name=op.f("fk_paper_item_id_agenda_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper")),
        sa.UniqueConstraint("number", name=op.f("uq_paper_number")),
    )
    op.create_index(op.f("ix_paper_item_id"), "paper", ["item_id"], unique=False)
    op.create_table(
        "paper_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["paper_id"], ["paper.id"], name=op.f("fk_paper_version_paper_id_paper")
        ),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["paper_content.sha256"],
            name=op.f("fk_paper_version_sha256_paper_content"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_version")),
        sa.UniqueConstraint("paper_id", "version", name=op.f("uq_paper_version_paper_id")),
    )
    op.create_index(op.f("ix_paper_version_paper_id"), "paper_version", ["paper_id"])
    op.create_index(op.f("ix_paper_version_sha256"), "paper_version", ["sha256"])
    op.create_table(
        "board_pack",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("built_at", sa.DateTime(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("supplement", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("contents", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_board_pack_meeting_id_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_pack")),
    )
    op.create_index(op.f("ix_board_pack_meeting_id"), "board_pack", ["meeting_id"])
    run_for_dialect(
        sqlite=lambda: _locks.sqlite_locks(LOCKS),
        postgresql=lambda: _locks.pg_locks(LOCKS),
        refusal="The papers of approved minutes cannot be locked on {dialect}.",
    )


def downgrade() -> None:
    run_for_dialect(
        sqlite=lambda: _locks.sqlite_lock_drops(LOCKS),
        postgresql=lambda: _locks.pg_lock_drops(LOCKS),
    )
    op.drop_table("board_pack")
    op.drop_table("paper_version")
    op.drop_table("paper")
    op.drop_table("paper_content")
