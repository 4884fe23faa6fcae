"""Meetings as an iCalendar (.ics) file that Outlook, Google and Apple calendars import.

Each meeting keeps one UID for life, so importing a newer file updates the event instead of
adding a second one; SEQUENCE says which version is newer. Times are the Centre's wall-clock
times in Europe/London, with the zone's definition written into the file. A file holding
only cancelled meetings is a cancellation (METHOD:CANCEL); any other file is published
(METHOD:PUBLISH), its cancelled meetings marked STATUS:CANCELLED.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress

from ccsc_gov.core.export.files import write_bytes
from ccsc_gov.core.export.snapshots import CalendarMeeting
from ccsc_gov.core.export.text import clean, clean_line
from ccsc_gov.core.governance.errors import InvalidInput

CENTRE_ZONE = "Europe/London"
PRODUCT_ID = "-//ccsc-gov//Centre governance//EN"
UID_DOMAIN = "ccsc-gov"
_UNSAFE_UID = re.compile(r"[^A-Za-z0-9._-]+")


def meeting_uid(ref: str, *, domain: str = UID_DOMAIN) -> str:
    """A UID for the meeting with this reference. References are never reused and never
    change, so neither does the UID; `domain` keeps two installations' UIDs apart."""
    return f"{_UNSAFE_UID.sub('-', ref).strip('-').lower()}@{domain}"


def _london() -> Timezone:
    """Europe/London as rules (last Sunday of March and of October) rather than a list of
    dates, so it stays right for meetings in any year."""
    zone = Timezone()
    zone.add("tzid", CENTRE_ZONE)
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("tzoffsetfrom", dt.timedelta(hours=0))
    summer.add("tzoffsetto", dt.timedelta(hours=1))
    summer.add("dtstart", dt.datetime(1981, 3, 29, 1, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("tzoffsetfrom", dt.timedelta(hours=1))
    winter.add("tzoffsetto", dt.timedelta(hours=0))
    winter.add("dtstart", dt.datetime(1996, 10, 27, 2, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _event(meeting: CalendarMeeting, *, stamp: dt.datetime) -> Event:
    zone = ZoneInfo(CENTRE_ZONE)
    if meeting.end <= meeting.start:
        raise InvalidInput(f"Meeting {meeting.ref} ends before it starts.")
    event = Event()
    event.add("uid", clean_line(meeting.uid))
    event.add("dtstamp", stamp)
    event.add("sequence", max(0, meeting.sequence))
    event.add("summary", clean_line(f"{meeting.body_name} ({meeting.ref})"))
    event.add("dtstart", meeting.start.replace(tzinfo=zone))
    event.add("dtend", meeting.end.replace(tzinfo=zone))
    if meeting.location:
        event.add("location", clean_line(meeting.location))
    description = [f"Meeting {meeting.ref} of the {meeting.body_name}."]
    if meeting.video_link:
        description.append(f"Join by video: {meeting.video_link}")
        event.add("url", clean_line(meeting.video_link))
    if meeting.description:
        description.append(meeting.description)
    event.add("description", clean("\n".join(description)))
    if meeting.organiser_email:
        organiser = vCalAddress(f"mailto:{clean_line(meeting.organiser_email)}")
        if meeting.organiser_name:
            organiser.params["cn"] = clean_line(meeting.organiser_name)
        event.add("organizer", organiser)
    if meeting.cancelled:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def calendar_bytes(
    meetings: Sequence[CalendarMeeting], *, stamp: dt.datetime | None = None
) -> bytes:
    """The .ics file's content. `stamp` (DTSTAMP, when the file was made) defaults to now."""
    stamp = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    cancelling = bool(meetings) and all(m.cancelled for m in meetings)
    calendar.add("method", "CANCEL" if cancelling else "PUBLISH")
    calendar.add("x-wr-timezone", CENTRE_ZONE)
    calendar.add_component(_london())
    for meeting in meetings:
        calendar.add_component(_event(meeting, stamp=stamp))
    data: bytes = calendar.to_ical()
    return data


def write_calendar(
    meetings: Sequence[CalendarMeeting], path: Path, *, stamp: dt.datetime | None = None
) -> Path:
    """Write the meetings to `path` as an .ics file, atomically."""
    return write_bytes(path, calendar_bytes(meetings, stamp=stamp))
