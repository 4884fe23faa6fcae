"""A clerk sets up bodies and their terms of reference; old terms are kept, never overwritten."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed, NotFound
from ccsc_gov.core.services.approval import approve_minutes, mark_minutes_drafted
from ccsc_gov.core.services.bodies import (
    body_by_code,
    create_body,
    edit_body,
    reinstate_body,
    retire_body,
)
from ccsc_gov.core.services.body_list import list_bodies
from ccsc_gov.core.services.meetings import mark_held, publish_agenda, schedule_meeting
from ccsc_gov.core.services.terms import add_terms_of_reference, list_terms, terms_in_force
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import AuditRecord, Authority, BodyKind, Role
from ccsc_gov.core.store.seed import VOTING_ROLES


def _approved_meeting(db: Database, *, body: str, day: dt.date) -> None:
    """A meeting held on `day` whose minutes were approved at the body's next meeting."""
    with db.transaction() as session:
        start = dt.datetime.combine(day, dt.time(14))
        ref = schedule_meeting(
            session, body=body, start=start, end=start + dt.timedelta(hours=2)
        ).ref
        publish_agenda(session, meeting=ref)
        mark_held(session, meeting=ref)
        mark_minutes_drafted(session, meeting=ref, override=True, reason="Not the point here")
        later = start + dt.timedelta(days=28)
        next_ref = schedule_meeting(
            session, body=body, start=later, end=later + dt.timedelta(hours=2)
        ).ref
        publish_agenda(session, meeting=next_ref)
        approve_minutes(session, meeting=ref, at_meeting=next_ref)


def test_a_clerk_adds_a_scientific_advisory_board_reporting_to_the_board(db: Database) -> None:
    with db.transaction() as session:
        sab = create_body(
            session,
            code=" sab ",
            name="Scientific  Advisory Board",
            kind=BodyKind.BOARD,
            parent="GB",
            independent_chair=True,
        )
    assert (sab.code, sab.name, sab.parent) == ("SAB", "Scientific Advisory Board", "GB")
    with db.reading() as session:
        codes = [b.code for b in list_bodies(session)]
        audited = session.scalars(
            select(AuditRecord.table_name).where(AuditRecord.what == "insert")
        ).all()
    assert codes == ["GB", "EMC", "RSC", "NCTSC", "CTSC", "SAB"]
    assert "body" in audited


@pytest.mark.parametrize(
    ("code", "message"),
    [("emc", "already used by the Executive Management Committee"), ("S/AB", "letters")],
)
def test_a_body_code_is_unique_upper_case_letters_and_digits(
    db: Database, code: str, message: str
) -> None:
    with db.transaction() as session, pytest.raises(InvalidInput, match=message):
        create_body(session, code=code, name="Something new", kind=BodyKind.COMMITTEE)


def test_a_body_reports_to_a_body_that_exists_and_a_subcommittee_to_someone(
    db: Database,
) -> None:
    with db.transaction() as session:
        with pytest.raises(NotFound, match="no body with the code “XYZ”"):
            create_body(session, code="SAB", name="Advisory", kind=BodyKind.BOARD, parent="XYZ")
        with pytest.raises(InvalidInput, match="must report to a parent body"):
            create_body(session, code="DSC", name="Data Subcommittee", kind=BodyKind.SUBCOMMITTEE)


def test_reporting_lines_cannot_go_round_in_a_circle(db: Database) -> None:
    with db.transaction() as session:
        with pytest.raises(NotAllowed, match="already reports, directly or through others"):
            edit_body(session, code="GB", parent="RSC")
        with pytest.raises(NotAllowed):
            edit_body(session, code="EMC", parent="EMC")
        moved = edit_body(session, code="CTSC", parent="GB", kind=BodyKind.COMMITTEE)
    assert (moved.parent, moved.kind) == ("GB", BodyKind.COMMITTEE)


