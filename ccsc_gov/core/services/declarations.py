"""Declarations of interest: recorded per person and item, kept as a register across meetings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import InvalidInput, NotFound
from ccsc_gov.core.governance.guards import printable
from ccsc_gov.core.services.agenda import item_by_id
from ccsc_gov.core.services.attendance import (
    cancel_withdrawal,
    running_order,
    withdraw_from_item,
)
from ccsc_gov.core.services.bodies import body_by_code
from ccsc_gov.core.services.common import Area, Changes, ensure_changeable, row_by_id
from ccsc_gov.core.services.people import display_name, person_by_id
from ccsc_gov.core.store.conflicts import check_version
from ccsc_gov.core.store.models import (
    AgendaItem,
    Body,
    Confidentiality,
    Declaration,
    DeclarationAction,
    Meeting,
    MeetingStatus,
    Person,
    Withdrawal,
)


@dataclass(frozen=True)
class DeclarationView:
    id: int
    meeting_id: int
    meeting: str  # the meeting's reference
    body: str
    day: dt.date
    item_id: int
    item_number: str
    item_title: str
    item_public_title: str
    confidentiality: Confidentiality
    person_id: int
    person: str
    nature: str
    action_taken: DeclarationAction | None  # None: not yet recorded
    version: int  # raised by every change; an edit names the one it was made from

    @property
    def item_title_for_publication(self) -> str:
        """The item's title as a public document may show it."""
        if self.confidentiality is Confidentiality.OPEN:
            return self.item_title
        return self.item_public_title or "Confidential item"

    @property
    def changes(self) -> Changes:
        # A withdrawal recorded with the declaration changes the item's quorum.
        return Changes(Area.ATTENDANCE | Area.MINUTES, self.meeting_id)


def declaration_by_id(session: Session, declaration_id: int) -> Declaration:
    declaration = row_by_id(session, Declaration, declaration_id)
    if declaration is None:
        raise NotFound(f"There is no declaration of interest number {declaration_id}.")
    return declaration


def _clean_nature(nature: str) -> str:
    cleaned = printable(nature).strip()
    if not cleaned:
        raise InvalidInput(
            "Say what the interest is (for example “co-applicant on one of the proposals”)."
        )
    return cleaned


def _query() -> Select[tuple[Declaration, AgendaItem, Meeting, Body, Person]]:
    return (
        select(Declaration, AgendaItem, Meeting, Body, Person)
        .join(AgendaItem, Declaration.item_id == AgendaItem.id)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .join(Body, Meeting.body_id == Body.id)
        .join(Person, Declaration.person_id == Person.id)
    )


def _views(
    session: Session, query: Select[tuple[Declaration, AgendaItem, Meeting, Body, Person]]
) -> list[DeclarationView]:
    numbers: dict[int, dict[int, str]] = {}
    views: list[DeclarationView] = []
    for declaration, item, meeting, body, person in session.execute(query):
        if meeting.id not in numbers:
            numbers[meeting.id] = dict(running_order(session, meeting_id=meeting.id))
        views.append(
            DeclarationView(
                id=declaration.id,
                meeting_id=meeting.id,
                meeting=meeting.ref,
                body=body.code,
                day=meeting.start_at.date(),
                item_id=item.id,
                item_number=numbers[meeting.id][item.id],
                item_title=item.title,
                item_public_title=item.public_title,
                confidentiality=item.confidentiality,
                person_id=person.id,
                person=display_name(person.title, person.name),
                nature=declaration.nature,
                action_taken=declaration.action_taken,
                version=declaration.version,
            )
        )
    order = {m: {i: n for n, i in enumerate(numbers[m])} for m in numbers}
    return sorted(views, key=lambda v: (v.day, v.meeting, order[v.meeting_id][v.item_id], v.id))


def _one(session: Session, declaration_id: int) -> DeclarationView:
    return _views(session, _query().where(Declaration.id == declaration_id))[0]


def _still_withdrawing(session: Session, declaration: Declaration) -> bool:
    """Whether another of the person's declarations on the item still says they withdrew."""
    other = session.execute(
        select(Declaration.id).where(
            Declaration.item_id == declaration.item_id,
            Declaration.person_id == declaration.person_id,
            Declaration.id != declaration.id,
            Declaration.action_taken == DeclarationAction.WITHDREW,
        )
    ).first()
    return other is not None


