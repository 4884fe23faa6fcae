"""Starting the desktop app: `run_gui` shows the main window and returns the exit code."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ccsc_gov.cli.commands import main
from ccsc_gov.core.settings.config import config_path
from ccsc_gov.core.store import backups
from ccsc_gov.core.store.backups import list_backups
from ccsc_gov.core.store.database import Database
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
        QApplication.windowIcon(),
    )
    yield
    QCoreApplication.setOrganizationName(before[0])
    QCoreApplication.setApplicationName(before[1])
    QCoreApplication.setApplicationVersion(before[2])
    QApplication.setDesktopFileName(before[3])
    QApplication.setWindowIcon(before[4])


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
        seen["icon"] = {size.width() for size in window.windowIcon().availableSizes()}
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
    # The title bar and the task switcher show the app's icon, at every size they use, from
    # 16 pixels to 256.
    assert seen["icon"] == {16, 24, 32, 48, 64, 128, 256}
    assert sys.excepthook is hook_before


# Windows the main window offers from its menus but does not need for its first paint.
OPENED_ON_FIRST_USE = (
    "ccsc_gov.ui.chairs.action_log",
    "ccsc_gov.ui.chairs.decisions",
    "ccsc_gov.ui.chairs.attendance",
    "ccsc_gov.ui.people.windows",
    "ccsc_gov.ui.people.dialogs",
    "ccsc_gov.ui.workspace.window",
    "ccsc_gov.ui.workspace.circulation_tab",
    "ccsc_gov.ui.workspace.review_dialog",
    "ccsc_gov.ui.search",
)


# The only modules of the UI the main window needs for its first paint. Any other window (a
# paper pack, circulation, resolutions, a review…) is imported when it is first opened, and so
# is anything that writes documents: a module added here must be one the first paint needs.
FIRST_PAINT = (
    "ccsc_gov.ui",
    "ccsc_gov.ui.app",
    "ccsc_gov.ui.body_tree",
    "ccsc_gov.ui.chairs",
    "ccsc_gov.ui.chairs.menu",
    "ccsc_gov.ui.crash",
    "ccsc_gov.ui.due_panel",  # a dock of the main window: the deadlines coming up
    "ccsc_gov.ui.formats",
    "ccsc_gov.ui.main_window",
    "ccsc_gov.ui.meeting_table",
    "ccsc_gov.ui.ops",
    "ccsc_gov.ui.people",
    "ccsc_gov.ui.people.menu",
    "ccsc_gov.ui.settings",
    "ccsc_gov.ui.tables",
    "ccsc_gov.ui.workspace",
    "ccsc_gov.ui.workspace.opening",
)
# Of the services, only what the first paint reads: the bodies, the meetings listed with their
# minutes' stage and their papers. The Due panel (`deadlines`) and each meeting's quorum
# (`attendance`) are read just after it; the agenda's, the papers' and circulation's services
# when a meeting is opened or changed.
FIRST_PAINT_SERVICES = (
    "ccsc_gov.core.services",
    "ccsc_gov.core.services.body_list",
    "ccsc_gov.core.services.common",
    "ccsc_gov.core.services.meeting_list",
    "ccsc_gov.core.services.minutes_stage",
    "ccsc_gov.core.services.paper_references",
)
DOCUMENT_WRITERS = ("docx", "openpyxl", "icalendar", "reportlab", "pypdf")


def _first_paint_probe(db: Database, then: str) -> dict[str, Any]:
    """What a fresh process has imported once the main window is painted (`painted`), started
    as a clerk starts it (`ccsc-gov --db DB`), then after `then` (`then`, run with `window` the
    main window)."""
    probe = (
        "import json, os, sys\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtCore import QEvent, QObject, QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication(sys.argv[:1])\n"
        "class Painted(QObject):\n"
        "    def eventFilter(self, watched, event):\n"
        "        if event.type() == QEvent.Type.Paint and not hasattr(self, 'seen'):\n"
        "            self.seen = sorted(sys.modules)\n"
        "            QTimer.singleShot(0, self.then)\n"
        "        return False\n"
        "    def then(self):\n"
        "        from ccsc_gov.ui.main_window import MainWindow\n"
        "        [window] = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]\n"
        f"        {then}\n"
        "        then = sorted(sys.modules)\n"
        "        print(json.dumps({'painted': self.seen, 'then': then}))\n"
        "        app.closeAllWindows()\n"
        "painted = Painted()\n"
        "app.installEventFilter(painted)\n"
        "from ccsc_gov.cli.start import main\n"
        f"sys.exit(main(['--db', {str(db.path)!r}]))\n"
    )
    env = {**os.environ, "XDG_CONFIG_HOME": str(db.path.parent / "config")}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=env,
    )
    return json.loads(result.stdout)


def test_the_main_window_starts_without_the_windows_it_opens_later(db: Database) -> None:
    """Start-up stays quick: each window's module is imported when it is first opened."""
    seen = _first_paint_probe(db, "window.chair_views.open_action_log()")
    assert [m for m in OPENED_ON_FIRST_USE if m in seen["painted"]] == []
    assert "ccsc_gov.ui.chairs.action_log" in seen["then"]


