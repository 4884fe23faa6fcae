"""No statement gets past the lock of approved minutes, on SQLite and PostgreSQL: every write
form (UPDATE, DELETE, INSERT, INSERT OR REPLACE, REPLACE, UPSERT, UPDATE OR REPLACE, ON CONFLICT,
TRUNCATE) against every table of an approved meeting's record, from a connection with none of
the app's code. And an audit row can never be replaced."""

from __future__ import annotations

import pytest
from approved_record import approve_full_record, other_tool
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from ccsc_gov.core.store import chain
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.db import check
from ccsc_gov.core.store.locks import RECORD, Lock, unique_keys


def _row_of(conn: object, lock: Lock, meeting_id: int) -> dict[str, object]:
    where = lock.meeting_of.format(row=lock.table)
    row = (
        conn.execute(  # type: ignore[attr-defined]
            text(f"SELECT * FROM {lock.table} WHERE {where} = :m ORDER BY 1 LIMIT 1"),
            {"m": meeting_id},
        )
        .mappings()
        .first()
    )
    assert row is not None, f"the approved meeting has no {lock.table} row"
    return dict(row)


def _statements(
    db: Database, lock: Lock, locked: dict[str, object], later: dict[str, object] | None
) -> dict[str, str]:
    table = lock.table
    pk = unique_keys(table)[0]
    columns = list(locked)
    cols = ", ".join(columns)
    at = " AND ".join(f"{c} = {locked[c]!r}" for c in pk)
    copy = f"SELECT {cols} FROM {table} WHERE {at}"
    changed = (
        lock.frozen[-1] if lock.frozen else next((c for c in columns if c not in pk), columns[-1])
    )
    new_row = ", ".join(c for c in columns if c != "id")
    forms = {
        "UPDATE": f"UPDATE {table} SET {changed} = {changed}"
        + (" || ' (rewritten)'" if lock.frozen else "")
        + f" WHERE {at}",
        "DELETE": f"DELETE FROM {table} WHERE {at}",
        "INSERT a copy": f"INSERT INTO {table} ({cols}) {copy}",
        "INSERT a new row": f"INSERT INTO {table} ({new_row}) "
        f"SELECT {new_row} FROM {table} WHERE {at}",
    }
    if db.is_sqlite:
        forms |= {
            "INSERT OR REPLACE": f"INSERT OR REPLACE INTO {table} ({cols}) {copy}",
            "REPLACE": f"REPLACE INTO {table} ({cols}) {copy}",
            "INSERT OR IGNORE": f"INSERT OR IGNORE INTO {table} ({cols}) {copy}",
            "UPSERT": f"INSERT INTO {table} ({cols}) {copy} AND true "
            f"ON CONFLICT DO UPDATE SET {changed} = excluded.{changed}",
        }
        if later is not None:
            # Another meeting's row made to collide with the locked one, which REPLACE deletes.
            there = " AND ".join(f"{c} = {later[c]!r}" for c in pk)
            forms["UPDATE OR REPLACE onto it"] = (
                f"UPDATE OR REPLACE {table} SET "
                + ", ".join(f"{c} = {locked[c]!r}" for c in pk)
                + f" WHERE {there}"
            )
    else:
        conflict = ", ".join(pk)
        forms |= {
            "ON CONFLICT DO NOTHING": f"INSERT INTO {table} ({cols}) {copy} ON CONFLICT DO NOTHING",
            "ON CONFLICT DO UPDATE": f"INSERT INTO {table} ({cols}) {copy} "
            f"ON CONFLICT ({conflict}) DO UPDATE SET {changed} = EXCLUDED.{changed}",
            "TRUNCATE": f"TRUNCATE {table}",
            "TRUNCATE CASCADE": f"TRUNCATE {table} CASCADE",
        }
    return forms


REFUSALS = (
    "locked",
    "TRUNCATE is refused",
    # PostgreSQL's own refusal of a plain TRUNCATE of a table others refer to.
    "cannot truncate a table referenced in a foreign key constraint",
)


