"""Look-ups and guards every service shares, and the `Changes` value a mutation returns."""

from __future__ import annotations

import enum
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance import lifecycle
from ccsc_gov.core.governance.errors import NotFound
from ccsc_gov.core.governance.guards import in_integer_range, printable, shown
from ccsc_gov.core.store.schema import Base

if TYPE_CHECKING:
    from ccsc_gov.core.store.models import Meeting

Row = TypeVar("Row", bound=Base)


class Keep(enum.Enum):
    KEEP = "keep"


# "Leave this as it is" for an edit argument whose None would mean something (no parent, no
# carrying fraction of its own).
KEEP: Final = Keep.KEEP


class Area(enum.Flag):
    """What a change touched, so a view refreshes only when what it shows has changed."""

    NONE = 0
    BODIES = enum.auto()
    PEOPLE = enum.auto()
    MEETINGS = enum.auto()
    AGENDA = enum.auto()
    ATTENDANCE = enum.auto()
    MINUTES = enum.auto()
    DECISIONS = enum.auto()
    ACTIONS = enum.auto()
    PAPERS = enum.auto()


@dataclass(frozen=True)
class Changes:
    areas: Area
    meeting_id: int | None = None


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while tens of thousands of objects are made
    (the rows of the action log, the people of an import).

    They hold no cycles, but each of the many collections their allocation would trigger
    walks every object made so far: about a third of the action log's load time at 50,000
    actions, and a quarter of an import's time at 50,000 rows.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def row_by_id(session: Session, model: type[Row], row_id: int) -> Row | None:
    """The row with this id, or None, also for a number no row could have (SQLite cannot even
    compare a number beyond 64 bits)."""
    return session.get(model, row_id) if in_integer_range(row_id) else None


def reference_key(text: str) -> str:
    """A reference or code as typed, as it is stored: "emc/2026/03 " finds EMC/2026/03."""
    return printable(text).strip().upper()


def meeting_by_ref(session: Session, ref: str) -> Meeting:
    # Imported when first asked for, not with this module: the main window is painted before
    # the models are imported (see store/schema.py).
    from ccsc_gov.core.store.models import Meeting

    meeting = session.execute(select(Meeting).where(Meeting.ref == reference_key(ref))).scalar()
    if meeting is None:
        raise NotFound(f"There is no meeting with the reference “{shown(ref)}”.")
    return meeting


def ensure_changeable(meeting: Meeting) -> None:
    """A meeting's record changes until its minutes are approved, unless it was cancelled."""
    lifecycle.ensure_changeable(meeting.ref, meeting.status)
