"""The audit trail is append-only in the database itself, and `ccsc-gov audit` lists it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from ccsc_gov.cli.commands import main
from ccsc_gov.core.services import people
from ccsc_gov.core.services.audit_log import audit_trail
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.db import open_database
from ccsc_gov.core.store.models import AuditRecord


def audit_rows(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(AuditRecord)) or 0


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit SET who = 'someone else'",
        "UPDATE audit SET note = 'tidied' WHERE id = 1",
        "DELETE FROM audit WHERE id = 1",
        "DELETE FROM audit",
    ],
)
def test_no_script_can_rewrite_or_remove_the_audit_trail(db: Database, statement: str) -> None:
    with db.reading() as session:
        before = session.execute(select(AuditRecord.id, AuditRecord.who, AuditRecord.note)).all()
    with pytest.raises(IntegrityError, match="append-only"), db.transaction() as session:
        session.execute(text(statement))
    with db.reading() as session:
        assert session.execute(select(AuditRecord.id, AuditRecord.who, AuditRecord.note)).all() == (
            before
        )


def test_the_audit_trail_still_grows(db: Database) -> None:
    before = audit_rows(db)
    with db.transaction() as session:
        people.add_person(session, name="Ada Lovelace")
    assert audit_rows(db) == before + 1


def test_the_trail_says_who_changed_what_from_what_to_what(db: Database) -> None:
    with db.transaction() as session:
        ada = people.add_person(session, name="Ada Lovelace", title="Ms")
    with db.transaction() as session:
        people.edit_person(session, person_id=ada.id, title="Dr")
    with db.reading() as session:
        entries = audit_trail(session, table="person")
        assert [e.what for e in entries] == ["insert", "update"]
        inserted, updated = entries
        assert inserted.row == str(ada.id)
        assert inserted.before is None
        assert inserted.after is not None
        assert inserted.after["name"] == "Ada Lovelace"
        assert updated.changed == ("title",)
        assert updated.before is not None
        assert updated.before["title"] == "Ms"
        assert updated.after is not None
        assert updated.after["title"] == "Dr"
        assert updated.who
        assert updated.at.date() == dt.date.today()
        assert audit_trail(session, since=dt.date.today() + dt.timedelta(days=1)) == []
        assert len(audit_trail(session, since=dt.date.today())) == audit_rows(db)


def test_the_audit_command_lists_the_trail_as_a_table_or_json(
    db_target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    open_database(db_target).close()  # created and seeded
    assert main(["audit", "--db", db_target, "--json", "--since", "2000-01-01"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert {e["table"] for e in entries} >= {"body", "terms_of_reference"}
    body = next(e for e in entries if e["table"] == "body")
    assert set(body) == {"id", "at", "who", "what", "table", "row", "before", "after", "note"}
    assert body["what"] == "insert"
    assert body["after"]["code"] == "GB"

    assert main(["audit", "--db", db_target, "--table", "body"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    assert all(" insert  body " in line for line in lines)

    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert main(["audit", "--db", db_target, "--since", tomorrow]) == 0
    assert capsys.readouterr().out.strip() == f"Nothing in the audit trail since {tomorrow}."
