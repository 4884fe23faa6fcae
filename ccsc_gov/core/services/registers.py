"""Column-only reads behind the chairs' views: the action log across every body, the decisions
register and the attendance matrix of a body for a year.

The action log has to stay quick at 50,000 actions (docs/architecture.md, "Figures to design
by"), so it reads the actions' plain columns with one query straight from the driver (no ORM
object, no result-row object, no per-column conversion per row) and turns each row into a plain
tuple. What it needs besides (owners, meetings, item numbers, people, first due dates, latest
notes) is read whole with one column-only query each, and joined in Python through
dictionaries; values shared by many rows (an agenda item's origin, a set of owners) are made
once and shared."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, NamedTuple

from sqlalchemy import Select, String, select, type_coerce
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.lifecycle import TOOK_PLACE
from ccsc_gov.core.governance.numbering import Placed, agenda_order
from ccsc_gov.core.governance.quorum import THERE
from ccsc_gov.core.governance.resolutions import How
from ccsc_gov.core.services.actions import is_overdue
from ccsc_gov.core.services.bodies import body_by_code
from ccsc_gov.core.services.common import collector_paused
from ccsc_gov.core.services.people import (
    MembershipView,
    all_memberships,
    display_name,
    role_rank,
    surname_key,
)
from ccsc_gov.core.services.resolutions import how_taken
from ccsc_gov.core.store.models import (
    Action,
    ActionDueRevision,
    ActionNote,
    ActionOwner,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceCategory,
    Body,
    Confidentiality,
    Decision,
    DecisionOutcome,
    Meeting,
    MeetingStatus,
    Person,
    Role,
)

# "Due soon": still waiting on the owner and due within this many days (today included).
DUE_SOON_DAYS = 14
# The owner has said it is done (completed) or the body has accepted it (closed).
DONE = frozenset({ActionStatus.COMPLETED, ActionStatus.CLOSED})

_STATUSES = {status.value: status for status in ActionStatus}
_OUTCOMES = {outcome.value: outcome for outcome in DecisionOutcome}


class _Days(dict[object, dt.date | None]):
    """Dates as stored (ISO text on SQLite, dates on PostgreSQL) → dates, each parsed once."""

    def __missing__(self, value: object) -> dt.date | None:
        if value is None:
            day = None
        elif isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        else:
            day = dt.date.fromisoformat(str(value)[:10])
        self[value] = day
        return day


def _item_numbers(session: Session) -> dict[int, str]:
    """Item id → number ("5.2") for every agenda item: one read, numbered meeting by meeting."""
    by_meeting: dict[int, list[Placed]] = {}
    for meeting_id, item_id, parent_id, position in session.execute(
        select(AgendaItem.meeting_id, AgendaItem.id, AgendaItem.parent_id, AgendaItem.position)
    ):
        by_meeting.setdefault(meeting_id, []).append(Placed(item_id, parent_id, position))
    numbers: dict[int, str] = {}
    for placed in by_meeting.values():
        numbers.update(agenda_order(placed))
    return numbers


class Origin(NamedTuple):
    """Where a decision or action was taken: shared by everything from the same agenda item."""

    body: str  # the body's code
    meeting: str  # the meeting's reference
    date: dt.date  # the meeting's date
    item: str  # the item's number, "5.1"
    confidential: bool  # a confidential or reserved item: what came of it is internal


def _origins(session: Session) -> dict[int, Origin]:
    """Item id → its origin, for every agenda item (a few thousand in ten years)."""
    numbers = _item_numbers(session)
    meetings = {
        meeting_id: (code, ref, start.date())
        for meeting_id, ref, start, code in session.execute(
            select(Meeting.id, Meeting.ref, Meeting.start_at, Body.code).join(
                Body, Meeting.body_id == Body.id
            )
        )
    }
    return {
        item_id: Origin(
            *meetings[meeting_id],
            numbers[item_id],
            confidentiality is not Confidentiality.OPEN,
        )
        for item_id, meeting_id, confidentiality in session.execute(
            select(AgendaItem.id, AgendaItem.meeting_id, AgendaItem.confidentiality)
        )
    }


def _plain_rows(session: Session, query: Select[Any]) -> list[Any]:
    """Every row of a query as the database driver gives it: plain tuples, values as stored
    (dates as ISO text on SQLite), with none of the per-row work of a result object. The
    query must have no parameters; it runs in the session's transaction."""
    connection = session.connection()
    statement = query.compile(dialect=connection.dialect)
    if statement.params:
        raise ValueError("a plain-rows query takes no parameters")
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(statement))
        return list(cursor.fetchall())
    finally:
        cursor.close()


