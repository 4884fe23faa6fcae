"""A committee meeting with confidential business and every kind of recipient, and readers
that open circulated messages with Python's `email` package and their attachments with the
libraries made for them (python-docx, icalendar)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses
from pathlib import Path

import docx
from icalendar import Calendar
from sqlalchemy.orm import Session

from ccsc_gov.core.export.circulate import Prepared, prepare_circulation, write_drafts
from ccsc_gov.core.export.reminders import reminder_letters
from ccsc_gov.core.services import actions, agenda, attendance, meetings, people
from ccsc_gov.core.services.circulation import record_circulation
from ccsc_gov.core.services.common import meeting_by_ref
from ccsc_gov.core.services.reminders import OwnerReminder
from ccsc_gov.core.store.db import Database
from ccsc_gov.core.store.models import (
    AttendanceCategory,
    CirculationKind,
    Confidentiality,
    MessageOutcome,
    Role,
)

SECRET = "Kestrel"  # in every text of the confidential item, and nowhere else
DAY = dt.date(2026, 3, 10)

# (title, name, role, email): the EMC on the meeting's day.
MEMBERS = (
    ("Prof.", "Hannah Okafor", Role.CHAIR, "hannah.okafor@example.ac.uk"),
    ("Dr", "Luis Ferreira", Role.VICE_CHAIR, "luis.ferreira@example.ac.uk"),
    ("Ms", "Priya Natarajan", Role.MEMBER, "priya.natarajan@example.ac.uk"),
    ("Prof.", "Sam Whitlock", Role.EX_OFFICIO, "sam.whitlock@example.ac.uk"),
    ("Dr", "Ada Brennan", Role.FUNDER_REPRESENTATIVE, "ada.brennan@funder.example.org"),
    ("Mr", "Tom Adeyemi", Role.OBSERVER, "tom.adeyemi@example.ac.uk"),
    ("Ms", "Rosa Lindqvist", Role.IN_ATTENDANCE, "rosa.lindqvist@example.ac.uk"),
    ("Mr", "Owen Price", Role.SECRETARY, "governance@example.ac.uk"),
    ("Dr", "Nadia Noemail", Role.MEMBER, ""),
)
ENTITLED = {"Okafor", "Ferreira", "Natarajan", "Whitlock", "Price"}
GUEST = ("Dr", "Kofi Mensah", "kofi.mensah@example.ac.uk")  # in attendance for one item
EMAIL_OF = {name.split()[-1]: email for _, name, _, email in MEMBERS} | {"Mensah": GUEST[2]}


@dataclass(frozen=True)
class Committee:
    ref: str
    ids: dict[str, int]  # person id by surname


def build_meeting(session: Session, *, held: bool = True) -> Committee:
    """An EMC meeting on 10 March 2026 with a confidential item, held (by default) with a guest
    in attendance and an action raised under the confidential item."""
    ids: dict[str, int] = {}
    for title, name, role, email in MEMBERS:
        person = people.add_person(session, name=name, title=title, email=email)
        people.add_membership(
            session, body="EMC", person_id=person.id, role=role, start=dt.date(2020, 1, 1)
        )
        ids[name.split()[-1]] = person.id
    guest = people.add_person(session, title=GUEST[0], name=GUEST[1], email=GUEST[2])
    ids["Mensah"] = guest.id
    start = dt.datetime.combine(DAY, dt.time(14))
    ref = meetings.schedule_meeting(
        session, body="EMC", start=start, end=start + dt.timedelta(hours=2), location="Room 2"
    ).ref
    agenda.add_item(session, meeting=ref, title="Annual budget")
    item = agenda.add_item(
        session,
        meeting=ref,
        title=f"Project {SECRET}: restructuring",
        public_title="Staffing matter",
        confidentiality=Confidentiality.CONFIDENTIAL,
        confidentiality_reason=f"{SECRET} staff consultation",
    )
    if held:
        meetings.publish_agenda(session, meeting=ref)
        meetings.mark_held(session, meeting=ref)
        meeting_id = meeting_by_ref(session, ref).id
        for surname in ("Okafor", "Ferreira", "Natarajan", "Price"):
            attendance.record_attendance(
                session,
                meeting_id=meeting_id,
                person_id=ids[surname],
                category=AttendanceCategory.PRESENT,
            )
        attendance.record_attendance(
            session,
            meeting_id=meeting_id,
            person_id=guest.id,
            category=AttendanceCategory.IN_ATTENDANCE,
        )
        agenda.edit_item(session, item_id=item.id, minutes=f"The {SECRET} proposals were agreed.")
        actions.add_action(
            session,
            item_id=item.id,
            description=f"Consult staff on {SECRET}",
            owner_ids=[ids["Natarajan"]],
            due=DAY + dt.timedelta(days=30),
        )
    return Committee(ref, ids)


def circulate(
    db: Database, ref: str, kind: CirculationKind, folder: Path, *, again: bool = False
) -> Prepared:
    """Circulate as the command line does: drafts written to `folder`, then the record."""
    folder.mkdir(exist_ok=True)
    with db.reading() as session:
        prepared = prepare_circulation(session, meeting=ref, kind=kind, again=again)
    records = write_drafts(prepared.messages, folder)
    with db.transaction() as session:
        record_circulation(
            session,
            kind=kind,
            meeting_id=prepared.plan.meeting_id,
            sent=False,
            folder=str(folder),
            messages=records,
            again=again,
        )
    return prepared


def record_reminders_sent(db: Database, reminders: list[OwnerReminder], day: dt.date) -> None:
    """Keep on record that these reminders were sent at 9:00 on `day`."""
    messages, _ = reminder_letters(reminders, today=day)
    with db.transaction() as session:
        record_circulation(
            session,
            kind=CirculationKind.ACTION_REMINDER,
            meeting_id=None,
            sent=True,
            folder="",
            messages=[m.record(MessageOutcome.SENT, "sent by the test") for m in messages],
            at=dt.datetime.combine(day, dt.time(9)),
        )


# --- reading messages back -------------------------------------------------------------------


def read_message(path: Path) -> EmailMessage:
    with path.open("rb") as stream:
        message = BytesParser(policy=policy.default).parse(stream)
    assert isinstance(message, EmailMessage)
    return message


def read_folder(folder: Path) -> list[EmailMessage]:
    return [read_message(p) for p in sorted(folder.glob("*.eml"))]


def addresses(message: EmailMessage, header: str) -> set[str]:
    return {address for _, address in getaddresses(message.get_all(header, []))}


def body_text(message: EmailMessage, subtype: str = "plain") -> str:
    part = message.get_body(preferencelist=(subtype,))
    assert part is not None
    return str(part.get_content())


def attachments(message: EmailMessage) -> dict[str, bytes]:
    found = {}
    for part in message.iter_attachments():
        assert isinstance(part, EmailMessage)
        name = part.get_filename()
        assert name is not None
        found[name] = part.get_payload(decode=True)
    return found


def docx_text(data: bytes) -> str:
    """Every word of a Word document: its paragraphs, tables, headers and footers."""
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def attachment_text(name: str, data: bytes) -> str:
    """An attachment reopened with the library for its format, as text to search."""
    if name.endswith(".docx"):
        return docx_text(data)
    if name.endswith(".ics"):
        return Calendar.from_ical(data).to_ical().decode()
    raise AssertionError(f"unexpected attachment {name}")


def everything_in(message: EmailMessage) -> str:
    """The subject, both bodies and every attachment's text: what a recipient can read."""
    parts = [str(message["Subject"]), body_text(message), body_text(message, "html")]
    parts += [attachment_text(n, d) for n, d in attachments(message).items()]
    return "\n".join(parts)
