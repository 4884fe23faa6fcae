"""Decisions, and recommendations referred up RSC → EMC → GB, traceable both ways."""

from __future__ import annotations

import datetime as dt

import pytest
from cycle_helpers import meet, schedule

from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed
from ccsc_gov.core.services import agenda, decisions, meetings
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import Confidentiality, DecisionOutcome, Purpose, StandardItem

RSC_DAY, EMC_DAY, GB_DAY = dt.date(2026, 2, 3), dt.date(2026, 2, 17), dt.date(2026, 6, 23)
PEER_REVIEW = "The revised internal peer-review process is recommended for adoption."


def _recommend(
    db: Database,
    ref: str,
    text: str = PEER_REVIEW,
    confidentiality: Confidentiality = Confidentiality.OPEN,
    public_title: str = "",
) -> str:
    with db.transaction() as s:
        found = agenda.add_item(
            s,
            meeting=ref,
            title="Internal peer review",
            purpose=Purpose.DECISION,
            confidentiality=confidentiality,
            public_title=public_title,
        )
        return decisions.record_decision(
            s, item_id=found.id, text=text, outcome=DecisionOutcome.RECOMMENDED
        ).ref


def _referrals(db: Database, ref: str) -> list[tuple[str, str, str | None]]:
    with db.reading() as s:
        items = agenda.agenda(s, meeting=ref)
    heading = next(i for i in items if i.standard is StandardItem.SUBCOMMITTEE_REPORTS)
    return [(i.number, i.title, i.referral) for i in items if i.parent_id == heading.id]


def test_a_recommendation_goes_up_the_chain_and_can_be_traced_both_ways(db: Database) -> None:
    with db.transaction() as s:
        rsc = schedule(s, "RSC", RSC_DAY)
    recommended = _recommend(db, rsc)
    with db.transaction() as s:
        emc = schedule(s, "EMC", EMC_DAY)
    assert _referrals(db, emc) == [
        (
            "6.1",
            f"Internal peer review — recommendation of the Research Subcommittee ({rsc})",
            recommended,
        )
    ]
    with db.transaction() as s:
        meet(s, emc, [])
        emc_item = next(i for i in agenda.agenda(s, meeting=emc) if i.referral == recommended)
        assert emc_item.purpose is Purpose.DECISION
        endorsed = decisions.record_decision(
            s,
            item_id=emc_item.id,
            text="Endorsed; referred to the Board for approval.",
            outcome=DecisionOutcome.RECOMMENDED,
        )
        gb = schedule(s, "GB", GB_DAY)
        meet(s, gb, [])
        gb_item = next(i for i in agenda.agenda(s, meeting=gb) if i.referral == endorsed.ref)
        # The Board's item keeps the subject the subcommittee started with.
        assert gb_item.title == (
            f"Internal peer review — recommendation of the Executive Management Committee ({emc})"
        )
        approved = decisions.record_decision(
            s, item_id=gb_item.id, text="Approved.", outcome=DecisionOutcome.APPROVED
        )
    assert endorsed.referred_from == recommended
    assert approved.referred_from == endorsed.ref

    with db.reading() as s:
        chains = [
            decisions.decision_chain(s, decision=ref)
            for ref in (recommended, endorsed.ref, approved.ref)
        ]
        listed = {d.ref: d for d in decisions.list_decisions(s)}
    for chain in chains:
        assert [d.ref for d in (*chain.earlier, chain.decision, *chain.later)] == [
            recommended,
            endorsed.ref,
            approved.ref,
        ]
    assert [d.body for d in chains[0].later] == ["EMC", "GB"]
    assert (listed[recommended].referred_to, listed[recommended].referred_to_item) == (
        endorsed.ref,
        f"{emc} item 6.1",
    )
    assert (listed[endorsed.ref].referred_from, listed[endorsed.ref].referred_to) == (
        recommended,
        approved.ref,
    )
    assert (listed[approved.ref].referred_from, listed[approved.ref].referred_to) == (
        endorsed.ref,
        None,
    )
    assert listed[approved.ref].meeting == gb


def test_a_recommendation_goes_on_the_parents_next_planned_meeting_at_once(db: Database) -> None:
    with db.transaction() as s:
        early_emc = schedule(s, "EMC", dt.date(2026, 1, 20))
        emc = schedule(s, "EMC", EMC_DAY)
        later_emc = schedule(s, "EMC", dt.date(2026, 3, 17))
        rsc = schedule(s, "RSC", RSC_DAY)
    recommended = _recommend(db, rsc)
    assert _referrals(db, early_emc) == []
    assert [r[2] for r in _referrals(db, emc)] == [recommended]
    assert _referrals(db, later_emc) == []