# ---------------------------------------------------------------- the action log


class Owners(NamedTuple):
    """Who owns an action: shared by every action with the same owners."""

    ids: tuple[int, ...]
    names: tuple[str, ...]  # by surname, as the ids


class ActionLogLine(NamedTuple):
    """One action as the action log shows it (a plain tuple: 50,000 of them load quickly)."""

    id: int
    ref: str
    origin: Origin  # the item, meeting and body that raised it
    description: str
    owners: Owners
    due: dt.date | None  # the due date in force
    original_due: dt.date | None  # the first due date, only when it has been revised
    status: ActionStatus
    latest_note: str

    @property
    def body(self) -> str:
        return self.origin.body


class ActionState(enum.Enum):
    """What the action log marks a row as, beyond its status."""

    OVERDUE = "overdue"
    DUE_SOON = "due soon"
    DONE = "done"
    OTHER = "other"


def action_state(status: ActionStatus, due: dt.date | None, today: dt.date) -> ActionState:
    """Overdue, due within `DUE_SOON_DAYS`, done (completed or closed), or none of those."""
    if status in DONE:
        return ActionState.DONE
    if is_overdue(status, due, today):
        return ActionState.OVERDUE
    if (
        due is not None
        and status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
        and (due - today).days <= DUE_SOON_DAYS
    ):
        return ActionState.DUE_SOON
    return ActionState.OTHER


@dataclass(frozen=True)
class ActionLogData:
    lines: tuple[ActionLogLine, ...]  # in the order raised: oldest meeting first
    owners: tuple[tuple[int, str], ...]  # (person id, name) of everyone who owns an action
    # Every distinct `Owners` the lines share, for whatever is worked out once per set.
    owner_sets: tuple[Owners, ...] = ()


def action_log_lines(session: Session) -> ActionLogData:
    """Every action of every body, oldest meeting first, for the chairs' action log."""
    with collector_paused():
        return _action_log_lines(session)


def _action_log_lines(session: Session) -> ActionLogData:
    rows = _plain_rows(
        session,
        select(
            Action.id,
            Action.ref,
            Action.item_id,
            Action.description,
            Action.due_date,
            Action.status,
        ).order_by(Action.id),
    )
    # Read apart and grouped here: aggregating in SQL costs a subquery per action. Most
    # actions have one owner: they are mapped in one pass, then the shared ones put right.
    pairs = _plain_rows(
        session,
        select(ActionOwner.action_id, ActionOwner.person_id).order_by(
            ActionOwner.action_id, ActionOwner.person_id
        ),
    )
    names = dict(session.execute(select(Person.id, Person.name)).tuples().all())
    owners = _OwnerSets(names)
    alone = {person_id: owners[(person_id,)] for person_id in {p for _, p in pairs}}
    owners_of = {action_id: alone[person_id] for action_id, person_id in pairs}
    if len(owners_of) < len(pairs):
        shared: dict[int, list[int]] = {}
        last_action, last_person = -1, -1
        for action_id, person_id in pairs:
            if action_id == last_action:
                shared.setdefault(action_id, [last_person]).append(person_id)
            last_action, last_person = action_id, person_id
        for action_id, ids in shared.items():
            owners_of[action_id] = owners[tuple(ids)]
    no_one = Owners((), ())
    days = _Days()
    first_due: dict[int, dt.date | None] = {}
    for action_id, previous in _plain_rows(
        session,
        select(ActionDueRevision.action_id, ActionDueRevision.previous_due)
        .where(ActionDueRevision.previous_due.is_not(None))
        .order_by(ActionDueRevision.id.desc()),
    ):
        first_due[action_id] = days[previous]
    notes: dict[int, str] = {
        action_id: text
        for action_id, text in _plain_rows(
            session,
            select(ActionNote.action_id, ActionNote.text).order_by(
                ActionNote.written_on, ActionNote.id
            ),
        )
        if text
    }
    origins = _origins(session)
    statuses = _STATUSES
    # tuple.__new__ straight, not the named tuple's own __new__: half the cost per row.
    make, line = tuple.__new__, ActionLogLine
    lines: list[ActionLogLine] = [
        make(
            line,
            (
                id,
                ref,
                origins[item_id],
                description,
                owners_of.get(id, no_one),
                days[due],
                first_due.get(id),
                statuses[status],
                notes.get(id, ""),
            ),
        )
        for id, ref, item_id, description, due, status in rows
    ]
    # The rows come in id order, the order actions were recorded, which is nearly the
    # meetings' order: a stable sort by meeting date has little to do, and ties keep id order.
    lines.sort(key=_RAISED)
    return ActionLogData(
        lines=tuple(lines),
        owners=tuple(
            sorted(
                ((pid, names[pid]) for pid in owners.seen),
                key=lambda owner: surname_key(owner[1]),
            )
        ),
        owner_sets=(no_one, *owners.values()),
    )


