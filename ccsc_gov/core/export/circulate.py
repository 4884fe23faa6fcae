"""A meeting's document as the messages that circulate it: who gets which version, what the
message says, and what is attached (`ATTACHMENTS`, one entry per kind of circulation).

`prepare_circulation` reads everything in the caller's read-only session and returns frozen
messages; `write_drafts` saves them as .eml files for the clerk's mail program, and
`core.export.mail.send_letters` sends them; the caller then keeps the record
(`services.circulation.record_circulation`).
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from ccsc_gov.core.export.calendar import calendar_bytes
from ccsc_gov.core.export.files import write_bytes
from ccsc_gov.core.export.gather import calendar_meetings
from ccsc_gov.core.export.meeting_documents import MeetingDocument, write_meeting_document
from ccsc_gov.core.export.messages import (
    DOCX,
    ICS,
    PDF,
    Attachment,
    Block,
    Letter,
    Mailbox,
    email_message,
    usable_address,
)
from ccsc_gov.core.export.text import long_date, plain_date, time_span
from ccsc_gov.core.governance.errors import NotAllowed, UserError
from ccsc_gov.core.governance.working_days import add_working_days
from ccsc_gov.core.services.circulation import (
    FULL,
    PUBLIC,
    CirculationPlan,
    MessageRecord,
    Recipient,
    plan_circulation,
    refuse_repeat,
)
from ccsc_gov.core.store.models import CirculationKind, MessageOutcome

# Working days the chair is asked to answer within, about the draft minutes.
CHAIR_REVIEW_DAYS = 5
# Comments on draft minutes are asked for this many days before the next meeting.
COMMENTS_BEFORE_NEXT_MEETING = 7
PACK_MODULE = "ccsc_gov.core.export.pack"


@dataclass(frozen=True)
class Outgoing:
    """One message of a circulation, with the people it is addressed to."""

    version: str  # full / public / reminder
    name: str  # for the draft's file name: "EMC-2026-03 agenda - public version"
    letter: Letter
    to: tuple[Recipient, ...]
    copy: tuple[Recipient, ...] = ()
    action_ids: tuple[int, ...] = ()  # the actions a reminder lists

    def record(self, outcome: MessageOutcome, detail: str) -> MessageRecord:
        return MessageRecord(
            version=self.version,
            subject=self.letter.subject,
            outcome=outcome,
            detail=detail,
            to=self.to,
            copy=self.copy,
            attachments=tuple((a.filename, a.sha256) for a in self.letter.attachments),
            action_ids=self.action_ids,
        )


@dataclass(frozen=True)
class Prepared:
    plan: CirculationPlan
    messages: tuple[Outgoing, ...]
    unreachable: tuple[Recipient, ...]  # no usable email address: named to the clerk


# --- what each kind attaches -------------------------------------------------------------------


def _stem(plan: CirculationPlan) -> str:
    return plan.meeting_ref.replace("/", "-")


def _suffix(public: bool) -> str:
    return " (public)" if public else ""


def _written(name: str, content_type: str, write: Callable[[Path], object]) -> Attachment:
    """An attachment made by a writer that saves to a file (each writes atomically)."""
    with tempfile.TemporaryDirectory(prefix="ccsc-gov-circulate-") as folder:
        target = Path(folder) / name
        write(target)
        return Attachment(name, content_type, target.read_bytes())


def _document(
    session: Session,
    plan: CirculationPlan,
    public: bool,
    template: Path | None,
    document: MeetingDocument,
) -> Attachment:
    draft = " (draft)" if document is MeetingDocument.MINUTES and not plan.minutes_approved else ""
    return _written(
        f"{_stem(plan)} {document.value}{draft}{_suffix(public)}.docx",
        DOCX,
        lambda path: write_meeting_document(
            session,
            document=document,
            meeting=plan.meeting_ref,
            path=path,
            public=public,
            template=template,
        ),
    )


def _agenda(
    session: Session, plan: CirculationPlan, public: bool, template: Path | None
) -> Attachment:
    return _document(session, plan, public, template, MeetingDocument.AGENDA)


def _minutes(
    session: Session, plan: CirculationPlan, public: bool, template: Path | None
) -> Attachment:
    return _document(session, plan, public, template, MeetingDocument.MINUTES)


def _invitation(
    session: Session, plan: CirculationPlan, public: bool, template: Path | None
) -> Attachment:
    events = [
        e for e in calendar_meetings(session, body=plan.body_code) if e.ref == plan.meeting_ref
    ]
    return Attachment(f"{_stem(plan)}.ics", ICS, calendar_bytes(events))


def _pack(
    session: Session, plan: CirculationPlan, public: bool, template: Path | None
) -> Attachment:
    try:
        pack = importlib.import_module(PACK_MODULE)
    except ModuleNotFoundError:
        raise NotAllowed(
            "This version of ccsc-gov cannot build the board pack yet, so it cannot be "
            "circulated; circulate the agenda, and send the papers yourself."
        ) from None
    return _written(
        f"{_stem(plan)} pack{_suffix(public)}.pdf",
        PDF,
        lambda path: pack.write_pack(session, plan.meeting_ref, path, public=public),
    )


AttachmentMaker = Callable[[Session, CirculationPlan, bool, Path | None], Attachment]

# What each kind of circulation attaches, in order; the same makers give the full and the
# public version (`public` True for people not entitled to confidential business).
ATTACHMENTS: dict[CirculationKind, tuple[AttachmentMaker, ...]] = {
    CirculationKind.AGENDA: (_agenda, _invitation),
    CirculationKind.PACK: (_pack,),
    CirculationKind.MINUTES: (_minutes,),
    CirculationKind.DRAFT_MINUTES: (_minutes,),
}


# --- what the message says ---------------------------------------------------------------------


def _when_and_where(plan: CirculationPlan) -> str:
    where = f", {plan.location}" if plan.location else ""
    return f"{long_date(plan.start.date())}, {time_span(plan.start, plan.end)}{where}"


def _subject(plan: CirculationPlan, *, public: bool, draft: bool) -> str:
    what = {
        CirculationKind.AGENDA: "Agenda",
        CirculationKind.PACK: "Papers (board pack)",
        CirculationKind.MINUTES: "Draft minutes, subject to approval" if draft else "Minutes",
        CirculationKind.DRAFT_MINUTES: "Draft minutes for the chair's review",
    }[plan.kind]
    version = " (public version)" if public else ""
    # Plain ASCII punctuation: a folded subject with an encoded dash reads back with two spaces.
    return f"{plan.body_name} {plan.meeting_ref}: {what}{version}"


def _body(
    plan: CirculationPlan,
    *,
    public: bool,
    draft: bool,
    attachments: Sequence[Attachment],
    greeting: str,
    secretary: str,
    today: dt.date,
) -> tuple[Block, ...]:
    meeting = f"the meeting of the {plan.body_name} ({plan.meeting_ref})"
    blocks: list[Block] = [greeting]
    kind = plan.kind
    if kind in (CirculationKind.AGENDA, CirculationKind.PACK):
        papers = "agenda" if kind is CirculationKind.AGENDA else "papers for"
        blocks.append(f"Please find attached the {papers} {meeting}: {_when_and_where(plan)}.")
        if plan.video_link:
            blocks.append(f"To join by video: {plan.video_link}")
        if secretary:
            blocks.append(f"Please send any apologies to {secretary}.")
    elif kind is CirculationKind.DRAFT_MINUTES:
        answer_by = add_working_days(today, CHAIR_REVIEW_DAYS)
        blocks.append(
            f"Please find attached the draft minutes of {meeting}, held on "
            f"{plain_date(plan.start.date())}, for your review before they go to the members."
        )
        blocks.append(
            f"Please send me your corrections, or let me know they can go out, by "
            f"{long_date(answer_by)}."
        )
    else:
        blocks.append(
            f"Please find attached the minutes of {meeting}, held on "
            f"{plain_date(plan.start.date())}."
        )
        if draft:
            approval = (
                f"at the next meeting on {long_date(plan.next_meeting.date())}"
                if plan.next_meeting is not None
                else "at the next meeting"
            )
            blocks.append(f"They are a draft, subject to approval {approval}.")
            if plan.next_meeting is not None:
                comments_by = plan.next_meeting.date() - dt.timedelta(
                    days=COMMENTS_BEFORE_NEXT_MEETING
                )
                if comments_by > today:
                    blocks.append(
                        f"Please send any corrections to the secretary by {long_date(comments_by)}."
                    )
    blocks.append("Attached:")
    blocks.append(tuple(_describe(a) for a in attachments))
    if public:
        blocks.append(
            "This is the public version: any confidential business is shown by its public "
            "title only."
        )
    blocks.append(
        f"With best wishes,\n{secretary or 'The secretary'}\nSecretary to the {plan.body_name}"
    )
    return tuple(blocks)


def _describe(attachment: Attachment) -> str:
    kinds = {DOCX: "Word document", ICS: "calendar invitation", PDF: "PDF"}
    return f"{attachment.filename} ({kinds.get(attachment.content_type, attachment.content_type)})"


# --- preparing a circulation -------------------------------------------------------------------


def _mailbox(recipient: Recipient) -> Mailbox:
    return Mailbox(recipient.name, recipient.address)


def prepare_circulation(
    session: Session,
    *,
    meeting: str,
    kind: CirculationKind,
    again: bool = False,
    template: Path | None = None,
    sender: Mailbox | None = None,
    today: dt.date | None = None,
) -> Prepared:
    """The messages circulating the meeting's document of this kind: the full version to the
    entitled, the public version to everyone else in a message of its own, the secretary in
    copy. Refused when the document already went out, unless `again`."""
    today = today or dt.date.today()
    plan = plan_circulation(session, meeting=meeting, kind=kind)
    refuse_repeat(session, meeting_id=plan.meeting_id, kind=kind, again=again)
    unreachable = plan.without_email + tuple(
        p for p in plan.full + plan.public + plan.copy if not usable_address(p.address)
    )
    full = tuple(p for p in plan.full if p not in unreachable)
    public = tuple(p for p in plan.public if p not in unreachable)
    copy = tuple(p for p in plan.copy if p not in unreachable)
    if not full and not public:
        raise NotAllowed(
            f"Nobody the {kind.value} of {plan.meeting_ref} goes to has an email address in "
            "their record."
        )
    secretary = copy[0] if copy else None
    draft = kind is CirculationKind.DRAFT_MINUTES or (
        kind is CirculationKind.MINUTES and not plan.minutes_approved
    )
    from_address = sender or (_mailbox(secretary) if secretary is not None else None)
    messages: list[Outgoing] = []
    for version, people in ((FULL, full), (PUBLIC, public)):
        if not people:
            continue
        is_public = version == PUBLIC
        attachments = tuple(make(session, plan, is_public, template) for make in ATTACHMENTS[kind])
        if kind is CirculationKind.DRAFT_MINUTES:
            greeting = f"Dear {people[0].name},"
        elif is_public:
            greeting = "Dear colleagues,"
        else:
            greeting = f"Dear members of the {plan.body_name},"
        letter = Letter(
            subject=_subject(plan, public=is_public, draft=draft),
            to=tuple(_mailbox(p) for p in people),
            copy=tuple(_mailbox(p) for p in copy),
            sender=from_address,
            body=_body(
                plan,
                public=is_public,
                draft=draft,
                attachments=attachments,
                greeting=greeting,
                secretary=secretary.name if secretary is not None else "",
                today=today,
            ),
            attachments=attachments,
        )
        name = f"{_stem(plan)} {kind.value} - {version} version"
        messages.append(Outgoing(version, name, letter, to=people, copy=copy))
    return Prepared(plan=plan, messages=tuple(messages), unreachable=unreachable)


# --- drafts for the clerk's mail program -------------------------------------------------------

_UNSAFE_NAME = re.compile(r"[^\w .,()-]+")


def check_folder(folder: Path) -> None:
    """Refuse, before any work, a folder the drafts cannot be written to."""
    if not folder.is_dir():
        raise UserError(f"Cannot save the messages: the folder {folder} does not exist.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UserError(f"Cannot save the messages: the folder {folder} cannot be written to.")


def draft_name(name: str) -> str:
    """A file name for a message, safe on every system."""
    return _UNSAFE_NAME.sub("-", name).strip(" .-")[:150] + ".eml"


def write_drafts(messages: Sequence[Outgoing], folder: Path) -> list[MessageRecord]:
    """Save each message as an unsent .eml draft in `folder`; each file is written whole or
    not at all. The records say which file holds which message."""
    check_folder(folder)
    records = []
    taken: set[str] = set()
    for outgoing in messages:
        name = draft_name(outgoing.name)
        while name in taken:
            name = name.removesuffix(".eml") + " (2).eml"
        taken.add(name)
        message = email_message(outgoing.letter, unsent=True)
        target = write_bytes(folder / name, message.as_bytes())
        records.append(outgoing.record(MessageOutcome.DRAFTED, str(target)))
    return records
