"""The snapshots the writers print, read from the database through the services.

Every function here is a pure read over a session of the caller's (the GUI runs them on a
worker thread, each with its own session): it never adds, changes or flushes anything, and
what it returns is frozen plain data, with no ORM object in it.

What confidential business each document may hold:

- **Minutes**: the snapshot is complete (the full version needs everything); it flags every
  confidential or reserved item, and every carried action raised under one, so the public
  version withholds them. The writer never prints a flagged item's text in the public
  version, nor that of its declarations, decisions and actions.
- **Agenda**: complete, items flagged (the public version shows public titles only).
- **Action log**: an internal document for the bodies and their chairs, so every action is
  listed, and a row raised under a confidential item is marked as such.
- **Declarations register**: a register of interests travels further than the minutes (it
  may be published), so a declaration on a confidential item shows the item's public title,
  and its nature is withheld as it is in the public minutes.
- **Attendance register** and **calendar**: nothing confidential in them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccsc_gov.core.export.calendar import meeting_uid
from ccsc_gov.core.export.snapshots import (
    ActionEntry,
    ActionLogRow,
    ActionLogSnapshot,
    AgendaEntry,
    AgendaSnapshot,
    Approval,
    AttendanceRegisterSnapshot,
    Attendee,
    CalendarMeeting,
    CarriedAction,
    DecisionEntry,
    DeclarationEntry,
    DeclarationRecord,
    DeclarationsRegisterSnapshot,
    ItemQuorum,
    MeetingHeading,
    MinutesItem,
    MinutesSnapshot,
    QuorumStatement,
    RegisterMeeting,
    RegisterPerson,
    ReportedEntry,
)
from ccsc_gov.core.export.text import plain_date
from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed
from ccsc_gov.core.governance.lifecycle import TOOK_PLACE
from ccsc_gov.core.governance.membership import SEES_CONFIDENTIAL_BY_DEFAULT
from ccsc_gov.core.services import (
    actions,
    agenda,
    attendance,
    bodies,
    body_list,
    decisions,
    declarations,
    matters_arising,
    meeting_list,
    meetings,
    people,
    resolutions,
)
from ccsc_gov.core.services.attendance import AttendeeLine
from ccsc_gov.core.services.meeting_list import MeetingSummary
from ccsc_gov.core.services.paper_references import typed_papers
from ccsc_gov.core.services.people import MembershipView, role_rank, surname_key
from ccsc_gov.core.services.terms import all_terms, pick_terms_in_force
from ccsc_gov.core.store.models import (
    Action,
    ActionDueRevision,
    ActionNote,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceCategory,
    Confidentiality,
    DecisionOutcome,
    Meeting,
    MeetingStatus,
    Purpose,
    Role,
)

WITHHELD_NATURE = "Withheld: the item is confidential (recorded in the confidential minutes)."
ALL_BODIES = "All governance bodies"


# --- shared look-ups -------------------------------------------------------------------------


def _meeting(session: Session, ref: str) -> tuple[MeetingSummary, body_list.BodyView]:
    summary = meetings.get_meeting(session, meeting=ref)
    return summary, bodies.body_view(session, code=summary.body)


def _heading(summary: MeetingSummary, body: body_list.BodyView) -> MeetingHeading:
    return MeetingHeading(
        body_name=body.name,
        body_code=body.code,
        body_kind=body.kind,
        meeting_ref=summary.ref,
        start=summary.start,
        end=summary.end,
        location=summary.location,
        video_link=summary.video_link,
    )


class _ItemHeading(TypedDict):
    """What the minutes and the agenda both print of an item: `MinutesItem(**heading, ...)`,
    `AgendaEntry(**heading, ...)`."""

    number: str
    title: str
    purpose: Purpose
    public_title: str
    presenter: str
    papers: tuple[str, ...]
    confidentiality: Confidentiality


def _item_heading(view: agenda.AgendaItemView) -> _ItemHeading:
    return _ItemHeading(
        number=view.number,
        title=view.title,
        purpose=view.purpose,
        public_title=view.public_title,
        presenter=view.presenter,
        papers=_papers(view.papers),
        confidentiality=view.confidentiality,
    )


def _papers(text: str) -> tuple[str, ...]:
    """The paper references an item lists, one per line or separated by commas."""
    return tuple(typed_papers(text))


def _check_period(start: dt.date | None, end: dt.date | None) -> None:
    """Refuse a register's period that ends before it starts (either end may be open)."""
    if start is not None and end is not None and end < start:
        raise InvalidInput("The period must end on or after the day it starts.")


