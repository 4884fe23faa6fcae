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
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from approved_record import approve_full_record, other_tool
from demo_database import DEMO_SEED, DEMO_UNTIL, DEMO_YEARS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg import errors
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import IntegrityError

from ccsc_gov.cli.commands import main
from ccsc_gov.core.demo.history import build_demo
from ccsc_gov.core.governance.errors import DatabaseError
from ccsc_gov.core.services import actions, agenda, bodies, body_list, meetings, people
from ccsc_gov.core.services.audit_log import AuditEntry, audit_trail
from ccsc_gov.core.store import migrate
from ccsc_gov.core.store.audit import operator
from ccsc_gov.core.store.chain import link
from ccsc_gov.core.store.conflicts import changed_by
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.db import SCHEMA_HEAD, check, open_database
from ccsc_gov.core.store.locks import RECORD
from ccsc_gov.core.store.models import Body, Person, Purpose

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
            assert [b.code for b in body_list.list_bodies(session)][:2] == ["GB", "EMC"]
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

# A forged "alice did X", and every way to rewrite or erase the trail.
WRITES_TO_THE_TRAIL = (
    "INSERT INTO audit (id, at, who, what, table_name, row_key, note) "
    "VALUES (100000, now(), 'alice', 'insert', 'person', '1', '')",
    "UPDATE audit SET who = 'alice'",
    "DELETE FROM audit",
    "TRUNCATE audit",
)


@pytest.fixture
def deployed(tmp_path: Path) -> Iterator[dict[str, URL]]:
    """The README's procedure, run by the roles it names: the administrator makes the owner
    and its database; the owner runs `ccsc-gov init`; the administrator runs the roles script
    and gives a clerk and a chair their logins. Their URLs by role."""
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
            *WRITES_TO_THE_TRAIL,
            "SELECT ccsc_audit_note('insert', 'person', '1', '')",
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
        conn.execute("SELECT ccsc_audit_note('override', 'person', '1', 'Why')")


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


# ------------------------------------------- the audit trail, written by the database itself

_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
)
# Text that would confuse a careless encoding: quotes, backslashes, the separators themselves,
# control characters, emoji.
_AWKWARD = st.sampled_from(
    ["", "'", '"', "\\", "\\\\'", "|", "-|", "-", "3:ab|", "😀🇬🇧", "\n\t\r\x1b\x7f"]
)
_FIELD = st.none() | _TEXT | _AWKWARD | st.lists(_TEXT | _AWKWARD, max_size=4).map("".join)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    previous=_TEXT | _AWKWARD,
    row_id=st.integers(1, 2**31 - 1),
    at=st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(9999, 12, 31)),
    who=_TEXT | _AWKWARD,
    what=_TEXT | _AWKWARD,
    table_name=_TEXT | _AWKWARD,
    row_key=_TEXT | _AWKWARD,
    before=_FIELD,
    after=_FIELD,
    note=_TEXT | _AWKWARD,
)
def test_the_server_hashes_an_audit_row_exactly_as_the_app_does(
    db: Database,
    previous: str,
    row_id: int,
    at: dt.datetime,
    who: str,
    what: str,
    table_name: str,
    row_key: str,
    before: str | None,
    after: str | None,
    note: str,
) -> None:
    row = {
        "id": row_id,
        "at": at,
        "who": who,
        "what": what,
        "table_name": table_name,
        "row_key": row_key,
        "before": before,
        "after": after,
        "note": note,
    }
    with db.engine.connect() as conn:
        in_sql = conn.execute(
            text(
                "SELECT ccsc_audit_link(:previous, :id, :at, :who, :what, :table_name, :row_key, "
                ":before, :after, :note)"
            ),
            {"previous": previous, **row},
        ).scalar()
    assert in_sql == link(previous, row)


def _trail(database: Database, table: str) -> list[AuditEntry]:
    with database.reading() as session:
        return audit_trail(session, table=table)


