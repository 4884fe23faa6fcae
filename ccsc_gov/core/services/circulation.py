"""Circulation: who receives a meeting's papers (and which version), and the record of what
went to whom, when, drafted or sent, and by whom.

Who receives what follows the body's membership on the meeting's date and its terms of
reference: the roles the terms name see confidential business and receive the full version;
everyone else receives the public version in a message of their own. The secretary is copied
in. Draft minutes go to the chair alone, and stay "with the chair" until the clerk records
that the chair has cleared them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import NotAllowed
from ccsc_gov.core.governance.lifecycle import TOOK_PLACE
from ccsc_gov.core.governance.membership import SEES_CONFIDENTIAL_BY_DEFAULT
from ccsc_gov.core.governance.vocabulary import long_date
from ccsc_gov.core.services.common import Area, Changes, meeting_by_ref
from ccsc_gov.core.services.minutes_stage import minutes_with_chair
from ccsc_gov.core.services.people import display_name, members_in_force, role_rank, surname_key
from ccsc_gov.core.services.terms import terms_in_force
from ccsc_gov.core.store.audit import operator
from ccsc_gov.core.store.models import (
    Attendance,
    AttendanceCategory,
    Body,
    Circulation,
    CirculationAttachment,
    CirculationKind,
    CirculationMessage,
    CirculationRecipient,
    Meeting,
    MeetingStatus,
    MessageOutcome,
    Person,
    RemindedAction,
    Role,
)

FULL = "full"
PUBLIC = "public"


@dataclass(frozen=True)
class Recipient:
    person_id: int | None
    name: str
    address: str  # "" when the person's record has no email
    role: str  # "member", "observer", "in attendance" …
    entitled: bool  # sees confidential business


@dataclass(frozen=True)
class CirculationPlan:
    """Who a meeting's document goes to: `full` (entitled) and `public` recipients in their
    own messages, the clerk in copy, and whoever cannot be reached for want of an address."""

    kind: CirculationKind
    meeting_id: int
    meeting_ref: str
    body_code: str
    body_name: str
    start: dt.datetime
    end: dt.datetime
    location: str
    video_link: str
    full: tuple[Recipient, ...]
    public: tuple[Recipient, ...]
    copy: tuple[Recipient, ...]
    without_email: tuple[Recipient, ...]
    next_meeting: dt.datetime | None = None
    minutes_approved: bool = False


def _roles_seeing_confidential(session: Session, meeting: Meeting) -> frozenset[Role]:
    terms = terms_in_force(session, body_id=meeting.body_id, on=meeting.start_at.date())
    return terms.confidential_roles if terms is not None else SEES_CONFIDENTIAL_BY_DEFAULT


def _invited(session: Session, meeting: Meeting) -> list[tuple[Person, str, bool]]:
    """(person, role, entitled) of everyone the meeting's papers go to: the membership on the
    meeting's day, then anyone else recorded as in attendance for it."""
    day = meeting.start_at.date()
    entitled_roles = _roles_seeing_confidential(session, meeting)
    found: dict[int, tuple[Person, str, bool, int]] = {}
    for membership in members_in_force(session, body_id=meeting.body_id, on=day):
        person = session.get_one(Person, membership.person_id)
        entitled = membership.role in entitled_roles
        rank = role_rank(membership.role)
        held = found.get(person.id)
        # Someone holding two memberships is listed under the senior one, and sees what
        # either lets them see.
        if held is not None:
            entitled = entitled or held[2]
            rank = min(rank, held[3])
        role = list(Role)[rank].value
        found[person.id] = (person, role, entitled, rank)
    guests = session.scalars(
        select(Person)
        .join(Attendance, Attendance.person_id == Person.id)
        .where(
            Attendance.meeting_id == meeting.id,
            Attendance.category == AttendanceCategory.IN_ATTENDANCE,
        )
    )
    guest_rank = role_rank(Role.IN_ATTENDANCE)
    for person in guests:
        if person.id not in found:
            entitled = Role.IN_ATTENDANCE in entitled_roles
            found[person.id] = (person, Role.IN_ATTENDANCE.value, entitled, guest_rank)
    ordered = sorted(found.values(), key=lambda f: (f[3], surname_key(f[0].name)))
    return [(person, role, entitled) for person, role, entitled, _ in ordered]


def _recipient(person: Person, role: str, entitled: bool) -> Recipient:
    return Recipient(
        person_id=person.id,
        name=display_name(person.title, person.name),
        address=person.email.strip(),
        role=role,
        entitled=entitled,
    )


