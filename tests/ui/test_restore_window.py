"""File ▸ Restore from a backup…: on a fresh install, the backup is put in place of the new
database (which is kept beside it) and the window reopens on it; a backup from a newer version
is refused in plain words and the window reopens on the database as it was."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ccsc_gov.core.store.backups import backup_file
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import Body
from ccsc_gov.ui import main_window as main_window_module
from ccsc_gov.ui.forms import Confirm
from ccsc_gov.ui.main_window import MainWindow


def rename_board(db: Database, name: str) -> None:
    with db.transaction() as session:
        session.scalars(select(Body).where(Body.code == "GB")).one().name = name


def board_name(db: Database) -> str:
    with db.reading() as session:
        return session.scalars(select(Body).where(Body.code == "GB")).one().name


Restoring = Callable[[Path], tuple[MainWindow, MainWindow | None]]


@pytest.fixture
def restoring(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, db: Database) -> Iterator[Restoring]:
    """Open the window on the test's database and restore `backup` from it: the window and the
    one reopened (closing its database afterwards)."""
    opened: list[Database] = []

    def restore(backup: Path) -> tuple[MainWindow, MainWindow | None]:
        window = MainWindow(db)
        qtbot.addWidget(window)
        window.show()
        monkeypatch.setattr(main_window_module, "choose_backup_file", lambda _parent: backup)
        monkeypatch.setattr(Confirm, "ask", lambda *_args, **_kw: True)
        successor = window.restore_from_backup()
        if successor is not None:
            qtbot.addWidget(successor)
            opened.append(successor.database)
        return window, successor

    yield restore
    for database in opened:
        database.close()


def test_restore_reopens_the_window_on_the_backup_keeping_the_replaced_database(
    db: Database, db_path: Path, tmp_path: Path, restoring: Restoring
) -> None:
    backup = tmp_path / "office-backup.sqlite3"
    rename_board(db, "Governance Board (office copy)")
    backup_file(db, backup)
    rename_board(db, "Governance Board (fresh install)")

    window, successor = restoring(backup)

    assert successor is not None
    assert successor.isVisible()
    assert not window.isVisible()
    assert successor.database.path == db_path
    assert board_name(successor.database) == "Governance Board (office copy)"
    assert "Restored from" in successor.statusBar().currentMessage()
    [kept] = db_path.parent.glob("*.replaced-*.sqlite3")
    with sqlite3.connect(kept) as conn:
        assert conn.execute("SELECT name FROM body WHERE code = 'GB'").fetchone() == (
            "Governance Board (fresh install)",
        )
    conn.close()


def test_a_newer_backup_is_refused_and_the_window_reopens_on_the_same_database(
    db: Database,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    restoring: Restoring,
) -> None:
    backup = tmp_path / "from-the-future.sqlite3"
    backup_file(db, backup)
    with sqlite3.connect(backup) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.close()
    rename_board(db, "Governance Board (ours)")
    shown: list[str] = []
    monkeypatch.setattr(
        main_window_module, "show_user_error", lambda _p, error: shown.append(str(error))
    )

    _window, successor = restoring(backup)

    assert successor is not None
    assert board_name(successor.database) == "Governance Board (ours)"
    [message] = shown
    assert "newer version of ccsc-gov (schema 0099)" in message
    assert not list(db_path.parent.glob("*.replaced-*"))