def _next_meeting(session: Session, summary: MeetingSummary) -> MeetingSummary | None:
    """The body's next meeting after this one that is not cancelled."""
    return next(
        (
            m
            for m in meeting_list.list_meetings(session, body=summary.body)
            if m.start > summary.start and m.status is not MeetingStatus.CANCELLED
        ),
        None,
    )


def _secretary(memberships: Iterable[MembershipView], day: dt.date) -> MembershipView | None:
    return next((m for m in memberships if m.role is Role.SECRETARY and m.in_force(day)), None)


def _confidential_actions(session: Session) -> set[int]:
    """The actions raised under a confidential or reserved item: few, so read whole rather
    than through a list of ids that a long action log would make too long for SQLite."""
    return set(
        session.scalars(
            select(Action.id)
            .join(AgendaItem, Action.item_id == AgendaItem.id)
            .where(AgendaItem.confidentiality != Confidentiality.OPEN)
        )
    )


def _revisions(
    session: Session, action_ids: Sequence[int]
) -> dict[int, list[tuple[dt.date, dt.date | None, dt.date]]]:
    """(revised on, previous due, new due) of each action's due-date revisions, in order."""
    found: dict[int, list[tuple[dt.date, dt.date | None, dt.date]]] = {}
    if not action_ids:
        return found
    for action_id, revised_on, previous, new in session.execute(
        select(
            ActionDueRevision.action_id,
            ActionDueRevision.revised_on,
            ActionDueRevision.previous_due,
            ActionDueRevision.new_due,
        )
        .where(ActionDueRevision.action_id.in_(action_ids))
        .order_by(ActionDueRevision.id)
    ):
        found.setdefault(action_id, []).append((revised_on, previous, new))
    return found


def _due_on(
    current: dt.date | None,
    history: Sequence[tuple[dt.date, dt.date | None, dt.date]],
    day: dt.date,
) -> dt.date | None:
    """An action's due date as it stood at the end of `day`."""
    if not history:
        return current
    due = history[0][1]  # the first due date, before any revision
    for revised_on, _, new in history:
        if revised_on <= day:
            due = new
    return due


# --- minutes -----------------------------------------------------------------------------------


def _attendee(line: AttendeeLine, *, with_position: bool = True) -> Attendee:
    return Attendee(
        name=line.name,
        role=line.role,
        position=line.position if with_position else "",
        note=", ".join(line.notes),
        remote=line.category is AttendanceCategory.REMOTE,
    )


def _quorum(
    session: Session, summary: MeetingSummary, lists: attendance.MeetingAttendance
) -> tuple[QuorumStatement | None, dict[int, ItemQuorum]]:
    """The meeting's quorum statement and the quorum of the items the minutes must comment
    on; nothing until attendance has been recorded."""
    if not (lists.present or lists.in_attendance or lists.apologies or lists.absent):
        return None, {}
    answer = attendance.meeting_quorum(session, meeting_id=summary.id)
    if answer.voting_members == 0:  # no terms of reference, or no voting members in office
        return None, {}
    by_item: dict[int, ItemQuorum] = {}
    inquorate: list[str] = []
    for item in attendance.items_quorum(session, meeting_id=summary.id):
        there = item.answer
        if answer.quorate and not there.quorate:
            inquorate.append(item.number)
        if there.withdrew or there.chair_away or (answer.quorate and not there.quorate):
            by_item[item.item_id] = ItemQuorum(
                withdrawn=there.withdrew,
                voting_present=there.present,
                voting_members=there.voting_members,
                quorate=there.quorate,
                chair_missing=there.chair_required and not there.chair_present,
                chair_away=there.chair_away,
                taken_by=there.taken_by,
                taken_by_vice_chair=there.taken_by_vice_chair,
            )
    statement = QuorumStatement(
        quorate=answer.quorate,
        voting_present=answer.present,
        voting_members=answer.voting_members,
        chair_present=any(line.role is Role.CHAIR for line in lists.present),
        inquorate_items=tuple(inquorate),
        chair_missing=answer.chair_required and not answer.chair_present,
    )
    return statement, by_item


