"""Reading the audit trail: who changed what, when, from what and to what (it is append-only)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccsc_gov.core.store.models import AuditRecord


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    who: str  # the operating-system user who made the change
    what: str  # insert, update, delete or override
    table: str
    row: str  # the row's key in its table
    before: dict[str, Any] | None  # the row's values before (update, delete)
    after: dict[str, Any] | None  # and after (insert, update)
    note: str

    @property
    def changed(self) -> tuple[str, ...]:
        """The columns an update changed (every column of an insert or delete)."""
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before, *after]))
        return tuple(k for k in keys if before.get(k) != after.get(k))


def _values(stored: str | None) -> dict[str, Any] | None:
    if stored is None:
        return None
    try:
        values = json.loads(stored)
    except ValueError:
        # Never expected (the app writes JSON), but the trail must stay readable if it happens.
        return {"(unreadable)": stored}
    return values if isinstance(values, dict) else {"(value)": values}


def audit_trail(
    session: Session, *, since: dt.date | None = None, table: str | None = None
) -> list[AuditEntry]:
    """The audit trail in the order it was written: from the start of day `since` if given, of
    one table if given."""
    query = select(AuditRecord)
    if since is not None:
        query = query.where(AuditRecord.at >= dt.datetime.combine(since, dt.time.min))
    if table is not None:
        query = query.where(AuditRecord.table_name == table)
    return [
        AuditEntry(
            id=r.id,
            at=r.at,
            who=r.who,
            what=r.what,
            table=r.table_name,
            row=r.row_key,
            before=_values(r.before),
            after=_values(r.after),
            note=r.note,
        )
        for r in session.scalars(query.order_by(AuditRecord.id))
    ]
