"""Restoring a backup: checked first, put in place of the database (the replaced file kept, or
none there yet on a new machine), then opened: upgraded if older, refused if newer."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from ccsc_gov.core.governance.errors import DatabaseError
from ccsc_gov.core.store.backups import STAMP
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
    kept = _put_in_place(backup, path)
    restored = open_database(str(path), create=False)  # upgrades an older backup, backed up
    try:
        problems = check(restored)
    finally:
        restored.close()
    if problems:
        raise DatabaseError(f"The restored database {path} is not sound: {problems[0]}")
    return kept


def _put_in_place(backup: Path, path: Path) -> Path | None:
    """Copy `backup` to `path` in one step, putting aside the database there (and its -wal and
    -shm files) if there is one; where it was put, or None."""
    stamp = dt.datetime.now().strftime(STAMP)
    kept = path.with_name(f"{path.stem}.replaced-{stamp}{path.suffix}") if path.exists() else None
    incoming = path.with_name(f".{path.name}.restoring")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # a new machine's data folder
        shutil.copyfile(backup, incoming)
        os.chmod(incoming, 0o600)
        if kept is not None:
            os.replace(path, kept)
            for suffix in ("-wal", "-shm"):
                side = path.with_name(path.name + suffix)
                if side.exists():
                    os.replace(side, kept.with_name(kept.name + suffix))
        os.replace(incoming, path)
    except OSError as exc:
        incoming.unlink(missing_ok=True)
        raise DatabaseError(f"Cannot restore into {path}: {exc.strerror}.") from exc
    return kept
