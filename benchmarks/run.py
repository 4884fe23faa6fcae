"""How fast ccsc-gov is at the size of ten years, each figure beside its same-run reference.

    python benchmarks/run.py            # the full run (builds a 10-year demo: about a minute)
    python benchmarks/run.py --quick    # small sizes, a smoke run for the test suite
    python benchmarks/run.py --json     # one object per figure: value, reference, ratio, budget, ok

Start-up figures are medians over separate processes; the others are medians over repeated
runs in one process. The budgets come from issue 7. This is not a test: a slow machine does
not fail anything; it prints what it measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
UNTIL = dt.date(2026, 11, 29)


@dataclass(frozen=True)
class Figure:
    figure: str
    value: float
    unit: str
    reference: float | None  # the same-run reference, in the same unit
    reference_label: str
    budget: float  # a ratio to the reference, or an absolute limit when there is none
    ok: bool
    ratio: float | None


def ratio_figure(
    name: str, value: float, reference: float, label: str, budget: float, unit: str
) -> Figure:
    ratio = value / reference if reference else float("inf")
    return Figure(name, value, unit, reference, label, budget, ratio <= budget, round(ratio, 3))


def limit_figure(name: str, value: float, limit: float, unit: str, label: str = "—") -> Figure:
    return Figure(name, value, unit, None, label, limit, value <= limit, None)


def median_seconds(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# --- databases ----------------------------------------------------------------------------


def build_demo_database(path: Path, years: int) -> float:
    """Build a demo history through the command line, as a clerk would; seconds taken."""
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ccsc_gov",
            "demo",
            "--db",
            str(path),
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


# --- figures ------------------------------------------------------------------------------


def start_up(db: Path, years: int, runs: int, workdir: Path) -> list[Figure]:
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(workdir / "config"),
        "XDG_DATA_HOME": str(workdir / "data"),
        "QT_QPA_PLATFORM": "offscreen",
    }

    def once(kind: str) -> tuple[float, float]:
        t0 = time.time()
        out = subprocess.run(
            [sys.executable, str(HERE / "probe_start.py"), kind, str(db), repr(t0)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        ).stdout.split()
        return float(out[0]), float(out[1])

    app, reference = [], []
    for _ in range(runs):  # interleaved, so both see the same machine
        app.append(once("app"))
        reference.append(once("reference"))
    label = "bare PySide6 window + sqlalchemy.orm + one query"
    return [
        ratio_figure(
            f"start to main window painted ({years}-year database)",
            statistics.median(t for t, _ in app),
            statistics.median(t for t, _ in reference),
            label,
            1.25,
            "s",
        ),
        ratio_figure(
            "peak memory at that point",
            statistics.median(m for _, m in app),
            statistics.median(m for _, m in reference),
            label,
            1.3,
            "MiB",
        ),
    ]


def minutes_document(workdir: Path, repeats: int) -> Figure:
    from minutes_reference import big_meeting, write_directly

    from ccsc_gov.core.export.minutes import write_minutes

    snapshot = big_meeting(items=40, actions=60)
    ours = median_seconds(lambda: write_minutes(snapshot, workdir / "ours.docx"), repeats)
    direct = median_seconds(lambda: write_directly(snapshot, workdir / "direct.docx"), repeats)
    return ratio_figure(
        "minutes .docx, 40 items and 60 actions",
        ours,
        direct,
        "python-docx writing the same paragraphs and tables",
        1.3,
        "s",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few repeats")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    years = 1 if args.quick else 10
    runs = 2 if args.quick else 7
    repeats = 2 if args.quick else 5

    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="ccsc-bench-") as tmp:
        workdir = Path(tmp)
        big = workdir / f"demo-{years}y.sqlite3"
        demo_seconds = build_demo_database(big, years)
        figures += start_up(big, years, runs, workdir)
        figures.append(minutes_document(workdir, repeats))
        figures.append(limit_figure(f"demo --years {years}", demo_seconds, 60.0, "s"))
        shutil.rmtree(workdir / "config", ignore_errors=True)

    if args.json:
        print(json.dumps([asdict(f) for f in figures], indent=2))
    else:
        print(render_table(figures))
    return 0


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:.1f} {unit}"


def render_table(figures: list[Figure]) -> str:
    lines = [
        "| figure | value | reference, same run | ratio | budget | ok |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for f in figures:
        reference = f"{_fmt(f.reference, f.unit)} ({f.reference_label})" if f.reference else "—"
        budget = f"≤ {f.budget}×" if f.ratio is not None else f"≤ {_fmt(f.budget, f.unit)}"
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else "—"
        lines.append(
            f"| {f.figure} | {_fmt(f.value, f.unit)} | {reference} | {ratio} | "
            f"{budget} | {'yes' if f.ok else 'NO'} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
