"""The meeting workspace: a meeting's agenda, attendance, minutes and actions, its lifecycle,
undo and redo, and the export of its documents."""

from ccsc_gov.ui.workspace.opening import Workspaces
from ccsc_gov.ui.workspace.window import MeetingWorkspace

__all__ = ["MeetingWorkspace", "Workspaces"]
