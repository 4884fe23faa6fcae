"""The rules over terms of office and a person's details, as pure functions: which terms clash,
which approved meeting a term would reach back over, and the words of each refusal."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from ccsc_gov.core.governance.membership import (
    Approved,
    BodyTerms,
    Term,
    clash_message,
    clashes,
    first_approved,
    locked_message,
)
from ccsc_gov.core.governance.person_details import clean_text, email_problem, text_problem
from ccsc_gov.core.governance.vocabulary import Role

D = dt.date


def term(person: int, role: Role, start: dt.date, end: dt.date | None = None) -> Term:
    return Term(person, f"Person {person}", role, start, end)


def test_a_person_holds_one_term_of_a_body_at_a_time_and_the_chair_has_one_holder() -> None:
    chair = term(1, Role.CHAIR, D(2020, 1, 1), D(2023, 12, 31))
    assert clashes(term(1, Role.MEMBER, D(2023, 6, 1)), chair)
    assert not clashes(term(1, Role.MEMBER, D(2024, 1, 1)), chair)  # the day after it ends
    assert clashes(term(2, Role.CHAIR, D(2023, 12, 31)), chair)
    assert not clashes(term(2, Role.MEMBER, D(2022, 1, 1)), chair)  # members may be many
    assert not clashes(
        term(2, Role.VICE_CHAIR, D(2022, 1, 1)), term(3, Role.VICE_CHAIR, D(2022, 1, 1))
    )


def test_a_clash_is_told_in_a_clerks_words() -> None:
    held = Term(1, "Prof. Hannah Okafor", Role.MEMBER, D(2020, 1, 1), D(2026, 7, 31))
    again = Term(1, "Prof. Hannah Okafor", Role.CHAIR, D(2025, 1, 1), None)
    assert clash_message(again, held, body="EMC") == (
        "Prof. Hannah Okafor is already on EMC (member) from 1 January 2020 to 31 July 2026. End "
        "that membership before starting another."
    )
    chair = Term(1, "Prof. Hannah Okafor", Role.CHAIR, D(2020, 1, 1), None)
    second = Term(2, "Dr Ada Lovelace", Role.CHAIR, D(2025, 1, 1), None)
    assert clash_message(second, chair, body="GB") == (
        "Prof. Hannah Okafor is chair of GB then; end that membership first."
    )


days = st.dates(min_value=D(2020, 1, 1), max_value=D(2020, 12, 31))
terms = st.builds(
    lambda person, role, start, length: term(
        person, role, start, None if length is None else start + dt.timedelta(days=length)
    ),
    st.integers(1, 4),
    st.sampled_from([Role.CHAIR, Role.MEMBER, Role.OBSERVER]),
    days,
    st.none() | st.integers(0, 200),
)


@given(st.lists(terms, max_size=30), terms)
def test_the_first_clash_is_the_first_of_the_bodys_terms_in_order_that_clashes(
    held: list[Term], new: Term
) -> None:
    """The index looks only at the person's terms and the chair's, yet finds what looking at
    every term in order would find."""
    expected = next((other for other in held if clashes(new, other)), None)
    assert BodyTerms(held).first_clash(new) == expected


meetings = st.lists(
    st.builds(lambda day, hour: dt.datetime.combine(day, dt.time(hour)), days, st.integers(9, 17)),
    max_size=20,
).map(lambda starts: [Approved(f"EMC/{n}", at) for n, at in enumerate(sorted(starts))])


@given(meetings, days, st.none() | days)
def test_the_first_approved_meeting_in_a_term_is_found_in_the_bodys_dated_list(
    approved: list[Approved], start: dt.date, end: dt.date | None
) -> None:
    inside = [
        m
        for m in approved
        if start <= m.start_at.date() and (end is None or m.start_at.date() <= end)
    ]
    assert first_approved(start, end, approved) == (inside[0] if inside else None)


def test_a_term_over_approved_minutes_is_refused_naming_the_meeting() -> None:
    approved = [Approved("EMC/2026/01", dt.datetime(2026, 2, 10, 14))]
    assert first_approved(D(2026, 2, 10), D(2026, 2, 10), approved) == approved[0]
    assert first_approved(D(2026, 2, 11), None, approved) is None
    assert first_approved(D(2025, 1, 1), D(2026, 2, 9), approved) is None
    assert locked_message("This membership", approved[0]) == (
        "This membership would change who was expected at EMC/2026/01 (10 February 2026), whose "
        "minutes are approved. Record the change from a date after that meeting."
    )


def test_a_persons_details_are_cleaned_and_checked_as_they_are_stored() -> None:
    assert clean_text("  Ada\tLovelace \x00\n") == "Ada Lovelace"
    assert text_problem("", label="name", required=True) == "A person needs a name."
    assert text_problem("T" * 41, label="title") == "The title can be at most 40 characters long."
    assert text_problem("T" * 40, label="title") is None
    assert email_problem("") is None
    assert email_problem("ada@ccsc.ac.uk") is None
    assert email_problem("ada@") == "“ada@” does not look like an email address."
    long = "a" * 250 + "@ccsc.ac.uk"
    assert email_problem(long) == f"“{'a' * 59}…” does not look like an email address."
