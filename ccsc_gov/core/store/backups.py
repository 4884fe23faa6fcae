"""Backups through SQLite's backup API: on demand and rotating (restoring is in restore.py)."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sqlite3
from contextlib import closing
from pathlib import Path

from ccsc_gov.core.governance.errors import DatabaseError, DiskFull
from ccsc_gov.core.settings.config import load_settings
from ccsc_gov.core.store.database import Database, damage, damaged_message

STAMP = "%Y%m%d-%H%M%S"


def own_files(path: Path) -> list[Path]:
    """The database file and the files SQLite keeps beside it."""
    return [path] + [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def backup_file(database: Database, target: Path) -> None:
    """An online copy through SQLite's backup API: consistent even while others write. The
    database is checked first, and so is the copy before it takes the target's name."""
    if not database.is_sqlite or database.path is None:
        raise DatabaseError(
            "Backups of a shared PostgreSQL database are made with pg_dump on the server."
        )
    target = target.expanduser().resolve()
    if target in own_files(database.path):
        raise DatabaseError(
            f"A backup cannot be written over {target.name}, one of the database's own files; "
            "choose another name."
        )
    with database.engine.connect() as conn:
        problems = damage(conn)
    if problems:
        raise DatabaseError(
            "No backup was made: " + damaged_message(database.path, problems[0].rstrip("."))
        )
    partial = target.with_name(f".{target.name}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(partial)) as copy:
            raw = database.engine.raw_connection()
            try:
                raw.driver_connection.backup(copy)  # type: ignore[union-attr]
            finally:
                raw.close()
            # A backup must open on its own: fold the WAL into the file.
            copy.execute("PRAGMA journal_mode = DELETE")
            if copy.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise sqlite3.DatabaseError("the copy does not read back sound")
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise refusal(f"Cannot write the backup to {target}", exc) from exc


def refusal(what: str, exc: BaseException, after: str = "") -> DatabaseError:
    """A file-system or SQLite failure in words: a full disk is told apart."""
    if (isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)) or (
        "disk is full" in str(exc)
    ):
        return DiskFull(f"{what}: the disk is full, so nothing was written. {after}".strip())
    reason = exc.strerror.lower() if isinstance(exc, OSError) and exc.strerror else str(exc)
    return DatabaseError(f"{what}: {reason}. {after}".strip())


def backup_folder(database: Database) -> Path:
    """Rotating backups live beside the database, in `<name>-backups/`."""
    assert database.path is not None
    return database.path.with_name(f"{database.path.stem}-backups")


def list_backups(database: Database) -> list[Path]:
    """This database's rotating backups, oldest first."""
    folder = backup_folder(database)
    return sorted(folder.glob("*.sqlite3")) if folder.is_dir() else []


def rotating_backup(
    database: Database, *, reason: str, keep: int | None = None, now: dt.datetime | None = None
) -> Path | None:
    """Take a backup named by time and reason, keeping only the newest `keep` (settings)."""
    if not database.is_sqlite:
        return None
    keep = keep if keep is not None else load_settings().backups_kept
    now = now or dt.datetime.now()
    target = backup_folder(database) / f"{now.strftime(STAMP)}-{reason}.sqlite3"
    backup_file(database, target)
    for old in list_backups(database)[:-keep]:
        old.unlink(missing_ok=True)
    return target


def daily_backup(database: Database, *, now: dt.datetime | None = None) -> Path | None:
    """The first start of a day takes a backup; later starts that day do not."""
    now = now or dt.datetime.now()
    if not database.is_sqlite or database.read_only:
        return None  # a read-only database cannot change, nor take a backup beside it
    if any(p.name.startswith(now.strftime("%Y%m%d")) for p in list_backups(database)):
        return None
    return rotating_backup(database, reason="daily", now=now)
