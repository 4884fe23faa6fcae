"""The one place that defines reference formats and hands out reference numbers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccsc_gov.core.store.models import ReferenceCounter


def meeting_ref(body_code: str, year: int, number: int) -> str:
    """`EMC/2026/03`: the body, the year, then the body's meetings in that year in order."""
    return f"{body_code}/{year}/{number:02d}"


def decision_ref(meeting: str, number: int) -> str:
    return f"{meeting}/D{number}"


def action_ref(meeting: str, number: int) -> str:
    return f"{meeting}/A{number}"


def paper_series(body_code: str, month: dt.date) -> str:
    """`EMC-26-11-`: a body's papers for the month of a meeting, followed by A, B, … Z, AA."""
    return f"{body_code}-{month:%y-%m}-"


def between_meetings_ref(body_code: str, year: int, kind: str, number: int) -> str:
    """`EMC/2026/WR1` (written resolution), `EMC/2026/CA2` (chair's action): the body's own
    series per year, also the reference of the decision it becomes."""
    return f"{body_code}/{year}/{kind}{number}"


WRITTEN_RESOLUTION = "WR"
CHAIRS_ACTION = "CA"


def item_ref(meeting: str, number: str) -> str:
    return f"{meeting} item {number}"


def next_number(session: Session, scope: str) -> int:
    """The next number in a scope; numbers are never handed out twice, even after a delete."""
    counter = session.execute(
        select(ReferenceCounter).where(ReferenceCounter.scope == scope).with_for_update()
    ).scalar_one_or_none()
    if counter is None:
        counter = ReferenceCounter(scope=scope, last=0)
        session.add(counter)
    counter.last += 1
    return counter.last


def allocate_meeting_ref(session: Session, body_code: str, year: int) -> str:
    return meeting_ref(body_code, year, next_number(session, f"{body_code}/{year}"))


def allocate_decision_ref(session: Session, meeting: str) -> str:
    return decision_ref(meeting, next_number(session, f"{meeting}/D"))


def allocate_action_ref(session: Session, meeting: str) -> str:
    return action_ref(meeting, next_number(session, f"{meeting}/A"))


def allocate_between_meetings_ref(session: Session, body_code: str, year: int, kind: str) -> str:
    scope = f"{body_code}/{year}/{kind}"
    return between_meetings_ref(body_code, year, kind, next_number(session, scope))