def _sync_withdrawal(
    session: Session,
    declaration: Declaration,
    *,
    was: DeclarationAction | None,
    now: DeclarationAction | None,
) -> None:
    """Keep the item's withdrawal in step with what the declaration says was done."""
    if now is DeclarationAction.WITHDREW and was is not DeclarationAction.WITHDREW:
        withdraw_from_item(session, item_id=declaration.item_id, person_id=declaration.person_id)
    elif was is DeclarationAction.WITHDREW and now is not DeclarationAction.WITHDREW:
        recorded = session.execute(
            select(Withdrawal.id).where(
                Withdrawal.item_id == declaration.item_id,
                Withdrawal.person_id == declaration.person_id,
            )
        ).first()
        if recorded is not None and not _still_withdrawing(session, declaration):
            cancel_withdrawal(session, item_id=declaration.item_id, person_id=declaration.person_id)


def record_declaration(
    session: Session,
    *,
    item_id: int,
    person_id: int,
    nature: str,
    action_taken: DeclarationAction | None = None,
) -> DeclarationView:
    """A declared interest in an agenda item; "withdrew" also records the withdrawal from the
    item, so its quorum is judged without the person."""
    item = item_by_id(session, item_id)
    ensure_changeable(item.meeting)
    person = person_by_id(session, person_id)
    declaration = Declaration(
        item_id=item.id,
        person_id=person.id,
        nature=_clean_nature(nature),
        action_taken=action_taken,
    )
    session.add(declaration)
    session.flush()
    _sync_withdrawal(session, declaration, was=None, now=action_taken)
    return _one(session, declaration.id)


def _subject(session: Session, declaration: Declaration) -> str:
    person = person_by_id(session, declaration.person_id)
    return f"{display_name(person.title, person.name)}'s declaration of interest"


def edit_declaration(
    session: Session,
    *,
    declaration_id: int,
    nature: str | None = None,
    action_taken: DeclarationAction | None = None,
    expected_version: int | None = None,
) -> DeclarationView:
    """Change the nature of an interest or record what was done about it. With
    `expected_version`, the declaration must still be as the clerk loaded it (else a
    `Conflict`)."""
    declaration = declaration_by_id(session, declaration_id)
    check_version(session, declaration, expected_version, lambda: _subject(session, declaration))
    item = item_by_id(session, declaration.item_id)
    ensure_changeable(item.meeting)
    was = declaration.action_taken
    if nature is not None:
        declaration.nature = _clean_nature(nature)
    if action_taken is not None:
        declaration.action_taken = action_taken
    session.flush()
    _sync_withdrawal(session, declaration, was=was, now=declaration.action_taken)
    return _one(session, declaration.id)


def remove_declaration(session: Session, *, declaration_id: int) -> Changes:
    """Delete a declaration recorded in error (and the withdrawal it recorded)."""
    declaration = declaration_by_id(session, declaration_id)
    item = item_by_id(session, declaration.item_id)
    ensure_changeable(item.meeting)
    _sync_withdrawal(session, declaration, was=declaration.action_taken, now=None)
    session.delete(declaration)
    session.flush()
    return Changes(Area.ATTENDANCE | Area.MINUTES, item.meeting_id)


def declarations_at_meeting(session: Session, *, meeting_id: int) -> list[DeclarationView]:
    """A meeting's declarations in agenda order, for its minutes."""
    return _views(session, _query().where(Meeting.id == meeting_id))


def register_of_person(session: Session, *, person_id: int) -> list[DeclarationView]:
    """Everything one person has declared, at every meeting of every body, oldest first."""
    person_by_id(session, person_id)
    return _views(session, _query().where(Declaration.person_id == person_id))


def register_of_interests(
    session: Session, *, start: dt.date, end: dt.date, body: str | None = None
) -> list[DeclarationView]:
    """Every declaration made at meetings from `start` to `end` (inclusive), oldest first;
    cancelled meetings have none."""
    if end < start:
        raise InvalidInput("The period must end on or after the day it starts.")
    query = _query().where(
        Meeting.status != MeetingStatus.CANCELLED,
        Meeting.start_at >= dt.datetime.combine(start, dt.time.min),
        Meeting.start_at <= dt.datetime.combine(end, dt.time.max),
    )
    if body is not None:
        query = query.where(Meeting.body_id == body_by_code(session, body).id)
    return _views(session, query)
