"""Declarations of interest: per person and item, with what was done, kept as a register.

The EMC here has four voting members; its seeded terms need a third of them (two), including
the chair or vice-chair.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed
from ccsc_gov.core.services.agenda import add_item, edit_item
from ccsc_gov.core.services.approval import approve_minutes, mark_minutes_drafted
from ccsc_gov.core.services.attendance import item_quorum, record_attendance, running_order
from ccsc_gov.core.services.declarations import (
    declarations_at_meeting,
    edit_declaration,
    record_declaration,
    register_of_interests,
    register_of_person,
    remove_declaration,
)
from ccsc_gov.core.services.meetings import mark_held, publish_agenda, schedule_meeting
from ccsc_gov.core.services.people import add_membership, add_person
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import (
    AttendanceCategory,
    AuditRecord,
    Confidentiality,
    DeclarationAction,
    Meeting,
    Purpose,
    Role,
)

WITHDREW = DeclarationAction.WITHDREW
NOTED = DeclarationAction.NOTED
NO_PART = DeclarationAction.NO_PART_IN_DECISION


def schedule(
    session: Session,
    *,
    body: str,
    start: dt.datetime,
    business: Sequence[str] = ("Finance report", "Pump-priming awards"),
) -> dict[str, int]:
    """A meeting with the standard agenda and business items 5.1, 5.2 …; answers the item ids
    by number, and the meeting's id as "meeting"."""
    meeting = schedule_meeting(session, body=body, start=start, end=start + dt.timedelta(hours=2))
    for title in business:
        add_item(session, meeting=meeting.ref, title=title, purpose=Purpose.DECISION)
    numbers = {number: item_id for item_id, number in running_order(session, meeting_id=meeting.id)}
    return {"meeting": meeting.id, **numbers}


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    with db.transaction() as session:
        ids: dict[str, int] = {}
        for title, name, role in [
            ("Prof.", "Hannah Okafor", Role.CHAIR),
            ("Dr", "Samir Haddad", Role.MEMBER),
            ("Dr", "Aoife Brennan", Role.MEMBER),
            ("Prof.", "Martin Cole", Role.MEMBER),
        ]:
            ids[name.split()[-1]] = person = add_person(session, title=title, name=name).id
            for body in ("EMC", "RSC"):
                add_membership(
                    session, body=body, person_id=person, role=role, start=dt.date(2025, 1, 1)
                )
    return ids


@pytest.fixture
def april(db: Database, people: dict[str, int]) -> dict[str, int]:
    """EMC/2026/01 on 14 April 2026: the chair and Dr Haddad present, two apologies."""
    with db.transaction() as session:
        items = schedule(session, body="EMC", start=dt.datetime(2026, 4, 14, 14))
        for surname, category in [
            ("Okafor", AttendanceCategory.PRESENT),
            ("Haddad", AttendanceCategory.PRESENT),
            ("Brennan", AttendanceCategory.APOLOGIES),
            ("Cole", AttendanceCategory.APOLOGIES),
        ]:
            record_attendance(
                session, meeting_id=items["meeting"], person_id=people[surname], category=category
            )
    return items


def test_declaring_and_withdrawing_takes_the_person_out_of_that_items_quorum(
    db: Database, people: dict[str, int], april: dict[str, int]
) -> None:
    with db.transaction() as session:
        declared = record_declaration(
            session,
            item_id=april["5.2"],
            person_id=people["Haddad"],
            nature="Co-applicant on one of the shortlisted proposals",
            action_taken=WITHDREW,
        )
    assert (declared.meeting, declared.item_number, declared.person) == (
        "EMC/2026/01",
        "5.2",
        "Dr Samir Haddad",
    )
    with db.reading() as session:
        awards = item_quorum(session, item_id=april["5.2"])
        report = item_quorum(session, item_id=april["5.1"])
    assert not awards.quorate
    assert awards.withdrew == ("Dr Samir Haddad",)
    assert awards.reason == (
        "inquorate: 1 of 4 voting members present, 2 needed (Dr Samir Haddad withdrew)"
    )
    assert report.quorate


