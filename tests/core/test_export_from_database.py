"""Documents made from a real database: the demo history, built through the services, read
back by `core.export.gather` and written by the writers, then reopened and read as a clerk
(and a member of the public) would."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from demo_database import DEMO_UNTIL
from docx.document import Document
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from icalendar import Calendar
from openpyxl import load_workbook
from sqlalchemy import event
from sqlalchemy.orm import Session

from ccsc_gov.core.export import gather
from ccsc_gov.core.export.action_log import write_action_log
from ccsc_gov.core.export.calendar import meeting_uid, write_calendar
from ccsc_gov.core.export.excel import HEADER_ROW, write_action_log_xlsx
from ccsc_gov.core.export.minutes import WITHHELD, write_minutes
from ccsc_gov.core.export.registers import (
    write_attendance_register,
    write_declarations_register,
)
from ccsc_gov.core.export.text import blocks, clean_line, short_date
from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed, NotFound
from ccsc_gov.core.governance.lifecycle import TOOK_PLACE
from ccsc_gov.core.services import (
    actions,
    agenda,
    approval,
    attendance,
    decisions,
    declarations,
    matters_arising,
    meeting_list,
    meetings,
)
from ccsc_gov.core.services.agenda import AgendaItemView
from ccsc_gov.core.services.common import meeting_by_ref
from ccsc_gov.core.services.meeting_list import MeetingSummary
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import (
    ActionStatus,
    AttendanceCategory,
    Confidentiality,
    DeclarationAction,
    MeetingStatus,
    StandardItem,
)
from ccsc_gov.core.store.schema import Base

# --- reading what was written ---------------------------------------------------------------


def package_text(path: Path) -> dict[str, str]:
    """Every part of the .docx package as text, entities resolved: what anyone unzipping the
    file could read."""
    with zipfile.ZipFile(path) as package:
        return {
            name: html.unescape(package.read(name).decode("utf-8", "replace"))
            for name in package.namelist()
        }


def header_text(document: Document) -> str:
    texts = []
    for part in document.part.package.iter_parts():
        if isinstance(part, XmlPart) and part.partname.startswith("/word/header"):
            for paragraph in part.element.iter(qn("w:p")):
                texts.append("".join(t.text or "" for t in paragraph.iter(qn("w:t"))))
    return "\n".join(texts)


def body_texts(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def table_rows(document: Document, index: int) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in document.tables[index].rows]


def minutes_file(
    session: Session, ref: str, folder: Path, *, public: bool = False
) -> tuple[Path, Document]:
    target = folder / f"{ref.replace('/', '-')}{'-public' if public else ''}.docx"
    write_minutes(gather.minutes_snapshot(session, meeting=ref), target, public=public)
    return target, docx.Document(str(target))


# --- finding the demo's meetings --------------------------------------------------------------


def held(session: Session, body: str | None = None) -> list[MeetingSummary]:
    return [m for m in meeting_list.list_meetings(session, body=body) if m.status in TOOK_PLACE]


def following(session: Session, meeting: MeetingSummary) -> MeetingSummary:
    return next(
        m
        for m in meeting_list.list_meetings(session, body=meeting.body)
        if m.start > meeting.start and m.status is not MeetingStatus.CANCELLED
    )


def confidential_items(session: Session, ref: str) -> list[AgendaItemView]:
    return [
        i
        for i in agenda.agenda(session, meeting=ref)
        if i.confidentiality is not Confidentiality.OPEN
    ]


def secrets_of(session: Session, ref: str, item: AgendaItemView) -> list[str]:
    """Every text of a confidential item, from every place it is recorded."""
    texts = [item.title, *(block.text for block in blocks(item.minutes))]
    texts += [p.strip() for p in item.papers.split(",") if p.strip()]
    for decision in decisions.list_decisions(session, meeting=ref):
        if decision.item_id == item.id:
            texts += [decision.ref, decision.text]
    for action in actions.list_actions(session, meeting=ref):
        if action.origin_item == item.number:
            texts += [action.ref, action.description]
    for declaration in declarations.declarations_at_meeting(
        session, meeting_id=meeting_by_ref(session, ref).id
    ):
        if declaration.item_id == item.id:
            texts.append(declaration.nature)
    return [clean_line(t) for t in texts if clean_line(t)]


def meeting_with_confidential_business(session: Session) -> tuple[MeetingSummary, AgendaItemView]:
    """An approved meeting with a confidential item under which a decision and an action were
    recorded, whose action the body's next meeting reviewed."""
    for meeting in held(session):
        if meeting.status is not MeetingStatus.MINUTES_APPROVED:
            continue
        for item in confidential_items(session, meeting.ref):
            raised = [
                a
                for a in actions.list_actions(session, meeting=meeting.ref)
                if a.origin_item == item.number
            ]
            decided = [
                d
                for d in decisions.list_decisions(session, meeting=meeting.ref)
                if d.item_id == item.id
            ]
            later = following(session, meeting)
            reviewed = {c.ref for c in matters_arising.matters_arising(session, meeting=later.ref)}
            if decided and raised and raised[0].ref in reviewed:
                return meeting, item
    raise AssertionError("the demo has no confidential business with a decision and an action")


