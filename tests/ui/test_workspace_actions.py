"""The Actions tab: this meeting's actions and the ones carried forward, with progress notes,
completion, closure at the meeting, new due dates and cancellation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from workspace_helpers import TODAY, schedule, seat_committee

from ccsc_gov.core.services import actions, agenda, approval, attendance, meetings
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import ActionStatus, AttendanceCategory
from ccsc_gov.ui.legible import contrast
from ccsc_gov.ui.workspace.dialogs import DueDateDialog, TextDialog
from ccsc_gov.ui.workspace.window import MeetingWorkspace

if TYPE_CHECKING:
    from workspace_fixtures import Dialogs

pytest_plugins = ["workspace_fixtures"]

OpenWorkspace = Callable[[str], MeetingWorkspace]
DUE_COLUMN = 4


@pytest.fixture
def refs(db: Database) -> tuple[str, str]:
    """A March meeting that raised EMC/2026/01/A1 (overdue by May), and the May meeting."""
    ids = seat_committee(db)
    march = schedule(db, day=dt.date(2026, 3, 10))
    with db.transaction() as session:
        budget = agenda.add_item(session, meeting=march, title="Budget")
        actions.add_action(
            session,
            item_id=budget.id,
            description="Circulate the budget to both partners.",
            owner_ids=[ids["Natarajan"]],
            due=dt.date(2026, 4, 1),
            today=dt.date(2026, 3, 10),
        )
        meetings.publish_agenda(session, meeting=march)
        meetings.mark_held(session, meeting=march)
        meeting_id = meetings.get_meeting(session, meeting=march).id
        attendance.record_attendance(
            session,
            meeting_id=meeting_id,
            person_id=ids["Okafor"],
            category=AttendanceCategory.PRESENT,
        )
        approval.mark_minutes_drafted(session, meeting=march, override=True, reason="test")
    may = schedule(db, day=dt.date(2026, 5, 12))
    return march, may


def status(db: Database, ref: str) -> ActionStatus:
    with db.reading() as session:
        return actions.action_view(session, action=ref).status


def test_the_actions_raised_here_and_those_carried_forward_are_listed(
    qtmodeltester: ModelTester, open_workspace: OpenWorkspace, refs: tuple[str, str]
) -> None:
    march, may = refs
    raised_here = open_workspace(march).actions_tab
    assert [a.ref for a in raised_here.raised_model.rows] == ["EMC/2026/01/A1"]
    assert raised_here.carried_model.rows == []

    tab = open_workspace(may).actions_tab
    assert tab.raised_model.rows == []
    [carried] = tab.carried_model.rows
    assert (carried.ref, carried.origin_meeting, carried.owners) == (
        "EMC/2026/01/A1",
        "EMC/2026/01",
        ("Priya Natarajan",),
    )
    # Overdue on the workspace's today: marked, with words for those who cannot see colour.
    due = tab.carried_model.index(0, DUE_COLUMN)
    assert due.data(Qt.ItemDataRole.DecorationRole) is not None
    assert due.data(Qt.ItemDataRole.ToolTipRole) == "Overdue: it was due on Wed 1 Apr 2026"
    qtmodeltester.check(tab.raised_model)
    qtmodeltester.check(tab.carried_model)


def test_progress_then_completion_then_closure_at_the_meeting(
    open_workspace: OpenWorkspace, db: Database, refs: tuple[str, str], dialogs: Dialogs
) -> None:
    _march, may = refs
    ws = open_workspace(may)
    tab = ws.actions_tab
    assert all(not b.isEnabled() for b in tab.buttons)  # nothing chosen yet
    assert tab.choose("EMC/2026/01/A1")
    assert tab.note_button.isEnabled()
    # The May meeting has not published its agenda, so it cannot close anything yet.
    assert not tab.close_button.isEnabled()
    dialogs.answer(TextDialog, "Draft sent to the partners' finance teams.")

    tab.add_note()

    assert status(db, "EMC/2026/01/A1") is ActionStatus.IN_PROGRESS
    assert "Draft sent to the partners' finance teams." in tab.history.toPlainText()

    tab.mark_completed()

    assert status(db, "EMC/2026/01/A1") is ActionStatus.COMPLETED
    assert not tab.complete_button.isEnabled()

    with db.transaction() as session:
        meetings.publish_agenda(session, meeting=may)
    ws.refresh()
    assert tab.choose("EMC/2026/01/A1")
    assert tab.close_button.isEnabled()

    tab.close_action()

    assert status(db, "EMC/2026/01/A1") is ActionStatus.CLOSED
    assert tab.carried_model.index(0, 5).data() == "Closed here"
    assert not tab.note_button.isEnabled()  # a closed action does not change
    # Set back from the open ones, but legible: at least 4.5:1 against the background.
    brush = tab.carried_model.index(0, 2).data(Qt.ItemDataRole.ForegroundRole)
    background = QApplication.palette().color(QPalette.ColorRole.Base)
    assert brush.color() != QApplication.palette().color(QPalette.ColorRole.Text)
    assert contrast(brush.color(), background) >= 4.5


def test_a_new_due_date_keeps_the_old_one_in_the_history(
    open_workspace: OpenWorkspace, db: Database, refs: tuple[str, str], dialogs: Dialogs
) -> None:
    _march, may = refs
    tab = open_workspace(may).actions_tab
    tab.choose("EMC/2026/01/A1")
    dialogs.answer(DueDateDialog, (dt.date(2026, 6, 30), "Waiting for the funder's guidance"))

    tab.revise_due()

    [asked] = dialogs.asked["DueDateDialog"]
    assert asked["current"] == dt.date(2026, 4, 1)
    with db.reading() as session:
        history = actions.action_history(session, action="EMC/2026/01/A1", today=TODAY)
    assert history.action.due == dt.date(2026, 6, 30)
    assert history.action.original_due == dt.date(2026, 4, 1)
    assert "Waiting for the funder's guidance" in tab.history.toPlainText()
    assert tab.carried_model.index(0, DUE_COLUMN).data(Qt.ItemDataRole.DecorationRole) is None


def test_an_action_is_cancelled_only_with_a_reason(
    open_workspace: OpenWorkspace, db: Database, refs: tuple[str, str], dialogs: Dialogs
) -> None:
    _march, may = refs
    tab = open_workspace(may).actions_tab
    tab.choose("EMC/2026/01/A1")
    dialogs.answer(TextDialog, None, "Overtaken by the new finance system.")

    tab.cancel_action()  # the clerk backs out
    assert status(db, "EMC/2026/01/A1") is ActionStatus.OPEN
    tab.cancel_action()

    assert status(db, "EMC/2026/01/A1") is ActionStatus.CANCELLED
    assert dialogs.asked["TextDialog"][0]["label"] == "&Reason:"
    assert "Overtaken by the new finance system." in tab.history.toPlainText()
