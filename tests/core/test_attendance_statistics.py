"""Attendance statistics count only meetings that took place at which the person was expected,
and only membership types that count towards the quorum."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import InvalidInput
from ccsc_gov.core.services.approval import approve_minutes, mark_minutes_drafted
from ccsc_gov.core.services.attendance import (
    AttendanceStatistics,
    attendance_statistics,
    record_attendance,
)
from ccsc_gov.core.services.common import meeting_by_ref
from ccsc_gov.core.services.meetings import (
    cancel_meeting,
    mark_held,
    publish_agenda,
    schedule_meeting,
)
from ccsc_gov.core.services.people import add_membership, add_person, end_membership
from ccsc_gov.core.services.terms import add_terms_of_reference
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import AttendanceCategory, Authority, Role

PRESENT, REMOTE = AttendanceCategory.PRESENT, AttendanceCategory.REMOTE
APOLOGIES, ABSENT = AttendanceCategory.APOLOGIES, AttendanceCategory.ABSENT
YEAR_START, YEAR_END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def schedule(session: Session, *, body: str, start: dt.datetime) -> str:
    meeting = schedule_meeting(session, body=body, start=start, end=start + dt.timedelta(hours=2))
    return meeting.ref


def hold(session: Session, ref: str) -> None:
    publish_agenda(session, meeting=ref)
    mark_held(session, meeting=ref)


def draft(session: Session, ref: str) -> None:
    mark_minutes_drafted(session, meeting=ref, override=True, reason="Not the point here")


def meeting_id(session: Session, ref: str) -> int:
    return meeting_by_ref(session, ref).id


def _stats(db: Database, **kwargs: object) -> dict[tuple[str, str], AttendanceStatistics]:
    with db.reading() as session:
        rows = attendance_statistics(session, start=YEAR_START, end=YEAR_END, **kwargs)  # type: ignore[arg-type]
    return {(s.body, s.person): s for s in rows}


@pytest.fixture
def year_of_emc(db: Database) -> dict[str, int]:
    """The EMC's 2026 so far: four meetings held, one cancelled and one still to come.

    Dr Haddad is a member throughout; Dr Brennan joins after the first meeting; Prof. Cole
    leaves after the second; the secretary and a non-voting funder observer attend every time.
    """
    with db.transaction() as session:
        people = {
            surname: add_person(session, title=title, name=f"{first} {surname}").id
            for title, first, surname in [
                ("Dr", "Samir", "Haddad"),
                ("Dr", "Aoife", "Brennan"),
                ("Prof.", "Martin", "Cole"),
                ("Ms", "Ruth", "Adebayo"),
                ("Dr", "Eleanor", "Price"),
            ]
        }
        start = dt.date(2025, 1, 1)
        add_membership(
            session, body="EMC", person_id=people["Haddad"], role=Role.MEMBER, start=start
        )
        add_membership(
            session,
            body="EMC",
            person_id=people["Brennan"],
            role=Role.MEMBER,
            start=dt.date(2026, 2, 1),
        )
        cole = add_membership(
            session, body="EMC", person_id=people["Cole"], role=Role.MEMBER, start=start
        )
        end_membership(session, membership_id=cole.id, on=dt.date(2026, 2, 28))
        add_membership(
            session, body="EMC", person_id=people["Adebayo"], role=Role.SECRETARY, start=start
        )
        add_membership(
            session,
            body="EMC",
            person_id=people["Price"],
            role=Role.FUNDER_REPRESENTATIVE,
            start=start,
            votes=False,
        )
        held = [
            schedule(session, body="EMC", start=dt.datetime(2026, month, 10, 14))
            for month in (1, 2, 3, 4)
        ]
        cancelled = schedule(session, body="EMC", start=dt.datetime(2026, 5, 12, 14))
        upcoming = schedule(session, body="EMC", start=dt.datetime(2026, 6, 9, 14))
        recorded = {
            "Haddad": [PRESENT, REMOTE, APOLOGIES, PRESENT, APOLOGIES, APOLOGIES],
            "Brennan": [None, PRESENT, ABSENT, APOLOGIES, None, None],
            "Cole": [APOLOGIES, PRESENT, None, None, None, None],
            "Adebayo": [PRESENT] * 4 + [None, None],
            "Price": [PRESENT] * 4 + [None, None],
        }
        for person, categories in recorded.items():
            for ref, category in zip([*held, cancelled, upcoming], categories, strict=True):
                if category is not None:
                    record_attendance(
                        session,
                        meeting_id=meeting_id(session, ref),
                        person_id=people[person],
                        category=category,
                    )
        # January and February approved, March drafted, April held, May cancelled.
        for ref in held:
            hold(session, ref)
        for ref in held[:3]:
            draft(session, ref)
        approve_minutes(session, meeting=held[0], at_meeting=held[1])
        approve_minutes(session, meeting=held[1], at_meeting=held[2])
        cancel_meeting(session, meeting=cancelled)
    return people


def test_only_meetings_held_while_the_person_was_a_member_count(
    db: Database, year_of_emc: dict[str, int]
) -> None:
    stats = _stats(db, body="EMC")
    haddad = stats[("EMC", "Dr Samir Haddad")]
    assert (haddad.expected, haddad.present, haddad.remote, haddad.apologies) == (4, 2, 1, 1)
    assert haddad.attended == 3
    assert haddad.rate == 0.75

    brennan = stats[("EMC", "Dr Aoife Brennan")]  # joined after the January meeting
    assert (brennan.expected, brennan.attended, brennan.absent, brennan.apologies) == (3, 1, 1, 1)

    cole = stats[("EMC", "Prof. Martin Cole")]  # left after the February meeting
    assert (cole.expected, cole.attended, cole.apologies) == (2, 1, 1)


def test_the_secretary_and_non_voting_observers_are_not_counted(
    db: Database, year_of_emc: dict[str, int]
) -> None:
    people = {person for _, person in _stats(db)}
    assert people == {"Dr Samir Haddad", "Dr Aoife Brennan", "Prof. Martin Cole"}


def test_types_the_terms_do_not_count_are_left_out(
    db: Database, year_of_emc: dict[str, int]
) -> None:
    with db.transaction() as session:
        ex_officio = add_person(session, title="Ms", name="Priya Natarajan")
        add_membership(
            session,
            body="EMC",
            person_id=ex_officio.id,
            role=Role.EX_OFFICIO,
            start=dt.date(2026, 3, 1),
        )
        # From the April meeting on, only the chair, vice-chair and members count.
        add_terms_of_reference(
            session,
            body="EMC",
            effective_from=dt.date(2026, 4, 1),
            authority=Authority.DECIDE,
            quorum_count=2,
            quorum_roles=(Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER),
        )
    natarajan = _stats(db)[("EMC", "Ms Priya Natarajan")]
    assert (natarajan.expected, natarajan.not_recorded) == (1, 1)  # March only


def test_a_missing_record_is_shown_as_such(db: Database, year_of_emc: dict[str, int]) -> None:
    with db.transaction() as session:
        late = add_person(session, title="Dr", name="Yuki Tanaka")
        add_membership(
            session, body="EMC", person_id=late.id, role=Role.MEMBER, start=dt.date(2026, 4, 1)
        )
    tanaka = _stats(db, person_id=late.id)
    assert list(tanaka) == [("EMC", "Dr Yuki Tanaka")]
    assert tanaka[("EMC", "Dr Yuki Tanaka")].not_recorded == 1


def test_statistics_are_kept_per_body(db: Database, year_of_emc: dict[str, int]) -> None:
    haddad = year_of_emc["Haddad"]
    with db.transaction() as session:
        add_membership(
            session, body="RSC", person_id=haddad, role=Role.CHAIR, start=dt.date(2025, 1, 1)
        )
        rsc_ref = schedule(session, body="RSC", start=dt.datetime(2026, 3, 3, 10))
        hold(session, rsc_ref)
        rsc = meeting_id(session, rsc_ref)
        record_attendance(session, meeting_id=rsc, person_id=haddad, category=PRESENT)
    everywhere = _stats(db, person_id=haddad)
    assert {body: s.expected for (body, _), s in everywhere.items()} == {"EMC": 4, "RSC": 1}
    assert list(_stats(db, body="RSC")) == [("RSC", "Dr Samir Haddad")]


def test_the_period_counts_inclusive_and_must_make_sense(
    db: Database, year_of_emc: dict[str, int]
) -> None:
    with db.reading() as session:
        march = attendance_statistics(
            session, start=dt.date(2026, 3, 10), end=dt.date(2026, 3, 10), body="EMC"
        )
        assert {s.person: s.expected for s in march} == {
            "Dr Samir Haddad": 1,
            "Dr Aoife Brennan": 1,
        }
        with pytest.raises(InvalidInput, match="must end on or after"):
            attendance_statistics(session, start=YEAR_END, end=YEAR_START)
