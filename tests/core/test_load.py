"""Many clerks at once on one PostgreSQL database: the short run of benchmarks/load.py.

Three clerk processes work on a year of demo history for a few seconds, some of them editing
the same minute, attendance line and actions. Whatever the timings (the benchmark prints
those), every collision must end in a `Conflict` the clerk is shown, every acknowledged write
must still be there afterwards, and nothing else may go wrong.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from demo_database import DEMO_SEED, DEMO_UNTIL

from ccsc_gov.core.demo.history import build_demo
from ccsc_gov.core.store.db import open_database

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
from load import lost_updates, make_plan, run_clerks

pytestmark = pytest.mark.skipif(
    not os.environ.get("CCSC_TEST_POSTGRES_URL"),
    reason="CCSC_TEST_POSTGRES_URL is not set — .ci/run runs the PostgreSQL lane",
)


def test_clerks_working_at_once_lose_no_acknowledged_write(db_target: str) -> None:
    database = open_database(db_target)
    build_demo(database, years=1, seed=DEMO_SEED, until=DEMO_UNTIL)
    database.close()
    plan = make_plan(db_target)

    run = run_clerks(db_target, plan, clerks=3, seconds=4)

    assert run.errors == []
    assert run.lost == []
    assert run.acknowledged > 0


def test_the_check_afterwards_reports_writes_the_database_does_not_hold(db_target: str) -> None:
    open_database(db_target).close()
    acknowledged = [("action", "EMC/2026/01/A1", 1, "Circulate the budget.")]
    notes = [("EMC/2026/01/A1", "Progress: draft circulated.")]

    lost = lost_updates(db_target, acknowledged, notes)

    assert len(lost) == 2