def test_a_declaration_that_no_longer_says_withdrew_brings_the_person_back(
    db: Database, people: dict[str, int], april: dict[str, int]
) -> None:
    with db.transaction() as session:
        declared = record_declaration(
            session,
            item_id=april["5.2"],
            person_id=people["Haddad"],
            nature="Co-applicant",
            action_taken=WITHDREW,
        )
        changed = edit_declaration(session, declaration_id=declared.id, action_taken=NO_PART)
    assert changed.action_taken is NO_PART
    with db.reading() as session:
        assert item_quorum(session, item_id=april["5.2"]).quorate


def test_removing_a_declaration_removes_only_the_withdrawal_nothing_else_explains(
    db: Database, people: dict[str, int], april: dict[str, int]
) -> None:
    with db.transaction() as session:
        first = record_declaration(
            session,
            item_id=april["5.2"],
            person_id=people["Haddad"],
            nature="Co-applicant",
            action_taken=WITHDREW,
        )
        second = record_declaration(
            session,
            item_id=april["5.2"],
            person_id=people["Haddad"],
            nature="Line manager of an applicant",
            action_taken=WITHDREW,
        )
        remove_declaration(session, declaration_id=first.id)
    with db.reading() as session:
        assert not item_quorum(session, item_id=april["5.2"]).quorate
    with db.transaction() as session:
        remove_declaration(session, declaration_id=second.id)
    with db.reading() as session:
        assert item_quorum(session, item_id=april["5.2"]).quorate
        assert declarations_at_meeting(session, meeting_id=april["meeting"]) == []


def test_a_declaration_says_what_the_interest_is_and_may_say_later_what_was_done(
    db: Database, people: dict[str, int], april: dict[str, int]
) -> None:
    with db.transaction() as session:
        with pytest.raises(InvalidInput, match="Say what the interest is"):
            record_declaration(
                session, item_id=april["5.1"], person_id=people["Okafor"], nature="  "
            )
        pending = record_declaration(
            session,
            item_id=april["5.1"],
            person_id=people["Okafor"],
            nature="Trustee of a charity named in the report",
        )
        assert pending.action_taken is None
        done = edit_declaration(session, declaration_id=pending.id, action_taken=NOTED)
    assert done.action_taken is NOTED


def test_a_meetings_declarations_come_in_agenda_order(
    db: Database, people: dict[str, int], april: dict[str, int]
) -> None:
    with db.transaction() as session:
        for item, surname in [("5.2", "Haddad"), ("1", "Okafor"), ("5.1", "Haddad")]:
            record_declaration(
                session,
                item_id=april[item],
                person_id=people[surname],
                nature="An interest",
                action_taken=NOTED,
            )
    with db.reading() as session:
        listed = declarations_at_meeting(session, meeting_id=april["meeting"])
    assert [(d.item_number, d.person) for d in listed] == [
        ("1", "Prof. Hannah Okafor"),
        ("5.1", "Dr Samir Haddad"),
        ("5.2", "Dr Samir Haddad"),
    ]


def test_each_person_has_a_register_across_meetings_and_bodies(
    db: Database, people: dict[str, int], april: dict[str, int]
) -> None:
    with db.transaction() as session:
        rsc = schedule(session, body="RSC", start=dt.datetime(2026, 2, 3, 10))
        emc_june = schedule(session, body="EMC", start=dt.datetime(2026, 6, 9, 14))
        for items, number, nature in [
            (emc_june, "5.1", "Shareholder in a supplier"),
            (april, "5.2", "Co-applicant"),
            (rsc, "5.2", "Supervisor of an applicant"),
        ]:
            record_declaration(
                session,
                item_id=items[number],
                person_id=people["Haddad"],
                nature=nature,
                action_taken=NOTED,
            )
        record_declaration(
            session,
            item_id=april["5.1"],
            person_id=people["Okafor"],
            nature="Trustee",
            action_taken=NOTED,
        )
    with db.reading() as session:
        register = register_of_person(session, person_id=people["Haddad"])
    assert [(d.meeting, d.item_number, d.nature) for d in register] == [
        ("RSC/2026/01", "5.2", "Supervisor of an applicant"),
        ("EMC/2026/01", "5.2", "Co-applicant"),
        ("EMC/2026/02", "5.1", "Shareholder in a supplier"),
    ]
    assert register[0].day == dt.date(2026, 2, 3)
    assert register[0].body == "RSC"


