"""Where a meeting's minutes stand, as the clerk says it: the lifecycle's words ("being
written", "draft", "approved"), or, between the draft and its approval, where the draft is with
the chair ("with the chair", "chair's review taken in", "cleared by the chair").

A module of its own, beside circulation.py which records what went to the chair: the main
window lists every meeting with its minutes' stage as it starts, and needs no more than this.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.lifecycle import TOOK_PLACE, minutes_status
from ccsc_gov.core.governance.vocabulary import CirculationKind, MeetingStatus, MessageOutcome
from ccsc_gov.core.services.common import meeting_by_ref
from ccsc_gov.core.store import schema

if TYPE_CHECKING:
    from ccsc_gov.core.store.models import Meeting


def _sent_to_chair(session: Session) -> set[int]:
    """The meetings whose draft minutes went to the chair: few, so read whole rather than
    through a list of ids that a long list of meetings would make too long for SQLite."""
    circulation, message = schema.circulation, schema.circulation_message
    return set(
        session.scalars(
            select(circulation.c.meeting_id)
            .select_from(circulation.join(message, message.c.circulation_id == circulation.c.id))
            .where(
                circulation.c.kind == CirculationKind.DRAFT_MINUTES,
                message.c.outcome != MessageOutcome.FAILED,
            )
            .distinct()
        )
    )


WITH_CHAIR = "with the chair"
REVIEW_TAKEN_IN = "chair's review taken in"
# The stages in which the chair has the draft (or has sent back corrections) and the clerk has
# not yet recorded the chair's clearance.
AWAITING_CLEARANCE = frozenset({WITH_CHAIR, REVIEW_TAKEN_IN})


def _reviewed(session: Session) -> set[int]:
    """The meetings whose chair's review of the draft minutes was taken in from Word."""
    return set(session.scalars(select(schema.minutes_review.c.meeting_id).distinct()))


def _stage(meeting: Meeting | Row[Any], sent_to_chair: set[int], reviewed: set[int]) -> str | None:
    if meeting.status not in TOOK_PLACE or meeting.status is MeetingStatus.MINUTES_APPROVED:
        return minutes_status(meeting.status)
    if meeting.minutes_cleared_on is not None:
        return "cleared by the chair"
    if meeting.id in reviewed:
        return REVIEW_TAKEN_IN
    if meeting.id in sent_to_chair:
        return WITH_CHAIR
    return minutes_status(meeting.status)


def minutes_stages(
    session: Session, meetings: Sequence[Meeting | Row[Any]]
) -> dict[int, str | None]:
    """Where each meeting's minutes stand, as the clerk says it: "with the chair" (the draft
    went to the chair and the clerk has not recorded their clearance), "chair's review taken
    in" (the chair's corrections came back from Word and were taken in; clearance still to be
    recorded), "cleared by the chair", else the lifecycle's words ("being written", "draft",
    "approved")."""
    sent, reviewed = _sent_to_chair(session), _reviewed(session)
    return {m.id: _stage(m, sent, reviewed) for m in meetings}


def minutes_with_chair(session: Session, meeting: Meeting) -> bool:
    """The draft minutes went to the chair (or came back with the chair's review) and the clerk
    has not yet recorded their clearance."""
    return minutes_stages(session, [meeting])[meeting.id] in AWAITING_CLEARANCE


def minutes_stage(session: Session, *, meeting: str) -> str | None:
    """Where the meeting's minutes stand (see `minutes_stages`)."""
    found = meeting_by_ref(session, meeting)
    return minutes_stages(session, [found])[found.id]
