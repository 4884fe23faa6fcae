"""Two clerks, one record: what the clerk at this window saves is never written over a change
another clerk (Bob, with the app open on the same database) saved in the meantime, and nothing
the clerk typed is lost. They are told who changed it and when, their text is kept on the
clipboard and in the dialog, and the views reload with Bob's version."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session
from workspace_helpers import schedule, seat_committee

from ccsc_gov.core.governance.errors import Conflict
from ccsc_gov.core.services import agenda, meetings, people
from ccsc_gov.core.services.agenda import AgendaItemView
from ccsc_gov.core.store import audit
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.db import open_database
from ccsc_gov.ui.main_window import MainWindow
from ccsc_gov.ui.ops import show_conflict
from ccsc_gov.ui.people.details import PersonDetails
from ccsc_gov.ui.people.dialogs import PersonDetailsDialog
from ccsc_gov.ui.workspace.details import ItemDetails
from ccsc_gov.ui.workspace.dialogs import ItemDialog
from ccsc_gov.ui.workspace.window import MeetingWorkspace

if TYPE_CHECKING:
    from workspace_fixtures import Dialogs

pytest_plugins = ["workspace_fixtures"]

OpenWorkspace = Callable[[str], MeetingWorkspace]
Bob = Callable[[Callable[[Session], object]], None]
Shown = list[tuple[str, str]]
TypeMinute = Callable[[AgendaItemView, str], MeetingWorkspace]


@pytest.fixture
def ref(db: Database) -> str:
    """A held meeting of the EMC with a budget item and a risk register to minute."""
    seat_committee(db)
    ref = schedule(db)
    with db.transaction() as session:
        agenda.add_item(session, meeting=ref, title="Budget", duration=20)
        agenda.add_item(session, meeting=ref, title="Risk register", duration=20)
        meetings.publish_agenda(session, meeting=ref)
        meetings.mark_held(session, meeting=ref)
    return ref


@pytest.fixture
def bob(db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Bob]:
    """Bob, another clerk, with the app open on the same database (a `Database` of his own):
    `bob(lambda s: …)` saves a change as him. The clerk at the window is Alice."""
    monkeypatch.setattr(audit, "operator", lambda: "alice")
    target = str(db.path) if db.path else db.url.render_as_string(hide_password=False)
    his = open_database(target, create=False)

    def save(change: Callable[[Session], object]) -> None:
        monkeypatch.setattr(audit, "operator", lambda: "bob")
        try:
            with his.transaction() as session:
                change(session)
        finally:
            monkeypatch.setattr(audit, "operator", lambda: "alice")

    yield save
    his.close()


@pytest.fixture
def typed(qtbot: QtBot, open_workspace: OpenWorkspace, ref: str) -> TypeMinute:
    """`typed(budget, "Approved.")`: the meeting's workspace open at the item's minute, with
    the text typed into it (as Alice)."""

    def type_(at: AgendaItemView, text: str) -> MeetingWorkspace:
        ws = open_workspace(ref)
        ws.show_tab(2)
        ws.minutes_tab.select(at.id)
        ws.minutes_tab.editor.setFocus()
        qtbot.keyClicks(ws.minutes_tab.editor, text)
        return ws

    return type_


def item(db: Database, ref: str, title: str) -> AgendaItemView:
    with db.reading() as session:
        return next(i for i in agenda.agenda(session, meeting=ref) if i.title == title)


def changed_by_bob(db: Database, ref: str, title: str) -> str:
    return f"Item {item(db, ref, title).number} of {ref} was changed by bob at "


def test_a_minute_bob_saved_meanwhile_is_not_written_over_and_nothing_typed_is_lost(
    qtbot: QtBot,
    typed: TypeMinute,
    db: Database,
    ref: str,
    bob: Bob,
    conflict_dialogs: Shown,
) -> None:
    budget = item(db, ref, "Budget")
    ws = typed(budget, "The budget was approved.")
    tab = ws.minutes_tab

    bob(lambda s: agenda.write_minutes(s, item_id=budget.id, text="Deferred to June."))
    tab.save_button.click()

    [(told, kept)] = conflict_dialogs
    assert told.startswith(changed_by_bob(db, ref, "Budget"))
    assert kept == "The budget was approved."
    assert QApplication.clipboard().text() == "The budget was approved."
    # Never a silent overwrite: Bob's minute stands, and the clerk now sees it.
    assert item(db, ref, "Budget").minutes == "Deferred to June."
    assert tab.editor.toPlainText() == "Deferred to June."
    assert tab.save_state.text() == "Saved"
    # The history claims no save that did not happen.
    assert not ws.undo_action.isEnabled()

    # On Bob's version now, the clerk's own next save goes through.
    tab.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(tab.editor, " Approved at the June meeting.")
    assert tab.save_minute()

    assert item(db, ref, "Budget").minutes == "Deferred to June. Approved at the June meeting."
    assert len(conflict_dialogs) == 1


def test_moving_on_from_a_minute_bob_changed_keeps_the_text_and_shows_the_next_item(
    typed: TypeMinute,
    db: Database,
    ref: str,
    bob: Bob,
    conflict_dialogs: Shown,
) -> None:
    budget, risk = item(db, ref, "Budget"), item(db, ref, "Risk register")
    ws = typed(budget, "Approved.")
    tab = ws.minutes_tab
    bob(lambda s: agenda.write_minutes(s, item_id=budget.id, text="Deferred."))

    tab.items.setCurrentIndex(tab.items_model.index_of(risk.id))

    assert conflict_dialogs == [(conflict_dialogs[0][0], "Approved.")]
    assert QApplication.clipboard().text() == "Approved."
    assert item(db, ref, "Budget").minutes == "Deferred."
    current = tab.current_item()
    assert current is not None
    assert current.id == risk.id
    tab.select(budget.id)
    assert tab.editor.toPlainText() == "Deferred."


def test_undo_never_takes_back_a_minute_bob_saved_after_the_clerk(
    typed: TypeMinute,
    db: Database,
    ref: str,
    bob: Bob,
    conflict_dialogs: Shown,
) -> None:
    budget = item(db, ref, "Budget")
    ws = typed(budget, "Approved.")
    tab = ws.minutes_tab
    assert tab.save_minute()
    bob(lambda s: agenda.write_minutes(s, item_id=budget.id, text="Approved, with a reserve."))

    ws.undo()

    [(told, kept)] = conflict_dialogs
    assert told.startswith(changed_by_bob(db, ref, "Budget"))
    assert kept == ""
    assert item(db, ref, "Budget").minutes == "Approved, with a reserve."
    assert tab.editor.toPlainText() == "Approved, with a reserve."
    assert not ws.undo_action.isEnabled()


def test_an_item_bob_retitled_is_not_edited_from_the_old_details(
    open_workspace: OpenWorkspace,
    db: Database,
    ref: str,
    bob: Bob,
    dialogs: Dialogs,
    conflict_dialogs: Shown,
) -> None:
    budget = item(db, ref, "Budget")
    ws = open_workspace(ref)
    tab = ws.agenda_tab
    tab.select(budget.id)
    bob(lambda s: agenda.edit_item(s, item_id=budget.id, title="Budget 2027"))
    dialogs.answer(ItemDialog, ItemDetails("Budget", presenter="Dr Amara Mensah", duration=20))

    tab.edit_selected()

    [(told, kept)] = conflict_dialogs
    assert told.startswith(changed_by_bob(db, ref, "Budget 2027"))
    assert kept == "Presenter: Dr Amara Mensah"
    stored = item(db, ref, "Budget 2027")
    assert stored.presenter == ""
    # Reloaded: the agenda shows Bob's title.
    selected = tab.selected()
    assert selected is not None
    assert selected.title == "Budget 2027"


def test_the_clerks_own_edits_undone_and_redone_never_conflict(
    qtbot: QtBot,
    typed: TypeMinute,
    db: Database,
    ref: str,
    dialogs: Dialogs,
    conflict_dialogs: Shown,
) -> None:
    """Each of the clerk's changes raises versions (a move renumbers other items too); undo
    and redo name the versions the clerk's own changes left, so none is refused."""
    budget, risk = item(db, ref, "Budget"), item(db, ref, "Risk register")
    ws = typed(budget, "Approved.")
    minutes = ws.minutes_tab
    assert minutes.save_minute()
    qtbot.keyClicks(minutes.editor, " Nem. con.")
    assert minutes.save_minute()  # one undo step with the save before
    ws.show_tab(0)
    ws.agenda_tab.select(budget.id)
    dialogs.answer(ItemDialog, ItemDetails("Budget 2027", duration=20))
    ws.agenda_tab.edit_selected()
    ws.agenda_tab.select(risk.id)
    ws.agenda_tab.move_up()
    ws.show_tab(2)
    minutes.select(budget.id)
    minutes.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(minutes.editor, " Unanimously.")
    assert minutes.save_minute()

    for _ in range(4):
        ws.undo()
    assert (item(db, ref, "Budget").minutes, item(db, ref, "Budget").number) == ("", "5.1")
    for _ in range(4):
        ws.redo()

    assert conflict_dialogs == []
    done = item(db, ref, "Budget 2027")
    assert (done.minutes, done.number) == ("Approved. Nem. con. Unanimously.", "5.2")


