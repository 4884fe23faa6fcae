"""Details of the Word minutes seen when the demo's minutes were rendered: rows that stay on
one page, empty headings said to be empty, the next meeting's date, and why an item was
inquorate."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import docx
from demo_meeting import demo_action_log, demo_minutes
from docx.oxml.ns import qn

from ccsc_gov.core.export.action_log import write_action_log
from ccsc_gov.core.export.minutes import write_minutes
from ccsc_gov.core.export.snapshots import ItemQuorum, MinutesItem, QuorumStatement
from ccsc_gov.core.export.template import KEEP_ROW_WHOLE_UP_TO
from ccsc_gov.core.store.models import Purpose, StandardItem


def texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_a_short_table_row_is_kept_on_one_page_and_a_very_long_one_may_break(
    tmp_path: Path,
) -> None:
    snapshot = demo_action_log()
    long_note = "word " * KEEP_ROW_WHOLE_UP_TO
    rows = (dataclasses.replace(snapshot.rows[0], latest_note=long_note), *snapshot.rows[1:])
    target = tmp_path / "actions.docx"
    write_action_log(dataclasses.replace(snapshot, rows=rows), target)
    table = docx.Document(str(target)).tables[0]
    kept = [row._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in table.rows]
    # The heading row repeats on each page; the long first row may break, the others not.
    assert kept[1:] == [False] + [True] * (len(rows) - 1)


def test_empty_business_and_reports_headings_say_none(tmp_path: Path) -> None:
    items = (
        MinutesItem("5", "Business items", Purpose.DISCUSSION, standard=StandardItem.BUSINESS),
        MinutesItem(
            "6",
            "Reports from subcommittees",
            Purpose.NOTE,
            standard=StandardItem.SUBCOMMITTEE_REPORTS,
        ),
        MinutesItem("6.1", "Research Subcommittee", Purpose.NOTE, minutes="Noted."),
    )
    target = tmp_path / "minutes.docx"
    write_minutes(dataclasses.replace(demo_minutes(), items=items), target)
    body = texts(target)
    assert body[body.index("5\tBusiness items") + 1] == "None."
    assert body[body.index("6\tReports from subcommittees") + 1] == "6.1\tResearch Subcommittee"


def test_the_next_meetings_date_follows_the_clerks_words(tmp_path: Path) -> None:
    item = MinutesItem(
        "8",
        "Date of next meeting",
        Purpose.INFORMATION,
        standard=StandardItem.NEXT_MEETING,
        minutes="Members were asked to hold the date.",
    )
    snapshot = dataclasses.replace(
        demo_minutes(),
        items=(item,),
        next_meeting=dt.datetime(2026, 4, 14, 14),
        next_meeting_location="Seminar Room 2",
    )
    target = tmp_path / "minutes.docx"
    write_minutes(snapshot, target)
    body = texts(target)
    start = body.index("8\tDate of next meeting")
    assert body[start + 1 : start + 3] == [
        "Members were asked to hold the date.",
        "Tuesday 14 April 2026, 14:00, Seminar Room 2.",
    ]


def test_an_item_without_its_chair_says_why_it_was_inquorate(tmp_path: Path) -> None:
    item = MinutesItem(
        "5.1",
        "Pump-priming awards",
        Purpose.DECISION,
        quorum=ItemQuorum(
            withdrawn=("Prof. Hannah Okafor",),
            voting_present=7,
            voting_members=10,
            quorate=False,
            chair_missing=True,
        ),
    )
    snapshot = dataclasses.replace(
        demo_minutes(),
        items=(item,),
        quorum=QuorumStatement(
            quorate=True,
            voting_present=8,
            voting_members=10,
            chair_present=True,
            inquorate_items=("5.1",),
        ),
    )
    target = tmp_path / "minutes.docx"
    write_minutes(snapshot, target)
    body = texts(target)
    assert (
        "The meeting was quorate (8 of 10 voting members present, including the Chair). "
        "Item 5.1 was inquorate following withdrawals."
    ) in body
    assert (
        "Prof. Hannah Okafor withdrew for this item. The item was inquorate: neither the Chair "
        "nor the Vice-chair was present for it (7 of 10 voting members present)."
    ) in body
