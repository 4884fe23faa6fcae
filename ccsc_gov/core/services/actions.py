"""Actions: who does what by when, revised due dates, progress at later meetings, completion by
the owner and closure by the body, and the action log with what is overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, exists, not_, select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance import lifecycle
from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed, NotFound
from ccsc_gov.core.governance.guards import printable, shown
from ccsc_gov.core.services import agenda, matters_arising
from ccsc_gov.core.services.agenda import UNCHANGED, Unchanged
from ccsc_gov.core.services.bodies import body_by_code
from ccsc_gov.core.services.common import (
    Area,
    Changes,
    ensure_changeable,
    meeting_by_ref,
    reference_key,
    row_by_id,
)
from ccsc_gov.core.store.conflicts import check_version
from ccsc_gov.core.store.models import (
    Action,
    ActionDueRevision,
    ActionNote,
    ActionOwner,
    ActionStatus,
    AgendaItem,
    Body,
    CarriedAction,
    Meeting,
    MeetingStatus,
    Person,
)
from ccsc_gov.core.store.references import allocate_action_ref

# Still waiting on the owner: the only statuses in which an action can be overdue.
_UNDONE = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
_FINISHED = (ActionStatus.CLOSED, ActionStatus.CANCELLED)
_AGENDA_OPEN = (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED)


def is_overdue(status: ActionStatus, due: dt.date | None, today: dt.date) -> bool:
    """Overdue: past its due date and the owner has not yet said it is done."""
    return due is not None and due < today and status in _UNDONE


@dataclass(frozen=True)
class ActionView:
    id: int
    ref: str
    body: str
    origin_meeting: str
    origin_meeting_id: int
    origin_item: str  # the item number at the meeting that raised it
    description: str
    owners: tuple[str, ...]
    owner_ids: tuple[int, ...]
    due: dt.date | None
    original_due: dt.date | None
    status: ActionStatus
    overdue: bool
    completed_on: dt.date | None
    closed_at: str | None  # the meeting that accepted it as done
    latest_note: str | None
    version: int  # raised by every change; an edit names the one it was made from

    @property
    def changes(self) -> Changes:
        """An action raised or changed: the actions and the minutes of the meeting raising it."""
        return Changes(Area.ACTIONS | Area.MINUTES, self.origin_meeting_id)


@dataclass(frozen=True)
class DueRevisionView:
    previous_due: dt.date | None
    new_due: dt.date
    revised_on: dt.date
    reason: str


@dataclass(frozen=True)
class ActionNoteView:
    written_on: dt.date
    meeting: str | None
    status: ActionStatus
    text: str


@dataclass(frozen=True)
class ActionHistory:
    action: ActionView
    revisions: tuple[DueRevisionView, ...]
    notes: tuple[ActionNoteView, ...]


def action_by_ref(session: Session, ref: str) -> Action:
    action = session.scalar(select(Action).where(Action.ref == reference_key(ref)))
    if action is None:
        raise NotFound(f"There is no action with the reference “{shown(ref)}”.")
    return action


def _origin(session: Session, action: Action) -> Meeting:
    return agenda.meeting_of(session, session.get_one(AgendaItem, action.item_id))


def _views(session: Session, actions: Sequence[Action], today: dt.date) -> list[ActionView]:
    if not actions:
        return []
    ids = [a.id for a in actions]
    origins = {
        action_id: (meeting_id, meeting_ref, code)
        for action_id, meeting_id, meeting_ref, code in session.execute(
            select(Action.id, Meeting.id, Meeting.ref, Body.code)
            .join(AgendaItem, Action.item_id == AgendaItem.id)
            .join(Meeting, AgendaItem.meeting_id == Meeting.id)
            .join(Body, Meeting.body_id == Body.id)
            .where(Action.id.in_(ids))
        )
    }
    numbers = agenda.item_numbers(session, list({o[0] for o in origins.values()}))
    owners: dict[int, list[tuple[int, str]]] = {}
    for action_id, person_id, name in session.execute(
        select(ActionOwner.action_id, Person.id, Person.name)
        .join(Person, ActionOwner.person_id == Person.id)
        .where(ActionOwner.action_id.in_(ids))
        .order_by(Person.name, Person.id)
    ):
        owners.setdefault(action_id, []).append((person_id, name))
    original: dict[int, dt.date] = {}
    for action_id, previous in session.execute(
        select(ActionDueRevision.action_id, ActionDueRevision.previous_due)
        .where(ActionDueRevision.action_id.in_(ids), ActionDueRevision.previous_due.is_not(None))
        .order_by(ActionDueRevision.id.desc())
    ):
        original[action_id] = previous
    latest: dict[int, str] = {}
    for action_id, text in session.execute(
        select(ActionNote.action_id, ActionNote.text)
        .where(ActionNote.action_id.in_(ids), ActionNote.text != "")
        .order_by(ActionNote.written_on, ActionNote.id)
    ):
        latest[action_id] = text
    closed_ids = {a.closed_at_id for a in actions if a.closed_at_id is not None}
    closed_refs = dict(
        session.execute(select(Meeting.id, Meeting.ref).where(Meeting.id.in_(closed_ids)))
        .tuples()
        .all()
    )
    return [
        ActionView(
            id=a.id,
            ref=a.ref,
            body=origins[a.id][2],
            origin_meeting=origins[a.id][1],
            origin_meeting_id=origins[a.id][0],
            origin_item=numbers[a.item_id],
            description=a.description,
            owners=tuple(name for _, name in owners.get(a.id, [])),
            owner_ids=tuple(person_id for person_id, _ in owners.get(a.id, [])),
            due=a.due_date,
            original_due=original.get(a.id, a.due_date),
            status=a.status,
            overdue=is_overdue(a.status, a.due_date, today),
            completed_on=a.completed_on,
            closed_at=closed_refs.get(a.closed_at_id) if a.closed_at_id else None,
            latest_note=latest.get(a.id),
            version=a.version,
        )
        for a in actions
    ]


def action_view(session: Session, *, action: str, today: dt.date | None = None) -> ActionView:
    return _views(session, [action_by_ref(session, action)], today or dt.date.today())[0]


def list_actions(
    session: Session,
    *,
    body: str | None = None,
    meeting: str | None = None,
    status: ActionStatus | None = None,
    overdue: bool | None = None,
    owner_id: int | None = None,
    today: dt.date | None = None,
) -> list[ActionView]:
    """The action log, oldest meeting first: for a body, the meeting that raised them, a status,
    only overdue ones (or only those not overdue), or one owner's."""
    today = today or dt.date.today()
    query = (
        select(Action)
        .join(AgendaItem, Action.item_id == AgendaItem.id)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
    )
    if body is not None:
        query = query.where(Meeting.body_id == body_by_code(session, body).id)
    if meeting is not None:
        query = query.where(Meeting.id == meeting_by_ref(session, meeting).id)
    if status is not None:
        query = query.where(Action.status == status)
    if overdue is not None:
        late = and_(Action.due_date < today, Action.status.in_(_UNDONE))
        query = query.where(late if overdue else not_(late))
    if owner_id is not None:
        query = query.where(
            exists().where(ActionOwner.action_id == Action.id, ActionOwner.person_id == owner_id)
        )
    actions = session.scalars(query.order_by(Meeting.start_at, Action.id)).all()
    return _views(session, actions, today)


