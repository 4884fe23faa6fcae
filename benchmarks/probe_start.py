"""One start-up, measured: the app's main window (or a reference window) until first paint.

Run by benchmarks/run.py as a fresh process: `probe_start.py app|reference|floor DB T0`, where
T0 is the parent's clock just before it started this process. Prints seconds from T0 to the
first paint of the meetings table (or the reference window) and the peak memory in MiB.

`app` starts the way a clerk does, through the `ccsc-gov` command (`ccsc-gov --db DB`): the
command line, the log, the database opened and checked, the main window; its first paint is
that of the meetings table.

`floor` is the reference plus what a window of this app was taken to need before it can show
a meeting: declare the ORM models (and configure their mappers) and set up Qt's `Qt` namespace
enums, started the same way as the app: the `ccsc-gov` command pauses the garbage collector
before it imports anything (core/settings/start.py), and so does the floor. The reference is
a bare window, started as Python starts. What the app takes beyond the floor is its own to cut.
(The app itself now paints before it declares its models: its first paint reads through the
Core tables of store/schema.py. The floor is kept as the budget defines it.)

Nothing here imports PySide6 before the program measured would. Once PySide6 is imported, it
reads the source of every module imported after it (to look for `from __feature__ import`),
about 50 ms for SQLAlchemy's. The app imports SQLAlchemy and its models first, so it never pays
that; a probe that imported PySide6 first would charge it to the app. So the floor and the
reference import SQLAlchemy (and the models) before PySide6 too, as the app does, and make
their engine and run their query before it as well, as the app opens its database before Qt
(the engine imports SQLite's dialect, asyncio with it: about 10 ms more if PySide6 came
first). The app's first paint is watched from the moment its main window's module is loaded.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import resource
import sys
import time
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
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


def first_paint() -> Any:
    """An event filter that prints the time and peak memory at the first paint it sees, then
    quits (as the clerk's File ▸ Quit would). PySide6 is imported here, when first needed."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                elapsed = time.time() - t0
                peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(f"{elapsed:.4f} {peak_mib:.1f}", flush=True)
                QTimer.singleShot(0, QApplication.quit)
                watched.removeEventFilter(self)
            return False

    return FirstPaint()


class MainWindowWatch(importlib.abc.MetaPathFinder):
    """Watches the app's main window once its module is loaded: the probe watches what the
    window shows first, the meetings table (or the guide in its place), and nothing else. A
    filter on the whole application would be handed every one of Qt's own widgets, and making
    each known to Python costs PySide6 a search through its widget classes (10 to 40 ms) that
    the app itself never makes."""

    MODULE = "ccsc_gov.ui.main_window"

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name != self.MODULE:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        assert spec is not None
        assert spec.loader is not None
        load = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            load(module)
            probe = first_paint()
            build = module.MainWindow.__init__

            def watched(window: Any, *args: Any, **kwargs: Any) -> None:
                build(window, *args, **kwargs)
                # A version that did not make the table's viewport itself: asked.
                viewport = getattr(window, "meeting_viewport", None)
                for shown in (viewport or window.meeting_table.viewport(), window.empty_state):
                    shown.installEventFilter(probe)

            module.MainWindow.__init__ = watched
            module.first_paint_probe = probe  # kept alive as long as the module

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


if kind in ("reference", "floor"):
    # A bare PySide6 window plus `import sqlalchemy.orm` and one query, made in the app's order.
    import sqlalchemy.orm
    from sqlalchemy import create_engine, text

    if kind == "floor":
        import ccsc_gov.core.store.models  # noqa: F401

        sqlalchemy.orm.configure_mappers()

    with create_engine(f"sqlite:///{db}").connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM meeting")).scalar()
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLabel

    if kind == "floor":
        assert Qt.AlignmentFlag.AlignLeft  # the first use of `Qt` makes its enums

    app = QApplication(sys.argv[:1])
    window = QLabel(f"{count} meetings")
    probe = first_paint()
    window.installEventFilter(probe)
    window.show()
    app.exec()
else:
    sys.meta_path.insert(0, MainWindowWatch())
    try:
        from ccsc_gov.cli.start import main
    except ImportError:  # a version whose command starts in commands.py
        from ccsc_gov.cli.commands import main
    sys.exit(main(["--db", db]))
