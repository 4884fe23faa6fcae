"""The crash dialog: what happened, where the log is, and the traceback to copy."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

CRASH_TEXT = (
    "<p><b>Something went wrong that the app did not expect.</b></p>"
    "<p>The change you were making, if any, was not saved; everything saved before it is "
    "safe. You can carry on working, or quit and start again.</p>"
    "<p>If it happens again, send the details below to whoever looks after the app.</p>"
)


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
