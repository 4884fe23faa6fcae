"""How the desktop app writes its name, dates, times, counts and statuses: UK style, whatever the
system locale."""

from __future__ import annotations

import datetime as dt

# The end of every window title.
APP_TITLE = "CCSC Governance"

# Fixed English names: the clerks' documents are in UK English, and strftime's names follow
# the C library's locale, which Qt sets from the environment.
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_date(day: dt.date) -> str:
    """`Tue 14 Apr 2026`."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def day_text(day: dt.date | None, *, empty: str = "") -> str:
    """`14 Apr 2026`: short enough for a table column, unambiguous in any locale."""
    if day is None:
        return empty
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def day_month(day: dt.date) -> str:
    """`14 Apr`."""
    return f"{day.day} {_MONTHS[day.month - 1]}"


def plural(number: int, noun: str, nouns: str | None = None) -> str:
    """`1 action`, `1,204 actions`."""
    return f"{number:,} {noun if number == 1 else (nouns or noun + 's')}"


def showing(shown: int, total: int, noun: str) -> str:
    """`Showing 1,204 actions`, or `Showing 12 of 1,204 actions` when a filter hides some."""
    if shown == total:
        return f"Showing {plural(shown, noun)}"
    return f"Showing {shown:,} of {plural(total, noun)}"


def meeting_slot(start: dt.datetime, end: dt.datetime) -> str:
    """`Tue 14 Apr 2026, 14:00–16:00`; a meeting running past midnight names both days."""
    if end.date() == start.date():
        return f"{short_date(start)}, {start:%H:%M}–{end:%H:%M}"
    return f"{short_date(start)}, {start:%H:%M} – {short_date(end)}, {end:%H:%M}"


def sentence_case(value: str) -> str:
    """`MeetingStatus.AGENDA_PUBLISHED` → `Agenda published`."""
    text = str(value)
    return text[:1].upper() + text[1:]
