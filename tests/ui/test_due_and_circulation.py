"""The main window's Due panel across every body, each entry opening the place where it is
done, and circulating from the meeting workspace (asking before circulating twice)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from chairs_helpers import TODAY
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ccsc_gov.core.services.deadlines import Deadline, DueKind, deadlines
from ccsc_gov.core.store.db import Database
from ccsc_gov.ui.forms import Confirm
from ccsc_gov.ui.main_window import MainWindow
from ccsc_gov.ui.meeting_table import COLUMNS
from ccsc_gov.ui.workspace import circulation_tab
from ccsc_gov.ui.workspace.window import MeetingWorkspace

pytest_plugins = ["chairs_fixtures"]


@pytest.fixture
def window(qtbot: QtBot, demo_copy: Database) -> MainWindow:
    main = MainWindow(demo_copy, now=lambda: dt.datetime.combine(TODAY, dt.time(9)))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    qtbot.waitUntil(lambda: not main.due_panel.waiting)  # filled just after the first paint
    return main


def test_the_due_panel_is_read_once_the_meetings_are_on_the_screen(
    qtbot: QtBot, demo_copy: Database
) -> None:
    main = MainWindow(demo_copy, now=lambda: dt.datetime.combine(TODAY, dt.time(9)))
    qtbot.addWidget(main)
    assert main.meeting_model.rowCount() > 0  # the first paint's own rows are read at once
    assert main.due_panel.waiting
    assert main.due_panel.empty.text() == "Reading what falls due…"
    with qtbot.waitSignal(main.first_painted, timeout=10_000):
        main.show()
    assert not main.due_panel.waiting
    with demo_copy.reading() as session:
        expected = deadlines(session, today=TODAY)
    assert expected
    assert main.due_panel.model.shown_rows() == expected


@pytest.fixture
def drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    """Drafts go to the test's folder; what the clerk is told is kept."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    told: list[str] = []
    monkeypatch.setattr(circulation_tab, "ask_folder", lambda *_args: folder)
    monkeypatch.setattr(circulation_tab, "tell", lambda _parent, _title, text: told.append(text))
    return folder, told


def shown(window: MainWindow) -> list[Deadline]:
    model = window.due_panel.model
    return model.shown_rows()


def activate(qtbot: QtBot, window: MainWindow, deadline: Deadline) -> MeetingWorkspace:
    row = shown(window).index(deadline)
    table = window.due_panel.table
    table.setFocus()
    table.selectRow(row)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert deadline.meeting is not None
    workspace = window.workspaces.get(deadline.meeting)
    assert workspace is not None
    qtbot.waitExposed(workspace)
    return workspace


def test_the_due_panel_lists_every_bodys_deadlines_late_first(
    window: MainWindow, demo_copy: Database, qtmodeltester: ModelTester
) -> None:
    with demo_copy.reading() as session:
        expected = deadlines(session, today=TODAY)
    assert shown(window) == expected
    assert {d.body for d in expected} >= {"EMC", "CTSC"}
    qtmodeltester.check(window.due_panel.model)
    late = window.due_panel.model.index(0, 0)
    assert late.data().endswith("late")
    assert window.due_dock.isVisible()


def test_an_action_entry_opens_the_action_where_it_was_raised(
    qtbot: QtBot, window: MainWindow
) -> None:
    action = next(d for d in shown(window) if d.kind is DueKind.ACTION)
    workspace = activate(qtbot, window, action)
    assert workspace.tabs.currentWidget() is workspace.minutes_tab


def test_circulating_the_agenda_from_its_entry_takes_it_off_the_list_and_asks_before_again(
    qtbot: QtBot,
    window: MainWindow,
    drafts: tuple[Path, list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder, told = drafts
    agenda = next(d for d in shown(window) if d.kind is DueKind.AGENDA)
    workspace = activate(qtbot, window, agenda)
    tab = workspace.circulation_tab
    assert workspace.tabs.currentWidget() is tab

    qtbot.mouseClick(tab.buttons[circulation_tab.CirculationKind.AGENDA], Qt.MouseButton.LeftButton)
    messages = sorted(folder.glob("*.eml"))
    assert messages
    assert "Saved for" in told[-1]
    assert tab.model.rowCount() == len(messages)
    assert agenda not in shown(window)

    asked: list[Any] = []
    monkeypatch.setattr(Confirm, "ask", lambda *args, **kw: asked.append(kw) or False)
    qtbot.mouseClick(tab.buttons[circulation_tab.CirculationKind.AGENDA], Qt.MouseButton.LeftButton)
    assert len(asked) == 1
    assert "already went out" in asked[0]["text"]
    assert tab.model.rowCount() == len(messages)

    monkeypatch.setattr(Confirm, "ask", lambda *args, **kw: True)
    qtbot.mouseClick(tab.buttons[circulation_tab.CirculationKind.AGENDA], Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 2 * len(messages)


def test_draft_minutes_to_the_chair_then_cleared_puts_the_minutes_on_the_list(
    qtbot: QtBot, window: MainWindow, drafts: tuple[Path, list[str]]
) -> None:
    folder, _ = drafts
    draft = next(d for d in shown(window) if d.kind is DueKind.DRAFT_MINUTES)
    workspace = activate(qtbot, window, draft)
    tab = workspace.circulation_tab
    assert not tab.cleared_button.isEnabled()

    qtbot.mouseClick(
        tab.buttons[circulation_tab.CirculationKind.DRAFT_MINUTES], Qt.MouseButton.LeftButton
    )
    assert len(list(folder.glob("*.eml"))) == 1
    assert tab.stage.text() == "Minutes: with the chair."
    window.select_body(draft.body)
    model = window.meeting_model
    [row] = [r for r in range(model.rowCount()) if model.meeting_at(r).ref == draft.meeting]
    minutes_column = [c.title for c in COLUMNS].index("Minutes")
    assert model.index(row, minutes_column).data() == "With the chair"
    assert draft.meeting not in {d.meeting for d in shown(window) if d.kind is not DueKind.ACTION}

    qtbot.mouseClick(tab.cleared_button, Qt.MouseButton.LeftButton)
    assert tab.stage.text() == "Minutes: cleared by the chair."
    assert (DueKind.MINUTES, draft.meeting) in {(d.kind, d.meeting) for d in shown(window)}


def test_with_a_mail_server_set_the_workspace_sends_directly(
    qtbot: QtBot,
    window: MainWindow,
    drafts: tuple[Path, list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from smtp_server import smtp_server

    _, told = drafts
    config = tmp_path / "config" / "ccsc-gov"
    config.mkdir(parents=True)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    agenda = next(d for d in shown(window) if d.kind is DueKind.AGENDA)
    with smtp_server() as (port, received):
        (config / "ccsc-gov.toml").write_text(
            f'[mail]\nhost = "localhost"\nport = {port}\nstarttls = false\n'
            'from = "Governance Office <governance@northbridge.example.ac.uk>"\n'
        )
        workspace = activate(qtbot, window, agenda)
        tab = workspace.circulation_tab
        assert tab.send_box.isEnabled()
        assert "localhost" in tab.send_box.text()
        tab.send_box.setChecked(True)
        qtbot.mouseClick(
            tab.buttons[circulation_tab.CirculationKind.AGENDA], Qt.MouseButton.LeftButton
        )
    assert received.messages
    assert told[-1].count("Sent to") == len(received.messages)
    outcomes = {tab.model.index(row, 3).data() for row in range(tab.model.rowCount())}
    assert outcomes == {"Sent"}
