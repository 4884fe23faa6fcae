"""Restoring a backup: checked first, put in place of the database, the replaced file kept."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from ccsc_gov.core.governance.errors import DatabaseError
from ccsc_gov.core.store.backups import STAMP
from ccsc_gov.core.store.db import check, open_database


def restore_backup(backup: Path, *, target: str | None) -> Path:
    """Replace a database by a backup that passes `check`; the replaced file is kept.

    Returns where the replaced database was put aside.
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
    stamp = dt.datetime.now().strftime(STAMP)
    kept = current.path.with_name(f"{current.path.stem}.replaced-{stamp}{current.path.suffix}")
    incoming = current.path.with_name(f".{current.path.name}.restoring")
    try:
        shutil.copyfile(backup, incoming)
        os.chmod(incoming, 0o600)
        os.replace(current.path, kept)
        for suffix in ("-wal", "-shm"):
            side = current.path.with_name(current.path.name + suffix)
            if side.exists():
                os.replace(side, kept.with_name(kept.name + suffix))
        os.replace(incoming, current.path)
    except OSError as exc:
        incoming.unlink(missing_ok=True)
        raise DatabaseError(f"Cannot restore into {current.path}: {exc.strerror}.") from exc
    return kept
