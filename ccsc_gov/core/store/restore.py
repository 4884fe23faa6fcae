"""Restoring a backup: checked in full first, then written into the database while this
process alone holds it (the replaced file kept), or put in place on a new machine where there
is none yet; then opened: upgraded if older, refused if newer."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from ccsc_gov.core.governance.errors import DatabaseError, ReadOnlyDatabase
from ccsc_gov.core.store.backups import STAMP, refusal
from ccsc_gov.core.store.db import (
    check,
    open_database,
    refuse_newer,
    resolve_url,
    sqlite_revision,
)


def restore_backup(backup: Path, *, target: str | None) -> Path | None:
    """Put a backup that passes `check` in place of the database at `target`, then open it: a
    backup from an older version is backed up and upgraded there, as on any opening; one from a
    newer version is refused and nothing is changed. On a new machine, where there is no
    database at `target` yet, the backup becomes it.

    The backup is written into the database through SQLite's backup API while this process
    holds the database exclusively, so no other process can be part-way through a change (or
    commit one to a file that is then put aside): while another has it open, the restore is
    refused.
    Returns where the replaced database was put aside, None when there was none.
    """
    backup = backup.expanduser().absolute()
    if backup.is_file():  # its schema read without changing a byte, so a refused one is as it was
        revision = sqlite_revision(backup)
        if revision is None:
            raise DatabaseError(f"{backup} is not a ccsc-gov database, so nothing was restored.")
        refuse_newer(revision, str(backup))
    copy = open_database(str(backup), create=False, upgrade=False)
    try:
        problems = check(copy, schema=False)
    finally:
        copy.close()
    if problems:
        raise DatabaseError(
            f"{backup} is not a sound backup, so nothing was restored: {problems[0]}"
        )
    url = resolve_url(target)
    if url.get_backend_name() != "sqlite" or not url.database:
        raise DatabaseError("Only an SQLite database file can be restored from a backup.")
    path = Path(url.database).expanduser().resolve()
    if path == backup.resolve():
        raise DatabaseError("That backup is the database itself.")
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file.")
    kept = None
    if path.exists():
        kept = _replace_live(backup, path)
    else:
        _put_in_place(backup, path)
    restored = open_database(str(path), create=False)  # upgrades an older backup, backed up
    try:
        problems = check(restored)
    finally:
        restored.close()
    if problems:
        raise DatabaseError(f"The restored database {path} is not sound: {problems[0]}")
    return kept


def _replace_live(backup: Path, path: Path) -> Path:
    """Write `backup` into the database at `path` while this process alone holds it, keeping a
    copy of what was there; where the copy was put."""
    current = open_database(str(path), create=False, upgrade=False)
    current.close()
    if current.read_only:
        raise ReadOnlyDatabase(current.read_only_message)
    stamp = dt.datetime.now().strftime(STAMP)
    kept = path.with_name(f"{path.stem}.replaced-{stamp}{path.suffix}")
    try:
        with closing(_take_exclusively(path)) as live:
            shutil.copyfile(path, kept)  # no one else can write it now
            os.chmod(kept, 0o600)
            backup_uri = backup.resolve().as_uri() + "?mode=ro"
            with closing(sqlite3.connect(backup_uri, uri=True)) as source:
                source.backup(live)
    except OSError as exc:
        kept.unlink(missing_ok=True)
        raise refusal(f"Cannot restore into {path}", exc) from exc
    except sqlite3.Error as exc:
        raise refusal(
            f"Cannot restore into {path}",
            exc,
            f"The database is as it was (a copy is kept as {kept.name}).",
        ) from exc
    return kept


def _put_in_place(backup: Path, path: Path) -> None:
    """On a new machine: copy `backup` to `path`, where there is no database yet, in one step."""
    incoming = path.with_name(f".{path.name}.restoring")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # a new machine's data folder
        shutil.copyfile(backup, incoming)
        os.chmod(incoming, 0o600)
        os.replace(incoming, path)
    except OSError as exc:
        incoming.unlink(missing_ok=True)
        raise refusal(f"Cannot restore into {path}", exc) from exc


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
