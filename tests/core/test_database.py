"""Opening, creating, upgrading, checking and backing up the database file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, select, text

from ccsc_gov.core.governance.errors import DatabaseError
from ccsc_gov.core.store import migrate
from ccsc_gov.core.store.backups import backup_file
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.db import SCHEMA_HEAD, check, open_database
from ccsc_gov.core.store.models import Body, TermsOfReference


def test_the_app_writes_the_schema_its_migrations_end_at() -> None:
    assert migrate.head() == SCHEMA_HEAD


def test_a_new_database_is_created_with_the_centres_five_bodies(db: Database) -> None:
    with db.reading() as session:
        bodies = {b.code: b for b in session.scalars(select(Body))}
        assert set(bodies) == {"GB", "EMC", "RSC", "NCTSC", "CTSC"}
        assert bodies["GB"].independent_chair
        assert bodies["GB"].parent is None
        assert bodies["EMC"].parent is bodies["GB"]
        for code in ("RSC", "NCTSC", "CTSC"):
            assert bodies[code].parent is bodies["EMC"]
            assert not bodies[code].independent_chair
        terms = session.scalars(select(TermsOfReference)).all()
        assert {t.body.code for t in terms} == set(bodies)


@pytest.mark.sqlite_only
def test_reopening_does_not_seed_twice(db_path: Path) -> None:
    open_database(str(db_path)).close()
    again = open_database(str(db_path))
    with again.reading() as session:
        assert len(session.scalars(select(Body)).all()) == 5
    again.close()


@pytest.mark.sqlite_only
def test_a_new_database_file_is_private_to_its_owner(db: Database) -> None:
    assert db.path is not None
    assert os.stat(db.path).st_mode & 0o777 == 0o600


@pytest.mark.sqlite_only
def test_connections_enforce_foreign_keys_wal_and_full_sync(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


@pytest.mark.sqlite_only
def test_a_row_pointing_nowhere_is_refused(db: Database) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"), db.transaction() as session:
        session.execute(text("UPDATE body SET parent_id = 999 WHERE code = 'EMC'"))


@pytest.mark.sqlite_only
def test_a_writer_is_not_locked_out_by_another_process_reading(db: Database) -> None:
    assert db.path is not None
    with subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sqlite3, sys, time
            conn = sqlite3.connect({str(db.path)!r}, isolation_level=None)
            conn.execute("BEGIN")
            conn.execute("SELECT count(*) FROM body").fetchone()
            print("reading", flush=True)
            time.sleep(3)
            conn.execute("COMMIT")
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    ) as reader:
        assert reader.stdout is not None
        assert reader.stdout.readline().strip() == "reading"
        with db.transaction() as session:
            session.execute(
                text("UPDATE body SET name = 'Governance Board (renamed)' WHERE code = 'GB'")
            )
        assert reader.poll() is None, "the write had to wait for the reader to finish"
    with db.reading() as session:
        assert session.scalar(select(Body.name).where(Body.code == "GB")) == (
            "Governance Board (renamed)"
        )


@pytest.mark.sqlite_only
def test_an_older_database_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    first = migrate.first_revision()
    # Made and seeded by this version, then taken back to the first schema: the models
    # describe only the latest schema, so they cannot write an older one.
    open_database(str(path)).close()
    engine = create_engine(f"sqlite:///{path}")
    command.downgrade(migrate.config(engine), first)
    engine.dispose()

    database = open_database(str(path))
    with database.engine.connect() as conn:
        assert conn.scalar(text("SELECT version_num FROM alembic_version")) == SCHEMA_HEAD
    with database.reading() as session:
        assert len(session.scalars(select(Body)).all()) == 5
    database.close()
    if first != SCHEMA_HEAD:
        backups = list((tmp_path / "old-backups").glob(f"*-before-upgrade-from-{first}.sqlite3"))
        assert len(backups) == 1
        with sqlite3.connect(backups[0]) as copy:
            assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (first,)
            assert copy.execute("SELECT count(*) FROM body").fetchone() == (5,)


@pytest.mark.sqlite_only
def test_a_database_from_a_newer_version_is_refused_untouched(db_path: Path) -> None:
    open_database(str(db_path)).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError, match="newer version of ccsc-gov"):
        open_database(str(db_path))
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.rglob("*before-upgrade*"))


@pytest.mark.sqlite_only
def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("agenda ideas\n" * 100)
    with pytest.raises(DatabaseError, match="is not a ccsc-gov database"):
        open_database(str(notes))
    assert notes.read_text() == "agenda ideas\n" * 100


@pytest.mark.sqlite_only
def test_check_refuses_a_missing_file_instead_of_creating_it(tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite3"
    with pytest.raises(DatabaseError, match="There is no database"):
        open_database(str(missing), create=False)
    assert not missing.exists()


@pytest.mark.sqlite_only
def test_check_finds_a_sound_database_sound_and_a_broken_link_broken(db: Database) -> None:
    assert check(db) == []
    assert db.path is not None
    with sqlite3.connect(db.path) as conn:  # a stray script, foreign keys off
        conn.execute("UPDATE body SET parent_id = 42 WHERE code = 'RSC'")
    conn.close()
    assert any("body" in p and "missing" in p for p in check(db))


@pytest.mark.sqlite_only
def test_a_backup_is_a_sound_copy_taken_while_the_database_is_open(
    db: Database, tmp_path: Path
) -> None:
    with db.transaction() as session:
        session.execute(text("UPDATE body SET name = 'Board' WHERE code = 'GB'"))
    target = tmp_path / "backups" / "centre-backup.sqlite3"
    backup_file(db, target)
    copy = open_database(str(target), create=False)
    assert check(copy) == []
    with copy.reading() as session:
        assert session.scalar(select(Body.name).where(Body.code == "GB")) == "Board"
    copy.close()


@pytest.mark.sqlite_only
def test_a_backup_never_overwrites_its_own_database(db: Database) -> None:
    assert db.path is not None
    with pytest.raises(DatabaseError, match="one of the database's own files"):
        backup_file(db, db.path)


@pytest.mark.sqlite_only
def test_opening_an_up_to_date_database_does_not_import_alembic(db_path: Path) -> None:
    open_database(str(db_path)).close()
    probe = (
        "import sys\n"
        "from ccsc_gov.core.store.db import open_database\n"
        f"open_database({str(db_path)!r}).close()\n"
        "print('alembic' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "False"
