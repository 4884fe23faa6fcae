"""Importing people and their memberships from a CSV file in the window: the clerk chooses the
file, the import runs off the GUI thread in its own transaction while a progress dialog shows
how far it has got (checking every row, then writing them) and can cancel it, and the clerk is
then told what was added, or, if the file has problems, each problem by its line, with nothing
written. Tests replace `choose_people_file`, `show_summary` and `show_refusal` on this module."""

from __future__ import annotations

import html
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from ccsc_gov.core.governance.errors import UserError
from ccsc_gov.core.services.people_import import (
    ImportCancelled,
    ImportRefused,
    ImportSummary,
    import_people,
    read_file,
)
from ccsc_gov.ui import export, ops
from ccsc_gov.ui.ops import Operations
from ccsc_gov.ui.worker import Job


def choose_people_file(parent: QWidget | None) -> Path | None:
    """Ask for the CSV file to import; tests replace this function."""
    name, _ = QFileDialog.getOpenFileName(
        parent,
        "Import people",
        str(export.export_folder()),
        "CSV files (*.csv);;All files (*)",
    )
    return Path(name) if name else None


def show_summary(parent: QWidget | None, text: str) -> None:
    """Tell the clerk what the import added; tests replace this function."""
    QMessageBox.information(parent, "People imported", text)


def show_refusal(parent: QWidget | None, error: ImportRefused) -> None:
    """Tell the clerk why the file was not imported, each problem by its line, in a box that
    grows to show them; tests replace this function."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("People not imported")
    heading, _problems = str(error).split("\n", 1)
    # Rich text, for the problems as a list; what the file holds is escaped.
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(html.escape(heading.rstrip(":") + "."))
    listed = "".join(f"<li>{html.escape(problem)}</li>" for problem in error.problems)
    box.setInformativeText(
        "<p>Put these right in the spreadsheet, save it as CSV again and import it again:</p>"
        f"<ul>{listed}</ul>"
    )
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


class PeopleImporter(QObject):
    """Imports one file at a time for a window, with a progress dialog and Cancel."""

    # The summary of what was imported; None if nothing was (refused, cancelled or failed).
    done = Signal(object)
    # (what is under way: "Checking" or "Importing", rows done, rows in all): emitted by the
    # worker, shown on the GUI thread.
    progressed = Signal(str, int, int)

    def __init__(self, ops: Operations, window: QWidget) -> None:
        super().__init__(window)
        self.ops = ops
        self.window = window
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.progressed.connect(self._progress)
        self.stop = threading.Event()
        self.dialog: QProgressDialog | None = None
        self._running: tuple[Path, Job] | None = None

    @property
    def busy(self) -> bool:
        return self._running is not None

    def start(self, path: Path) -> bool:
        """Import the file at `path`; False if an import is under way already."""
        if self._running is not None:
            return False
        self.stop.clear()

        def work() -> ImportSummary:
            data = read_file(path)
            with self.ops.database.transaction() as session:
                return import_people(
                    session,
                    data=data,
                    source=path.name,
                    checking=lambda done, total: self.progressed.emit("Checking", done, total),
                    progress=lambda done, total: self.progressed.emit("Importing", done, total),
                    cancelled=self.stop.is_set,
                )

        job = Job(work)
        job.done.connect(self._finished)
        job.refused.connect(self._failed)
        job.crashed.connect(self._crashed)
        self._running = (path, job)
        self._show_dialog(path)
        job.start(self.pool)
        return True

    def _show_dialog(self, path: Path) -> None:
        dialog = QProgressDialog(f"Reading {path.name}…", "Cancel", 0, 0, self.window)
        dialog.setWindowTitle("Import people")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(420)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        dialog.show()
        self.dialog = dialog

    def cancel(self) -> None:
        """Stop at the next thousand rows; nothing is written."""
        self.stop.set()
        if self.dialog is not None:
            self.dialog.setLabelText("Cancelling…")

    def wait(self) -> None:
        self.pool.waitForDone()

    def _progress(self, doing: str, done: int, total: int) -> None:
        if self.dialog is not None and not self.stop.is_set():
            self.dialog.setMaximum(total)
            self.dialog.setLabelText(f"{doing} {done:,} of {total:,} rows…")
            # Last: a modal progress dialog's setValue runs the event loop, where the import
            # may finish and the dialog go.
            self.dialog.setValue(done)

    def _end(self, summary: ImportSummary | None) -> Path:
        assert self._running is not None
        path = self._running[0]
        self._running = None
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        if summary is not None:
            self.ops.announce(summary.changes)
        self.done.emit(summary)
        return path

    def _finished(self, summary: ImportSummary) -> None:
        path = self._end(summary)
        show_summary(self.window, summary.told(path.name))

    def _failed(self, error: UserError) -> None:
        self._end(None)
        if isinstance(error, ImportRefused):
            show_refusal(self.window, error)
        elif not isinstance(error, ImportCancelled):
            ops.show_user_error(self.window, error)

    def _crashed(self, error: BaseException) -> None:
        self._end(None)
        export.report_crash(error)
