"""Agenda timings: every item has a start time, computed from the one before, and the last
item ends by the meeting's end; the agenda prints them in the order the meeting takes the
business (the closed session last)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from demo_meeting import demo_agenda

from ccsc_gov.core.export.agenda import write_agenda
from ccsc_gov.core.governance.timing import SMALLEST_SHARE, Slot, Timed, timings

START = dt.datetime(2026, 4, 14, 14, 0)
END = START + dt.timedelta(hours=2)


def at(hour: int, minute: int) -> dt.datetime:
    return START.replace(hour=hour, minute=minute)


def test_each_item_starts_when_the_one_before_ends() -> None:
    slots = timings([Timed("1", 5), Timed("2", 10), Timed("3", 30)], START, END)
    assert [s.start for s in slots.values()] == [at(14, 0), at(14, 5), at(14, 15)]


def test_items_without_an_allocation_share_what_remains_evenly() -> None:
    slots = timings(
        [Timed("1", 10), Timed("2", None), Timed("3", 20), Timed("4", None)], START, END
    )
    # 120 minutes, 30 allocated: the two others get 45 each, and are marked as shares.
    assert slots["2"] == Slot(at(14, 10), 45, shared=True)
    assert slots["3"] == Slot(at(14, 55), 20)
    assert slots["4"] == Slot(at(15, 15), 45, shared=True)
    last = slots["4"]
    assert last.start + dt.timedelta(minutes=last.minutes) <= END


def test_a_heading_starts_with_its_first_sub_item_and_shares_its_time_among_them() -> None:
    slots = timings(
        [Timed("1", 10), Timed("2", 40), Timed("2.1", None), Timed("2.2", None)], START, END
    )
    assert slots["2"].start == slots["2.1"].start == at(14, 10)
    assert (slots["2.1"].minutes, slots["2.2"].minutes) == (20, 20)
    assert not slots["2.1"].shared
    assert slots["2"].minutes == 40


def test_allocations_that_overrun_are_shortened_so_the_meeting_ends_on_time() -> None:
    slots = timings([Timed("1", 90), Timed("2", 90), Timed("3", None)], START, END)
    assert slots["3"].minutes >= SMALLEST_SHARE
    end = slots["3"].start + dt.timedelta(minutes=slots["3"].minutes)
    assert end <= END


def test_the_agenda_times_every_item_and_the_closed_session_last(tmp_path: Path) -> None:
    target = tmp_path / "agenda.docx"
    write_agenda(demo_agenda(), target)
    document = docx.Document(str(target))
    open_rows = [[c.text for c in r.cells] for r in document.tables[0].rows[1:]]
    closed_rows = [[c.text for c in r.cells] for r in document.tables[1].rows[1:]]
    times = [r[-1] for r in open_rows + closed_rows]
    assert all(times), "every item has a start time"
    assert times == sorted(times)
    # Item 8 has no allocation: it shares what is left with nothing else before the closed part.
    assert open_rows[-1][0] == "8"
    assert closed_rows[0][0] == "C1"
    assert closed_rows[-1][-1] < "16:00"
    headings = [p.text for p in document.paragraphs]
    part = headings.index("Part II — closed session (confidential business)")
    assert headings[part + 1].startswith(
        "Resolution to be moved: that the Committee take the following business in closed session"
    )


def test_no_column_breaks_a_one_word_purpose(tmp_path: Path) -> None:
    target = tmp_path / "agenda.docx"
    write_agenda(demo_agenda(), target)
    table = docx.Document(str(target)).tables[0]
    widths = [int(c.w) for c in table._tbl.tblGrid.gridCol_lst]
    purpose = widths[2]
    # "For discussion", "For information": the whole purpose fits its column on one line.
    assert purpose >= len("For information") * 0.19 * 360_000
