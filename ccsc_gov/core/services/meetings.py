"""Meetings: scheduling, their calendar details and the steps of their lifecycle. Listing them
is in meeting_list.py.

The steps that lay out a meeting's business (its standard agenda, the actions carried onto it,
the recommendations and recurring items placed on it) import those services when taken: the
main window lists the meetings as it starts, and needs none of them to do so.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance import lifecycle
from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed
from ccsc_gov.core.services.bodies import body_by_code
from ccsc_gov.core.services.common import (
    Area,
    Changes,
    ensure_changeable,
    meeting_by_ref,
)
from ccsc_gov.core.services.meeting_list import MeetingSummary, summary
from ccsc_gov.core.services.minutes_stage import minutes_stages
from ccsc_gov.core.store.conflicts import check_version
from ccsc_gov.core.store.models import AgendaItem, Body, Decision, Meeting, MeetingStatus, Referral
from ccsc_gov.core.store.references import allocate_meeting_ref


def body_quorum(session: Session, *, body: str | None) -> dict[int, bool | None]:
    """Meeting id -> whether it was quorate, for each of a body's meetings (by code), or every
    body's (None); None where its attendance is not fully recorded."""
    from ccsc_gov.core.services.attendance import meetings_quorate

    found = select(Meeting)
    if body is not None:
        found = found.where(Meeting.body_id == body_by_code(session, body).id)
    return meetings_quorate(session, session.scalars(found).all())


def get_meeting(session: Session, *, meeting: str) -> MeetingSummary:
    m = meeting_by_ref(session, meeting)
    approved_at = session.get_one(Meeting, m.approved_at_id).ref if m.approved_at_id else None
    stage = minutes_stages(session, [m])[m.id]
    return summary(m, session.get_one(Body, m.body_id).code, approved_at, stage)


def oldest_draft(session: Session, *, body_id: int) -> str | None:
    """The reference of the body's earliest meeting whose minutes are still a draft: minutes
    are approved in the order the meetings took place. One indexed look-up."""
    return session.scalars(
        select(Meeting.ref)
        .where(Meeting.body_id == body_id, Meeting.status == MeetingStatus.MINUTES_DRAFTED)
        .order_by(Meeting.start_at, Meeting.id)
        .limit(1)
    ).first()


def next_draft_to_approve(session: Session, *, meeting: str) -> MeetingSummary | None:
    """The draft minutes this meeting can approve: the body's oldest draft, when it is of an
    earlier meeting and this one is sitting or has sat."""
    m = meeting_by_ref(session, meeting)
    if m.status not in lifecycle.SITTING:
        return None
    draft = oldest_draft(session, body_id=m.body_id)
    if draft is None:
        return None
    found = get_meeting(session, meeting=draft)
    return found if found.start < m.start_at else None


def _check_slot(start: dt.datetime, end: dt.datetime) -> None:
    if start.tzinfo is not None or end.tzinfo is not None:
        raise InvalidInput("Give meeting times as local clock times, without a time zone.")
    if end <= start:
        raise InvalidInput("A meeting must end after it starts.")


def schedule_meeting(
    session: Session,
    *,
    body: str,
    start: dt.datetime,
    end: dt.datetime,
    location: str = "",
    video_link: str = "",
) -> MeetingSummary:
    """Schedule a meeting of a body; it gets its reference and the standard agenda, with the
    body's open actions, pending recommendations and the month's recurring items."""
    b = body_by_code(session, body)
    if b.retired:
        raise NotAllowed(f"The {b.name} has been retired, so no meeting can be scheduled for it.")
    _check_slot(start, end)
    meeting = Meeting(
        ref=allocate_meeting_ref(session, b.code, start.year),
        body_id=b.id,
        start_at=start,
        end_at=end,
        location=location.strip(),
        video_link=video_link.strip(),
        status=MeetingStatus.PLANNED,
        approved_at_id=None,
        approval_amendments="",
        calendar_sequence=0,
    )
    session.add(meeting)
    session.flush()
    from ccsc_gov.core.services import agenda

    agenda.insert_standard_items(session, meeting)
    fill_automatic_items(session, meeting)
    return summary(meeting, b.code, None, None)


