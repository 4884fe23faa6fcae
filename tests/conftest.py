"""Fixtures every test shares: a real SQLite file per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ccsc_gov.core.db import Database, open_database


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "centre.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A freshly created and seeded database in its own file."""
    database = open_database(str(db_path))
    yield database
    database.close()
