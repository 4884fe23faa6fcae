"""An import of 50,000 people killed part way through its writing leaves the database sound and
as it was: the rows already flushed, a thousand at a time, go with the transaction that held
them. The command runs as a clerk runs it, on a terminal (a pseudo-terminal here), so its own
progress line says when writing is under way; it is killed there with SIGKILL."""

from __future__ import annotations

import os
import pty
import re
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from ccsc_gov.core.store.db import open_database

pytestmark = pytest.mark.sqlite_only

ROWS = 50_000
BODIES = ("GB", "EMC", "RSC", "NCTSC", "CTSC")


def _content(path: Path) -> list[tuple[object, ...]]:
    """Every row of every table."""
    with closing(sqlite3.connect(path)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return [(t, *row) for t in sorted(tables) for row in conn.execute(f"SELECT * FROM {t}")]


def _kill_when_written(argv: list[str], rows_written: int) -> str:
    """Run the command with its standard error on a terminal; kill it once its progress line
    says `rows_written` rows or more are written. What the terminal showed."""
    main, terminal = pty.openpty()
    process = subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=terminal
    )
    os.close(terminal)
    shown = ""
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            try:
                shown += os.read(main, 4096).decode()
            except OSError:  # the command ended and closed the terminal
                break
            written = [
                int(n.replace(",", "")) for n in re.findall(r"Importing: ([\d,]+) of", shown)
            ]
            if written and written[-1] >= rows_written:
                process.send_signal(signal.SIGKILL)
                break
    finally:
        process.wait(timeout=30)
        os.close(main)
    assert process.returncode == -signal.SIGKILL, shown
    return shown


def test_killing_a_50000_row_import_while_it_writes_leaves_nothing_of_it(
    tmp_path: Path,
) -> None:
    db = tmp_path / "centre.sqlite3"
    open_database(str(db)).close()
    before = _content(db)
    members = tmp_path / "members.csv"
    lines = ["title,name,email,body,role,start"] + [
        f"Dr,Person {n},person{n}@ccsc.ac.uk,{BODIES[n % 5]},member,2024-01-01" for n in range(ROWS)
    ]
    members.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    command = [sys.executable, "-m", "ccsc_gov"]
    shown = _kill_when_written([*command, "import", "people", str(members), "--db", str(db)], 5_000)
    assert "Checking: 50,000 of 50,000 rows (100%)" in shown
    # Rows flushed but not committed had reached the file's write-ahead log.
    wal = db.with_name(db.name + "-wal")
    assert wal.stat().st_size > 1_000_000
    checked = subprocess.run(
        [*command, "check", "--db", str(db)], capture_output=True, text=True, timeout=120
    )
    assert checked.returncode == 0, checked.stderr
    assert _content(db) == before
