"""What only a PostgreSQL server can show: the schema, its locks and the append-only audit on
the server, and the database roles of deploy/postgresql-roles.sql (a reviewer reads but cannot
write; a clerk writes but cannot rewrite the audit trail).

These need CCSC_TEST_POSTGRES_URL (a maintenance URL of a server where the user may create
databases and roles); `.ci/run` sets it for its PostgreSQL lane, which also runs every other
core test against the server.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import errors
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import IntegrityError

from ccsc_gov.core.governance.errors import DatabaseError
from ccsc_gov.core.services import bodies, meetings, people
from ccsc_gov.core.store import migrate
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.db import SCHEMA_HEAD, check, open_database
from ccsc_gov.core.store.locks import RECORD
from ccsc_gov.core.store.models import Body, Person

POSTGRES_URL = os.environ.get("CCSC_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(
    not POSTGRES_URL,
    reason="CCSC_TEST_POSTGRES_URL is not set — .ci/run runs the PostgreSQL lane",
)

ROLES_SCRIPT = Path(__file__).parents[2] / "deploy" / "postgresql-roles.sql"


def psycopg_dsn(url: URL) -> str:
    """The plain libpq form of a SQLAlchemy URL, for connecting with psycopg itself."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def test_the_schema_is_built_at_its_head_and_checks_sound(db: Database) -> None:
    assert not db.is_sqlite
    assert check(db) == []
    with db.engine.connect() as conn:
        triggers = set(
            conn.scalars(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).all()
        )
    assert {"ccsc_lock_meeting", "ccsc_lock_agenda_item", "ccsc_audit_append_only"} <= triggers
    assert {"ccsc_audit_no_truncate", "ccsc_search_agenda_item"} <= triggers


def test_reopening_does_not_seed_twice(db_target: str) -> None:
    open_database(db_target).close()
    again = open_database(db_target)
    with again.reading() as session:
        assert len(session.scalars(select(Body)).all()) == 5
    again.close()


def test_a_database_at_an_older_schema_is_upgraded_on_the_server(db_target: str) -> None:
    engine = create_engine(db_target)
    migrate.upgrade(engine, "0003")  # before the audit trail was made append-only
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit (at, who, what, table_name, row_key, note) "
                "VALUES (now(), 'clerk', 'insert', 'person', '1', '')"
            )
        )
    engine.dispose()
    database = open_database(db_target)
    try:
        with database.engine.connect() as conn:
            assert conn.scalar(text("SELECT version_num FROM alembic_version")) == SCHEMA_HEAD
        with pytest.raises(IntegrityError, match="append-only"), database.transaction() as session:
            session.execute(text("DELETE FROM audit"))
    finally:
        database.close()


def test_the_audit_trail_cannot_be_truncated_either(db: Database) -> None:
    with pytest.raises(IntegrityError, match="append-only"), db.transaction() as session:
        session.execute(text("TRUNCATE audit"))


def test_nul_and_other_control_characters_never_reach_the_server(db: Database) -> None:
    with db.transaction() as session:
        added = people.add_person(session, name="Ada\x00 Love\x07lace", position="Chair\x0bof RSC")
    with db.reading() as session:
        stored = session.get_one(Person, added.id)
        assert (stored.name, stored.position) == ("Ada Lovelace", "Chair of RSC")
        with pytest.raises(Exception, match="no body with the code"):
            bodies.body_by_code(session, "\x00")


# ---------------------------------------------------------------- roles


@pytest.fixture
def with_roles(db: Database) -> Iterator[dict[str, URL]]:
    """The test database with the roles script applied (as its owner), and a login in each role;
    their URLs by role."""
    with psycopg.connect(psycopg_dsn(db.url), autocommit=True) as conn:
        conn.execute(ROLES_SCRIPT.read_text())  # the script as psql would send it
        conn.execute(ROLES_SCRIPT.read_text())  # and again: running it twice is harmless
    suffix = uuid.uuid4().hex[:8]
    logins = {"ccsc_clerk": f"clerk_{suffix}", "ccsc_reviewer": f"chair_{suffix}"}
    admin = psycopg.connect(psycopg_dsn(make_url(POSTGRES_URL or "")), autocommit=True)
    for role, login in logins.items():
        admin.execute(f"CREATE ROLE {login} LOGIN PASSWORD 'secret-{suffix}' IN ROLE {role}")
    try:
        yield {
            role: db.url.set(username=login, password=f"secret-{suffix}")
            for role, login in logins.items()
        }
    finally:
        db.close()
        for login in logins.values():
            admin.execute(
                f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{login}'"
            )
            admin.execute(f"DROP ROLE IF EXISTS {login}")
        admin.close()


