"""One open database: its engine and session factory, and the transactions the app runs on it
(every session writes the audit trail, checks record versions and guards stored values)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ccsc_gov.core.governance import guards
from ccsc_gov.core.governance.errors import DatabaseError
from ccsc_gov.core.store import audit, conflicts
from ccsc_gov.core.store.models import Base


class AuditedSession(Session):
    """Sessions of this app write the audit trail on every flush."""


audit.install(AuditedSession)
conflicts.install(AuditedSession)
guards.install(Base)


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
        with self.sessions() as session:
            # Take the write lock at the start, so a writer waits its turn (busy timeout)
            # instead of failing half-way when another writer got there first.
            session.connection(execution_options={"ccsc_write": True})
            try:
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
                if _refused_for_lack_of_rights(exc):
                    raise DatabaseError(
                        f"{self.display_name} may be read but not changed with this account: "
                        f"{first_line(exc)}. Ask for a clerk's account to change the records."
                    ) from exc
                raise
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only snapshot; never takes the write lock."""
        with self.sessions() as session:
            yield session
            session.rollback()

    def close(self) -> None:
        self.engine.dispose()


def _refused_for_lack_of_rights(exc: DBAPIError) -> bool:
    """The server (or the file system, for SQLite) lets this account read but not write."""
    if getattr(exc.orig, "sqlstate", None) == "42501":  # PostgreSQL: insufficient_privilege
        return True
    return "readonly database" in str(exc.orig)


def first_line(exc: BaseException) -> str:
    message = str(getattr(exc, "orig", None) or exc).strip()
    return message.splitlines()[0] if message else type(exc).__name__


def database_of(session: Session) -> Database | None:
    """The database a session of this app was opened on (None for a bare session)."""
    found = session.info.get("database")
    return found if isinstance(found, Database) else None
