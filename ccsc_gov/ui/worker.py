"""Work off the GUI thread: a function run on a thread of a pool, its outcome signalled back to
the GUI thread (an export being written, people being imported). The work opens its own
transaction when it needs the database."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal

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
