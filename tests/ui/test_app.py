"""Starting the desktop app: `run_gui` shows the main window and returns the exit code."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ccsc_gov.core.db import Database
from ccsc_gov.ui import app as app_module
from ccsc_gov.ui import crash
from ccsc_gov.ui.crash import CrashHandler
from ccsc_gov.ui.main_window import MainWindow


@pytest.fixture
def app_names(qapp: QApplication) -> Iterator[None]:
    """`run_gui` names the (shared) test QApplication; put the names back afterwards."""
    before = (
        QCoreApplication.organizationName(),
        QCoreApplication.applicationName(),
        QCoreApplication.applicationVersion(),
        QApplication.desktopFileName(),
    )
    yield
    QCoreApplication.setOrganizationName(before[0])
    QCoreApplication.setApplicationName(before[1])
    QCoreApplication.setApplicationVersion(before[2])
    QApplication.setDesktopFileName(before[3])


def test_run_gui_shows_the_main_window_until_quit(
    qtbot: QtBot,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    app_names: None,
) -> None:
    monkeypatch.setattr(app_module, "log_dir", lambda: tmp_path / "log")
    # A bug here must fail the test, not wait for someone to close a dialog.
    monkeypatch.setattr(crash, "show_crash", lambda details, _path: pytest.fail(details))
    hook_before = sys.excepthook
    seen: dict[str, object] = {}

    def look_then_quit() -> None:
        [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        qtbot.addWidget(window)
        seen["title"] = window.windowTitle()
        seen["visible"] = window.isVisible()
        seen["hook"] = sys.excepthook
        seen["names"] = (QCoreApplication.organizationName(), QCoreApplication.applicationName())
        window.quit_action.trigger()

    QTimer.singleShot(0, look_then_quit)
    # If quitting failed, end the loop anyway so the test fails rather than hangs.
    failsafe = QTimer(singleShot=True, interval=10_000)
    failsafe.timeout.connect(lambda: QApplication.exit(99))
    failsafe.start()
    try:
        exit_code = app_module.run_gui(db)
    finally:
        failsafe.stop()

    assert exit_code == 0
    assert seen["visible"] is True
    assert db.display_name in str(seen["title"])
    assert isinstance(seen["hook"], CrashHandler)
    assert seen["names"] == ("CCSC", "ccsc-gov")
    assert sys.excepthook is hook_before
