"""The clerk's deadlines across every body: what falls due this week and what is late, from
each body's working rhythm (its terms of reference) and the record of what went out."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.rhythm import Rhythm
from ccsc_gov.core.governance.vocabulary import long_date
from ccsc_gov.core.governance.working_days import add_working_days
from ccsc_gov.core.services import actions
from ccsc_gov.core.services.circulation import earlier_circulations
from ccsc_gov.core.services.paper_references import papers_in_and_expected
from ccsc_gov.core.services.reminders import last_reminders
from ccsc_gov.core.services.terms import terms_in_force
from ccsc_gov.core.store.models import (
    Action,
    AgendaItem,
    Body,
    CirculationKind,
    Meeting,
    MeetingStatus,
)

# How far ahead the list looks: what falls due this week.
HORIZON_DAYS = 7
TO_COME = (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED)
MINUTES_IN_HAND = (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED)


class DueKind(enum.StrEnum):
    PAPERS = "papers due"
    PAPERS_MISSING = "papers still missing"
    AGENDA = "agenda and pack out"
    DRAFT_MINUTES = "draft minutes to the chair"
    MINUTES = "minutes to the members"
    ACTION = "overdue action, no reminder"


@dataclass(frozen=True)
class Deadline:
    kind: DueKind
    body: str
    due: dt.date
    late: bool
    what: str  # in a clerk's words
    meeting: str | None = None  # where it is done: the meeting's workspace …
    action: str | None = None  # … or, for an action, the action (at its origin meeting)
    item_id: int | None = None  # the item that raised the action


def _meeting_deadlines(
    session: Session, meeting: Meeting, body: Body, rhythm: Rhythm, today: dt.date
) -> list[Deadline]:
    found: list[Deadline] = []
    day = meeting.start_at.date()
    on = long_date(day)

    def went(kind: CirculationKind) -> bool:
        return bool(earlier_circulations(session, meeting_id=meeting.id, kind=kind))

    def add(kind: DueKind, due: dt.date, what: str) -> None:
        found.append(Deadline(kind, body.code, due, due < today, what, meeting.ref))

    if meeting.status in TO_COME and day >= today:
        if rhythm.papers_due_days is not None:
            due = day - dt.timedelta(days=rhythm.papers_due_days)
            attached, expected = papers_in_and_expected(session, meeting_ids=[meeting.id])[
                meeting.id
            ]
            if today <= due:
                add(DueKind.PAPERS, due, f"Papers for {meeting.ref} (meeting on {on}) are due")
            elif attached < expected:
                add(
                    DueKind.PAPERS_MISSING,
                    due,
                    f"{expected - attached} of the {expected} papers for {meeting.ref} "
                    f"(meeting on {on}) are still missing",
                )
        if rhythm.circulate_days is not None and not went(CirculationKind.AGENDA):
            due = day - dt.timedelta(days=rhythm.circulate_days)
            add(DueKind.AGENDA, due, f"The agenda of {meeting.ref} (meeting on {on}) is not out")
    if meeting.status in MINUTES_IN_HAND:
        cleared = meeting.minutes_cleared_on
        if (
            rhythm.draft_minutes_days is not None
            and cleared is None
            and not went(CirculationKind.DRAFT_MINUTES)
        ):
            due = add_working_days(day, rhythm.draft_minutes_days)
            add(
                DueKind.DRAFT_MINUTES,
                due,
                f"The draft minutes of {meeting.ref} (held on {on}) have not gone to the chair",
            )
        if cleared is not None and not went(CirculationKind.MINUTES):
            add(
                DueKind.MINUTES,
                cleared,
                f"The chair cleared the minutes of {meeting.ref}: circulate them to the members",
            )
    return found


def _action_deadlines(session: Session, today: dt.date) -> list[Deadline]:
    reminded = last_reminders(session)
    overdue = actions.list_actions(session, overdue=True, today=today)
    items = dict(
        session.execute(
            select(Action.id, AgendaItem.id)
            .join(AgendaItem, Action.item_id == AgendaItem.id)
            .where(Action.id.in_([a.id for a in overdue]))
        )
        .tuples()
        .all()
    )
    found = []
    for view in overdue:
        assert view.due is not None  # overdue actions have a due date
        last = reminded.get(view.id)
        if last is not None and last > view.due:
            continue  # reminded since it fell due: the rhythm takes it from there
        owners = ", ".join(view.owners) or "no owner"
        found.append(
            Deadline(
                DueKind.ACTION,
                view.body,
                view.due,
                True,
                f"Action {view.ref} ({owners}) is overdue and no reminder has gone",
                meeting=view.origin_meeting,
                action=view.ref,
                item_id=items.get(view.id),
            )
        )
    return found


def deadlines(session: Session, *, today: dt.date | None = None) -> list[Deadline]:
    """What falls due in the coming week and what is late, across every body in use: late
    first, then by date."""
    today = today or dt.date.today()
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    found: list[Deadline] = []
    for body in session.scalars(select(Body).where(Body.retired.is_(False)).order_by(Body.id)):
        terms = terms_in_force(session, body_id=body.id, on=today)
        rhythm = terms.rhythm if terms is not None else Rhythm()
        meetings = session.scalars(
            select(Meeting)
            .where(
                Meeting.body_id == body.id,
                Meeting.status.in_(TO_COME + MINUTES_IN_HAND),
            )
            .order_by(Meeting.start_at)
        )
        for meeting in meetings:
            found += _meeting_deadlines(session, meeting, body, rhythm, today)
    found += _action_deadlines(session, today)
    return sorted(
        (d for d in found if d.due <= horizon),
        key=lambda d: (not d.late, d.due, d.body, d.what),
    )
