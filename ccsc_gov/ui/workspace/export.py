"""Exporting a meeting's agenda or minutes (full or public, Word or PDF) off the GUI thread: the
worker reads its own snapshot (its own session), writes the file, and the workspace then offers
to open the file or its folder."""

from __future__ import annotations

import datetime as dt
import enum
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QStandardPaths, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ccsc_gov.core.export.meeting_documents import MeetingDocument as Document
from ccsc_gov.core.governance.errors import UserError
from ccsc_gov.core.store.database import Database
from ccsc_gov.ui import ops
from ccsc_gov.ui.settings import user_settings

FOLDER_KEY = "workspace/export_folder"


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


def export_folder() -> Path:
    """Where the last export went, or the clerk's documents folder."""
    saved = user_settings().value(FOLDER_KEY)
    if isinstance(saved, str) and saved and Path(saved).is_dir():
        return Path(saved)
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))


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


class ExportSignals(QObject):
    """Made on the GUI thread, emitted from the worker: the connections are queued."""

    finished = Signal(object, object)  # ExportRequest, Path
    failed = Signal(object, object)  # ExportRequest, UserError
    crashed = Signal(object, object)  # ExportRequest, BaseException


class ExportJob(QRunnable):
    def __init__(self, database: Database, request: ExportRequest, signals: ExportSignals):
        super().__init__()
        self.database = database
        self.request = request
        self.signals = signals

    def run(self) -> None:
        try:
            path = write_document(self.database, self.request)
        except UserError as error:
            self.signals.failed.emit(self.request, error)
        except Exception as error:  # a bug: shown in the crash dialog on the GUI thread
            self.signals.crashed.emit(self.request, error)
        else:
            self.signals.finished.emit(self.request, path)


def ask_save_path(parent: QWidget | None, caption: str, suggested: Path, pdf: bool) -> Path | None:
    """Where to save; tests replace this function."""
    kind = "PDF documents (*.pdf)" if pdf else "Word documents (*.docx)"
    chosen, _ = QFileDialog.getSaveFileName(parent, caption, str(suggested), kind)
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() in (".pdf", ".docx") else path.with_suffix(suggested.suffix)


class OpenChoice(enum.Enum):
    FILE = "file"
    FOLDER = "folder"


def offer_to_open(parent: QWidget | None, path: Path, description: str) -> OpenChoice | None:
    """Offer to open the new file or its folder; tests replace this function."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("Export finished")
    box.setText(f"Saved {description} as {path.name}.")
    box.setInformativeText(str(path.parent))
    open_file = box.addButton("&Open file", QMessageBox.ButtonRole.AcceptRole)
    open_folder = box.addButton("Open &folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(open_file)
    box.exec()
    if box.clickedButton() is open_file:
        return OpenChoice.FILE
    if box.clickedButton() is open_folder:
        return OpenChoice.FOLDER
    return None


def open_url(url: QUrl) -> bool:
    """Hand a file or folder to the desktop; tests replace this function."""
    return QDesktopServices.openUrl(url)


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
        self.signals = ExportSignals(self)
        self.signals.finished.connect(self._finished)
        self.signals.failed.connect(self._failed)
        self.signals.crashed.connect(self._crashed)
        self.busy = False

    def start(self, request: ExportRequest) -> bool:
        if self.busy:
            return False
        self.busy = True
        self.started.emit(request)
        self.pool.start(ExportJob(self.database, request, self.signals))
        return True

    def wait(self) -> None:
        self.pool.waitForDone()

    def _finished(self, request: ExportRequest, path: Path) -> None:
        self.busy = False
        user_settings().setValue(FOLDER_KEY, str(path.parent))
        self.done.emit(request, path)
        choice = offer_to_open(self.window, path, request.description)
        if choice is OpenChoice.FILE:
            open_url(QUrl.fromLocalFile(str(path)))
        elif choice is OpenChoice.FOLDER:
            open_url(QUrl.fromLocalFile(str(path.parent)))

    def _failed(self, request: ExportRequest, error: UserError) -> None:
        self.busy = False
        self.done.emit(request, None)
        ops.show_user_error(self.window, error)

    def _crashed(self, request: ExportRequest, error: BaseException) -> None:
        self.busy = False
        self.done.emit(request, None)
        sys.excepthook(type(error), error, error.__traceback__)