def test_a_clerks_changes_are_written_by_the_server_with_who_before_and_after(
    deployed: dict[str, URL],
) -> None:
    clerk = deployed["ccsc_clerk"]
    who = f"{operator()} ({clerk.username})"
    database = open_database(clerk.render_as_string(hide_password=False))
    try:
        done = approve_full_record(database)  # a paper, an override, a seal: all as the clerk
        with database.transaction() as session:
            ada = people.add_person(session, name="Ada Lovelace", title="Ms")
        with database.transaction() as session:
            people.edit_person(session, person_id=ada.id, title="Dr")
        with database.transaction() as session:
            people.edit_person(session, person_id=ada.id, title="Dr")  # changes nothing
        inserted, updated = _trail(database, "person")[-2:]
        assert (inserted.what, inserted.row, inserted.who) == ("insert", str(ada.id), who)
        assert inserted.after is not None
        assert inserted.after["name"] == "Ada Lovelace"
        assert "version" not in inserted.after
        assert inserted.before is None
        assert (updated.what, updated.who, updated.changed) == ("update", who, ("title",))
        assert updated.before is not None
        assert updated.after is not None
        assert (updated.before["title"], updated.after["title"]) == ("Ms", "Dr")

        # A paper's file is named by its size; the override and the seal name the clerk.
        (content,) = _trail(database, "paper_content")
        assert content.after is not None
        assert content.after["data"].endswith(" bytes")
        meeting_notes = [e for e in _trail(database, "meeting") if e.what in ("override", "seal")]
        assert [(e.what, e.who) for e in meeting_notes] == [("override", who), ("seal", who)]
        assert meeting_notes[1].row == str(done.meeting_id)

        # An action's owners: on PostgreSQL each link is a row of action_owner, and a conflict
        # over the action names whoever changed its owners.
        with database.transaction() as session:
            may = meetings.get_meeting(session, meeting="EMC/2026/02")
            item = agenda.add_item(session, meeting=may.ref, title="Estates", purpose=Purpose.NOTE)
            action = actions.add_action(
                session, item_id=item.id, description="Survey", owner_ids=[ada.id]
            )
        with database.transaction() as session:
            actions.edit_action(session, action=action.ref, owner_ids=[])
        owners = _trail(database, "action_owner")
        assert [(e.what, e.row) for e in owners[-2:]] == [
            ("insert", f"{action.id}/{ada.id}"),
            ("delete", f"{action.id}/{ada.id}"),
        ]
        with database.reading() as session:
            by, removed = changed_by(session, table="action", row_id=action.id)
        assert by.startswith(f"{who} at ")
        assert not removed
    finally:
        database.close()
    assert main(["check", "--db", clerk.render_as_string(hide_password=False)]) == 0


def test_a_clerks_save_does_not_wait_for_another_clerks_unfinished_one(db: Database) -> None:
    """The trail's lock is taken only while a change is committed: a clerk whose save is still
    under way (its row written, its transaction open) holds up no other clerk's save of another
    record, and the trail chains both, in the order they were committed."""
    with db.transaction() as slow:
        people.add_person(slow, name="Ada Lovelace")
        slow.flush()
        with db.transaction() as quick:
            # Were Ada's change holding the trail's lock, Grace's would give up here.
            quick.execute(text("SET LOCAL lock_timeout = '2s'"))
            people.add_person(quick, name="Grace Hopper")
    inserted = [e for e in _trail(db, "person") if e.what == "insert"][-2:]
    assert [e.after["name"] for e in inserted if e.after] == ["Grace Hopper", "Ada Lovelace"]
    assert check(db) == []


def test_a_seal_follows_the_approval_it_seals_in_the_trail(db: Database) -> None:
    done = approve_full_record(db)
    meeting = [e for e in _trail(db, "meeting") if e.row == str(done.meeting_id)]
    approval = next(
        i
        for i, e in enumerate(meeting)
        if e.what == "update" and e.after and e.after.get("status") == "minutes approved"
    )
    assert [e.what for e in meeting[approval + 1 :]] == ["seal"]
    assert check(db) == []


def test_no_role_used_day_to_day_can_write_an_audit_row(deployed: dict[str, URL]) -> None:
    clerk = deployed["ccsc_clerk"]
    database = open_database(clerk.render_as_string(hide_password=False))
    try:
        done = approve_full_record(database)
    finally:
        database.close()
    refused = [
        *WRITES_TO_THE_TRAIL,
        # the trigger's function, and the writer behind it, called directly
        "SELECT ccsc_audit_row()",
        "SELECT ccsc_audit_write('insert', 'person', '1', NULL, '{}', '')",
        # the note function writes notes, never a change or a seal
        "SELECT ccsc_audit_note('insert', 'person', '1', '')",
        "SELECT ccsc_audit_note('update', 'person', '1', '')",
        "SELECT ccsc_audit_note('delete', 'person', '1', '')",
        "SELECT ccsc_audit_note('seal', 'meeting', '1', '')",
        # a seal only in the transaction that approves the meeting, and only once
        f"SELECT ccsc_audit_seal({done.meeting_id}, '{{}}')",
        f"SELECT ccsc_audit_seal({done.later_id}, '{{}}')",
        "ALTER TABLE person DISABLE TRIGGER ccsc_audit_person",
        "DROP TRIGGER ccsc_audit_person ON person",
        "CREATE OR REPLACE FUNCTION ccsc_audit_row() RETURNS trigger LANGUAGE plpgsql "
        "AS $$ BEGIN RETURN NULL; END $$",
    ]
    with psycopg.connect(psycopg_dsn(clerk), autocommit=True) as conn:
        count = conn.execute("SELECT count(*) FROM audit").fetchone()
        for statement in refused:
            with pytest.raises((errors.InsufficientPrivilege, errors.RestrictViolation)):
                conn.execute(statement)
        with pytest.raises(errors.UndefinedFunction):
            conn.execute("SELECT ccsc_append_audit('[]')")  # the generic writer is gone
        assert conn.execute("SELECT count(*) FROM audit").fetchone() == count
        # What the clerk changes with another tool is in the trail all the same.
        conn.execute("UPDATE person SET position = 'Estates' WHERE id = 1")
        conn.execute("SELECT ccsc_audit_note('override', 'person', '1', 'Why')")
        last = conn.execute("SELECT what, who, note FROM audit ORDER BY id DESC LIMIT 2").fetchall()
    outside = f"outside ccsc-gov ({clerk.username})"
    assert last == [("override", outside, "Why"), ("update", outside, "")]
    assert main(["check", "--db", clerk.render_as_string(hide_password=False)]) == 0
    with (
        psycopg.connect(psycopg_dsn(deployed["ccsc_reviewer"]), autocommit=True) as conn,
        pytest.raises(errors.InsufficientPrivilege),
    ):
        conn.execute("SELECT ccsc_audit_note('override', 'person', '1', 'Why')")


