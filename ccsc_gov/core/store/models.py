"""The governance record as SQLAlchemy 2 typed models; the vocabulary they use is in
`core/governance/vocabulary.py` (see docs/architecture.md). The tables that the main window's
first paint reads, and the audit trail's, are declared in `schema.py`, and their classes here
are mapped onto them (`__table__`); every other table is declared with its class."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ccsc_gov.core.governance.vocabulary import (
    ActionStatus,
    AttendanceCategory,
    Authority,
    BodyKind,
    CirculationKind,
    Confidentiality,
    DecisionOutcome,
    DeclarationAction,
    MeetingStatus,
    MessageOutcome,
    Purpose,
    Role,
    StandardItem,
)

# The vocabulary is part of what this module offers its readers.
__all__ = [
    "ActionStatus",
    "AttendanceCategory",
    "Authority",
    "BodyKind",
    "CirculationKind",
    "Confidentiality",
    "DecisionOutcome",
    "DeclarationAction",
    "MeetingStatus",
    "MessageOutcome",
    "Purpose",
    "Role",
    "StandardItem",
]
from ccsc_gov.core.governance.resolutions import Via, Vote
from ccsc_gov.core.store import schema
from ccsc_gov.core.store.schema import Base, Versioned, stored_enum


class Body(Versioned, Base):
    __table__ = schema.body

    id: Mapped[int]
    code: Mapped[str]
    name: Mapped[str]
    kind: Mapped[BodyKind]
    parent_id: Mapped[int | None]
    independent_chair: Mapped[bool]
    retired: Mapped[bool]

    parent: Mapped[Body | None] = relationship(remote_side=[schema.body.c.id])
    terms: Mapped[list[TermsOfReference]] = relationship(
        back_populates="body", order_by="TermsOfReference.version"
    )


class TermsOfReference(Base):
    """One version of a body's terms of reference; a new version never overwrites the old."""

    __tablename__ = "terms_of_reference"
    __table_args__ = (
        UniqueConstraint("body_id", "version"),
        CheckConstraint(
            "quorum_count IS NOT NULL OR quorum_fraction_num IS NOT NULL", name="quorum_rule"
        ),
        CheckConstraint(
            "quorum_fraction_num IS NULL OR "
            "(quorum_fraction_den > 0 AND quorum_fraction_num BETWEEN 1 AND quorum_fraction_den)",
            name="quorum_fraction",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[dt.date] = mapped_column(Date)
    purpose: Mapped[str] = mapped_column(Text, default="")
    authority: Mapped[Authority] = mapped_column(stored_enum(Authority))
    quorum_count: Mapped[int | None] = mapped_column(Integer)
    quorum_fraction_num: Mapped[int | None] = mapped_column(Integer)
    quorum_fraction_den: Mapped[int | None] = mapped_column(Integer)
    # Comma-separated Role values whose holders count towards the quorum.
    quorum_roles: Mapped[str] = mapped_column(String(200))
    chair_required: Mapped[bool] = mapped_column(Boolean, default=False)
    review_date: Mapped[dt.date | None] = mapped_column(Date)
    # Comma-separated Role values whose holders receive confidential business; None: the
    # usual practice (members, ex officio members and the secretary).
    confidential_roles: Mapped[str | None] = mapped_column(String(200))
    # The working rhythm (None: the terms set no such deadline).
    papers_due_days: Mapped[int | None] = mapped_column(Integer)  # calendar days before
    circulate_days: Mapped[int | None] = mapped_column(Integer)  # agenda and pack, days before
    draft_minutes_days: Mapped[int | None] = mapped_column(Integer)  # working days after
    remind_before_days: Mapped[int | None] = mapped_column(Integer)  # first action reminder
    remind_every_days: Mapped[int | None] = mapped_column(Integer)  # again while overdue
    # Decisions between meetings: whether written resolutions are allowed and what carries one
    # (no fraction: unanimity; else more than this fraction of all voting members), and
    # whether the chair (or vice-chair) may take chair's action.
    written_resolutions: Mapped[bool] = mapped_column(Boolean, default=True)
    resolution_fraction_num: Mapped[int | None] = mapped_column(Integer)
    resolution_fraction_den: Mapped[int | None] = mapped_column(Integer)
    chairs_action: Mapped[bool] = mapped_column(Boolean, default=True)

    body: Mapped[Body] = relationship(back_populates="terms")


class Person(Versioned, Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(40), default="")  # Prof., Dr, Ms …
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200), default="")  # job title
    organisation: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")


