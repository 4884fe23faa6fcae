"""How fast ccsc-gov is at the size of ten years, each figure beside its same-run reference.

    python benchmarks/run.py            # the full run (builds a 10-year demo: about a minute)
    python benchmarks/run.py --quick    # small sizes, a smoke run for the test suite
    python benchmarks/run.py --json     # {"figures": value, reference, ratio, budget, ok…;
                                        #  "growth": the growth table's rows}

Start-up figures are medians over separate processes; the others are medians over repeated
runs in one process. Under the figures it prints the growth table (growth.py). The budgets
come from issues 7 and 21. This is not a test: a slow machine does not fail anything; it
prints what it measured.
"""

from __future__ import annotations

import argparse
import compileall
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

import growth
from databases import UNTIL, build_demo_database, demo_database
from stress import add_stress_actions

HERE = Path(__file__).resolve().parent


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


# --- figures ------------------------------------------------------------------------------


def compile_package() -> None:
    """Write the package's bytecode, as installing a package does. An editable install writes
    it on first run, unless PYTHONDONTWRITEBYTECODE is set (as on some build machines): then
    every start would compile the app's source, and a start-up figure would measure that."""
    import ccsc_gov

    compileall.compile_dir(Path(ccsc_gov.__file__).parent, quiet=1)


