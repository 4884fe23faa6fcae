"""The arithmetic of a written resolution, over generated bodies: who may vote, what carries it,
and its outcome at close or at its deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ccsc_gov.core.governance.membership import VOTING_BY_DEFAULT
from ccsc_gov.core.governance.resolutions import (
    MAJORITY,
    CarryingRule,
    Outcome,
    Seat,
    Vote,
    check_fraction,
    entitled,
    outcome,
    tally,
    voting_members,
)
from ccsc_gov.core.governance.vocabulary import Role

DAY = dt.date(2026, 3, 10)
VOTING = VOTING_BY_DEFAULT  # the membership types the seeded terms count

seats = st.lists(
    st.builds(
        Seat,
        person_id=st.integers(1, 40),
        role=st.sampled_from(list(Role)),
        votes=st.booleans(),
        start=st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)),
        end=st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)),
    ),
    max_size=25,
)
fractions = st.integers(2, 10).flatmap(lambda den: st.tuples(st.integers(1, den - 1), st.just(den)))
rules = st.none().map(CarryingRule) | fractions.map(CarryingRule)
ballots = st.dictionaries(st.integers(1, 40), st.sampled_from(list(Vote)))


@given(seats, st.sets(st.integers(1, 40)))
def test_only_voting_members_in_office_that_day_without_an_interest_may_vote(
    body: list[Seat], declared: set[int]
) -> None:
    voting = voting_members(body, on=DAY, roles=VOTING)
    may_vote = entitled(voting, declared)
    for person in may_vote:
        assert any(
            s.person_id == person and s.votes and s.role in VOTING and s.in_office(DAY)
            for s in body
        )
        assert person not in declared
    assert voting - may_vote == voting & declared


@given(seats, st.sets(st.integers(1, 40)), ballots, rules)
def test_a_declared_interest_takes_the_member_out_of_the_total(
    body: list[Seat], declared: set[int], votes: dict[int, Vote], rule: CarryingRule
) -> None:
    voting = voting_members(body, on=DAY, roles=VOTING)
    counted = tally(entitled(voting, declared), votes, rule)
    assert counted.entitled == len(voting - declared)
    # A reply from someone who declared an interest (or cannot vote) counts for nothing.
    assert counted.replied == sum(1 for p in votes if p in voting and p not in declared)


@given(st.integers(0, 30), ballots)
def test_unanimity_needs_every_voting_member_for(size: int, votes: dict[int, Vote]) -> None:
    members = frozenset(range(1, size + 1))
    counted = tally(members, votes, CarryingRule(None))
    all_for = size > 0 and all(votes.get(p) is Vote.FOR for p in members)
    assert counted.carries == all_for


@given(st.integers(0, 30), fractions, ballots)
def test_a_fraction_counts_against_all_voting_members_not_those_who_replied(
    size: int, fraction: tuple[int, int], votes: dict[int, Vote]
) -> None:
    members = frozenset(range(1, size + 1))
    counted = tally(members, votes, CarryingRule(fraction))
    num, den = fraction
    votes_for = sum(1 for p in members if votes.get(p) is Vote.FOR)
    # More than num/den of all of them: for * den > num * size.
    assert counted.carries == (votes_for * den > num * size)
    assert counted.required <= max(size, 1)


def test_a_majority_of_all_is_more_than_half_of_the_members_in_office() -> None:
    rule = CarryingRule(MAJORITY)
    assert [rule.required(n) for n in (1, 2, 3, 4, 5, 9, 10)] == [1, 2, 2, 3, 3, 5, 6]
    members = frozenset(range(1, 11))
    # Three replies, all for, of ten members: not a majority of all.
    assert not tally(members, {1: Vote.FOR, 2: Vote.FOR, 3: Vote.FOR}, rule).carries


def test_nobody_entitled_to_vote_carries_nothing() -> None:
    for rule in (CarryingRule(None), CarryingRule(MAJORITY)):
        assert not tally(frozenset(), {}, rule).carries


@given(st.integers(1, 20), ballots, rules, st.integers(-5, 5), st.none() | st.integers(-5, 5))
def test_the_outcome_follows_from_the_rule_the_deadline_and_closing(
    size: int, votes: dict[int, Vote], rule: CarryingRule, to_deadline: int, closed: int | None
) -> None:
    counted = tally(frozenset(range(1, size + 1)), votes, rule)
    deadline = DAY + dt.timedelta(days=to_deadline)
    closed_on = None if closed is None else min(DAY + dt.timedelta(days=closed), DAY)
    result = outcome(counted, closed_on=closed_on, deadline=deadline, today=DAY)
    if closed_on is None and deadline >= DAY:
        assert result is Outcome.OPEN
    elif counted.carries:
        assert result is Outcome.CARRIED
    elif closed_on is not None and closed_on <= deadline:
        assert result is Outcome.NOT_CARRIED
    else:
        assert result is Outcome.LAPSED


def test_a_resolution_without_a_deadline_stays_open_until_closed() -> None:
    counted = tally(frozenset({1, 2}), {1: Vote.FOR}, CarryingRule(MAJORITY))
    assert outcome(counted, closed_on=None, deadline=None, today=DAY) is Outcome.OPEN
    assert outcome(counted, closed_on=DAY, deadline=None, today=DAY) is Outcome.NOT_CARRIED


@pytest.mark.parametrize("fraction", [(0, 2), (2, 2), (3, 2), (1, 1), (1, 0)])
def test_a_fraction_outside_zero_and_one_is_refused(fraction: tuple[int, int]) -> None:
    assert check_fraction(fraction) is not None


def test_the_rules_in_words() -> None:
    assert CarryingRule(None).words() == "unanimity of the voting members"
    assert CarryingRule(MAJORITY).words() == "a majority of all voting members"
    assert CarryingRule((2, 3)).words() == "more than 2/3 of all voting members"
