"""Rotating backups, the daily one, and restoring a backup without losing the current file."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
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
from ccsc_gov.core.store.db import check, open_database
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


# A clerk's process, as a separate program: opens the database as the app does (WAL), reads,
# then, if told to, starts a change; it commits or closes when told on its standard input.
HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=15)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("SELECT count(*) FROM body").fetchone()
if sys.argv[2] == "writing":
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE body SET name = 'Board (committed while restoring)' WHERE code = 'GB'")
print("ready", flush=True)
sys.stdin.readline()
if sys.argv[2] == "writing":
    conn.execute("COMMIT")
conn.close()
print("done", flush=True)
"""


def _holder(db_path: Path, mode: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "ready\n"
    return process


def _release(process: subprocess.Popen[str]) -> None:
    out, _ = process.communicate("go\n", timeout=30)
    assert out == "done\n"
    assert process.returncode == 0


@pytest.mark.parametrize("mode", ["writing", "open"])
def test_restore_is_refused_in_words_while_another_process_has_the_database(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: str
) -> None:
    backup = tmp_path / "monday.sqlite3"
    _rename_board(db, "Governance Board (Monday)")
    backup_file(db, backup)
    db.close()
    other = _holder(db_path, mode)
    try:
        assert main(["restore", str(backup), "--db", str(db_path)]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "Another ccsc-gov window or command still has" in err
        assert "nothing was restored" in err
    finally:
        _release(other)
    assert not list(tmp_path.glob("*.replaced-*"))
    # The other process's change landed in the live database, and nothing was lost.
    expected = (
        "Board (committed while restoring)" if mode == "writing" else "Governance Board (Monday)"
    )
    assert _board_name(db_path) == expected
    # Once it has closed the database, the restore goes ahead.
    kept = restore_backup(backup, target=str(db_path))
    assert _board_name(db_path) == "Governance Board (Monday)"
    assert _board_name(kept) == expected


def test_a_damaged_page_is_reported_by_check_and_refused_by_backup_and_restore(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.sqlite3"
    backup_file(db, good)
    damaged = tmp_path / "damaged.sqlite3"
    shutil.copyfile(good, damaged)
    _damage_a_page(damaged)
    for argv in (
        ["check", "--db", str(damaged)],
        ["backup", "--db", str(damaged), "-o", str(tmp_path / "copy.sqlite3")],
        ["restore", str(damaged), "--db", str(db_path)],
    ):
        assert main(argv) == 1, argv
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert "malformed" in err or "Integrity check" in err, err
    assert not (tmp_path / "copy.sqlite3").exists()
    assert "sqlite3" in _message_of_backup(db_path, damaged, tmp_path)


def _message_of_backup(db_path: Path, damaged: Path, tmp_path: Path) -> str:
    try:
        database = open_database(str(damaged), create=False, upgrade=False)
    except DatabaseError as exc:
        return str(exc)
    try:
        backup_file(database, tmp_path / "copy.sqlite3")
    except DatabaseError as exc:
        return str(exc)
    finally:
        database.close()
    raise AssertionError("the damaged database was backed up")


def _damage_a_page(path: Path) -> None:
    """Overwrite the middle of the `audit` table's first page, as a failing disk might."""
    with closing(sqlite3.connect(path)) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'audit'").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as f:
        f.seek((root - 1) * page_size + 8)
        f.write(b"\xff" * 64)


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_a_backup_is_never_written_over_the_databases_own_files(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    target = db_path.with_name(db_path.name + suffix)
    assert main(["backup", "--db", str(db_path), "-o", str(target)]) == 1
    assert "one of the database's own files" in capsys.readouterr().err
    assert check(db) == []
