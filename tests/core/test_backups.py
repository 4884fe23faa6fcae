"""Rotating backups, the daily one, and restoring a backup without losing the current file."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text

from ccsc_gov.cli.commands import main
from ccsc_gov.core.governance.errors import DatabaseError, InvalidInput
from ccsc_gov.core.settings.config import load_settings
from ccsc_gov.core.store.backups import (
    backup_file,
    daily_backup,
    list_backups,
    rotating_backup,
)
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.db import open_database
from ccsc_gov.core.store.models import Body
from ccsc_gov.core.store.restore import restore_backup

pytestmark = pytest.mark.sqlite_only


def _rename_board(db: Database, name: str) -> None:
    with db.transaction() as session:
        session.execute(text("UPDATE body SET name = :n WHERE code = 'GB'"), {"n": name})


def _board_name(target: Path) -> str:
    database = open_database(str(target), create=False)
    with database.reading() as session:
        name = session.scalar(select(Body.name).where(Body.code == "GB"))
    database.close()
    assert name is not None
    return name


def test_only_the_newest_backups_are_kept(db: Database) -> None:
    start = dt.datetime(2026, 3, 1, 9)
    for n in range(5):
        rotating_backup(db, reason="before-approval", keep=3, now=start + dt.timedelta(hours=n))
    names = [p.name for p in list_backups(db)]
    assert names == [
        "20260301-110000-before-approval.sqlite3",
        "20260301-120000-before-approval.sqlite3",
        "20260301-130000-before-approval.sqlite3",
    ]


def test_the_first_start_of_a_day_takes_a_backup_and_later_starts_do_not(db: Database) -> None:
    monday = dt.datetime(2026, 3, 2, 8, 30)
    assert daily_backup(db, now=monday) is not None
    assert daily_backup(db, now=monday + dt.timedelta(hours=3)) is None
    assert daily_backup(db, now=monday + dt.timedelta(days=1)) is not None
    assert len(list_backups(db)) == 2


def test_restoring_a_backup_brings_back_its_records_and_keeps_the_replaced_file(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "monday.sqlite3"
    _rename_board(db, "Governance Board (Monday)")
    backup_file(db, backup)
    _rename_board(db, "Governance Board (Tuesday)")
    db.close()

    kept = restore_backup(backup, target=str(db_path))
    assert _board_name(db_path) == "Governance Board (Monday)"
    assert _board_name(kept) == "Governance Board (Tuesday)"


def test_a_damaged_backup_is_refused_and_the_database_left_alone(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "bad.sqlite3"
    backup_file(db, backup)
    with sqlite3.connect(backup) as conn:  # a broken link, written with foreign keys off
        conn.execute("UPDATE body SET parent_id = 77 WHERE code = 'RSC'")
    conn.close()
    db.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError, match="not a sound backup"):
        restore_backup(backup, target=str(db_path))
    assert db_path.read_bytes() == before
    assert not list(tmp_path.glob("*.replaced-*"))


def test_restore_from_the_command_line(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "copy.sqlite3"
    backup_file(db, backup)
    db.close()
    assert main(["restore", str(backup), "--db", str(db_path)]) == 0
    assert "kept as" in capsys.readouterr().out
    assert main(["restore", str(tmp_path / "missing.sqlite3"), "--db", str(db_path)]) == 1
    assert "There is no database" in capsys.readouterr().err


def test_the_number_of_backups_kept_comes_from_the_settings_file(tmp_path: Path) -> None:
    settings = tmp_path / "ccsc-gov.toml"
    assert load_settings(settings).backups_kept == 10
    settings.write_text("[backups]\nkeep = 30\n")
    assert load_settings(settings).backups_kept == 30
    settings.write_text("[backups]\nkeep = 'lots'\n")
    with pytest.raises(InvalidInput, match=r"backups\.keep must be a whole number"):
        load_settings(settings)