_RAISED = attrgetter("origin.date")


class _OwnerSets(dict[tuple[int, ...], Owners]):
    """Owners' ids → `Owners`, by surname; worked out once per distinct set of owners."""

    def __init__(self, names: dict[int, str]) -> None:
        super().__init__()
        self._names = names
        self.seen: set[int] = set()

    def __missing__(self, owned: tuple[int, ...]) -> Owners:
        ids = sorted(set(owned), key=lambda pid: surname_key(self._names[pid]))
        self.seen.update(ids)
        value = Owners(tuple(ids), tuple(self._names[pid] for pid in ids))
        self[owned] = value
        return value


# ---------------------------------------------------------------- the decisions register


class DecisionLine(NamedTuple):
    """One decision as the decisions register lists it."""

    id: int
    ref: str
    body: str
    meeting: str
    date: dt.date
    item: str
    text: str
    outcome: DecisionOutcome
    review_date: dt.date | None
    referred_from: str | None  # the recommendation this decision acted on
    referred_to: str | None  # the parent body's decision on this recommendation
    confidential: bool  # taken under a confidential or reserved item
    how: How = How.MEETING


def decision_register(session: Session) -> list[DecisionLine]:
    """Every decision of every body, in the order taken, with its referral links."""
    rows = session.execute(
        select(
            Decision.id,
            Decision.ref,
            Decision.item_id,
            Decision.text,
            type_coerce(Decision.outcome, String),
            Decision.review_date,
            Decision.referred_from_id,
        )
    ).all()
    origins = _origins(session)
    refs = {row[0]: row[1] for row in rows}
    acted_on: dict[int, str] = {}
    for _id, ref, *_, referred_from_id in sorted(rows, key=lambda row: row[0], reverse=True):
        if referred_from_id is not None:
            acted_on[referred_from_id] = ref
    between = how_taken(session, [row[0] for row in rows if row[2] is None])
    lines = []
    for id, ref, item_id, text, outcome, review_date, referred_from_id in rows:
        how = between.get(id)
        origin = (
            origins[item_id]
            if how is None
            else Origin(how.body, "", how.taken_on, "", confidential=False)
        )
        lines.append(
            DecisionLine(
                id,
                ref,
                origin.body,
                origin.meeting,
                origin.date,
                origin.item,
                text,
                _OUTCOMES[outcome],
                review_date,
                refs.get(referred_from_id) if referred_from_id is not None else None,
                acted_on.get(id),
                origin.confidential,
                how.how if how is not None else How.MEETING,
            )
        )
    lines.sort(key=lambda line: (line.date, line.id))
    return lines


# ---------------------------------------------------------------- the attendance matrix


class Mark(enum.Enum):
    """One cell of the attendance matrix."""

    PRESENT = "present"
    REMOTE = "present by video"
    APOLOGIES = "apologies"
    ABSENT = "absent without apologies"
    IN_ATTENDANCE = "in attendance"
    NOT_RECORDED = "not recorded"  # a member then, but nothing recorded for them
    TO_COME = "meeting still to come"  # a member then; the meeting has not taken place
    NOT_MEMBER = "not a member then"
    NOT_INVITED = "not invited"  # not a member: only there when invited (in attendance)


_MARKS = {
    AttendanceCategory.PRESENT: Mark.PRESENT,
    AttendanceCategory.REMOTE: Mark.REMOTE,
    AttendanceCategory.APOLOGIES: Mark.APOLOGIES,
    AttendanceCategory.ABSENT: Mark.ABSENT,
    AttendanceCategory.IN_ATTENDANCE: Mark.IN_ATTENDANCE,
}


@dataclass(frozen=True)
class MatrixMeeting:
    id: int
    ref: str
    start: dt.datetime
    status: MeetingStatus

    @property
    def held(self) -> bool:
        return self.status in TOOK_PLACE


@dataclass(frozen=True)
class MatrixPerson:
    """One person's row: a mark per meeting, in the order of the matrix's meetings."""

    person_id: int
    name: str
    role: Role | None  # their role at the year's last meeting they sat for; None: a guest
    votes: bool
    marks: tuple[Mark, ...]
    notes: tuple[str, ...]  # the clerk's attendance note per meeting ("from item 3"), or ""
    expected: int  # meetings held while they were a member: the ones they should attend
    attended: int  # of those, the ones they attended (in person, by video or in attendance)

    @property
    def rate(self) -> float | None:
        """Share of expected meetings attended (0 to 1); None when none were expected."""
        return self.attended / self.expected if self.expected else None