def action_history(session: Session, *, action: str, today: dt.date | None = None) -> ActionHistory:
    """An action with every due-date revision and progress note, oldest first."""
    a = action_by_ref(session, action)
    revisions = session.scalars(
        select(ActionDueRevision)
        .where(ActionDueRevision.action_id == a.id)
        .order_by(ActionDueRevision.id)
    )
    notes = session.execute(
        select(ActionNote, Meeting.ref)
        .outerjoin(Meeting, ActionNote.meeting_id == Meeting.id)
        .where(ActionNote.action_id == a.id)
        .order_by(ActionNote.written_on, ActionNote.id)
    )
    return ActionHistory(
        action=_views(session, [a], today or dt.date.today())[0],
        revisions=tuple(
            DueRevisionView(r.previous_due, r.new_due, r.revised_on, r.reason) for r in revisions
        ),
        notes=tuple(ActionNoteView(n.written_on, ref, n.status, n.text) for n, ref in notes),
    )


def _people(session: Session, person_ids: Iterable[int]) -> list[Person]:
    people = []
    for person_id in dict.fromkeys(person_ids):
        person = row_by_id(session, Person, person_id)
        if person is None:
            raise NotFound("One of the chosen owners is not in the list of people.")
        people.append(person)
    return people


def _clean_description(description: str) -> str:
    cleaned = agenda.clean_text(description)
    if not cleaned:
        raise InvalidInput("An action needs a description of what is to be done.")
    return cleaned


