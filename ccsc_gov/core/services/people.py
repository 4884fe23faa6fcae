"""People and their memberships of bodies (terms of office, kept when they end)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, joinedload

from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed, NotFound
from ccsc_gov.core.governance.membership import (
    A_NEW_TERM,
    SINGLE_HOLDER,
    BodyTerms,
    Term,
    clash_message,
    locked_message,
    member_votes,
    no_new_members,
)
from ccsc_gov.core.governance.person_details import (
    clean_email,
    clean_text,
    email_problem,
    text_problem,
)
from ccsc_gov.core.governance.vocabulary import long_date
from ccsc_gov.core.services.bodies import body_by_code, body_by_id
from ccsc_gov.core.services.common import Area, Changes, row_by_id
from ccsc_gov.core.services.terms import first_locked_meeting
from ccsc_gov.core.store.conflicts import check_version
from ccsc_gov.core.store.models import Body, Membership, Person, Role


def display_name(title: str, name: str) -> str:
    """How a person is named in lists and minutes: "Prof. Hannah Okafor", "Dr Luis Ferreira"."""
    return " ".join(part for part in (title.strip(), name.strip()) if part)


def role_rank(role: Role) -> int:
    """Chair first, then vice-chair, members, and so on in the order of `Role`."""
    return list(Role).index(role)


def surname_key(name: str) -> tuple[str, str]:
    """Sort people by surname, then full name, as lists in minutes are."""
    parts = name.split()
    return ((parts[-1] if parts else "").casefold(), name.casefold())


# ---------------------------------------------------------------- people


@dataclass(frozen=True)
class PersonView:
    id: int
    title: str
    name: str
    position: str
    organisation: str
    email: str
    version: int  # raised by every change; an edit names the one it was made from

    @property
    def display_name(self) -> str:
        return display_name(self.title, self.name)

    @property
    def changes(self) -> Changes:
        return Changes(Area.PEOPLE)


def _person_view(person: Person) -> PersonView:
    return PersonView(
        person.id,
        person.title,
        person.name,
        person.position,
        person.organisation,
        person.email,
        person.version,
    )


def person_by_id(session: Session, person_id: int) -> Person:
    person = row_by_id(session, Person, person_id)
    if person is None:
        raise NotFound(f"There is no person number {person_id}.")
    return person


def get_person(session: Session, *, person_id: int) -> PersonView:
    return _person_view(person_by_id(session, person_id))


def list_people(session: Session) -> list[PersonView]:
    """Everyone, by surname."""
    people = [_person_view(p) for p in session.scalars(select(Person))]
    return sorted(people, key=lambda p: surname_key(p.name))


def _text(value: str, *, label: str, required: bool = False) -> str:
    cleaned = clean_text(value)
    problem = text_problem(cleaned, label=label, required=required)
    if problem is not None:
        raise InvalidInput(problem)
    return cleaned


def _email(session: Session, value: str, *, current: Person | None) -> str:
    cleaned = clean_email(value)
    problem = email_problem(cleaned)
    if problem is not None:
        raise InvalidInput(problem)
    if not cleaned:
        return ""
    clash = session.execute(
        select(Person).where(func.lower(Person.email) == cleaned.lower())
    ).scalar()
    if clash is not None and clash is not current:
        raise InvalidInput(
            f"{display_name(clash.title, clash.name)} already has the email address {cleaned}."
        )
    return cleaned


def add_person(
    session: Session,
    *,
    name: str,
    title: str = "",
    position: str = "",
    organisation: str = "",
    email: str = "",
) -> PersonView:
    """Someone who sits on, attends or reports to a body."""
    person = Person(
        name=_text(name, label="name", required=True),
        title=_text(title, label="title"),
        position=_text(position, label="position"),
        organisation=_text(organisation, label="organisation"),
        email=_email(session, email, current=None),
    )
    session.add(person)
    session.flush()
    return _person_view(person)


def edit_person(
    session: Session,
    *,
    person_id: int,
    name: str | None = None,
    title: str | None = None,
    position: str | None = None,
    organisation: str | None = None,
    email: str | None = None,
    expected_version: int | None = None,
) -> PersonView:
    """Change a person's details; arguments left out stay as they are. With
    `expected_version`, the record must still be as the clerk loaded it (else a `Conflict`)."""
    person = person_by_id(session, person_id)
    check_version(
        session,
        person,
        expected_version,
        lambda: f"{display_name(person.title, person.name)}'s record",
    )
    if name is not None:
        person.name = _text(name, label="name", required=True)
    if title is not None:
        person.title = _text(title, label="title")
    if position is not None:
        person.position = _text(position, label="position")
    if organisation is not None:
        person.organisation = _text(organisation, label="organisation")
    if email is not None:
        person.email = _email(session, email, current=person)
    session.flush()
    return _person_view(person)


# ---------------------------------------------------------------- memberships


@dataclass(frozen=True)
class MembershipView:
    id: int
    body_id: int
    body: str
    person_id: int
    person: str  # display name
    position: str
    role: Role
    votes: bool
    start: dt.date
    end: dt.date | None
    version: int = 1  # raised by every change

    def in_force(self, on: dt.date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)

    @property
    def changes(self) -> Changes:
        # Who sits on a body also decides who is expected at its meetings.
        return Changes(Area.PEOPLE | Area.BODIES | Area.ATTENDANCE)


def _membership_view(membership: Membership) -> MembershipView:
    person = membership.person
    return MembershipView(
        id=membership.id,
        body_id=membership.body_id,
        body=membership.body.code,
        person_id=person.id,
        person=display_name(person.title, person.name),
        position=person.position,
        role=membership.role,
        votes=membership.votes,
        start=membership.start_date,
        end=membership.end_date,
        version=membership.version,
    )


def _ordered(memberships: Iterable[Membership]) -> list[MembershipView]:
    views = [_membership_view(m) for m in memberships]
    return sorted(views, key=lambda m: (m.body, role_rank(m.role), surname_key(m.person), m.start))


def _memberships() -> Select[tuple[Membership]]:
    """Memberships with their person and body loaded in the same query."""
    return select(Membership).options(joinedload(Membership.person), joinedload(Membership.body))


def membership_by_id(session: Session, membership_id: int) -> Membership:
    membership = row_by_id(session, Membership, membership_id)
    if membership is None:
        raise NotFound(f"There is no membership number {membership_id}.")
    return membership


def members_in_force(session: Session, *, body_id: int, on: dt.date) -> list[MembershipView]:
    """Who held a membership of the body on a day: chair first, then by role and surname."""
    return [m for m in all_memberships(session, body_id=body_id) if m.in_force(on)]


def all_memberships(session: Session, *, body_id: int) -> list[MembershipView]:
    """Every membership of a body (by id), ended ones included, by role and surname."""
    body_by_id(session, body_id)
    return _ordered(session.scalars(_memberships().where(Membership.body_id == body_id)))


def list_memberships(
    session: Session, *, body: str | None = None, person_id: int | None = None
) -> list[MembershipView]:
    """Every membership, ended ones included, of one body or one person (or all).

    A body's list runs chair first, by role and surname; a person's history runs by body and
    then in date order.
    """
    query = _memberships()
    if body is not None:
        query = query.where(Membership.body_id == body_by_code(session, body).id)
    if person_id is None:
        return _ordered(session.scalars(query))
    query = query.where(Membership.person_id == person_by_id(session, person_id).id)
    views = [_membership_view(m) for m in session.scalars(query)]
    return sorted(views, key=lambda m: (m.body, m.start))


def _check_term(
    session: Session,
    *,
    body: Body,
    person: Person,
    role: Role,
    start: dt.date,
    end: dt.date | None,
    ignore: Membership | None = None,
) -> None:
    if end is not None and end < start:
        raise InvalidInput("A term of office cannot end before it starts.")
    # Only the person's own terms, and the holders of a single-holder role, can clash (the
    # rule itself: `governance.membership.clashes`).
    clashing = Membership.person_id == person.id
    if role in SINGLE_HOLDER:
        clashing = or_(clashing, Membership.role == role)
    others = session.scalars(
        select(Membership)
        .options(joinedload(Membership.person))
        .where(
            Membership.body_id == body.id,
            Membership.id != (ignore.id if ignore else -1),
            clashing,
        )
        .order_by(Membership.id)
    )
    term = Term(person.id, display_name(person.title, person.name), role, start, end)
    clash = BodyTerms(_term_of(other) for other in others).first_clash(term)
    if clash is not None:
        raise NotAllowed(clash_message(term, clash, body=body.code))


def _term_of(membership: Membership) -> Term:
    """A membership as the clash rules see it (its person loaded)."""
    holder = membership.person
    return Term(
        holder.id,
        display_name(holder.title, holder.name),
        membership.role,
        membership.start_date,
        membership.end_date,
    )


def _refuse_if_locked(
    session: Session, *, body: Body, start: dt.date, end: dt.date | None, doing: str
) -> None:
    locked = first_locked_meeting(session, body_id=body.id, start=start, end=end)
    if locked is not None:
        raise NotAllowed(locked_message(doing, locked))


def add_membership(
    session: Session,
    *,
    body: str,
    person_id: int,
    role: Role,
    start: dt.date,
    end: dt.date | None = None,
    votes: bool | None = None,
) -> MembershipView:
    """A term of office on a body; `votes` defaults to whether the role usually votes."""
    found = body_by_code(session, body)
    if found.retired:
        raise NotAllowed(no_new_members(found.name))
    person = person_by_id(session, person_id)
    _check_term(session, body=found, person=person, role=role, start=start, end=end)
    _refuse_if_locked(session, body=found, start=start, end=end, doing=A_NEW_TERM)
    membership = Membership(
        body=found,
        person=person,
        role=role,
        votes=member_votes(role, votes),
        start_date=start,
        end_date=end,
    )
    session.add(membership)
    session.flush()
    return _membership_view(membership)


def end_membership(
    session: Session, *, membership_id: int, on: dt.date, expected_version: int | None = None
) -> MembershipView:
    """Close a term of office on its last day; the membership stays in the history. With
    `expected_version`, it must still be as the clerk loaded it (else a `Conflict`)."""
    membership = membership_by_id(session, membership_id)
    name = display_name(membership.person.title, membership.person.name)
    _check_membership_version(session, membership, expected_version)
    if membership.end_date is not None and membership.end_date <= on:
        raise NotAllowed(
            f"{name}'s membership of {membership.body.code} already ended on "
            f"{long_date(membership.end_date)}."
        )
    if on < membership.start_date:
        raise InvalidInput(
            f"{name}'s membership of {membership.body.code} started on "
            f"{long_date(membership.start_date)}; it cannot end before then."
        )
    if on < dt.date.max:  # no meeting can fall after the last day a date can name
        _refuse_if_locked(
            session,
            body=membership.body,
            start=on + dt.timedelta(days=1),
            end=membership.end_date,
            doing=f"Ending {name}'s membership on {long_date(on)}",
        )
    membership.end_date = on
    session.flush()
    return _membership_view(membership)


def change_role(
    session: Session,
    *,
    membership_id: int,
    role: Role,
    on: dt.date,
    votes: bool | None = None,
    expected_version: int | None = None,
) -> MembershipView:
    """A member takes a new role (say, becomes vice-chair) from a day: the old term ends the day
    before and a new one starts, so the minutes of earlier meetings keep the old role."""
    membership = membership_by_id(session, membership_id)
    _check_membership_version(session, membership, expected_version)
    if on <= membership.start_date:
        raise InvalidInput(
            "A new role must start after the current membership began; to correct a membership "
            "entered wrongly, edit it instead."
        )
    old_end = membership.end_date
    if old_end is not None and on > old_end:
        raise NotAllowed("That membership had already ended by then.")
    body_code, person_id = membership.body.code, membership.person_id
    end_membership(session, membership_id=membership_id, on=on - dt.timedelta(days=1))
    return add_membership(
        session, body=body_code, person_id=person_id, role=role, start=on, end=old_end, votes=votes
    )


def edit_membership(
    session: Session,
    *,
    membership_id: int,
    role: Role | None = None,
    votes: bool | None = None,
    start: dt.date | None = None,
    expected_version: int | None = None,
) -> MembershipView:
    """Correct a membership entered wrongly (its role, vote or start); end it with
    `end_membership` and record a new role with `change_role`."""
    membership = membership_by_id(session, membership_id)
    _check_membership_version(session, membership, expected_version)
    new_role = membership.role if role is None else role
    new_votes = membership.votes if votes is None else votes
    new_start = membership.start_date if start is None else start
    unchanged = (new_role, new_votes, new_start) == (
        membership.role,
        membership.votes,
        membership.start_date,
    )
    if unchanged:
        return _membership_view(membership)
    _check_term(
        session,
        body=membership.body,
        person=membership.person,
        role=new_role,
        start=new_start,
        end=membership.end_date,
        ignore=membership,
    )
    name = display_name(membership.person.title, membership.person.name)
    doing = f"Changing {name}'s membership"
    # Both the term as it was and as it would be must leave approved minutes alone.
    earliest = min(new_start, membership.start_date)
    _refuse_if_locked(
        session, body=membership.body, start=earliest, end=membership.end_date, doing=doing
    )
    membership.role, membership.votes, membership.start_date = new_role, new_votes, new_start
    session.flush()
    return _membership_view(membership)


def _check_membership_version(
    session: Session, membership: Membership, expected_version: int | None
) -> None:
    person = membership.person
    check_version(
        session,
        membership,
        expected_version,
        lambda: f"{display_name(person.title, person.name)}'s membership of {membership.body.code}",
    )


def body_members_in_force(session: Session, *, body: str, on: dt.date) -> list[MembershipView]:
    """`members_in_force` for a body given by its code."""
    return members_in_force(session, body_id=body_by_code(session, body).id, on=on)
