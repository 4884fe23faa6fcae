"""Opening meeting workspaces from the main window (one window per meeting, reused when opened
again) and scheduling a new meeting of a body. The workspace's modules are imported when the
first one is opened, so the main window starts without them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from ccsc_gov.core.services.body_list import BodyView
from ccsc_gov.core.services.meeting_list import MeetingSummary
from ccsc_gov.ui.ops import Operations

if TYPE_CHECKING:
    from ccsc_gov.ui.workspace.window import MeetingWorkspace


class Workspaces(QObject):
    """The open meeting workspaces of one main window."""

    def __init__(
        self,
        ops: Operations,
        window: QWidget,
        *,
        now: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        super().__init__(window)
        self.ops = ops
        self.window = window
        self._now = now
        self._open: dict[str, MeetingWorkspace] = {}

    def today(self) -> dt.date:
        return self._now().date()

    def get(self, ref: str) -> MeetingWorkspace | None:
        return self._open.get(ref)

    def open(self, ref: str) -> MeetingWorkspace | None:
        """Show the meeting's workspace, opening it if need be; None if it cannot be read."""
        workspace = self._open.get(ref)
        if workspace is None:
            from ccsc_gov.ui.workspace.window import MeetingWorkspace, read_meeting_state

            state = self.ops.run_query(
                lambda s: read_meeting_state(s, meeting_ref=ref), parent=self.window
            )
            if state is None:
                return None
            # A child of the main window (so it closes with it), shown as a window of its own.
            workspace = MeetingWorkspace(self.ops, state, self.window, today=self.today)
            self._open[ref] = workspace
        elif workspace.isVisible():
            # Open already, perhaps behind other windows: bring it to the front.
            workspace.raise_()
        workspace.show()
        workspace.activateWindow()
        return workspace

    def schedule(self, body: BodyView) -> MeetingWorkspace | None:
        """Ask when and where, schedule the meeting, and open its workspace."""
        from ccsc_gov.core.services import meetings
        from ccsc_gov.ui.workspace.dialogs import MeetingDialog, default_meeting

        details = MeetingDialog.ask(
            self.window,
            title="Schedule a meeting",
            heading=f"A new meeting of the {body.name}. Its reference and the standard agenda "
            "follow by themselves.",
            initial=default_meeting(self._now()),
        )
        if details is None:
            return None

        def schedule(session: Session) -> MeetingSummary:
            return meetings.schedule_meeting(
                session,
                body=body.code,
                start=details.start,
                end=details.end,
                location=details.location,
                video_link=details.video_link,
            )

        scheduled = self.ops.run_op(schedule, parent=self.window)
        return self.open(scheduled.ref) if scheduled is not None else None