def start_up(db: Path, years: int, runs: int, workdir: Path) -> tuple[list[Figure], str]:
    """The start-up figures, and a line on the floor under them (see probe_start.py)."""
    compile_package()
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

    app, reference, floor = [], [], []
    for _ in range(runs):  # interleaved, so all three see the same machine
        app.append(once("app"))
        reference.append(once("reference"))
        floor.append(once("floor"))
    label = "bare PySide6 window + sqlalchemy.orm + one query"
    reference_s = statistics.median(t for t, _ in reference)
    floor_s = statistics.median(t for t, _ in floor)
    floor_line = (
        f"Start-up floor: the reference plus declaring the ORM models and making Qt's enums "
        f"takes {_fmt(floor_s, 's')}, {floor_s / reference_s:.2f}× the reference, before any "
        "window of the app is built. (The app declares its models after its first paint, which "
        "reads through the Core tables of store/schema.py.)"
    )
    app_s = statistics.median(t for t, _ in app)
    figures = [
        ratio_figure(
            f"start to main window painted ({years}-year database)",
            app_s,
            floor_s,
            "the floor: the reference + this app's ORM models declared, mappers configured",
            1.1,
            "s",
        ),
        ratio_figure(
            f"start to main window painted, against the old reference ({years}-year database)",
            app_s,
            reference_s,
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
    return figures, floor_line


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


def _application() -> object:
    from ccsc_gov.ui.app import application

    return application()


def open_workspace(big: Path, small: Path, years: int, repeats: int) -> Figure:
    """Open the same meeting in both databases, the two in turn, so that both see the machine
    as it is at the time: the EMC's latest drafted minutes of the 1-year history, copied into
    both (same_meeting.py) under a reference of its own."""
    from same_meeting import copy_meeting

    from ccsc_gov.core.store.db import open_database
    from ccsc_gov.ui.ops import Operations
    from ccsc_gov.ui.workspace.window import MeetingWorkspace, read_meeting_state

    app = _application()
    open_database(str(big)).close()  # both at the schema's head before the copy
    history = open_database(str(small))
    with history.reading() as session:
        source = [m.ref for m in _list(session) if m.status.value == "minutes drafted"][-1]
    history.close()
    ref = f"{source.rsplit('/', 1)[0]}/90"
    for path in dict.fromkeys((big, small)):
        copy_meeting(small, source, path, ref)
    databases = [open_database(str(path)) for path in (big, small)]

    def opener(database: object) -> Callable[[], None]:
        ops = Operations(database)  # type: ignore[arg-type]

        def once() -> None:
            state = ops.run_query(lambda s: read_meeting_state(s, meeting_ref=ref))
            workspace = MeetingWorkspace(ops, state, today=lambda: UNTIL)
            workspace.show()
            app.processEvents()  # type: ignore[attr-defined]
            workspace.close()
            workspace.deleteLater()

        once()  # warm the caches both sides the same way
        return once

    openers = [opener(database) for database in databases]
    times: list[list[float]] = [[], []]
    for _ in range(repeats):
        for side, once in enumerate(openers):
            times[side].append(median_seconds(once, 1))
    for database in databases:
        database.close()
    return ratio_figure(
        f"open a meeting workspace ({years}-year database)",
        statistics.median(times[0]),
        statistics.median(times[1]),
        "the same meeting, copied into the 1-year database",
        1.1,
        "s",
    )


def _list(session: object) -> list:  # type: ignore[type-arg]
    from ccsc_gov.core.services.meeting_list import list_meetings

    return list_meetings(session, body="EMC")  # type: ignore[arg-type]


def action_log(stress: Path, repeats: int) -> list[Figure]:
    from ccsc_gov.core.store.db import open_database
    from ccsc_gov.ui.chairs.action_log import ActionLogWindow
    from ccsc_gov.ui.ops import Operations

    app = _application()
    database = open_database(str(stress), create=False)
    window = ActionLogWindow(Operations(database), today=lambda: UNTIL)
    window.resize(1400, 860)
    window.show()
    app.processEvents()  # type: ignore[attr-defined]
    window.clear_filters()
    total = window.model.total
    load = median_seconds(window.refresh, repeats)
    strokes = []
    for word in ("budget", "review", "ferreira", "emc/2026", "circulate", "zzz"):
        for n in range(1, len(word) + 1):
            start = time.perf_counter()
            window.search.setText(word[:n])
            strokes.append(time.perf_counter() - start)
        window.search.setText("")
    window.close()
    database.close()
    return [
        limit_figure(f"action log: load {total:,} actions into the view", load, 0.300, "s"),
        ratio_figure(
            f"action log: one keystroke of text filter over {total:,} actions",
            statistics.median(strokes),
            1 / 60,
            "one frame at 60 Hz",
            1.0,
            "s",
        ),
    ]


def full_text_search(big: Path, years: int, repeats: int) -> Figure:
    from ccsc_gov.core.services.search import search
    from ccsc_gov.core.store.db import open_database

    database = open_database(str(big), create=False)
    words = ("budget", "peer review", "fellowship", "data policy", "risk register")
    with database.reading() as session:
        for word in words:  # warm
            search(session, text=word)
        value = statistics.median(
            median_seconds(lambda w=word: search(session, text=w), repeats) for word in words
        )
    database.close()
    return limit_figure(f"full-text search ({years}-year database)", value, 0.020, "s")


def board_pack(workdir: Path, quick: bool) -> list[Figure]:
    """The pack of a 30-paper meeting (about 300 pages, a third Word) against the same papers
    merged directly; then the same pack built again with nothing changed."""
    from pack_reference import merge_directly, pack_meeting

    from ccsc_gov.core.export.pack import write_pack
    from ccsc_gov.core.export.pdf import find_soffice
    from ccsc_gov.core.store.db import open_database

    count, pages = (6, 2) if quick else (30, 10)
    word = find_soffice() is not None
    database = open_database(str(workdir / "pack.sqlite3"))
    try:
        ref, files = pack_meeting(database, papers_count=count, pages=pages, word=word)
        start = time.perf_counter()
        with database.transaction() as session:
            record = write_pack(session, ref, workdir / "pack.pdf")
        first = time.perf_counter() - start
        direct_start = time.perf_counter()
        direct_pages = merge_directly(files, workdir / "direct.pdf")
        direct = time.perf_counter() - direct_start

        def rebuild() -> None:
            with database.transaction() as session:
                write_pack(session, ref, workdir / "again.pdf")

        again = median_seconds(rebuild, 3)
    finally:
        database.close()
    mix = f"{count} papers, {record.pages} pages" + (", a third Word" if word else ", no Word")
    return [
        ratio_figure(
            f"board pack, first build ({mix})",
            first,
            direct,
            f"pypdf appending the same {direct_pages} pages after one LibreOffice batch",
            1.3,
            "s",
        ),
        ratio_figure(
            "board pack, rebuilt with nothing changed", again, first, "the first build", 0.2, "s"
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few repeats")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--growth-actions",
        default="5000,50000,500000",
        help="action log sizes of the growth table (default 5000,50000,500000)",
    )
    parser.add_argument(
        "--growth-years",
        default="30",
        help="more demo sizes for the growth table (default 30; '' for none)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        help="a folder to keep the growth table's extra demos in across runs (growth.py)",
    )
    args = parser.parse_args(argv)
    years = 1 if args.quick else 10
    # Start-ups, each a process of its own, of the app, the reference and the floor in turn: 15
    # of each, so that a few slow processes on a shared machine move the medians less (7 before).
    runs = 2 if args.quick else 15
    repeats = 2 if args.quick else 5

    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="ccsc-bench-") as tmp:
        workdir = Path(tmp)
        os.environ["XDG_CONFIG_HOME"] = str(workdir / "config")
        big = workdir / f"demo-{years}y.sqlite3"
        demo_seconds = build_demo_database(big, years)
        small = big if years == 1 else workdir / "demo-1y.sqlite3"
        if small != big:
            build_demo_database(small, 1)
        stress = workdir / "stress.sqlite3"
        shutil.copyfile(small, stress)
        add_stress_actions(stress, 2_000 if args.quick else 50_000, today=UNTIL)

        start_figures, floor_line = start_up(big, years, runs, workdir)
        figures += start_figures
        figures.append(open_workspace(big, small, years, repeats))
        figures += action_log(stress, repeats)
        figures.append(full_text_search(big, years, repeats))
        figures.append(minutes_document(workdir, repeats))
        figures += board_pack(workdir, args.quick)
        figures.append(limit_figure(f"demo --years {years}", demo_seconds, 60.0, "s"))
        growth_rows = grow(args, small, big, years, repeats, workdir)
        shutil.rmtree(workdir / "config", ignore_errors=True)

    if args.json:
        rows = [asdict(row) for row in growth_rows]
        print(json.dumps({"figures": [asdict(f) for f in figures], "growth": rows}, indent=2))
    else:
        print(render_table(figures))
        print(f"\n{floor_line}")
        print(f"\n{growth.render(growth_rows)}")
    return 0


def grow(
    args: argparse.Namespace, small: Path, big: Path, years: int, repeats: int, workdir: Path
) -> list[growth.Row]:
    """The growth table over the demos already built, and any more sizes asked for."""
    actions = [500, 2_000] if args.quick else [int(n) for n in args.growth_actions.split(",")]
    more = [] if args.quick else [int(n) for n in args.growth_years.split(",") if n]
    demos, sizes = ([small, big], [1, years]) if big != small else ([small], [1])
    for extra in more:
        demos.append(workdir / f"demo-{extra}y.sqlite3")
        sizes.append(extra)
        demo_database(demos[-1], extra, args.cache)
    return growth.growth(demos, sizes, actions, workdir, repeats)


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
