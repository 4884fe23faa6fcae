"""One start-up, measured: the app's main window (or a reference window) until first paint.

Run by benchmarks/run.py as a fresh process: `probe_start.py app|reference|floor DB T0`, where
T0 is the parent's clock just before it started this process. Prints seconds from T0 to the
first paint of the meetings table (or the reference window) and the peak memory in MiB.

`app` starts the way a clerk does, through the `ccsc-gov` command (`ccsc-gov --db DB`): the
command line, the log, the database opened and checked, the main window; its first paint is
that of the meetings table.

`floor` is the reference plus what any window of this app must do before it can show a
meeting: declare the ORM models (and configure their mappers) and set up Qt's `Qt` namespace
enums, started the same way as the app: the `ccsc-gov` command pauses the garbage collector
before it imports anything (core/settings/start.py), and so does the floor. The reference is
a bare window, started as Python starts. What the app takes beyond the floor is its own to cut.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
kind, db, t0 = sys.argv[1], sys.argv[2], float(sys.argv[3])
if kind in ("app", "floor"):
    try:
        from ccsc_gov.core.settings.start import pause_collection
    except ImportError:  # a version that starts with the collector on
        pass
    else:
        pause_collection()

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QWidget  # noqa: E402


class FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            elapsed = time.time() - t0
            peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{elapsed:.4f} {peak_mib:.1f}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
            watched.removeEventFilter(self)
        return False


def _meetings_viewport(window: Any) -> QWidget:
    """The widget the meetings are painted on (a version that did not make its own: asked)."""
    return getattr(window, "meeting_viewport", None) or window.meeting_table.viewport()


if kind in ("reference", "floor"):
    # A bare PySide6 window plus `import sqlalchemy.orm` and one query.
    import sqlalchemy.orm
    from sqlalchemy import create_engine, text

    if kind == "floor":
        from PySide6.QtCore import Qt

        import ccsc_gov.core.store.models  # noqa: F401

        sqlalchemy.orm.configure_mappers()
        assert Qt.AlignmentFlag.AlignLeft  # the first use of `Qt` makes its enums

    app = QApplication(sys.argv[:1])
    with create_engine(f"sqlite:///{db}").connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM meeting")).scalar()
    window = QLabel(f"{count} meetings")
    probe = FirstPaint()
    window.installEventFilter(probe)
    window.show()
    app.exec()
else:
    # The app takes up this QApplication (ui/app.py). The probe watches what the main window
    # shows first, the meetings table (or the guide in its place), and nothing else: a filter
    # on the whole application would be handed every one of Qt's own widgets, and making each
    # known to Python costs PySide6 a search through its widget classes (10 to 40 ms) that the
    # app itself never makes. Then it quits, as the clerk's File ▸ Quit would.
    from ccsc_gov.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    probe = FirstPaint()
    build = MainWindow.__init__

    def watched(window: MainWindow, *args: Any, **kwargs: Any) -> None:
        build(window, *args, **kwargs)
        for shown in (_meetings_viewport(window), window.empty_state):
            shown.installEventFilter(probe)

    MainWindow.__init__ = watched  # type: ignore[method-assign]
    try:
        from ccsc_gov.cli.start import main
    except ImportError:  # a version whose command starts in commands.py
        from ccsc_gov.cli.commands import main
    sys.exit(main(["--db", db]))
