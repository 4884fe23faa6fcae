"""Attendance at a meeting and quorum, for the meeting and for each item.

The EMC in these stories has nine voting members (a chair, a vice-chair and seven members), a
non-voting secretary and a non-voting funder observer. Its terms of reference say: at least four
voting members, or a third of them if more, including the chair or vice-chair.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed
from ccsc_gov.core.services.agenda import add_item
from ccsc_gov.core.services.approval import approve_minutes, mark_minutes_drafted
from ccsc_gov.core.services.attendance import (
    attendance_recorded,
    clear_attendance,
    expected_attendees,
    item_quorum,
    items_quorum,
    meeting_attendance,
    meeting_quorum,
    record_attendance,
    running_order,
    withdraw_from_item,
)
from ccsc_gov.core.services.meeting_list import list_meetings
from ccsc_gov.core.services.meetings import (
    body_quorum,
    cancel_meeting,
    mark_held,
    publish_agenda,
    schedule_meeting,
)
from ccsc_gov.core.services.people import add_membership, add_person, end_membership
from ccsc_gov.core.services.terms import add_terms_of_reference
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import AttendanceCategory, Authority, Meeting, Purpose, Role
from ccsc_gov.core.store.seed import VOTING_ROLES

PRESENT, REMOTE = AttendanceCategory.PRESENT, AttendanceCategory.REMOTE
APOLOGIES, ABSENT = AttendanceCategory.APOLOGIES, AttendanceCategory.ABSENT
IN_ATTENDANCE = AttendanceCategory.IN_ATTENDANCE
MEETING_DAY = dt.datetime(2026, 4, 14, 14, 0)
JOINED = dt.date(2024, 10, 1)

BUSINESS = (
    "Annual report to the funder",
    "Finance report, quarter 3",
    "Pump-priming awards: shortlisting",
)


def schedule(
    session: Session, *, body: str, start: dt.datetime, business: Sequence[str] = BUSINESS
) -> int:
    """A meeting with the standard agenda and the given business items as 5.1, 5.2 …"""
    meeting = schedule_meeting(session, body=body, start=start, end=start + dt.timedelta(hours=2))
    for title in business:
        add_item(session, meeting=meeting.ref, title=title, purpose=Purpose.DECISION)
    return meeting.id


def approve_at_the_next_meeting(session: Session, meeting_id: int) -> None:
    """Hold the meeting, draft its minutes and approve them a month later: it is then locked."""
    ref = session.get_one(Meeting, meeting_id).ref
    start = session.get_one(Meeting, meeting_id).start_at
    publish_agenda(session, meeting=ref)
    mark_held(session, meeting=ref)
    mark_minutes_drafted(session, meeting=ref, override=True, reason="Not the point here")
    later = schedule(session, body="EMC", start=start + dt.timedelta(days=28), business=())
    later_ref = session.get_one(Meeting, later).ref
    publish_agenda(session, meeting=later_ref)
    approve_minutes(session, meeting=ref, at_meeting=later_ref)


@dataclass(frozen=True)
class Committee:
    people: dict[str, int]  # surname -> person id
    memberships: dict[str, int]  # surname -> membership id

    def __getitem__(self, surname: str) -> int:
        return self.people[surname]


CAST = (
    # title, name, position, role, votes
    ("Prof.", "Hannah Okafor", "Director", Role.CHAIR, True),
    ("Dr", "Luis Ferreira", "Deputy Director", Role.VICE_CHAIR, True),
    ("Prof.", "Grace Lindqvist", "", Role.MEMBER, True),
    ("Dr", "Samir Haddad", "", Role.MEMBER, True),
    ("Dr", "Aoife Brennan", "", Role.MEMBER, True),
    ("Ms", "Priya Natarajan", "Centre Manager", Role.EX_OFFICIO, True),
    ("Prof.", "Martin Cole", "", Role.MEMBER, True),
    ("Dr", "Yuki Tanaka", "", Role.MEMBER, True),
    ("Dr", "Owen Pryce", "", Role.MEMBER, True),
    ("Ms", "Ruth Adebayo", "Committee Secretary", Role.SECRETARY, False),
    ("Dr", "Eleanor Price", "Funder", Role.OBSERVER, False),
)


@pytest.fixture
def emc(db: Database) -> Committee:
    with db.transaction() as session:
        add_terms_of_reference(
            session,
            body="EMC",
            effective_from=dt.date(2025, 1, 1),
            authority=Authority.DECIDE,
            quorum_count=4,
            quorum_fraction=(1, 3),
            quorum_roles=VOTING_ROLES,
            chair_required=True,
        )
        people: dict[str, int] = {}
        memberships: dict[str, int] = {}
        for title, name, position, role, votes in CAST:
            surname = name.split()[-1]
            people[surname] = add_person(session, title=title, name=name, position=position).id
            memberships[surname] = add_membership(
                session, body="EMC", person_id=people[surname], role=role, start=JOINED, votes=votes
            ).id
        wojcik = add_person(session, title="Mr", name="Tomasz Wójcik", position="Finance Partner")
        people["Wójcik"] = wojcik.id
    return Committee(people, memberships)


def _meeting(db: Database, **kwargs: object) -> int:
    with db.transaction() as session:
        return schedule(session, body="EMC", start=MEETING_DAY, **kwargs)  # type: ignore[arg-type]


def _items(db: Database, meeting_id: int) -> dict[str, int]:
    with db.reading() as session:
        return {
            number: item_id for item_id, number in running_order(session, meeting_id=meeting_id)
        }


def _record(db: Database, meeting_id: int, entries: dict[int, AttendanceCategory]) -> None:
    with db.transaction() as session:
        for person_id, category in entries.items():
            record_attendance(
                session, meeting_id=meeting_id, person_id=person_id, category=category
            )


def _just_quorate(emc: Committee) -> dict[int, AttendanceCategory]:
    """Four voting members there (the chair and three others), everyone else accounted for."""
    return {
        emc["Okafor"]: PRESENT,
        emc["Lindqvist"]: PRESENT,
        emc["Haddad"]: PRESENT,
        emc["Brennan"]: REMOTE,
        emc["Ferreira"]: APOLOGIES,
        emc["Natarajan"]: APOLOGIES,
        emc["Cole"]: APOLOGIES,
        emc["Tanaka"]: APOLOGIES,
        emc["Pryce"]: ABSENT,
        emc["Adebayo"]: PRESENT,
        emc["Price"]: PRESENT,
    }


def test_a_withdrawal_makes_exactly_one_item_inquorate(db: Database, emc: Committee) -> None:
    meeting = _meeting(db)
    items = _items(db, meeting)
    _record(db, meeting, _just_quorate(emc))

    with db.transaction() as session:
        answer = withdraw_from_item(session, item_id=items["5.3"], person_id=emc["Haddad"])
    assert not answer.quorate

    with db.reading() as session:
        whole = meeting_quorum(session, meeting_id=meeting)
        shortlisting = item_quorum(session, item_id=items["5.3"])
        by_item = {q.number: q.answer.quorate for q in items_quorum(session, meeting_id=meeting)}
    assert whole.quorate
    assert whole.reason == "quorate: 4 of 9 voting members present, 4 needed, including the chair"
    assert (shortlisting.quorate, shortlisting.present, shortlisting.required) == (False, 3, 4)
    assert shortlisting.subject == "EMC/2026/01 item 5.3"
    assert shortlisting.reason == (
        "inquorate: 3 of 9 voting members present, 4 needed (Dr Samir Haddad withdrew)"
    )
    assert shortlisting.withdrew == ("Dr Samir Haddad",)
    assert [n for n, quorate in by_item.items() if not quorate] == ["5.3"]
    assert len(by_item) == 11


def test_a_withdrawal_leaves_an_item_quorate_when_enough_remain(
    db: Database, emc: Committee
) -> None:
    meeting = _meeting(db)
    items = _items(db, meeting)
    _record(db, meeting, {**_just_quorate(emc), emc["Ferreira"]: PRESENT})
    with db.transaction() as session:
        answer = withdraw_from_item(session, item_id=items["5.3"], person_id=emc["Haddad"])
    assert answer.quorate
    assert answer.reason.startswith("quorate: 4 of 9 voting members present")


def test_a_late_arrival_counts_from_the_item_they_arrived_at(db: Database, emc: Committee) -> None:
    meeting = _meeting(db)
    items = _items(db, meeting)
    _record(db, meeting, _just_quorate(emc))
    with db.transaction() as session:
        record_attendance(
            session,
            meeting_id=meeting,
            person_id=emc["Brennan"],
            category=REMOTE,
            arrived_at_item_id=items["5.1"],
        )
    with db.reading() as session:
        answers = {q.number: q.answer for q in items_quorum(session, meeting_id=meeting)}
        whole = meeting_quorum(session, meeting_id=meeting)
    inquorate = [n for n, a in answers.items() if not a.quorate]
    assert inquorate == ["1", "2", "3", "4", "5"]
    assert answers["3"].reason == (
        "inquorate: 3 of 9 voting members present, 4 needed (Dr Aoife Brennan had not yet arrived)"
    )
    assert answers["5.1"].present == 4
    # She attended, so the meeting itself counts her; the items before she came do not.
    assert whole.quorate
    assert whole.present == 4


def test_an_early_departure_leaves_the_rest_of_the_meeting_inquorate(
    db: Database, emc: Committee
) -> None:
    meeting = _meeting(db)
    items = _items(db, meeting)
    _record(db, meeting, _just_quorate(emc))
    with db.transaction() as session:
        line = record_attendance(
            session,
            meeting_id=meeting,
            person_id=emc["Lindqvist"],
            category=PRESENT,
            left_at_item_id=items["6"],
        )
    assert line.label == "Prof. Grace Lindqvist (left after item 5.3)"
    with db.reading() as session:
        answers = {q.number: q.answer for q in items_quorum(session, meeting_id=meeting)}
    assert [n for n, a in answers.items() if not a.quorate] == ["6", "7", "8"]
    assert "Prof. Grace Lindqvist had left" in answers["7"].reason


def test_the_chair_or_vice_chair_must_be_there(db: Database, emc: Committee) -> None:
    meeting = _meeting(db)
    everyone_but_the_chairs = {
        **{emc[s]: PRESENT for s in ("Lindqvist", "Haddad", "Brennan", "Natarajan", "Cole")},
        emc["Okafor"]: APOLOGIES,
        emc["Ferreira"]: APOLOGIES,
    }
    _record(db, meeting, everyone_but_the_chairs)
    with db.reading() as session:
        without = meeting_quorum(session, meeting_id=meeting)
    assert not without.quorate
    assert without.chair_required
    assert not without.chair_present
    assert without.reason == (
        "inquorate: the chair or vice-chair was not present "
        "(5 of 9 voting members present, 4 needed)"
    )

    _record(db, meeting, {emc["Ferreira"]: REMOTE})
    with db.reading() as session:
        with_vice_chair = meeting_quorum(session, meeting_id=meeting)
    assert with_vice_chair.quorate
    assert with_vice_chair.reason.endswith(
        "6 of 9 voting members present, 4 needed, including the vice-chair"
    )


def test_too_few_and_no_chair_gives_both_reasons(db: Database, emc: Committee) -> None:
    meeting = _meeting(db)
    _record(db, meeting, {emc["Haddad"]: PRESENT, emc["Okafor"]: APOLOGIES})
    with db.reading() as session:
        answer = meeting_quorum(session, meeting_id=meeting)
    assert answer.reason == (
        "inquorate: 1 of 9 voting members present, 4 needed; "
        "the chair or vice-chair was not present"
    )


def test_only_voting_members_of_counting_types_make_the_quorum(
    db: Database, emc: Committee
) -> None:
    meeting = _meeting(db)
    # The chair, two members, the secretary and the funder observer: three count.
    _record(
        db,
        meeting,
        {
            emc["Okafor"]: PRESENT,
            emc["Lindqvist"]: PRESENT,
            emc["Cole"]: PRESENT,
            emc["Adebayo"]: PRESENT,
            emc["Price"]: REMOTE,
        },
    )
    with db.reading() as session:
        answer = meeting_quorum(session, meeting_id=meeting)
    assert (answer.quorate, answer.present, answer.voting_members) == (False, 3, 9)


def test_a_bodys_list_of_meetings_judges_each_meeting_as_the_meeting_itself_does(
    db: Database, emc: Committee
) -> None:
    quorate = _meeting(db)
    _record(db, quorate, _just_quorate(emc))
    without_chair = {**_just_quorate(emc), emc["Okafor"]: APOLOGIES}
    with db.transaction() as session:
        inquorate = schedule(session, body="EMC", start=MEETING_DAY + dt.timedelta(days=28))
        unrecorded = schedule(session, body="EMC", start=MEETING_DAY + dt.timedelta(days=56))
    _record(db, inquorate, without_chair)
    _record(db, unrecorded, {emc["Okafor"]: PRESENT})
    with db.reading() as session:
        listed = {m.id: m.quorate for m in list_meetings(session, body="EMC", with_quorum=True)}
        one_by_one = {
            m: meeting_quorum(session, meeting_id=m).quorate
            if attendance_recorded(session, meeting_id=m)
            else None
            for m in (quorate, inquorate, unrecorded)
        }
        by_body = body_quorum(session, body="EMC")
    assert listed == one_by_one == by_body == {quorate: True, inquorate: False, unrecorded: None}


def test_the_quorum_cannot_be_judged_before_attendance_is_recorded(
    db: Database, emc: Committee
) -> None:
    meeting = _meeting(db)
    with db.reading() as session:
        answer = meeting_quorum(session, meeting_id=meeting)
        recorded = attendance_recorded(session, meeting_id=meeting)
    assert not answer.quorate
    assert not recorded
    assert answer.reason == "the quorum cannot be judged: attendance has not been recorded"


def test_attendance_is_recorded_once_every_expected_member_is_accounted_for(
    db: Database, emc: Committee
) -> None:
    meeting = _meeting(db)
    everyone = _just_quorate(emc)
    missing = everyone.pop(emc["Pryce"])
    _record(db, meeting, everyone)
    with db.reading() as session:
        assert not attendance_recorded(session, meeting_id=meeting)
        assert meeting_attendance(session, meeting_id=meeting).not_recorded == ("Dr Owen Pryce",)
    _record(db, meeting, {emc["Pryce"]: missing})
    with db.reading() as session:
        assert attendance_recorded(session, meeting_id=meeting)


def test_who_is_expected_and_which_rule_applies_follow_the_meetings_date(
    db: Database, emc: Committee
) -> None:
    with db.transaction() as session:
        # Dr Pryce's term ended before the meeting; a new member joins after it.
        end_membership(session, membership_id=emc.memberships["Pryce"], on=dt.date(2026, 2, 28))
        newcomer = add_person(session, title="Dr", name="Ines Duarte")
        add_membership(
            session, body="EMC", person_id=newcomer.id, role=Role.MEMBER, start=dt.date(2026, 5, 1)
        )
        # New terms after the meeting do not change its quorum.
        add_terms_of_reference(
            session,
            body="EMC",
            effective_from=dt.date(2026, 5, 1),
            authority=Authority.DECIDE,
            quorum_count=7,
            quorum_roles=VOTING_ROLES,
        )
    meeting = _meeting(db)
    everyone = _just_quorate(emc)
    del everyone[emc["Pryce"]]
    _record(db, meeting, everyone)
    with db.reading() as session:
        expected = [m.person for m in expected_attendees(session, meeting_id=meeting)]
        answer = meeting_quorum(session, meeting_id=meeting)
        recorded = attendance_recorded(session, meeting_id=meeting)
    assert "Dr Owen Pryce" not in expected
    assert "Dr Ines Duarte" not in expected
    assert len(expected) == 10
    assert recorded
    assert (answer.quorate, answer.present, answer.required, answer.voting_members) == (
        True,
        4,
        4,
        8,
    )


def test_the_minutes_list_present_in_attendance_and_apologies(db: Database, emc: Committee) -> None:
    meeting = _meeting(db)
    items = _items(db, meeting)
    _record(db, meeting, _just_quorate(emc))
    with db.transaction() as session:
        record_attendance(
            session,
            meeting_id=meeting,
            person_id=emc["Wójcik"],
            category=IN_ATTENDANCE,
            arrived_at_item_id=items["5.2"],
            left_at_item_id=items["5.3"],
        )
        record_attendance(
            session,
            meeting_id=meeting,
            person_id=emc["Adebayo"],
            category=IN_ATTENDANCE,
            note="minutes",
        )
    with db.reading() as session:
        lists = meeting_attendance(session, meeting_id=meeting)
    # The chair first, then by membership type and surname.
    assert [line.label for line in lists.present] == [
        "Prof. Hannah Okafor (Director, Chair)",
        "Dr Aoife Brennan (by video)",
        "Dr Samir Haddad",
        "Prof. Grace Lindqvist",
    ]
    assert [line.label for line in lists.in_attendance] == [
        "Dr Eleanor Price (Funder)",
        "Ms Ruth Adebayo (Committee Secretary, minutes)",
        "Mr Tomasz Wójcik (Finance Partner, for item 5.2)",
    ]
    assert [line.name for line in lists.apologies] == [
        "Dr Luis Ferreira",
        "Prof. Martin Cole",
        "Dr Yuki Tanaka",
        "Ms Priya Natarajan",
    ]
    assert [line.name for line in lists.absent] == ["Dr Owen Pryce"]


def test_members_and_visitors_are_recorded_in_their_own_ways(db: Database, emc: Committee) -> None:
    meeting = _meeting(db)
    items = _items(db, meeting)
    with db.transaction() as session:
        with pytest.raises(InvalidInput, match="can only be recorded as in attendance"):
            record_attendance(
                session, meeting_id=meeting, person_id=emc["Wójcik"], category=PRESENT
            )
        with pytest.raises(InvalidInput, match="is a member of EMC"):
            record_attendance(
                session, meeting_id=meeting, person_id=emc["Haddad"], category=IN_ATTENDANCE
            )
        with pytest.raises(InvalidInput, match="Only someone who attended can arrive late"):
            record_attendance(
                session,
                meeting_id=meeting,
                person_id=emc["Haddad"],
                category=APOLOGIES,
                arrived_at_item_id=items["3"],
            )
        with pytest.raises(InvalidInput, match="cannot leave before or at the item they arrived"):
            record_attendance(
                session,
                meeting_id=meeting,
                person_id=emc["Haddad"],
                category=PRESENT,
                arrived_at_item_id=items["5.1"],
                left_at_item_id=items["4"],
            )
    other = _meeting(db)
    with db.transaction() as session, pytest.raises(InvalidInput, match="not on the agenda"):
        record_attendance(
            session,
            meeting_id=other,
            person_id=emc["Haddad"],
            category=PRESENT,
            arrived_at_item_id=items["5.1"],
        )


def test_someone_who_sent_apologies_cannot_withdraw(db: Database, emc: Committee) -> None:
    meeting = _meeting(db)
    items = _items(db, meeting)
    _record(db, meeting, _just_quorate(emc))
    with db.transaction() as session, pytest.raises(NotAllowed, match="recorded as apologies"):
        withdraw_from_item(session, item_id=items["5.1"], person_id=emc["Cole"])


def test_attendance_at_a_meeting_whose_minutes_are_approved_cannot_change(
    db: Database, emc: Committee
) -> None:
    meeting = _meeting(db)
    items = _items(db, meeting)
    _record(db, meeting, _just_quorate(emc))
    with db.transaction() as session:
        approve_at_the_next_meeting(session, meeting)
    locked = "have been approved as a correct record, so the meeting is locked"
    with db.transaction() as session:
        with pytest.raises(NotAllowed, match=locked):
            record_attendance(session, meeting_id=meeting, person_id=emc["Cole"], category=PRESENT)
        with pytest.raises(NotAllowed, match=locked):
            clear_attendance(session, meeting_id=meeting, person_id=emc["Okafor"])
        with pytest.raises(NotAllowed, match=locked):
            withdraw_from_item(session, item_id=items["5.3"], person_id=emc["Haddad"])
    with db.reading() as session:
        assert meeting_quorum(session, meeting_id=meeting).quorate


def test_a_cancelled_meeting_has_no_attendance(db: Database, emc: Committee) -> None:
    meeting = _meeting(db)
    with db.transaction() as session:
        cancel_meeting(session, meeting=session.get_one(Meeting, meeting).ref)
    with db.transaction() as session, pytest.raises(NotAllowed, match="was cancelled"):
        record_attendance(session, meeting_id=meeting, person_id=emc["Cole"], category=APOLOGIES)