class Membership(Versioned, Base):
    __tablename__ = "membership"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="term_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    role: Mapped[Role] = mapped_column(stored_enum(Role))
    votes: Mapped[bool] = mapped_column(Boolean)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)

    body: Mapped[Body] = relationship()
    person: Mapped[Person] = relationship()


class Meeting(Versioned, Base):
    __table__ = schema.meeting

    id: Mapped[int]
    ref: Mapped[str]
    body_id: Mapped[int]
    start_at: Mapped[dt.datetime]
    end_at: Mapped[dt.datetime]
    location: Mapped[str]
    video_link: Mapped[str]
    status: Mapped[MeetingStatus]
    approved_at_id: Mapped[int | None]
    approval_amendments: Mapped[str]
    calendar_sequence: Mapped[int]
    minutes_cleared_on: Mapped[dt.date | None]
    closed_at: Mapped[dt.datetime | None]

    body: Mapped[Body] = relationship()
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", foreign_keys="AgendaItem.meeting_id"
    )


class AgendaItem(Versioned, Base):
    """An agenda item; its number (5, 5.2) is derived from its position among its siblings."""

    __table__ = schema.agenda_item

    id: Mapped[int]
    meeting_id: Mapped[int]
    parent_id: Mapped[int | None]
    position: Mapped[int]
    standard: Mapped[StandardItem | None]
    title: Mapped[str]
    public_title: Mapped[str]
    purpose: Mapped[Purpose]
    presenter: Mapped[str]
    duration_minutes: Mapped[int | None]
    papers: Mapped[str]
    confidentiality: Mapped[Confidentiality]
    confidentiality_reason: Mapped[str]
    confidentiality_review: Mapped[dt.date | None]
    minutes: Mapped[str]
    chaired_by_id: Mapped[int | None]

    meeting: Mapped[Meeting] = relationship(
        back_populates="items", foreign_keys=[schema.agenda_item.c.meeting_id]
    )


class Circulation(Base):
    """One circulation of a document (or a round of reminders): never changed afterwards."""

    __table__ = schema.circulation

    id: Mapped[int]
    kind: Mapped[CirculationKind]
    meeting_id: Mapped[int | None]
    at: Mapped[dt.datetime]
    who: Mapped[str]
    sent: Mapped[bool]
    folder: Mapped[str]


class CirculationMessage(Base):
    __table__ = schema.circulation_message

    id: Mapped[int]
    circulation_id: Mapped[int]
    version: Mapped[str]
    subject: Mapped[str]
    outcome: Mapped[MessageOutcome]
    detail: Mapped[str]


class CirculationRecipient(Base):
    __tablename__ = "circulation_recipient"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("circulation_message.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    name: Mapped[str] = mapped_column(String(250))
    address: Mapped[str] = mapped_column(String(254))
    copy: Mapped[bool] = mapped_column(Boolean)  # in Cc


class CirculationAttachment(Base):
    __tablename__ = "circulation_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("circulation_message.id"), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))  # which version of the document went


class RemindedAction(Base):
    """An action listed in a reminder message (for the reminder rhythm)."""

    __tablename__ = "reminded_action"

    message_id: Mapped[int] = mapped_column(ForeignKey("circulation_message.id"), primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), primary_key=True, index=True)


