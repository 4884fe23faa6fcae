"""Working days: Monday to Friday (bank holidays are not known to the app, so a deadline that
falls on one is a day early rather than late)."""

from __future__ import annotations

import datetime as dt


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The working day `count` working days after `day` (count 0: `day`, or the next working
    day when `day` falls on a weekend)."""
    if count < 0:
        raise ValueError("count must not be negative")
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    while count:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day
