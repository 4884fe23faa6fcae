"""Painting the workspace's tables and trees is Qt's own work: the cells are made once when the
rows change, so showing, repainting and measuring them never call back into the app's Python
(a Python delegate or model used to answer for every cell, each time)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QAbstractItemView, QTableView, QTreeView
from pytestqt.qtbot import QtBot
from python_calls import python_calls
from workspace_helpers import schedule, seat_committee

from ccsc_gov.core.services import actions, agenda, attendance, decisions, meetings
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import AttendanceCategory, DecisionOutcome
from ccsc_gov.ui.workspace.window import MeetingWorkspace

pytest_plugins = ["workspace_fixtures"]

OpenWorkspace = Callable[[str], MeetingWorkspace]


def test_painting_and_measuring_the_workspaces_tables_calls_no_python(
    qtbot: QtBot, open_workspace: OpenWorkspace, db: Database
) -> None:
    ids = seat_committee(db)
    ref = schedule(db)
    with db.transaction() as session:
        budget = agenda.add_item(session, meeting=ref, title="Budget", presenter="Treasurer")
        agenda.add_item(session, meeting=ref, title="Risk register", duration=20)
        meetings.publish_agenda(session, meeting=ref)
        meetings.mark_held(session, meeting=ref)
        meeting_id = meetings.get_meeting(session, meeting=ref).id
        for name in ("Okafor", "Mensah"):
            attendance.record_attendance(
                session,
                meeting_id=meeting_id,
                person_id=ids[name],
                category=AttendanceCategory.PRESENT,
            )
        decisions.record_decision(
            session, item_id=budget.id, text="Approved.", outcome=DecisionOutcome.APPROVED
        )
        actions.add_action(
            session, item_id=budget.id, description="Circulate.", owner_ids=[ids["Mensah"]]
        )
    ws = open_workspace(ref)
    ws.minutes_tab.select(budget.id)
    checked: list[str] = []
    for tab in ("Agenda", "Attendance", "Minutes", "Actions"):
        ws.show_tab(next(n for n in range(ws.tabs.count()) if ws.tabs.tabText(n) == tab))
        qtbot.wait(10)
        views: list[QAbstractItemView] = [
            view
            for kind in (QTreeView, QTableView)
            for view in ws.tabs.currentWidget().findChildren(kind)
            if view.isVisible() and view.model().rowCount()
        ]
        assert views, tab
        for view in views:
            header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
            with python_calls() as calls:
                view.viewport().repaint()
                header.viewport().repaint()
                for column in range(header.count()):
                    view.sizeHintForColumn(column)
                    header.sectionSizeHint(column)
            assert calls == [], (tab, view.accessibleName())
            checked.append(view.accessibleName())

    assert sorted(checked) == [
        "Actions at this item",
        "Actions raised at this meeting",
        "Agenda items",
        "Agenda items",
        "Attendance",
        "Decisions at this item",
    ]
