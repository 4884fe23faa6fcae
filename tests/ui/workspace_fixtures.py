"""Fixtures of the meeting-workspace tests (a pytest plugin: `pytest_plugins =
["workspace_fixtures"]`): dialogs answered without a modal loop, the messages a clerk would
have seen, and a workspace opened on the test's database."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from workspace_helpers import TODAY

from ccsc_gov.core.store.database import Database
from ccsc_gov.ui import ops as ops_module
from ccsc_gov.ui.ops import Operations
from ccsc_gov.ui.workspace.window import MeetingWorkspace, read_meeting_state


@dataclass
class Dialogs:
    """Answers for the workspace's dialogs, given in advance; each `ask` takes the next one."""

    monkeypatch: pytest.MonkeyPatch
    asked: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def answer(self, dialog: type, *answers: Any) -> None:
        queue = deque(answers)
        name = dialog.__name__
        self.asked.setdefault(name, [])

        def ask(_parent: Any = None, **kwargs: Any) -> Any:
            self.asked[name].append(kwargs)
            assert queue, f"{name} was asked more often than the test expected"
            return queue.popleft()

        self.monkeypatch.setattr(dialog, "ask", ask)


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    return Dialogs(monkeypatch)


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The messages the clerk would have seen in a message box."""
    shown: list[str] = []
    monkeypatch.setattr(
        ops_module, "show_user_error", lambda _parent, error: shown.append(str(error))
    )
    return shown


OpenWorkspace = Callable[[str], MeetingWorkspace]


@pytest.fixture
def open_workspace(qtbot: QtBot, db: Database) -> OpenWorkspace:
    """Open a meeting's workspace, as its own window, on the test's database."""
    operations = Operations(db)

    def open_(ref: str) -> MeetingWorkspace:
        with db.reading() as session:
            state = read_meeting_state(session, meeting_ref=ref)
        workspace = MeetingWorkspace(operations, state, today=lambda: TODAY)
        qtbot.addWidget(workspace)
        workspace.show()
        qtbot.waitExposed(workspace)
        # Active, as a window the clerk works in: its keyboard shortcuts then reach it.
        with qtbot.waitActive(workspace):
            workspace.activateWindow()
        return workspace

    return open_
