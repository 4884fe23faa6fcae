"""Fixtures every test shares: a real database per test.

By default each test gets its own SQLite file. With CCSC_TEST_POSTGRES_URL set (a URL to a
PostgreSQL server's maintenance database, e.g. postgresql+psycopg://ccsc@localhost/postgres),
the `db` fixture gives each test a new database on that server instead; tests marked
`sqlite_only` (pragmas, file permissions, the SQLite backup API) are then skipped.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.db import open_database

POSTGRES_URL = os.environ.get("CCSC_TEST_POSTGRES_URL")

# Nothing a test does may read or write the developer's own profile: settings, data, logs.
_PROFILE = Path(tempfile.mkdtemp(prefix="ccsc-gov-test-profile-"))
for _variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_variable] = str(_PROFILE / _variable.lower())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if not POSTGRES_URL:
        return
    skip = pytest.mark.skip(reason="SQLite-only behaviour; this run is the PostgreSQL lane")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "centre.sqlite3"


@pytest.fixture
def db_target(db_path: Path) -> Iterator[str]:
    """Where the test's database lives: an SQLite path, or a fresh PostgreSQL database URL."""
    if not POSTGRES_URL:
        yield str(db_path)
        return
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"ccsc_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        # UTF8 whatever the server's default (a cluster made under LANG=C would give SQL_ASCII).
        conn.execute(text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def db(db_target: str) -> Iterator[Database]:
    """A freshly created and seeded database of its own."""
    database = open_database(db_target)
    yield database
    database.close()
