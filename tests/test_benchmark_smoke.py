"""The benchmark keeps working: a quick run prints every figure with its budget."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


def test_a_quick_benchmark_run_reports_every_figure() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCHMARK), "--quick", "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    printed = json.loads(result.stdout)
    figures = {f["figure"]: f for f in printed["figures"]}
    names = " / ".join(figures)
    for expected in (
        "start to main window painted",
        "peak memory",
        "open a meeting workspace",
        "action log: load",
        "action log: one keystroke",
        "full-text search",
        "minutes .docx",
        "board pack, first build",
        "board pack, rebuilt",
        "demo --years",
    ):
        assert expected in names
    for figure in figures.values():
        assert {"value", "reference", "ratio", "budget", "ok"} <= set(figure)
        assert figure["value"] > 0
    growth = {row["figure"]: row for row in printed["growth"]}
    for expected in (
        "action log: load into the view",
        "action log: one keystroke of text filter",
        "full-text search (minutes written)",
        "open the decisions register",
        "open the attendance matrix",
        "database file",
    ):
        assert expected in growth
    for row in growth.values():
        assert all(value > 0 for value in row["values"])
