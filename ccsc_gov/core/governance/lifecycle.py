"""A meeting's lifecycle: which status follows which, what each status allows (the lock), and
the order in which minutes are approved. Pure rules over statuses and references."""

from __future__ import annotations

from ccsc_gov.core.governance.errors import NotAllowed
from ccsc_gov.core.governance.vocabulary import MeetingStatus

# The steps in order; cancelled is a way out, not a step.
STEPS: tuple[MeetingStatus, ...] = (
    MeetingStatus.PLANNED,
    MeetingStatus.AGENDA_PUBLISHED,
    MeetingStatus.HELD,
    MeetingStatus.MINUTES_DRAFTED,
    MeetingStatus.MINUTES_APPROVED,
)

NEXT: dict[MeetingStatus, tuple[MeetingStatus, ...]] = {
    MeetingStatus.PLANNED: (MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.CANCELLED),
    MeetingStatus.AGENDA_PUBLISHED: (MeetingStatus.HELD, MeetingStatus.CANCELLED),
    MeetingStatus.HELD: (MeetingStatus.MINUTES_DRAFTED,),
    MeetingStatus.MINUTES_DRAFTED: (MeetingStatus.MINUTES_APPROVED,),
    MeetingStatus.MINUTES_APPROVED: (),
    MeetingStatus.CANCELLED: (),
}

# Meetings that took place: the ones attendance records and statistics are made of.
TOOK_PLACE = frozenset(
    {MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED, MeetingStatus.MINUTES_APPROVED}
)
# A meeting that is meeting or has met and is not locked: it can approve earlier minutes and
# review the progress of actions.
SITTING = frozenset(
    {MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED}
)
# Where a meeting's minutes stand, once it has been held.
MINUTES_STATUS = {
    MeetingStatus.HELD: "being written",
    MeetingStatus.MINUTES_DRAFTED: "draft",
    MeetingStatus.MINUTES_APPROVED: "approved",
}

_DOING = {
    MeetingStatus.AGENDA_PUBLISHED: "publish the agenda of",
    MeetingStatus.HELD: "mark as held",
    MeetingStatus.MINUTES_DRAFTED: "mark the minutes drafted for",
    MeetingStatus.MINUTES_APPROVED: "approve the minutes of",
    MeetingStatus.CANCELLED: "cancel",
}

_WHERE = {
    MeetingStatus.PLANNED: "it is planned and its agenda has not been published yet",
    MeetingStatus.AGENDA_PUBLISHED: "its agenda has been published and it has not been held yet",
    MeetingStatus.HELD: "it has been held and its minutes are not drafted yet",
    MeetingStatus.MINUTES_DRAFTED: "its minutes are drafted and await approval",
    MeetingStatus.MINUTES_APPROVED: "its minutes have been approved, so it is locked",
    MeetingStatus.CANCELLED: "it was cancelled",
}

_NEXT_STEP = {
    MeetingStatus.PLANNED: "The next step is to publish its agenda.",
    MeetingStatus.AGENDA_PUBLISHED: "The next step is to mark it as held.",
    MeetingStatus.HELD: "The next step is to mark its minutes drafted.",
    MeetingStatus.MINUTES_DRAFTED: (
        "The next step is to approve its minutes at a later meeting of the same body."
    ),
    MeetingStatus.MINUTES_APPROVED: "Nothing about it can change any more.",
    MeetingStatus.CANCELLED: "Schedule a new meeting instead.",
}


def minutes_status(status: MeetingStatus) -> str | None:
    """Where a meeting's minutes stand; None before the meeting (or when it was cancelled)."""
    return MINUTES_STATUS.get(status)


def check_step(ref: str, status: MeetingStatus, to: MeetingStatus) -> None:
    """Refuse a step out of the lifecycle's order, saying where the meeting stands."""
    if to not in NEXT[status]:
        raise NotAllowed(f"Cannot {_DOING[to]} {ref}: {_WHERE[status]}. {_NEXT_STEP[status]}")


def is_locked(status: MeetingStatus) -> bool:
    """Approved minutes never change again; a correction is a recorded amendment."""
    return status is MeetingStatus.MINUTES_APPROVED


def lock_reason(ref: str, status: MeetingStatus, *, approved_at: str | None = None) -> str:
    """Why a meeting's record can no longer change, in words; empty while it can."""
    if is_locked(status):
        where = f" at {approved_at}" if approved_at else ""
        return (
            f"The minutes of {ref} have been approved as a correct record{where}, so the meeting "
            "is locked: nothing about it can change any more. Record any correction as an "
            "amendment at a later meeting."
        )
    if status is MeetingStatus.CANCELLED:
        return f"{ref} was cancelled, so its record cannot change."
    return ""


def ensure_unlocked(ref: str, status: MeetingStatus) -> None:
    if is_locked(status):
        raise NotAllowed(lock_reason(ref, status))


def ensure_changeable(ref: str, status: MeetingStatus) -> None:
    """The record of a meeting changes only while it is neither locked nor cancelled."""
    reason = lock_reason(ref, status)
    if reason:
        raise NotAllowed(reason)


def ensure_can_approve(*, draft: str, draft_status: MeetingStatus, oldest_draft: str) -> None:
    """Minutes are approved in the order the meetings took place: the body's oldest draft first.
    `oldest_draft` is the body's earliest meeting whose minutes are still a draft."""
    check_step(draft, draft_status, MeetingStatus.MINUTES_APPROVED)
    if oldest_draft != draft:
        raise NotAllowed(
            f"{oldest_draft}'s minutes must be approved first: minutes are approved in the "
            f"order the meetings took place, and those of {draft} come later."
        )