def _check_can_circulate(session: Session, meeting: Meeting, kind: CirculationKind) -> None:
    if meeting.status is MeetingStatus.CANCELLED:
        raise NotAllowed(f"{meeting.ref} was cancelled: there is nothing to circulate.")
    minutes = kind in (CirculationKind.MINUTES, CirculationKind.DRAFT_MINUTES)
    if minutes and meeting.status not in TOOK_PLACE:
        raise NotAllowed(
            f"{meeting.ref} has not been held yet ({long_date(meeting.start_at.date())}), "
            "so it has no minutes to circulate."
        )
    if kind is CirculationKind.MINUTES and minutes_with_chair(session, meeting):
        raise NotAllowed(
            f"The draft minutes of {meeting.ref} are with the chair: record that the chair "
            "has cleared them before circulating them to the members."
        )
    if kind is CirculationKind.DRAFT_MINUTES and meeting.status is MeetingStatus.MINUTES_APPROVED:
        raise NotAllowed(f"The minutes of {meeting.ref} are already approved.")


def plan_circulation(session: Session, *, meeting: str, kind: CirculationKind) -> CirculationPlan:
    """Who receives the meeting's document of this kind, and in which version."""
    if kind is CirculationKind.ACTION_REMINDER:
        raise NotAllowed("Action reminders go to action owners, not to a meeting's members.")
    found = meeting_by_ref(session, meeting)
    _check_can_circulate(session, found, kind)
    body = session.get_one(Body, found.body_id)
    invited = _invited(session, found)
    if kind is CirculationKind.DRAFT_MINUTES:
        chairs = [entry for entry in invited if entry[1] == Role.CHAIR.value]
        if not chairs:
            raise NotAllowed(
                f"The {body.name} had no chair on {long_date(found.start_at.date())}: there "
                "is no one to send the draft minutes to for review."
            )
        invited = chairs
    people = [_recipient(*entry) for entry in invited]
    reachable = [p for p in people if p.address]
    copied = [p for p in reachable if p.role == Role.SECRETARY.value]
    if kind is CirculationKind.DRAFT_MINUTES:
        if not reachable:
            raise NotAllowed(
                f"The chair, {people[0].name}, has no email address in their record: add one "
                "before sending the draft minutes."
            )
        copied = []
    addressed = [p for p in reachable if p not in copied]
    following = session.scalars(
        select(Meeting.start_at)
        .where(
            Meeting.body_id == found.body_id,
            Meeting.start_at > found.start_at,
            Meeting.status != MeetingStatus.CANCELLED,
        )
        .order_by(Meeting.start_at)
        .limit(1)
    ).first()
    return CirculationPlan(
        kind=kind,
        meeting_id=found.id,
        meeting_ref=found.ref,
        body_code=body.code,
        body_name=body.name,
        start=found.start_at,
        end=found.end_at,
        location=found.location,
        video_link=found.video_link,
        full=tuple(p for p in addressed if p.entitled),
        public=tuple(p for p in addressed if not p.entitled),
        copy=tuple(copied),
        without_email=tuple(p for p in people if not p.address),
        next_meeting=following,
        minutes_approved=found.status is MeetingStatus.MINUTES_APPROVED,
    )


# --- the record -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MessageRecord:
    """One message of a circulation as it went (or failed to go)."""

    version: str  # full / public / reminder
    subject: str
    outcome: MessageOutcome
    detail: str  # the .eml file written, or why the server refused it
    to: tuple[Recipient, ...]
    copy: tuple[Recipient, ...] = ()
    attachments: tuple[tuple[str, str], ...] = ()  # (file name, SHA-256)
    action_ids: tuple[int, ...] = ()  # the actions a reminder listed


@dataclass(frozen=True)
class CirculationView:
    id: int
    kind: CirculationKind
    meeting: str | None
    meeting_id: int | None
    at: dt.datetime
    who: str
    sent: bool
    folder: str
    messages: tuple[MessageRecord, ...]

    @property
    def changes(self) -> Changes:
        """What a circulation changes: where the meeting's minutes stand, and its record."""
        return Changes(Area.MEETINGS | Area.MINUTES, self.meeting_id)


def earlier_circulations(
    session: Session, *, meeting_id: int, kind: CirculationKind
) -> list[dt.datetime]:
    """When the meeting's document of this kind went out before (drafted or sent)."""
    return list(
        session.scalars(
            select(Circulation.at)
            .join(CirculationMessage, CirculationMessage.circulation_id == Circulation.id)
            .where(
                Circulation.meeting_id == meeting_id,
                Circulation.kind == kind,
                CirculationMessage.outcome != MessageOutcome.FAILED,
            )
            .distinct()
            .order_by(Circulation.at)
        )
    )


def refuse_repeat(session: Session, *, meeting_id: int, kind: CirculationKind, again: bool) -> None:
    """Circulating the same document twice needs the clerk's say-so (`again`)."""
    if again:
        return
    before = earlier_circulations(session, meeting_id=meeting_id, kind=kind)
    if before:
        ref = session.get_one(Meeting, meeting_id).ref
        when = before[-1]
        raise NotAllowed(
            f"The {kind.value} of {ref} already went out on {long_date(when.date())} at "
            f"{when:%H:%M}; circulate it again only on purpose (--again)."
        )


