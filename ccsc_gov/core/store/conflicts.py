"""No lost updates: the versions of editable records, raised on every change and checked twice.

A service given the version a clerk loaded refuses the edit when the row has moved on since
(`check_version`); and every ORM update names the version it read, so two saves racing past
that check cannot both land: the second matches no row and `Database.transaction` turns the
StaleDataError into the same `Conflict` (`conflict_after_race`). The clerk is told who made the
change and when, from the row's latest audit record.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import and_, event, inspect, or_, select
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.orm.exc import StaleDataError

from ccsc_gov.core.governance.errors import Conflict
from ccsc_gov.core.store import schema
from ccsc_gov.core.store.schema import Base, Versioned

# Who and when, when a race leaves no trace to name them by.
SOMEONE = "someone else just now"

# How a message names a row of each versioned table.
SUBJECTS = {
    "body": "This body",
    "person": "This person's record",
    "membership": "This membership",
    "meeting": "This meeting",
    "agenda_item": "This agenda item",
    "attendance": "This attendance record",
    "declaration": "This declaration of interest",
    "decision": "This decision",
    "action": "This action",
}

_READ = "ccsc_versions_read"  # session.info: the rows a flush is about to update, as read
_WRITTEN = "ccsc_versions_written"  # session.info: the versions this session has written

_CHANGES = ("insert", "update", "delete")


@dataclass(frozen=True)
class RowRead:
    """A versioned row as the session read it, before it changed it."""

    table: str
    row_id: int
    version: int


def changed_by(session: Session, *, table: str, row_id: int) -> tuple[str, bool]:
    """Who last changed the row and when ("alice at 14:02 on 3 March 2026"), and whether that
    change removed it; `SOMEONE` if the audit trail has nothing on it."""
    links = _link_tables(table)
    audit = schema.audit.c
    record = session.execute(
        select(audit.at, audit.who, audit.what, audit.table_name)
        .where(
            or_(
                and_(audit.table_name == table, audit.row_key == str(row_id)),
                and_(audit.table_name.in_(links), audit.row_key.startswith(f"{row_id}/")),
            ),
            audit.what.in_(_CHANGES),
        )
        .order_by(audit.id.desc())
        .limit(1)
    ).first()
    if record is None:
        return SOMEONE, False
    at = record.at
    # (a link's removal, an owner's, leaves the row itself in place)
    removed = record.what == "delete" and record.table_name == table
    return f"{record.who} at {at:%H:%M} on {at.day} {at:%B %Y}", removed


def _link_tables(table: str) -> list[str]:
    """The many-to-many link tables keyed first by a row of `table` (an action's owners). On
    PostgreSQL the database audits a link as its own table's row, keyed "action/person"; the app
    on SQLite records it in the row it belongs to."""
    return [
        link.name
        for link in schema.full_metadata().tables.values()
        if link.name != table
        and len(link.primary_key.columns) > 1
        and any(fk.column.table.name == table for fk in link.primary_key.columns[0].foreign_keys)
    ]


def check_version(
    session: Session, row: Versioned, expected: int | None, subject: Callable[[], str]
) -> None:
    """Refuse to change `row` unless it is still at the version the clerk loaded (`expected`;
    None when the caller has no version to go by, such as a script)."""
    if expected is None or row.version == expected:
        return
    assert isinstance(row, Base)
    by, removed = changed_by(session, table=row.__table__.name, row_id=_row_id(row))
    raise Conflict(subject=subject(), by=by, removed=removed)


def _row_id(row: Base) -> int:
    state = inspect(row)
    # A row inserted in this flush has its primary key but no identity until the flush ends.
    identity = state.identity or state.mapper.primary_key_from_instance(row)
    return int(identity[0])


# --- on every flush ------------------------------------------------------------------------


def _changed(row: Base) -> bool:
    """Whether a flush will change the row: a column, or (as the audit records them) the links
    of a many-to-many relationship, such as an action's owners."""
    state = inspect(row)
    for column in state.mapper.column_attrs:
        if column.key != "version" and state.attrs[column.key].history.has_changes():
            return True
    return any(
        state.attrs[link.key].history.has_changes()
        for link in state.mapper.relationships
        if link.secondary is not None
    )


def _before_flush(session: Session, _context: UOWTransaction, _instances: object) -> None:
    read: list[RowRead] = []
    for row in session.dirty:
        if isinstance(row, Versioned) and isinstance(row, Base) and _changed(row):
            read.append(RowRead(row.__table__.name, _row_id(row), row.version))
            # Raised here rather than by the mapper's own counter, so that the audit records
            # the version before and after, and a change to the links alone raises it too.
            row.version = row.version + 1
    for row in session.deleted:
        if isinstance(row, Versioned) and isinstance(row, Base):
            read.append(RowRead(row.__table__.name, _row_id(row), row.version))
    session.info[_READ] = read


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    written: dict[tuple[str, int], int] = session.info.setdefault(_WRITTEN, {})
    read = {(r.table, r.row_id) for r in session.info.get(_READ, ())}
    new = session.new  # a new set at each asking: asked once, not once a row
    for row in (*new, *session.dirty):
        if isinstance(row, Versioned) and isinstance(row, Base):
            key = (row.__table__.name, _row_id(row))
            if row in new or key in read:
                written[key] = row.version


def written_versions(session: Session) -> Mapping[tuple[str, int], int]:
    """(table, id) → the version this session wrote, for each row it inserted or changed."""
    return dict(session.info.get(_WRITTEN, {}))


def install(session_class: type[Session]) -> None:
    event.listen(session_class, "before_flush", _before_flush)
    event.listen(session_class, "after_flush", _after_flush)


# --- after a race --------------------------------------------------------------------------

_STALE_TABLE = re.compile(r"on table '(\w+)'")


def rows_read(session: Session) -> list[RowRead]:
    """The versioned rows the session's last flush set out to change or delete."""
    return list(session.info.get(_READ, ()))


def conflict_after_race(fresh: Session, read: list[RowRead], error: StaleDataError) -> Conflict:
    """The `Conflict` for an update that found its row changed or gone: the row, found by
    reading again (in `fresh`, after the failed transaction) those whose version has moved
    on, named with who changed it."""
    found = _STALE_TABLE.search(str(error))
    suspects = [r for r in read if found is None or r.table == found.group(1)]
    for row in suspects:
        table = schema.full_metadata().tables[row.table]
        now = fresh.execute(select(table.c.version).where(table.c.id == row.row_id)).scalar()
        if now != row.version:
            by, removed = changed_by(fresh, table=row.table, row_id=row.row_id)
            return Conflict(subject=SUBJECTS[row.table], by=by, removed=removed or now is None)
    return Conflict(subject="This record", by=SOMEONE)
