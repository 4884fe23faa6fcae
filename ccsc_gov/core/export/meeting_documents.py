"""A meeting's agenda or minutes, full or public, as Word or PDF: the one function the window
and the command line both call to write one."""

from __future__ import annotations

import datetime as dt
import enum
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session


class MeetingDocument(enum.Enum):
    AGENDA = "agenda"
    MINUTES = "minutes"
    REVIEW_COPY = "review copy"  # the draft minutes for the chair to correct in Word

    def describe(self, meeting_ref: str, *, public: bool) -> str:
        """`the public version of the minutes of EMC/2026/03`, `the agenda of EMC/2026/03`."""
        if self is MeetingDocument.REVIEW_COPY:
            return f"the chair's review copy of the minutes of {meeting_ref}"
        if self is MeetingDocument.MINUTES:
            words = "public version of the minutes" if public else "minutes"
        else:
            words = "public agenda" if public else "agenda"
        return f"the {words} of {meeting_ref}"


def write_meeting_document(
    session: Session,
    *,
    document: MeetingDocument,
    meeting: str,
    path: Path,
    public: bool = False,
    as_pdf: bool = False,
    template: Path | None = None,
    today: dt.date | None = None,
) -> Path:
    """Read the meeting's snapshot and write the document to `path`, atomically: Word, or with
    `as_pdf` a PDF made from it by LibreOffice. `today` is the agenda's issue date."""
    # Imported here, so naming a document (the window's menus) does not load python-docx.
    from ccsc_gov.core.export import agenda, chairs_review, gather, minutes, pdf, review_copy

    if document is MeetingDocument.REVIEW_COPY:
        snapshot, stamp = chairs_review.review_copy_source(session, meeting=meeting)
    elif document is MeetingDocument.MINUTES:
        minutes_snap = gather.minutes_snapshot(session, meeting=meeting)
    else:
        agenda_snap = gather.agenda_snapshot(session, meeting=meeting, today=today)

    def write(target: Path) -> Path:
        if document is MeetingDocument.REVIEW_COPY:
            return review_copy.write_review_copy(snapshot, stamp, target, template=template)
        if document is MeetingDocument.MINUTES:
            return minutes.write_minutes(minutes_snap, target, public=public, template=template)
        return agenda.write_agenda(agenda_snap, target, public=public, template=template)

    if not as_pdf:
        return write(path)
    with tempfile.TemporaryDirectory(prefix="ccsc-gov-export-") as folder:
        return pdf.convert_to_pdf(write(Path(folder) / "document.docx"), path)