def record_circulation(
    session: Session,
    *,
    kind: CirculationKind,
    meeting_id: int | None,
    sent: bool,
    folder: str,
    messages: Sequence[MessageRecord],
    again: bool = False,
    at: dt.datetime | None = None,
) -> CirculationView:
    """Keep the record of a circulation; a meeting's document already circulated is refused
    unless `again`. The audit trail records the rows as it records every other change."""
    if meeting_id is not None:
        refuse_repeat(session, meeting_id=meeting_id, kind=kind, again=again)
    circulation = Circulation(
        kind=kind,
        meeting_id=meeting_id,
        at=(at or dt.datetime.now()).replace(microsecond=0),
        who=operator(),
        sent=sent,
        folder=folder,
    )
    session.add(circulation)
    session.flush()
    for record in messages:
        message = CirculationMessage(
            circulation_id=circulation.id,
            version=record.version,
            subject=record.subject,
            outcome=record.outcome,
            detail=record.detail,
        )
        session.add(message)
        session.flush()
        for copy, people in ((False, record.to), (True, record.copy)):
            session.add_all(
                CirculationRecipient(
                    message_id=message.id,
                    person_id=p.person_id,
                    name=p.name,
                    address=p.address,
                    copy=copy,
                )
                for p in people
            )
        session.add_all(
            CirculationAttachment(message_id=message.id, filename=name, sha256=digest)
            for name, digest in record.attachments
        )
        if record.outcome is not MessageOutcome.FAILED:
            session.add_all(
                RemindedAction(message_id=message.id, action_id=action_id)
                for action_id in record.action_ids
            )
    session.flush()
    return _view(session, circulation)


def _view(session: Session, circulation: Circulation) -> CirculationView:
    messages = session.scalars(
        select(CirculationMessage)
        .where(CirculationMessage.circulation_id == circulation.id)
        .order_by(CirculationMessage.id)
    ).all()
    ids = [m.id for m in messages]
    recipients: dict[int, list[CirculationRecipient]] = {}
    for r in session.scalars(
        select(CirculationRecipient)
        .where(CirculationRecipient.message_id.in_(ids))
        .order_by(CirculationRecipient.id)
    ):
        recipients.setdefault(r.message_id, []).append(r)
    attachments: dict[int, list[tuple[str, str]]] = {}
    for a in session.scalars(
        select(CirculationAttachment)
        .where(CirculationAttachment.message_id.in_(ids))
        .order_by(CirculationAttachment.id)
    ):
        attachments.setdefault(a.message_id, []).append((a.filename, a.sha256))
    actions: dict[int, list[int]] = {}
    for message_id, action_id in session.execute(
        select(RemindedAction.message_id, RemindedAction.action_id).where(
            RemindedAction.message_id.in_(ids)
        )
    ):
        actions.setdefault(message_id, []).append(action_id)

    def people(message_id: int, copy: bool) -> tuple[Recipient, ...]:
        return tuple(
            Recipient(r.person_id, r.name, r.address, "", False)
            for r in recipients.get(message_id, [])
            if r.copy is copy
        )

    meeting = (
        session.get_one(Meeting, circulation.meeting_id).ref
        if circulation.meeting_id is not None
        else None
    )
    return CirculationView(
        id=circulation.id,
        kind=circulation.kind,
        meeting=meeting,
        meeting_id=circulation.meeting_id,
        at=circulation.at,
        who=circulation.who,
        sent=circulation.sent,
        folder=circulation.folder,
        messages=tuple(
            MessageRecord(
                version=m.version,
                subject=m.subject,
                outcome=m.outcome,
                detail=m.detail,
                to=people(m.id, False),
                copy=people(m.id, True),
                attachments=tuple(attachments.get(m.id, [])),
                action_ids=tuple(sorted(actions.get(m.id, []))),
            )
            for m in messages
        ),
    )


def list_circulations(session: Session, *, meeting: str | None = None) -> list[CirculationView]:
    """Every circulation of a meeting's documents (or every one, reminders too), oldest first."""
    query = select(Circulation).order_by(Circulation.at, Circulation.id)
    if meeting is not None:
        query = query.where(Circulation.meeting_id == meeting_by_ref(session, meeting).id)
    return [_view(session, c) for c in session.scalars(query)]


# --- the draft minutes with the chair ---------------------------------------------------------


def clear_minutes(session: Session, *, meeting: str, on: dt.date | None = None) -> Changes:
    """Record that the chair has cleared the draft minutes for circulation to the members."""
    found = meeting_by_ref(session, meeting)
    if not minutes_with_chair(session, found):
        raise NotAllowed(
            f"The draft minutes of {found.ref} are not with the chair: circulate them to the "
            "chair first (draft-minutes)."
        )
    found.minutes_cleared_on = on or dt.date.today()
    session.flush()
    return Changes(Area.MEETINGS | Area.MINUTES, meeting_id=found.id)
