"""The audit trail: every insert, update and delete, written in the same transaction.

On SQLite the app writes it, from each flush. On PostgreSQL the database's own triggers write
every change (migration 0015) when the transaction commits (0017), so no role used day to day
may write to `audit`; the app adds only what the database cannot know, through the owner's
narrow functions: the seal of approved minutes (`ccsc_audit_seal`) and the notes beside
changes (`ccsc_audit_note`), each after the changes made so far (`_changes_first`). There a link row
of a many-to-many relationship (an action's owner) is its own table's row, where the app on
SQLite records the links as a list in the row they belong to."""

from __future__ import annotations

import datetime as dt
import enum
import getpass
import json
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, event, inspect, text
from sqlalchemy.orm import Session, UOWTransaction

from ccsc_gov.core.governance.vocabulary import MeetingStatus
from ccsc_gov.core.store import chain

if TYPE_CHECKING:
    from ccsc_gov.core.store.models import Meeting
    from ccsc_gov.core.store.schema import Base


@cache
def operator() -> str:
    """The operating-system user name of whoever is running the app."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        # A paper's file: the trail names it by its size (its row is keyed by its SHA-256).
        return f"{len(value)} bytes"
    return value


def _columns(obj: Base, *, before: bool) -> dict[str, Any]:
    state = inspect(obj)
    values: dict[str, Any] = {}
    version = state.mapper.version_id_col
    for attr in state.mapper.column_attrs:
        if any(column is version for column in attr.columns):
            continue  # bookkeeping against lost updates (conflicts.py), not part of the record
        history = state.attrs[attr.key].history
        if before and history.deleted:
            value = history.deleted[0]
        elif before and history.added:
            # Changed in this flush with no loaded previous value: the old value is unknown.
            value = None
        else:
            value = getattr(obj, attr.key)
        values[attr.key] = _plain(value)
    for rel in state.mapper.relationships:
        if rel.secondary is None:
            continue
        history = state.attrs[rel.key].history
        current = list(history.unchanged) + list(history.deleted if before else history.added)
        values[rel.key] = sorted(inspect(o).identity[0] for o in current if inspect(o).identity)
    return values


def _changed(obj: Base) -> bool:
    state = inspect(obj)
    return any(state.attrs[a.key].history.has_changes() for a in state.mapper.attrs)


def _key(obj: Base) -> str:
    state = inspect(obj)
    # A row inserted in this flush has its primary key but no identity until the flush ends.
    identity = state.identity or tuple(state.mapper.primary_key_from_instance(obj))
    if not identity or any(part is None for part in identity):
        return "?"
    return "/".join(str(part) for part in identity)


def _record(
    obj: Base,
    what: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    at: dt.datetime,
) -> dict[str, Any]:
    return {
        "at": at,
        "who": operator(),
        "what": what,
        "table_name": obj.__table__.name,
        "row_key": _key(obj),
        "before": None if before is None else json.dumps(before, ensure_ascii=False),
        "after": None if after is None else json.dumps(after, ensure_ascii=False),
        "note": "",
    }


def _postgres(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"


def _changes_first(connection: Connection) -> None:
    """On PostgreSQL, the changes this transaction has made so far written into the trail now,
    so that a note or a seal comes after the changes it accompanies (their triggers otherwise
    wait for the commit; from here to the commit they fire at each statement)."""
    connection.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))


def _write_audit(session: Session, flush_context: UOWTransaction) -> None:
    # Imported here: a session that only reads (the main window's first paint) never needs
    # the models, and one that flushes has imported them already.
    from ccsc_gov.core.store.models import AuditRecord, Meeting

    connection = session.connection()
    # Each meeting approved now: its record as approved, fingerprinted into the chain.
    approved = [m.id for m in session.dirty if isinstance(m, Meeting) and _approved_now(m)]
    if _postgres(connection):
        # The changes themselves are written by the database's triggers.
        for meeting in approved:
            _changes_first(connection)
            connection.execute(
                text("SELECT ccsc_audit_seal(:meeting, :after)"),
                {"meeting": meeting, "after": chain.seal_row(connection, meeting)["after"]},
            )
        return
    at = dt.datetime.now().replace(microsecond=0)
    rows: list[dict[str, Any]] = []
    for obj in session.new:
        if not isinstance(obj, AuditRecord):
            rows.append(_record(obj, "insert", None, _columns(obj, before=False), at))
    for obj in session.dirty:
        if not isinstance(obj, AuditRecord) and _changed(obj):
            before, after = _columns(obj, before=True), _columns(obj, before=False)
            if before != after:
                rows.append(_record(obj, "update", before, after, at))
    for obj in session.deleted:
        rows.append(_record(obj, "delete", _columns(obj, before=True), None, at))
    rows += [{"at": at, "who": operator(), **chain.seal_row(connection, m)} for m in approved]
    chain.append(connection, rows)


def _approved_now(meeting: Meeting) -> bool:
    return MeetingStatus.MINUTES_APPROVED in inspect(meeting).attrs.status.history.added


def note_override(session: Session, *, table_name: str, row_key: str, note: str) -> None:
    """Record a deliberate decision a clerk took against the app's advice."""
    note_event(session, what="override", table_name=table_name, row_key=row_key, note=note)


def note_event(session: Session, *, what: str, table_name: str, row_key: str, note: str) -> None:
    """Record, beside the changes themselves, why they were made ("override", "review")."""
    connection = session.connection()
    if _postgres(connection):
        _changes_first(connection)
        connection.execute(
            text("SELECT ccsc_audit_note(:what, :table_name, :row_key, :note)"),
            {"what": what, "table_name": table_name, "row_key": row_key, "note": note},
        )
        return
    at = dt.datetime.now().replace(microsecond=0)
    row = {"at": at, "who": operator(), "what": what, "table_name": table_name}
    chain.append(
        connection,
        [{**row, "row_key": row_key, "before": None, "after": None, "note": note}],
    )


def install(session_class: type[Session]) -> None:
    event.listen(session_class, "after_flush", _write_audit)
