"""SQL that differs by database, as the migrations that add triggers and functions run it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from alembic import op


def run_for_dialect(
    *,
    sqlite: Callable[[], Sequence[str]],
    postgresql: Callable[[], Sequence[str]],
    refusal: str | None = None,
) -> None:
    """Run the statements written for the database at hand. On any other, `refusal` says what
    cannot be done there (with `{dialect}` for its name); without one (undoing what an upgrade
    refused to make), there is nothing to run."""
    dialect = op.get_bind().dialect.name
    statements = {"sqlite": sqlite, "postgresql": postgresql}.get(dialect)
    if statements is None:
        if refusal is None:
            return
        raise NotImplementedError(refusal.format(dialect=dialect))
    for statement in statements():
        op.execute(statement)
