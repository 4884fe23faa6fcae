"""Unexpected errors: written to a log file and shown in a crash dialog with the details."""

from __future__ import annotations

import html
import logging
import platform
import sys
import traceback
from pathlib import Path
from types import TracebackType

import PySide6
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ccsc_gov import __version__
from ccsc_gov.core.governance.errors import UserError
from ccsc_gov.core.settings.logs import start_logging
from ccsc_gov.ui import ops

log = logging.getLogger(__name__)

CRASH_TEXT = (
    "<p><b>Something went wrong that the app did not expect.</b></p>"
    "<p>The change you were making, if any, was not saved; everything saved before it is "
    "safe. You can carry on working, or quit and start again.</p>"
    "<p>If it happens again, send the details below to whoever looks after the app.</p>"
)


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


class CrashDialog(QDialog):
    """What happened, where the log is, and the traceback to copy."""

    def __init__(self, details: str, log_path: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Unexpected error")
        self.setMinimumSize(640, 420)

        message = QLabel(CRASH_TEXT)
        message.setWordWrap(True)
        where = QLabel(
            f"The details were also written to <code>{html.escape(str(log_path))}</code>."
            if log_path
            else "The details could not be written to the log file."
        )
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setAccessibleName("Error details")

        buttons = QDialogButtonBox()
        self.copy_button = buttons.addButton(
            "&Copy details", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.clicked.connect(self.copy_details)
        self.quit_button = buttons.addButton("&Quit", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.quit_button.clicked.connect(self.reject)
        self.continue_button = buttons.addButton(
            "C&ontinue", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.continue_button.clicked.connect(self.accept)
        self.continue_button.setDefault(True)
        self.continue_button.setFocus()

        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(where)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())

    @classmethod
    def ask(cls, details: str, log_path: Path | None, parent: QWidget | None = None) -> bool:
        """Show the dialog; True if the user chose to carry on, False to quit."""
        dialog = cls(details, log_path, parent)
        return dialog.exec() == QDialog.DialogCode.Accepted


def show_crash(details: str, log_path: Path | None) -> bool:
    """Show a crash to the user; tests replace this function."""
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
