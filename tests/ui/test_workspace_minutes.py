"""The Minutes tab: item by item, the minute text (saved as the clerk goes, undoable), with the
decisions, actions and declarations of interest recorded at the item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from workspace_helpers import TODAY, schedule, seat_committee

from ccsc_gov.core.services import actions, agenda, attendance, decisions, meetings
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import (
    AttendanceCategory,
    DecisionOutcome,
    DeclarationAction,
    Purpose,
)
from ccsc_gov.ui.forms import Confirm
from ccsc_gov.ui.main_window import MainWindow
from ccsc_gov.ui.workspace.details import ActionDetails, DecisionDetails, DeclarationDetails
from ccsc_gov.ui.workspace.dialogs import (
    ActionDialog,
    DecisionDialog,
    DeclarationDialog,
)
from ccsc_gov.ui.workspace.window import MeetingWorkspace

if TYPE_CHECKING:
    from workspace_fixtures import Dialogs

pytest_plugins = ["workspace_fixtures"]

OpenWorkspace = Callable[[str], MeetingWorkspace]


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    return seat_committee(db)


@pytest.fixture
def ref(db: Database, ids: dict[str, int]) -> str:
    ref = schedule(db)
    with db.transaction() as session:
        agenda.add_item(session, meeting=ref, title="Budget", purpose=Purpose.DECISION)
        agenda.add_item(session, meeting=ref, title="Risk register")
        meetings.publish_agenda(session, meeting=ref)
        meetings.mark_held(session, meeting=ref)
        meeting_id = meetings.get_meeting(session, meeting=ref).id
        for name in ("Okafor", "Natarajan", "Mensah", "Wójcik"):
            attendance.record_attendance(
                session,
                meeting_id=meeting_id,
                person_id=ids[name],
                category=AttendanceCategory.PRESENT,
            )
        attendance.record_attendance(
            session,
            meeting_id=meeting_id,
            person_id=ids["Ferreira"],
            category=AttendanceCategory.APOLOGIES,
        )
    return ref


def item_id(db: Database, ref: str, title: str) -> int:
    with db.reading() as session:
        return next(i.id for i in agenda.agenda(session, meeting=ref) if i.title == title)


def minute(db: Database, item: int) -> str:
    with db.reading() as session:
        return agenda.item_view(session, item_id=item).minutes


def test_the_minute_is_saved_on_moving_to_another_item_and_undo_takes_it_back(
    qtbot: QtBot, open_workspace: OpenWorkspace, db: Database, ref: str
) -> None:
    budget, risk = item_id(db, ref, "Budget"), item_id(db, ref, "Risk register")
    ws = open_workspace(ref)
    ws.show_tab(2)
    tab = ws.minutes_tab
    tab.select(budget)
    tab.editor.setFocus()
    qtbot.keyClicks(tab.editor, "The budget was approved.")
    assert tab.save_state.text() == "Not saved yet"

    tab.items.setCurrentIndex(tab.items_model.index_of(risk))

    assert minute(db, budget) == "The budget was approved."
    assert tab.current_item() is not None
    assert tab.current_item().id == risk
    assert tab.editor.toPlainText() == ""

    ws.undo()

    assert minute(db, budget) == ""
    # Undo shows the item it changed.
    assert tab.current_item() is not None
    assert tab.current_item().id == budget
    assert tab.editor.toPlainText() == ""

    ws.redo()

    assert tab.editor.toPlainText() == "The budget was approved."
    assert tab.save_state.text() == "Saved"


def test_closing_the_main_window_saves_a_minute_still_being_typed(
    qtbot: QtBot, db: Database, ref: str
) -> None:
    budget = item_id(db, ref, "Budget")
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    ws = window.workspaces.open(ref)
    assert ws is not None
    ws.show_tab(ws.tabs.indexOf(ws.minutes_tab))
    ws.minutes_tab.select(budget)
    ws.minutes_tab.editor.setFocus()
    qtbot.keyClicks(ws.minutes_tab.editor, "Approved as presented.")
    assert minute(db, budget) == ""  # typed, not saved yet

    window.close()  # the title bar's close, which ends the app

    assert not ws.isVisible()
    assert not window.isVisible()
    assert minute(db, budget) == "Approved as presented."


def test_saves_while_typing_one_item_merge_into_one_undo_step(
    qtbot: QtBot, open_workspace: OpenWorkspace, db: Database, ref: str
) -> None:
    budget = item_id(db, ref, "Budget")
    ws = open_workspace(ref)
    tab = ws.minutes_tab
    tab.autosave.setInterval(10)
    tab.select(budget)
    tab.editor.setFocus()

    qtbot.keyClicks(tab.editor, "First point.")
    qtbot.waitUntil(lambda: minute(db, budget) == "First point.")
    qtbot.keyClick(tab.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(tab.editor, "Second point.")
    qtbot.waitUntil(lambda: minute(db, budget) == "First point.\nSecond point.")

    assert ws.undo_stack.count() == 1
    assert ws.undo_action.text() == "&Undo Write the minute of item 5.1"
    ws.undo()
    assert minute(db, budget) == ""


def test_a_minute_being_typed_is_not_overwritten_when_something_else_changes(
    qtbot: QtBot, open_workspace: OpenWorkspace, db: Database, ref: str, ids: dict[str, int]
) -> None:
    budget = item_id(db, ref, "Budget")
    ws = open_workspace(ref)
    tab = ws.minutes_tab
    tab.select(budget)
    tab.editor.setFocus()
    qtbot.keyClicks(tab.editor, "Half a sentence")

    ws.attendance_tab.mark_all_present()  # refreshes the minutes tab (quorum)

    assert tab.editor.toPlainText() == "Half a sentence"
    assert tab.dirty()


def test_decisions_are_recorded_edited_and_removed_at_the_item(
    open_workspace: OpenWorkspace, db: Database, ref: str, dialogs: Dialogs
) -> None:
    budget = item_id(db, ref, "Budget")
    ws = open_workspace(ref)
    tab = ws.minutes_tab
    tab.select(budget)
    dialogs.answer(
        DecisionDialog,
        DecisionDetails("The Committee approved the budget.", DecisionOutcome.APPROVED),
        DecisionDetails(
            "The Committee approved the budget, subject to the partners' agreement.",
            DecisionOutcome.APPROVED,
            dt.date(2027, 1, 31),
        ),
    )
    qtmodel = tab.decision_section.model

    tab.add_decision()

    assert [(d.ref, d.text) for d in qtmodel.rows] == [
        ("EMC/2026/01/D1", "The Committee approved the budget.")
    ]
    # EMC reports to the Board, so it may recommend a decision upwards.
    outcomes = dialogs.asked["DecisionDialog"][0]["outcomes"]
    assert DecisionOutcome.RECOMMENDED in outcomes

    tab.decision_section.table.setCurrentIndex(qtmodel.index(0, 0))
    tab.decision_section.edit_selected()

    with db.reading() as session:
        [decision] = decisions.list_decisions(session, meeting=ref)
    assert decision.review_date == dt.date(2027, 1, 31)
    assert "partners' agreement" in decision.text

    dialogs.answer(Confirm, False, True)
    tab.decision_section.remove_selected()  # the clerk thinks better of it
    assert len(qtmodel.rows) == 1
    tab.decision_section.remove_selected()
    assert qtmodel.rows == []


def test_the_board_cannot_recommend_upwards(
    open_workspace: OpenWorkspace, db: Database, dialogs: Dialogs
) -> None:
    seat_committee(db, "GB")
    ref = schedule(db, "GB")
    ws = open_workspace(ref)
    dialogs.answer(DecisionDialog, None)

    ws.minutes_tab.add_decision()

    outcomes = dialogs.asked["DecisionDialog"][0]["outcomes"]
    assert DecisionOutcome.RECOMMENDED not in outcomes


def test_actions_are_recorded_with_owners_and_a_due_date_and_corrected_in_place(
    open_workspace: OpenWorkspace, db: Database, ref: str, ids: dict[str, int], dialogs: Dialogs
) -> None:
    budget = item_id(db, ref, "Budget")
    ws = open_workspace(ref)
    tab = ws.minutes_tab
    tab.select(budget)
    due = TODAY + dt.timedelta(days=21)
    dialogs.answer(
        ActionDialog,
        ActionDetails("Circulate the budget.", (ids["Natarajan"], ids["Mensah"]), due),
        ActionDetails(
            "Circulate the budget to both partners.",
            (ids["Natarajan"],),
            due + dt.timedelta(days=7),
        ),
    )

    tab.add_action()

    [asked] = dialogs.asked["ActionDialog"]
    assert asked["default_due"] == TODAY + dt.timedelta(days=28)
    names = [p.name for p in asked["people"]]
    assert "Dr Grace Adeyemi" in names  # anyone can own an action, member or not
    [row] = tab.action_section.model.rows
    assert (row.ref, row.owners, row.due) == (
        "EMC/2026/01/A1",
        ("Amara Mensah", "Priya Natarajan"),
        due,
    )

    tab.action_section.table.setCurrentIndex(tab.action_section.model.index(0, 0))
    tab.action_section.edit_selected()

    with db.reading() as session:
        history = actions.action_history(session, action="EMC/2026/01/A1")
    assert history.action.owners == ("Priya Natarajan",)
    assert history.action.due == due + dt.timedelta(days=7)
    assert [r.previous_due for r in history.revisions] == [due]


def test_a_declaration_with_withdrawal_makes_the_item_inquorate_until_corrected(
    open_workspace: OpenWorkspace, db: Database, ref: str, ids: dict[str, int], dialogs: Dialogs
) -> None:
    budget = item_id(db, ref, "Budget")
    ws = open_workspace(ref)
    tab = ws.minutes_tab
    tab.select(budget)
    assert "Quorate" in tab.quorum_label.text()
    dialogs.answer(
        DeclarationDialog,
        DeclarationDetails(ids["Okafor"], "Co-applicant on the bid", DeclarationAction.WITHDREW),
        DeclarationDetails(ids["Okafor"], "Co-applicant on the bid", DeclarationAction.NOTED),
    )

    tab.add_declaration()

    people = [p.name for p in dialogs.asked["DeclarationDialog"][0]["people"]]
    assert people[:2] == ["Prof. Hannah Okafor", "Dr Luis Ferreira"]
    [row] = tab.declaration_section.model.rows
    assert tab.declaration_section.model.index(0, 2).data() == "Withdrew"
    assert "Inquorate: the chair or vice-chair was not present" in tab.quorum_label.text()
    assert row.person == "Prof. Hannah Okafor"

    tab.declaration_section.table.setCurrentIndex(tab.declaration_section.model.index(0, 0))
    tab.declaration_section.edit_selected()

    assert tab.declaration_section.model.index(0, 2).data() == "Noted"
    assert "Quorate" in tab.quorum_label.text()


def test_the_record_tables_are_sound_qt_models(
    qtmodeltester: ModelTester,
    open_workspace: OpenWorkspace,
    db: Database,
    ref: str,
    ids: dict[str, int],
) -> None:
    budget = item_id(db, ref, "Budget")
    with db.transaction() as session:
        decisions.record_decision(
            session, item_id=budget, text="Approved.", outcome=DecisionOutcome.APPROVED
        )
        actions.add_action(
            session, item_id=budget, description="Circulate.", owner_ids=[ids["Mensah"]]
        )
    ws = open_workspace(ref)
    ws.minutes_tab.select(budget)
    for section in (
        ws.minutes_tab.decision_section,
        ws.minutes_tab.action_section,
        ws.minutes_tab.declaration_section,
    ):
        qtmodeltester.check(section.model)
    qtmodeltester.check(ws.minutes_tab.items_model)


def test_empty_records_shrink_to_a_line_so_the_minute_gets_the_room(
    open_workspace: Callable[[str], MeetingWorkspace], db: Database, ref: str
) -> None:
    ws = open_workspace(ref)
    tab = ws.minutes_tab
    ws.show_tab(ws.tabs.indexOf(tab))
    for section in (tab.decision_section, tab.action_section, tab.declaration_section):
        assert section.table.isHidden()
        assert not section.none_label.isHidden()
        assert not section.add_button.isHidden()
        assert section.maximumHeight() <= section.add_button.sizeHint().height() * 3
