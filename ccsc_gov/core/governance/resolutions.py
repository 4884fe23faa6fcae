"""Decisions between meetings: who may vote on a written resolution, what carries it, and its
outcome, as plain arithmetic over the body's members and the replies received."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ccsc_gov.core.governance.membership import counts_towards_quorum
from ccsc_gov.core.governance.vocabulary import Role


class How(enum.StrEnum):
    """How a body took a decision."""

    MEETING = "meeting"
    WRITTEN_RESOLUTION = "written resolution"
    CHAIRS_ACTION = "chair's action"


class Vote(enum.StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class Via(enum.StrEnum):
    """How a reply reached the clerk."""

    EMAIL = "email"
    LETTER = "letter"
    IN_PERSON = "in-person"


class Outcome(enum.StrEnum):
    OPEN = "open"
    CARRIED = "carried"
    NOT_CARRIED = "not carried"
    LAPSED = "lapsed"


MAJORITY = (1, 2)


@dataclass(frozen=True)
class CarryingRule:
    """Unanimity of the voting members (`fraction` None), or more than `fraction` of ALL the
    voting members entitled to vote (never of those who happened to reply)."""

    fraction: tuple[int, int] | None

    @property
    def unanimity(self) -> bool:
        return self.fraction is None

    def required(self, entitled: int) -> int:
        """How many votes for carry it; never fewer than one, so nobody entitled carries nothing."""
        if self.fraction is None:
            return max(entitled, 1)
        num, den = self.fraction
        return num * entitled // den + 1

    def words(self) -> str:
        """“unanimity of the voting members”, “a majority of all voting members”."""
        if self.fraction is None:
            return "unanimity of the voting members"
        if self.fraction == MAJORITY:
            return "a majority of all voting members"
        num, den = self.fraction
        return f"more than {num}/{den} of all voting members"


def check_fraction(fraction: tuple[int, int]) -> str | None:
    """Why a fraction cannot be a carrying rule, or None when it can (more than num/den, so the
    fraction lies strictly between 0 and 1; unanimity is a rule of its own)."""
    num, den = fraction
    if den < 2 or not 1 <= num < den:
        return (
            f"{num}/{den} cannot carry a written resolution: use a fraction between 0 and 1 "
            "(for example 1/2 for a majority or 2/3), or unanimity."
        )
    return None


@dataclass(frozen=True)
class Seat:
    """One membership of the body: who, as what, whether they vote, and its term."""

    person_id: int
    role: Role
    votes: bool
    start: dt.date
    end: dt.date | None

    def in_office(self, on: dt.date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)


def voting_members(seats: Iterable[Seat], *, on: dt.date, roles: frozenset[Role]) -> frozenset[int]:
    """The voting members in office on the day: those who count towards the quorum under the
    terms of reference (`roles`, the membership types that count), as at a meeting."""
    return frozenset(
        s.person_id
        for s in seats
        if s.in_office(on) and counts_towards_quorum(s.role, votes=s.votes, quorum_roles=roles)
    )


def entitled(voting: frozenset[int], declared: Iterable[int]) -> frozenset[int]:
    """Who may vote: the voting members less those who declared an interest (who then do not
    count towards the total either)."""
    return voting - frozenset(declared)


@dataclass(frozen=True)
class Tally:
    votes_for: int
    against: int
    abstain: int
    entitled: int  # the total the rule counts against
    required: int  # votes for needed to carry

    @property
    def replied(self) -> int:
        return self.votes_for + self.against + self.abstain

    @property
    def carries(self) -> bool:
        return self.votes_for >= self.required

    def words(self) -> str:
        """“3 for, 1 against, 0 abstaining of 7 entitled to vote; 4 needed”."""
        return (
            f"{self.votes_for} for, {self.against} against, {self.abstain} abstaining of "
            f"{self.entitled} entitled to vote; {self.required} needed"
        )


def tally(entitled_ids: frozenset[int], votes: Mapping[int, Vote], rule: CarryingRule) -> Tally:
    """Count the replies of those entitled to vote (any other reply counts for nothing)."""
    counted = [v for pid, v in votes.items() if pid in entitled_ids]
    return Tally(
        votes_for=counted.count(Vote.FOR),
        against=counted.count(Vote.AGAINST),
        abstain=counted.count(Vote.ABSTAIN),
        entitled=len(entitled_ids),
        required=rule.required(len(entitled_ids)),
    )


def is_past(deadline: dt.date | None, today: dt.date) -> bool:
    """Replies are taken up to the end of the deadline day."""
    return deadline is not None and today > deadline


def outcome(
    counted: Tally, *, closed_on: dt.date | None, deadline: dt.date | None, today: dt.date
) -> Outcome:
    """Open until the clerk closes it or its deadline passes; then carried when enough voted
    for, otherwise not carried (closed by the clerk by the deadline) or lapsed (the deadline
    passed first)."""
    if closed_on is None and not is_past(deadline, today):
        return Outcome.OPEN
    if counted.carries:
        return Outcome.CARRIED
    if closed_on is not None and not is_past(deadline, closed_on):
        return Outcome.NOT_CARRIED
    return Outcome.LAPSED
