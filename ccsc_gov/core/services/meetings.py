"""Meetings: listing them for a body or the whole Centre."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccsc_gov.core.models import Body, Meeting, MeetingStatus
from ccsc_gov.core.services.bodies import body_by_code


@dataclass(frozen=True)
class MeetingSummary:
    id: int
    ref: str
    body: str
    start: dt.datetime
    end: dt.datetime
    location: str
    status: MeetingStatus


def list_meetings(session: Session, *, body: str | None = None) -> list[MeetingSummary]:
    """Meetings in date order, for one body (by code) or for all."""
    query = select(Meeting, Body.code).join(Body, Meeting.body_id == Body.id)
    if body is not None:
        query = query.where(Meeting.body_id == body_by_code(session, body).id)
    query = query.order_by(Meeting.start_at, Meeting.id)
    return [
        MeetingSummary(m.id, m.ref, code, m.start_at, m.end_at, m.location, m.status)
        for m, code in session.execute(query)
    ]