def test_a_reviewer_reads_everything_and_the_server_refuses_their_writes(
    with_roles: dict[str, URL],
) -> None:
    reviewer = with_roles["ccsc_reviewer"]
    with psycopg.connect(psycopg_dsn(reviewer), autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM body").fetchone() == (5,)
        assert conn.execute("SELECT count(*) FROM audit").fetchone()[0] > 0  # type: ignore[index]
        for statement in (
            "INSERT INTO person (title, name, position, organisation, email) "
            "VALUES ('', 'Intruder', '', '', '')",
            "UPDATE body SET name = 'Renamed' WHERE code = 'GB'",
            "DELETE FROM recurring_item",
            "UPDATE alembic_version SET version_num = '9999'",
            "CREATE TABLE notes (id integer)",
        ):
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(statement)

    # Through the app: the chair can open the database and read it, but not change it.
    database = open_database(reviewer.render_as_string(hide_password=False))
    try:
        with database.reading() as session:
            assert [b.code for b in bodies.list_bodies(session)][:2] == ["GB", "EMC"]
        with (
            pytest.raises(DatabaseError, match="may be read but not changed with this account"),
            database.transaction() as session,
        ):
            people.add_person(session, name="Intruder")
    finally:
        database.close()


def test_a_clerk_changes_the_records_but_not_the_audit_trail_or_the_schema(
    with_roles: dict[str, URL],
) -> None:
    clerk = with_roles["ccsc_clerk"]
    database = open_database(clerk.render_as_string(hide_password=False))
    try:
        with database.transaction() as session:
            start = dt.datetime(2026, 3, 10, 14)
            meeting = meetings.schedule_meeting(
                session, body="EMC", start=start, end=start + dt.timedelta(hours=2)
            )
        with database.reading() as session:
            assert meetings.get_meeting(session, meeting=meeting.ref).status == "planned"
    finally:
        database.close()
    with psycopg.connect(psycopg_dsn(clerk), autocommit=True) as conn:
        for statement in (
            "DELETE FROM audit",
            "UPDATE audit SET who = 'nobody'",
            "UPDATE alembic_version SET version_num = '9999'",
            "CREATE TABLE notes (id integer)",
            "DROP TABLE meeting",
        ):
            with pytest.raises((errors.InsufficientPrivilege, errors.RestrictViolation)):
                conn.execute(statement)


def test_a_database_that_does_not_store_utf8_is_refused_in_words() -> None:
    name = f"ccsc_test_ascii_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(psycopg_dsn(make_url(POSTGRES_URL or "")), autocommit=True) as admin:
        admin.execute(
            f"CREATE DATABASE {name} ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' "
            "TEMPLATE template0"
        )
        try:
            target = make_url(POSTGRES_URL or "").set(database=name)
            with pytest.raises(DatabaseError, match="stores text as SQL_ASCII, not UTF8"):
                open_database(target.render_as_string(hide_password=False))
        finally:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


# ------------------------------------------------- the deployment the README documents


@pytest.fixture
def deployed(tmp_path: Path) -> Iterator[dict[str, URL]]:
    """The README's procedure, run by the roles it names: the administrator makes the owner
    and its database; the owner runs `ccsc-gov init`; the administrator runs the roles script
    and gives a clerk and a chair their logins. Their URLs by role."""
    from ccsc_gov.cli.commands import main

    suffix = uuid.uuid4().hex[:8]
    server = make_url(POSTGRES_URL or "")
    names = {
        "owner": f"ccsc_owner_{suffix}",
        "ccsc_clerk": f"clerk_{suffix}",
        "ccsc_reviewer": f"chair_{suffix}",
    }
    database = f"ccsc_deployed_{suffix}"
    admin = psycopg.connect(psycopg_dsn(server), autocommit=True)
    admin.execute(f"CREATE ROLE {names['owner']} LOGIN PASSWORD 'secret-{suffix}'")
    admin.execute(
        f"CREATE DATABASE {database} ENCODING 'UTF8' TEMPLATE template0 OWNER {names['owner']}"
    )
    urls = {
        role: server.set(database=database, username=login, password=f"secret-{suffix}")
        for role, login in names.items()
    }
    try:
        owner_url = urls["owner"].render_as_string(hide_password=False)
        assert main(["init", "--db", owner_url]) == 0
        with psycopg.connect(psycopg_dsn(server.set(database=database)), autocommit=True) as conn:
            conn.execute(ROLES_SCRIPT.read_text())
            conn.execute(ROLES_SCRIPT.read_text())
            for role in ("ccsc_clerk", "ccsc_reviewer"):
                conn.execute(
                    f"CREATE ROLE {names[role]} LOGIN PASSWORD 'secret-{suffix}' IN ROLE {role}"
                )
        yield urls
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        for login in names.values():
            admin.execute(f"DROP ROLE IF EXISTS {login}")
        admin.close()


def test_the_documented_deployment_lets_clerks_work_and_nobody_day_to_day_forge_or_erase(
    deployed: dict[str, URL], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ccsc_gov.cli.commands import main

    clerk = deployed["ccsc_clerk"]
    people_csv = tmp_path / "members.csv"
    people_csv.write_text("name,body,role,start\nAda Lovelace,RSC,member,2024-01-01\n")
    clerk_url = clerk.render_as_string(hide_password=False)
    assert main(["import", "people", str(people_csv), "--db", clerk_url]) == 0
    assert main(["check", "--db", clerk_url]) == 0, capsys.readouterr().err
    with psycopg.connect(psycopg_dsn(clerk), autocommit=True) as conn:
        who = conn.execute("SELECT who FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        assert who is not None
        assert who[0].endswith(f" ({clerk.username})")
        refused = [
            "INSERT INTO audit (id, at, who, what, table_name, row_key, note) "
            "VALUES (100000, now(), 'alice', 'insert', 'person', '1', '')",
            "UPDATE audit SET who = 'alice'",
            "DELETE FROM audit",
            "TRUNCATE audit",
            'SELECT ccsc_append_audit(\'[{"id": 100000, "at": "2026-01-01T10:00:00", '
            '"who": "alice (alice)", "what": "insert", "table_name": "person", '
            '"row_key": "1", "note": ""}]\')',
            "ALTER TABLE meeting DISABLE TRIGGER USER",
            "DROP TRIGGER ccsc_lock_meeting ON meeting",
            "CREATE OR REPLACE FUNCTION ccsc_lock_meeting() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN RETURN NEW; END $$",
            "UPDATE alembic_version SET version_num = '9999'",
        ] + [f"TRUNCATE {lock.table} CASCADE" for lock in RECORD]
        for statement in refused:
            with pytest.raises((errors.InsufficientPrivilege, errors.RestrictViolation)):
                conn.execute(statement)
    reviewer = deployed["ccsc_reviewer"]
    with (
        psycopg.connect(psycopg_dsn(reviewer), autocommit=True) as conn,
        pytest.raises(errors.InsufficientPrivilege),
    ):
        conn.execute("SELECT ccsc_append_audit('[]')")


def test_a_lock_held_past_the_wait_is_refused_in_words(
    db: Database, db_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ccsc_gov.core.governance.errors import DatabaseBusy
    from ccsc_gov.core.store import db as db_module

    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 300)
    database = open_database(db_target)
    with psycopg.connect(psycopg_dsn(db.url)) as holder:
        holder.execute("LOCK TABLE person IN EXCLUSIVE MODE")
        with (
            pytest.raises(DatabaseBusy, match="Another clerk is saving a change; nothing was"),
            database.transaction() as session,
        ):
            people.add_person(session, name="Ada Lovelace")
    with database.reading() as session:
        assert session.scalars(select(Person).where(Person.name == "Ada Lovelace")).all() == []
    database.close()
