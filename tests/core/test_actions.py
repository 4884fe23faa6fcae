"""The action log: actions carry forward until the body closes them; overdue follows the date."""

from __future__ import annotations

import datetime as dt

import pytest
from cycle_helpers import meet, schedule, seat

from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed
from ccsc_gov.core.services import actions, agenda, matters_arising
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import ActionStatus

APRIL, MAY, JUNE, JULY = (dt.date(2026, m, d) for m, d in ((4, 14), (5, 12), (6, 9), (7, 14)))


def _raise_action(db: Database, ref: str, owners: list[int], due: dt.date | None) -> str:
    with db.transaction() as s:
        item = agenda.add_item(s, meeting=ref, title="Annual report to the funder")
        return actions.add_action(
            s,
            item_id=item.id,
            description="Add cohort figures and circulate the final report",
            owner_ids=owners,
            due=due,
        ).ref


def _carried(db: Database, ref: str) -> list[tuple[str, ActionStatus, bool]]:
    with db.reading() as s:
        carried = matters_arising.matters_arising(s, meeting=ref)
    return [(c.ref, c.status, c.closed_here) for c in carried]


def test_an_action_carries_forward_until_it_is_closed(db: Database) -> None:
    with db.transaction() as s:
        people = seat(s, "EMC")
        april = schedule(s, "EMC", APRIL)
    action = _raise_action(db, april, [people["Natarajan"]], dt.date(2026, 5, 1))
    assert action == "EMC/2026/01/A1"
    with db.transaction() as s:
        may = schedule(s, "EMC", MAY)
        meet(s, may, people.values())
        actions.record_progress(
            s,
            action=action,
            text="Draft figures with the Director.",
            at_meeting=may,
            status=ActionStatus.IN_PROGRESS,
        )
        june = schedule(s, "EMC", JUNE)
        meet(s, june, people.values())
        actions.close_action(s, action=action, at_meeting=june, note="Report sent to the funder.")
        july = schedule(s, "EMC", JULY)

    assert _carried(db, april) == []
    assert _carried(db, may) == [(action, ActionStatus.IN_PROGRESS, False)]
    assert _carried(db, june) == [(action, ActionStatus.CLOSED, True)]
    assert _carried(db, july) == []
    with db.reading() as s:
        view = actions.action_view(s, action=action)
        history = actions.action_history(s, action=action)
    assert (view.status, view.closed_at, view.latest_note) == (
        ActionStatus.CLOSED,
        june,
        "Report sent to the funder.",
    )
    assert [(n.meeting, n.status) for n in history.notes] == [
        (may, ActionStatus.IN_PROGRESS),
        (june, ActionStatus.CLOSED),
    ]


def test_meetings_scheduled_in_advance_pick_up_new_actions_on_their_action_log(
    db: Database,
) -> None:
    with db.transaction() as s:
        people = seat(s, "EMC")
        april, may, june = (schedule(s, "EMC", day) for day in (APRIL, MAY, JUNE))
    first = _raise_action(db, april, [people["Natarajan"]], dt.date(2026, 5, 1))
    second = _raise_action(db, april, [people["Ferreira"]], dt.date(2026, 6, 1))
    assert (
        _carried(db, may)
        == _carried(db, june)
        == [
            (first, ActionStatus.OPEN, False),
            (second, ActionStatus.OPEN, False),
        ]
    )
    with db.transaction() as s:
        actions.mark_completed(s, action=second, today=dt.date(2026, 5, 2))
        meet(s, may, people.values())
        actions.close_action(s, action=first, at_meeting=may)
    # What May reviewed stays as it was reviewed; June's log is still being prepared.
    assert _carried(db, may) == [
        (first, ActionStatus.CLOSED, True),
        (second, ActionStatus.COMPLETED, False),
    ]
    assert _carried(db, june) == [(second, ActionStatus.COMPLETED, False)]


def test_a_revised_due_date_keeps_its_history_and_overdue_follows_the_date(db: Database) -> None:
    with db.transaction() as s:
        people = seat(s, "EMC")
        april = schedule(s, "EMC", APRIL)
    action = _raise_action(db, april, [people["Ferreira"]], dt.date(2026, 2, 28))
    with db.transaction() as s:
        actions.revise_due_date(
            s,
            action=action,
            due=dt.date(2026, 3, 31),
            reason="Waiting for the partner's lawyers",
            today=dt.date(2026, 2, 20),
        )
        march = actions.action_view(s, action=action, today=dt.date(2026, 3, 15))
        april_view = actions.action_view(s, action=action, today=dt.date(2026, 4, 1))
        history = actions.action_history(s, action=action)
    assert (march.due, march.original_due, march.overdue) == (
        dt.date(2026, 3, 31),
        dt.date(2026, 2, 28),
        False,
    )
    assert april_view.overdue
    assert [(r.previous_due, r.new_due, r.reason) for r in history.revisions] == [
        (dt.date(2026, 2, 28), dt.date(2026, 3, 31), "Waiting for the partner's lawyers"),
    ]


