"""The chairs' views as the main window offers them: a menu of windows, each made when
first opened and brought to the front after that. A window's module is imported when it is
first opened too, so the main window starts without them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from ccsc_gov.ui.ops import Operations

if TYPE_CHECKING:
    from ccsc_gov.ui.chairs.action_log import ActionLogWindow
    from ccsc_gov.ui.chairs.attendance import AttendanceMatrixWindow
    from ccsc_gov.ui.chairs.between import BetweenMeetingsWindow
    from ccsc_gov.ui.chairs.common import ChairWindow
    from ccsc_gov.ui.chairs.decisions import DecisionsWindow


class ChairViews(QObject):
    """Opens the action log, the decisions register, the attendance matrix and the decisions
    taken between meetings."""

    def __init__(
        self,
        ops: Operations,
        window: QWidget,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        current_body: Callable[[], str | None] = lambda: None,
    ) -> None:
        super().__init__(window)
        self._ops = ops
        self._window = window
        self._today = today
        self._current_body = current_body
        self.action_log: ActionLogWindow | None = None
        self.decisions: DecisionsWindow | None = None
        self.attendance: AttendanceMatrixWindow | None = None
        self.between: BetweenMeetingsWindow | None = None

        self.action_log_action = QAction("&Action log", window)
        self.action_log_action.setShortcut(QKeySequence("Ctrl+L"))
        self.action_log_action.setStatusTip("Every body's actions: what is overdue, due or done")
        self.action_log_action.triggered.connect(self.open_action_log)
        self.decisions_action = QAction("&Decisions register", window)
        self.decisions_action.setStatusTip("Every decision, and where a referral went")
        self.decisions_action.triggered.connect(self.open_decisions)
        self.attendance_action = QAction("A&ttendance matrix", window)
        self.attendance_action.setStatusTip("Who came to a body's meetings, year by year")
        self.attendance_action.triggered.connect(self.open_attendance)
        self.between_action = QAction("&Between meetings", window)
        self.between_action.setStatusTip("Written resolutions and chair's action of a body")
        self.between_action.triggered.connect(self.open_between)

    @property
    def actions(self) -> tuple[QAction, ...]:
        return (
            self.action_log_action,
            self.decisions_action,
            self.attendance_action,
            self.between_action,
        )

    def add_to(self, menu: QMenu) -> None:
        menu.addActions(list(self.actions))

    @property
    def windows(self) -> tuple[ChairWindow, ...]:
        windows = (self.action_log, self.decisions, self.attendance, self.between)
        return tuple(w for w in windows if w)

    def open_action_log(self) -> ActionLogWindow:
        if self.action_log is None:
            from ccsc_gov.ui.chairs.action_log import ActionLogWindow

            self.action_log = ActionLogWindow(self._ops, self._window, today=self._today)
        self.action_log.bring_up()
        return self.action_log

    def open_decisions(self) -> DecisionsWindow:
        if self.decisions is None:
            from ccsc_gov.ui.chairs.decisions import DecisionsWindow

            self.decisions = DecisionsWindow(self._ops, self._window, today=self._today)
        self.decisions.bring_up()
        return self.decisions

    def open_attendance(self) -> AttendanceMatrixWindow:
        """The matrix opens on the body chosen in the main window, for this year."""
        if self.attendance is None:
            from ccsc_gov.ui.chairs.attendance import AttendanceMatrixWindow

            self.attendance = AttendanceMatrixWindow(self._ops, self._window, today=self._today)
        if not self.attendance.isVisible() and (code := self._current_body()):
            self.attendance.show_body(code, self._today().year)
        self.attendance.bring_up()
        return self.attendance

    def open_between(self) -> BetweenMeetingsWindow:
        """Opens on the body chosen in the main window."""
        if self.between is None:
            from ccsc_gov.ui.chairs.between import BetweenMeetingsWindow

            self.between = BetweenMeetingsWindow(self._ops, self._window, today=self._today)
        if not self.between.isVisible() and (code := self._current_body()):
            self.between.show_body(code)
        self.between.bring_up()
        return self.between

    def refresh(self) -> None:
        """Read again whatever is open (another clerk may have changed the database)."""
        for window in self.windows:
            if window.isVisible():
                window.refresh()
