"""Starting the desktop app: the QApplication, the crash handler and the main window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication

from ccsc_gov import __version__
from ccsc_gov.core.governance.errors import UserError
from ccsc_gov.core.settings.logs import log_dir
from ccsc_gov.core.settings.resources import ICON_SIZES, icon_png
from ccsc_gov.core.store.database import Database
from ccsc_gov.ui import ops
from ccsc_gov.ui.crash import CrashHandler
from ccsc_gov.ui.main_window import MainWindow
from ccsc_gov.ui.ops import show_user_error
from ccsc_gov.ui.settings import APPLICATION, ORGANISATION

log = logging.getLogger(__name__)


def app_icon() -> QIcon:
    """The application icon at every size it ships, for the title bar and the task switcher."""
    icon = QIcon()
    for size in ICON_SIZES:
        pixmap = QPixmap()
        pixmap.loadFromData(icon_png(size).read_bytes(), "PNG")
        icon.addPixmap(pixmap)
    return icon


def application() -> QApplication:
    """The process's QApplication, made and named on first use."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        # Only the program name: the command line is ours, not Qt's, to parse.
        app = QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    QApplication.setDesktopFileName(APPLICATION)  # packaging/linux/ccsc-gov.desktop
    QApplication.setWindowIcon(app_icon())
    return app


def show_refusal(error: UserError) -> None:
    """A database the window cannot open (damaged, busy, read-only, not a database…), told in
    the usual dialog before any window opens, rather than in the crash dialog."""
    application()
    ops.show_user_error(None, error)


def run_gui(database: Database, *, problem: UserError | None = None) -> int:
    """Show the main window on an open database until the user quits; the exit code. A
    `problem` found on the way (a settings file that cannot be used) is shown once it is up."""
    app = application()
    previous_hook = sys.excepthook
    sys.excepthook = CrashHandler(log_dir())
    try:
        window = MainWindow(database)
        window.show()
        log.info("The main window is open on %s", database.display_name)
        if problem is not None:
            log.warning("Started despite: %s", problem)
            QTimer.singleShot(0, lambda: show_user_error(window, problem))
        return app.exec()
    finally:
        sys.excepthook = previous_hook
