"""Decisions between meetings: a clerk circulates a written resolution, records the replies and
closes it; a chair takes chair's action; both land in the register and before the next meeting."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from cycle_helpers import COMMITTEE, schedule, seat
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed, UserError
from ccsc_gov.core.governance.resolutions import Outcome, Via, Vote
from ccsc_gov.core.services import agenda, people
from ccsc_gov.core.services.decisions import edit_decision, list_decisions
from ccsc_gov.core.services.resolutions import (
    close_due_resolutions,
    close_resolution,
    declare_interest,
    list_resolutions,
    propose_resolution,
    record_vote,
    resolution_view,
    take_chairs_action,
)
from ccsc_gov.core.services.terms import add_terms_of_reference
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import AuditRecord, Authority, Role, StandardItem
from ccsc_gov.core.store.seed import VOTING_ROLES

DAY = dt.date(2026, 3, 2)
# Three voting members and an observer, who does not vote.
WITH_OBSERVER = (*COMMITTEE, ("Mr", "Tom Reyes", Role.OBSERVER))


def _propose(db: Database, body: str = "EMC", **extra: object) -> str:
    with db.transaction() as session:
        return propose_resolution(
            session,
            body=body,
            title="Extend the data-sharing agreement",
            text="The Committee approves a six-month extension of the data-sharing agreement.",
            today=DAY,
            **extra,  # type: ignore[arg-type]
        ).ref


def _vote(db: Database, ref: str, person: str, vote: Vote = Vote.FOR, **extra: object) -> None:
    with db.transaction() as session:
        record_vote(session, resolution=ref, person=person, vote=vote, today=DAY, **extra)  # type: ignore[arg-type]


def test_a_majority_of_all_voting_members_carries_and_the_decision_goes_to_the_next_meeting(
    db: Database,
) -> None:
    with db.transaction() as session:
        seat(session, "EMC", WITH_OBSERVER)
        next_meeting = schedule(session, "EMC", dt.date(2026, 4, 14))
    ref = _propose(db, deadline=dt.date(2026, 3, 16))
    assert ref == "EMC/2026/WR1"
    _vote(db, ref, "Hannah Okafor")
    with db.reading() as session:
        view = resolution_view(session, resolution=ref, today=DAY)
    # One reply of three voting members (the observer does not count): open, 2 needed.
    assert (view.tally.votes_for, view.tally.entitled, view.tally.required) == (1, 3, 2)
    assert view.outcome is Outcome.OPEN
    assert [r.name for r in view.replies] == [
        "Prof. Hannah Okafor",
        "Dr Luis Ferreira",
        "Ms Priya Natarajan",
    ]
    _vote(db, ref, "Dr Luis Ferreira", received=dt.date(2026, 3, 2), via=Via.LETTER)
    with db.transaction() as session:
        closed = close_resolution(session, resolution=ref, today=DAY)
    assert (closed.outcome, closed.decision, closed.closed_on) == (Outcome.CARRIED, ref, DAY)
    with db.reading() as session:
        [decision] = list_decisions(session, body="EMC")
        items = agenda.agenda(session, meeting=next_meeting)
    assert (decision.ref, decision.how, decision.meeting) == (ref, "written resolution", "")
    assert decision.between is not None
    assert decision.between.tally.startswith("2 for, 0 against, 0 abstaining of 3")
    heading = next(i for i in items if i.standard is StandardItem.DECISIONS_SINCE)
    assert heading.title == "Decisions taken since the last meeting"
    [reported] = [i for i in items if i.parent_id == heading.id]
    assert reported.title == (
        "Written resolution EMC/2026/WR1: Extend the data-sharing agreement — to note"
    )


def test_replies_from_too_few_do_not_carry_and_the_deadline_lapses_it(db: Database) -> None:
    with db.transaction() as session:
        seat(session, "EMC")
    ref = _propose(db, deadline=dt.date(2026, 3, 9))
    _vote(db, ref, "Hannah Okafor")
    _vote(db, ref, "Priya Natarajan", Vote.AGAINST)
    with db.transaction() as session:
        assert close_due_resolutions(session, today=dt.date(2026, 3, 9)) == []
        assert close_due_resolutions(session, today=dt.date(2026, 3, 10)) == [ref]
    with db.reading() as session:
        view = resolution_view(session, resolution=ref, today=dt.date(2026, 3, 10))
        assert list_decisions(session, body="EMC") == []
    assert (view.outcome, view.closed_on, view.decision) == (
        Outcome.LAPSED,
        dt.date(2026, 3, 10),
        None,
    )


def test_the_clerk_closing_early_without_enough_votes_means_not_carried(db: Database) -> None:
    with db.transaction() as session:
        seat(session, "EMC")
    ref = _propose(db)
    _vote(db, ref, "Hannah Okafor")
    with db.transaction() as session:
        assert close_resolution(session, resolution=ref, today=DAY).outcome is Outcome.NOT_CARRIED


def test_the_refusals_leave_nothing_written(db: Database) -> None:
    with db.transaction() as session:
        seat(session, "EMC", WITH_OBSERVER)
        later = people.add_person(session, name="Ada Newcomer")
        people.add_membership(
            session, body="EMC", person_id=later.id, role=Role.MEMBER, start=dt.date(2026, 3, 5)
        )
    ref = _propose(db, deadline=dt.date(2026, 3, 20))
    with db.transaction() as session:
        declare_interest(
            session, resolution=ref, person="Priya Natarajan", interest="Co-investigator", today=DAY
        )
    refusals = [
        ("Tom Reyes", "was not a voting member"),
        ("Ada Newcomer", "was not a voting member"),
        ("Priya Natarajan", "declared an interest"),
        ("Nobody Known", "There is nobody called"),
    ]
    for person, words in refusals:
        with pytest.raises(UserError, match=words), db.transaction() as session:
            record_vote(session, resolution=ref, person=person, vote=Vote.FOR, today=DAY)
    with pytest.raises(InvalidInput, match="after today"), db.transaction() as session:
        record_vote(
            session,
            resolution=ref,
            person="Hannah Okafor",
            vote=Vote.FOR,
            today=DAY,
            received=DAY + dt.timedelta(days=1),
        )
    _vote(db, ref, "Hannah Okafor")
    _vote(db, ref, "Luis Ferreira")
    with db.transaction() as session:
        # Natarajan's interest takes her out of the total: 2 of 2 carries.
        assert close_resolution(session, resolution=ref, today=DAY).outcome is Outcome.CARRIED
    with pytest.raises(NotAllowed, match="closed on 2 March 2026"), db.transaction() as session:
        record_vote(session, resolution=ref, person="Luis Ferreira", vote=Vote.AGAINST, today=DAY)
    with db.reading() as session:
        view = resolution_view(session, resolution=ref, today=DAY)
    assert [(r.name, r.vote, r.entitled) for r in view.replies] == [
        ("Prof. Hannah Okafor", Vote.FOR, True),
        ("Dr Luis Ferreira", Vote.FOR, True),
        ("Ms Priya Natarajan", None, False),
    ]


def test_a_changed_reply_keeps_the_earlier_one_in_the_audit_trail(db: Database) -> None:
    with db.transaction() as session:
        seat(session, "EMC")
    ref = _propose(db)
    _vote(db, ref, "Hannah Okafor", Vote.AGAINST)
    _vote(db, ref, "Hannah Okafor", Vote.FOR, via=Via.IN_PERSON)
    with db.reading() as session:
        [(before, after)] = session.execute(
            select(AuditRecord.before, AuditRecord.after).where(
                AuditRecord.table_name == "resolution_vote", AuditRecord.what == "update"
            )
        ).all()
        assert resolution_view(session, resolution=ref, today=DAY).tally.votes_for == 1
    assert (json.loads(before)["vote"], json.loads(before)["via"]) == ("against", "email")
    assert (json.loads(after)["vote"], json.loads(after)["via"]) == ("for", "in-person")


def test_the_board_needs_every_voting_member(db: Database) -> None:
    with db.transaction() as session:
        seat(session, "GB")
    ref = _propose(db, body="GB")
    _vote(db, ref, "Hannah Okafor")
    _vote(db, ref, "Luis Ferreira")
    _vote(db, ref, "Priya Natarajan", Vote.ABSTAIN)
    with db.transaction() as session:
        view = close_resolution(session, resolution=ref, today=DAY)
    assert view.rule.words() == "unanimity of the voting members"
    assert view.outcome is Outcome.NOT_CARRIED


def test_terms_that_allow_neither_refuse_both(db: Database) -> None:
    with db.transaction() as session:
        seat(session, "EMC")
        add_terms_of_reference(
            session,
            body="EMC",
            effective_from=dt.date(2026, 1, 1),
            authority=Authority.DECIDE,
            quorum_fraction=(1, 3),
            quorum_roles=VOTING_ROLES,
            written_resolutions=False,
            chairs_action=False,
        )
    with pytest.raises(NotAllowed, match="do not allow written resolutions"):
        _propose(db)
    with pytest.raises(NotAllowed, match="do not allow chair's action"), db.transaction() as s:
        take_chairs_action(
            s, body="EMC", person="Hannah Okafor", title="T", text="T", reason="R", today=DAY
        )


def test_chairs_action_by_the_chair_or_vice_chair_only_goes_for_ratification(
    db: Database,
) -> None:
    with db.transaction() as session:
        seat(session, "RSC")
        seat(session, "EMC", [("Dr", "Emma Stone", Role.CHAIR)])
        rsc_next = schedule(session, "RSC", dt.date(2026, 3, 20))
        emc_next = schedule(session, "EMC", dt.date(2026, 4, 1))
    with pytest.raises(NotAllowed, match="not the chair or vice-chair"), db.transaction() as s:
        take_chairs_action(
            s, body="RSC", person="Priya Natarajan", title="T", text="T", reason="R", today=DAY
        )
    with db.transaction() as session:
        taken = take_chairs_action(
            session,
            body="RSC",
            person="Luis Ferreira",
            title="Award a bridging fellowship",
            text="A three-month bridging fellowship is recommended for Dr A. Patel.",
            reason="The fellowship must start before the next meeting.",
            consulted=["Hannah Okafor", "the Secretary"],
            recommends=True,
            today=DAY,
        )
    assert (taken.ref, taken.acting_as) == ("RSC/2026/CA1", Role.VICE_CHAIR)
    with db.reading() as session:
        [decision] = list_decisions(session, body="RSC")
        rsc_items = agenda.agenda(session, meeting=rsc_next)
        emc_items = agenda.agenda(session, meeting=emc_next)
    assert decision.how == "chair's action"
    assert decision.between is not None
    assert decision.between.consulted == ("Hannah Okafor", "the Secretary")
    assert "Chair's action RSC/2026/CA1: Award a bridging fellowship — for ratification" in [
        i.title for i in rsc_items
    ]
    # It recommends, so the parent body has it before it too, and the chain links back.
    assert decision.referred_to_item is not None
    assert decision.referred_to_item.startswith(emc_next)
    assert any("(RSC/2026/CA1)" in i.title for i in emc_items)
    with pytest.raises(NotAllowed, match="taken between meetings"), db.transaction() as session:
        edit_decision(session, decision=taken.ref, text="Something else")


def test_a_decision_taken_before_the_next_meeting_is_scheduled_waits_for_it(db: Database) -> None:
    with db.transaction() as session:
        seat(session, "EMC")
        take_chairs_action(
            session,
            body="EMC",
            person="Hannah Okafor",
            title="Urgent repair",
            text="The repair is approved.",
            reason="The lab is closed.",
            today=DAY,
        )
        later = schedule(session, "EMC", dt.date(2026, 5, 5))
        titles = [i.title for i in agenda.agenda(session, meeting=later)]
    assert "Chair's action EMC/2026/CA1: Urgent repair — for ratification" in titles


def test_the_database_refuses_to_change_a_closed_resolution(db: Database) -> None:
    with db.transaction() as session:
        ids = seat(session, "EMC")
    ref = _propose(db)
    _vote(db, ref, "Hannah Okafor")
    _vote(db, ref, "Luis Ferreira")
    with db.transaction() as session:
        close_resolution(session, resolution=ref, today=DAY)
        take_chairs_action(
            session,
            body="EMC",
            person="Hannah Okafor",
            title="T",
            text="Approved.",
            reason="Urgent.",
            today=DAY,
        )
    statements = [
        "UPDATE written_resolution SET title = 'x'",
        "DELETE FROM written_resolution",
        "UPDATE resolution_vote SET vote = 'against'",
        f"INSERT INTO resolution_vote (resolution_id, person_id, vote, received_on, via, version) "
        f"SELECT id, {ids['Natarajan']}, 'for', '2026-03-02', 'email', 1 FROM written_resolution",
        "UPDATE chairs_action SET reason = 'x'",
        "UPDATE decision SET text = 'x'",
        "DELETE FROM decision",
    ]
    for statement in statements:
        with pytest.raises(IntegrityError, match="locked"), db.transaction() as session:
            session.execute(text(statement))
    with db.reading() as session:
        [view] = list_resolutions(session, today=DAY)
    assert view.tally.votes_for == 2
