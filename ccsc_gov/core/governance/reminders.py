"""The reminder rhythm a body's terms of reference may set: a first reminder some days before
an action falls due, then again every so many days while it is overdue."""

from __future__ import annotations

import datetime as dt


def reminder_due(
    *,
    due: dt.date | None,
    last_reminded: dt.date | None,
    today: dt.date,
    before_days: int | None,
    every_days: int | None,
) -> bool:
    """Whether an open action's owner should be reminded of it today.

    With no rhythm at all, always (the clerk's own round of reminders). An action with no due
    date is never chased by the rhythm. Before the due date: once, in the `before_days` leading
    up to it. Once overdue: on the first day overdue, then every `every_days` (or only once
    when the terms set no interval)."""
    if before_days is None and every_days is None:
        return True
    if due is None:
        return False
    if today <= due:
        if before_days is None or today < due - dt.timedelta(days=before_days):
            return False
        return last_reminded is None or last_reminded < due - dt.timedelta(days=before_days)
    if last_reminded is None or last_reminded <= due:
        return True
    return every_days is not None and (today - last_reminded).days >= every_days
