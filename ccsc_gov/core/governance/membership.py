"""Who votes, who chairs, who is listed as in attendance: rules over membership types. And the
rules over terms of office: which terms may not overlap, and that no term may change who was
expected at a meeting whose minutes are approved. The services (`people.py`) and the import
(`people_import.py`) both ask these, so they refuse the same things in the same words."""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ccsc_gov.core.governance.vocabulary import Role, long_date

# Membership types that vote unless a clerk says otherwise (a funder observer, say, does not).
VOTING_BY_DEFAULT = frozenset(
    {Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.EX_OFFICIO, Role.FUNDER_REPRESENTATIVE}
)
# Membership types that never vote nor count: listed under "In attendance" in the minutes,
# not under "Present".
ATTENDING_ROLES = frozenset({Role.OBSERVER, Role.SECRETARY, Role.IN_ATTENDANCE})
# Who may take the chair.
CHAIR_ROLES = frozenset({Role.CHAIR, Role.VICE_CHAIR})
# Roles with at most one holder at a time on a body.
SINGLE_HOLDER = frozenset({Role.CHAIR})
# Who sees confidential business when the terms of reference say nothing else: the members,
# ex officio members and the secretary; observers, funder representatives and those in
# attendance receive the public papers.
SEES_CONFIDENTIAL_BY_DEFAULT = frozenset(
    {Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.EX_OFFICIO, Role.SECRETARY}
)


def votes_by_default(role: Role) -> bool:
    return role in VOTING_BY_DEFAULT


def member_votes(role: Role, given: bool | None) -> bool:
    """Whether a member votes: as the clerk said, else as their membership type usually does."""
    return votes_by_default(role) if given is None else given


def counts_towards_quorum(role: Role, *, votes: bool, quorum_roles: frozenset[Role]) -> bool:
    """A member counts towards the quorum (and attendance statistics) when the terms of
    reference name their membership type and they vote."""
    return votes and role in quorum_roles


def non_voting_note(role: Role | None, *, votes: bool) -> bool:
    """Whether a list should say "(non-voting)" after someone: a member who does not vote,
    where their membership type would lead a reader to expect a vote."""
    return not votes and role not in ATTENDING_ROLES


# ---------------------------------------------------------------- terms of office that clash


def overlaps(
    a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None
) -> bool:
    """Whether two terms share a day (an end of None: no end)."""
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


@dataclass(frozen=True)
class Term:
    """A term of office on one body, as the clash rules see it."""

    person: int  # who holds it: a person's id (or, for someone not yet saved, a stand-in key)
    holder: str  # their name as messages give it: "Prof. Hannah Okafor"
    role: Role
    start: dt.date
    end: dt.date | None


def clashes(term: Term, other: Term) -> bool:
    """Whether `term` may not be held alongside `other` on the same body: a person holds one
    membership of a body at a time, and a single-holder role (the chair) has one holder."""
    if not overlaps(term.start, term.end, other.start, other.end):
        return False
    return other.person == term.person or (term.role in SINGLE_HOLDER and other.role is term.role)


def clash_message(term: Term, other: Term, *, body: str) -> str:
    """Why `term` cannot start on the body (code `body`) while `other` is in force."""
    if other.person == term.person:
        until = f" to {long_date(other.end)}" if other.end else ""
        return (
            f"{term.holder} is already on {body} ({other.role}) from {long_date(other.start)}"
            f"{until}. End that membership before starting another."
        )
    return f"{other.holder} is {term.role} of {body} then; end that membership first."


class BodyTerms:
    """The terms of office of one body, for finding the first that a new term clashes with.

    Terms are looked at in the order they were added (a database's in id order), so the same
    clash is named however many terms the body has; only the person's own terms and the other
    holders of a single-holder role are looked at."""

    def __init__(self, terms: Iterable[Term] = ()) -> None:
        self._count = 0
        self._by_person: dict[int, list[tuple[int, Term]]] = {}
        self._by_role: dict[Role, list[tuple[int, Term]]] = {}
        for term in terms:
            self.add(term)

    def add(self, term: Term) -> None:
        self._count += 1
        entry = (self._count, term)
        self._by_person.setdefault(term.person, []).append(entry)
        if term.role in SINGLE_HOLDER:
            self._by_role.setdefault(term.role, []).append(entry)

    def first_clash(self, term: Term) -> Term | None:
        """The earliest-added term that `term` clashes with, if any."""
        candidates = heapq.merge(
            self._by_person.get(term.person, []),
            self._by_role.get(term.role, []) if term.role in SINGLE_HOLDER else [],
            key=lambda entry: entry[0],
        )
        return next((other for _n, other in candidates if clashes(term, other)), None)


def no_new_members(body_name: str) -> str:
    """Why a retired body takes nobody on."""
    return f"The {body_name} is retired and takes no new members."


# ---------------------------------------------------------------- approved minutes


@dataclass(frozen=True)
class Approved:
    """A meeting of a body whose minutes are approved."""

    ref: str
    start_at: dt.datetime


def first_approved(
    start: dt.date, end: dt.date | None, approved: Sequence[Approved]
) -> Approved | None:
    """The earliest of a body's approved meetings (`approved`, in date order) held on a day
    from `start` to `end` (None: no end). Who was a member and which terms were in force on
    those days decide the quorum recorded in approved minutes, so nothing may change them
    retrospectively."""
    first = bisect.bisect_left(approved, start, key=lambda meeting: meeting.start_at.date())
    if first == len(approved):
        return None
    found = approved[first]
    return found if end is None or found.start_at.date() <= end else None


# What `locked_message` calls a term of office being added.
A_NEW_TERM = "This membership"


def locked_message(doing: str, meeting: Approved) -> str:
    """Why a change to who was expected at an approved meeting is refused; `doing` names the
    change: "This membership", "Ending Dr Ada Lovelace's membership on 1 May 2026"."""
    return (
        f"{doing} would change who was expected at {meeting.ref} "
        f"({long_date(meeting.start_at.date())}), whose minutes are approved. Record the "
        "change from a date after that meeting."
    )
