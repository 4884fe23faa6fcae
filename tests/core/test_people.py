"""People and their terms of office: ending a membership closes it and keeps the history."""

from __future__ import annotations

import datetime as dt

import pytest

from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed
from ccsc_gov.core.services.approval import approve_minutes, mark_minutes_drafted
from ccsc_gov.core.services.bodies import body_by_code, retire_body
from ccsc_gov.core.services.meetings import mark_held, publish_agenda, schedule_meeting
from ccsc_gov.core.services.people import (
    add_membership,
    add_person,
    change_role,
    edit_membership,
    edit_person,
    end_membership,
    get_person,
    list_memberships,
    list_people,
    members_in_force,
)
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import Role

JOINED = dt.date(2024, 10, 1)


def _emc(db: Database) -> int:
    with db.reading() as session:
        return body_by_code(session, "EMC").id


def test_a_person_is_named_with_their_title(db: Database) -> None:
    with db.transaction() as session:
        okafor = add_person(
            session,
            title="Prof.",
            name="  Hannah   Okafor ",
            position="Centre Director",
            organisation="University of Northgate",
            email="h.okafor@northgate.ac.uk",
        )
        ferreira = add_person(session, title="Dr", name="Luis Ferreira")
        adebayo = add_person(session, name="Ruth Adebayo")
    assert okafor.display_name == "Prof. Hannah Okafor"
    assert ferreira.display_name == "Dr Luis Ferreira"
    assert adebayo.display_name == "Ruth Adebayo"
    with db.reading() as session:
        assert [p.name for p in list_people(session)] == [
            "Ruth Adebayo",
            "Luis Ferreira",
            "Hannah Okafor",
        ]


def test_an_email_address_is_checked_lightly_and_not_shared(db: Database) -> None:
    with db.transaction() as session:
        add_person(session, name="Hannah Okafor", email="h.okafor@northgate.ac.uk")
        with pytest.raises(InvalidInput, match="does not look like an email address"):
            add_person(session, name="Samir Haddad", email="samir.haddad")
        with pytest.raises(InvalidInput, match="Hannah Okafor already has the email address"):
            add_person(session, name="Someone Else", email="H.Okafor@Northgate.ac.uk")
        with pytest.raises(InvalidInput, match="needs a name"):
            add_person(session, name="   ")


def test_a_clerk_corrects_a_persons_details(db: Database) -> None:
    with db.transaction() as session:
        person = add_person(session, title="Dr", name="Aoife Brennan")
        edit_person(session, person_id=person.id, title="Prof.", position="Head of Training")
    with db.reading() as session:
        changed = get_person(session, person_id=person.id)
    assert (changed.display_name, changed.position) == ("Prof. Aoife Brennan", "Head of Training")


def test_ending_a_membership_closes_the_term_and_keeps_it_in_the_history(db: Database) -> None:
    emc = _emc(db)
    with db.transaction() as session:
        cole = add_person(session, title="Prof.", name="Martin Cole")
        term = add_membership(
            session, body="EMC", person_id=cole.id, role=Role.MEMBER, start=JOINED
        )
        end_membership(session, membership_id=term.id, on=dt.date(2026, 3, 31))
    with db.reading() as session:
        on_last_day = members_in_force(session, body_id=emc, on=dt.date(2026, 3, 31))
        after = members_in_force(session, body_id=emc, on=dt.date(2026, 4, 1))
        history = list_memberships(session, person_id=cole.id)
    assert [m.person for m in on_last_day] == ["Prof. Martin Cole"]
    assert after == []
    assert [(m.start, m.end) for m in history] == [(JOINED, dt.date(2026, 3, 31))]


def test_a_term_cannot_end_before_it_started_or_end_twice(db: Database) -> None:
    with db.transaction() as session:
        cole = add_person(session, name="Martin Cole")
        term = add_membership(
            session, body="EMC", person_id=cole.id, role=Role.MEMBER, start=JOINED
        )
        with pytest.raises(InvalidInput, match="cannot end before then"):
            end_membership(session, membership_id=term.id, on=dt.date(2024, 9, 30))
        end_membership(session, membership_id=term.id, on=dt.date(2025, 9, 30))
        with pytest.raises(NotAllowed, match="already ended on 30 September 2025"):
            end_membership(session, membership_id=term.id, on=dt.date(2026, 1, 1))


def test_members_in_force_are_listed_chair_first(db: Database) -> None:
    emc = _emc(db)
    with db.transaction() as session:
        for title, name, role in [
            ("Dr", "Samir Haddad", Role.MEMBER),
            ("Ms", "Ruth Adebayo", Role.SECRETARY),
            ("Dr", "Luis Ferreira", Role.VICE_CHAIR),
            ("Prof.", "Hannah Okafor", Role.CHAIR),
            ("Dr", "Aoife Brennan", Role.MEMBER),
        ]:
            person = add_person(session, title=title, name=name)
            add_membership(session, body="EMC", person_id=person.id, role=role, start=JOINED)
    with db.reading() as session:
        names = [m.person for m in members_in_force(session, body_id=emc, on=dt.date(2026, 3, 10))]
    assert names == [
        "Prof. Hannah Okafor",
        "Dr Luis Ferreira",
        "Dr Aoife Brennan",
        "Dr Samir Haddad",
        "Ms Ruth Adebayo",
    ]


