"""Exporting a meeting's agenda or minutes (full or public, Word or PDF) off the GUI thread: the
worker reads its own snapshot (its own session), writes the file, and the workspace then offers
to open the file or its folder. Asking where, the worker thread and opening the file are the
app's one export helper, `ccsc_gov.ui.export`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from ccsc_gov.core.export.meeting_documents import MeetingDocument as Document
from ccsc_gov.core.governance.errors import UserError
from ccsc_gov.core.store.database import Database
from ccsc_gov.ui import export, ops


@dataclass(frozen=True)
class ExportRequest:
    document: Document
    meeting_ref: str
    public: bool
    pdf: bool
    path: Path
    today: dt.date | None = None  # the agenda's issue date, when given

    @property
    def description(self) -> str:
        """`the public minutes of EMC/2026/03 (PDF)`."""
        version = "public " if self.public else ""
        kind = "PDF" if self.pdf else "Word"
        return f"the {version}{self.document.value} of {self.meeting_ref} ({kind})"


def suggested_name(document: Document, meeting_ref: str, *, public: bool, pdf: bool) -> str:
    """`EMC-2026-03 minutes (public).docx`: no slashes, so any file system takes it."""
    stem = f"{meeting_ref.replace('/', '-')} {document.value}"
    if public:
        stem += " (public)"
    return f"{stem}{'.pdf' if pdf else '.docx'}"


def write_document(database: Database, request: ExportRequest) -> Path:
    """Gather the snapshot in a session of its own and write the file (on the calling thread)."""
    # Imported here: python-docx and the writers are only needed once something is exported.
    from ccsc_gov.core.export.meeting_documents import write_meeting_document

    with database.reading() as session:
        return write_meeting_document(
            session,
            document=request.document,
            meeting=request.meeting_ref,
            path=request.path,
            public=request.public,
            as_pdf=request.pdf,
            today=request.today,
        )


class Exporter(QObject):
    """Runs one export at a time for a workspace and reports how it went."""

    started = Signal(object)  # ExportRequest
    done = Signal(object, object)  # ExportRequest, Path or None if it failed

    def __init__(self, database: Database, parent: QWidget) -> None:
        super().__init__(parent)
        self.database = database
        self.window = parent
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        # The export under way and its job, kept until the job reports back.
        self._running: tuple[ExportRequest, export.ExportJob] | None = None

    @property
    def busy(self) -> bool:
        return self._running is not None

    def start(self, request: ExportRequest) -> bool:
        if self._running is not None:
            return False
        job = export.ExportJob(lambda path: write_document(self.database, request), request.path)
        job.done.connect(self._finished)
        job.refused.connect(self._failed)
        job.crashed.connect(self._crashed)
        self._running = (request, job)
        self.started.emit(request)
        job.start(self.pool)
        return True

    def wait(self) -> None:
        self.pool.waitForDone()

    def _end(self, path: Path | None) -> ExportRequest:
        assert self._running is not None
        request, _job = self._running
        self._running = None
        self.done.emit(request, path)
        return request

    def _finished(self, path: Path) -> None:
        request = self._end(path)
        export.offer_and_open(self.window, path, request.description)

    def _failed(self, error: UserError) -> None:
        self._end(None)
        ops.show_user_error(self.window, error)

    def _crashed(self, error: BaseException) -> None:
        self._end(None)
        export.report_crash(error)
