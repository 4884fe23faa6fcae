"""Before the minutes go out: the completeness check. After: approval locks the record, in the
services and in the database itself. And every change is audited."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from approved_record import other_tool
from cycle_helpers import meet, schedule, seat
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import NotAllowed
from ccsc_gov.core.services import (
    actions,
    agenda,
    approval,
    attendance,
    decisions,
    declarations,
    meetings,
)
from ccsc_gov.core.services.common import meeting_by_ref
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.db import open_database
from ccsc_gov.core.store.models import (
    ActionStatus,
    AttendanceCategory,
    AuditRecord,
    Confidentiality,
    DecisionOutcome,
    MeetingStatus,
    Purpose,
)

APRIL, MAY, JUNE = dt.date(2026, 4, 14), dt.date(2026, 5, 12), dt.date(2026, 6, 9)


def test_the_completeness_check_says_what_is_missing_in_plain_words(db: Database) -> None:
    with db.transaction() as s:
        people = seat(s, "EMC")
        april = schedule(s, "EMC", APRIL)
        awards = agenda.add_item(
            s, meeting=april, title="Pump-priming awards", purpose=Purpose.DECISION
        )
        staffing = agenda.add_item(
            s, meeting=april, title="Staffing matter", confidentiality=Confidentiality.CONFIDENTIAL
        )
        actions.add_action(s, item_id=staffing.id, description="Write to the fellow")
        declarations.record_declaration(
            s,
            item_id=awards.id,
            person_id=people["Ferreira"],
            nature="Co-applicant on a shortlisted proposal",
        )
        meet(s, april, [])
        findings = approval.check_minutes(s, meeting=april)
    assert [f.message for f in findings] == [
        "Attendance is not fully recorded: every member expected at the meeting must be marked "
        "present, remote, apologies or absent.",
        "Item 5.1 “Pump-priming awards” is for decision but no decision is recorded for it.",
        "Action EMC/2026/01/A1 (item 5.2) has no owner and no due date.",
        "The declaration of interest by Luis Ferreira on item 5.1 does not say what was done "
        "(withdrew, took no part in the decision, or noted).",
        "Item 5.2 “Staffing matter” is confidential but has no public title, so the public "
        "minutes could not show that it was taken.",
    ]
    assert [f.item for f in findings] == [None, "5.1", "5.2", "5.1", "5.2"]


def test_an_inquorate_meeting_is_a_finding(db: Database) -> None:
    with db.transaction() as s:
        people = seat(s, "EMC")
        april = schedule(s, "EMC", APRIL)
        meet(s, april, [people["Natarajan"]])
        meeting_id = meeting_by_ref(s, april).id
        for absent in ("Okafor", "Ferreira"):
            attendance.record_attendance(
                s,
                meeting_id=meeting_id,
                person_id=people[absent],
                category=AttendanceCategory.APOLOGIES,
            )
        findings = approval.check_minutes(s, meeting=april)
    assert len(findings) == 1
    assert findings[0].message.startswith("The meeting was not quorate (inquorate:")


def test_incomplete_minutes_are_drafted_only_with_an_audited_override(db: Database) -> None:
    with db.transaction() as s:
        april = schedule(s, "EMC", APRIL)
        meet(s, april, [])
    with db.transaction() as s, pytest.raises(NotAllowed, match="not complete yet") as refusal:
        approval.mark_minutes_drafted(s, meeting=april)
    assert "• Attendance is not fully recorded" in str(refusal.value)
    with db.transaction() as s:
        approval.mark_minutes_drafted(
            s, meeting=april, override=True, reason="Attendance sheet lost; chair confirmed quorum"
        )
    with db.reading() as s:
        assert meetings.get_meeting(s, meeting=april).status is MeetingStatus.MINUTES_DRAFTED
        override = s.scalars(select(AuditRecord).where(AuditRecord.what == "override")).one()
        assert override.table_name == "meeting"
        assert "Attendance is not fully recorded" in override.note
        assert "chair confirmed quorum" in override.note
        assert override.who


@dataclass(frozen=True)
class Approved:
    april: str
    may: str
    item_id: int
    decision: str
    action: str
    people: dict[str, int]


def _approve_april(db: Database, amendments: str = "") -> Approved:
    """April is held, minuted and approved at May."""
    with db.transaction() as s:
        people = seat(s, "EMC")
        april = schedule(s, "EMC", APRIL)
        item = agenda.add_item(
            s, meeting=april, title="Annual report to the funder", purpose=Purpose.APPROVAL
        )
        meet(s, april, people.values())
        agenda.write_minutes(s, item_id=item.id, text="The Committee discussed the draft.")
        decision = decisions.record_decision(
            s, item_id=item.id, text="Approved.", outcome=DecisionOutcome.APPROVED
        )
        action = actions.add_action(
            s,
            item_id=item.id,
            description="Circulate the report",
            owner_ids=[people["Natarajan"]],
            due=dt.date(2026, 4, 30),
        )
        approval.mark_minutes_drafted(s, meeting=april)
        may = schedule(s, "EMC", MAY)
        meet(s, may, people.values())
        approval.approve_minutes(s, meeting=april, at_meeting=may, amendments=amendments)
    return Approved(april, may, item.id, decision.ref, action.ref, people)


def test_minutes_are_approved_at_a_later_meeting_as_a_correct_record(db: Database) -> None:
    done = _approve_april(db, amendments="Minute 5.1: “twelve” for “ten” studentships.")
    with db.reading() as s:
        summary = meetings.get_meeting(s, meeting=done.april)
        recorded = decisions.list_decisions(s, meeting=done.may)
    assert (summary.status, summary.approved_at) == (MeetingStatus.MINUTES_APPROVED, done.may)
    assert [(d.ref, d.item_number, d.outcome) for d in recorded] == [
        ("EMC/2026/02/D1", "3", DecisionOutcome.APPROVED)
    ]
    assert recorded[0].text == (
        "The minutes of the meeting held on 14 April 2026 (EMC/2026/01) were approved as a "
        "correct record, subject to the following amendments: Minute 5.1: “twelve” for “ten” "
        "studentships."
    )


def test_minutes_are_approved_only_by_a_later_meeting_of_the_same_body(db: Database) -> None:
    with db.transaction() as s:
        people = seat(s, "EMC")
        march = schedule(s, "EMC", dt.date(2026, 3, 10))
        april = schedule(s, "EMC", APRIL)
        may = schedule(s, "EMC", MAY)
        board = schedule(s, "GB", MAY)
        for ref in (march, april):
            meet(s, ref, people.values())
        approval.mark_minutes_drafted(s, meeting=april, override=True)
        meet(s, board, [])
    cases = [
        (march, "is not later"),
        (board, "same body"),
        (may, "has not met yet"),
        (april, "is not later"),
    ]
    for at, words in cases:
        with db.transaction() as s, pytest.raises(NotAllowed, match=words):
            approval.approve_minutes(s, meeting=april, at_meeting=at)


def test_the_next_minutes_to_approve_are_the_earliest_draft_before_the_meeting(
    db: Database,
) -> None:
    with db.transaction() as s:
        people = seat(s, "EMC")
        march = schedule(s, "EMC", dt.date(2026, 3, 10))
        april = schedule(s, "EMC", APRIL)
        may = schedule(s, "EMC", MAY)
        board = schedule(s, "GB", dt.date(2026, 3, 3))
        for ref, present in ((march, people), (april, people), (board, {})):
            meet(s, ref, present.values())
            approval.mark_minutes_drafted(s, meeting=ref, override=True, reason="A test")
        meetings.publish_agenda(s, meeting=may)
    with db.reading() as s:
        next_at = {
            ref: found.ref if (found := meetings.next_draft_to_approve(s, meeting=ref)) else None
            for ref in (march, april, may)
        }
    # The board's draft belongs to another body; March's comes before April's.
    assert next_at == {march: None, april: march, may: march}


LockedChange = Callable[[Session, Approved], object]

REFUSED: dict[str, LockedChange] = {
    "add an item": lambda s, a: agenda.add_item(s, meeting=a.april, title="Late paper"),
    "edit an item": lambda s, a: agenda.edit_item(s, item_id=a.item_id, title="Other"),
    "rewrite a minute": lambda s, a: agenda.write_minutes(s, item_id=a.item_id, text="No."),
    "move an item": lambda s, a: agenda.move_item(s, item_id=a.item_id, under=None),
    "remove an item": lambda s, a: agenda.remove_item(s, item_id=a.item_id),
    "record a decision": lambda s, a: decisions.record_decision(
        s, item_id=a.item_id, text="Also noted.", outcome=DecisionOutcome.NOTED
    ),
    "edit a decision": lambda s, a: decisions.edit_decision(s, decision=a.decision, text="No."),
    "remove a decision": lambda s, a: decisions.remove_decision(s, decision=a.decision),
    "add an action": lambda s, a: actions.add_action(s, item_id=a.item_id, description="More"),
    "reword an action": lambda s, a: actions.edit_action(s, action=a.action, description="No"),
    "remove an action": lambda s, a: actions.remove_action(s, action=a.action),
    "move the meeting": lambda s, a: meetings.edit_meeting(s, meeting=a.april, location="X"),
    "change attendance": lambda s, a: attendance.record_attendance(
        s,
        meeting_id=meeting_by_ref(s, a.april).id,
        person_id=a.people["Okafor"],
        category=AttendanceCategory.APOLOGIES,
    ),
    "approve again": lambda s, a: approval.approve_minutes(s, meeting=a.april, at_meeting=a.may),
}


@pytest.mark.parametrize("change", REFUSED.values(), ids=REFUSED.keys())
def test_approving_the_minutes_locks_the_meeting_in_every_service(
    db: Database, change: LockedChange
) -> None:
    done = _approve_april(db)
    with db.transaction() as s, pytest.raises(NotAllowed, match="locked"):
        change(s, done)


def test_an_action_of_approved_minutes_lives_on_at_later_meetings(db: Database) -> None:
    done = _approve_april(db)
    with db.transaction() as s:
        actions.revise_due_date(s, action=done.action, due=dt.date(2026, 6, 30))
        june = schedule(s, "EMC", JUNE)
        meet(s, june, done.people.values())
        actions.close_action(s, action=done.action, at_meeting=june)
        view = actions.action_view(s, action=done.action)
    assert (view.status, view.closed_at, view.original_due) == (
        ActionStatus.CLOSED,
        june,
        dt.date(2026, 4, 30),
    )


RAW_REFUSED = {
    "the meeting": "UPDATE meeting SET location = 'Elsewhere' WHERE ref = 'EMC/2026/01'",
    "its deletion": "DELETE FROM meeting WHERE ref = 'EMC/2026/01'",
    "an item": "UPDATE agenda_item SET minutes = 'Rewritten' WHERE id = {item}",
    "a new item": "INSERT INTO agenda_item (meeting_id, position, title, purpose, public_title,"
    " presenter, papers, confidentiality, confidentiality_reason, minutes) SELECT id, 99, 'Late',"
    " 'to note', '', '', '', 'open', '', '' FROM meeting WHERE ref = 'EMC/2026/01'",
    "a decision": "DELETE FROM decision WHERE ref = '{decision}'",
    "an action's wording": "UPDATE action SET description = 'Rewritten' WHERE ref = '{action}'",
    "an action's owners": "DELETE FROM action_owner WHERE action_id ="
    " (SELECT id FROM action WHERE ref = '{action}')",
    "attendance": "UPDATE attendance SET category = 'absent'",
}


@pytest.mark.parametrize("statement", RAW_REFUSED.values(), ids=RAW_REFUSED.keys())
def test_the_database_itself_refuses_to_change_approved_minutes(
    db: Database, statement: str
) -> None:
    done = _approve_april(db)
    sql = statement.format(item=done.item_id, decision=done.decision, action=done.action)
    with other_tool(db) as conn, pytest.raises(IntegrityError, match="locked"):
        conn.execute(text(sql))


def test_a_stray_script_may_still_record_an_approved_actions_later_life(db: Database) -> None:
    done = _approve_april(db)
    with other_tool(db) as conn:
        conn.execute(
            text(
                "UPDATE action SET status = 'completed', completed_on = :on, due_date = :due "
                "WHERE ref = :ref"
            ),
            {"on": dt.date(2026, 5, 20), "due": dt.date(2026, 5, 31), "ref": done.action},
        )
        # The next meeting's record is not locked.
        conn.execute(
            text(
                "UPDATE agenda_item SET minutes = 'Noted.' WHERE meeting_id = "
                "(SELECT id FROM meeting WHERE ref = :ref)"
            ),
            {"ref": done.may},
        )
    with db.reading() as s:
        assert actions.action_view(s, action=done.action).status is ActionStatus.COMPLETED


def test_the_sessions_own_flush_is_refused_by_the_database_too(db: Database) -> None:
    """Even code that bypasses the services cannot rewrite approved minutes."""
    done = _approve_april(db)
    with pytest.raises(IntegrityError, match="locked"), db.transaction() as s:
        s.execute(
            text("UPDATE decision SET text = 'Rejected.' WHERE ref = :ref"), {"ref": done.decision}
        )


def test_every_change_is_audited_with_who_what_before_and_after(db: Database) -> None:
    with db.transaction() as s:
        april = schedule(s, "EMC", APRIL)
        item = agenda.add_item(s, meeting=april, title="Finance report")
    with db.transaction() as s:
        agenda.edit_item(s, item_id=item.id, title="Finance report, quarter 3")
    with db.reading() as s:
        trail = s.scalars(
            select(AuditRecord)
            .where(AuditRecord.table_name == "agenda_item", AuditRecord.row_key == str(item.id))
            .order_by(AuditRecord.id)
        ).all()
        assert [r.what for r in trail] == ["insert", "update"]
        inserted, updated = trail
        assert inserted.who
        assert inserted.before is None
        assert json.loads(inserted.after or "")["title"] == "Finance report"
        assert json.loads(updated.before or "")["title"] == "Finance report"
        assert json.loads(updated.after or "")["title"] == "Finance report, quarter 3"


def test_minutes_are_approved_oldest_draft_first_even_by_a_script(db: Database) -> None:
    with db.transaction() as s:
        people = seat(s, "EMC")
        march = schedule(s, "EMC", dt.date(2026, 3, 10))
        april = schedule(s, "EMC", APRIL)
        may = schedule(s, "EMC", MAY)
        for ref in (march, april):
            meet(s, ref, people.values())
            approval.mark_minutes_drafted(s, meeting=ref, override=True, reason="A test")
        meetings.publish_agenda(s, meeting=may)
    with db.transaction() as s, pytest.raises(NotAllowed) as refused:
        approval.approve_minutes(s, meeting=april, at_meeting=may)
    assert str(refused.value).startswith(f"{march}'s minutes must be approved first")
    with db.reading() as s:
        assert meeting_by_ref(s, april).status is MeetingStatus.MINUTES_DRAFTED
    with db.transaction() as s:
        approval.approve_minutes(s, meeting=march, at_meeting=may)
        approval.approve_minutes(s, meeting=april, at_meeting=may)
    with db.reading() as s:
        assert meeting_by_ref(s, april).status is MeetingStatus.MINUTES_APPROVED


@pytest.mark.sqlite_only
def test_approving_minutes_keeps_a_backup_of_the_database_as_it_stood(db: Database) -> None:
    with db.transaction() as s:
        people = seat(s, "EMC")
        april = schedule(s, "EMC", APRIL)
        may = schedule(s, "EMC", MAY)
        meet(s, april, people.values())
        approval.mark_minutes_drafted(s, meeting=april, override=True, reason="A test")
        meetings.publish_agenda(s, meeting=may)
    with db.transaction() as s:
        approved = approval.approve_minutes(s, meeting=april, at_meeting=may)
    assert approved.backup is not None
    assert "before-approval" in approved.backup.name
    copy = open_database(str(approved.backup), create=False, upgrade=False)
    try:
        with copy.reading() as s:
            # The copy was taken before the approval: there, the minutes are still a draft.
            assert meeting_by_ref(s, april).status is MeetingStatus.MINUTES_DRAFTED
    finally:
        copy.close()
