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
    DBAPIError,
    NoSuchModuleError,
)
from sqlalchemy.exc import (
    SQLAlchemyError as _SQLAlchemyError,
)
from sqlalchemy.orm import sessionmaker

from ccsc_gov.core.governance.errors import (
    DatabaseBusy,
    DatabaseError,
    DiskFull,
    ReadOnlyDatabase,
)
from ccsc_gov.core.store import chain
from ccsc_gov.core.store.database import (
    AuditedSession,
    Database,
    damage,
    fault,
    first_line,
)
from ccsc_gov.core.store.location import shared_location_warning

# The Alembic revision this version of the app writes; a test keeps it equal to the scripts'
# head, so opening an up-to-date database never has to import Alembic.
SCHEMA_HEAD = "0017"

# How long a change waits for another clerk's to finish before it is refused ("try again").
BUSY_TIMEOUT_MS = int(os.environ.get("CCSC_GOV_BUSY_TIMEOUT_MS", "15000"))
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


def _configure_sqlite(engine: Engine, *, read_only: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event decide how each transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not read_only:
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


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _read_only_uri(path: Path) -> str:
    """How to open a file without writing a byte: in a folder that cannot be written, SQLite
    cannot make the files it keeps beside the database, so it must take the file as it is."""
    immutable = "&immutable=1" if not os.access(path.parent, os.W_OK) else ""
    return f"{path.as_uri()}?mode=ro{immutable}"


def sqlite_revision(path: Path) -> str | None:
    """The schema revision recorded in an SQLite file, read without changing a byte of it."""
    try:
        with closing(sqlite3.connect(_read_only_uri(path), uri=True)) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if not tables:
                return None
            if "alembic_version" not in tables:
                raise DatabaseError(f"{path} is not a ccsc-gov database.")
            return _one_version(
                [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
            )
    except sqlite3.DatabaseError as exc:
        refusal = fault(str(exc), None, str(path), path)
        if refusal is not None:
            raise refusal from exc
        raise DatabaseError(f"{path} is not a ccsc-gov database ({exc}).") from exc


def _refuse_to_create(where: object, create: bool) -> None:
    """Only a command that makes a database may turn an empty file or server database into one."""
    if not create:
        raise DatabaseError(
            f"{where} is empty: it holds no ccsc-gov database, and nothing was written to it. "
            f"To make a new database there, run: ccsc-gov init --db {where}"
        )


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
    created = made_file = False
    read_only = False
    revision: str | None = None
    if sqlite:
        if not url.database or url.database == ":memory:":
            raise DatabaseError("An in-memory database cannot hold the Centre's records.")
        path = Path(url.database)
        if not path.exists():
            if not create:
                raise DatabaseError(
                    f"There is no database at {path}. To make a new one there, run: "
                    f"ccsc-gov init --db {path}"
                )
            _create_sqlite_file(path)
            created = made_file = True
        elif path.is_dir():
            raise DatabaseError(f"{path} is a folder, not a database file.")
        else:
            revision = sqlite_revision(path)
            read_only = not _writable(path)
            if revision is None:
                _refuse_to_create(path, create)
                created = True
            if read_only and upgrade and revision != SCHEMA_HEAD:
                raise ReadOnlyDatabase(
                    f"{path} is read-only and at schema {revision}, which this version upgrades "
                    f"to {SCHEMA_HEAD}: open it once from an account that can write it."
                )
            if upgrade and revision is not None and revision != SCHEMA_HEAD:
                refuse_newer(revision, str(path))
    try:
        # UTF-8 on the wire whatever the server's default, so even a database in another
        # encoding can be asked what it is, and refused in words (`_prepare`).
        postgres = url.get_backend_name() == "postgresql"
        options: dict[str, Any] = {}
        if postgres:
            # A change that waits for another clerk's gives up as SQLite's busy timeout does.
            options["connect_args"] = {
                "client_encoding": "utf8",
                "options": f"-c lock_timeout={BUSY_TIMEOUT_MS}",
            }
        elif read_only:
            uri = _read_only_uri(Path(url.database or ""))
            options["creator"] = lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)
        engine = create_engine(url, **options)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise DatabaseError(f"Cannot use the database address {url!r}: {exc}.") from exc
    if sqlite:
        _configure_sqlite(engine, read_only=read_only)
    warning = shared_location_warning(Path(url.database or "")) if sqlite else None
    database = Database(
        url=url,
        engine=engine,
        sessions=sessionmaker(engine, class_=AuditedSession, expire_on_commit=False),
        location_warning=warning,
        read_only=read_only,
    )
    database.sessions.configure(info={"database": database})
    try:
        _prepare(database, revision_hint=revision, created=created, create=create, upgrade=upgrade)
    except BaseException as exc:
        engine.dispose()
        if made_file:
            # Nothing half-made is left behind: the next read must not take it for a database.
            for side in (Path(f"{url.database}{s}") for s in ("", "-wal", "-shm", "-journal")):
                side.unlink(missing_ok=True)
        if not isinstance(exc, _SQLAlchemyError):
            raise
        fault = database.fault(exc) if isinstance(exc, DBAPIError) else None
        if fault is not None:
            raise fault from exc
        raise DatabaseError(
            f"Cannot open the database {database.display_name}: {first_line(exc)}"
        ) from exc
    return database


def _prepare(
    database: Database, *, revision_hint: str | None, created: bool, create: bool, upgrade: bool
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
    if revision == SCHEMA_HEAD or (revision is not None and not upgrade):
        return
    from ccsc_gov.core.store import migrate  # Alembic: only now that the schema needs it

    if revision is None:
        if not created and not migrate.is_empty(database.engine):
            raise DatabaseError(f"{database.display_name} is not a ccsc-gov database.")
        _refuse_to_create(database.display_name, (create or created) and upgrade)
        migrate.upgrade(database.engine)
        from ccsc_gov.core.store.seed import seed_centre

        with database.transaction() as session:
            seed_centre(session)
        return
    refuse_newer(revision, database.display_name)
    if database.is_sqlite:
        from ccsc_gov.core.store import backups  # with the settings it reads: not to open

        backups.rotating_backup(database, reason=f"before-upgrade-from-{revision}")
    migrate.upgrade(database.engine)


def current_revision(conn: Any) -> str | None:
    try:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except _SQLAlchemyError:
        conn.rollback()
        return None
    return _one_version(versions)


def _one_version(versions: list[Any]) -> str | None:
    """The schema version, refused in words when the table holds more than one."""
    if len(versions) > 1:
        raise DatabaseError(
            f"The database records {len(versions)} schema versions "
            f"({', '.join(str(v) for v in versions)}): it was changed outside ccsc-gov, so it "
            "is not opened. Restore a sound backup (ccsc-gov restore BACKUP)."
        )
    return str(versions[0]) if versions else None


def check(database: Database, *, schema: bool = True) -> list[str]:
    """What is wrong with the database, in plain words; an empty list when it is sound.
    `schema=False` leaves out whether its schema is this version's (a backup to restore may be
    older, and is upgraded once in place)."""
    problems: list[str] = []
    try:
        with database.engine.connect() as conn:
            if database.is_sqlite:
                problems += damage(conn)
                if problems:
                    return problems
            revision = current_revision(conn)
            if schema and revision != SCHEMA_HEAD:
                problems.append(f"The schema is at {revision}, not at {SCHEMA_HEAD}.")
            elif revision == SCHEMA_HEAD:
                # An older schema has no chain yet: the upgrade chains its audit rows.
                problems += chain.verify(conn)
    except (DiskFull, DatabaseBusy):
        raise  # not a problem of the database: nothing can be said of it now
    except DatabaseError as exc:
        problems.append(str(exc))
    except DBAPIError as exc:
        refusal = database.fault(exc)
        if isinstance(refusal, DiskFull | DatabaseBusy):
            raise refusal from exc
        problems.append(f"Cannot read the database: {first_line(exc)}")
    return problems
