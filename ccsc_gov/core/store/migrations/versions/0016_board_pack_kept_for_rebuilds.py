"""a board pack's file kept, with what it was made from, so an unchanged pack is not built again

`board_pack.inputs` is the SHA-256 of everything the pack's pages show (the meeting, the
agenda lines, each paper's number, title, version, file and pages, public or not, the
supplement number, and the versions of the programs that lay it out). `board_pack.data` is the
file itself, kept for the latest packs built (`services/packs.py`); building a pack whose
inputs are those of the latest pack of its kind writes that file again instead.

The columns are added in place (no batch rebuild), so the table's audit trigger of revision
0015 on PostgreSQL stays as it is.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("board_pack", sa.Column("inputs", sa.String(length=64), nullable=True))
    op.add_column("board_pack", sa.Column("data", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    op.drop_column("board_pack", "data")
    op.drop_column("board_pack", "inputs")