class Attendance(Versioned, Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    category: Mapped[AttendanceCategory] = mapped_column(stored_enum(AttendanceCategory))
    # Present from this item onwards (late arrival) / gone from this item onwards.
    arrived_at_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"))
    left_at_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"))
    note: Mapped[str] = mapped_column(String(300), default="")  # "for item 5.2", "minutes"

    person: Mapped[Person] = relationship()


class Withdrawal(Base):
    """A person who left the room for one item only (after declaring an interest)."""

    __tablename__ = "withdrawal"
    __table_args__ = (UniqueConstraint("item_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))


class Declaration(Versioned, Base):
    __tablename__ = "declaration"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    nature: Mapped[str] = mapped_column(Text)
    action_taken: Mapped[DeclarationAction | None] = mapped_column(stored_enum(DeclarationAction))


class Decision(Versioned, Base):
    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(48), unique=True)
    # None for a decision taken between meetings (a written resolution or chair's action).
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    outcome: Mapped[DecisionOutcome] = mapped_column(stored_enum(DecisionOutcome))
    # A parent body's decision on a subcommittee's recommendation links back to it.
    referred_from_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"), index=True)
    review_date: Mapped[dt.date | None] = mapped_column(Date)


class Referral(Base):
    """A subcommittee's recommendation brought to its parent body as an agenda item."""

    __tablename__ = "referral"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), unique=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), unique=True)


class WrittenResolution(Versioned, Base):
    """A resolution circulated to a body's voting members between meetings. Its outcome is
    computed from the replies (core.governance.resolutions), never stored; once closed,
    nothing about it changes."""

    __tablename__ = "written_resolution"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(48), unique=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    proposed_on: Mapped[dt.date] = mapped_column(Date)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    # Carried, it is a recommendation to the parent body rather than the body's own decision.
    recommends: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    # The decision in the register, once carried.
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"), unique=True)

    body: Mapped[Body] = relationship()


class ResolutionVote(Versioned, Base):
    """A member's reply to a written resolution; a changed reply keeps the earlier in the audit."""

    __tablename__ = "resolution_vote"
    __table_args__ = (UniqueConstraint("resolution_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resolution_id: Mapped[int] = mapped_column(ForeignKey("written_resolution.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    vote: Mapped[Vote] = mapped_column(stored_enum(Vote))
    received_on: Mapped[dt.date] = mapped_column(Date)
    via: Mapped[Via] = mapped_column(stored_enum(Via))


class ResolutionInterest(Base):
    """A member's declared interest in a written resolution: they neither vote nor count."""

    __tablename__ = "resolution_interest"
    __table_args__ = (UniqueConstraint("resolution_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resolution_id: Mapped[int] = mapped_column(ForeignKey("written_resolution.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    nature: Mapped[str] = mapped_column(Text)


class ChairsAction(Base):
    """An urgent decision the chair (or vice-chair acting) took alone between meetings."""

    __tablename__ = "chairs_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    acting_as: Mapped[Role] = mapped_column(stored_enum(Role))
    taken_on: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(500))
    reason: Mapped[str] = mapped_column(Text)  # why it could not wait for the next meeting
    consulted: Mapped[str] = mapped_column(Text, default="")  # one name a line
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), unique=True)


class ReportedDecision(Base):
    """A decision taken between meetings, as reported to the body's next meeting (for
    ratification or to note) under "Decisions taken since the last meeting"."""

    __tablename__ = "reported_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), unique=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), unique=True)


class Action(Versioned, Base):
    __tablename__ = "action"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(48), unique=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    # The due date now in force; earlier ones are kept in action_due_revision.
    due_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    status: Mapped[ActionStatus] = mapped_column(
        stored_enum(ActionStatus), default=ActionStatus.OPEN, index=True
    )
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_at_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))

    owners: Mapped[list[Person]] = relationship(secondary="action_owner", order_by="Person.name")


class ActionOwner(Base):
    __tablename__ = "action_owner"

    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True, index=True)


class ActionDueRevision(Base):
    __tablename__ = "action_due_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    previous_due: Mapped[dt.date | None] = mapped_column(Date)
    new_due: Mapped[dt.date] = mapped_column(Date)
    revised_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")


class ActionNote(Base):
    """Progress on an action, recorded at a meeting (or between meetings when meeting is None)."""

    __tablename__ = "action_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), index=True)
    written_on: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[ActionStatus] = mapped_column(stored_enum(ActionStatus))


