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
from ccsc_gov.core.export.minutes import CLOSED_SESSION, closed_session_resolution
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
    body_words,
    clean_line,
    clock,
    join_names,
    long_date,
    plain_date,
    purpose_words,
    time_span,
)
from ccsc_gov.core.governance.timing import Timed, timings

P = ParagraphStyle
CONFIDENTIAL_FALLBACK_TITLE = "Confidential item"


def start_times(snapshot: AgendaSnapshot) -> dict[str, dt.datetime]:
    """When each item is due to start, in the order the meeting takes them: the open business,
    then the closed session (see `governance.timing`)."""
    ordered = [i for i in snapshot.items if not i.confidential] + [
        i for i in snapshot.items if i.confidential
    ]
    slots = timings(
        [Timed(i.number, i.duration_minutes) for i in ordered], snapshot.start, snapshot.end
    )
    return {number: slot.start for number, slot in slots.items()}


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
    rows: list[tuple[AgendaEntry, list[str]]] = []
    for item in items:
        withheld = item.confidential and public
        cells = [
            item.number,
            _title(item, public=public),
            purpose_words(item.purpose),
            "" if withheld else clean_line(item.presenter),
            "" if withheld else join_names(item.papers, separator=", "),
        ]
        if times is not None:
            cells.append(clock(times[item.number]) if item.number in times else "")
        rows.append((item, cells))
    # A purpose ("For discussion") and a time are never wrapped.
    table = add_table(
        document,
        TableStyle.AGENDA_TABLE,
        headings,
        proportions,
        [c for _, c in rows],
        unbroken={2, len(headings) - 1},
    )
    for item, cells in rows:
        # A top-level item stands out from its sub-items.
        title: Part = (cells[1], CharacterStyle.LABEL) if "." not in item.number else cells[1]
        add_row(table, [cells[0], (title,), *cells[2:]])


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

    times = start_times(snapshot)
    open_items = [item for item in snapshot.items if not item.confidential]
    if open_items:
        _table(document, open_items, public=public, times=times)
    else:
        add_paragraph(document, P.NOTE, "There is no open business.")
    if confidential:
        add_paragraph(document, P.HEADING_1, f"Part II — {CLOSED_SESSION}")
        resolution = closed_session_resolution(snapshot.body_kind)
        add_paragraph(document, P.BODY, f"Resolution to be moved: {resolution}")
        if not public:
            add_paragraph(
                document,
                P.NOTE,
                "Members only: observers and those in attendance withdraw. Papers for these "
                f"items are not for circulation beyond {body_words(snapshot.body_kind)}.",
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
