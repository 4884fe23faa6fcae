"""What each exported document needs, as frozen plain data: no ORM objects, no Qt.

The services build these from the database in one short read; the writers turn them into
files, possibly on another thread. The order of every tuple is the order the document
prints. Names arrive as the document should print them ("Prof. Hannah Okafor"); dates and
times are the Centre's wall-clock times (Europe/London), as clerks write them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypedDict

from ccsc_gov.core.governance.resolutions import How
from ccsc_gov.core.store.models import (
    ActionStatus,
    AttendanceCategory,
    BodyKind,
    Confidentiality,
    DecisionOutcome,
    DeclarationAction,
    Purpose,
    Role,
    StandardItem,
)

# --- minutes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attendee:
    """Someone on one of the minutes' lists (present, in attendance, apologies, absent)."""

    name: str
    role: Role | None = None
    position: str = ""  # job title: "Director", "Finance Business Partner"
    note: str = ""  # "for item 5.2", "minutes", "from item 3"
    remote: bool = False  # joined by video


@dataclass(frozen=True)
class QuorumStatement:
    """Whether the meeting was quorate, and which items (if any) were not."""

    quorate: bool
    voting_present: int
    voting_members: int
    chair_present: bool = False
    inquorate_items: tuple[str, ...] = ()  # item numbers, e.g. ("5.3",)
    # The terms require the chair or vice-chair and neither was there: inquorate whatever
    # the count says.
    chair_missing: bool = False


@dataclass(frozen=True)
class ItemQuorum:
    """The quorum for one item: given when someone withdrew from it, or when it was inquorate
    in a quorate meeting (a late arrival, an early departure)."""

    withdrawn: tuple[str, ...]
    voting_present: int
    voting_members: int
    quorate: bool
    chair_missing: bool = False  # the chair (or vice-chair) the terms require was not there
    # The chair was at the meeting but not in the room for this item: who took the chair
    # (empty when nobody was recorded and the vice-chair was not there either).
    chair_away: bool = False
    taken_by: str = ""
    taken_by_vice_chair: bool = False


@dataclass(frozen=True)
class DeclarationEntry:
    """A declaration of interest made at the meeting, about one of its items."""

    person: str
    item_number: str
    nature: str
    action: DeclarationAction | None = None


@dataclass(frozen=True)
class DecisionEntry:
    ref: str
    outcome: DecisionOutcome
    text: str
    # The subcommittee decision this one answers ("RSC/2026/01/D3", "Research Subcommittee").
    referred_from: str = ""
    referred_from_body: str = ""
    referred_from_meeting: str = ""  # "NCTSC/2026/01"
    referred_from_text: str = ""  # what the subcommittee recommended, in its words
    # The parent body a recommendation goes to ("Governance Board").
    referred_to: str = ""


@dataclass(frozen=True)
class ReportedEntry:
    """A decision taken between meetings, as the next meeting ratified or noted it."""

    ref: str
    how: How  # a written resolution or chair's action
    title: str
    text: str
    taken_on: dt.date
    tally: str = ""  # a written resolution's replies against its rule
    taken_by: str = ""  # a chair's action: who, acting as what
    reason: str = ""
    consulted: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActionEntry:
    """An action recorded at this meeting."""

    ref: str
    description: str
    owners: tuple[str, ...] = ()
    due: dt.date | None = None
    original_due: dt.date | None = None  # set when the due date has been revised


@dataclass(frozen=True)
class CarriedAction:
    """An earlier action of the body as it stood when this meeting reviewed it (matters
    arising)."""

    ref: str
    description: str
    status: ActionStatus
    owners: tuple[str, ...] = ()
    due: dt.date | None = None
    original_due: dt.date | None = None
    note: str = ""  # the progress note recorded at this meeting
    # It came from a confidential item: the public minutes show its reference only.
    confidential: bool = False
    overdue: bool = False  # past its due date and not done when the meeting reviewed it


@dataclass(frozen=True)
class MinutesItem:
    number: str  # "5", "5.2", "C1"
    title: str
    purpose: Purpose
    public_title: str = ""  # what the public version shows of a confidential item
    presenter: str = ""
    papers: tuple[str, ...] = ()
    confidentiality: Confidentiality = Confidentiality.OPEN
    standard: StandardItem | None = None
    minutes: str = ""  # the clerk's text: paragraphs, "- " bullet lines
    decisions: tuple[DecisionEntry, ...] = ()
    actions: tuple[ActionEntry, ...] = ()
    quorum: ItemQuorum | None = None
    reported: ReportedEntry | None = None  # a decision taken since the last meeting

    @property
    def confidential(self) -> bool:
        return self.confidentiality is not Confidentiality.OPEN


@dataclass(frozen=True)
class Approval:
    """The later meeting of the same body that approved these minutes as a correct record."""

    meeting_ref: str
    date: dt.date
    amendments: str = ""


class MeetingHeading(TypedDict):
    """What the minutes and the agenda of a meeting both open with, to fill either snapshot
    in one go: `MinutesSnapshot(**heading, ...)`, `AgendaSnapshot(**heading, ...)`."""

    body_name: str
    body_code: str
    body_kind: BodyKind
    meeting_ref: str
    start: dt.datetime
    end: dt.datetime
    location: str
    video_link: str


