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
    figures = {f["figure"]: f for f in json.loads(result.stdout)}
    names = " / ".join(figures)
    for expected in (
        "start to main window painted",
        "peak memory",
        "open a meeting workspace",
        "action log: load",
        "action log: one keystroke",
        "full-text search",
        "minutes .docx",
        "demo --years",
    ):
        assert expected in names
    for figure in figures.values():
        assert {"value", "reference", "ratio", "budget", "ok"} <= set(figure)
        assert figure["value"] > 0