def test_when_the_parents_meeting_is_cancelled_the_recommendation_moves_on(db: Database) -> None:
    with db.transaction() as s:
        emc = schedule(s, "EMC", EMC_DAY)
        later_emc = schedule(s, "EMC", dt.date(2026, 3, 17))
        rsc = schedule(s, "RSC", RSC_DAY)
    recommended = _recommend(db, rsc)
    with db.transaction() as s:
        meetings.cancel_meeting(s, meeting=emc)
    assert [r[2] for r in _referrals(db, later_emc)] == [recommended]


def test_a_confidential_recommendation_stays_confidential_upstairs(db: Database) -> None:
    with db.transaction() as s:
        rsc = schedule(s, "RSC", RSC_DAY)
    _recommend(
        db,
        rsc,
        text="Award the fellowship to candidate B.",
        confidentiality=Confidentiality.CONFIDENTIAL,
        public_title="Fellowship award",
    )
    with db.transaction() as s:
        emc = schedule(s, "EMC", EMC_DAY)
        item = next(i for i in agenda.agenda(s, meeting=emc) if i.referral is not None)
    assert (item.confidentiality, item.public_title) == (
        Confidentiality.CONFIDENTIAL,
        "Fellowship award",
    )


def test_the_top_body_has_no_one_to_recommend_to(db: Database) -> None:
    with db.transaction() as s:
        gb = schedule(s, "GB", GB_DAY)
        item = agenda.add_item(s, meeting=gb, title="Strategy")
        with pytest.raises(InvalidInput, match="reports to no other body"):
            decisions.record_decision(
                s, item_id=item.id, text="Refer to the funder.", outcome=DecisionOutcome.RECOMMENDED
            )


def test_a_referral_item_cannot_be_dropped_from_the_parents_agenda(db: Database) -> None:
    with db.transaction() as s:
        rsc = schedule(s, "RSC", RSC_DAY)
    recommended = _recommend(db, rsc)
    with db.transaction() as s:
        emc = schedule(s, "EMC", EMC_DAY)
        item = next(i for i in agenda.agenda(s, meeting=emc) if i.referral == recommended)
        with pytest.raises(NotAllowed, match="must consider it"):
            agenda.remove_item(s, item_id=item.id)


def test_changing_a_recommendation_withdraws_it_until_the_parent_has_acted(db: Database) -> None:
    with db.transaction() as s:
        rsc = schedule(s, "RSC", RSC_DAY)
    recommended = _recommend(db, rsc)
    with db.transaction() as s:
        emc = schedule(s, "EMC", EMC_DAY)
        decisions.edit_decision(s, decision=recommended, outcome=DecisionOutcome.DEFERRED)
    assert _referrals(db, emc) == []
    with db.transaction() as s:
        decisions.edit_decision(s, decision=recommended, outcome=DecisionOutcome.RECOMMENDED)
        meet(s, emc, [])
        item = next(i for i in agenda.agenda(s, meeting=emc) if i.referral == recommended)
        decisions.record_decision(
            s, item_id=item.id, text="Approved.", outcome=DecisionOutcome.APPROVED
        )
    with db.transaction() as s, pytest.raises(NotAllowed, match="already acted on"):
        decisions.edit_decision(s, decision=recommended, text="Something else.")


def test_decisions_are_numbered_per_meeting_and_never_reuse_a_reference(db: Database) -> None:
    with db.transaction() as s:
        emc = schedule(s, "EMC", EMC_DAY)
        item = agenda.add_item(s, meeting=emc, title="Finance report", purpose=Purpose.NOTE)
        first = decisions.record_decision(
            s, item_id=item.id, text="Noted.", outcome=DecisionOutcome.NOTED
        )
        decisions.remove_decision(s, decision=first.ref)
        second = decisions.record_decision(
            s, item_id=item.id, text="Noted the underspend.", outcome=DecisionOutcome.NOTED
        )
        listed = decisions.list_decisions(s, body="EMC")
    assert (first.ref, second.ref) == ("EMC/2026/01/D1", "EMC/2026/01/D2")
    assert [(d.ref, d.item_number, d.text) for d in listed] == [
        ("EMC/2026/01/D2", "5.1", "Noted the underspend.")
    ]