class CarriedAction(Base):
    """An earlier action as it stood when a later meeting reviewed it under matters arising."""

    __tablename__ = "carried_action"
    __table_args__ = (UniqueConstraint("meeting_id", "action_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    status: Mapped[ActionStatus] = mapped_column(stored_enum(ActionStatus))
    due_date: Mapped[dt.date | None] = mapped_column(Date)


class RecurringItem(Base):
    """Cycle of business: an item that lands on a body's first meeting in a given month."""

    __tablename__ = "recurring_item"
    __table_args__ = (CheckConstraint("month BETWEEN 1 AND 12", name="month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"), index=True)
    month: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    purpose: Mapped[Purpose] = mapped_column(stored_enum(Purpose))
    presenter: Mapped[str] = mapped_column(String(200), default="")

    body: Mapped[Body] = relationship()


class ReferenceCounter(Base):
    """The last number handed out per reference scope, so a reference is never reused."""

    __tablename__ = "reference_counter"

    scope: Mapped[str] = mapped_column(String(48), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class PaperContent(Base):
    """The bytes of a file, stored once however many papers (or versions) hold the same file."""

    __tablename__ = "paper_content"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    # Read only when the file itself is wanted: listing papers never loads their bytes.
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    # A Word, Excel or PowerPoint file's PDF, once LibreOffice has made it (itself a content
    # row), so a pack is never converted twice; a PDF's is None (it is its own).
    pdf_sha256: Mapped[str | None] = mapped_column(ForeignKey("paper_content.sha256"))
    pages: Mapped[int | None] = mapped_column(Integer)  # of the PDF, or of its PDF once made


class Paper(Base):
    """A report a body reads before it meets, tied to an agenda item and numbered in the body's
    series; its file is the latest of its versions."""

    __table__ = schema.paper

    id: Mapped[int]
    number: Mapped[str]
    item_id: Mapped[int]
    position: Mapped[int]
    title: Mapped[str]
    author: Mapped[str]
    # Marked by the clerk (an annex of an open item); a confidential or reserved item's papers
    confidential: Mapped[bool]

    versions: Mapped[list[PaperVersion]] = relationship(
        order_by="PaperVersion.version", cascade="all, delete-orphan", back_populates="paper"
    )


class PaperVersion(Base):
    """One file a paper has held; replacing the file adds a version and keeps the earlier."""

    __tablename__ = "paper_version"
    __table_args__ = (UniqueConstraint("paper_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("paper.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(8))  # pdf, docx, xlsx, pptx
    sha256: Mapped[str] = mapped_column(ForeignKey("paper_content.sha256"), index=True)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)

    paper: Mapped[Paper] = relationship(back_populates="versions")
    content: Mapped[PaperContent] = relationship()


class BoardPack(Base):
    """The record of a pack built: when, for whom, which paper versions, and its hash."""

    __tablename__ = "board_pack"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    built_at: Mapped[dt.datetime] = mapped_column(DateTime)
    public: Mapped[bool] = mapped_column(Boolean)
    supplement: Mapped[int] = mapped_column(Integer, default=0)  # 0: the pack; n: supplement n
    pages: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    # JSON: [{"paper": "EMC-26-11-A", "version": 2, "sha256": "…"}, …] in pack order.
    contents: Mapped[str] = mapped_column(Text)
    # The SHA-256 of everything its pages show; None for a pack recorded before revision 0016.
    inputs: Mapped[str | None] = mapped_column(String(64))
    # The file, kept for the latest packs built so an unchanged one is written again as it was.
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)


class AuditRecord(Base):
    __table__ = schema.audit
    # A row's latest change is looked up when an edit of it conflicts with another clerk's.

    id: Mapped[int]
    at: Mapped[dt.datetime]
    who: Mapped[str]
    what: Mapped[str]
    table_name: Mapped[str]
    row_key: Mapped[str]
    before: Mapped[str | None]
    after: Mapped[str | None]
    note: Mapped[str]
    hash: Mapped[str | None]


class MinutesReview(Base):
    """A chair's review of draft minutes, returned as a Word file and taken into the record:
    who reviewed them, from which version of the record the copy was made, and what of it the
    clerk took in."""

    __table__ = schema.minutes_review

    id: Mapped[int]
    meeting_id: Mapped[int]
    reviewer: Mapped[str]
    file_name: Mapped[str]
    made_from: Mapped[str]
    taken_in_at: Mapped[dt.datetime]
    taken_in_by: Mapped[str]
    accepted: Mapped[str]
    not_taken_in: Mapped[str]
