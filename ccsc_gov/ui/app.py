"""Starting the desktop app: the QApplication, the crash handler and the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from platformdirs import user_log_path
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from ccsc_gov import __version__
from ccsc_gov.core.governance.errors import UserError
from ccsc_gov.core.store.database import Database
from ccsc_gov.ui import ops
from ccsc_gov.ui.crash import CrashHandler
from ccsc_gov.ui.main_window import MainWindow
from ccsc_gov.ui.settings import APPLICATION, ORGANISATION


def log_dir() -> Path:
    """Where crash reports go (e.g. ~/.local/state/ccsc-gov/log on Linux)."""
    return user_log_path(APPLICATION, appauthor=False)


def application() -> QApplication:
    """The process's QApplication, made and named on first use."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        # Only the program name: the command line is ours, not Qt's, to parse.
        app = QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    QApplication.setDesktopFileName(APPLICATION)
    return app


def show_refusal(error: UserError) -> None:
    """A database the window cannot open (damaged, busy, read-only, not a database…), told in
    the usual dialog before any window opens, rather than in the crash dialog."""
    application()
    ops.show_user_error(None, error)


def run_gui(database: Database) -> int:
    """Show the main window on an open database until the user quits; the exit code."""
    app = application()
    previous_hook = sys.excepthook
    sys.excepthook = CrashHandler(log_dir())
    try:
        window = MainWindow(database)
        window.show()
        return app.exec()
    finally:
        sys.excepthook = previous_hook