def test_completed_by_the_owner_is_not_closed_until_the_body_accepts_it(db: Database) -> None:
    with db.transaction() as s:
        people = seat(s, "EMC")
        april = schedule(s, "EMC", APRIL)
        may = schedule(s, "EMC", MAY)
        board = schedule(s, "GB", MAY)
    action = _raise_action(db, april, [people["Natarajan"]], dt.date(2026, 4, 30))
    with db.transaction() as s:
        actions.mark_completed(
            s, action=action, note="Circulated on 28 April.", today=dt.date(2026, 4, 28)
        )
        view = actions.action_view(s, action=action, today=dt.date(2026, 5, 10))
        assert (view.status, view.completed_on, view.overdue) == (
            ActionStatus.COMPLETED,
            dt.date(2026, 4, 28),
            False,
        )
        with pytest.raises(NotAllowed, match="has not taken place yet"):
            actions.close_action(s, action=action, at_meeting=may)
        meet(s, board, [])
        with pytest.raises(NotAllowed, match="reviewed at that body's meetings"):
            actions.close_action(s, action=action, at_meeting=board)
        meet(s, may, people.values())
        actions.close_action(s, action=action, at_meeting=may)
        with pytest.raises(NotAllowed, match="was closed at EMC/2026/02"):
            actions.record_progress(s, action=action, text="More to do")


def test_a_cancelled_action_needs_a_reason_and_leaves_the_log(db: Database) -> None:
    with db.transaction() as s:
        people = seat(s, "EMC")
        april = schedule(s, "EMC", APRIL)
    action = _raise_action(db, april, [people["Natarajan"]], None)
    with db.transaction() as s:
        with pytest.raises(InvalidInput, match="Say why"):
            actions.cancel_action(s, action=action, reason="  ")
        actions.cancel_action(s, action=action, reason="Superseded by the new strategy.")
        may = schedule(s, "EMC", MAY)
    assert _carried(db, may) == []


def test_the_action_log_filters_by_body_status_owner_and_overdue(db: Database) -> None:
    with db.transaction() as s:
        people = seat(s, "EMC")
        april = schedule(s, "EMC", APRIL)
        research = schedule(s, "RSC", APRIL)
    shared = _raise_action(
        db, april, [people["Natarajan"], people["Ferreira"]], dt.date(2026, 5, 1)
    )
    late = _raise_action(db, april, [people["Ferreira"]], dt.date(2026, 4, 20))
    other = _raise_action(db, research, [], dt.date(2026, 4, 1))
    today = dt.date(2026, 4, 25)
    with db.transaction() as s:
        actions.record_progress(s, action=late, text="Started.", status=ActionStatus.IN_PROGRESS)
        listed = actions.list_actions(s, today=today)
        by = {
            "EMC": actions.list_actions(s, body="EMC", today=today),
            "in progress": actions.list_actions(s, status=ActionStatus.IN_PROGRESS, today=today),
            "overdue": actions.list_actions(s, overdue=True, today=today),
            "not overdue": actions.list_actions(s, overdue=False, today=today),
            "Natarajan": actions.list_actions(s, owner_id=people["Natarajan"], today=today),
        }
    assert [a.ref for a in listed] == [shared, late, other]
    assert {k: [a.ref for a in v] for k, v in by.items()} == {
        "EMC": [shared, late],
        "in progress": [late],
        "overdue": [late, other],
        "not overdue": [shared],
        "Natarajan": [shared],
    }
    first = listed[0]
    assert (first.body, first.origin_meeting, first.origin_item) == ("EMC", april, "5.1")
    assert first.owners == ("Luis Ferreira", "Priya Natarajan")
    assert listed[1].latest_note == "Started."
    assert listed[2].owners == ()


def test_an_actions_owners_and_wording_can_be_corrected(db: Database) -> None:
    with db.transaction() as s:
        people = seat(s, "EMC")
        april = schedule(s, "EMC", APRIL)
    action = _raise_action(db, april, [people["Natarajan"]], None)
    with db.transaction() as s:
        actions.edit_action(
            s,
            action=action,
            description="Circulate the final report",
            owner_ids=[people["Okafor"], people["Okafor"]],
        )
        view = actions.action_view(s, action=action)
    assert (view.description, view.owners) == ("Circulate the final report", ("Hannah Okafor",))