def test_a_body_keeps_its_code_once_it_has_meetings_but_may_be_renamed(db: Database) -> None:
    with db.transaction() as session:
        assert edit_body(session, code="CTSC", new_code="CTC").code == "CTC"
    _approved_meeting(db, body="RSC", day=dt.date(2025, 6, 1))
    with db.transaction() as session:
        with pytest.raises(NotAllowed, match="its code cannot change"):
            edit_body(session, code="RSC", new_code="RS")
        renamed = edit_body(session, code="RSC", name="Research Strategy Subcommittee")
    assert (renamed.code, renamed.name) == ("RSC", "Research Strategy Subcommittee")


def test_retiring_a_body_keeps_it_but_its_subcommittees_go_first(db: Database) -> None:
    with db.transaction() as session:
        with pytest.raises(NotAllowed, match="RSC, NCTSC, CTSC still report to"):
            retire_body(session, code="EMC")
        assert retire_body(session, code="NCTSC").retired
        with pytest.raises(NotAllowed, match="already retired"):
            retire_body(session, code="NCTSC")
        with pytest.raises(NotAllowed, match="is retired, so no body can report to it"):
            create_body(
                session, code="PGR", name="PhD panel", kind=BodyKind.SUBCOMMITTEE, parent="NCTSC"
            )
    with db.reading() as session:
        active = [b.code for b in list_bodies(session, include_retired=False)]
        everyone = [b.code for b in list_bodies(session)]
    assert "NCTSC" not in active
    assert "NCTSC" in everyone
    with db.transaction() as session:
        assert not reinstate_body(session, code="NCTSC").retired


def test_a_new_version_of_the_terms_keeps_the_old_one_in_force_before_it(db: Database) -> None:
    with db.transaction() as session:
        emc = body_by_code(session, "EMC").id
        second = add_terms_of_reference(
            session,
            body="EMC",
            effective_from=dt.date(2026, 1, 1),
            authority=Authority.DECIDE,
            quorum_count=4,
            quorum_fraction=(1, 3),
            quorum_roles=VOTING_ROLES,
            chair_required=True,
            purpose="Runs the Centre.",
            review_date=dt.date(2027, 1, 1),
        )
    assert second.version == 2
    with db.reading() as session:
        versions = list_terms(session, body="EMC")
        before = terms_in_force(session, body_id=emc, on=dt.date(2025, 12, 31))
        after = terms_in_force(session, body_id=emc, on=dt.date(2026, 1, 1))
    assert [t.version for t in versions] == [1, 2]
    assert versions[0].quorum_fraction == (1, 3)
    assert versions[0].quorum_count is None
    assert before is not None
    assert before.version == 1
    assert after is not None
    assert after.version == 2
    assert after.quorum_count == 4
    assert after.quorum_roles == frozenset(VOTING_ROLES)


def test_nothing_is_in_force_before_the_first_version(db: Database) -> None:
    with db.transaction() as session:
        sab = create_body(session, code="SAB", name="Advisory", kind=BodyKind.BOARD)
        assert terms_in_force(session, body_id=sab.id, on=dt.date(2026, 1, 1)) is None


@pytest.mark.parametrize(
    ("count", "fraction", "roles", "message"),
    [
        (None, None, VOTING_ROLES, "needs a number of members, a fraction"),
        (0, None, VOTING_ROLES, "at least one member"),
        (None, (4, 3), VOTING_ROLES, "4/3 cannot be a quorum"),
        (3, None, (), "which membership types count"),
    ],
)
def test_a_quorum_rule_must_make_sense(
    db: Database,
    count: int | None,
    fraction: tuple[int, int] | None,
    roles: tuple[Role, ...],
    message: str,
) -> None:
    with db.transaction() as session, pytest.raises(InvalidInput, match=message):
        add_terms_of_reference(
            session,
            body="RSC",
            effective_from=dt.date(2026, 1, 1),
            authority=Authority.RECOMMEND,
            quorum_count=count,
            quorum_fraction=fraction,
            quorum_roles=roles,
        )


