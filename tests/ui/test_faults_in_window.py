"""A fault while the window saves is shown in a dialog in plain words (never the crash
dialog), and nothing is written: here, another clerk holding the database past the wait."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ccsc_gov.core.services.common import Area, Changes
from ccsc_gov.core.store import db as db_module
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.db import open_database
from ccsc_gov.core.store.models import Person
from ccsc_gov.ui import ops as ops_module
from ccsc_gov.ui.ops import Operations


@pytest.mark.sqlite_only
def test_a_busy_database_is_a_dialog_in_words_and_nothing_is_written(
    db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.close()
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 200)
    database = open_database(str(db_path), create=False)
    shown: list[str] = []
    monkeypatch.setattr(ops_module, "show_user_error", lambda _p, e: shown.append(str(e)))
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:

        def add(session: Session) -> Changes:
            session.add(Person(name="Ada Lovelace"))
            return Changes(Area.PEOPLE)

        assert Operations(database).run_op(add) is None
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert shown == ["Another clerk is saving a change; nothing was written — try again."]
    with database.reading() as session:
        assert (
            session.scalar(select(func.count(Person.id)).where(Person.name == "Ada Lovelace")) == 0
        )
    database.close()


def test_a_database_the_window_cannot_open_is_a_dialog_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ccsc_gov.cli.commands import main

    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    shown: list[str] = []
    monkeypatch.setattr(ops_module, "show_user_error", lambda _p, e: shown.append(str(e)))
    assert main(["--db", str(empty)]) == 1
    assert len(shown) == 1
    assert "is empty: it holds no ccsc-gov database" in shown[0]
    assert capsys.readouterr().err.strip() == f"ccsc-gov: {shown[0]}"
    assert empty.stat().st_size == 0
