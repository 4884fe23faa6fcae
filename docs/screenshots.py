"""Take the README's screenshots in a real window, on a demo database.

    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python docs/screenshots.py

Needs Xvfb and ImageMagick's `import` (Debian: xvfb imagemagick). Writes docs/*.png.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
UNTIL = dt.date(2026, 11, 29)
NOW = dt.datetime(2026, 11, 29, 9, 0)

profile = Path(tempfile.mkdtemp(prefix="ccsc-shots-"))
for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
    os.environ[variable] = str(profile / variable.lower())

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from ccsc_gov.core.demo.history import build_demo  # noqa: E402
from ccsc_gov.core.store.db import Database, open_database  # noqa: E402
from ccsc_gov.ui.about import AboutDialog  # noqa: E402
from ccsc_gov.ui.app import application  # noqa: E402
from ccsc_gov.ui.main_window import MainWindow  # noqa: E402
from ccsc_gov.ui.workspace.review_dialog import ReviewDialog  # noqa: E402

# The tests' helpers make a returned review copy as a chair would (tracked changes, a comment).
sys.path.insert(0, str(DOCS.parent / "tests"))
from review_files import comment_on, edited, make_review_copy, track_replace  # noqa: E402


def shoot(app: QApplication, window: QWidget, name: str, *, full_screen: bool = True) -> None:
    """Show the window, let it paint, and grab the screen (or only the window, for a dialog)
    while the event loop still runs."""
    window.move(0, 0)
    if full_screen:
        window.resize(1440, 900)
    window.show()
    window.raise_()
    window.activateWindow()

    def grab() -> None:
        area = window.frameGeometry()
        crop = [] if full_screen else ["-crop", f"{area.width()}x{area.height()}+0+0"]
        subprocess.run(["import", "-window", "root", *crop, str(DOCS / name)], check=True)
        print("wrote", DOCS / name)
        app.quit()

    QTimer.singleShot(1500, grab)
    app.exec()


def review_dialog(database: Database, ref: str) -> ReviewDialog:
    """The dialog over a review copy of `ref` the chair has corrected with Track Changes: a
    decision's last words replaced, and a comment on an item's minute."""
    from ccsc_gov.core.export import chairs_review as review
    from ccsc_gov.core.export.review_copy import read_review_file

    folder = profile / "review"
    folder.mkdir()
    copy = make_review_copy(database, ref, folder / "review copy.docx")
    pieces = read_review_file(copy).pieces
    # The last of each: business, not the welcome or the previous minutes.
    decision = [k for k, p in pieces.items() if k.startswith("decision_") and p.after][-1]
    minute = [k for k, p in pieces.items() if k.startswith("minute_") and p.after][-1]
    words = pieces[decision].after.split()
    old = " ".join(words[-2:])
    chair = "Prof. Eleanor Whitfield"
    returned = edited(
        copy,
        folder / "returned.docx",
        lambda d: track_replace(
            d, old, "the Centre lawyer's advice.", author=chair, piece=decision
        ),
        lambda d: comment_on(
            d, pieces[minute].after.split()[0], "Say who presented.", author=chair, piece=minute
        ),
    )
    with database.reading() as session:
        report = review.review_changes(session, meeting=ref, path=returned)
    dialog = ReviewDialog(None, report)
    dialog.list.setCurrentRow([c.key for c in report.changes].index(decision))
    return dialog


def main() -> int:
    database = open_database(str(profile / "demo.sqlite3"))
    build_demo(database, years=3, seed=1, until=UNTIL)
    app = application()
    window = MainWindow(database, now=lambda: NOW)
    window.select_body("EMC")
    shoot(app, window, "main-window.png")

    last_drafted = "EMC/2026/10"
    workspace = window.workspaces.open(last_drafted)
    assert workspace is not None
    shoot(app, workspace, "meeting-workspace.png")
    workspace.close()
    shoot(app, review_dialog(database, last_drafted), "review-dialog.png")

    # The draft minutes went to the chair as .eml drafts: the Circulation tab's record.
    from ccsc_gov.core.export.circulate import prepare_circulation, write_drafts
    from ccsc_gov.core.services.circulation import record_circulation
    from ccsc_gov.core.store.models import CirculationKind

    drafts = profile / "drafts"
    drafts.mkdir()
    for ref, kind in ((last_drafted, CirculationKind.DRAFT_MINUTES),):
        with database.reading() as session:
            prepared = prepare_circulation(session, meeting=ref, kind=kind)
        with database.transaction() as session:
            record_circulation(
                session,
                kind=kind,
                meeting_id=prepared.plan.meeting_id,
                sent=False,
                folder=str(drafts),
                messages=write_drafts(prepared.messages, drafts),
            )
    window.refresh()
    workspace = window.workspaces.open(last_drafted)
    assert workspace is not None
    workspace.refresh()
    workspace.show_tab(workspace.tabs.indexOf(workspace.circulation_tab))
    shoot(app, workspace, "circulation.png")
    workspace.close()

    log = window.chair_views.open_action_log()
    shoot(app, log, "action-log.png")
    log.close()

    matrix = window.chair_views.open_attendance()
    shoot(app, matrix, "attendance-matrix.png")
    matrix.close()

    about = AboutDialog(database, window)
    shoot(app, about, "about.png", full_screen=False)
    about.close()
    window.close()
    database.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