def test_a_person_bob_corrected_while_the_form_was_open_is_not_written_over(
    qtbot: QtBot,
    db: Database,
    bob: Bob,
    monkeypatch: pytest.MonkeyPatch,
    conflict_dialogs: Shown,
) -> None:
    ids = seat_committee(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    dialog = window.people_and_bodies.open_people()
    dialog.select_person(ids["Mensah"])

    def typed_while_bob_saves(_parent: QWidget | None = None, **_kwargs: Any) -> PersonDetails:
        bob(lambda s: people.edit_person(s, person_id=ids["Mensah"], position="Medical Director"))
        return PersonDetails("Amara Mensah", "Prof.", "Clinical Lead")

    monkeypatch.setattr(PersonDetailsDialog, "ask", typed_while_bob_saves)
    assert dialog.edit_person() is None

    [(told, kept)] = conflict_dialogs
    assert told.startswith("Dr Amara Mensah's record was changed by bob at ")
    assert kept.splitlines()[:3] == [
        "Name: Amara Mensah",
        "Title: Prof.",
        "Position: Clinical Lead",
    ]
    with db.reading() as session:
        person = people.get_person(session, person_id=ids["Mensah"])
    assert (person.title, person.position) == ("Dr", "Medical Director")


def test_the_conflict_box_says_who_and_when_keeps_the_text_and_offers_reload(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        seen.append(box)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    error = Conflict(subject="Item 5.1 of EMC/2026/05", by="bob at 14:02 on 12 May 2026")

    show_conflict(None, error, kept_text="The budget was approved.")

    [box] = seen
    qtbot.addWidget(box)
    assert box.windowTitle() == "Changed by someone else"
    assert box.text() == "Item 5.1 of EMC/2026/05 was changed by bob at 14:02 on 12 May 2026."
    assert box.informativeText().startswith("Reload to see their version. Your text is kept")
    assert box.detailedText() == "The budget was approved."
    assert [b.text() for b in box.buttons() if b.text() != "Show Details..."] == ["&Reload"]
