"""A whole meeting cycle through the workspace's widgets, as a clerk goes through it: schedule,
agenda, attendance, minutes, export, approval at the next meeting, and the lock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot
from workspace_helpers import click_cell, seat_committee

from ccsc_gov.core.services import agenda, meetings
from ccsc_gov.core.store.backups import list_backups
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import (
    AttendanceCategory,
    DecisionOutcome,
    DeclarationAction,
    MeetingStatus,
    Purpose,
)
from ccsc_gov.ui import export as export_module
from ccsc_gov.ui.forms import Confirm
from ccsc_gov.ui.main_window import MainWindow
from ccsc_gov.ui.workspace.attendance_tab import CATEGORY_COLUMNS, NAME_COLUMN
from ccsc_gov.ui.workspace.details import (
    ActionDetails,
    DecisionDetails,
    DeclarationDetails,
    ItemDetails,
    MeetingDetails,
)
from ccsc_gov.ui.workspace.dialogs import (
    ActionDialog,
    DecisionDialog,
    DeclarationDialog,
    DraftMinutesDialog,
    ItemDialog,
    MeetingDialog,
    PersonDialog,
    TextDialog,
)
from ccsc_gov.ui.workspace.window import MeetingWorkspace

if TYPE_CHECKING:
    from workspace_fixtures import Dialogs

pytest_plugins = ["workspace_fixtures"]

PRESENT_COLUMN = next(c for c, cat in CATEGORY_COLUMNS.items() if cat is AttendanceCategory.PRESENT)


def agenda_titles(db: Database, ref: str) -> list[tuple[str, str]]:
    with db.reading() as session:
        return [(i.number, i.title) for i in agenda.agenda(session, meeting=ref)]


def status_of(db: Database, ref: str) -> MeetingStatus:
    with db.reading() as session:
        return meetings.get_meeting(session, meeting=ref).status


def trigger(action: QAction) -> None:
    assert action.isEnabled(), f"{action.text()} is disabled"
    action.trigger()


def test_a_meeting_goes_from_scheduling_to_locked_minutes_through_the_workspace(
    qtbot: QtBot,
    db: Database,
    tmp_path: Path,
    dialogs: Dialogs,
    shown_errors: list[str],
    monkeypatch: pytest.MonkeyPatch,
    open_window: Callable[[], MainWindow],
) -> None:
    ids = seat_committee(db)
    window = open_window()
    assert window.select_body("EMC")

    # Schedule: the clerk gives the date and place; the workspace opens on the standard agenda.
    dialogs.answer(
        MeetingDialog,
        MeetingDetails(dt.datetime(2026, 5, 12, 14), dt.datetime(2026, 5, 12, 16), "Room 2.14"),
    )
    trigger(window.schedule_action)
    first = window.workspaces.get("EMC/2026/01")
    assert isinstance(first, MeetingWorkspace)
    qtbot.waitUntil(first.isActiveWindow)
    assert "EMC/2026/01" in window.meeting_model.meeting_at(0).ref

    # The agenda: three business items, added under "Business items".
    tab = first.agenda_tab
    business = next(i for i in tab.model.items() if i.title == "Business items")
    tab.select(business.id)
    dialogs.answer(
        ItemDialog,
        ItemDetails("Budget 2026/27", purpose=Purpose.DECISION, presenter="Finance", duration=30),
        ItemDetails("Risk register", purpose=Purpose.DISCUSSION, duration=20),
        ItemDetails("Staff survey results", purpose=Purpose.NOTE, duration=15),
    )
    for _ in range(3):
        tab.select(business.id)
        trigger(tab.add_action)
    assert agenda_titles(db, "EMC/2026/01")[5:8] == [
        ("5.1", "Budget 2026/27"),
        ("5.2", "Risk register"),
        ("5.3", "Staff survey results"),
    ]
    assert "1 h 5 min planned of a 2 h slot" in tab.timing_label.text()

    # Reorder from the keyboard (Word's outline keys) and by drag and drop.
    survey = next(i for i in tab.model.items() if i.title == "Staff survey results")
    tab.select(survey.id)
    tab.tree.setFocus()
    qtbot.keyClick(
        tab.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert [t for n, t in agenda_titles(db, "EMC/2026/01") if n.startswith("5.")] == [
        "Budget 2026/27",
        "Staff survey results",
        "Risk register",
    ]
    risk = next(i for i in tab.model.items() if i.title == "Risk register")
    budget_index = tab.model.index_of(business.id)
    data = tab.model.mimeData([tab.model.index_of(risk.id)])
    tab.model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, budget_index)
    qtbot.waitUntil(lambda: tab.model.item(risk.id) is not None and tab.selected() is not None)
    qtbot.waitUntil(
        lambda: (
            next(t for n, t in agenda_titles(db, "EMC/2026/01") if n.startswith("5."))
            == "Risk register"
        )
    )
    assert [(i.number, i.title) for i in tab.model.items() if i.parent_id == business.id] == [
        ("5.1", "Risk register"),
        ("5.2", "Budget 2026/27"),
        ("5.3", "Staff survey results"),
    ]
    budget = next(i for i in tab.model.items() if i.title == "Budget 2026/27")

    # Publish the agenda, hold the meeting: the next step is always one button.
    dialogs.answer(Confirm, True, True)
    assert first.lifecycle.next_button.text() == "&Publish agenda"
    qtbot.mouseClick(first.lifecycle.next_button, Qt.MouseButton.LeftButton)
    assert first.lifecycle.next_button.text() == "Mark as &held"
    qtbot.mouseClick(first.lifecycle.next_button, Qt.MouseButton.LeftButton)
    assert status_of(db, "EMC/2026/01") is MeetingStatus.HELD

    # Attendance: the chair by a click, the vice-chair's apologies by a key, the rest present.
    first.show_tab(1)
    attendance = first.attendance_tab
    table, model = attendance.table, attendance.model
    click_cell(qtbot, table, model.index(model.row_of(ids["Okafor"]), PRESENT_COLUMN))
    qtbot.waitUntil(
        lambda: model.row_at(model.row_of(ids["Okafor"])).category is AttendanceCategory.PRESENT
    )
    table.setFocus()
    table.setCurrentIndex(model.index(model.row_of(ids["Ferreira"]), NAME_COLUMN))
    qtbot.keyClick(table, Qt.Key.Key_A)
    qtbot.waitUntil(
        lambda: model.row_at(model.row_of(ids["Ferreira"])).category is AttendanceCategory.APOLOGIES
    )
    qtbot.mouseClick(attendance.all_present_button, Qt.MouseButton.LeftButton)
    dialogs.answer(PersonDialog, ids["Adeyemi"])
    qtbot.mouseClick(attendance.add_guest_button, Qt.MouseButton.LeftButton)
    categories = {r.name: r.category for r in model.rows}
    assert categories["Dr Luis Ferreira"] is AttendanceCategory.APOLOGIES
    assert categories["Prof. Tomasz Wójcik"] is AttendanceCategory.PRESENT
    assert categories["Dr Grace Adeyemi"] is AttendanceCategory.IN_ATTENDANCE
    assert "Quorate: 4 of 5 voting members present" in attendance.quorum_label.text()

    # Minutes: the budget item's minute, its decision and action, and the chair's interest.
    first.show_tab(2)
    minutes = first.minutes_tab
    minutes.select(budget.id)
    minutes.editor.setFocus()
    qtbot.keyClicks(minutes.editor, "The Committee considered the draft budget for 2026/27.")
    qtbot.mouseClick(minutes.save_button, Qt.MouseButton.LeftButton)
    with db.reading() as session:
        saved = agenda.item_view(session, item_id=budget.id).minutes
    assert saved == "The Committee considered the draft budget for 2026/27."

    dialogs.answer(
        DecisionDialog,
        DecisionDetails("The Committee approved the budget for 2026/27.", DecisionOutcome.APPROVED),
    )
    qtbot.mouseClick(minutes.decision_section.add_button, Qt.MouseButton.LeftButton)
    due = dt.date.today() + dt.timedelta(days=14)
    dialogs.answer(
        ActionDialog,
        ActionDetails("Circulate the approved budget to both partners.", (ids["Natarajan"],), due),
    )
    qtbot.mouseClick(minutes.action_section.add_button, Qt.MouseButton.LeftButton)
    dialogs.answer(
        DeclarationDialog,
        DeclarationDetails(ids["Okafor"], "Co-applicant on the bid", DeclarationAction.WITHDREW),
    )
    qtbot.mouseClick(minutes.declaration_section.add_button, Qt.MouseButton.LeftButton)
    assert [d.ref for d in minutes.decision_section.model.rows] == ["EMC/2026/01/D1"]
    assert [a.owners for a in minutes.action_section.model.rows] == [("Priya Natarajan",)]
    assert minutes.declaration_section.model.rows[0].person == "Prof. Hannah Okafor"
    # With the chair out of the room and the vice-chair away, the item is inquorate.
    assert "Inquorate: the chair or vice-chair was not present" in minutes.quorum_label.text()
    first.show_tab(1)
    item_quorum = {q.number: q.answer.quorate for q in attendance.items_model.rows}
    assert item_quorum["5.2"] is False
    assert "5.1" not in item_quorum  # as quorate as the meeting: not listed again
    assert "Quorate" in attendance.quorum_label.text()

    # Mark the minutes drafted: the check finds the inquorate decision; draft anyway, saying why.
    dialogs.answer(DraftMinutesDialog, "The minutes record that the item was inquorate.")
    assert first.lifecycle.next_button.text() == "Mark minutes dra&fted…"
    qtbot.mouseClick(first.lifecycle.next_button, Qt.MouseButton.LeftButton)
    [findings] = [call["findings"] for call in dialogs.asked["DraftMinutesDialog"]]
    assert any("5.2 was not quorate" in f.message for f in findings)
    assert status_of(db, "EMC/2026/01") is MeetingStatus.MINUTES_DRAFTED
    assert first.lifecycle.waiting.text() == "Awaiting approval at a later meeting of the body"

    # Export the minutes to Word, off the GUI thread, and open the folder.
    target = tmp_path / "exports" / "EMC-2026-01 minutes.docx"
    target.parent.mkdir()
    opened: list[Path] = []
    monkeypatch.setattr(export_module, "ask_save_path", lambda *_args, **_kwargs: target)
    monkeypatch.setattr(
        export_module, "offer_to_open", lambda *_args: export_module.OpenChoice.FOLDER
    )
    monkeypatch.setattr(export_module, "open_path", opened.append)
    word_full = first.export_minutes_button.menu().actions()[0]
    assert word_full.text() == "Full (Word)…"
    with qtbot.waitSignal(first.exporter.done, timeout=30_000) as done:
        word_full.trigger()
        assert first.progress.isVisible()
    assert done.args[1] == target
    assert not first.progress.isVisible()
    assert opened == [target.parent]
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "The Committee considered the draft budget for 2026/27." in text
    assert "The item was inquorate" in text
    assert "Prof. Hannah Okafor withdrew for this item" in text

    # The next meeting approves the minutes, and the first meeting locks.
    window.select_body("EMC")
    dialogs.answer(
        MeetingDialog,
        MeetingDetails(dt.datetime(2026, 6, 16, 14), dt.datetime(2026, 6, 16, 16), "Room 2.14"),
    )
    trigger(window.schedule_action)
    second = window.workspaces.get("EMC/2026/02")
    assert second is not None
    qtbot.waitUntil(second.isActiveWindow)
    dialogs.answer(Confirm, True)
    qtbot.mouseClick(second.lifecycle.next_button, Qt.MouseButton.LeftButton)
    assert second.lifecycle.approve_button.isVisible()
    assert second.lifecycle.approve_button.text() == "&Approve minutes of EMC/2026/01…"
    dialogs.answer(TextDialog, "")
    qtbot.mouseClick(second.lifecycle.approve_button, Qt.MouseButton.LeftButton)
    assert status_of(db, "EMC/2026/01") is MeetingStatus.MINUTES_APPROVED
    assert not second.lifecycle.approve_button.isVisible()
    # A copy of the database was kept just before the approval locked the meeting.
    assert [p.name.endswith("-before-approval.sqlite3") for p in list_backups(db)] == [True]

    # The first workspace, still open, is now read-only and says why.
    assert first.banner.isVisible()
    assert "approved as a correct record at EMC/2026/02" in first.banner.text.text()
    assert not first.agenda_tab.add_action.isEnabled()
    assert not first.agenda_tab.tree.dragEnabled()
    assert first.minutes_tab.editor.isReadOnly()
    assert not first.minutes_tab.decision_section.add_button.isEnabled()
    assert not first.attendance_tab.all_present_button.isEnabled()
    assert not first.attendance_tab.add_guest_button.isEnabled()
    assert not first.actions_tab.note_button.isEnabled()
    assert not first.lifecycle.next_button.isVisible()
    assert not first.undo_action.isEnabled()
    assert not first.edit_details_action.isEnabled()
    # A click on an attendance choice changes nothing.
    click_cell(qtbot, first.attendance_tab.table, model.index(0, PRESENT_COLUMN + 1))
    qtbot.wait(50)
    assert model.row_at(0).category is AttendanceCategory.PRESENT
    assert shown_errors == []
