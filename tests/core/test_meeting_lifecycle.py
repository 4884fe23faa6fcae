"""A meeting from scheduling to approved minutes, and the steps a clerk cannot take out of turn."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from cycle_helpers import meet, on, schedule, seat

from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed
from ccsc_gov.core.services import agenda, approval, bodies, meeting_list, meetings
from ccsc_gov.core.services.common import Changes
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import MeetingStatus

Step = Callable[..., Changes]

APRIL = dt.date(2026, 4, 14)
MAY = dt.date(2026, 5, 12)


def test_a_scheduled_meeting_gets_its_reference_and_the_standard_agenda(db: Database) -> None:
    with db.transaction() as s:
        first = meetings.schedule_meeting(
            s,
            body="emc",
            location="Seminar Room 2",
            video_link="https://video.example/emc",
            **on(APRIL),
        )
        second = meetings.schedule_meeting(s, body="EMC", **on(MAY))
        research = meetings.schedule_meeting(s, body="RSC", **on(APRIL))
        next_year = meetings.schedule_meeting(s, body="EMC", **on(dt.date(2027, 2, 9)))
        items = agenda.agenda(s, meeting=first.ref)
        research_items = agenda.agenda(s, meeting=research.ref)

    assert (first.ref, second.ref, research.ref, next_year.ref) == (
        "EMC/2026/01",
        "EMC/2026/02",
        "RSC/2026/01",
        "EMC/2027/01",
    )
    assert first.status is MeetingStatus.PLANNED
    assert (first.location, first.video_link) == ("Seminar Room 2", "https://video.example/emc")
    assert [(i.number, i.title) for i in items] == [
        ("1", "Welcome and apologies"),
        ("2", "Declarations of interest"),
        ("3", "Minutes of the previous meeting"),
        ("4", "Matters arising and action log"),
        ("5", "Business items"),
        ("6", "Reports from subcommittees"),
        ("7", "Any other business"),
        ("8", "Date of next meeting"),
    ]
    assert items[2].ref == "EMC/2026/01 item 3"
    # A subcommittee has no subcommittees reporting to it.
    assert [i.title for i in research_items] == [
        spec.title
        for spec in agenda.STANDARD_AGENDA
        if not spec.parent_bodies_only and not spec.on_demand
    ]


def test_a_meeting_goes_through_its_lifecycle_to_approved_minutes(db: Database) -> None:
    seen = []
    with db.transaction() as s:
        members = seat(s, "EMC")
        april = schedule(s, "EMC", APRIL)
        may = schedule(s, "EMC", MAY)
        seen.append(meetings.get_meeting(s, meeting=april).status)
        meet(s, april, members.values())
        seen.append(meetings.get_meeting(s, meeting=april).status)
        approval.mark_minutes_drafted(s, meeting=april)
        seen.append(meetings.get_meeting(s, meeting=april).status)
        meet(s, may, members.values())
        approval.approve_minutes(s, meeting=april, at_meeting=may)
    with db.reading() as s:
        summary = meetings.get_meeting(s, meeting=april)
    assert [*seen, summary.status] == [
        MeetingStatus.PLANNED,
        MeetingStatus.HELD,
        MeetingStatus.MINUTES_DRAFTED,
        MeetingStatus.MINUTES_APPROVED,
    ]
    assert summary.approved_at == may


@pytest.mark.parametrize(
    ("steps", "refused", "words"),
    [
        ([], meetings.mark_held, "its agenda has not been published yet"),
        ([meetings.publish_agenda], meetings.publish_agenda, "has been published"),
        (
            [meetings.publish_agenda, meetings.mark_held],
            meetings.cancel_meeting,
            "it has been held",
        ),
        ([meetings.cancel_meeting], meetings.publish_agenda, "it was cancelled"),
        (
            [meetings.publish_agenda, meetings.cancel_meeting],
            meetings.mark_held,
            "it was cancelled",
        ),
    ],
)
def test_a_step_out_of_turn_is_refused_saying_where_the_meeting_stands(
    db: Database, steps: list[Step], refused: Step, words: str
) -> None:
    with db.transaction() as s:
        ref = schedule(s, "EMC", APRIL)
        for step in steps:
            step(s, meeting=ref)
    with db.transaction() as s, pytest.raises(NotAllowed, match=words) as refusal:
        refused(s, meeting=ref)
    assert ref in str(refusal.value)


def test_minutes_cannot_be_drafted_or_approved_before_the_meeting_is_held(db: Database) -> None:
    with db.transaction() as s:
        april = schedule(s, "EMC", APRIL)
        may = schedule(s, "EMC", MAY)
        meetings.publish_agenda(s, meeting=may)
    with db.transaction() as s, pytest.raises(NotAllowed, match="next step is to publish"):
        approval.mark_minutes_drafted(s, meeting=april, override=True)
    with db.transaction() as s, pytest.raises(NotAllowed, match=r"not drafted yet|not been pub"):
        approval.approve_minutes(s, meeting=april, at_meeting=may)


def test_a_meeting_can_be_cancelled_while_planned_or_published_and_then_stays_cancelled(
    db: Database,
) -> None:
    with db.transaction() as s:
        planned = schedule(s, "EMC", APRIL)
        published = schedule(s, "EMC", MAY)
        meetings.publish_agenda(s, meeting=published)
        meetings.cancel_meeting(s, meeting=planned)
        meetings.cancel_meeting(s, meeting=published)
    with db.transaction() as s:
        assert {m.status for m in meeting_list.list_meetings(s, body="EMC")} == {
            MeetingStatus.CANCELLED
        }
        with pytest.raises(NotAllowed, match="cancelled"):
            agenda.add_item(s, meeting=planned, title="Late paper")
        with pytest.raises(NotAllowed, match="cancelled"):
            meetings.edit_meeting(s, meeting=planned, location="Elsewhere")


def test_moving_a_meeting_tells_calendars_it_changed(db: Database) -> None:
    with db.transaction() as s:
        ref = schedule(s, "EMC", APRIL)
        meetings.edit_meeting(s, meeting=ref, location="Seminar Room 2")
        meetings.edit_meeting(s, meeting=ref, **on(APRIL, hour=10))
        # Saving the same details again is not a change.
        meetings.edit_meeting(s, meeting=ref, location="Seminar Room 2")
        summary = meetings.get_meeting(s, meeting=ref)
    assert summary.calendar_sequence == 2
    assert summary.start == dt.datetime(2026, 4, 14, 10)
    assert summary.location == "Seminar Room 2"


def test_impossible_times_and_retired_bodies_are_refused(db: Database) -> None:
    with db.transaction() as s, pytest.raises(InvalidInput, match="end after it starts"):
        meetings.schedule_meeting(
            s, body="EMC", start=dt.datetime(2026, 4, 14, 16), end=dt.datetime(2026, 4, 14, 14)
        )
    with db.transaction() as s:
        bodies.retire_body(s, code="CTSC")
    with db.transaction() as s, pytest.raises(NotAllowed, match="retired"):
        meetings.schedule_meeting(s, body="CTSC", **on(APRIL))
