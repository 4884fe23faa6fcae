"""The growth table: how each figure grows as the history grows, one size to the next.

    python benchmarks/growth.py      # 5,000 / 50,000 / 500,000 actions; 1, 10 and 30 years
    python benchmarks/growth.py --actions 5000,50000 --years 1,10
    python benchmarks/growth.py --cache /tmp/ccsc-demos   # demos built once, kept for next time

`benchmarks/run.py` prints the same table under its own, over the databases it has built. For
each figure the table gives the time at each size, the ratio of time from one size to the
next, and that ratio against the ratio of rows (× linear): 1.0 grows with the rows, below 1
slower, above 1 faster than the rows. All sizes of one figure are timed in turn, repeat by
repeat, so that all see the machine as it is at the time; the values are medians.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from databases import UNTIL, demo_database
from stress import add_stress_actions


@dataclass(frozen=True)
class Row:
    """One figure at its sizes: the rows behind it and the seconds (or bytes) it took."""

    figure: str
    sizes: list[str]
    rows: list[int]
    values: list[float]
    unit: str  # "s" or "MiB"


def interleaved(runs: Sequence[Callable[[], object]], repeats: int) -> list[float]:
    """The median seconds of each of `runs`, timed in turn, repeat by repeat."""
    times: list[list[float]] = [[] for _ in runs]
    for run in runs:  # warm each once
        run()
    for _ in range(repeats):
        for side, run in enumerate(runs):
            start = time.perf_counter()
            run()
            times[side].append(time.perf_counter() - start)
    return [statistics.median(side) for side in times]


def count(path: Path, sql: str) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute(sql).fetchone()[0])
    finally:
        con.close()


def action_log(stresses: Sequence[Path], repeats: int) -> list[Row]:
    """Loading the whole log into the view, and one keystroke of its text filter."""
    from ccsc_gov.core.store.db import open_database
    from ccsc_gov.ui.app import application
    from ccsc_gov.ui.chairs.action_log import ActionLogWindow
    from ccsc_gov.ui.ops import Operations

    app = application()
    windows, databases = [], []
    for path in stresses:
        database = open_database(str(path), create=False)
        window = ActionLogWindow(Operations(database), today=lambda: UNTIL)
        window.resize(1400, 860)
        window.show()
        app.processEvents()
        window.clear_filters()
        windows.append(window)
        databases.append(database)
    loads = interleaved([w.refresh for w in windows], repeats)

    def strokes(window: ActionLogWindow) -> Callable[[], None]:
        def type_words() -> None:
            for word in ("budget", "ferreira", "zzz"):
                for n in range(1, len(word) + 1):
                    window.search.setText(word[:n])
                window.search.setText("")

        return type_words

    keystrokes = sum(len(w) + 1 for w in ("budget", "ferreira", "zzz"))
    typing = [t / keystrokes for t in interleaved([strokes(w) for w in windows], repeats)]
    totals = [w.model.total for w in windows]
    for window, database in zip(windows, databases, strict=True):
        window.close()
        database.close()
    sizes = [f"{n:,} actions" for n in totals]
    return [
        Row("action log: load into the view", sizes, totals, loads, "s"),
        Row("action log: one keystroke of text filter", sizes, totals, typing, "s"),
    ]


def full_text_search(demos: Sequence[Path], years: Sequence[int], repeats: int) -> Row:
    from ccsc_gov.core.services.search import search
    from ccsc_gov.core.store.db import open_database

    databases = [open_database(str(path), create=False) for path in demos]
    words = ("budget", "peer review", "fellowship", "data policy", "risk register")

    def searcher(database: object) -> Callable[[], None]:
        def run() -> None:
            with database.reading() as session:  # type: ignore[attr-defined]
                for word in words:
                    search(session, text=word)

        return run

    values = [t / len(words) for t in interleaved([searcher(d) for d in databases], repeats)]
    for database in databases:
        database.close()
    rows = [count(p, "SELECT count(*) FROM agenda_item WHERE minutes != ''") for p in demos]
    return Row("full-text search (minutes written)", _years(years), rows, values, "s")


def chair_windows(demos: Sequence[Path], years: Sequence[int], repeats: int) -> list[Row]:
    """Opening the decisions register and the attendance matrix: made, shown and painted."""
    from ccsc_gov.core.store.db import open_database
    from ccsc_gov.ui.app import application
    from ccsc_gov.ui.chairs.attendance import AttendanceMatrixWindow
    from ccsc_gov.ui.chairs.decisions import DecisionsWindow
    from ccsc_gov.ui.ops import Operations

    app = application()
    databases = [open_database(str(path), create=False) for path in demos]
    found = []
    for kind, table in ((DecisionsWindow, "decision"), (AttendanceMatrixWindow, "attendance")):

        def opener(database: object, kind: type = kind) -> Callable[[], None]:
            def run() -> None:
                window = kind(Operations(database), today=lambda: UNTIL)  # type: ignore[arg-type]
                window.show()
                app.processEvents()
                window.close()
                window.deleteLater()
                app.processEvents()

            return run

        values = interleaved([opener(d) for d in databases], repeats)
        rows = [count(p, f"SELECT count(*) FROM {table}") for p in demos]
        found.append(Row(f"open the {kind.title.lower()}", _years(years), rows, values, "s"))
    for database in databases:
        database.close()
    return found


def file_sizes(paths: Sequence[Path], sizes: Sequence[str], rows: Sequence[int]) -> Row:
    values = [p.stat().st_size / 2**20 for p in paths]
    return Row("database file", list(sizes), list(rows), values, "MiB")


def _years(years: Sequence[int]) -> list[str]:
    return [f"{y} year{'s' if y != 1 else ''}" for y in years]


def _value(value: float, unit: str) -> str:
    if unit == "MiB":
        return f"{value:.1f} MiB"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def render(rows: Sequence[Row]) -> str:
    """One line per figure: each size's value, then each step's ratio and × linear."""
    lines = [
        "| figure | sizes (rows) | values | ratio, one size to the next | × linear |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        sizes = " / ".join(f"{s} ({n:,})" for s, n in zip(row.sizes, row.rows, strict=True))
        values = " / ".join(_value(v, row.unit) for v in row.values)
        steps = list(zip(row.values, row.values[1:], row.rows, row.rows[1:], strict=False))
        ratios = " / ".join(f"{b / a:.2f}×" for a, b, _, _ in steps)
        linear = " / ".join(f"{(b / a) / (m / n):.2f}" for a, b, n, m in steps)
        lines.append(f"| {row.figure} | {sizes} | {values} | {ratios} | {linear} |")
    return "\n".join(lines)


def stress_copies(demo: Path, totals: Sequence[int], workdir: Path) -> list[Path]:
    paths = []
    for total in totals:
        path = workdir / f"stress-{total}.sqlite3"
        shutil.copyfile(demo, path)
        add_stress_actions(path, total, today=UNTIL)
        paths.append(path)
    return paths


def growth(
    demos: Sequence[Path], years: Sequence[int], actions: Sequence[int], workdir: Path, repeats: int
) -> list[Row]:
    """Every row of the table, over demo databases of `years` (the first one also topped up
    to each number of `actions`)."""
    stresses = stress_copies(demos[0], actions, workdir)
    found = action_log(stresses, repeats)
    found.append(full_text_search(demos, years, repeats))
    found += chair_windows(demos, years, repeats)
    found.append(
        file_sizes(
            demos,
            _years(years),
            [count(p, "SELECT count(*) FROM meeting") for p in demos],
        )
    )
    found.append(file_sizes(stresses, found[0].sizes, found[0].rows))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", default="5000,50000,500000", help="action log sizes")
    parser.add_argument("--years", default="1,10,30", help="demo history sizes, in years")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--cache",
        type=Path,
        help="a folder to keep the demo databases in across runs (the 30-year one takes "
        "about 3 minutes to build)",
    )
    args = parser.parse_args(argv)
    actions = [int(n) for n in args.actions.split(",")]
    years = [int(n) for n in args.years.split(",")]
    with tempfile.TemporaryDirectory(prefix="ccsc-growth-") as tmp:
        workdir = Path(tmp)
        os.environ["XDG_CONFIG_HOME"] = str(workdir / "config")
        demos = [workdir / f"demo-{y}y.sqlite3" for y in years]
        for path, y in zip(demos, years, strict=True):
            demo_database(path, y, args.cache)
        print(render(growth(demos, years, actions, workdir, args.repeats)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
