"""Decisions a body took between meetings (by written resolution or chair's action), put before
its next meeting under "Decisions taken since the last meeting": for ratification (chair's
action) or to note (written resolutions), as the app brings matters arising forward."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, select, union_all
from sqlalchemy.orm import Session

from ccsc_gov.core.services.agenda import meeting_of, new_item, standard_item, summary
from ccsc_gov.core.store.models import (
    AgendaItem,
    ChairsAction,
    Decision,
    Meeting,
    MeetingStatus,
    Purpose,
    ReportedDecision,
    StandardItem,
    WrittenResolution,
)


def between_meetings() -> Select[tuple[Decision, int, dt.date]]:
    """Every decision taken between meetings, with the body that took it and the day."""
    taken = union_all(
        select(
            WrittenResolution.decision_id.label("decision_id"),
            WrittenResolution.body_id.label("body_id"),
            WrittenResolution.closed_on.label("day"),
        ).where(WrittenResolution.decision_id.is_not(None)),
        select(ChairsAction.decision_id, ChairsAction.body_id, ChairsAction.taken_on),
    ).subquery()
    return (
        select(Decision, taken.c.body_id, taken.c.day)
        .join(taken, taken.c.decision_id == Decision.id)
        .order_by(taken.c.day, Decision.id)
    )


def taken_by(session: Session, decision: Decision) -> tuple[int, dt.datetime]:
    """The body that took a decision and when: its meeting, or (between meetings) the start of
    the day the resolution closed or the chair acted."""
    if decision.item_id is not None:
        meeting = meeting_of(session, session.get_one(AgendaItem, decision.item_id))
        return meeting.body_id, meeting.start_at
    body_id, day = session.execute(
        union_all(
            select(WrittenResolution.body_id, WrittenResolution.closed_on).where(
                WrittenResolution.decision_id == decision.id
            ),
            select(ChairsAction.body_id, ChairsAction.taken_on).where(
                ChairsAction.decision_id == decision.id
            ),
        )
    ).one()
    return body_id, dt.datetime.combine(day, dt.time.min)


def next_planned(session: Session, body_id: int, *, after: dt.datetime) -> Meeting | None:
    """The body's first meeting after a moment whose agenda is still being planned."""
    return session.scalars(
        select(Meeting)
        .where(
            Meeting.body_id == body_id,
            Meeting.status == MeetingStatus.PLANNED,
            Meeting.start_at > after,
        )
        .order_by(Meeting.start_at, Meeting.id)
    ).first()


def report(session: Session, decision: Decision) -> None:
    """Put a decision just taken between meetings before the body's next planned meeting, if
    there is one yet (else the meeting takes it when it is scheduled)."""
    body_id, when = taken_by(session, decision)
    target = next_planned(session, body_id, after=when - dt.timedelta(microseconds=1))
    if target is not None:
        _report(session, decision, target)


def _report(session: Session, decision: Decision, target: Meeting) -> None:
    heading = standard_item(session, target, StandardItem.DECISIONS_SINCE)
    resolution = session.scalar(
        select(WrittenResolution.title).where(WrittenResolution.decision_id == decision.id)
    )
    if resolution is not None:
        title = f"Written resolution {decision.ref}: {summary(resolution)} — to note"
        purpose = Purpose.NOTE
    else:
        action = session.scalars(
            select(ChairsAction.title).where(ChairsAction.decision_id == decision.id)
        ).one()
        title = f"Chair's action {decision.ref}: {summary(action)} — for ratification"
        purpose = Purpose.APPROVAL
    item = new_item(session, target, heading, title=title, purpose=purpose)
    session.add(ReportedDecision(decision_id=decision.id, item_id=item.id))
    session.flush()


def place_pending_reports(session: Session, meeting: Meeting) -> None:
    """Decisions the body took between meetings before this one and not yet reported."""
    if meeting.status is not MeetingStatus.PLANNED:
        return
    pending = session.execute(
        between_meetings().where(Decision.id.not_in(select(ReportedDecision.decision_id)))
    ).tuples()
    for decision, body_id, day in pending.all():
        if body_id == meeting.body_id and dt.datetime.combine(day, dt.time.min) <= meeting.start_at:
            _report(session, decision, meeting)