@pytest.mark.parametrize(
    "statement",
    [
        "ALTER TABLE person DISABLE TRIGGER ccsc_audit_person",
        "DROP TRIGGER ccsc_audit_person ON person",
    ],
)
def test_an_audit_trigger_dropped_or_disabled_is_reported(db: Database, statement: str) -> None:
    with other_tool(db) as conn:
        conn.execute(text(statement))
    assert check(db) == [
        "The trigger ccsc_audit_person on table person is missing or disabled: changes to the "
        "table are not written to the audit trail until the database is restored from a sound "
        "backup."
    ]


def test_a_demo_built_on_the_server_checks_sound_and_an_altered_row_is_named(
    db: Database,
) -> None:
    build_demo(db, years=DEMO_YEARS, seed=DEMO_SEED, until=DEMO_UNTIL)
    assert check(db) == []
    with db.reading() as session:
        updates = [e for e in audit_trail(session) if e.what == "update"]
    target = updates[len(updates) // 2]
    with other_tool(db) as conn:
        conn.execute(text("ALTER TABLE audit DISABLE TRIGGER USER"))
        conn.execute(
            text("UPDATE audit SET who = 'someone else' WHERE id = :id"), {"id": target.id}
        )
        conn.execute(text("ALTER TABLE audit ENABLE TRIGGER USER"))
    (problem,) = check(db)
    assert problem.startswith(
        f"The audit trail was altered outside ccsc-gov: audit record {target.id} ("
    )


# ------------------------------------------------------------ faults, on the server


def _members(count: int) -> str:
    return "name,body,role,start\n" + "".join(
        f"Member {n},RSC,member,2024-01-01\n" for n in range(count)
    )


def _command(argv: list[str], tmp_path: Path) -> subprocess.Popen[str]:
    """A command run as a clerk runs it: a process of its own."""
    env = os.environ | {v: str(tmp_path) for v in ("XDG_CONFIG_HOME", "XDG_STATE_HOME")}
    return subprocess.Popen(
        [sys.executable, "-m", "ccsc_gov", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _people(db: Database) -> int:
    with db.reading() as session:
        return len(session.scalars(select(Person.id)).all())


def test_an_import_killed_part_way_leaves_nothing_half_written(
    db: Database, db_target: str, tmp_path: Path
) -> None:
    members = tmp_path / "members.csv"
    members.write_text(_members(2000))
    before = _people(db)
    with db.reading() as session:
        trail = len(audit_trail(session))
    process = _command(["import", "people", str(members), "--db", db_target], tmp_path)
    deadline = time.monotonic() + 60
    with psycopg.connect(psycopg_dsn(db.url), autocommit=True) as watcher:
        # Killed once the import is committing: its transaction holds the trail's advisory
        # lock while the server chains the audit rows of its changes.
        writing = (
            "SELECT count(*) FROM pg_locks JOIN pg_database ON pg_database.oid = database "
            "WHERE locktype = 'advisory' AND granted AND datname = current_database()"
        )
        while time.monotonic() < deadline and watcher.execute(writing).fetchone() == (0,):
            time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert check(db) == []
    assert _people(db) == before  # all or nothing: nothing
    with db.reading() as session:
        assert len(audit_trail(session)) == trail


def test_a_read_only_server_refuses_a_change_in_one_line_and_still_reads(
    db: Database, db_target: str, tmp_path: Path
) -> None:
    members = tmp_path / "members.csv"
    members.write_text(_members(200))
    with psycopg.connect(psycopg_dsn(make_url(POSTGRES_URL or "")), autocommit=True) as admin:
        admin.execute(f"ALTER DATABASE {db.url.database} SET default_transaction_read_only = on")
    before = _people(db)
    for argv in (
        ["import", "people", str(members)],
        ["demo", "--years", "1", "--until", "2026-06-30"],
    ):
        process = _command([*argv, "--db", db_target], tmp_path)
        _, err = process.communicate(timeout=120)
        assert process.returncode == 7, err
        assert err.strip().splitlines() == [
            f"ccsc-gov: {db.display_name} is read-only on its server (a standby, or set "
            "read-only), so nothing was changed: it can be read and exported. Ask whoever runs "
            "the server."
        ]
    reader = _command(["bodies", "--db", db_target], tmp_path)
    out, err = reader.communicate(timeout=120)
    assert reader.returncode == 0, err
    assert "EMC" in out
    assert _people(db) == before
