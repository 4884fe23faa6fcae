"""The cycle of business: recurring items (the budget, the risk register, the annual report)
placed on the right month's agenda."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccsc_gov.core.services.agenda import (
    new_item,
    standard_item,
)
from ccsc_gov.core.store.models import (
    AgendaItem,
    Meeting,
    MeetingStatus,
    RecurringItem,
    StandardItem,
)


def month_meetings(session: Session, meeting: Meeting) -> list[Meeting]:
    start = meeting.start_at
    first = dt.datetime(start.year, start.month, 1)
    after = (
        dt.datetime(start.year + start.month // 12, start.month % 12 + 1, 1)
        if (start.year, start.month) < (dt.MAXYEAR, 12)
        else dt.datetime.max
    )
    return list(
        session.scalars(
            select(Meeting)
            .where(
                Meeting.body_id == meeting.body_id,
                Meeting.status != MeetingStatus.CANCELLED,
                Meeting.start_at >= first,
                Meeting.start_at < after,
            )
            .order_by(Meeting.start_at, Meeting.id)
        )
    )


def place_recurring_items(session: Session, meeting: Meeting) -> None:
    """The cycle of business: the month's recurring items go to the body's first meeting of that
    month, as business items, unless a meeting of that month already has them."""
    if meeting.status is not MeetingStatus.PLANNED:
        return
    in_month = month_meetings(session, meeting)
    if not in_month or in_month[0].id != meeting.id:
        return
    recurring = session.scalars(
        select(RecurringItem)
        .where(
            RecurringItem.body_id == meeting.body_id,
            RecurringItem.month == meeting.start_at.month,
        )
        .order_by(RecurringItem.id)
    ).all()
    if not recurring:
        return
    present = {
        title.casefold()
        for title in session.scalars(
            select(AgendaItem.title).where(AgendaItem.meeting_id.in_([m.id for m in in_month]))
        )
    }
    for entry in recurring:
        if entry.title.casefold() in present:
            continue
        business = standard_item(session, meeting, StandardItem.BUSINESS)
        new_item(
            session,
            meeting,
            business,
            title=entry.title,
            purpose=entry.purpose,
            presenter=entry.presenter,
        )
