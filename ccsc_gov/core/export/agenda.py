"""The agenda of a meeting as a Word document for circulation: numbered items with their
purposes, presenters, papers and timings, the confidential business set apart.

With `public`, a confidential item shows only its number, public title, purpose and time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from docx.document import Document

from ccsc_gov.core.export.files import save_document
from ccsc_gov.core.export.snapshots import AgendaEntry, AgendaSnapshot
from ccsc_gov.core.export.template import (
    CharacterStyle,
    HeaderFields,
    ParagraphStyle,
    Part,
    Properties,
    TableStyle,
    add_paragraph,
    add_row,
    add_table,
    new_document,
)
from ccsc_gov.core.export.text import (
    clean_line,
    clock,
    join_names,
    long_date,
    plain_date,
    purpose_words,
    time_span,
)

P = ParagraphStyle
CONFIDENTIAL_FALLBACK_TITLE = "Confidential item"


def start_times(snapshot: AgendaSnapshot) -> dict[str, dt.datetime]:
    """When each item is due to start, from the meeting's start and the items' durations.

    A top-level item's time covers its sub-items: the next top-level item starts after the
    later of the two (its own allocation, or the sum of its sub-items').
    """
    times: dict[str, dt.datetime] = {}
    clock_at = snapshot.start
    block_start = snapshot.start
    block_minutes: int | None = None
    for item in snapshot.items:
        if "." not in item.number:
            if block_minutes is not None:
                clock_at = max(clock_at, block_start + dt.timedelta(minutes=block_minutes))
            block_start, block_minutes = clock_at, item.duration_minutes
            times[item.number] = clock_at
        else:
            times[item.number] = clock_at
            clock_at += dt.timedelta(minutes=item.duration_minutes or 0)
    return times


def _title(item: AgendaEntry, *, public: bool) -> str:
    if item.confidential and public:
        return clean_line(item.public_title) or CONFIDENTIAL_FALLBACK_TITLE
    return clean_line(item.title)


def _table(
    document: Document,
    items: Sequence[AgendaEntry],
    *,
    public: bool,
    times: dict[str, dt.datetime] | None,
) -> None:
    headings = ["Item", "Business", "Purpose", "Lead", "Papers"]
    proportions = [1.1, 6.2, 2.4, 3.0, 2.4]
    if times is not None:
        headings.append("Time")
        proportions.append(1.2)
    table = add_table(document, TableStyle.AGENDA_TABLE, headings, proportions)
    for item in items:
        withheld = item.confidential and public
        text = _title(item, public=public)
        # A top-level item stands out from its sub-items.
        title: Part = (text, CharacterStyle.LABEL) if "." not in item.number else text
        cells: list[str | Sequence[Part]] = [
            item.number,
            (title,),
            purpose_words(item.purpose),
            "" if withheld else clean_line(item.presenter),
            "" if withheld else join_names(item.papers, separator=", "),
        ]
        if times is not None:
            cells.append(clock(times[item.number]) if item.number in times else "")
        add_row(table, cells)


def agenda_document(
    snapshot: AgendaSnapshot, *, public: bool = False, template: Path | None = None
) -> Document:
    confidential = [item for item in snapshot.items if item.confidential]
    marking = "CONFIDENTIAL" if confidential and not public else ""
    document = new_document(
        template,
        header=HeaderFields(
            body=snapshot.body_name,
            document="Agenda",
            reference=snapshot.meeting_ref,
            marking=marking,
        ),
        properties=Properties(
            title=f"{snapshot.body_name} — agenda of {snapshot.meeting_ref}",
            subject=f"Agenda of the meeting on {long_date(snapshot.start.date())}",
            keywords=f"{snapshot.body_code}; {snapshot.meeting_ref}; agenda",
            category="Agenda",
        ),
    )
    add_paragraph(document, P.TITLE, snapshot.body_name)
    add_paragraph(
        document,
        P.SUBTITLE,
        f"Agenda for the meeting on {long_date(snapshot.start.date())}, "
        f"{time_span(snapshot.start, snapshot.end)}",
    )
    if snapshot.location:
        add_paragraph(document, P.DETAILS, snapshot.location)
    if snapshot.video_link and not public:
        add_paragraph(
            document, P.DETAILS, ("Join by video:", CharacterStyle.LABEL), " ", snapshot.video_link
        )
    reference: list[Part] = [("Reference", CharacterStyle.LABEL), f" {snapshot.meeting_ref}"]
    if snapshot.issued_on is not None:
        reference.append(f" · issued {plain_date(snapshot.issued_on)}")
    add_paragraph(document, P.DETAILS, *reference)
    if snapshot.secretary:
        add_paragraph(document, P.DETAILS, f"Apologies to {clean_line(snapshot.secretary)}.")
    if marking:
        add_paragraph(
            document, P.MARKING, "CONFIDENTIAL — the confidential business is for members only"
        )

    has_timings = any(item.duration_minutes for item in snapshot.items)
    times = start_times(snapshot) if has_timings else None
    open_items = [item for item in snapshot.items if not item.confidential]
    if open_items:
        _table(document, open_items, public=public, times=times)
    else:
        add_paragraph(document, P.NOTE, "There is no open business.")
    if confidential:
        add_paragraph(
            document,
            P.HEADING_1,
            "Confidential business (not open to the public)" if public else "Confidential business",
        )
        if not public:
            add_paragraph(
                document,
                P.NOTE,
                "Members only. Papers for these items are not for circulation beyond the "
                "committee.",
            )
        _table(document, confidential, public=public, times=times)
    return document


def write_agenda(
    snapshot: AgendaSnapshot,
    path: Path,
    *,
    public: bool = False,
    template: Path | None = None,
) -> Path:
    """Write the agenda to `path`, atomically."""
    return save_document(agenda_document(snapshot, public=public, template=template), path)
