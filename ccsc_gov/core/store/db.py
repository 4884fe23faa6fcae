"""Opening a database: where it lives, connection settings, schema upgrades and checks."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from platformdirs import user_data_path
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    NoSuchModuleError,
    OperationalError,
)
from sqlalchemy.exc import (
    SQLAlchemyError as _SQLAlchemyError,
)
from sqlalchemy.orm import sessionmaker

from ccsc_gov.core.governance.errors import DatabaseError
from ccsc_gov.core.store import backups
from ccsc_gov.core.store.database import AuditedSession, Database, first_line
from ccsc_gov.core.store.location import shared_location_warning

# The Alembic revision this version of the app writes; a test keeps it equal to the scripts'
# head, so opening an up-to-date database never has to import Alembic.
SCHEMA_HEAD = "0013"

BUSY_TIMEOUT_MS = 15_000
APP_NAME = "ccsc-gov"


def default_database_path() -> Path:
    return user_data_path(APP_NAME, appauthor=False) / "ccsc-gov.sqlite3"


def _is_url(target: str) -> bool:
    return "://" in target


def resolve_url(target: str | None) -> URL:
    if target is None:
        return URL.create("sqlite+pysqlite", database=str(default_database_path()))
    if _is_url(target):
        try:
            url = make_url(target)
        except ArgumentError:
            raise DatabaseError(
                f"“{target}” is not a database address this app understands."
            ) from None
        if url.get_backend_name() == "sqlite":
            return url.set(drivername="sqlite+pysqlite")
        return url
    return URL.create("sqlite+pysqlite", database=str(Path(target).expanduser().resolve()))


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event decide how each transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get("ccsc_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _create_sqlite_file(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Minutes can hold confidential business: the file is its owner's alone.
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise DatabaseError(f"Cannot create a database at {path}: {exc.strerror}.") from exc


def sqlite_revision(path: Path) -> str | None:
    """The schema revision recorded in an SQLite file, read without changing a byte of it."""
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if not tables:
                return None
            if "alembic_version" not in tables:
                raise DatabaseError(f"{path} is not a ccsc-gov database.")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            return str(row[0]) if row else None
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path} is not a ccsc-gov database ({exc}).") from exc


def refuse_newer(revision: str, where: str) -> None:
    """Refuse a database made by a newer version of the app, naming the schema it needs."""
    from ccsc_gov.core.store import migrate

    if not migrate.is_known(revision):
        raise DatabaseError(
            f"{where} was made by a newer version of ccsc-gov (schema {revision}); this version "
            f"understands up to schema {SCHEMA_HEAD}. Install the newer version to open it. "
            "The database has not been changed."
        )


def open_database(
    target: str | None = None, *, create: bool = True, upgrade: bool = True
) -> Database:
    """Open (and if needed create, seed or upgrade) the database at a path or URL.

    `create=False` refuses a database that does not exist yet instead of making one;
    `upgrade=False` opens it as it is, for inspection, without migrating or seeding.
    """
    url = resolve_url(target)
    sqlite = url.get_backend_name() == "sqlite"
    created = False
    revision: str | None = None
    if sqlite:
        if not url.database or url.database == ":memory:":
            raise DatabaseError("An in-memory database cannot hold the Centre's records.")
        path = Path(url.database)
        if not path.exists():
            if not create:
                raise DatabaseError(f"There is no database at {path}.")
            _create_sqlite_file(path)
            created = True
        elif path.is_dir():
            raise DatabaseError(f"{path} is a folder, not a database file.")
        else:
            revision = sqlite_revision(path)
            if upgrade and revision is not None and revision != SCHEMA_HEAD:
                refuse_newer(revision, str(path))
    try:
        # UTF-8 on the wire whatever the server's default, so even a database in another
        # encoding can be asked what it is, and refused in words (`_prepare`).
        postgres = url.get_backend_name() == "postgresql"
        engine = create_engine(url, connect_args={"client_encoding": "utf8"} if postgres else {})
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise DatabaseError(f"Cannot use the database address {url!r}: {exc}.") from exc
    if sqlite:
        _configure_sqlite(engine)
    warning = shared_location_warning(Path(url.database or "")) if sqlite else None
    database = Database(
        url=url,
        engine=engine,
        sessions=sessionmaker(engine, class_=AuditedSession, expire_on_commit=False),
        location_warning=warning,
    )
    database.sessions.configure(info={"database": database})
    try:
        _prepare(database, revision_hint=revision, created=created, upgrade=upgrade)
    except _SQLAlchemyError as exc:
        engine.dispose()
        raise DatabaseError(
            f"Cannot open the database {database.display_name}: {first_line(exc)}"
        ) from exc
    except BaseException:
        engine.dispose()
        raise
    return database


def _prepare(
    database: Database, *, revision_hint: str | None, created: bool, upgrade: bool
) -> None:
    with database.engine.connect() as conn:
        if database.is_sqlite:
            if conn.exec_driver_sql("PRAGMA foreign_keys").scalar() != 1:
                raise DatabaseError("This SQLite library cannot enforce foreign keys.")
            revision = revision_hint
        else:
            encoding = conn.exec_driver_sql("SHOW server_encoding").scalar()
            if encoding != "UTF8":
                # SQL_ASCII, say, hands text back as bytes: refuse it before anything is read.
                raise DatabaseError(
                    f"{database.display_name} stores text as {encoding}, not UTF8. Create the "
                    "database with UTF8 encoding (createdb -E UTF8 -T template0 NAME)."
                )
            revision = current_revision(conn)
        conn.rollback()
    if revision == SCHEMA_HEAD or not upgrade:
        return
    from ccsc_gov.core.store import migrate

    if revision is None:
        if not created and not migrate.is_empty(database.engine):
            raise DatabaseError(f"{database.display_name} is not a ccsc-gov database.")
        migrate.upgrade(database.engine)
        from ccsc_gov.core.store.seed import seed_centre

        with database.transaction() as session:
            seed_centre(session)
        return
    refuse_newer(revision, database.display_name)
    if database.is_sqlite:
        backups.rotating_backup(database, reason=f"before-upgrade-from-{revision}")
    migrate.upgrade(database.engine)


def current_revision(conn: Any) -> str | None:
    try:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()  # type: ignore[no-any-return]
    except _SQLAlchemyError:
        conn.rollback()
        return None


def check(database: Database, *, schema: bool = True) -> list[str]:
    """What is wrong with the database, in plain words; an empty list when it is sound.
    `schema=False` leaves out whether its schema is this version's (a backup to restore may be
    older, and is upgraded once in place)."""
    problems: list[str] = []
    try:
        with database.engine.connect() as conn:
            if database.is_sqlite:
                integrity = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
                if integrity != ["ok"]:
                    problems += [f"Integrity check: {line}" for line in integrity]
                for table, rowid, parent, _ in conn.exec_driver_sql("PRAGMA foreign_key_check"):
                    problems.append(f"Row {rowid} of {table} points to a missing row in {parent}.")
            revision = current_revision(conn)
            if schema and revision != SCHEMA_HEAD:
                problems.append(f"The schema is at {revision}, not at {SCHEMA_HEAD}.")
    except OperationalError as exc:
        problems.append(f"Cannot read the database: {first_line(exc)}")
    return problems