def _decisions(
    session: Session, summary: MeetingSummary, body: body_list.BodyView
) -> dict[int, list[DecisionEntry]]:
    """The meeting's decisions per item id."""
    names = {b.code: b.name for b in body_list.list_bodies(session)}
    parent = names.get(body.parent or "", "")
    by_item: dict[int, list[DecisionEntry]] = {}
    for view in decisions.list_decisions(session, meeting=summary.ref):
        assert view.item_id is not None  # a meeting's decisions are taken under its items
        source = (
            decisions.decision_view(session, decision=view.referred_from)
            if view.referred_from
            else None
        )
        by_item.setdefault(view.item_id, []).append(
            DecisionEntry(
                ref=view.ref,
                outcome=view.outcome,
                text=view.text,
                referred_from=view.referred_from or "",
                referred_from_body=names.get(source.body, source.body) if source else "",
                referred_from_meeting=source.meeting if source else "",
                referred_from_text=source.text if source else "",
                referred_to=parent if view.outcome is DecisionOutcome.RECOMMENDED else "",
            )
        )
    return by_item


def _reported(session: Session, summary: MeetingSummary) -> dict[int, ReportedEntry]:
    """The decisions taken since the last meeting, per item id of the item reporting each."""
    return {
        item_id: ReportedEntry(
            ref=view.ref,
            how=view.taken.how,
            title=view.taken.title,
            text=view.text,
            taken_on=view.taken.taken_on,
            tally=view.taken.tally,
            taken_by=view.taken.taken_by,
            reason=view.taken.reason,
            consulted=view.taken.consulted,
        )
        for item_id, view in resolutions.reported_at(session, meeting_id=summary.id).items()
    }


def _actions(session: Session, summary: MeetingSummary) -> dict[str, list[ActionEntry]]:
    """The actions raised at the meeting, per item number, each with the due date as it
    stood at the end of the meeting's day: the minutes record what the meeting agreed, and
    a later revision belongs to the action log (approved minutes never change)."""
    views = actions.list_actions(session, meeting=summary.ref)
    day = summary.start.date()
    revisions = _revisions(session, [v.id for v in views])
    by_number: dict[str, list[ActionEntry]] = {}
    for view in views:
        due = _due_on(view.due, revisions.get(view.id, ()), day)
        by_number.setdefault(view.origin_item, []).append(
            ActionEntry(ref=view.ref, description=view.description, owners=view.owners, due=due)
        )
    return by_number


def _carried_actions(session: Session, summary: MeetingSummary) -> tuple[CarriedAction, ...]:
    """The action log the meeting reviewed, each action as it stood then, with the progress
    note recorded at the meeting."""
    carried = matters_arising.matters_arising(session, meeting=summary.ref)
    ids = [c.action_id for c in carried]
    confidential = _confidential_actions(session)
    revisions = _revisions(session, ids)
    notes: dict[int, str] = {}
    if ids:
        for action_id, text in session.execute(
            select(ActionNote.action_id, ActionNote.text)
            .where(ActionNote.meeting_id == summary.id, ActionNote.action_id.in_(ids))
            .order_by(ActionNote.written_on, ActionNote.id)
        ):
            if text:
                notes[action_id] = text
    entries = []
    for c in carried:
        # The due date itself is as the meeting saw it (kept with the carried action).
        history = [r for r in revisions.get(c.action_id, ()) if r[0] <= summary.start.date()]
        original = history[0][1] if history else None
        entries.append(
            CarriedAction(
                ref=c.ref,
                description=c.description,
                status=c.status,
                owners=c.owners,
                due=c.due,
                original_due=original if original != c.due else None,
                note=notes.get(c.action_id, ""),
                confidential=c.action_id in confidential,
                overdue=c.due is not None
                and c.due < summary.start.date()
                and c.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS),
            )
        )
    return tuple(entries)


def _approval(session: Session, summary: MeetingSummary) -> Approval | None:
    if summary.approved_at is None:
        return None
    approving = meetings.get_meeting(session, meeting=summary.approved_at)
    amendments = session.scalar(select(Meeting.approval_amendments).where(Meeting.id == summary.id))
    return Approval(
        meeting_ref=approving.ref, date=approving.start.date(), amendments=amendments or ""
    )