@dataclass(frozen=True)
class MinutesSnapshot:
    body_name: str
    body_code: str
    meeting_ref: str
    start: dt.datetime
    end: dt.datetime
    location: str = ""
    video_link: str = ""  # the minutes print only that people joined by video
    body_kind: BodyKind = BodyKind.COMMITTEE  # "The Committee" in the text nobody types
    closed_at: dt.datetime | None = None  # "The meeting closed at 15:52", once recorded
    chair: str = ""  # who chaired the meeting: the name under the signature line
    # Who left before the closed session: those the terms of reference do not let see
    # confidential business (observers, those in attendance; the secretary stays).
    withdrew_before_closed: tuple[str, ...] = ()
    approval: Approval | None = None  # None until the minutes are approved: marked DRAFT
    present: tuple[Attendee, ...] = ()
    in_attendance: tuple[Attendee, ...] = ()
    apologies: tuple[Attendee, ...] = ()
    absent: tuple[Attendee, ...] = ()  # members absent without apologies
    quorum: QuorumStatement | None = None
    declarations: tuple[DeclarationEntry, ...] = ()
    items: tuple[MinutesItem, ...] = ()
    carried_actions: tuple[CarriedAction, ...] = ()
    next_meeting: dt.datetime | None = None
    next_meeting_location: str = ""

    @property
    def draft(self) -> bool:
        return self.approval is None

    @property
    def has_confidential_items(self) -> bool:
        return any(item.confidential for item in self.items)

    @property
    def has_confidential_content(self) -> bool:
        """A confidential item, or a carried action that came from one: the full version
        is then a confidential document."""
        return self.has_confidential_items or any(a.confidential for a in self.carried_actions)


# --- agenda --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaEntry:
    number: str
    title: str
    purpose: Purpose
    public_title: str = ""
    presenter: str = ""
    duration_minutes: int | None = None
    papers: tuple[str, ...] = ()
    confidentiality: Confidentiality = Confidentiality.OPEN

    @property
    def confidential(self) -> bool:
        return self.confidentiality is not Confidentiality.OPEN


@dataclass(frozen=True)
class AgendaSnapshot:
    body_name: str
    body_code: str
    meeting_ref: str
    start: dt.datetime
    end: dt.datetime
    location: str = ""
    video_link: str = ""
    body_kind: BodyKind = BodyKind.COMMITTEE
    items: tuple[AgendaEntry, ...] = ()
    issued_on: dt.date | None = None
    secretary: str = ""  # who to send apologies to

    @property
    def has_confidential_items(self) -> bool:
        return any(item.confidential for item in self.items)


# --- action log ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionLogRow:
    ref: str
    body_code: str
    item: str  # the origin item's number, "5.1"
    description: str
    status: ActionStatus
    owners: tuple[str, ...] = ()
    due: dt.date | None = None
    original_due: dt.date | None = None
    latest_note: str = ""
    overdue: bool = False
    # Raised under a confidential or reserved item: the log is an internal document and
    # keeps the row, marked so that nobody forwards it unawares.
    confidential: bool = False


@dataclass(frozen=True)
class ActionLogSnapshot:
    """The action log of one body, or of all bodies (`body_code` None) for the Board's chair."""

    as_of: dt.date
    rows: tuple[ActionLogRow, ...] = ()
    body_code: str | None = None
    body_name: str = ""
    filter_description: str = ""  # "Status: open, in progress · Owner: P. Natarajan"

    @property
    def combined(self) -> bool:
        return self.body_code is None

    @property
    def scope(self) -> str:
        return self.body_name or self.body_code or "All governance bodies"


# --- registers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterMeeting:
    ref: str
    date: dt.date


@dataclass(frozen=True)
class RegisterPerson:
    """One person's line: a mark per meeting, in the order of the register's meetings; None
    where they were not a member (or not invited) at the time."""

    name: str
    marks: tuple[AttendanceCategory | None, ...]
    role: Role | None = None


@dataclass(frozen=True)
class AttendanceRegisterSnapshot:
    body_name: str
    body_code: str
    period_from: dt.date
    period_to: dt.date
    meetings: tuple[RegisterMeeting, ...] = ()
    people: tuple[RegisterPerson, ...] = ()

    def __post_init__(self) -> None:
        for person in self.people:
            if len(person.marks) != len(self.meetings):
                raise ValueError(
                    f"{person.name!r} has {len(person.marks)} marks for "
                    f"{len(self.meetings)} meetings"
                )


@dataclass(frozen=True)
class DeclarationRecord:
    person: str
    body_code: str
    meeting_ref: str
    meeting_date: dt.date
    item_number: str
    item_title: str  # the service gives the public title for a confidential item if need be
    nature: str
    action: DeclarationAction | None = None


@dataclass(frozen=True)
class DeclarationsRegisterSnapshot:
    as_of: dt.date
    records: tuple[DeclarationRecord, ...] = ()
    scope: str = "All governance bodies"


# --- calendar ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarMeeting:
    """A meeting as a calendar event. `uid` must never change for the same meeting (see
    `calendar.meeting_uid`); `sequence` is raised whenever its date, time or place changes."""

    uid: str
    ref: str
    body_name: str
    start: dt.datetime
    end: dt.datetime
    location: str = ""
    video_link: str = ""
    cancelled: bool = False
    sequence: int = 0
    organiser_email: str = ""
    organiser_name: str = ""
    description: str = ""
