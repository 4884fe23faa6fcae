"""Unexpected errors: written to a log file and shown in a crash dialog with the details
(crash_dialog.py, built only when something has gone wrong)."""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from pathlib import Path
from types import TracebackType

import PySide6
from PySide6.QtWidgets import QApplication

from ccsc_gov import __version__
from ccsc_gov.core.governance.errors import UserError
from ccsc_gov.core.settings.logs import start_logging
from ccsc_gov.ui import ops

log = logging.getLogger(__name__)


def write_crash_log(log_dir: Path, details: str) -> Path | None:
    """Add a crash report to the app's rotating log in `log_dir`; the log's path, or None if it
    cannot be written."""
    path = start_logging(log_dir)
    if path is not None:
        log.error(
            "Unexpected error · ccsc-gov %s · Python %s · PySide6 %s · %s\n%s",
            __version__,
            platform.python_version(),
            PySide6.__version__,
            platform.platform(),
            details.rstrip(),
        )
    return path


def show_crash(details: str, log_path: Path | None) -> bool:
    """Show a crash to the user; tests replace this function."""
    from ccsc_gov.ui.crash_dialog import CrashDialog

    return CrashDialog.ask(details, log_path, QApplication.activeWindow())


class CrashHandler:
    """A `sys.excepthook` for the GUI: a `UserError` that escaped an op is still shown in plain
    words; anything else is logged and shown in the crash dialog."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self._showing = False

    def __call__(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            QApplication.exit(130)
            return
        if isinstance(exc, UserError):
            ops.show_user_error(QApplication.activeWindow(), exc)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        sys.stderr.write(details)
        log_path = write_crash_log(self.log_dir, details)
        # One dialog at a time: an error raised on every repaint must not stack up dialogs.
        if self._showing:
            return
        self._showing = True
        try:
            carry_on = show_crash(details, log_path)
        finally:
            self._showing = False
        if not carry_on:
            QApplication.exit(1)