def _chair(lists: attendance.MeetingAttendance) -> str:
    """Who chaired the meeting: the chair if there, else the vice-chair."""
    for role in (Role.CHAIR, Role.VICE_CHAIR):
        for line in lists.present:
            if line.role is role:
                return line.name
    return ""


def _withdrew_before_closed(
    session: Session,
    summary: MeetingSummary,
    body: body_list.BodyView,
    lists: attendance.MeetingAttendance,
) -> tuple[str, ...]:
    """Those in the room when the closed session began who are not entitled to stay: whoever
    holds a membership type the terms of reference in force do not let see confidential
    business (observers, funder representatives, those in attendance), and anyone there who
    is not a member. Someone there for one item only had left already."""
    terms = pick_terms_in_force(all_terms(session, body_id=body.id), on=summary.start.date())
    entitled = terms.confidential_roles if terms is not None else SEES_CONFIDENTIAL_BY_DEFAULT
    return tuple(
        line.name
        for line in (*lists.present, *lists.in_attendance)
        if (line.role is None or line.role not in entitled) and line.left_after is None
    )


def minutes_snapshot(session: Session, *, meeting: str) -> MinutesSnapshot:
    """Everything the minutes of a meeting print: DRAFT until approved, then "Approved at
    <meeting> on <date>"; confidential items and the actions raised under them flagged."""
    summary, body = _meeting(session, meeting)
    if summary.status is MeetingStatus.CANCELLED:
        raise NotAllowed(
            f"{summary.ref} was cancelled, so it has no minutes. Export its agenda, or the "
            "calendar, which sends the cancellation."
        )
    lists = attendance.meeting_attendance(session, meeting_id=summary.id)
    quorum, item_quorum = _quorum(session, summary, lists)
    decided = _decisions(session, summary, body)
    raised = _actions(session, summary)
    reported = _reported(session, summary)
    items = tuple(
        MinutesItem(
            **_item_heading(view),
            standard=view.standard,
            minutes=view.minutes,
            decisions=tuple(decided.get(view.id, ())),
            actions=tuple(raised.get(view.number, ())),
            quorum=item_quorum.get(view.id),
            reported=reported.get(view.id),
        )
        for view in agenda.agenda(session, meeting=summary.ref)
    )
    following = _next_meeting(session, summary)
    return MinutesSnapshot(
        **_heading(summary, body),
        closed_at=summary.closed_at,
        chair=_chair(lists),
        withdrew_before_closed=(
            _withdrew_before_closed(session, summary, body, lists)
            if any(i.confidential for i in items)
            else ()
        ),
        approval=_approval(session, summary),
        present=tuple(_attendee(line) for line in lists.present),
        in_attendance=tuple(_attendee(line) for line in lists.in_attendance),
        apologies=tuple(_attendee(line, with_position=False) for line in lists.apologies),
        absent=tuple(_attendee(line, with_position=False) for line in lists.absent),
        quorum=quorum,
        declarations=tuple(
            DeclarationEntry(
                person=d.person, item_number=d.item_number, nature=d.nature, action=d.action_taken
            )
            for d in declarations.declarations_at_meeting(session, meeting_id=summary.id)
        ),
        items=items,
        carried_actions=_carried_actions(session, summary),
        next_meeting=following.start if following is not None else None,
        next_meeting_location=following.location if following is not None else "",
    )


# --- agenda ------------------------------------------------------------------------------------


def agenda_snapshot(
    session: Session, *, meeting: str, today: dt.date | None = None
) -> AgendaSnapshot:
    """The agenda for circulation; a meeting still to be held gets today as its issue date."""
    summary, body = _meeting(session, meeting)
    day = summary.start.date()
    secretary = _secretary(people.all_memberships(session, body_id=body.id), day)
    to_come = summary.status in (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED)
    return AgendaSnapshot(
        **_heading(summary, body),
        items=tuple(
            AgendaEntry(**_item_heading(view), duration_minutes=view.duration)
            for view in agenda.agenda(session, meeting=summary.ref)
        ),
        issued_on=(today or dt.date.today()) if to_come else None,
        secretary=secretary.person if secretary is not None else "",
    )