def test_the_first_paint_imports_only_the_main_windows_own_modules(db: Database) -> None:
    """A window added to the app (papers, circulation, resolutions, review…) adds nothing to
    start-up, and nothing that writes documents is loaded before a document is asked for."""
    seen = _first_paint_probe(db, "pass")
    loaded = seen["painted"]
    ui = [m for m in loaded if m.startswith("ccsc_gov.ui")]
    writers = [
        m
        for m in loaded
        if m.split(".")[0] in DOCUMENT_WRITERS or m.startswith("ccsc_gov.core.export")
    ]
    services = [m for m in loaded if m.startswith("ccsc_gov.core.services")]
    assert sorted(set(ui) - set(FIRST_PAINT)) == []
    assert sorted(set(services) - set(FIRST_PAINT_SERVICES)) == []
    assert writers == []
    # The window is opened without building the command line's parser.
    assert "ccsc_gov.cli.commands" not in loaded
    # The bodies, meetings, minutes' stages and papers are read through the tables of
    # store/schema.py: the models' classes are made only once the clerk sees the meetings (for
    # the Quorum column and the Due panel).
    assert "ccsc_gov.core.store.models" not in loaded


def test_a_bad_settings_file_is_shown_once_the_window_is_up_not_a_crash(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app_names: None
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    config_path().parent.mkdir(parents=True)
    config_path().write_text("[backups]\nkeep = 0\n", encoding="utf-8")
    monkeypatch.setattr(app_module, "log_dir", lambda: tmp_path / "log")
    monkeypatch.setattr(crash, "show_crash", lambda details, _path: pytest.fail(details))
    shown: list[str] = []

    def shown_then_quit(_parent: object, error: Exception) -> None:
        shown.append(str(error))
        QApplication.closeAllWindows()

    monkeypatch.setattr(app_module, "show_user_error", shown_then_quit)
    failsafe = QTimer(singleShot=True, interval=10_000)
    failsafe.timeout.connect(lambda: QApplication.exit(99))
    failsafe.start()
    try:
        status = main(["--db", str(db.path)])
    finally:
        failsafe.stop()

    assert status == 0
    assert shown == [
        f"In {config_path()}, line 2, backups.keep must be a whole number from 1 to 1000."
    ]


def test_the_days_backup_is_taken_off_the_window_thread_once_the_meetings_are_painted(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app_names: None
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(app_module, "log_dir", lambda: tmp_path / "log")
    monkeypatch.setattr(crash, "show_crash", lambda details, _path: pytest.fail(details))
    monkeypatch.setattr(app_module, "show_user_error", lambda _p, e: pytest.fail(str(e)))
    seen: list[tuple[str, bool]] = []
    take = backups.daily_backup

    def noted(database: Database) -> Path | None:
        [window] = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.database is database
        ]
        seen.append((threading.current_thread().name, window.isVisible()))
        return take(database)

    monkeypatch.setattr(backups, "daily_backup", noted)
    quit_when_taken = QTimer(interval=20)
    quit_when_taken.timeout.connect(lambda: list_backups(db) and QApplication.closeAllWindows())
    quit_when_taken.start()
    failsafe = QTimer(singleShot=True, interval=10_000)
    failsafe.timeout.connect(lambda: QApplication.exit(99))
    failsafe.start()
    try:
        assert list_backups(db) == []
        status = main(["--db", str(db.path)])
    finally:
        quit_when_taken.stop()
        failsafe.stop()

    assert status == 0
    assert seen == [("daily backup", True)]  # on its own thread, the window already up
    [backup] = list_backups(db)
    assert backup.name.endswith("-daily.sqlite3")
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("PRAGMA quick_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM body").fetchone()[0] > 0
