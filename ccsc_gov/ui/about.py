"""Help ▸ About: the version, the database in use, the folders the app keeps things in (each
with a button that opens it) and the versions of what it runs on — what support asks first."""

from __future__ import annotations

import html
import platform
import sqlite3
from pathlib import Path

import PySide6
import sqlalchemy
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ccsc_gov import __version__
from ccsc_gov.core.settings.config import config_path
from ccsc_gov.core.settings.logs import log_dir
from ccsc_gov.core.store.backups import backup_folder
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.db import default_database_path
from ccsc_gov.ui.formats import APP_TITLE

SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse


def open_folder(folder: Path) -> bool:
    """Open `folder` in the desktop's file manager, making it first if need be; tests replace
    this function."""
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def folders(database: Database) -> list[tuple[str, Path]]:
    """The folders a clerk or support may need to find, by what they hold."""
    if database.path is not None:
        data = database.path.parent
        found = [("Data folder", data), ("Backups folder", backup_folder(database))]
    else:  # a server's backups are the server's business
        found = [("Data folder", default_database_path().parent)]
    found += [("Log folder", log_dir()), ("Settings folder", config_path().parent)]
    # Absolute, so a file manager opens them whatever folder the app was started from.
    return [(name, folder.absolute()) for name, folder in found]


def database_kind(database: Database) -> str:
    return "Database file" if database.path is not None else "Database server"


def versions() -> list[tuple[str, str]]:
    return [
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("Python", platform.python_version()),
        ("SQLite", sqlite3.sqlite_version),
        ("SQLAlchemy", sqlalchemy.__version__),
        ("System", platform.platform(terse=True)),
    ]


class AboutDialog(QDialog):
    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_TITLE}")
        self.database = database
        layout = QVBoxLayout(self)

        heading = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(QGuiApplication.windowIcon().pixmap(64, 64))
        heading.addWidget(icon)
        heading.addWidget(
            QLabel(
                f"<h2>{APP_TITLE} {__version__}</h2>"
                "<p>Agendas, attendance, minutes, decisions and actions for the Centre's<br>"
                "Governance Board, Executive Management Committee and subcommittees.</p>"
            ),
            1,
        )
        layout.addLayout(heading)

        form = QFormLayout()
        # The server's address with its password hidden (display_name never shows one).
        self.database_label = QLabel(html.escape(database.display_name))
        self.database_label.setTextInteractionFlags(SELECTABLE)
        form.addRow(f"{database_kind(database)}:", self.database_label)
        self.open_buttons: dict[str, QPushButton] = {}
        for name, folder in folders(database):
            row = QHBoxLayout()
            shown = QLabel(html.escape(str(folder)))
            shown.setTextInteractionFlags(SELECTABLE)
            row.addWidget(shown, 1)
            button = QPushButton("Open")
            button.setToolTip(f"Open {folder} in the file manager")
            button.clicked.connect(lambda _checked=False, f=folder: open_folder(f))
            row.addWidget(button)
            self.open_buttons[name] = button
            form.addRow(f"{name}:", row)
        self.versions_label = QLabel(", ".join(f"{name} {v}" for name, v in versions()))
        self.versions_label.setWordWrap(True)
        self.versions_label.setTextInteractionFlags(SELECTABLE)
        form.addRow("Running on:", self.versions_label)
        layout.addLayout(form)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("&Copy details", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def details(self) -> str:
        """Everything the dialog shows, as plain text for a support request."""
        database = self.database
        lines = [
            f"{APP_TITLE} {__version__}",
            f"{database_kind(database)}: {database.display_name}",
        ]
        lines += [f"{name}: {folder}" for name, folder in folders(self.database)]
        lines += [f"{name}: {version}" for name, version in versions()]
        return "\n".join(lines)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details())
