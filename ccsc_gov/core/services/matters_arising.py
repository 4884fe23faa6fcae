"""Matters arising: the body's open actions carried forward onto each meeting's agenda, with
their status as it stood at that meeting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, aliased

from ccsc_gov.core.services.common import (
    meeting_by_ref,
)
from ccsc_gov.core.store.models import (
    Action,
    ActionNote,
    ActionOwner,
    ActionStatus,
    AgendaItem,
    CarriedAction,
    Meeting,
    MeetingStatus,
    Person,
)

# Still on the log: carried onto the next agenda until the body closes or cancels it.
OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.COMPLETED)
# Meetings whose agenda the app still fills by itself.
_AGENDA_OPEN = (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED)


@dataclass(frozen=True)
class CarriedActionView:
    """An earlier action as this meeting reviews it under matters arising."""

    action_id: int
    ref: str
    description: str
    owners: tuple[str, ...]
    due: dt.date | None
    status: ActionStatus
    origin_meeting: str
    closed_here: bool
    version: int  # the action's, as an edit of it names it


def _wants_carrying(session: Session, meeting: Meeting, action: Action) -> bool:
    return (
        action.status in OPEN_ACTION_STATUSES
        or action.closed_at_id == meeting.id
        or bool(
            session.scalar(
                select(
                    exists().where(
                        ActionNote.action_id == action.id, ActionNote.meeting_id == meeting.id
                    )
                )
            )
        )
    )


def refresh_carried_actions(session: Session, meeting: Meeting) -> None:
    """Carry the body's actions still open from earlier meetings into this meeting's action log.

    Only while the agenda is still being prepared: once the meeting is held its action log is
    the record of what the meeting reviewed.
    """
    if meeting.status not in _AGENDA_OPEN:
        return
    origin = aliased(Meeting)
    noted_here = select(ActionNote.action_id).where(ActionNote.meeting_id == meeting.id)
    wanted = session.scalars(
        select(Action)
        .join(AgendaItem, Action.item_id == AgendaItem.id)
        .join(origin, AgendaItem.meeting_id == origin.id)
        .where(
            origin.body_id == meeting.body_id,
            origin.start_at < meeting.start_at,
            origin.status != MeetingStatus.CANCELLED,
            or_(
                Action.status.in_(OPEN_ACTION_STATUSES),
                Action.closed_at_id == meeting.id,
                Action.id.in_(noted_here),
            ),
        )
        .order_by(Action.id)
    ).all()
    existing = {
        c.action_id: c
        for c in session.scalars(
            select(CarriedAction).where(CarriedAction.meeting_id == meeting.id)
        )
    }
    for action in wanted:
        _carry(session, meeting, action, existing.pop(action.id, None))
    for stale in existing.values():
        session.delete(stale)
    session.flush()


def _carry(session: Session, meeting: Meeting, action: Action, row: CarriedAction | None) -> None:
    if row is None:
        session.add(
            CarriedAction(
                meeting_id=meeting.id,
                action_id=action.id,
                status=action.status,
                due_date=action.due_date,
            )
        )
        return
    if row.status != action.status:
        row.status = action.status
    if row.due_date != action.due_date:
        row.due_date = action.due_date


def action_changed(session: Session, action: Action, *, at: Meeting | None = None) -> None:
    """Keep action logs current after an action changed (at meeting `at`, if given)."""
    origin = session.get_one(Meeting, session.get_one(AgendaItem, action.item_id).meeting_id)
    later = session.scalars(
        select(Meeting).where(
            Meeting.body_id == origin.body_id,
            Meeting.start_at > origin.start_at,
            Meeting.status.in_(_AGENDA_OPEN),
        )
    ).all()
    targets = {m.id: m for m in later}
    if at is not None and at.start_at > origin.start_at:
        targets[at.id] = at
    for meeting in targets.values():
        row = session.scalar(
            select(CarriedAction).where(
                CarriedAction.meeting_id == meeting.id, CarriedAction.action_id == action.id
            )
        )
        if _wants_carrying(session, meeting, action):
            _carry(session, meeting, action, row)
        elif row is not None:
            session.delete(row)
    session.flush()


def matters_arising(session: Session, *, meeting: str) -> list[CarriedActionView]:
    """The action log this meeting reviews: earlier actions as they stood, in reference order."""
    m = meeting_by_ref(session, meeting)
    origin = aliased(Meeting)
    rows = session.execute(
        select(CarriedAction, Action, origin.ref)
        .join(Action, CarriedAction.action_id == Action.id)
        .join(AgendaItem, Action.item_id == AgendaItem.id)
        .join(origin, AgendaItem.meeting_id == origin.id)
        .where(CarriedAction.meeting_id == m.id)
        .order_by(origin.start_at, Action.id)
    ).all()
    owners: dict[int, list[str]] = {}
    for action_id, name in session.execute(
        select(ActionOwner.action_id, Person.name)
        .join(Person, ActionOwner.person_id == Person.id)
        .where(ActionOwner.action_id.in_([a.id for _, a, _ in rows]))
        .order_by(Person.name)
    ):
        owners.setdefault(action_id, []).append(name)
    return [
        CarriedActionView(
            action_id=action.id,
            ref=action.ref,
            description=action.description,
            owners=tuple(owners.get(action.id, ())),
            due=carried.due_date,
            status=carried.status,
            origin_meeting=origin_ref,
            closed_here=action.closed_at_id == m.id,
            version=action.version,
        )
        for carried, action, origin_ref in rows
    ]
