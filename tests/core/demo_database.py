"""The demo history the export tests read: a year of the Centre's business up to a fixed day,
so every run sees the same meetings (the fixtures are in conftest.py)."""

from __future__ import annotations

import datetime as dt

DEMO_UNTIL = dt.date(2026, 11, 29)
DEMO_YEARS = 1
DEMO_SEED = 1