def drafted_meeting(session: Session, body: str) -> MeetingSummary:
    return next(m for m in held(session, body) if m.status is MeetingStatus.MINUTES_DRAFTED)


# --- confidential business ----------------------------------------------------------------


def test_public_minutes_of_a_demo_meeting_hold_no_text_of_its_confidential_item(
    demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.reading() as session:
        meeting, item = meeting_with_confidential_business(session)
        secrets = secrets_of(session, meeting.ref, item)
        full, _ = minutes_file(session, meeting.ref, tmp_path)
        public, document = minutes_file(session, meeting.ref, tmp_path, public=True)
    assert len(secrets) >= 6  # title, minute, paper, decision (ref, text), action (ref, text)
    everything = "\n".join(package_text(full).values())
    for secret in secrets:
        assert secret in everything, f"the full minutes should hold {secret!r}"
    for part, text in package_text(public).items():
        for secret in secrets:
            assert secret not in text, f"{secret!r} leaked into {part} of the public minutes"
    texts = body_texts(document)
    heading = texts.index(f"{item.number}\t{item.public_title}")
    assert texts[heading + 1] == WITHHELD
    assert "Actions arising from confidential items are recorded in the confidential minutes." in (
        texts
    )


def test_a_confidential_action_stays_out_of_the_next_meetings_public_matters_arising(
    demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.reading() as session:
        meeting, item = meeting_with_confidential_business(session)
        later = following(session, meeting)
        [raised, *_] = [
            a
            for a in actions.list_actions(session, meeting=meeting.ref)
            if a.origin_item == item.number
        ]
        snapshot = gather.minutes_snapshot(session, meeting=later.ref)
        full, full_document = minutes_file(session, later.ref, tmp_path)
        public, document = minutes_file(session, later.ref, tmp_path, public=True)
    [carried] = [c for c in snapshot.carried_actions if c.ref == raised.ref]
    assert carried.confidential
    assert carried.description == raised.description
    assert not any(c.confidential for c in snapshot.carried_actions if c.ref != raised.ref)
    # The full minutes keep it, and are marked confidential for it.
    assert raised.description in "\n".join(package_text(full).values())
    assert "CONFIDENTIAL" in header_text(full_document)
    for part, text in package_text(public).items():
        assert raised.description not in text, f"the action leaked into {part}"
    [row] = [r for r in table_rows(document, 0) if r[0] == raised.ref]
    assert row[1:4] == ["Confidential action — withheld", "", ""]


def test_a_declaration_on_a_confidential_item_is_withheld_from_public_minutes_and_register(
    demo_copy: Database, tmp_path: Path
) -> None:
    nature = "Holds shares in Osprey Analytics plc"
    with demo_copy.transaction() as session:
        meeting = next(
            m
            for m in held(session)
            if m.status is MeetingStatus.MINUTES_DRAFTED and confidential_items(session, m.ref)
        )
        item = confidential_items(session, meeting.ref)[0]
        member = attendance.meeting_attendance(session, meeting_id=meeting.id).present[0]
        declarations.record_declaration(
            session,
            item_id=item.id,
            person_id=member.person_id,
            nature=nature,
            action_taken=DeclarationAction.WITHDREW,
        )
    with demo_copy.reading() as session:
        secrets = secrets_of(session, meeting.ref, item)
        public, document = minutes_file(session, meeting.ref, tmp_path, public=True)
        register = gather.declarations_register_snapshot(session, today=DEMO_UNTIL)
    assert nature in secrets
    for part, text in package_text(public).items():
        for secret in secrets:
            assert secret not in text, f"{secret!r} leaked into {part}"
    assert (
        "One further declaration of interest was made in respect of a confidential item."
        in body_texts(document)
    )
    [record] = [r for r in register.records if r.meeting_ref == meeting.ref]
    assert (record.person, record.item_number) == (member.name, item.number)
    assert record.item_title == item.public_title
    assert record.nature == gather.WITHHELD_NATURE
    target = tmp_path / "register.docx"
    write_declarations_register(register, target)
    for part, text in package_text(target).items():
        assert nature not in text, f"leaked into {part}"
        assert item.title not in text, f"leaked into {part}"


def test_amendments_to_minutes_with_confidential_business_stay_out_of_public_minutes(
    demo_copy: Database, tmp_path: Path
) -> None:
    amendment = "Minute 7.1: the Osprey bid was for £1.2m, not £1.1m."
    with demo_copy.transaction() as session:
        draft = next(
            m
            for m in held(session)
            if m.status is MeetingStatus.MINUTES_DRAFTED and confidential_items(session, m.ref)
        )
        later = following(session, draft)
        if later.status is MeetingStatus.PLANNED:
            meetings.publish_agenda(session, meeting=later.ref)
        approved = approval.approve_minutes(
            session, meeting=draft.ref, at_meeting=later.ref, amendments=amendment
        )
    with demo_copy.reading() as session:
        full_draft, _ = minutes_file(session, draft.ref, tmp_path)
        public_draft, draft_document = minutes_file(session, draft.ref, tmp_path, public=True)
        full_later, _ = minutes_file(session, later.ref, tmp_path)
        public_later, later_document = minutes_file(session, later.ref, tmp_path, public=True)

    # Kept with the confidential minutes of the meeting they amend, and only there.
    assert amendment in "\n".join(package_text(full_draft).values())
    for document in (public_draft, full_later, public_later):
        for part, text in package_text(document).items():
            assert "Osprey bid" not in text, f"the amendment leaked into {part} of {document}"
    pointer = f"subject to amendments recorded in the confidential minutes of {draft.ref}."
    assert approved.decision.text.endswith(pointer)
    assert any(text.endswith(pointer) for text in body_texts(later_document))
    assert any(
        text.endswith("subject to amendments recorded in the confidential minutes.")
        for text in body_texts(draft_document)
    )


# --- the minutes of a meeting ---------------------------------------------------------------


def test_draft_minutes_are_marked_draft_and_approved_ones_say_where_they_were_approved(
    demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.reading() as session:
        draft = drafted_meeting(session, "EMC")
        approved = next(
            m for m in held(session, "EMC") if m.status is MeetingStatus.MINUTES_APPROVED
        )
        approver = meetings.get_meeting(session, meeting=approved.approved_at or "")
        draft_snapshot = gather.minutes_snapshot(session, meeting=draft.ref)
        approved_snapshot = gather.minutes_snapshot(session, meeting=approved.ref)
        _, draft_document = minutes_file(session, draft.ref, tmp_path, public=True)
        _, approved_document = minutes_file(session, approved.ref, tmp_path, public=True)
    assert draft_snapshot.draft
    assert draft_snapshot.approval is None
    assert "DRAFT — subject to approval" in header_text(draft_document)
    assert "DRAFT — subject to approval" in body_texts(draft_document)
    # The draft's signature block is there, blank; only approved minutes say where.
    assert not any("Approved as a correct record" in t for t in body_texts(draft_document))
    assert body_texts(draft_document)[-1].startswith("Signed ……")

    assert approved_snapshot.approval == gather.Approval(
        meeting_ref=approver.ref, date=approver.start.date()
    )
    on = f"{approver.start.day} {approver.start:%B %Y}"
    texts = body_texts(approved_document)
    assert f"Approved at meeting {approver.ref} on {on}" in texts
    assert f"Approved as a correct record at meeting {approver.ref} on {on}." in texts
    assert texts[-1].startswith("Signed")
    assert texts[-1].endswith(", Chair")
    assert "DRAFT" not in header_text(approved_document)
    assert not any("DRAFT" in text for text in texts)


def test_the_minutes_action_table_matches_the_meetings_actions(
    demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.reading() as session:
        meeting = max(
            held(session, "EMC"),
            key=lambda m: len(actions.list_actions(session, meeting=m.ref)),
        )
        raised = actions.list_actions(session, meeting=meeting.ref)
        _, document = minutes_file(session, meeting.ref, tmp_path)
    # The minutes record each due date as the meeting agreed it, later revisions aside.
    expected = [
        [
            a.ref,
            a.origin_item,
            a.description,
            ", ".join(a.owners),
            short_date(a.original_due) if a.original_due else "No date",
        ]
        for a in raised
    ]
    assert len(expected) >= 2
    rows = table_rows(document, -1)
    assert rows[0] == ["Ref", "Item", "Action", "Owner", "Due"]
    assert rows[1:] == expected


def test_a_due_date_revised_later_leaves_the_minutes_as_agreed(
    demo_copy: Database, tmp_path: Path
) -> None:
    with demo_copy.transaction() as session:
        meeting = drafted_meeting(session, "EMC")
        action = actions.list_actions(session, meeting=meeting.ref)[0]
        assert action.due is not None
        later_due = action.due + dt.timedelta(weeks=8)
        actions.revise_due_date(
            session,
            action=action.ref,
            due=later_due,
            reason="The trust asked for more time.",
            today=meeting.start.date() + dt.timedelta(days=10),
        )
    with demo_copy.reading() as session:
        snapshot = gather.minutes_snapshot(session, meeting=meeting.ref)
        log = gather.action_log_snapshot(session, body="EMC", today=DEMO_UNTIL)
    [entry] = [a for item in snapshot.items for a in item.actions if a.ref == action.ref]
    assert entry.due == action.due
    [row] = [r for r in log.rows if r.ref == action.ref]
    assert (row.due, row.original_due) == (later_due, action.due)


def test_matters_arising_list_the_actions_the_meeting_reviewed_with_their_notes(
    demo_db: Database,
) -> None:
    with demo_db.reading() as session:
        meeting = max(
            held(session, "EMC"),
            key=lambda m: len(matters_arising.matters_arising(session, meeting=m.ref)),
        )
        reviewed = matters_arising.matters_arising(session, meeting=meeting.ref)
        history = {
            c.ref: actions.action_history(session, action=c.ref, today=DEMO_UNTIL) for c in reviewed
        }
        snapshot = gather.minutes_snapshot(session, meeting=meeting.ref)
    assert [(c.ref, c.status, c.due, c.owners) for c in snapshot.carried_actions] == [
        (c.ref, c.status, c.due, c.owners) for c in reviewed
    ]
    for carried in snapshot.carried_actions:
        notes = [n.text for n in history[carried.ref].notes if n.meeting == meeting.ref]
        assert carried.note == (notes[-1] if notes else "")
    assert any(c.note for c in snapshot.carried_actions)
    assert any(c.status is ActionStatus.CLOSED for c in snapshot.carried_actions)


def test_the_minutes_name_an_item_made_inquorate_by_withdrawals(
    demo_copy: Database, tmp_path: Path
) -> None:
    with demo_copy.transaction() as session:
        meeting = drafted_meeting(session, "EMC")
        item = next(
            i
            for i in agenda.agenda(session, meeting=meeting.ref)
            if i.standard is None and i.confidentiality is Confidentiality.OPEN
        )
        voting = [
            m.person_id
            for m in attendance.expected_attendees(session, meeting_id=meeting.id)
            if m.votes
        ]
        present = [
            line
            for line in attendance.meeting_attendance(session, meeting_id=meeting.id).present
            if line.person_id in voting
        ]
        for line in present[: len(present) - 1]:
            answer = attendance.withdraw_from_item(
                session, item_id=item.id, person_id=line.person_id
            )
        assert not answer.quorate
    with demo_copy.reading() as session:
        snapshot = gather.minutes_snapshot(session, meeting=meeting.ref)
        _, document = minutes_file(session, meeting.ref, tmp_path)
    assert snapshot.quorum is not None
    assert snapshot.quorum.quorate
    assert snapshot.quorum.inquorate_items == (item.number,)
    [minuted] = [i for i in snapshot.items if i.number == item.number]
    assert minuted.quorum is not None
    assert not minuted.quorum.quorate
    assert len(minuted.quorum.withdrawn) == len(present) - 1
    texts = body_texts(document)
    assert any(
        t.startswith("The meeting was quorate")
        and t.endswith(f"Item {item.number} was inquorate following withdrawals.")
        for t in texts
    )
    assert any("withdrew for this item. The item was inquorate" in t for t in texts)


def test_the_next_meeting_is_the_bodys_next_one_not_cancelled(demo_copy: Database) -> None:
    with demo_copy.transaction() as session:
        meeting = drafted_meeting(session, "EMC")
        upcoming = following(session, meeting)
        assert gather.minutes_snapshot(session, meeting=meeting.ref).next_meeting == (
            upcoming.start
        )
        january = dt.datetime(upcoming.start.year + 1, 1, 12, 14)
        meetings.schedule_meeting(
            session,
            body="EMC",
            start=january,
            end=january + dt.timedelta(hours=2),
            location="Board Room",
        )
        meetings.cancel_meeting(session, meeting=upcoming.ref)
    with demo_copy.reading() as session:
        snapshot = gather.minutes_snapshot(session, meeting=meeting.ref)
        with pytest.raises(NotAllowed, match="was cancelled, so it has no minutes"):
            gather.minutes_snapshot(session, meeting=upcoming.ref)
    assert (snapshot.next_meeting, snapshot.next_meeting_location) == (january, "Board Room")


def test_the_attendance_lists_and_quorum_come_from_the_attendance_record(
    demo_db: Database,
) -> None:
    with demo_db.reading() as session:
        meeting = drafted_meeting(session, "EMC")
        lists = attendance.meeting_attendance(session, meeting_id=meeting.id)
        quorum = attendance.meeting_quorum(session, meeting_id=meeting.id)
        snapshot = gather.minutes_snapshot(session, meeting=meeting.ref)
    assert [p.name for p in snapshot.present] == [line.name for line in lists.present]
    assert [p.name for p in snapshot.apologies] == [line.name for line in lists.apologies]
    assert [p.name for p in snapshot.in_attendance] == [line.name for line in lists.in_attendance]
    assert snapshot.quorum is not None
    assert (snapshot.quorum.voting_present, snapshot.quorum.voting_members) == (
        quorum.present,
        quorum.voting_members,
    )
    assert snapshot.quorum.quorate == quorum.quorate


def test_an_unknown_meeting_is_a_clear_error(demo_db: Database) -> None:
    with demo_db.reading() as session, pytest.raises(NotFound, match="“EMC/2099/01”"):
        gather.minutes_snapshot(session, meeting="EMC/2099/01")


# --- the agenda -----------------------------------------------------------------------------


def test_the_agenda_lists_the_meetings_items_and_the_secretary(demo_db: Database) -> None:
    with demo_db.reading() as session:
        meeting, item = meeting_with_confidential_business(session)
        views = agenda.agenda(session, meeting=meeting.ref)
        snapshot = gather.agenda_snapshot(session, meeting=meeting.ref)
        upcoming = next(
            m
            for m in meeting_list.list_meetings(session, body="EMC")
            if m.status is MeetingStatus.AGENDA_PUBLISHED
        )
        to_come = gather.agenda_snapshot(session, meeting=upcoming.ref, today=DEMO_UNTIL)
    assert [(e.number, e.title, e.confidential) for e in snapshot.items] == [
        (v.number, v.title, v.confidentiality is not Confidentiality.OPEN) for v in views
    ]
    assert [e.number for e in snapshot.items if e.confidential] == [item.number]
    assert snapshot.secretary == "Ms Ruth Adebayo"
    assert snapshot.issued_on is None  # held already: no issue date to print
    assert to_come.issued_on == DEMO_UNTIL


# --- the action log -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"body": "EMC"},
        {"status": ActionStatus.IN_PROGRESS},
        {"overdue": True},
        {"body": "EMC", "status": ActionStatus.OPEN, "overdue": False},
    ],
    ids=["all", "one body", "a status", "overdue", "combined filters"],
)
def test_the_action_log_rows_are_the_services_action_log(
    demo_db: Database, filters: dict[str, Any]
) -> None:
    with demo_db.reading() as session:
        views = actions.list_actions(session, today=DEMO_UNTIL, **filters)
        snapshot = gather.action_log_snapshot(session, today=DEMO_UNTIL, **filters)
    views.sort(key=lambda v: (v.due is None, v.due or dt.date.max))  # soonest due first
    assert [
        (r.ref, r.body_code, r.item, r.description, r.owners, r.due, r.status, r.overdue)
        for r in snapshot.rows
    ] == [
        (v.ref, v.body, v.origin_item, v.description, v.owners, v.due, v.status, v.overdue)
        for v in views
    ]
    assert snapshot.as_of == DEMO_UNTIL
    assert snapshot.combined == ("body" not in filters)


def test_the_action_log_keeps_confidential_actions_marked_in_word_and_excel(
    demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.reading() as session:
        meeting, item = meeting_with_confidential_business(session)
        secret = {
            a.ref
            for a in actions.list_actions(session, meeting=meeting.ref)
            if a.origin_item == item.number
        }
        every = {
            a.ref
            for m in held(session)
            for i in confidential_items(session, m.ref)
            for a in actions.list_actions(session, meeting=m.ref)
            if a.origin_item == i.number
        }
        snapshot = gather.action_log_snapshot(session, today=DEMO_UNTIL)
    assert secret <= every
    assert {r.ref for r in snapshot.rows if r.confidential} == every

    word = tmp_path / "actions.docx"
    write_action_log(snapshot, word)
    document = docx.Document(str(word))
    rows = table_rows(document, 0)
    assert len(rows) == len(snapshot.rows) + 1
    marked = {row[1] for row in rows[1:] if row[3].startswith("Confidential: ")}
    assert marked == every
    assert "CONFIDENTIAL" in header_text(document)

    excel = tmp_path / "actions.xlsx"
    write_action_log_xlsx(snapshot, excel)
    sheet = load_workbook(excel)["Action log"]
    header = [c.value for c in sheet[HEADER_ROW]]
    flagged = {
        sheet.cell(HEADER_ROW + n, 2).value
        for n in range(1, len(snapshot.rows) + 1)
        if sheet.cell(HEADER_ROW + n, header.index("Confidential") + 1).value == "Yes"
    }
    assert flagged == every


def test_an_unknown_owner_or_body_is_a_clear_error(demo_db: Database) -> None:
    with demo_db.reading() as session:
        with pytest.raises(NotFound, match="SAB"):
            gather.action_log_snapshot(session, body="SAB")
        with pytest.raises(NotFound):
            gather.action_log_snapshot(session, owner_id=99_999)


# --- registers and calendar -------------------------------------------------------------------


def test_the_attendance_register_matches_the_attendance_record(
    demo_db: Database, tmp_path: Path
) -> None:
    start, end = dt.date(2026, 1, 1), DEMO_UNTIL
    with demo_db.reading() as session:
        expected_meetings = [m for m in held(session, "EMC") if start <= m.start.date() <= end]
        records: dict[str, dict[str, AttendanceCategory]] = {}
        for m in expected_meetings:
            lists = attendance.meeting_attendance(session, meeting_id=m.id)
            records[m.ref] = {
                line.name: line.category
                for group in (lists.present, lists.in_attendance, lists.apologies, lists.absent)
                for line in group
            }
        snapshot = gather.attendance_register_snapshot(session, body="EMC", start=start, end=end)
        with pytest.raises(InvalidInput):
            gather.attendance_register_snapshot(session, body="EMC", start=end, end=start)
    assert [m.ref for m in snapshot.meetings] == [m.ref for m in expected_meetings]
    assert snapshot.people[0].name == "Prof. Hannah Okafor"  # the chair first
    for person in snapshot.people:
        for meeting, mark in zip(snapshot.meetings, person.marks, strict=True):
            assert mark == records[meeting.ref].get(person.name)
    target = tmp_path / "attendance.docx"
    write_attendance_register(snapshot, target)
    rows = table_rows(docx.Document(str(target)), 0)
    assert [row[0] for row in rows[1:]] == [p.name for p in snapshot.people]


def test_the_calendar_holds_every_meeting_with_a_stable_uid_and_sends_cancellations(
    demo_copy: Database, tmp_path: Path
) -> None:
    with demo_copy.transaction() as session:
        upcoming = next(
            m
            for m in meeting_list.list_meetings(session, body="EMC")
            if m.status is MeetingStatus.AGENDA_PUBLISHED
        )
        meetings.cancel_meeting(session, meeting=upcoming.ref)
    with demo_copy.reading() as session:
        listed = meeting_list.list_meetings(session, body="EMC")
        events = gather.calendar_meetings(session, body="EMC")
    assert [e.ref for e in events] == [m.ref for m in listed]
    assert all(e.uid == meeting_uid(e.ref) for e in events)
    [cancelled] = [e for e in events if e.cancelled]
    assert (cancelled.ref, cancelled.sequence) == (upcoming.ref, 1)
    assert {e.organiser_email for e in events} == {"ruth.adebayo@northbridge.example.ac.uk"}
    target = tmp_path / "emc.ics"
    write_calendar(events, target)
    calendar = Calendar.from_ical(target.read_bytes())
    vevents = calendar.walk("VEVENT")
    assert [str(v["uid"]) for v in vevents] == [e.uid for e in events]
    [sent] = [v for v in vevents if str(v["uid"]) == cancelled.uid]
    assert (str(sent["status"]), int(sent["sequence"])) == ("CANCELLED", 1)


# --- pure reads -------------------------------------------------------------------------------


def orm_objects(value: object) -> Iterator[object]:
    """Every ORM object anywhere inside a returned value."""
    if isinstance(value, Base):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from orm_objects(getattr(value, field.name))
    elif isinstance(value, list | tuple):
        for element in value:
            yield from orm_objects(element)


def test_gathering_is_a_pure_read_that_returns_plain_data(demo_db: Database) -> None:
    with demo_db.reading() as session:
        meeting, _ = meeting_with_confidential_business(session)
        flushes: list[object] = []
        event.listen(session, "after_flush", lambda *args: flushes.append(args))
        results: Iterable[object] = (
            gather.minutes_snapshot(session, meeting=meeting.ref),
            gather.agenda_snapshot(session, meeting=meeting.ref),
            gather.action_log_snapshot(session, body="EMC"),
            gather.attendance_register_snapshot(
                session, body="EMC", start=dt.date(2026, 1, 1), end=DEMO_UNTIL
            ),
            gather.declarations_register_snapshot(session),
            gather.calendar_meetings(session),
        )
        results = list(results)
        assert not (session.new)
        assert not (session.dirty)
        assert not (session.deleted)
        assert flushes == []
    for result in results:
        assert list(orm_objects(result)) == []
        assert dataclasses.is_dataclass(result) or isinstance(result, list)
    minutes = results[0]
    assert dataclasses.is_dataclass(minutes)
    assert not isinstance(minutes, type)
    with pytest.raises(dataclasses.FrozenInstanceError):
        minutes.meeting_ref = "changed"  # type: ignore[misc]


def test_standard_items_are_minuted_in_their_slots(demo_db: Database) -> None:
    with demo_db.reading() as session:
        meeting = drafted_meeting(session, "EMC")
        snapshot = gather.minutes_snapshot(session, meeting=meeting.ref)
    slots = [i.standard for i in snapshot.items if i.standard is not None]
    assert slots[:4] == [
        StandardItem.WELCOME,
        StandardItem.DECLARATIONS,
        StandardItem.PREVIOUS_MINUTES,
        StandardItem.MATTERS_ARISING,
    ]
    assert slots[-1] is StandardItem.NEXT_MEETING