def test_the_whole_register_over_a_period(
    db: Database, people: dict[str, int], april: dict[str, int]
) -> None:
    with db.transaction() as session:
        rsc = schedule(session, body="RSC", start=dt.datetime(2026, 2, 3, 10))
        record_declaration(
            session, item_id=rsc["5.1"], person_id=people["Cole"], nature="Adviser to a bidder"
        )
        record_declaration(
            session, item_id=april["5.1"], person_id=people["Okafor"], nature="Trustee"
        )
    with db.reading() as session:
        spring = register_of_interests(session, start=dt.date(2026, 2, 1), end=dt.date(2026, 4, 14))
        february = register_of_interests(
            session, start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 28)
        )
        emc_only = register_of_interests(
            session, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), body="EMC"
        )
    assert [d.person for d in spring] == ["Prof. Martin Cole", "Prof. Hannah Okafor"]
    assert [d.person for d in february] == ["Prof. Martin Cole"]
    assert [d.meeting for d in emc_only] == ["EMC/2026/01"]


def test_a_confidential_items_public_title_goes_in_public_documents(
    db: Database, people: dict[str, int], april: dict[str, int]
) -> None:
    with db.transaction() as session:
        edit_item(
            session,
            item_id=april["5.2"],
            confidentiality=Confidentiality.CONFIDENTIAL,
            public_title="Research funding matter",
        )
        declared = record_declaration(
            session, item_id=april["5.2"], person_id=people["Haddad"], nature="Co-applicant"
        )
    assert declared.item_title == "Pump-priming awards"
    assert declared.item_title_for_publication == "Research funding matter"


def test_declarations_in_approved_minutes_cannot_change(
    db: Database, people: dict[str, int], april: dict[str, int]
) -> None:
    with db.transaction() as session:
        declared = record_declaration(
            session, item_id=april["5.2"], person_id=people["Haddad"], nature="Co-applicant"
        )
        ref = session.get_one(Meeting, april["meeting"]).ref
        publish_agenda(session, meeting=ref)
        mark_held(session, meeting=ref)
        mark_minutes_drafted(session, meeting=ref, override=True, reason="Not the point here")
        may = schedule(session, body="EMC", start=dt.datetime(2026, 5, 12, 14), business=())
        may_ref = session.get_one(Meeting, may["meeting"]).ref
        publish_agenda(session, meeting=may_ref)
        approve_minutes(session, meeting=ref, at_meeting=may_ref)
    with db.transaction() as session:
        locked = "the meeting is locked"
        with pytest.raises(NotAllowed, match=locked):
            record_declaration(
                session, item_id=april["5.1"], person_id=people["Okafor"], nature="Trustee"
            )
        with pytest.raises(NotAllowed, match=locked):
            edit_declaration(session, declaration_id=declared.id, action_taken=WITHDREW)
        with pytest.raises(NotAllowed, match=locked):
            remove_declaration(session, declaration_id=declared.id)


def test_declarations_and_withdrawals_are_audited(
    db: Database, people: dict[str, int], april: dict[str, int]
) -> None:
    with db.transaction() as session:
        record_declaration(
            session,
            item_id=april["5.2"],
            person_id=people["Haddad"],
            nature="Co-applicant",
            action_taken=WITHDREW,
        )
    with db.reading() as session:
        tables = set(
            session.scalars(
                select(AuditRecord.table_name).where(AuditRecord.what == "insert")
            ).all()
        )
    assert {"declaration", "withdrawal"} <= tables