def add_action(
    session: Session,
    *,
    item_id: int,
    description: str,
    owner_ids: Sequence[int] = (),
    due: dt.date | None = None,
    today: dt.date | None = None,
) -> ActionView:
    """Record an action under an agenda item; it stays on the body's action log until closed."""
    item = agenda.item_by_id(session, item_id)
    meeting = agenda.meeting_of(session, item)
    ensure_changeable(meeting)
    action = Action(
        ref=allocate_action_ref(session, meeting.ref),
        item_id=item.id,
        description=_clean_description(description),
        due_date=due,
        status=ActionStatus.OPEN,
        completed_on=None,
        closed_at_id=None,
    )
    action.owners = _people(session, owner_ids)
    session.add(action)
    session.flush()
    matters_arising.action_changed(session, action)
    return _views(session, [action], today or dt.date.today())[0]


def edit_action(
    session: Session,
    *,
    action: str,
    description: str | Unchanged = UNCHANGED,
    owner_ids: Sequence[int] | Unchanged = UNCHANGED,
    expected_version: int | None = None,
) -> Changes:
    """Correct what an action says or who owns it, until the minutes that record it are approved.
    With `expected_version`, the action must still be as the clerk loaded it (else a
    `Conflict`)."""
    a = action_by_ref(session, action)
    check_version(session, a, expected_version, lambda: f"Action {a.ref}")
    origin = _origin(session, a)
    ensure_changeable(origin)
    if not isinstance(description, Unchanged):
        a.description = _clean_description(description)
    if not isinstance(owner_ids, Unchanged):
        a.owners = _people(session, owner_ids)
    session.flush()
    return Changes(Area.ACTIONS | Area.MINUTES, origin.id)


def _review_meeting(session: Session, action: Action, ref: str | None) -> Meeting | None:
    return None if ref is None else _meeting_reviewing(session, action, ref)


def _meeting_reviewing(session: Session, action: Action, ref: str) -> Meeting:
    """The meeting at which progress on an action is recorded, checked against the action."""
    meeting = meeting_by_ref(session, ref)
    origin = _origin(session, action)
    if meeting.body_id != origin.body_id:
        body = session.get_one(Body, origin.body_id)
        raise NotAllowed(
            f"{action.ref} is an action of the {body.name}; it is reviewed at that body's "
            f"meetings, not at {meeting.ref}."
        )
    if meeting.start_at < origin.start_at:
        raise NotAllowed(
            f"{meeting.ref} took place before {origin.ref}, which raised {action.ref}."
        )
    ensure_changeable(meeting)
    if meeting.status not in lifecycle.SITTING:
        raise NotAllowed(
            f"{meeting.ref} has not taken place yet (its agenda is not even published), so "
            "nothing can be recorded as done at it."
        )
    return meeting


def _ensure_live(action: Action, closed_at: Meeting | None) -> None:
    if action.status is ActionStatus.CLOSED:
        where = f" at {closed_at.ref}" if closed_at is not None else ""
        raise NotAllowed(
            f"{action.ref} was closed{where}; a closed action does not change. Raise a new "
            "action if more needs doing."
        )
    if action.status is ActionStatus.CANCELLED:
        raise NotAllowed(
            f"{action.ref} was cancelled; a cancelled action does not change. Raise a new "
            "action if it is needed after all."
        )


def _live(session: Session, action: Action) -> None:
    closed_at = session.get(Meeting, action.closed_at_id) if action.closed_at_id else None
    _ensure_live(action, closed_at)


def _note(
    session: Session,
    action: Action,
    *,
    text: str,
    at: Meeting | None,
    today: dt.date,
) -> None:
    session.add(
        ActionNote(
            action_id=action.id,
            meeting_id=at.id if at is not None else None,
            written_on=today,
            text=agenda.clean_text(text),
            status=action.status,
        )
    )
    session.flush()
    matters_arising.action_changed(session, action, at=at)


