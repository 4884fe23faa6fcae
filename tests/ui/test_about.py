"""Help ▸ About: the version, the database in use (a server's password hidden), the folders with
buttons that open them, and the versions of Qt, Python and SQLite."""

from __future__ import annotations

import dataclasses
import platform
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from ccsc_gov import __version__
from ccsc_gov.core.settings.logs import log_dir
from ccsc_gov.core.store.backups import backup_folder
from ccsc_gov.core.store.database import Database
from ccsc_gov.ui import about
from ccsc_gov.ui.about import AboutDialog
from ccsc_gov.ui.main_window import MainWindow


def test_help_about_opens_the_dialog_on_the_windows_database(
    open_window: object, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[AboutDialog] = []
    monkeypatch.setattr(AboutDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    window = open_window()  # type: ignore[operator]
    assert isinstance(window, MainWindow)

    window.about_action.trigger()

    [dialog] = shown
    assert dialog.database is db
    assert dialog.database_label.text() == str(db.path)


def test_about_names_the_version_database_folders_and_versions(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(about, "open_folder", lambda folder: opened.append(folder) or True)
    dialog = AboutDialog(db)
    qtbot.addWidget(dialog)

    details = dialog.details()
    assert f"CCSC Governance {__version__}" in details
    assert f"Database file: {db.path}" in details
    assert db.path is not None
    assert f"Data folder: {db.path.parent}" in details
    assert f"Backups folder: {backup_folder(db)}" in details
    assert f"Log folder: {log_dir()}" in details
    for version in (qVersion(), platform.python_version(), sqlite3.sqlite_version):
        assert version in dialog.versions_label.text()

    for name, folder in (("Log folder", log_dir()), ("Backups folder", backup_folder(db))):
        dialog.open_buttons[name].click()
        assert opened[-1] == folder

    dialog.copy_details()
    assert QApplication.clipboard().text() == details


def test_about_shows_a_server_without_its_password(qtbot: QtBot, db: Database) -> None:
    server = dataclasses.replace(
        db, url=make_url("postgresql+psycopg://clerk:s3cret@db.example.org/centre")
    )
    dialog = AboutDialog(server)
    qtbot.addWidget(dialog)

    assert "Database server: postgresql+psycopg://clerk:***@db.example.org/centre" in (
        dialog.details()
    )
    assert "s3cret" not in dialog.details()
    assert "s3cret" not in dialog.database_label.text()
    assert "Backups folder" not in dialog.open_buttons


@pytest.mark.qt_log_ignore(r"does not support QPlatformServices::openDocument")
def test_opening_a_folder_makes_it_first(tmp_path: Path, qapp: QApplication) -> None:
    # The offscreen platform has no file manager to answer; the folder is there all the same.
    about.open_folder(tmp_path / "log")
    assert (tmp_path / "log").is_dir()
