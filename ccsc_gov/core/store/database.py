"""One open database: its engine and session factory, and the transactions the app runs on it
(every session writes the audit trail, checks record versions and guards stored values)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ccsc_gov.core.governance import guards
from ccsc_gov.core.governance.errors import (
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseError,
    DiskFull,
    ReadOnlyDatabase,
)
from ccsc_gov.core.store import audit, conflicts


class AuditedSession(Session):
    """Sessions of this app write the audit trail on every flush."""


audit.install(AuditedSession)
conflicts.install(AuditedSession)
guards.install(AuditedSession)


# A session lives for one short transaction, so it may hold on to what it loaded: without
# this, the weak identity map lets objects go and the next look-up reloads them
# (SQLAlchemy's "strong reference session" recipe).
@event.listens_for(AuditedSession, "loaded_as_persistent")
@event.listens_for(AuditedSession, "pending_to_persistent")
@event.listens_for(AuditedSession, "detached_to_persistent")
@event.listens_for(AuditedSession, "deleted_to_persistent")
def _hold(session: Session, instance: object) -> None:
    session.info.setdefault("held", set()).add(instance)


@event.listens_for(AuditedSession, "persistent_to_detached")
@event.listens_for(AuditedSession, "persistent_to_deleted")
@event.listens_for(AuditedSession, "persistent_to_transient")
def _release(session: Session, instance: object) -> None:
    session.info.setdefault("held", set()).discard(instance)


@dataclass(frozen=True)
class Database:
    """One open database: its engine and session factory (one of each per database)."""

    url: URL
    engine: Engine
    sessions: sessionmaker[Session]
    # Set when the file sits where SQLite is unsafe (a network share, a synced folder).
    location_warning: str | None = None
    # An SQLite file that this process cannot write (a read-only file, folder or file system).
    read_only: bool = False

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def path(self) -> Path | None:
        return Path(self.url.database) if self.is_sqlite and self.url.database else None

    @property
    def display_name(self) -> str:
        return str(self.path) if self.path else self.url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One short write transaction: committed if the block succeeds, rolled back if not."""
        if self.read_only:
            raise ReadOnlyDatabase(self.read_only_message)
        with self.sessions() as session:
            try:
                # Take the write lock at the start, so a writer waits its turn (busy timeout)
                # instead of failing half-way when another writer got there first.
                connection = session.connection(execution_options={"ccsc_write": True})
                if not self.is_sqlite:
                    # Who is at the keyboard, for the database's audit triggers (migration
                    # 0015), which add the login the server sees.
                    connection.execute(
                        text("SELECT set_config('ccsc.operator', :who, true)"),
                        {"who": audit.operator()},
                    )
                yield session
                session.commit()
            except StaleDataError as exc:
                # Another clerk's change landed between this one's read and its write.
                read = conflicts.rows_read(session)
                session.rollback()
                with self.reading() as fresh:
                    conflict = conflicts.conflict_after_race(fresh, read, exc)
                raise conflict from exc
            except DBAPIError as exc:
                session.rollback()
                raise self.fault(exc) or exc from None
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only snapshot; never takes the write lock."""
        with self.sessions() as session:
            try:
                yield session
            except DBAPIError as exc:
                raise self.fault(exc) or exc from None
            finally:
                session.rollback()

    @property
    def read_only_message(self) -> str:
        return read_only_message(self.display_name)

    def fault(self, exc: DBAPIError) -> DatabaseError | None:
        """The database's refusal in a clerk's words; None when it is not one of these."""
        return fault(
            str(exc.orig), getattr(exc.orig, "sqlstate", None), self.display_name, self.path
        )

    def close(self) -> None:
        self.engine.dispose()


def fault(message: str, state: str | None, name: str, path: Path | None) -> DatabaseError | None:
    """A refusal by the database (SQLite's message, PostgreSQL's SQLSTATE) in a clerk's words;
    None when it is not a fault of these kinds."""
    first = message.strip().splitlines()[0] if message.strip() else message
    if state == "42501":  # PostgreSQL: insufficient_privilege
        return ReadOnlyDatabase(
            f"{name} may be read but not changed with this account: {first}. Ask for a "
            "clerk's account to change the records."
        )
    if "readonly database" in message:
        return ReadOnlyDatabase(read_only_message(name))
    if state == "25006":  # PostgreSQL: read_only_sql_transaction (a standby, a read-only setting)
        return ReadOnlyDatabase(
            f"{name} is read-only on its server (a standby, or set read-only), so nothing was "
            "changed: it can be read and exported. Ask whoever runs the server."
        )
    if "database is locked" in message or state in ("55P03", "40P01"):
        return DatabaseBusy("Another clerk is saving a change; nothing was written — try again.")
    if "disk is full" in message or "disk I/O error" in message or state == "53100":
        return DiskFull(
            f"The disk holding {name} is full (or failing): nothing was written. Free some "
            "space, then try again."
        )
    if "malformed" in message:
        return DatabaseDamaged(
            damaged_message(path, first) if path else f"{name} is damaged: {first}."
        )
    return None


def read_only_message(name: str) -> str:
    return (
        f"{name} is read-only (the file or its folder cannot be written), so nothing was "
        "changed: it can be read and exported. Copy it somewhere writable to change it."
    )


def damaged_message(path: Path, found: str) -> str:
    return (
        f"{path} is damaged ({found}). Restore the newest sound backup (ccsc-gov restore "
        f"BACKUP, from {path.stem}-backups beside it), or recover what is readable with "
        f"sqlite3 {path} .recover | sqlite3 recovered.sqlite3."
    )


def first_line(exc: BaseException) -> str:
    message = str(getattr(exc, "orig", None) or exc).strip()
    return message.splitlines()[0] if message else type(exc).__name__


def damage(conn: Any) -> list[str]:
    """What SQLite's full integrity and foreign-key checks find wrong with the file."""
    try:
        integrity = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
    except DBAPIError as exc:
        refusal = fault(str(exc.orig), None, str(conn.engine.url.database), None)
        if refusal is not None and not isinstance(refusal, DatabaseDamaged):
            raise refusal from exc  # a full disk or a busy file, not damage
        return [f"Integrity check: {first_line(exc)}."]
    if integrity != ["ok"]:
        return [f"Integrity check: {line}" for line in integrity]
    return [
        f"Row {rowid} of {table} points to a missing row in {parent}."
        for table, rowid, parent, _ in conn.exec_driver_sql("PRAGMA foreign_key_check")
    ]


def database_of(session: Session) -> Database | None:
    """The database a session of this app was opened on (None for a bare session)."""
    found = session.info.get("database")
    return found if isinstance(found, Database) else None
