"""The demo databases the benchmarks measure, built as a clerk would build them."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

import ccsc_gov

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


def demo_database(target: Path, years: int, cache: Path | None) -> float:
    """`build_demo_database`, or a copy of the same demo built before into `cache` (a folder
    kept across runs: the 30-year demo takes minutes to build). A cached demo is named for
    what makes it: its years, the last day, and this version's demo and schema code, so a
    change to either builds it again. Seconds taken (copying, if it was cached)."""
    if cache is None:
        return build_demo_database(target, years)
    package = Path(ccsc_gov.__file__).parent
    made_by = sorted([*(package / "core" / "demo").glob("*.py"), package / "core/store/seed.py"])
    made_by += sorted((package / "core" / "store" / "migrations" / "versions").glob("*.py"))
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in made_by)).hexdigest()[:12]
    cached = cache / f"demo-{years}y-until-{UNTIL.isoformat()}-{digest}.sqlite3"
    start = time.perf_counter()
    if not cached.exists():
        cache.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        build_demo_database(partial, years)
        partial.replace(cached)
    shutil.copyfile(cached, target)
    return time.perf_counter() - start
