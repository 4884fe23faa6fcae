"""The attendance register of a body over a period, and the register of declarations of
interest, as Word documents."""

from __future__ import annotations

from pathlib import Path

from docx.document import Document

from ccsc_gov.core.export.files import save_document
from ccsc_gov.core.export.snapshots import (
    AttendanceRegisterSnapshot,
    DeclarationRecord,
    DeclarationsRegisterSnapshot,
    RegisterPerson,
)
from ccsc_gov.core.export.template import (
    HeaderFields,
    ParagraphStyle,
    Properties,
    TableStyle,
    add_paragraph,
    add_row,
    add_table,
    fill_cell,
    landscape,
    new_document,
)
from ccsc_gov.core.export.text import (
    ATTENDANCE_KEY,
    ATTENDANCE_MARKS,
    capitalised,
    clean_line,
    plain_date,
    role_words,
    short_date,
)
from ccsc_gov.core.store.models import AttendanceCategory

P = ParagraphStyle
NOT_A_MEMBER = "–"
_ATTENDED = {
    AttendanceCategory.PRESENT,
    AttendanceCategory.REMOTE,
    AttendanceCategory.IN_ATTENDANCE,
}


def attended(person: RegisterPerson) -> tuple[int, int]:
    """(meetings attended, meetings they were expected at)."""
    expected = [mark for mark in person.marks if mark is not None]
    return sum(mark in _ATTENDED for mark in expected), len(expected)


def attendance_register_document(
    snapshot: AttendanceRegisterSnapshot, *, template: Path | None = None
) -> Document:
    period = f"{plain_date(snapshot.period_from)} to {plain_date(snapshot.period_to)}"
    document = new_document(
        template,
        header=HeaderFields(
            body=snapshot.body_name, document="Attendance register", reference=period
        ),
        properties=Properties(
            title=f"{snapshot.body_name} — attendance register, {period}",
            subject="Attendance register",
            keywords=f"{snapshot.body_code}; attendance",
            category="Attendance register",
        ),
    )
    landscape(document)
    add_paragraph(document, P.TITLE, snapshot.body_name)
    add_paragraph(document, P.SUBTITLE, "Attendance register")
    add_paragraph(document, P.DETAILS, f"Meetings held from {period}")
    if not snapshot.meetings:
        add_paragraph(document, P.NOTE, "No meetings were held in this period.")
        return document
    headings = ["Name", "Role"] + [short_date(m.date) for m in snapshot.meetings] + ["Attended"]
    proportions = [4.2, 2.4] + [1.3] * len(snapshot.meetings) + [1.6]
    table = add_table(document, TableStyle.REGISTER_TABLE, headings, proportions)
    # Under each date, the meeting's reference: the two together identify it beyond doubt.
    for cell, meeting in zip(table.rows[0].cells[2:], snapshot.meetings, strict=False):
        fill_cell(cell, P.TABLE_HEADING, meeting.ref)
    for person in snapshot.people:
        present, expected = attended(person)
        marks = [NOT_A_MEMBER if m is None else ATTENDANCE_MARKS[m] for m in person.marks]
        share = f"{present} of {expected}" if expected else NOT_A_MEMBER
        add_row(table, [person.name, capitalised(role_words(person.role)), *marks, share])
    add_paragraph(document, P.NOTE, ATTENDANCE_KEY)
    return document


def write_attendance_register(
    snapshot: AttendanceRegisterSnapshot, path: Path, *, template: Path | None = None
) -> Path:
    return save_document(attendance_register_document(snapshot, template=template), path)


def _by_person(records: tuple[DeclarationRecord, ...]) -> dict[str, list[DeclarationRecord]]:
    """Records grouped by person, people in order of first appearance."""
    people: dict[str, list[DeclarationRecord]] = {}
    for record in records:
        people.setdefault(clean_line(record.person), []).append(record)
    return people


def declarations_register_document(
    snapshot: DeclarationsRegisterSnapshot, *, template: Path | None = None
) -> Document:
    as_of = plain_date(snapshot.as_of)
    document = new_document(
        template,
        header=HeaderFields(
            body=snapshot.scope, document="Register of interests", reference=f"as at {as_of}"
        ),
        properties=Properties(
            title=f"{snapshot.scope} — register of declarations of interest as at {as_of}",
            subject="Register of declarations of interest",
            keywords="declarations of interest",
            category="Register of interests",
        ),
    )
    add_paragraph(document, P.TITLE, "Register of declarations of interest")
    add_paragraph(document, P.SUBTITLE, f"{snapshot.scope}, as at {as_of}")
    add_paragraph(document, P.DETAILS, "Grouped by person.")
    if not snapshot.records:
        add_paragraph(document, P.NOTE, "No declarations of interest have been recorded.")
        return document
    for person, records in _by_person(snapshot.records).items():
        add_paragraph(document, P.HEADING_2, person)
        table = add_table(
            document,
            TableStyle.REGISTER_TABLE,
            ("Date", "Meeting", "Item", "Nature of interest", "Action taken"),
            (2.4, 2.5, 4.4, 5.0, 2.6),
        )
        for record in records:
            add_row(
                table,
                (
                    short_date(record.meeting_date),
                    record.meeting_ref,
                    f"{clean_line(record.item_number)} {clean_line(record.item_title)}",
                    record.nature,
                    capitalised(record.action.value) if record.action else "",
                ),
            )
    return document


def write_declarations_register(
    snapshot: DeclarationsRegisterSnapshot, path: Path, *, template: Path | None = None
) -> Path:
    return save_document(declarations_register_document(snapshot, template=template), path)
