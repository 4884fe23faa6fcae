"""What the command-line modules share: the database named by --db, open only while a command
needs it, and rows printed as JSON or as a table."""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.db import open_database

T = TypeVar("T")


@contextmanager
def opened(args: argparse.Namespace, **options: bool) -> Iterator[Database]:
    """The database named by --db (or the default one), closed when the command is done.
    Only a command that says `create=True` may make a new database."""
    database = open_database(args.db, **({"create": False} | options))
    try:
        if database.location_warning:
            print(f"ccsc-gov: warning: {database.location_warning}", file=sys.stderr)
        yield database
    finally:
        database.close()


@contextmanager
def reading(args: argparse.Namespace, **options: bool) -> Iterator[Session]:
    """One read of the database named by --db, in a single transaction."""
    with opened(args, **options) as database, database.reading() as session:
        yield session


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def print_json(rows: Sequence[dict[str, Any]] | dict[str, Any]) -> None:
    json.dump(_jsonable(rows), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_records(
    rows: Sequence[T],
    *,
    as_json: bool,
    record: Callable[[T], dict[str, Any]],
    line: Callable[[T], Sequence[Any]],
    empty: str = "",
) -> None:
    """A listing: each row as a JSON record, or as a line of a table; `empty` says so when
    there is nothing to list."""
    if as_json:
        print_json([record(row) for row in rows])
    elif rows:
        print_table([line(row) for row in rows])
    elif empty:
        print(empty)


def print_table(rows: Sequence[Sequence[Any]]) -> None:
    """Columns padded to their widest cell, for a terminal."""
    text = [[str(_jsonable(cell)) for cell in row] for row in rows]
    if not text:
        return
    widths = [max(len(row[i]) for row in text) for i in range(len(text[0]))]
    for row in text:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def terminal_progress(doing: str) -> Callable[[int, int], None] | None:
    """Progress on the terminal's line, when standard error is a terminal: “Importing: 1,200
    of 50,000 rows (2%)”, rewritten in place a few times a second, cleared at the end."""
    if not sys.stderr.isatty():
        return None
    shown = 0.0

    def report(done: int, total: int) -> None:
        nonlocal shown
        now = time.monotonic()
        if done < total and now - shown < 0.2:
            return
        shown = now
        line = f"{doing}: {done:,} of {total:,} rows ({done * 100 // max(total, 1)}%)"
        sys.stderr.write("\r" + line + ("\r" + " " * len(line) + "\r" if done == total else ""))
        sys.stderr.flush()

    return report
