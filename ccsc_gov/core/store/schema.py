"""The schema's foundations: its metadata and naming rules, the declarative base and the
`Versioned` mixin, and the tables read before the ORM's classes exist.

The main window's first paint lists the bodies, their meetings with the minutes' stage, and
the papers in and expected. It reads them through the tables declared here, in SQLAlchemy
Core, so the window is painted before `models.py` is imported: declaring the models' classes
takes about 70 ms of CPU (benchmarks/floor.py), which the clerk no longer waits for before
seeing the meetings. `models.py` maps its classes onto these tables (`__table__`) and declares
every other table itself, on the same metadata.

The audit trail's table is here too: `chain.py` reads and writes it as a table, never as
mapped rows. And so are `Base` and `Versioned`, so that what checks rows on every flush
(`audit.py`, `conflicts.py`) is imported without the models.
"""

from __future__ import annotations

import enum
from typing import Any, ClassVar

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from ccsc_gov.core.governance.vocabulary import (
    BodyKind,
    CirculationKind,
    Confidentiality,
    MeetingStatus,
    MessageOutcome,
    Purpose,
    StandardItem,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


def stored_enum(kind: type[enum.Enum]) -> Enum:
    """Store an enum as its lower-case value in a plain string column (readable in SQL)."""
    return Enum(
        kind,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
    )


# A record starts at version 1, in the app and in SQL written outside it.
_FIRST_VERSION: dict[str, Any] = {"default": 1, "server_default": text("1")}


def version_column() -> Column[int]:
    """The version column of a table declared here whose class is `Versioned`."""
    return Column("version", Integer, nullable=False, **_FIRST_VERSION)


def full_metadata() -> MetaData:
    """Every table of the app: those declared here and, imported now if not already, those
    declared with the models."""
    import ccsc_gov.core.store.models  # noqa: F401  (declares the rest on `metadata`)

    return metadata


class Base(DeclarativeBase):
    metadata = metadata  # the module's: every table, these and the models'
    # Every class is mapped to one table, declared here or with it in models.py.
    __table__: ClassVar[Table]


class Versioned:
    """A record clerks edit. Every ORM UPDATE names the version it read and raises it, so when
    another clerk has saved the row since, the update matches nothing (a StaleDataError, shown
    as a `Conflict`) instead of silently writing over their change."""

    version: Mapped[int] = mapped_column(Integer, **_FIRST_VERSION)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


body = Table(
    "body",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("kind", stored_enum(BodyKind), nullable=False),
    Column("parent_id", ForeignKey("body.id"), index=True),
    Column("independent_chair", Boolean, nullable=False, default=False),
    Column("retired", Boolean, nullable=False, default=False),
    version_column(),
)

meeting = Table(
    "meeting",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ref", String(40), nullable=False, unique=True),
    Column("body_id", ForeignKey("body.id"), nullable=False, index=True),
    # Wall-clock times in the Centre's time zone (Europe/London), as clerks write them.
    Column("start_at", DateTime, nullable=False, index=True),
    Column("end_at", DateTime, nullable=False),
    Column("location", String(300), nullable=False, default=""),
    Column("video_link", String(500), nullable=False, default=""),
    Column("status", stored_enum(MeetingStatus), nullable=False, default=MeetingStatus.PLANNED),
    # Set when the minutes are approved at a later meeting of the same body.
    Column("approved_at_id", ForeignKey("meeting.id")),
    Column("approval_amendments", Text, nullable=False, default=""),
    # Raised whenever the meeting's calendar details change (iCalendar SEQUENCE).
    Column("calendar_sequence", Integer, nullable=False, default=0),
    # The day the chair cleared the draft minutes for circulation to the members.
    Column("minutes_cleared_on", Date),
    # When the chair closed the meeting, as recorded by the clerk ("closed at 15:52").
    Column("closed_at", DateTime),
    version_column(),
    CheckConstraint("end_at > start_at", name="slot_order"),
)

agenda_item = Table(
    "agenda_item",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("meeting_id", ForeignKey("meeting.id"), nullable=False, index=True),
    Column("parent_id", ForeignKey("agenda_item.id"), index=True),
    Column("position", Integer, nullable=False),
    Column("standard", stored_enum(StandardItem)),
    Column("title", String(500), nullable=False),
    Column("public_title", String(500), nullable=False, default=""),
    Column("purpose", stored_enum(Purpose), nullable=False),
    Column("presenter", String(200), nullable=False, default=""),
    Column("duration_minutes", Integer),
    Column("papers", Text, nullable=False, default=""),
    Column(
        "confidentiality",
        stored_enum(Confidentiality),
        nullable=False,
        default=Confidentiality.OPEN,
    ),
    Column("confidentiality_reason", Text, nullable=False, default=""),
    Column("confidentiality_review", Date),
    Column("minutes", Text, nullable=False, default=""),
    # Who took the chair for this item when the chair withdrew (or was away for it).
    Column("chaired_by_id", ForeignKey("person.id")),
    version_column(),
    CheckConstraint("duration_minutes IS NULL OR duration_minutes >= 0", name="duration"),
)

paper = Table(
    "paper",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(48), nullable=False, unique=True),  # EMC-26-11-A
    Column("item_id", ForeignKey("agenda_item.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),  # order among the item's papers
    Column("title", String(500), nullable=False),
    Column("author", String(200), nullable=False, default=""),  # author or presenter
    # Marked by the clerk (an annex of an open item); a confidential or reserved item's papers
    # are confidential whatever this says.
    Column("confidential", Boolean, nullable=False, default=False),
)

circulation = Table(
    "circulation",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", stored_enum(CirculationKind), nullable=False),
    Column("meeting_id", ForeignKey("meeting.id"), index=True),
    Column("at", DateTime, nullable=False),
    Column("who", String(100), nullable=False),
    Column("sent", Boolean, nullable=False),  # sent by SMTP, or drafted into a folder
    Column("folder", Text, nullable=False, default=""),
)

circulation_message = Table(
    "circulation_message",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("circulation_id", ForeignKey("circulation.id"), nullable=False, index=True),
    Column("version", String(20), nullable=False),  # full / public / reminder
    Column("subject", String(500), nullable=False),
    Column("outcome", stored_enum(MessageOutcome), nullable=False),
    # The file written, or the refusal.
    Column("detail", Text, nullable=False, default=""),
)

minutes_review = Table(
    "minutes_review",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("meeting_id", ForeignKey("meeting.id"), nullable=False, index=True),
    Column("reviewer", String(200), nullable=False, default=""),
    Column("file_name", String(300), nullable=False, default=""),
    Column("made_from", String(40), nullable=False, default=""),  # the copy's record version
    Column("taken_in_at", DateTime, nullable=False),
    Column("taken_in_by", String(100), nullable=False),
    Column("accepted", Text, nullable=False, default=""),  # the pieces taken in, by id
    Column("not_taken_in", Text, nullable=False, default=""),  # changed, but left out
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False, index=True),
    Column("who", String(100), nullable=False),
    Column("what", String(20), nullable=False),  # insert / update / delete
    Column("table_name", String(40), nullable=False),
    Column("row_key", String(80), nullable=False),
    Column("before", Text),  # JSON
    Column("after", Text),  # JSON
    Column("note", Text, nullable=False, default=""),
    # SHA-256 of this row and the previous row's hash: the chain `chain.verify` checks.
    Column("hash", String(64)),
    # A row's latest change is looked up when an edit of it conflicts with another clerk's.
    Index("ix_audit_table_name_row_key", "table_name", "row_key"),
)
