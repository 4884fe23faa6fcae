"""Work off the GUI thread: a function run on a thread of a pool, its outcome signalled back to
the GUI thread (an export being written, people being imported), and, for long work, a
progress dialog with Cancel. The work opens its own transaction when it needs the database."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ccsc_gov.core.governance.errors import UserError


class Job(QObject):
    """One piece of work on a worker thread; the signals arrive on the GUI thread.

    The caller keeps the job until one of its signals has arrived."""

    # What the work returned.
    done = Signal(object)
    # A UserError: the file is open in Word, the folder is read-only, the file has problems…
    refused = Signal(object)
    # Anything else: a bug, for `export.report_crash` on the GUI thread.
    crashed = Signal(object)

    def __init__(self, work: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work

    def start(self, pool: QThreadPool | None = None) -> None:
        """Work on a thread of `pool` (the application's own if none)."""
        (pool or QThreadPool.globalInstance()).start(self._run)

    def _run(self) -> None:
        try:
            result = self._work()
        except UserError as error:
            self.refused.emit(error)
        except Exception as error:  # a bug: handed to the crash handler, not swallowed
            self.crashed.emit(error)
        else:
            self.done.emit(result)


# What is called when a job ends, with what its signal carried.
Ended = Callable[[Any], None]


class ProgressRunner(QObject):
    """Runs one job at a time for a window, with a modal progress dialog that shows how far it
    has got and can cancel it: the work emits `progressed` as it goes and asks `stop.is_set`
    where it can stop with nothing written (a board pack being built, people being imported).

    Once the job has ended, the dialog is closed first and then the caller's `finished`,
    `refused` or `crashed` is called with what the job's signal carried."""

    # (steps done, steps in all, what to show): emitted by the worker, shown on the GUI thread.
    progressed = Signal(int, int, str)

    def __init__(self, window: QWidget, *, title: str) -> None:
        super().__init__(window)
        self.window = window
        self.title = title
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.progressed.connect(self._progress)
        self.stop = threading.Event()
        self.dialog: QProgressDialog | None = None
        # The job under way, and what to call when it ends (finished, refused, crashed).
        self._running: tuple[Job, tuple[Ended, Ended, Ended]] | None = None

    @property
    def busy(self) -> bool:
        return self._running is not None

    def start(
        self, job: Job, *, label: str, finished: Ended, refused: Ended, crashed: Ended
    ) -> bool:
        """Run `job`, showing `label` until it tells its progress; False if one is running."""
        if self._running is not None:
            return False
        self.stop.clear()
        job.done.connect(self._finished)
        job.refused.connect(self._refused)
        job.crashed.connect(self._crashed)
        self._running = (job, (finished, refused, crashed))
        self._show_dialog(label)
        job.start(self.pool)
        return True

    def _show_dialog(self, label: str) -> None:
        dialog = QProgressDialog(label, "Cancel", 0, 0, self.window)
        dialog.setWindowTitle(self.title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(420)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        dialog.show()
        self.dialog = dialog

    def cancel(self) -> None:
        """Ask the work to stop where it can; nothing is written."""
        self.stop.set()
        if self.dialog is not None:
            self.dialog.setLabelText("Cancelling…")

    def wait(self) -> None:
        self.pool.waitForDone()

    def _progress(self, done: int, total: int, label: str) -> None:
        if self.dialog is not None and not self.stop.is_set():
            self.dialog.setMaximum(total)
            self.dialog.setLabelText(label)
            # Last: a modal progress dialog's setValue runs the event loop, where the job may
            # end and the dialog go.
            self.dialog.setValue(done)

    def _end(self, which: int, outcome: object) -> None:
        assert self._running is not None
        ended = self._running[1][which]
        self._running = None
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        ended(outcome)

    def _finished(self, result: object) -> None:
        self._end(0, result)

    def _refused(self, error: object) -> None:
        self._end(1, error)

    def _crashed(self, error: object) -> None:
        self._end(2, error)
