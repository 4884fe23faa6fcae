"""Starting the desktop app: the QApplication, the crash handler and the main window; the
day's backup once the window is painted."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication

from ccsc_gov import __version__
from ccsc_gov.core.governance.errors import UserError
from ccsc_gov.core.settings.logs import log_dir
from ccsc_gov.core.settings.resources import WINDOW_ICON_SIZES, icon_png
from ccsc_gov.core.settings.start import resume_collection
from ccsc_gov.core.store.database import Database
from ccsc_gov.ui import ops
from ccsc_gov.ui.crash import CrashHandler
from ccsc_gov.ui.main_window import MainWindow
from ccsc_gov.ui.ops import show_user_error
from ccsc_gov.ui.settings import APPLICATION, ORGANISATION

log = logging.getLogger(__name__)

# What waits for the main window's first paint (the day's backup, collecting garbage again)
# starts after this long anyway: a window started minimised is not painted until it is shown.
FIRST_PAINT_WAIT_MS = 5_000


def app_icon() -> QIcon:
    """The application icon for the title bar and the task switcher, at every size they use."""
    icon = QIcon()
    for size in WINDOW_ICON_SIZES:
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


class DailyBackup(QObject):
    """The first start of a day takes a backup (backups.py), on a thread of its own once the
    main window is painted: the clerk sees the meetings at once, and is told in the window if
    the backup could not be made (a settings file that cannot be used, a full disk…)."""

    failed = Signal(object)  # the UserError, delivered on the window's thread

    def __init__(self, database: Database, window: MainWindow) -> None:
        super().__init__(window)
        self.database = database
        self.window = window
        self.taken: Path | None = None
        self._thread: threading.Thread | None = None
        self.failed.connect(self._tell)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._take, name="daily backup")
            self._thread.start()

    def _take(self) -> None:
        # Imported here, with the settings it reads (the backups kept), not to start.
        from ccsc_gov.core.store.backups import daily_backup

        try:
            self.taken = daily_backup(self.database)
        except UserError as error:
            self.failed.emit(error)

    def wait(self) -> None:
        """Until the backup is written: the database is not closed under it."""
        if self._thread is not None:
            self._thread.join()

    @Slot(object)
    def _tell(self, error: UserError) -> None:
        log.warning("Started without the day's backup: %s", error)
        show_user_error(self.window, error)


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
    backup: DailyBackup | None = None
    wait: QTimer | None = None
    try:
        window = MainWindow(database)
        backup = daily = DailyBackup(database, window)

        def started() -> None:  # the first paint, or the wait if that comes first
            daily.start()
            resume_collection()

        window.first_painted.connect(started)
        wait = QTimer(window, singleShot=True, interval=FIRST_PAINT_WAIT_MS)
        wait.timeout.connect(started)
        wait.start()
        window.show()
        log.info("The main window is open on %s", database.display_name)
        return app.exec()
    finally:
        if wait is not None:
            wait.stop()
        if backup is not None:
            backup.wait()
        sys.excepthook = previous_hook
