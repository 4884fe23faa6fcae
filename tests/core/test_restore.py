"""Recovery on a new machine: `ccsc-gov restore BACKUP --db NEW.db` where there is no database
yet; the restored database checked and opened; a backup from a newer version refused naming
the schema it needs, an older one backed up then upgraded."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, select, text

from ccsc_gov.cli.commands import main
from ccsc_gov.core.governance.errors import DatabaseError
from ccsc_gov.core.store import migrate
from ccsc_gov.core.store.backups import backup_file
from ccsc_gov.core.store.db import SCHEMA_HEAD, default_database_path, open_database
from ccsc_gov.core.store.models import Body
from ccsc_gov.core.store.restore import restore_backup

pytestmark = pytest.mark.sqlite_only


def office_backup(folder: Path, board: str = "Governance Board (office copy)") -> Path:
    """A backup taken on the old machine, its Board renamed so it can be told apart."""
    database = open_database(str(folder / "office.sqlite3"))
    with database.transaction() as session:
        session.scalars(select(Body).where(Body.code == "GB")).one().name = board
    backup = folder / "office-backup.sqlite3"
    backup_file(database, backup)
    database.close()
    return backup


def board_name(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        name = conn.execute("SELECT name FROM body WHERE code = 'GB'").fetchone()[0]
    conn.close()
    return str(name)


def test_restore_onto_a_new_machine_makes_the_database_from_the_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = office_backup(tmp_path)
    new = tmp_path / "new-laptop" / "data" / "centre.sqlite3"
    monkeypatch.chdir(tmp_path)  # paths as a clerk types them, relative to where they are

    assert main(["restore", backup.name, "--db", "new-laptop/data/centre.sqlite3"]) == 0

    assert "there was none before" in capsys.readouterr().out
    assert board_name(new) == "Governance Board (office copy)"
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    assert not list(new.parent.glob("*.replaced-*"))
    assert main(["check", "--db", str(new)]) == 0
    assert "is sound" in capsys.readouterr().out


def test_restore_without_db_fills_a_fresh_installs_default_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "fresh-profile"))
    backup = office_backup(tmp_path)
    assert not default_database_path().exists()

    assert main(["restore", str(backup)]) == 0

    assert board_name(default_database_path()) == "Governance Board (office copy)"


def test_an_older_backup_is_restored_backed_up_and_upgraded(tmp_path: Path) -> None:
    backup = office_backup(tmp_path)
    first = migrate.first_revision()
    engine = create_engine(f"sqlite:///{backup}")
    command.downgrade(migrate.config(engine), first)
    engine.dispose()
    new = tmp_path / "new" / "centre.sqlite3"

    assert restore_backup(backup, target=str(new)) is None

    restored = open_database(str(new), create=False, upgrade=False)
    with restored.engine.connect() as conn:
        assert conn.scalar(text("SELECT version_num FROM alembic_version")) == SCHEMA_HEAD
    restored.close()
    assert board_name(new) == "Governance Board (office copy)"
    if first != SCHEMA_HEAD:
        [before] = (new.parent / "centre-backups").glob(f"*-before-upgrade-from-{first}.sqlite3")
        with sqlite3.connect(before) as copy:
            assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (first,)
        copy.close()


def test_a_backup_from_a_newer_version_is_refused_naming_its_schema_and_nothing_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = office_backup(tmp_path)
    with sqlite3.connect(backup) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.close()
    before = backup.read_bytes()
    new = tmp_path / "new" / "centre.sqlite3"

    assert main(["restore", str(backup), "--db", str(new)]) == 1

    error = capsys.readouterr().err
    assert "made by a newer version of ccsc-gov (schema 0099)" in error
    assert f"understands up to schema {SCHEMA_HEAD}" in error
    assert not new.exists()
    assert not new.parent.exists()
    assert backup.read_bytes() == before


def test_restore_refuses_a_folder_or_a_server_as_the_target(tmp_path: Path) -> None:
    backup = office_backup(tmp_path)
    (tmp_path / "folder").mkdir()
    with pytest.raises(DatabaseError, match="is a folder"):
        restore_backup(backup, target=str(tmp_path / "folder"))
    with pytest.raises(DatabaseError, match="Only an SQLite database file"):
        restore_backup(backup, target="postgresql+psycopg://clerk@localhost/centre")
