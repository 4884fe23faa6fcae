"""The workspace's lifecycle bar, its lock, its window, and how it is opened from the main
window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from workspace_helpers import schedule, seat_committee

from ccsc_gov.core.services import approval, attendance, meetings
from ccsc_gov.core.services.common import Area, Changes
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import AttendanceCategory, AuditRecord, MeetingStatus
from ccsc_gov.ui.forms import Confirm
from ccsc_gov.ui.main_window import MainWindow
from ccsc_gov.ui.workspace.details import MeetingDetails
from ccsc_gov.ui.workspace.dialogs import DraftMinutesDialog, MeetingDialog
from ccsc_gov.ui.workspace.window import MeetingWorkspace

if TYPE_CHECKING:
    from workspace_fixtures import Dialogs

pytest_plugins = ["workspace_fixtures"]

OpenWorkspace = Callable[[str], MeetingWorkspace]


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    return seat_committee(db)


def status(db: Database, ref: str) -> MeetingStatus:
    with db.reading() as session:
        return meetings.get_meeting(session, meeting=ref).status


def hold(db: Database, ref: str, ids: dict[str, int]) -> None:
    """Publish, hold, and record everyone present."""
    with db.transaction() as session:
        meetings.publish_agenda(session, meeting=ref)
        meetings.mark_held(session, meeting=ref)
        meeting_id = meetings.get_meeting(session, meeting=ref).id
        for person_id in ids.values():
            if person_id != ids["Adeyemi"]:
                attendance.record_attendance(
                    session,
                    meeting_id=meeting_id,
                    person_id=person_id,
                    category=AttendanceCategory.PRESENT,
                )


def test_the_next_step_is_always_one_button_and_asks_first(
    qtbot: QtBot, open_workspace: OpenWorkspace, db: Database, ids: dict[str, int], dialogs: Dialogs
) -> None:
    ref = schedule(db)
    ws = open_workspace(ref)
    bar = ws.lifecycle
    assert bar.next_button.text() == "&Publish agenda"
    assert "<b>Planned</b>" in bar.steps.text()
    dialogs.answer(Confirm, False, True)

    qtbot.mouseClick(bar.next_button, Qt.MouseButton.LeftButton)  # declined
    assert status(db, ref) is MeetingStatus.PLANNED
    qtbot.mouseClick(bar.next_button, Qt.MouseButton.LeftButton)

    assert status(db, ref) is MeetingStatus.AGENDA_PUBLISHED
    assert bar.next_button.text() == "Mark as &held"
    assert "Planned ✓" in bar.steps.text()
    assert ws.next_step_action.text() == "Mark as held"


def test_complete_minutes_are_marked_drafted_after_a_yes(
    open_workspace: OpenWorkspace, db: Database, ids: dict[str, int], dialogs: Dialogs
) -> None:
    ref = schedule(db)
    hold(db, ref, ids)
    ws = open_workspace(ref)
    dialogs.answer(Confirm, True)

    ws.next_step()

    assert status(db, ref) is MeetingStatus.MINUTES_DRAFTED
    assert "DraftMinutesDialog" not in dialogs.asked


def test_incomplete_minutes_show_the_findings_and_need_a_reason_to_go_ahead(
    open_workspace: OpenWorkspace, db: Database, ids: dict[str, int], dialogs: Dialogs
) -> None:
    ref = schedule(db)
    with db.transaction() as session:
        meetings.publish_agenda(session, meeting=ref)
        meetings.mark_held(session, meeting=ref)
    ws = open_workspace(ref)
    dialogs.answer(DraftMinutesDialog, None, "The chair wants the draft out today.")

    ws.next_step()  # the clerk goes back to fix them

    [first, _] = [*dialogs.asked["DraftMinutesDialog"], None]
    assert first is not None
    assert "Attendance is not fully recorded" in first["findings"][0].message
    assert status(db, ref) is MeetingStatus.HELD

    ws.next_step()

    assert status(db, ref) is MeetingStatus.MINUTES_DRAFTED
    with db.reading() as session:
        notes = session.scalars(select(AuditRecord.note)).all()
    assert any("The chair wants the draft out today." in (n or "") for n in notes)


def test_a_meeting_with_approved_minutes_opens_read_only_and_says_why(
    open_workspace: OpenWorkspace, db: Database, ids: dict[str, int]
) -> None:
    first = schedule(db, day=dt.date(2026, 3, 10))
    hold(db, first, ids)
    second = schedule(db, day=dt.date(2026, 4, 14))
    with db.transaction() as session:
        approval.mark_minutes_drafted(session, meeting=first, override=True, reason="test")
        meetings.publish_agenda(session, meeting=second)
        approval.approve_minutes(session, meeting=first, at_meeting=second)

    ws = open_workspace(first)

    assert ws.banner.isVisible()
    assert ws.banner.text.text().startswith(
        "The minutes of EMC/2026/01 have been approved as a correct record at EMC/2026/02"
    )
    assert not ws.agenda_tab.add_action.isEnabled()
    assert not ws.agenda_tab.model.flags(ws.agenda_tab.model.index(0, 0)) & (
        Qt.ItemFlag.ItemIsDragEnabled
    )
    assert ws.minutes_tab.editor.isReadOnly()
    assert not ws.minutes_tab.action_section.add_button.isEnabled()
    assert not ws.attendance_tab.add_guest_button.isEnabled()
    assert not ws.attendance_tab.model.flags(ws.attendance_tab.model.index(0, 2)) & (
        Qt.ItemFlag.ItemIsEnabled
    )
    assert not ws.lifecycle.next_button.isVisible()
    assert not ws.cancel_action.isEnabled()
    assert not ws.edit_details_action.isEnabled()


def test_a_cancelled_meeting_says_so(
    open_workspace: OpenWorkspace, db: Database, ids: dict[str, int], dialogs: Dialogs
) -> None:
    ref = schedule(db)
    ws = open_workspace(ref)
    dialogs.answer(Confirm, True)

    ws.cancel_meeting()

    assert status(db, ref) is MeetingStatus.CANCELLED
    assert ws.banner.text.text() == "EMC/2026/01 was cancelled, so its record cannot change."
    assert "Cancelled" in ws.lifecycle.steps.text()
    assert not ws.agenda_tab.add_action.isEnabled()


def test_the_date_time_and_place_can_be_changed(
    open_workspace: OpenWorkspace, db: Database, ids: dict[str, int], dialogs: Dialogs
) -> None:
    ref = schedule(db)
    ws = open_workspace(ref)
    dialogs.answer(
        MeetingDialog,
        MeetingDetails(
            dt.datetime(2026, 5, 19, 10), dt.datetime(2026, 5, 19, 12, 30), "Board Room"
        ),
    )

    ws.edit_details()

    assert ws.slot.text() == "Tue 19 May 2026, 10:00–12:30 · Board Room"
    assert "2 h 30 min slot" in ws.agenda_tab.timing_label.text()


def test_a_change_made_elsewhere_shows_without_a_refresh(
    open_workspace: OpenWorkspace, db: Database, ids: dict[str, int]
) -> None:
    ref = schedule(db)
    ws = open_workspace(ref)

    ws.ops.run_op(lambda s: meetings.publish_agenda(s, meeting=ref))

    assert ws.lifecycle.next_button.text() == "Mark as &held"
    # A change to another meeting's agenda leaves this one alone.
    other = schedule(db, day=dt.date(2026, 6, 9))
    with db.reading() as session:
        other_id = meetings.get_meeting(session, meeting=other).id
    before = ws.agenda_tab.model.items()
    ws.on_changes(Changes(Area.AGENDA, other_id))
    assert ws.agenda_tab.model.items() == before


def test_undo_and_redo_use_the_usual_keys(open_workspace: OpenWorkspace, db: Database) -> None:
    ref = schedule(db)
    ws = open_workspace(ref)
    assert "Ctrl+Z" in [k.toString() for k in ws.undo_action.shortcuts()]
    assert "Ctrl+Shift+Z" in [k.toString() for k in ws.redo_action.shortcuts()]
    assert not ws.undo_action.isEnabled()
    assert not ws.redo_action.isEnabled()


def test_enter_on_a_meeting_opens_its_workspace_and_opening_again_brings_back_the_same_one(
    qtbot: QtBot, open_window: Callable[[], MainWindow], db: Database
) -> None:
    ref = schedule(db)
    window = open_window()
    assert window.select_body("EMC")
    window.meeting_table.setFocus()
    window.meeting_table.setCurrentIndex(window.meeting_model.index(0, 0))

    qtbot.keyClick(window.meeting_table, Qt.Key.Key_Return)

    workspace = window.workspaces.get(ref)
    assert workspace is not None
    assert workspace.isVisible()
    workspace.close()
    window.open_selected_meeting()
    assert window.workspaces.get(ref) is workspace
    assert workspace.isVisible()


def test_scheduling_can_be_called_off(
    open_window: Callable[[], MainWindow], db: Database, dialogs: Dialogs
) -> None:
    window = open_window()
    window.select_body("RSC")
    dialogs.answer(MeetingDialog, None)

    window.schedule_action.trigger()

    [asked] = dialogs.asked["MeetingDialog"]
    assert "Research Subcommittee" in asked["heading"]
    assert window.meeting_model.rowCount() == 0


def test_a_double_click_on_a_meeting_opens_its_workspace(
    qtbot: QtBot, open_window: Callable[[], MainWindow], db: Database
) -> None:
    ref = schedule(db)
    window = open_window()
    assert window.select_body("EMC")
    table = window.meeting_table
    centre = table.visualRect(window.meeting_model.index(0, 0)).center()

    # A real double-click: a click, then the second press that makes it a double-click.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)

    workspace = window.workspaces.get(ref)
    assert workspace is not None
    assert workspace.isVisible()
    assert workspace.windowTitle() == f"{ref} — Executive Management Committee — CCSC Governance"
