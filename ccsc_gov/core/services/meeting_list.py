"""Listing meetings: a body's, or every body's, in date order, with their minutes' stage.

The main window lists the default body's meetings as it starts, before the models' classes are
made: this module reads through the tables of store/schema.py, and imports the models only to
judge the quorum when asked to (`with_quorum`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.vocabulary import MeetingStatus
from ccsc_gov.core.services.body_list import unknown_body
from ccsc_gov.core.services.common import Area, Changes, reference_key
from ccsc_gov.core.services.minutes_stage import minutes_stages
from ccsc_gov.core.store import schema

if TYPE_CHECKING:
    from ccsc_gov.core.store.models import Meeting


@dataclass(frozen=True)
class MeetingSummary:
    id: int
    ref: str
    body: str
    start: dt.datetime
    end: dt.datetime
    location: str
    status: MeetingStatus
    video_link: str = ""
    calendar_sequence: int = 0
    approved_at: str | None = None  # the later meeting that approved the minutes
    quorate: bool | None = None  # None when not asked for, or attendance is not recorded
    version: int = 1  # raised by every change; an edit names the one it was made from
    minutes_stage: str | None = None  # "with the chair", "draft", … (None before it is held)
    closed_at: dt.datetime | None = None  # when the chair closed it, once recorded

    @property
    def changes(self) -> Changes:
        """A meeting scheduled or changed: the meetings, and its agenda with the actions
        carried onto it."""
        return Changes(Area.MEETINGS | Area.AGENDA | Area.ACTIONS, self.id)


def list_meetings(
    session: Session, *, body: str | None = None, with_quorum: bool = False
) -> list[MeetingSummary]:
    """Meetings in date order, for one body (by code) or for all; `with_quorum` also judges
    each meeting whose attendance is recorded (its `quorate`).

    Read through the tables, as are their minutes' stages and the papers counted beside them
    (see the module's docstring)."""
    meeting, body_table = schema.meeting, schema.body
    approver = meeting.alias("approver")
    query = (
        select(
            meeting.c.id,
            meeting.c.ref,
            body_table.c.code,
            meeting.c.start_at,
            meeting.c.end_at,
            meeting.c.location,
            meeting.c.status,
            meeting.c.video_link,
            meeting.c.calendar_sequence,
            approver.c.ref.label("approved_at"),
            meeting.c.version,
            meeting.c.minutes_cleared_on,
            meeting.c.closed_at,
        )
        .select_from(
            meeting.join(body_table, meeting.c.body_id == body_table.c.id).outerjoin(
                approver, meeting.c.approved_at_id == approver.c.id
            )
        )
        .order_by(meeting.c.start_at, meeting.c.id)
    )
    if body is not None:
        query = query.where(body_table.c.code == reference_key(body))
    rows = session.execute(query).all()
    if body is not None and not rows:  # none, perhaps because there is no such body: say so
        codes = session.scalars(select(body_table.c.code).order_by(body_table.c.id)).all()
        if reference_key(body) not in codes:
            raise unknown_body(body, codes)
    stages = minutes_stages(session, rows)
    summaries = [summary(row, row.code, row.approved_at, stages[row.id]) for row in rows]
    if not with_quorum:
        return summaries
    from ccsc_gov.core.services.meetings import body_quorum  # with the models: not to list

    quorate = body_quorum(session, body=body)
    return [replace(m, quorate=quorate[m.id]) for m in summaries]


def summary(
    m: Meeting | Row[Any], code: str, approved_at: str | None, minutes_stage: str | None
) -> MeetingSummary:
    """A meeting as listed, from its mapped object or its row in `list_meetings`."""
    return MeetingSummary(
        m.id,
        m.ref,
        code,
        m.start_at,
        m.end_at,
        m.location,
        m.status,
        video_link=m.video_link,
        calendar_sequence=m.calendar_sequence,
        approved_at=approved_at,
        version=m.version,
        minutes_stage=minutes_stage,
        closed_at=m.closed_at,
    )
