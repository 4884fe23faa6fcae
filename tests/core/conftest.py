"""A real demo database, built once through the services, for the tests of what is exported
from it.

The demo takes seconds to build, so it is built once per run into a file that tests only
read (`demo_db_path`, `demo_db`); a test that changes data takes its own copy
(`demo_copy`). The history is a year up to a fixed day, so every run sees the same meetings.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from demo_database import DEMO_SEED, DEMO_UNTIL, DEMO_YEARS

from ccsc_gov.core.demo.history import build_demo
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.db import open_database


@pytest.fixture(scope="session")
def demo_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    database = open_database(str(path))
    try:
        build_demo(database, years=DEMO_YEARS, seed=DEMO_SEED, until=DEMO_UNTIL)
    finally:
        database.close()
    return path


@pytest.fixture(scope="module")
def demo_db(demo_db_path: Path) -> Iterator[Database]:
    """The demo database, to be read only."""
    database = open_database(str(demo_db_path), create=False)
    yield database
    database.close()


@pytest.fixture
def demo_copy(demo_db_path: Path, tmp_path: Path) -> Iterator[Database]:
    """A copy of the demo database of the test's own, to change."""
    target = tmp_path / "demo-copy.sqlite3"
    shutil.copyfile(demo_db_path, target)
    database = open_database(str(target), create=False)
    yield database
    database.close()
