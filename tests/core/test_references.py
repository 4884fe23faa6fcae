"""References are human-readable, unique and never handed out twice."""

from __future__ import annotations

from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.references import (
    allocate_action_ref,
    allocate_decision_ref,
    allocate_meeting_ref,
    item_ref,
)


def test_meetings_are_numbered_per_body_and_year(db: Database) -> None:
    with db.transaction() as session:
        refs = [allocate_meeting_ref(session, "EMC", 2026) for _ in range(3)]
        refs.append(allocate_meeting_ref(session, "RSC", 2026))
        refs.append(allocate_meeting_ref(session, "EMC", 2027))
    assert refs == ["EMC/2026/01", "EMC/2026/02", "EMC/2026/03", "RSC/2026/01", "EMC/2027/01"]


def test_decisions_and_actions_are_numbered_within_their_meeting(db: Database) -> None:
    with db.transaction() as session:
        assert allocate_decision_ref(session, "EMC/2026/03") == "EMC/2026/03/D1"
        assert allocate_decision_ref(session, "EMC/2026/03") == "EMC/2026/03/D2"
        assert allocate_action_ref(session, "EMC/2026/03") == "EMC/2026/03/A1"
    assert item_ref("EMC/2026/03", "5.2") == "EMC/2026/03 item 5.2"


def test_a_number_is_not_reused_in_a_later_transaction(db: Database) -> None:
    with db.transaction() as session:
        first = allocate_action_ref(session, "GB/2026/01")
    with db.transaction() as session:
        second = allocate_action_ref(session, "GB/2026/01")
    assert (first, second) == ("GB/2026/01/A1", "GB/2026/01/A2")


def test_a_rolled_back_allocation_leaves_no_trace(db: Database) -> None:
    try:
        with db.transaction() as session:
            allocate_meeting_ref(session, "GB", 2026)
            raise RuntimeError("the clerk's save failed half-way")
    except RuntimeError:
        pass
    with db.transaction() as session:
        assert allocate_meeting_ref(session, "GB", 2026) == "GB/2026/01"
