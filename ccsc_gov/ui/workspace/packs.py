"""Building a meeting's board pack off the GUI thread: the worker opens its own transaction
and builds the pack (`ui/export.py`'s job), a progress dialog shows how far it has got and
can cancel it, and the workspace then offers to open the pack or its folder."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ccsc_gov.core.governance.errors import UserError
from ccsc_gov.core.services.packs import PackRecord
from ccsc_gov.core.store.database import Database
from ccsc_gov.ui import export, ops


@dataclass(frozen=True)
class PackRequest:
    meeting_ref: str
    path: Path
    public: bool = False
    supplement: bool = False


def suggested_name(meeting_ref: str, *, public: bool, supplement: bool) -> str:
    """`EMC-2026-10 board pack (public).pdf`."""
    stem = f"{meeting_ref.replace('/', '-')} board pack"
    if supplement:
        stem += " supplement"
    if public:
        stem += " (public)"
    return f"{stem}.pdf"


class PackBuilder(QObject):
    """Builds one pack at a time for a workspace, with a progress dialog and Cancel."""

    done = Signal(object, object)  # PackRequest, PackRecord or None
    # (steps done, steps in all, what): emitted by the worker, shown on the GUI thread.
    progressed = Signal(int, int, str)

    def __init__(self, database: Database, parent: QWidget) -> None:
        super().__init__(parent)
        self.database = database
        self.window = parent
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.progressed.connect(self._progress)
        self.stop = threading.Event()
        self.dialog: QProgressDialog | None = None
        # The build under way, its job and (once written) its record.
        self._running: tuple[PackRequest, export.ExportJob, list[PackRecord]] | None = None

    @property
    def busy(self) -> bool:
        return self._running is not None

    def start(self, request: PackRequest) -> bool:
        if self._running is not None:
            return False
        self.stop.clear()
        records: list[PackRecord] = []

        def write(path: Path) -> Path:
            from ccsc_gov.core.export.pack import write_pack

            with self.database.transaction() as session:
                records.append(
                    write_pack(
                        session,
                        request.meeting_ref,
                        path,
                        public=request.public,
                        supplement=request.supplement,
                        progress=self.progressed.emit,
                        cancelled=self.stop.is_set,
                    )
                )
            return path

        job = export.ExportJob(write, request.path)
        job.done.connect(self._finished)
        job.refused.connect(self._failed)
        job.crashed.connect(self._crashed)
        self._running = (request, job, records)
        self._show_dialog(request)
        job.start(self.pool)
        return True

    def _show_dialog(self, request: PackRequest) -> None:
        dialog = QProgressDialog(
            f"Building the board pack of {request.meeting_ref}…", "Cancel", 0, 0, self.window
        )
        dialog.setWindowTitle("Build board pack")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        dialog.show()
        self.dialog = dialog

    def cancel(self) -> None:
        """Stop at the next paper; nothing is written."""
        self.stop.set()
        if self.dialog is not None:
            self.dialog.setLabelText("Cancelling…")

    def wait(self) -> None:
        self.pool.waitForDone()

    def _progress(self, done: int, total: int, what: str) -> None:
        if self.dialog is not None and not self.stop.is_set():
            self.dialog.setMaximum(total)
            self.dialog.setLabelText(f"{what}…")
            # Last: a modal progress dialog's setValue runs the event loop, where the pack may
            # finish and the dialog go.
            self.dialog.setValue(done)

    def _end(self, record: PackRecord | None) -> PackRequest:
        assert self._running is not None
        request = self._running[0]
        self._running = None
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.done.emit(request, record)
        return request

    def _finished(self, path: Path) -> None:
        assert self._running is not None
        record = self._running[2][0]
        self._end(record)
        description = f"the {record.name} of {record.meeting} ({record.pages} pages)"
        export.offer_and_open(self.window, path, description)

    def _failed(self, error: UserError) -> None:
        self._end(None)
        if not self.stop.is_set():
            ops.show_user_error(self.window, error)

    def _crashed(self, error: BaseException) -> None:
        self._end(None)
        export.report_crash(error)