def test_new_terms_cannot_rewrite_the_past(db: Database) -> None:
    rule = dict(authority=Authority.DECIDE, quorum_count=3, quorum_roles=VOTING_ROLES)
    with db.transaction() as session:
        add_terms_of_reference(session, body="EMC", effective_from=dt.date(2026, 1, 1), **rule)
        with pytest.raises(InvalidInput, match="must take effect on or after"):
            add_terms_of_reference(session, body="EMC", effective_from=dt.date(2025, 6, 1), **rule)
    _approved_meeting(db, body="EMC", day=dt.date(2026, 2, 10))
    with db.transaction() as session, pytest.raises(NotAllowed, match="EMC/2026/01"):
        add_terms_of_reference(session, body="EMC", effective_from=dt.date(2026, 2, 10), **rule)
    with db.transaction() as session:
        later = add_terms_of_reference(
            session, body="EMC", effective_from=dt.date(2026, 2, 11), **rule
        )
    assert later.version == 3


def test_the_quorum_is_the_larger_of_the_number_and_the_fraction(db: Database) -> None:
    with db.transaction() as session:
        terms = add_terms_of_reference(
            session,
            body="EMC",
            effective_from=dt.date(2026, 1, 1),
            authority=Authority.DECIDE,
            quorum_count=4,
            quorum_fraction=(1, 3),
            quorum_roles=VOTING_ROLES,
            chair_required=True,
        )
    assert terms.quorum.required(9) == 4  # a third of 9 is 3; 4 is larger
    assert terms.quorum.required(14) == 5  # a third of 14, rounded up
    assert terms.quorum.describe(9) == (
        "quorate with 4 of 9 voting members, including the chair or vice-chair"
    )


def test_the_seeded_rule_reads_as_a_third_of_the_members(db: Database) -> None:
    with db.reading() as session:
        terms = list_terms(session, body="RSC")[0]
    assert terms.quorum.describe(7) == (
        "quorate with 3 of 7 voting members, including the chair or vice-chair"
    )
    assert terms.quorum.required(0) == 1


def test_the_board_decides_between_meetings_by_unanimity_and_the_others_by_a_majority_of_all(
    db: Database,
) -> None:
    with db.reading() as session:
        rules = {
            b.code: terms_in_force(session, body_id=b.id, on=dt.date(2026, 3, 1))
            for b in list_bodies(session)
        }
    assert {code: t.resolution_rule.words() for code, t in rules.items() if t} == {
        "GB": "unanimity of the voting members",
        "EMC": "a majority of all voting members",
        "RSC": "a majority of all voting members",
        "NCTSC": "a majority of all voting members",
        "CTSC": "a majority of all voting members",
    }
    assert all(t and t.written_resolutions and t.chairs_action for t in rules.values())


def test_a_clerk_changes_the_carrying_rule_in_a_new_version_of_the_terms(db: Database) -> None:
    rule = dict(authority=Authority.DECIDE, quorum_count=3, quorum_roles=VOTING_ROLES)
    with db.transaction() as session:
        second = add_terms_of_reference(
            session,
            body="EMC",
            effective_from=dt.date(2026, 4, 1),
            resolution_fraction=(2, 3),
            chairs_action=False,
            **rule,
        )
        # Left out, the next version keeps what the previous one said.
        third = add_terms_of_reference(
            session, body="EMC", effective_from=dt.date(2026, 5, 1), **rule
        )
        with pytest.raises(InvalidInput, match="cannot carry a written resolution"):
            add_terms_of_reference(
                session,
                body="EMC",
                effective_from=dt.date(2026, 6, 1),
                resolution_fraction=(3, 3),
                **rule,
            )
    assert second.resolution_rule.words() == "more than 2/3 of all voting members"
    assert (third.resolution_rule, third.chairs_action) == (second.resolution_rule, False)
    with db.reading() as session:
        before = terms_in_force(session, body_id=second.body_id, on=dt.date(2026, 3, 31))
    assert before is not None
    assert before.resolution_rule.words().startswith("a majority")