def edit_meeting(
    session: Session,
    *,
    meeting: str,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    location: str | None = None,
    video_link: str | None = None,
    expected_version: int | None = None,
) -> Changes:
    """Change when or where a meeting takes place (None leaves a detail as it is); calendars
    that hold the meeting see it as an update. With `expected_version`, the meeting must still
    be as the clerk loaded it (else a `Conflict`)."""
    m = meeting_by_ref(session, meeting)
    check_version(session, m, expected_version, lambda: f"Meeting {m.ref}")
    ensure_changeable(m)
    new_start = m.start_at if start is None else start
    new_end = m.end_at if end is None else end
    _check_slot(new_start, new_end)
    new_location = m.location if location is None else location.strip()
    new_video = m.video_link if video_link is None else video_link.strip()
    before = (m.start_at, m.end_at, m.location, m.video_link)
    if (new_start, new_end, new_location, new_video) != before:
        m.start_at, m.end_at, m.location, m.video_link = (
            new_start,
            new_end,
            new_location,
            new_video,
        )
        m.calendar_sequence += 1
        session.flush()
    return Changes(Area.MEETINGS, m.id)


# --- the lifecycle ---------------------------------------------------------------------------


def advance(meeting: Meeting, to: MeetingStatus) -> None:
    """Move a meeting one step along its lifecycle."""
    lifecycle.check_step(meeting.ref, meeting.status, to)
    meeting.status = to


def publish_agenda(session: Session, *, meeting: str) -> Changes:
    """Publish the agenda, with the action log and recommendations brought up to date."""
    from ccsc_gov.core.services import matters_arising, referrals

    m = meeting_by_ref(session, meeting)
    lifecycle.check_step(m.ref, m.status, MeetingStatus.AGENDA_PUBLISHED)
    matters_arising.refresh_carried_actions(session, m)
    referrals.place_pending_referrals(session, m)
    advance(m, MeetingStatus.AGENDA_PUBLISHED)
    session.flush()
    return Changes(Area.MEETINGS | Area.AGENDA, m.id)


def mark_held(session: Session, *, meeting: str) -> Changes:
    m = meeting_by_ref(session, meeting)
    advance(m, MeetingStatus.HELD)
    session.flush()
    return Changes(Area.MEETINGS, m.id)


def record_closing_time(session: Session, *, meeting: str, closed_at: dt.time | None) -> Changes:
    """Record the time the chair closed the meeting (the minutes end "The meeting closed at
    15:52"); None clears it. Only a meeting that has been held has one."""
    m = meeting_by_ref(session, meeting)
    ensure_changeable(m)
    if m.status not in (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED):
        raise NotAllowed(f"{m.ref} has not been held, so it has no closing time yet.")
    if closed_at is None:
        m.closed_at = None
    else:
        closing = dt.datetime.combine(m.start_at.date(), closed_at.replace(tzinfo=None))
        if closing <= m.start_at and m.end_at.date() > m.start_at.date():
            closing = dt.datetime.combine(m.end_at.date(), closed_at.replace(tzinfo=None))
        if closing <= m.start_at:
            raise InvalidInput(
                f"{m.ref} started at {m.start_at:%H:%M}, so it cannot have closed at "
                f"{closed_at:%H:%M}."
            )
        m.closed_at = closing.replace(second=0, microsecond=0)
    session.flush()
    return Changes(Area.MEETINGS | Area.MINUTES, m.id)


def cancel_meeting(session: Session, *, meeting: str) -> Changes:
    """Cancel a meeting not yet held; its recommendations and recurring items move on."""
    m = meeting_by_ref(session, meeting)
    advance(m, MeetingStatus.CANCELLED)
    session.flush()
    after_cancellation(session, m)
    return Changes(Area.MEETINGS | Area.AGENDA, m.id)


# --- what the app brings forward by itself ----------------------------------------------


def fill_automatic_items(session: Session, meeting: Meeting) -> None:
    """Matters arising, decisions taken since the last meeting, pending recommendations from
    subcommittees and the cycle of business."""
    from ccsc_gov.core.services import (
        cycle_of_business,
        matters_arising,
        referrals,
        reported_decisions,
    )

    matters_arising.refresh_carried_actions(session, meeting)
    reported_decisions.place_pending_reports(session, meeting)
    referrals.place_pending_referrals(session, meeting)
    cycle_of_business.place_recurring_items(session, meeting)


def after_cancellation(session: Session, meeting: Meeting) -> None:
    """What a cancelled meeting was to consider moves on: its recommendations from subcommittees
    to the body's next planned meeting, its recurring items to another meeting that month."""
    from ccsc_gov.core.services import cycle_of_business, referrals

    placed = session.scalars(
        select(Referral)
        .join(AgendaItem, Referral.item_id == AgendaItem.id)
        .where(AgendaItem.meeting_id == meeting.id)
        .order_by(Referral.id)
    ).all()
    decisions = [session.get_one(Decision, r.decision_id) for r in placed]
    for referral in placed:
        session.delete(referral)
    session.flush()
    for decision in decisions:
        referrals.place_referral(session, decision)
    in_month = cycle_of_business.month_meetings(session, meeting)
    if in_month:
        cycle_of_business.place_recurring_items(session, in_month[0])
