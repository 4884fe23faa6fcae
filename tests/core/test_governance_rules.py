"""The rules of governance as the terms of reference state them: pure functions, no database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ccsc_gov.core.governance import lifecycle
from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed
from ccsc_gov.core.governance.membership import (
    ATTENDING_ROLES,
    counts_towards_quorum,
    non_voting_note,
    votes_by_default,
)
from ccsc_gov.core.governance.quorum import QuorumRule
from ccsc_gov.core.governance.vocabulary import MeetingStatus as S
from ccsc_gov.core.governance.vocabulary import Role

MEMBERS = frozenset({Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.EX_OFFICIO})


def test_a_meeting_goes_planned_published_held_drafted_approved_and_no_step_is_skipped() -> None:
    for before, after in zip(lifecycle.STEPS, lifecycle.STEPS[1:], strict=False):
        lifecycle.check_step("EMC/2026/03", before, after)
    with pytest.raises(NotAllowed, match="Cannot mark as held EMC/2026/03: it is planned"):
        lifecycle.check_step("EMC/2026/03", S.PLANNED, S.HELD)


def test_only_a_meeting_not_yet_held_can_be_cancelled() -> None:
    lifecycle.check_step("EMC/2026/03", S.AGENDA_PUBLISHED, S.CANCELLED)
    with pytest.raises(NotAllowed, match="it has been held"):
        lifecycle.check_step("EMC/2026/03", S.HELD, S.CANCELLED)


def test_approved_minutes_lock_the_meeting_and_say_why() -> None:
    assert lifecycle.is_locked(S.MINUTES_APPROVED)
    assert not any(lifecycle.is_locked(s) for s in S if s is not S.MINUTES_APPROVED)
    reason = lifecycle.lock_reason("EMC/2026/03", S.MINUTES_APPROVED, approved_at="EMC/2026/04")
    assert reason.startswith(
        "The minutes of EMC/2026/03 have been approved as a correct record at EMC/2026/04, so "
        "the meeting is locked"
    )
    assert lifecycle.lock_reason("EMC/2026/03", S.MINUTES_DRAFTED) == ""
    with pytest.raises(NotAllowed, match="locked"):
        lifecycle.ensure_changeable("EMC/2026/03", S.MINUTES_APPROVED)
    with pytest.raises(NotAllowed, match="was cancelled, so its record cannot change"):
        lifecycle.ensure_changeable("EMC/2026/03", S.CANCELLED)
    for status in (S.PLANNED, S.AGENDA_PUBLISHED, S.HELD, S.MINUTES_DRAFTED):
        lifecycle.ensure_changeable("EMC/2026/03", status)


def test_minutes_are_approved_oldest_draft_first() -> None:
    lifecycle.ensure_can_approve(
        draft="EMC/2026/03", draft_status=S.MINUTES_DRAFTED, oldest_draft="EMC/2026/03"
    )
    with pytest.raises(NotAllowed, match=r"^EMC/2026/03's minutes must be approved first"):
        lifecycle.ensure_can_approve(
            draft="EMC/2026/04", draft_status=S.MINUTES_DRAFTED, oldest_draft="EMC/2026/03"
        )
    with pytest.raises(NotAllowed, match="its minutes are not drafted yet"):
        lifecycle.ensure_can_approve(
            draft="EMC/2026/04", draft_status=S.HELD, oldest_draft="EMC/2026/04"
        )


def test_a_third_of_the_voting_members_or_four_whichever_is_more() -> None:
    rule = QuorumRule(count=4, fraction=(1, 3), roles=MEMBERS)
    assert rule.required(9) == 4
    assert rule.required(14) == 5
    assert rule.describe(9) == "quorate with 4 of 9 voting members"


def test_a_body_with_nobody_in_office_is_never_quorate() -> None:
    assert QuorumRule(count=None, fraction=(1, 2), roles=MEMBERS).required(0) == 1


def test_where_the_terms_require_the_chair_a_full_room_without_a_chair_is_inquorate() -> None:
    rule = QuorumRule(count=3, fraction=None, roles=MEMBERS, chair_required=True)
    assert not rule.is_met(present=8, voting_members=8, chair_present=False)
    assert rule.is_met(present=3, voting_members=8, chair_present=True)
    assert rule.describe(8).endswith("including the chair or vice-chair")


@given(
    count=st.one_of(st.none(), st.integers(1, 20)),
    fraction=st.one_of(st.none(), st.tuples(st.integers(1, 5), st.integers(5, 6))),
    voting=st.integers(0, 40),
)
def test_the_quorum_never_asks_for_fewer_than_the_number_or_the_fraction(
    count: int | None, fraction: tuple[int, int] | None, voting: int
) -> None:
    if count is None and fraction is None:
        return
    rule = QuorumRule(count=count, fraction=fraction, roles=MEMBERS)
    required = rule.required(voting)
    assert required >= max(count or 1, 1)
    if fraction is not None:
        assert required * fraction[1] >= fraction[0] * voting
    assert rule.is_met(present=required, voting_members=voting, chair_present=False)
    assert not rule.is_met(present=required - 1, voting_members=voting, chair_present=True)


@pytest.mark.parametrize(
    ("count", "fraction", "roles", "words"),
    [
        (None, None, MEMBERS, "needs a number of members"),
        (0, None, MEMBERS, "at least one member"),
        (None, (4, 3), MEMBERS, "4/3 cannot be a quorum"),
        (3, None, frozenset(), "which membership types count"),
    ],
)
def test_a_rule_that_cannot_be_a_quorum_is_refused_in_words(
    count: int | None, fraction: tuple[int, int] | None, roles: frozenset[Role], words: str
) -> None:
    with pytest.raises(InvalidInput, match=words):
        QuorumRule(count=count, fraction=fraction, roles=roles).check()


def test_observers_secretaries_and_those_in_attendance_neither_vote_nor_count() -> None:
    for role in ATTENDING_ROLES:
        assert not votes_by_default(role)
        assert not non_voting_note(role, votes=False)  # listed as in attendance instead
    assert votes_by_default(Role.FUNDER_REPRESENTATIVE)
    assert non_voting_note(Role.FUNDER_REPRESENTATIVE, votes=False)


def test_a_member_counts_when_they_vote_and_the_terms_name_their_type() -> None:
    assert counts_towards_quorum(Role.MEMBER, votes=True, quorum_roles=MEMBERS)
    assert not counts_towards_quorum(Role.MEMBER, votes=False, quorum_roles=MEMBERS)
    assert not counts_towards_quorum(Role.FUNDER_REPRESENTATIVE, votes=True, quorum_roles=MEMBERS)
