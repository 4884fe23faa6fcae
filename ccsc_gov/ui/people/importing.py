"""Importing people and their memberships from a CSV file in the window: the clerk chooses the
file, the import runs off the GUI thread in its own transaction while a progress dialog shows
how far it has got (checking every row, then writing them) and can cancel it, and the clerk is
then told what was added, or, if the file has problems, each problem by its line, with nothing
written. Tests replace `choose_people_file`, `show_summary` and `show_refusal` on this module."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
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
from ccsc_gov.ui.worker import Job, ProgressRunner


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

    def __init__(self, ops: Operations, window: QWidget) -> None:
        super().__init__(window)
        self.ops = ops
        self.window = window
        self.runner = ProgressRunner(window, title="Import people")
        self._running: Path | None = None

    @property
    def busy(self) -> bool:
        return self.runner.busy

    @property
    def dialog(self) -> QProgressDialog | None:
        return self.runner.dialog

    def start(self, path: Path) -> bool:
        """Import the file at `path`; False if an import is under way already."""
        if self.runner.busy:
            return False

        def told(doing: str) -> Callable[[int, int], None]:
            return lambda done, total: self.runner.progressed.emit(
                done, total, f"{doing} {done:,} of {total:,} rows…"
            )

        def work() -> ImportSummary:
            data = read_file(path)
            with self.ops.database.transaction() as session:
                return import_people(
                    session,
                    data=data,
                    source=path.name,
                    checking=told("Checking"),
                    progress=told("Importing"),
                    cancelled=self.runner.stop.is_set,
                )

        self._running = path
        return self.runner.start(
            Job(work),
            label=f"Reading {path.name}…",
            finished=self._finished,
            refused=self._failed,
            crashed=self._crashed,
        )

    def cancel(self) -> None:
        """Stop at the next thousand rows; nothing is written."""
        self.runner.cancel()

    def wait(self) -> None:
        self.runner.wait()

    def _end(self, summary: ImportSummary | None) -> Path:
        assert self._running is not None
        path = self._running
        self._running = None
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
