"""The demo databases the benchmarks measure, built as a clerk would build them."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

# Every benchmark's history ends on this day, so every run sees the same meetings.
UNTIL = dt.date(2026, 11, 29)


def build_demo_database(target: Path | str, years: int) -> float:
    """Build a demo history through the command line, as a clerk would; seconds taken."""
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ccsc_gov",
            "demo",
            "--db",
            str(target),
            "--years",
            str(years),
            "--until",
            UNTIL.isoformat(),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - start
