"""Qt-only test settings: an offscreen display, Qt warnings fail tests, QSettings in tmp_path."""

from __future__ import annotations

import os

# Qt reads it when the QApplication is made (pytest-qt's `qapp` fixture), so this is early
# enough even though pytest-qt has imported the bindings already. Forced, not defaulted: no
# window appears on a developer's screen and CI needs no display, whatever the desktop says.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import Conflict
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import Body, Meeting, MeetingStatus
from ccsc_gov.core.store.references import allocate_meeting_ref
from ccsc_gov.ui import ops as ops_module
from ccsc_gov.ui.main_window import MainWindow

UI_TESTS = Path(__file__).parent

# Warnings the offscreen platform itself gives about features a real display has.
OFFSCREEN_NOISE = (
    r"^This plugin does not support propagateSizeHints\(\)$",
    # Bringing a window that is open already to the front.
    r"^This plugin does not support raise\(\)$",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Any Qt warning (or worse) logged during a GUI test fails it (qutebrowser's discipline).

    Set per item rather than through the global `qt_log_level_fail` ini option, which would
    reach the core tests too. The hook sees every collected item, so only ours are marked.
    """
    for item in items:
        if UI_TESTS in item.path.parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def settings_dir(tmp_path: Path) -> Iterator[Path]:
    """Each test's QSettings live in its own folder, never in the developer's profile."""
    folder = tmp_path / "settings"
    previous = QSettings.defaultFormat()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    # QSettings(organisation, application), as the app makes them, is always NativeFormat
    # whatever the default format: both formats' paths are moved.
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(settings_format, scope, str(folder / scope.name))
    yield folder
    QSettings.setDefaultFormat(previous)


@pytest.fixture(autouse=True)
def conflict_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """What each conflict dialog would have told the clerk, and the text it kept for them: no
    test ever waits on a real one (someone else changed the record first)."""
    shown: list[tuple[str, str]] = []

    def show(_parent: object, error: Conflict, *, kept_text: str) -> None:
        shown.append((error.what_happened, kept_text))

    monkeypatch.setattr(ops_module, "show_conflict", show)
    return shown


def put_in_diary(
    session: Session,
    body: str,
    days: float,
    *,
    hours: float = 2,
    location: str = "Room 2.14",
    status: MeetingStatus = MeetingStatus.PLANNED,
) -> str:
    """Add a meeting of a body `days` from now, through the ORM; its reference.

    A stand-in for the scheduling service until it lands; then tests use `schedule_meeting`.
    """
    start = dt.datetime.now().replace(second=0, microsecond=0) + dt.timedelta(days=days)
    body_id = session.scalars(select(Body.id).where(Body.code == body)).one()
    ref = allocate_meeting_ref(session, body, start.year)
    session.add(
        Meeting(
            ref=ref,
            body_id=body_id,
            start_at=start,
            end_at=start + dt.timedelta(hours=hours),
            location=location,
            status=status,
        )
    )
    session.flush()
    return ref


@pytest.fixture(name="put_in_diary")
def put_in_diary_fixture() -> Callable[..., str]:
    """`put_in_diary(session, "EMC", 7)` inside an op: a meeting of EMC next week."""
    return put_in_diary


@pytest.fixture
def add_meeting(db: Database) -> Callable[..., str]:
    """`add_meeting("EMC", 7)`: a meeting of EMC next week, in its own transaction."""

    def add(body: str, days: float, **details: Any) -> str:
        with db.transaction() as session:
            return put_in_diary(session, body, days, **details)

    return add


@pytest.fixture
def open_window(qtbot: QtBot, db: Database) -> Callable[[], MainWindow]:
    """Open (and on a second call, reopen) the main window on the test's database."""

    def open_() -> MainWindow:
        window = MainWindow(db)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return open_
