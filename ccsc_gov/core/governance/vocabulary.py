"""The words of UK committee practice as values: membership types, meeting statuses, purposes,
confidentiality, attendance, outcomes. Stored by their lower-case value, read by every layer;
and a date as clerks write it."""

from __future__ import annotations

import datetime as dt
import enum


def long_date(day: dt.date) -> str:
    """A date as clerks write it in messages and minutes: 10 March 2026."""
    return f"{day.day} {day:%B %Y}"


class BodyKind(enum.StrEnum):
    BOARD = "board"
    COMMITTEE = "committee"
    SUBCOMMITTEE = "subcommittee"


class Authority(enum.StrEnum):
    DECIDE = "decide"
    RECOMMEND = "recommend"


class Role(enum.StrEnum):
    CHAIR = "chair"
    VICE_CHAIR = "vice-chair"
    MEMBER = "member"
    EX_OFFICIO = "ex officio"
    FUNDER_REPRESENTATIVE = "funder representative"
    OBSERVER = "observer"
    SECRETARY = "secretary"
    IN_ATTENDANCE = "in attendance"


class MeetingStatus(enum.StrEnum):
    PLANNED = "planned"
    AGENDA_PUBLISHED = "agenda published"
    HELD = "held"
    MINUTES_DRAFTED = "minutes drafted"
    MINUTES_APPROVED = "minutes approved"
    CANCELLED = "cancelled"


class Purpose(enum.StrEnum):
    DECISION = "for decision"
    APPROVAL = "for approval"
    DISCUSSION = "for discussion"
    NOTE = "to note"
    INFORMATION = "for information"


class Confidentiality(enum.StrEnum):
    OPEN = "open"
    CONFIDENTIAL = "confidential"
    RESERVED = "reserved"


class StandardItem(enum.StrEnum):
    """The slot a standard agenda item fills; substantive items have none."""

    WELCOME = "welcome"
    DECLARATIONS = "declarations"
    PREVIOUS_MINUTES = "previous minutes"
    MATTERS_ARISING = "matters arising"
    DECISIONS_SINCE = "decisions since last meeting"  # only when there are some to report
    BUSINESS = "business"
    SUBCOMMITTEE_REPORTS = "subcommittee reports"
    ANY_OTHER_BUSINESS = "any other business"
    NEXT_MEETING = "next meeting"


class AttendanceCategory(enum.StrEnum):
    PRESENT = "present"
    REMOTE = "remote"
    APOLOGIES = "apologies"
    ABSENT = "absent"
    IN_ATTENDANCE = "in attendance"


class DeclarationAction(enum.StrEnum):
    WITHDREW = "withdrew"
    NO_PART_IN_DECISION = "took no part in the decision"
    NOTED = "noted"


class DecisionOutcome(enum.StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"
    DEFERRED = "deferred"
    NOTED = "noted"
    RECOMMENDED = "recommended to parent body"


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in progress"
    COMPLETED = "completed"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class CirculationKind(enum.StrEnum):
    AGENDA = "agenda"
    PACK = "pack"
    MINUTES = "minutes"
    DRAFT_MINUTES = "draft minutes"
    ACTION_REMINDER = "action reminder"


class MessageOutcome(enum.StrEnum):
    DRAFTED = "drafted"  # written as an unsent .eml for the clerk's mail program
    SENT = "sent"  # accepted by the SMTP server
    FAILED = "failed"  # the SMTP server refused it or went away: not sent