def revise_due_date(
    session: Session,
    *,
    action: str,
    due: dt.date,
    reason: str = "",
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> Changes:
    """Give an action a new due date; every earlier due date is kept in its history. With
    `expected_version`, the action must still be as the clerk loaded it (else a `Conflict`)."""
    today = today or dt.date.today()
    a = action_by_ref(session, action)
    check_version(session, a, expected_version, lambda: f"Action {a.ref}")
    _live(session, a)
    if a.due_date == due:
        return Changes(Area.NONE)
    session.add(
        ActionDueRevision(
            action_id=a.id,
            previous_due=a.due_date,
            new_due=due,
            revised_on=today,
            reason=reason.strip(),
        )
    )
    a.due_date = due
    session.flush()
    matters_arising.action_changed(session, a)
    return Changes(Area.ACTIONS, _origin(session, a).id)


def record_progress(
    session: Session,
    *,
    action: str,
    text: str,
    status: ActionStatus | None = None,
    at_meeting: str | None = None,
    today: dt.date | None = None,
) -> Changes:
    """A progress note, at a meeting of the body or between meetings, optionally moving the
    action to open, in progress or completed."""
    today = today or dt.date.today()
    a = action_by_ref(session, action)
    _live(session, a)
    at = _review_meeting(session, a, at_meeting)
    if status is not None and status in _FINISHED:
        raise InvalidInput(
            "Closing or cancelling an action is a step of its own: the body closes an action "
            "at a meeting, or cancels it with a reason."
        )
    if not agenda.clean_text(text) and status is None:
        raise InvalidInput("A progress note needs some text.")
    if status is not None:
        _set_status(a, status, today)
    _note(session, a, text=text, at=at, today=today)
    return Changes(Area.ACTIONS, _origin(session, a).id)


def _set_status(action: Action, status: ActionStatus, today: dt.date) -> None:
    action.status = status
    if status is ActionStatus.COMPLETED:
        action.completed_on = action.completed_on or today
    elif status in _UNDONE:
        action.completed_on = None


def mark_completed(
    session: Session,
    *,
    action: str,
    note: str = "",
    at_meeting: str | None = None,
    today: dt.date | None = None,
) -> Changes:
    """The owner says the action is done; it stays on the log until the body closes it."""
    return record_progress(
        session,
        action=action,
        text=note or "Reported as completed by the owner.",
        status=ActionStatus.COMPLETED,
        at_meeting=at_meeting,
        today=today,
    )


def close_action(
    session: Session,
    *,
    action: str,
    at_meeting: str,
    note: str = "",
    today: dt.date | None = None,
) -> Changes:
    """The body accepts at a meeting that the action is finished; it leaves the action log."""
    today = today or dt.date.today()
    a = action_by_ref(session, action)
    _live(session, a)
    at = _meeting_reviewing(session, a, at_meeting)
    a.status = ActionStatus.CLOSED
    a.closed_at_id = at.id
    a.completed_on = a.completed_on or today
    _note(session, a, text=note or f"Closed at {at.ref}.", at=at, today=today)
    return Changes(Area.ACTIONS, at.id)


def cancel_action(
    session: Session,
    *,
    action: str,
    reason: str,
    at_meeting: str | None = None,
    today: dt.date | None = None,
) -> Changes:
    """Drop an action that is no longer needed, saying why."""
    today = today or dt.date.today()
    if not printable(reason).strip():
        raise InvalidInput("Say why the action is cancelled; the reason goes on its record.")
    a = action_by_ref(session, action)
    _live(session, a)
    at = _review_meeting(session, a, at_meeting)
    a.status = ActionStatus.CANCELLED
    _note(session, a, text=reason, at=at, today=today)
    return Changes(Area.ACTIONS, _origin(session, a).id)


def remove_action(session: Session, *, action: str) -> Changes:
    """Remove an action recorded in error; its reference is never given out again."""
    a = action_by_ref(session, action)
    origin = _origin(session, a)
    ensure_changeable(origin)
    noted = exists().where(ActionNote.action_id == a.id, ActionNote.meeting_id.is_not(None))
    carried_to_a_held_meeting = (
        exists()
        .where(CarriedAction.action_id == a.id, CarriedAction.meeting_id == Meeting.id)
        .where(Meeting.status.not_in(_AGENDA_OPEN))
    )
    if session.scalar(select(noted | carried_to_a_held_meeting)):
        raise NotAllowed(
            f"{a.ref} has already been reviewed at a meeting, so it cannot be removed; cancel it "
            "with a reason instead."
        )
    for note in session.scalars(select(ActionNote).where(ActionNote.action_id == a.id)):
        session.delete(note)
    for revision in session.scalars(
        select(ActionDueRevision).where(ActionDueRevision.action_id == a.id)
    ):
        session.delete(revision)
    for carried in session.scalars(select(CarriedAction).where(CarriedAction.action_id == a.id)):
        session.delete(carried)
    session.flush()
    session.delete(a)
    session.flush()
    return Changes(Area.ACTIONS | Area.MINUTES, origin.id)