@pytest.mark.parametrize("lock", RECORD, ids=[lock.table for lock in RECORD])
def test_no_write_statement_changes_a_table_of_approved_minutes(db: Database, lock: Lock) -> None:
    done = approve_full_record(db)
    with db.engine.connect() as conn:
        before = chain.record_digest(conn, done.meeting_id, chain.record_columns(conn))
        locked = _row_of(conn, lock, done.meeting_id)
        where = lock.meeting_of.format(row=lock.table)
        later = (
            conn.execute(
                text(f"SELECT * FROM {lock.table} WHERE {where} = :m ORDER BY 1 LIMIT 1"),
                {"m": done.later_id},
            )
            .mappings()
            .first()
        )
    forms = _statements(db, lock, locked, dict(later) if later else None)
    got_past, other_reasons = [], []
    for name, statement in forms.items():
        try:
            with other_tool(db) as conn:
                conn.execute(text(statement))
        except DBAPIError as exc:
            if not any(reason in str(exc.orig) for reason in REFUSALS):
                other_reasons.append(f"{name}: {exc.orig}")
        else:
            got_past.append(name)
    assert other_reasons == []
    assert got_past == []
    with db.engine.connect() as conn:
        assert chain.record_digest(conn, done.meeting_id, chain.record_columns(conn)) == before
    assert check(db) == []


def test_every_table_that_belongs_to_a_meeting_is_locked(db: Database) -> None:
    """A table added to a meeting's record must join `locks.RECORD` (and get its triggers)."""
    names = {lock.table for lock in RECORD}
    schema = inspect(db.engine)
    for table in schema.get_table_names():
        parents = {fk["referred_table"] for fk in schema.get_foreign_keys(table)}
        if table not in names and parents & {"meeting", "agenda_item"}:
            # Only these point at a meeting without being part of its record: an action's
            # later due dates, and the records of what was sent out and of the packs built
            # (minutes are circulated, and a pack may be rebuilt, after they are approved).
            sent_or_built = {"circulation", "board_pack"}
            assert table in {"body", "action_due_revision", *sent_or_built} or (table, parents) == (
                "action",
                {"agenda_item", "meeting"},
            ), f"{table} belongs to a meeting but is not locked"


AUDIT_FORMS_SQLITE = {
    "INSERT OR REPLACE": "INSERT OR REPLACE INTO audit SELECT id, at, 'someone else', what, "
    "table_name, row_key, before, after, note, hash FROM audit WHERE id = 1",
    "REPLACE": "REPLACE INTO audit SELECT * FROM audit WHERE id = 1",
    "UPSERT": "INSERT INTO audit SELECT * FROM audit WHERE id = 1 AND true "
    "ON CONFLICT DO UPDATE SET who = 'someone else'",
}
AUDIT_FORMS_POSTGRES = {
    "ON CONFLICT DO UPDATE": "INSERT INTO audit SELECT * FROM audit WHERE id = 1 "
    "ON CONFLICT (id) DO UPDATE SET who = 'someone else'",
    "TRUNCATE": "TRUNCATE audit",
}


def test_an_audit_record_is_never_replaced(db: Database) -> None:
    approve_full_record(db)
    forms = {
        "UPDATE": "UPDATE audit SET who = 'someone else' WHERE id = 1",
        "DELETE": "DELETE FROM audit WHERE id = 1",
    } | (AUDIT_FORMS_SQLITE if db.is_sqlite else AUDIT_FORMS_POSTGRES)
    for statement in forms.values():
        with other_tool(db) as conn, pytest.raises(DBAPIError, match="append-only"):
            conn.execute(text(statement))
    assert check(db) == []


def test_the_refusal_names_what_it_refuses_in_good_english(db: Database) -> None:
    done = approve_full_record(db)
    with pytest.raises(DBAPIError) as refused, other_tool(db) as conn:
        conn.execute(
            text(
                "DELETE FROM action_owner WHERE action_id IN (SELECT action.id FROM action JOIN "
                "agenda_item ON agenda_item.id = action.item_id WHERE meeting_id = :m)"
            ),
            {"m": done.meeting_id},
        )
    assert str(refused.value.orig).startswith(
        "An owner of this action belongs to a meeting whose minutes have been approved: the "
        "record is locked and cannot be changed."
    )