# --- action log --------------------------------------------------------------------------------


OUTSTANDING = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def _filter_description(
    session: Session,
    *,
    status: ActionStatus | None,
    owner_id: int | None,
    overdue: bool | None,
    outstanding: bool = False,
    public: bool = False,
) -> str:
    parts: list[str] = []
    if status is not None:
        parts.append(f"Status: {status.value}")
    elif outstanding:
        parts.append("Open and in-progress actions")
    if owner_id is not None:
        parts.append(f"Owner: {people.get_person(session, person_id=owner_id).display_name}")
    if overdue is True:
        parts.append("Overdue only")
    elif overdue is False:
        parts.append("Not overdue")
    if public:
        parts.append("Actions from confidential items left out")
    return " · ".join(parts)


def action_log_snapshot(
    session: Session,
    *,
    body: str | None = None,
    status: ActionStatus | None = None,
    owner_id: int | None = None,
    overdue: bool | None = None,
    outstanding: bool = False,
    public: bool = False,
    today: dt.date | None = None,
) -> ActionLogSnapshot:
    """The action log of one body (by code) or of every body, filtered as
    `services.actions.list_actions` filters it (`outstanding`: only open and in-progress
    actions), soonest due first. Every action is listed, those raised under a confidential item
    marked (the log is an internal document), unless `public` leaves them out."""
    today = today or dt.date.today()
    scope = bodies.body_view(session, code=body) if body is not None else None
    description = _filter_description(
        session,
        status=status,
        owner_id=owner_id,
        overdue=overdue,
        outstanding=outstanding,
        public=public,
    )
    views = actions.list_actions(
        session,
        body=scope.code if scope is not None else None,
        status=status,
        overdue=overdue,
        owner_id=owner_id,
        today=today,
    )
    confidential = _confidential_actions(session)
    if outstanding and status is None:
        views = [v for v in views if v.status in OUTSTANDING]
    if public:
        views = [v for v in views if v.id not in confidential]
    # Soonest due first (stable: the raising meeting's order within a day); none last.
    views.sort(key=lambda v: (v.due is None, v.due or dt.date.max))
    return ActionLogSnapshot(
        as_of=today,
        rows=tuple(
            ActionLogRow(
                ref=v.ref,
                body_code=v.body,
                item=v.origin_item,
                description=v.description,
                status=v.status,
                owners=v.owners,
                due=v.due,
                original_due=v.original_due if v.original_due != v.due else None,
                latest_note=v.latest_note or "",
                overdue=v.overdue,
                confidential=v.id in confidential,
            )
            for v in views
        ),
        body_code=scope.code if scope is not None else None,
        body_name=scope.name if scope is not None else "",
        filter_description=description,
    )


# --- registers ---------------------------------------------------------------------------------


def attendance_register_snapshot(
    session: Session, *, body: str, start: dt.date, end: dt.date
) -> AttendanceRegisterSnapshot:
    """Who attended each meeting the body held from `start` to `end` (inclusive): its members
    of the time, then anyone else recorded in attendance."""
    _check_period(start, end)
    found = bodies.body_view(session, code=body)
    held = [
        m
        for m in meeting_list.list_meetings(session, body=found.code)
        if m.status in TOOK_PLACE and start <= m.start.date() <= end
    ]
    memberships = people.all_memberships(session, body_id=found.id)
    recorded: dict[tuple[int, int], AttendanceCategory] = {}
    if held:
        for meeting_id, person_id, category in session.execute(
            select(Attendance.meeting_id, Attendance.person_id, Attendance.category).where(
                Attendance.meeting_id.in_([m.id for m in held])
            )
        ):
            recorded[(meeting_id, person_id)] = category
    names: dict[int, str] = {}
    roles: dict[int, tuple[dt.date, Role]] = {}
    for membership in memberships:
        if any(membership.in_force(m.start.date()) for m in held):
            names[membership.person_id] = membership.person
            latest = roles.get(membership.person_id)
            if latest is None or membership.start >= latest[0]:
                roles[membership.person_id] = (membership.start, membership.role)
    for _, person_id in recorded:
        if person_id not in names:
            names[person_id] = people.get_person(session, person_id=person_id).display_name

    def member_on(person_id: int, day: dt.date) -> bool:
        return any(m.person_id == person_id and m.in_force(day) for m in memberships)

    def order(person_id: int) -> tuple[int, tuple[str, str]]:
        role = roles.get(person_id)
        return (role_rank(role[1]) if role else len(Role)), surname_key(names[person_id])

    register = []
    for person_id in sorted(names, key=order):
        marks = tuple(
            recorded.get((m.id, person_id))
            if (m.id, person_id) in recorded or member_on(person_id, m.start.date())
            else None
            for m in held
        )
        role = roles.get(person_id)
        register.append(
            RegisterPerson(name=names[person_id], marks=marks, role=role[1] if role else None)
        )
    return AttendanceRegisterSnapshot(
        body_name=found.name,
        body_code=found.code,
        period_from=start,
        period_to=end,
        meetings=tuple(RegisterMeeting(ref=m.ref, date=m.start.date()) for m in held),
        people=tuple(register),
    )


