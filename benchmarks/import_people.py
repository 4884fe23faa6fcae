"""How the time of `ccsc-gov import people` grows with the file: all or nothing, in one
transaction, every row checked by the rules a clerk's own entry follows.

    python benchmarks/import_people.py                  # 1,000, 10,000 and 50,000 rows
    python benchmarks/import_people.py 2000 20000       # other sizes

Each size is imported into a new SQLite database; the figure is the wall time and the
process's CPU time (the machine may be shared), and the CPU time per thousand rows, which
stays flat when the import is linear. This is not a test: it prints what it measured.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from ccsc_gov.core.services.people_import import import_people
from ccsc_gov.core.store.db import open_database

BODIES = ("GB", "EMC", "RSC", "NCTSC", "CTSC")


def members_csv(rows: int) -> bytes:
    lines = ["title,name,position,organisation,email,body,role,votes,start,end"]
    lines += [
        f"Dr,Person {n},Researcher,CCSC,person{n}@ccsc.ac.uk,{BODIES[n % 5]},member,,2024-01-01,"
        for n in range(rows)
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(rows: int) -> tuple[float, float]:
    data = members_csv(rows)
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(str(Path(folder) / "import.sqlite3"))
        try:
            wall, spent = time.perf_counter(), cpu()
            with database.transaction() as session:
                summary = import_people(session, data=data)
            wall, spent = time.perf_counter() - wall, cpu() - spent
        finally:
            database.close()
    assert summary.people_added == rows
    return wall, spent


def main(sizes: list[int]) -> None:
    print(f"{'rows':>8}  {'wall s':>8}  {'cpu s':>8}  {'cpu s per 1,000 rows':>20}")
    for rows in sizes:
        wall, spent = measure(rows)
        print(f"{rows:>8,}  {wall:>8.1f}  {spent:>8.1f}  {spent * 1000 / rows:>20.2f}", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1_000, 10_000, 50_000])
