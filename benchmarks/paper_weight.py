"""What ten years of papers weigh in the database, and whether SQLite stays fast with them.

    python benchmarks/paper_weight.py [--blobs 1100] [--mb 0.8]

Builds a 10-year demo history with papers on every meeting (the demo's own generated papers,
a few pages each), then adds `--blobs` files of `--mb` megabytes each (random bytes: nothing
compresses them), about what ten years of real papers come to: ~275 meetings, 3 to 4 papers
each, some replaced. It prints the file's size and the time of what a clerk does every day,
before and after the blobs: opening the database, listing a meeting's papers, opening its
agenda, reading one paper's file, and the online backup. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from ccsc_gov.core.demo import history
from ccsc_gov.core.services.agenda import agenda
from ccsc_gov.core.services.meeting_list import list_meetings
from ccsc_gov.core.services.papers import list_papers, paper_file
from ccsc_gov.core.store.backups import backup_file
from ccsc_gov.core.store.db import open_database

UNTIL = dt.date(2026, 11, 29)


def median(run, repeats: int = 7) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(path: Path, workdir: Path) -> dict[str, float]:
    figures: dict[str, float] = {"size MB": path.stat().st_size / 1e6}

    def open_close() -> None:
        open_database(str(path), create=False).close()

    figures["open the database s"] = median(open_close, 3)
    database = open_database(str(path), create=False)
    with database.reading() as session:
        meetings = [m.ref for m in list_meetings(session)]
        with_papers = [r for r in meetings if list_papers(session, meeting=r)]
        ref = with_papers[len(with_papers) // 2]
        number = list_papers(session, meeting=ref)[0].number

    def listing() -> None:
        with database.reading() as session:
            list_papers(session, meeting=ref)

    def agenda_view() -> None:
        with database.reading() as session:
            agenda(session, meeting=ref)

    def one_file() -> None:
        with database.reading() as session:
            paper_file(session, number=number)

    figures["list a meeting's papers s"] = median(listing)
    figures["open a meeting's agenda s"] = median(agenda_view)
    figures["read one paper's file s"] = median(one_file)
    start = time.perf_counter()
    backup_file(database, workdir / "backup.sqlite3")
    figures["online backup s"] = time.perf_counter() - start
    (workdir / "backup.sqlite3").unlink()
    database.close()
    return figures


def add_blobs(path: Path, count: int, megabytes: float) -> None:
    """Files of real size beside the demo's: content rows (which no lock guards)."""
    size = int(megabytes * 1024 * 1024)
    with sqlite3.connect(path) as conn:
        for _ in range(count):
            data = os.urandom(size)
            conn.execute(
                "INSERT INTO paper_content (sha256, size, data) VALUES (?, ?, ?)",
                (hashlib.sha256(data).hexdigest(), size, data),
            )
    conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blobs", type=int, default=1100)
    parser.add_argument("--mb", type=float, default=0.8)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ccsc-weight-") as tmp:
        workdir = Path(tmp)
        os.environ["XDG_CONFIG_HOME"] = str(workdir / "config")
        path = workdir / "ten-years.sqlite3"
        history.PAPERS_FOR_DAYS = 366 * args.years + 31  # papers on every meeting
        database = open_database(str(path))
        start = time.perf_counter()
        summary = history.build_demo(database, years=args.years, until=UNTIL)
        built = time.perf_counter() - start
        with sqlite3.connect(path) as conn:
            papers, versions_bytes = conn.execute(
                "SELECT count(*), (SELECT sum(size) FROM paper_content) FROM paper_version"
            ).fetchone()
        conn.close()
        database.close()
        print(
            f"{args.years}-year demo: {summary.meetings} meetings, {papers} papers "
            f"({versions_bytes / 1e6:.1f} MB of files), built in {built:.0f} s"
        )
        before = measure(path, workdir)
        add_blobs(path, args.blobs, args.mb)
        after = measure(path, workdir)
        print(f"\n| figure | demo papers only | + {args.blobs} files of {args.mb} MB |")
        print("|---|---|---|")
        for key in before:
            print(f"| {key} | {before[key]:.4g} | {after[key]:.4g} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
