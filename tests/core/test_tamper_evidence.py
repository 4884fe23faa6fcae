"""The audit trail is a hash chain with a seal of each approved record, and `ccsc-gov check`
verifies both, on SQLite and PostgreSQL: a change made with another tool, with the triggers
dropped or disabled first, is reported, naming the first audit record that does not fit or the
meeting whose approved record changed."""

from __future__ import annotations

import sqlite3

import pytest
from approved_record import approve_full_record, other_tool
from sqlalchemy import text

from ccsc_gov.cli.commands import main
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.db import check

APRIL = "EMC/2026/01"


def _tamper(db: Database, table: str, *statements: str, put_back: bool = True) -> None:
    """Another tool gets past the triggers of `table` (drops them, or disables them), runs
    `statements`, and (a careful forger) puts the triggers back."""
    with other_tool(db) as conn:
        if db.is_sqlite:
            triggers = conn.execute(
                text(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"
                ),
                {"t": table},
            ).all()
            for name, _ in triggers:
                conn.execute(text(f"DROP TRIGGER {name}"))
        else:
            conn.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        for statement in statements:
            conn.execute(text(statement))
        if put_back and db.is_sqlite:
            for _, sql in triggers:
                conn.execute(text(sql))
        elif put_back:
            conn.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))


def test_a_sound_database_checks_sound_with_its_seals(db: Database) -> None:
    approve_full_record(db)
    with db.reading() as s:
        seals = s.execute(text("SELECT count(*) FROM audit WHERE what = 'seal'")).scalar()
    assert seals == 1
    assert check(db) == []


def test_an_approved_minute_rewritten_with_the_triggers_dropped_is_reported(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    approve_full_record(db)
    _tamper(db, "agenda_item", "UPDATE agenda_item SET minutes = 'Rewritten.' WHERE minutes <> ''")
    problems = check(db)
    assert len(problems) == 1
    assert problems[0].startswith(f"The approved record of meeting {APRIL} has changed since its")
    assert main(["check", "--db", db.url.render_as_string(hide_password=False)]) == 1
    assert f"meeting {APRIL} has changed" in capsys.readouterr().err


def test_a_rewritten_audit_record_is_named(db: Database) -> None:
    approve_full_record(db)
    _tamper(db, "audit", "UPDATE audit SET who = 'alice' WHERE id = 7")
    problems = check(db)
    assert len(problems) == 1
    assert problems[0].startswith("The audit trail was altered outside ccsc-gov: audit record 7 (")


def test_a_removed_audit_record_is_named_by_the_one_after_it(db: Database) -> None:
    approve_full_record(db)
    _tamper(db, "audit", "DELETE FROM audit WHERE id = 12")
    assert check(db)[0].startswith(
        "The audit trail was altered outside ccsc-gov: audit record 13 ("
    )


def test_a_forged_audit_record_is_named(db: Database) -> None:
    approve_full_record(db)
    with other_tool(db) as conn:
        last = conn.execute(text("SELECT max(id) FROM audit")).scalar()
        conn.execute(
            text(
                "INSERT INTO audit (id, at, who, what, table_name, row_key, note, hash) "
                "VALUES (:id, '2026-05-01 10:00:00', 'alice', 'delete', 'person', '1', '', :h)"
            ),
            {"id": last + 1, "h": "0" * 64},
        )
    assert check(db)[0].startswith(
        "The audit trail was altered outside ccsc-gov: "
        f"audit record {last + 1} (delete of person 1 by alice"
    )


def test_minutes_marked_approved_by_another_tool_are_reported(db: Database) -> None:
    done = approve_full_record(db)
    _tamper(
        db, "meeting", f"UPDATE meeting SET status = 'minutes approved' WHERE id = {done.later_id}"
    )
    assert check(db) == [
        "Meeting EMC/2026/02 is marked approved, but its approval is not in the audit trail: "
        "it was changed outside ccsc-gov."
    ]


@pytest.mark.sqlite_only
def test_the_file_edited_with_sqlite3_itself_is_reported(db: Database) -> None:
    """The issue's case: REPLACE the meeting as held, rewrite its minute, put it back."""
    done = approve_full_record(db)
    assert db.path is not None
    with sqlite3.connect(db.path) as conn:
        conn.executescript(
            "DROP TRIGGER lock_meeting_insert; DROP TRIGGER lock_agenda_item_update;"
            f"UPDATE agenda_item SET minutes = 'Never said.' WHERE meeting_id = {done.meeting_id};"
        )
    conn.close()
    problems = check(db)
    assert (
        f"The approved record of meeting {APRIL} has changed since its approval (sealed in audit "
        f"record {_seal_id(db)}): it was changed outside ccsc-gov."
    ) in problems
    assert "The guard lock_meeting_insert on table meeting is missing" in problems[0]


def test_a_guard_left_disabled_is_reported(db: Database) -> None:
    approve_full_record(db)
    _tamper(db, "decision", put_back=False)
    problems = check(db)
    guard = "lock_decision_update" if db.is_sqlite else "ccsc_lock_decision"
    assert (
        f"The guard {guard} on table decision is missing or disabled: the table is not protected "
        "until the database is restored from a sound backup."
    ) in problems


def _seal_id(db: Database) -> int:
    with db.reading() as s:
        return int(s.execute(text("SELECT id FROM audit WHERE what = 'seal'")).scalar_one())
