"""One start-up, measured: the app's main window (or a reference window) until first paint.

Run by benchmarks/run.py as a fresh process: `probe_start.py app|reference|floor DB T0`, where
T0 is the parent's clock just before it started this process. Prints seconds from T0 to the
first paint of the meetings table (or the reference window) and the peak memory in MiB.

`floor` is the reference plus what any window of this app must do before it can show a
meeting: declare the ORM models (and configure their mappers) and set up Qt's `Qt` namespace
enums. What the app takes beyond the floor is its own to cut.
"""

from __future__ import annotations

import os
import resource
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
kind, db, t0 = sys.argv[1], sys.argv[2], float(sys.argv[3])

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402


class FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            elapsed = time.time() - t0
            peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{elapsed:.4f} {peak_mib:.1f}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
            self.deleteLater()
        return False


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
    watched = window
else:
    from ccsc_gov.core.store.db import open_database
    from ccsc_gov.ui.app import application
    from ccsc_gov.ui.main_window import MainWindow

    database = open_database(db)
    app = application()
    window = MainWindow(database)
    watched = window.meeting_table.viewport()
probe = FirstPaint()
watched.installEventFilter(probe)
window.show()
app.exec()
