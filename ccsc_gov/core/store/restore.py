"""Restoring a backup: checked in full first, then written into the database while this
process alone holds it, the replaced file kept."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from ccsc_gov.core.governance.errors import DatabaseError, ReadOnlyDatabase
from ccsc_gov.core.store.backups import STAMP, refusal
from ccsc_gov.core.store.db import check, open_database


def restore_backup(backup: Path, *, target: str | None) -> Path:
    """Replace a database by a backup that passes `check`; the replaced file is kept.

    The backup is written into the database through SQLite's backup API while this process
    holds the database exclusively, so no other process can be part-way through a change (or
    commit one to a file that is then put aside): while another has it open, the restore is
    refused. Returns where the replaced database was put aside.
    """
    copy = open_database(str(backup), create=False, upgrade=False)
    try:
        problems = check(copy)
    finally:
        copy.close()
    if problems:
        raise DatabaseError(
            f"{backup} is not a sound backup, so nothing was restored: {problems[0]}"
        )
    current = open_database(target, create=False, upgrade=False)
    current.close()
    if current.path is None:
        raise DatabaseError("Only an SQLite database file can be restored from a backup.")
    if current.path == backup.resolve():
        raise DatabaseError("That backup is the database itself.")
    if current.read_only:
        raise ReadOnlyDatabase(current.read_only_message)
    stamp = dt.datetime.now().strftime(STAMP)
    kept = current.path.with_name(f"{current.path.stem}.replaced-{stamp}{current.path.suffix}")
    try:
        with closing(_take_exclusively(current.path)) as live:
            shutil.copyfile(current.path, kept)  # no one else can write it now
            os.chmod(kept, 0o600)
            with closing(
                sqlite3.connect(backup.resolve().as_uri() + "?mode=ro", uri=True)
            ) as source:
                source.backup(live)
    except OSError as exc:
        kept.unlink(missing_ok=True)
        raise refusal(f"Cannot restore into {current.path}", exc) from exc
    except sqlite3.Error as exc:
        raise refusal(
            f"Cannot restore into {current.path}",
            exc,
            f"The database is as it was (a copy is kept as {kept.name}).",
        ) from exc
    return kept


OPEN_ELSEWHERE = (
    "Another ccsc-gov window or command still has {path} open, so nothing was restored: close "
    "it (every clerk's window on this database), then restore again."
)


def _take_exclusively(path: Path) -> sqlite3.Connection:
    """A connection that alone holds the database, or a refusal in words if another has it
    open. Leaving WAL mode needs every other connection closed; the exclusive lock then keeps
    newcomers out until this connection closes."""
    conn = sqlite3.connect(path, timeout=1.0, isolation_level=None)
    try:
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()
        if mode != ("delete",):
            raise sqlite3.OperationalError("database is locked")
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")  # the exclusive lock stays, in this locking mode
    except sqlite3.OperationalError as exc:
        conn.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseError(OPEN_ELSEWHERE.format(path=path)) from exc
        raise
    return conn
