"""The chairs' views from the main window: a menu of three windows that stay up to date."""

from __future__ import annotations

import datetime as dt

import pytest
from chairs_helpers import TODAY
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from ccsc_gov.core.services import actions
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import ActionStatus
from ccsc_gov.ui.chairs.action_log import ActionLogWindow
from ccsc_gov.ui.chairs.attendance import AttendanceMatrixWindow
from ccsc_gov.ui.chairs.decisions import DecisionsWindow
from ccsc_gov.ui.main_window import MainWindow

pytest_plugins = ["chairs_fixtures"]


@pytest.fixture
def window(qtbot: QtBot, demo_copy: Database) -> MainWindow:
    main = MainWindow(demo_copy, now=lambda: dt.datetime.combine(TODAY, dt.time(9)))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def open_action(database: Database) -> str:
    with database.reading() as session:
        return next(
            a.ref
            for a in actions.list_actions(session, today=TODAY)
            if a.status is ActionStatus.OPEN
        )


def status_of(log: ActionLogWindow, ref: str) -> ActionStatus:
    log.clear_filters()
    return next(line.status for line in log.model.shown_rows() if line.ref == ref)


def test_the_chairs_menu_offers_the_four_views(window: MainWindow) -> None:
    menu = next(
        action.menu() for action in window.menuBar().actions() if action.text() == "&Chairs"
    )

    assert [action.text() for action in menu.actions()] == [
        "&Action log",
        "&Decisions register",
        "A&ttendance matrix",
        "&Between meetings",
    ]
    assert window.chair_views.action_log_action.shortcut() == QKeySequence("Ctrl+L")


def test_ctrl_l_opens_the_action_log_and_brings_it_back(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    log = window.chair_views.action_log
    assert isinstance(log, ActionLogWindow)
    qtbot.waitExposed(log)
    assert log.isWindow()
    assert log.model.total > 0

    log.close()
    window.chair_views.action_log_action.trigger()
    assert window.chair_views.action_log is log
    assert log.isVisible()


def test_the_register_and_matrix_open_from_the_menu(window: MainWindow, qtbot: QtBot) -> None:
    window.select_body("RSC")

    window.chair_views.decisions_action.trigger()
    window.chair_views.attendance_action.trigger()

    register, matrix = window.chair_views.decisions, window.chair_views.attendance
    assert isinstance(register, DecisionsWindow)
    assert register.model.total > 0
    assert isinstance(matrix, AttendanceMatrixWindow)
    assert matrix.heading.text() == f"Research Subcommittee, {TODAY.year}"


def test_a_change_made_in_the_app_shows_in_the_open_log(
    window: MainWindow, demo_copy: Database
) -> None:
    log = window.chair_views.open_action_log()
    ref = open_action(demo_copy)

    window.ops.run_op(lambda s: actions.mark_completed(s, action=ref, today=TODAY))

    assert status_of(log, ref) is ActionStatus.COMPLETED


def test_a_closed_log_reads_again_when_it_is_next_opened(
    window: MainWindow, demo_copy: Database
) -> None:
    log = window.chair_views.open_action_log()
    log.close()
    ref = open_action(demo_copy)

    window.ops.run_op(lambda s: actions.mark_completed(s, action=ref, today=TODAY))
    window.chair_views.open_action_log()

    assert status_of(log, ref) is ActionStatus.COMPLETED


def test_refresh_reads_what_another_clerk_changed(window: MainWindow, demo_copy: Database) -> None:
    log = window.chair_views.open_action_log()
    ref = open_action(demo_copy)
    # Another clerk, on another machine: nothing is announced to this window.
    with demo_copy.transaction() as session:
        actions.mark_completed(session, action=ref, today=TODAY)
    assert status_of(log, ref) is ActionStatus.OPEN

    window.refresh_action.trigger()

    assert status_of(log, ref) is ActionStatus.COMPLETED


def test_closing_the_main_window_ends_the_app_with_a_view_still_open(window: MainWindow) -> None:
    log = window.chair_views.open_action_log()

    assert not log.testAttribute(Qt.WidgetAttribute.WA_QuitOnClose)
    assert log.parent() is window  # and so goes with it


@pytest.mark.parametrize("put_away", ["close", "hide"])
def test_a_view_put_away_on_its_own_reopens_where_it_was_left(
    window: MainWindow, demo_copy: Database, qtbot: QtBot, put_away: str
) -> None:
    register = window.chair_views.open_decisions()
    qtbot.waitExposed(register)
    # Inside the test screen (800 pixels wide): a window restored partly off its screen is
    # moved back onto it.
    register.setGeometry(QRect(1, 90, 798, 480))
    where = register.geometry()
    getattr(register, put_away)()

    # The next day: the app started again, and the register opened again.
    next_day = MainWindow(demo_copy, now=lambda: dt.datetime.combine(TODAY, dt.time(9)))
    qtbot.addWidget(next_day)
    reopened = next_day.chair_views.open_decisions()
    qtbot.waitExposed(reopened)

    assert reopened is not register
    assert reopened.geometry() == where


def test_between_meetings_opens_on_the_body_chosen_in_the_main_window(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.select_body("EMC")
    window.chair_views.between_action.trigger()
    between = window.chair_views.between
    assert between is not None
    qtbot.waitExposed(between)
    assert between.body == "EMC"
    assert between.model.rowCount() > 0
    between.close()
