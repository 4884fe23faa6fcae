"""Meetings as .ics files, reopened with icalendar."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from demo_meeting import demo_calendar
from icalendar import Calendar

from ccsc_gov.core.export.calendar import calendar_bytes, meeting_uid, write_calendar
from ccsc_gov.core.governance.errors import InvalidInput

STAMP = dt.datetime(2026, 4, 1, 9, 30, tzinfo=dt.UTC)


def read(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def test_each_meeting_is_an_event_in_london_time_with_the_zone_defined(tmp_path: Path) -> None:
    target = tmp_path / "meetings.ics"
    write_calendar(demo_calendar(), target, stamp=STAMP)
    calendar = read(target)
    assert str(calendar["method"]) == "PUBLISH"
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["tzid"]) for z in zones] == ["Europe/London"]
    events = calendar.walk("VEVENT")
    assert [str(e["uid"]) for e in events] == ["emc-2026-04@ccsc-gov", "emc-2026-05@ccsc-gov"]
    first = events[0]
    start = first.decoded("dtstart")
    assert first["dtstart"].params["TZID"] == "Europe/London"
    assert (start.hour, start.minute) == (14, 0)
    assert start.utcoffset() == dt.timedelta(hours=1)  # British Summer Time in April
    assert str(first["summary"]) == "Executive Management Committee (EMC/2026/04)"
    assert str(first["location"]) == "Seminar Room 2"
    assert "https://video.example.org/emc" in str(first["description"])
    assert first.decoded("sequence") == 1
    assert first.decoded("dtstamp") == STAMP
    assert str(events[1]["status"]) == "CANCELLED"


def test_winter_meetings_are_in_greenwich_mean_time() -> None:
    winter = dataclasses.replace(
        demo_calendar()[0],
        start=dt.datetime(2026, 12, 8, 14, 0),
        end=dt.datetime(2026, 12, 8, 16, 0),
    )
    event = Calendar.from_ical(calendar_bytes([winter], stamp=STAMP)).walk("VEVENT")[0]
    assert event.decoded("dtstart").utcoffset() == dt.timedelta(0)


def test_a_changed_meeting_keeps_its_uid_and_raises_its_sequence() -> None:
    meeting = demo_calendar()[0]
    moved = dataclasses.replace(
        meeting,
        start=meeting.start + dt.timedelta(hours=1),
        end=meeting.end + dt.timedelta(hours=1),
        sequence=meeting.sequence + 1,
    )
    before = Calendar.from_ical(calendar_bytes([meeting], stamp=STAMP)).walk("VEVENT")[0]
    after = Calendar.from_ical(calendar_bytes([moved], stamp=STAMP)).walk("VEVENT")[0]
    assert before["uid"] == after["uid"]
    assert after.decoded("sequence") == before.decoded("sequence") + 1


def test_a_cancelled_meeting_alone_is_sent_as_a_cancellation() -> None:
    cancelled = demo_calendar()[1]
    calendar = Calendar.from_ical(calendar_bytes([cancelled], stamp=STAMP))
    assert str(calendar["method"]) == "CANCEL"
    event = calendar.walk("VEVENT")[0]
    assert str(event["status"]) == "CANCELLED"
    assert event.decoded("sequence") == 2


def test_the_uid_comes_from_the_reference_which_never_changes() -> None:
    assert meeting_uid("EMC/2026/03") == "emc-2026-03@ccsc-gov"
    assert meeting_uid("EMC/2026/03", domain="centre.example.ac.uk") == (
        "emc-2026-03@centre.example.ac.uk"
    )


def test_hostile_text_survives_the_calendar(tmp_path: Path) -> None:
    hostile = "Room \x00\x1b 😀 \ud800 עברית \u202e; =cmd|' /C calc'!A0, \\ \"quoted\""
    meeting = dataclasses.replace(
        demo_calendar()[0], body_name=hostile, location=hostile, description=hostile * 2000
    )
    target = tmp_path / "meetings.ics"
    write_calendar([meeting], target, stamp=STAMP)
    event = read(target).walk("VEVENT")[0]
    location = str(event["location"])
    assert location == "Room 😀 \ufffd עברית ; =cmd|' /C calc'!A0, \\ \"quoted\""
    assert "\x00" not in target.read_text(encoding="utf-8")


def test_a_meeting_that_ends_before_it_starts_is_refused() -> None:
    meeting = dataclasses.replace(demo_calendar()[0], end=demo_calendar()[0].start)
    with pytest.raises(InvalidInput, match="ends before it starts"):
        calendar_bytes([meeting])