@dataclass(frozen=True)
class AttendanceMatrix:
    body: str
    body_name: str
    year: int
    meetings: tuple[MatrixMeeting, ...]  # not cancelled, in date order
    people: tuple[MatrixPerson, ...]  # chair first, then by role and surname; guests last
    years: tuple[int, ...]  # every year in which the body has meetings, for a year picker


def attendance_matrix(session: Session, *, body: str, year: int) -> AttendanceMatrix:
    """Who attended each of a body's meetings in a calendar year, and who was expected to."""
    the_body = body_by_code(session, body)
    diary = session.execute(
        select(Meeting.id, Meeting.ref, Meeting.start_at, Meeting.status)
        .where(Meeting.body_id == the_body.id)
        .order_by(Meeting.start_at, Meeting.id)
    ).all()
    years = tuple(sorted({start.year for _, _, start, _ in diary}))
    meetings = tuple(
        MatrixMeeting(id, ref, start, status)
        for id, ref, start, status in diary
        if start.year == year and status is not MeetingStatus.CANCELLED
    )
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    members: dict[int, list[MembershipView]] = {}
    for membership in all_memberships(session, body_id=the_body.id):
        if membership.start <= last and (membership.end is None or membership.end >= first):
            members.setdefault(membership.person_id, []).append(membership)
    records: dict[tuple[int, int], tuple[AttendanceCategory, str]] = {}
    guests: dict[int, str] = {}
    for meeting_id, person_id, category, note, title, name in session.execute(
        select(
            Attendance.meeting_id,
            Attendance.person_id,
            Attendance.category,
            Attendance.note,
            Person.title,
            Person.name,
        )
        .join(Person, Attendance.person_id == Person.id)
        .where(Attendance.meeting_id.in_([m.id for m in meetings]))
    ):
        records[meeting_id, person_id] = (category, note)
        if person_id not in members:
            guests[person_id] = display_name(title, name)
    people = [_member_row(terms, meetings, records) for terms in members.values()]
    people.sort(key=lambda p: (role_rank(p.role) if p.role else len(Role), surname_key(p.name)))
    visitors = [
        _guest_row(person_id, name, meetings, records) for person_id, name in guests.items()
    ]
    visitors.sort(key=lambda p: surname_key(p.name))
    return AttendanceMatrix(
        body=the_body.code,
        body_name=the_body.name,
        year=year,
        meetings=meetings,
        people=tuple(people + visitors),
        years=years,
    )


def _member_row(
    terms: list[MembershipView],
    meetings: Iterable[MatrixMeeting],
    records: dict[tuple[int, int], tuple[AttendanceCategory, str]],
) -> MatrixPerson:
    terms = sorted(terms, key=lambda m: m.start)
    person = terms[-1]
    role, votes = person.role, person.votes
    marks: list[Mark] = []
    notes: list[str] = []
    expected = attended = 0
    for meeting in meetings:
        day = meeting.start.date()
        in_force = next((m for m in terms if m.in_force(day)), None)
        category, note = records.get((meeting.id, person.person_id), (None, ""))
        if in_force is not None:
            role, votes = in_force.role, in_force.votes
            if meeting.held:
                expected += 1
                attended += category in THERE
        if category is not None:
            mark = _MARKS[category]
        elif in_force is None:
            mark = Mark.NOT_MEMBER
        elif meeting.held:
            mark = Mark.NOT_RECORDED
        else:
            mark = Mark.TO_COME
        marks.append(mark)
        notes.append(note)
    return MatrixPerson(
        person.person_id,
        person.person,
        role,
        votes,
        tuple(marks),
        tuple(notes),
        expected,
        attended,
    )


def _guest_row(
    person_id: int,
    name: str,
    meetings: Iterable[MatrixMeeting],
    records: dict[tuple[int, int], tuple[AttendanceCategory, str]],
) -> MatrixPerson:
    found = [records.get((meeting.id, person_id)) for meeting in meetings]
    return MatrixPerson(
        person_id,
        name,
        None,
        False,
        tuple(_MARKS[f[0]] if f else Mark.NOT_INVITED for f in found),
        tuple(f[1] if f else "" for f in found),
        expected=0,
        attended=sum(f is not None and f[0] in THERE for f in found),
    )