def declarations_register_snapshot(
    session: Session,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    body: str | None = None,
    today: dt.date | None = None,
) -> DeclarationsRegisterSnapshot:
    """Every declaration of interest made at meetings from `start` to `end` (either open),
    by person (surname order) and then date. A declaration on a confidential item shows the
    item's public title and withholds the nature of the interest, as the public minutes do."""
    _check_period(start, end)
    found = bodies.body_view(session, code=body) if body is not None else None
    scope = found.name if found is not None else ALL_BODIES
    if start is not None and end is not None:
        scope += f", meetings from {plain_date(start)} to {plain_date(end)}"
    elif start is not None:
        scope += f", meetings from {plain_date(start)}"
    elif end is not None:
        scope += f", meetings up to {plain_date(end)}"
    as_of = today or dt.date.today()
    days = [m.start.date() for m in meeting_list.list_meetings(session, body=body)]
    first, last = start or min(days, default=None), end or max(days, default=None)
    if first is None or last is None or last < first:
        return DeclarationsRegisterSnapshot(as_of=as_of, scope=scope)
    views = declarations.register_of_interests(
        session, start=first, end=last, body=found.code if found is not None else None
    )
    views.sort(key=lambda v: surname_key(v.person))  # stable: each person's stay in date order
    return DeclarationsRegisterSnapshot(
        as_of=as_of,
        scope=scope,
        records=tuple(
            DeclarationRecord(
                person=v.person,
                body_code=v.body,
                meeting_ref=v.meeting,
                meeting_date=v.day,
                item_number=v.item_number,
                item_title=v.item_title_for_publication,
                nature=(v.nature if v.confidentiality is Confidentiality.OPEN else WITHHELD_NATURE),
                action=v.action_taken,
            )
            for v in views
        ),
    )


# --- calendar ----------------------------------------------------------------------------------


def calendar_meetings(session: Session, *, body: str | None = None) -> list[CalendarMeeting]:
    """Every meeting (of one body, or of all) as a calendar event, the body's secretary as
    organiser. A cancelled meeting goes out with its SEQUENCE raised, so a calendar that
    holds the meeting takes the cancellation as newer."""
    names = {b.code: (b.id, b.name) for b in body_list.list_bodies(session)}
    emails = {p.id: p.email for p in people.list_people(session)}
    memberships: dict[str, list[MembershipView]] = {}
    events = []
    for m in meeting_list.list_meetings(session, body=body):
        body_id, body_name = names[m.body]
        if m.body not in memberships:
            memberships[m.body] = people.all_memberships(session, body_id=body_id)
        secretary = _secretary(memberships[m.body], m.start.date())
        email = emails.get(secretary.person_id, "") if secretary is not None else ""
        cancelled = m.status is MeetingStatus.CANCELLED
        events.append(
            CalendarMeeting(
                uid=meeting_uid(m.ref),
                ref=m.ref,
                body_name=body_name,
                start=m.start,
                end=m.end,
                location=m.location,
                video_link=m.video_link,
                cancelled=cancelled,
                sequence=m.calendar_sequence + (1 if cancelled else 0),
                organiser_email=email,
                organiser_name=secretary.person if secretary is not None and email else "",
            )
        )
    return events
