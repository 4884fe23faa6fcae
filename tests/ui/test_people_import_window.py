"""Importing people in the window: the clerk chooses a CSV file from the People and bodies menu
(or the People window's button), a progress dialog shows the rows being checked and then
written while the import runs off the GUI thread, and the clerk is told what was added, or
each problem by its line with nothing written."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QProgressDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from ccsc_gov.core.services.people_import import ImportRefused, ImportSummary
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import Membership, Person
from ccsc_gov.ui import ops as ops_module
from ccsc_gov.ui import worker
from ccsc_gov.ui.main_window import MainWindow
from ccsc_gov.ui.people import importing
from ccsc_gov.ui.people.windows import PeopleDialog

HEADER = "title,name,position,organisation,email,body,role,votes,start,end"
BODIES = ("GB", "EMC", "RSC", "NCTSC", "CTSC")
ROWS = 3_000


def members_csv(path: Path, rows: int, *, bad_line: int | None = None) -> Path:
    lines = [HEADER] + [
        f"Dr,Person {n},Researcher,CCSC,person{n}@ccsc.ac.uk,{BODIES[n % 5]},member,,"
        f"{'2024-13-01' if n + 2 == bad_line else '2024-01-01'},"
        for n in range(rows)
    ]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def counts(db: Database) -> tuple[int, int]:
    with db.reading() as session:
        return (
            session.scalar(select(func.count()).select_from(Person)) or 0,
            session.scalar(select(func.count()).select_from(Membership)) or 0,
        )


class Told:
    """What the window told the clerk, in place of the boxes it would show."""

    def __init__(self) -> None:
        self.summaries: list[str] = []
        self.refusals: list[ImportRefused] = []
        self.errors: list[str] = []
        # (label, value, maximum) of the progress dialog at each step it was moved on.
        self.progress: list[tuple[str, int, int]] = []
        self.threads: list[int] = []


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> Told:
    told = Told()
    monkeypatch.setattr(importing, "show_summary", lambda _p, text: told.summaries.append(text))
    monkeypatch.setattr(importing, "show_refusal", lambda _p, error: told.refusals.append(error))
    monkeypatch.setattr(
        ops_module, "show_user_error", lambda _p, error: told.errors.append(str(error))
    )

    class RecordingProgress(QProgressDialog):
        def setValue(self, value: int) -> None:
            told.progress.append((self.labelText(), value, self.maximum()))
            super().setValue(value)

    monkeypatch.setattr(worker, "QProgressDialog", RecordingProgress)
    real = importing.import_people

    def import_people(*args: Any, **kwargs: Any) -> ImportSummary:
        told.threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "import_people", import_people)
    return told


@pytest.fixture
def window(qtbot: QtBot, db: Database) -> MainWindow:
    main = MainWindow(db, now=lambda: dt.datetime(2026, 5, 1, 9, 30))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def choose(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(importing, "choose_people_file", lambda _parent: path)


def test_a_file_of_thousands_is_imported_with_progress_and_the_people_appear(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    told: Told,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    choose(monkeypatch, members_csv(tmp_path / "members.csv", ROWS))
    people = window.people_and_bodies.open_people()
    before = people.model.rowCount()
    importer = people.importer
    with qtbot.waitSignal(importer.done, timeout=120_000) as done:
        window.people_and_bodies.import_action.trigger()
        assert importer.dialog is not None
        assert importer.dialog.isVisible()
        assert importer.dialog.windowTitle() == "Import people"
    summary = done.args[0]
    assert summary == ImportSummary(people_added=ROWS, people_found=0, memberships_added=ROWS)
    assert told.threads
    assert told.threads[0] != threading.get_ident()
    assert told.summaries == [
        "Imported members.csv: 3,000 people added, 0 already known, 3,000 memberships added."
    ]
    # Checked, then written, a thousand rows at a time; the dialog reached its maximum.
    labels = [label for label, _value, _maximum in told.progress]
    assert labels[0] == "Checking 0 of 3,000 rows…"
    assert "Checking 3,000 of 3,000 rows…" in labels
    assert labels.index("Checking 3,000 of 3,000 rows…") < labels.index(
        "Importing 0 of 3,000 rows…"
    )
    assert told.progress[-1] == ("Importing 3,000 of 3,000 rows…", ROWS, ROWS)
    assert importer.dialog is None
    # The People window shows them without being asked.
    assert people.model.rowCount() == before + ROWS
    assert counts(db) == (before + ROWS, ROWS)
    assert told.refusals == told.errors == []


def test_a_file_with_a_bad_line_is_refused_naming_it_and_nothing_is_written(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    told: Told,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    choose(monkeypatch, members_csv(tmp_path / "members.csv", ROWS, bad_line=1_502))
    people = window.people_and_bodies.open_people()
    before = (people.model.rowCount(), counts(db))
    with qtbot.waitSignal(people.importer.done, timeout=120_000) as done:
        assert people.import_people()
    assert done.args[0] is None
    [refused] = told.refusals
    assert refused.problems == [
        "line 1502: “2024-13-01” in start is not a date (write 2026-03-10 or 10/03/2026)."
    ]
    assert str(refused).startswith("members.csv was not imported and nothing was written")
    assert (people.model.rowCount(), counts(db)) == before
    assert people.importer.dialog is None
    assert told.summaries == told.errors == []


def test_a_cancelled_import_writes_nothing_and_says_nothing(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    told: Told,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    choose(monkeypatch, members_csv(tmp_path / "members.csv", ROWS))
    people = window.people_and_bodies.open_people()
    before = counts(db)
    with qtbot.waitSignal(people.importer.done, timeout=120_000) as done:
        assert people.import_people()
        people.importer.cancel()
    assert done.args[0] is None
    assert counts(db) == before
    assert told.summaries == told.refusals == told.errors == []


def test_the_people_window_offers_the_import_beside_adding_someone(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = window.people_and_bodies.open_people()
    assert isinstance(people, PeopleDialog)
    assert people.import_button.text() == "&Import people…"
    monkeypatch.setattr(importing, "choose_people_file", lambda _parent: None)
    assert not people.import_people()  # the clerk closed the file dialog: nothing starts
    assert people.importer.dialog is None