def test_who_votes_follows_the_role_unless_the_clerk_says_otherwise(db: Database) -> None:
    with db.transaction() as session:
        funder = add_person(session, name="Eleanor Price", organisation="The funder")
        observer = add_person(session, name="Tom Hale", organisation="The funder")
        secretary = add_person(session, name="Ruth Adebayo")
        votes = {
            "funder member": add_membership(
                session,
                body="GB",
                person_id=funder.id,
                role=Role.FUNDER_REPRESENTATIVE,
                start=JOINED,
            ).votes,
            "funder observer": add_membership(
                session,
                body="EMC",
                person_id=observer.id,
                role=Role.FUNDER_REPRESENTATIVE,
                start=JOINED,
                votes=False,
            ).votes,
            "secretary": add_membership(
                session, body="EMC", person_id=secretary.id, role=Role.SECRETARY, start=JOINED
            ).votes,
        }
    assert votes == {"funder member": True, "funder observer": False, "secretary": False}


def test_one_person_holds_one_membership_of_a_body_at_a_time_and_one_chair(db: Database) -> None:
    with db.transaction() as session:
        okafor = add_person(session, title="Prof.", name="Hannah Okafor")
        lindqvist = add_person(session, title="Prof.", name="Grace Lindqvist")
        add_membership(session, body="EMC", person_id=okafor.id, role=Role.CHAIR, start=JOINED)
        with pytest.raises(NotAllowed, match=r"Prof\. Hannah Okafor is already on EMC"):
            add_membership(
                session,
                body="EMC",
                person_id=okafor.id,
                role=Role.MEMBER,
                start=dt.date(2025, 1, 1),
            )
        with pytest.raises(NotAllowed, match=r"Prof\. Hannah Okafor is chair of EMC then"):
            add_membership(
                session, body="EMC", person_id=lindqvist.id, role=Role.CHAIR, start=JOINED
            )
        # The same person may of course sit on another body.
        add_membership(session, body="RSC", person_id=okafor.id, role=Role.MEMBER, start=JOINED)


def test_a_member_who_becomes_vice_chair_keeps_the_earlier_term(db: Database) -> None:
    emc = _emc(db)
    with db.transaction() as session:
        ferreira = add_person(session, title="Dr", name="Luis Ferreira")
        term = add_membership(
            session, body="EMC", person_id=ferreira.id, role=Role.MEMBER, start=JOINED
        )
        change_role(session, membership_id=term.id, role=Role.VICE_CHAIR, on=dt.date(2025, 9, 1))
    with db.reading() as session:
        history = list_memberships(session, person_id=ferreira.id)
        before = members_in_force(session, body_id=emc, on=dt.date(2025, 8, 31))
        after = members_in_force(session, body_id=emc, on=dt.date(2025, 9, 1))
    assert [(m.role, m.start, m.end) for m in history] == [
        (Role.MEMBER, JOINED, dt.date(2025, 8, 31)),
        (Role.VICE_CHAIR, dt.date(2025, 9, 1), None),
    ]
    assert [m.role for m in before] == [Role.MEMBER]
    assert [m.role for m in after] == [Role.VICE_CHAIR]


def test_memberships_behind_approved_minutes_cannot_be_changed(db: Database) -> None:
    with db.transaction() as session:
        haddad = add_person(session, title="Dr", name="Samir Haddad")
        term = add_membership(
            session, body="EMC", person_id=haddad.id, role=Role.MEMBER, start=JOINED
        )
    # EMC/2026/01 on 10 February 2026, its minutes approved at EMC/2026/02 on 10 March.
    with db.transaction() as session:
        ref = schedule_meeting(
            session,
            body="EMC",
            start=dt.datetime(2026, 2, 10, 14),
            end=dt.datetime(2026, 2, 10, 16),
        ).ref
        publish_agenda(session, meeting=ref)
        mark_held(session, meeting=ref)
        mark_minutes_drafted(session, meeting=ref, override=True, reason="Not the point here")
        march = schedule_meeting(
            session,
            body="EMC",
            start=dt.datetime(2026, 3, 10, 14),
            end=dt.datetime(2026, 3, 10, 16),
        ).ref
        publish_agenda(session, meeting=march)
        approve_minutes(session, meeting=ref, at_meeting=march)
    with db.transaction() as session:
        with pytest.raises(NotAllowed, match="who was expected at EMC/2026/01"):
            end_membership(session, membership_id=term.id, on=dt.date(2026, 1, 31))
        with pytest.raises(NotAllowed, match="EMC/2026/01"):
            edit_membership(session, membership_id=term.id, votes=False)
        newcomer = add_person(session, name="Yuki Tanaka")
        with pytest.raises(NotAllowed, match="EMC/2026/01"):
            add_membership(
                session, body="EMC", person_id=newcomer.id, role=Role.MEMBER, start=JOINED
            )
        # After the meeting, both are fine.
        end_membership(session, membership_id=term.id, on=dt.date(2026, 2, 10))
        add_membership(
            session, body="EMC", person_id=newcomer.id, role=Role.MEMBER, start=dt.date(2026, 2, 11)
        )


def test_a_retired_body_takes_no_new_members(db: Database) -> None:
    with db.transaction() as session:
        retire_body(session, code="CTSC")
        person = add_person(session, name="Priya Natarajan")
        with pytest.raises(NotAllowed, match="retired and takes no new members"):
            add_membership(
                session, body="CTSC", person_id=person.id, role=Role.MEMBER, start=JOINED
            )
