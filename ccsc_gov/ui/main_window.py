"""The main window: the bodies along their reporting lines, and the selected body's meetings."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import DatabaseError, InvalidInput, UserError
from ccsc_gov.core.services.body_list import BodyView, list_bodies
from ccsc_gov.core.services.common import Area, Changes
from ccsc_gov.core.services.meeting_list import MeetingSummary, list_meetings
from ccsc_gov.core.services.paper_references import papers_in_and_expected
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.db import open_database
from ccsc_gov.ui.body_tree import BodyTreeModel
from ccsc_gov.ui.chairs.menu import ChairViews
from ccsc_gov.ui.due_panel import DuePanel
from ccsc_gov.ui.formats import APP_TITLE, sentence_case
from ccsc_gov.ui.meeting_table import STRETCH_COLUMN, MeetingTableModel, is_upcoming
from ccsc_gov.ui.ops import Operations, show_user_error
from ccsc_gov.ui.people.menu import PeopleAndBodies
from ccsc_gov.ui.settings import user_settings
from ccsc_gov.ui.tables import ColumnFit, RoomyDelegate
from ccsc_gov.ui.workspace.opening import Workspaces

if TYPE_CHECKING:
    from ccsc_gov.core.services.deadlines import Deadline
    from ccsc_gov.core.settings.config import Settings
    from ccsc_gov.ui.search import SearchDialog


GEOMETRY_KEY = "main_window/geometry"
STATE_KEY = "main_window/state"
SPLITTER_KEY = "main_window/splitter"
BODY_KEY = "main_window/body"

DEFAULT_SIZE = (1200, 740)
DEFAULT_SPLIT = (360, 820)
# What the Due panel lists depends on these: meetings, circulations, actions, the terms.
DUE_AREAS = Area.BODIES | Area.MEETINGS | Area.MINUTES | Area.ACTIONS

NO_MEETINGS_GUIDE = """
<p style="font-size: large"><b>No meetings yet for the {name}</b></p>
<p>To get it going:</p>
<ol>
<li><a href="{members_link}">Add its members</a>, with their roles and terms of office.</li>
<li><a href="{schedule_link}">Schedule its first meeting</a>; the standard agenda is laid out
for you.</li>
</ol>
"""
NO_BODY_GUIDE = "<p>Choose a body on the left to see its meetings.</p>"
# Where the guide's links lead.
MEMBERS_LINK = "members"
SCHEDULE_LINK = "schedule"


log = logging.getLogger(__name__)

SERVER_RESTORE = (
    "A shared PostgreSQL database is restored on the server (pg_restore), not from the app."
)


def choose_backup_file(parent: QWidget) -> Path | None:
    """Ask for a backup file; tests replace this function."""
    from PySide6.QtWidgets import QFileDialog  # loaded when first needed, not at start-up

    name, _ = QFileDialog.getOpenFileName(
        parent, "Restore from a backup", "", "ccsc-gov databases (*.sqlite3);;All files (*)"
    )
    return Path(name) if name else None


class FirstPaint(QObject):
    """Calls `then` once, when the event loop is next free after the first of `widgets` is
    painted: what the clerk does not see at once waits until what they see is on the screen."""

    def __init__(self, widgets: Sequence[QWidget], then: Callable[[], None]) -> None:
        super().__init__(widgets[0])
        self._widgets = widgets
        self._then = then
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            for widget in self._widgets:
                widget.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False


class MainWindow(QMainWindow):
    # The meetings are on the screen and the Due panel filled: the time for work that waits
    # for the first paint (the day's backup, see app.py).
    first_painted = Signal()

    def __init__(
        self,
        database: Database,
        parent: QWidget | None = None,
        *,
        now: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self._now = now
        self.ops = Operations(database, self)
        self.ops.changed.connect(self.on_changes)
        self._rebuilding_tree = False
        self._split_restored = False  # the clerk's own divider position, from last time
        self.workspaces = Workspaces(self.ops, self, now=now)
        self.chair_views = ChairViews(
            self.ops,
            self,
            today=lambda: self._now().date(),
            current_body=lambda: body.code if (body := self.selected_body()) else None,
        )
        self.people_and_bodies = PeopleAndBodies(
            self.ops,
            self,
            current_body=self.selected_body,
            select_body=self.select_body,
            today=lambda: self._now().date(),
        )
        self.search_dialog: SearchDialog | None = None
        self.successor: MainWindow | None = None  # the window reopened after a restore
        self._quorum_wanted = False  # the meetings listed wait for their Quorum column

        self.setWindowTitle(f"{database.display_name} — {APP_TITLE}")
        self._build_central()
        # The meetings, or the guide shown in their place: what waits for the first paint.
        self._first_paint: FirstPaint | None = FirstPaint(
            [self.meeting_viewport, self.empty_state], self._after_first_paint
        )
        self._build_due_panel()
        self._build_menus()
        self.refresh_bodies()
        self._restore_settings()
        self.due_panel.set_waiting()

    def _after_first_paint(self) -> None:
        self._first_paint = None
        self._judge_quorum()
        if self.due_panel.waiting:  # unless a change has filled it already
            self.refresh_due()
        self.first_painted.emit()

    # Building ---------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.settings_action = QAction("&Settings…", self)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.open_settings)
        file_menu.addAction(self.settings_action)
        self.restore_action = QAction("&Restore from a backup…", self)
        self.restore_action.triggered.connect(self.restore_from_backup)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        # Every window gets its close event, so each can save its settings (or, later, veto).
        self.quit_action.triggered.connect(QApplication.closeAllWindows)
        file_menu.addAction(self.quit_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.find_action = QAction("&Find…", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setStatusTip("Search the minutes, decisions and actions of every body")
        self.find_action.triggered.connect(self.open_search)
        edit_menu.addAction(self.find_action)

        view_menu = self.menuBar().addMenu("&View")
        view_menu.addAction(self.due_dock.toggleViewAction())
        # Another clerk may have changed a shared database since it was last read.
        self.refresh_action = QAction("&Refresh", self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.refresh)
        view_menu.addAction(self.refresh_action)

        meeting_menu = self.menuBar().addMenu("&Meeting")
        self.schedule_action = QAction("&Schedule meeting…", self)
        self.schedule_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.schedule_action.triggered.connect(self.schedule_meeting)
        meeting_menu.addAction(self.schedule_action)
        # Enter or a double-click on a meeting does the same.
        self.open_meeting_action = QAction("&Open meeting", self)
        self.open_meeting_action.triggered.connect(self.open_selected_meeting)
        meeting_menu.addAction(self.open_meeting_action)

        # The action log, decisions register and attendance matrix, each in its own window.
        self.chair_views.add_to(self.menuBar().addMenu("&Chairs"))
        self.people_and_bodies.add_to(self.menuBar().addMenu("&People and bodies"))

        help_menu = self.menuBar().addMenu("&Help")
        self.about_action = QAction(f"&About {APP_TITLE}", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self._show_about)
        help_menu.addAction(self.about_action)

        # The everyday steps, one click away; text labels, so nothing needs an icon to be read.
        toolbar = self.addToolBar("Main toolbar")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.schedule_action, self.open_meeting_action, self.find_action):
            toolbar.addAction(action)
        toolbar.addSeparator()
        for action in self.chair_views.actions:
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.refresh_action)

    def _build_central(self) -> None:
        self.body_model = BodyTreeModel(self)
        self.body_tree = QTreeView()
        self.body_tree.setModel(self.body_model)
        self.body_tree.setHeaderHidden(True)
        self.body_tree.setUniformRowHeights(True)
        self.body_tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.body_tree.setAllColumnsShowFocus(True)
        self.body_tree.setItemDelegate(RoomyDelegate(extra_height=8, parent=self.body_tree))
        tree_header = self.body_tree.header()
        tree_header.setStretchLastSection(False)
        tree_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        tree_header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.body_tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.body_tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.body_tree.setAccessibleName("Bodies")
        self.body_tree.selectionModel().selectionChanged.connect(self._on_body_selected)
        self.people_and_bodies.attach_to(self.body_tree)

        self.heading = QLabel()
        heading_font = QFont(self.heading.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.35)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subheading = QLabel()
        self.subheading.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.meeting_model = MeetingTableModel(self)
        self.meeting_table = QTableView()
        # The table's viewport, where its rows are painted, is made here rather than asked of
        # the table: handing back one the table made has PySide6 look through every widget
        # class it knows for the right one (10 to 40 ms, once, while the window starts).
        self.meeting_viewport = QWidget()
        self.meeting_table.setViewport(self.meeting_viewport)
        self.meeting_table.setModel(self.meeting_model)
        self.meeting_table.setAccessibleName("Meetings")
        self.meeting_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.meeting_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.meeting_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.meeting_table.setAlternatingRowColors(True)
        self.meeting_table.setShowGrid(False)
        self.meeting_table.setWordWrap(False)
        # Tab leaves the table instead of walking its cells: the keyboard path stays short.
        self.meeting_table.setTabKeyNavigation(False)
        self.meeting_table.verticalHeader().setVisible(False)
        self.meeting_table.activated.connect(self._open_meeting_at)
        header = self.meeting_table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Roomy columns, measured by Qt once each time the meetings change.
        ColumnFit(self.meeting_table, header, stretch=STRETCH_COLUMN, widths={}, room=24)
        # A long place is cut short with "…" and shown whole on hovering.
        self.meeting_table.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.empty_state = QLabel()
        self.empty_state.setWordWrap(True)
        self.empty_state.setTextFormat(Qt.TextFormat.RichText)
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty_state.setContentsMargins(4, 16, 4, 4)
        # The guide's links are reachable with Tab and work with Enter, as well as by clicking.
        self.empty_state.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.empty_state.linkActivated.connect(self._follow_guide)

        self.meeting_stack = QStackedWidget()
        self.meeting_stack.addWidget(self.meeting_table)
        self.meeting_stack.addWidget(self.empty_state)

        right = QWidget()
        layout = QVBoxLayout(right)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addSpacing(6)
        layout.addWidget(self.meeting_stack, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.body_tree)
        self.splitter.addWidget(right)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes(list(DEFAULT_SPLIT))
        self.setCentralWidget(self.splitter)
        self.resize(*DEFAULT_SIZE)

    def _build_due_panel(self) -> None:
        self.due_panel = DuePanel()
        self.due_panel.open_requested.connect(self.open_deadline)
        self.due_dock = QDockWidget("Due", self)
        self.due_dock.setObjectName("due_dock")
        self.due_dock.setWidget(self.due_panel)
        self.due_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.due_dock)

    def _fit_body_tree(self) -> None:
        """The body tree as wide as its names need (until the clerk moves the divider, which
        is remembered), the rest to the meetings."""
        if self._split_restored:
            return
        header = self.body_tree.header()
        needed = sum(self.body_tree.sizeHintForColumn(c) for c in range(header.count()))
        needed += self.body_tree.indentation() + 2 * self.body_tree.frameWidth() + 16
        total = sum(self.splitter.sizes()) or sum(DEFAULT_SPLIT)
        width = min(max(needed, 180), DEFAULT_SPLIT[0])
        self.splitter.setSizes([width, max(total - width, 1)])

    # Reading from the core ----------------------------------------------------------------

    def refresh(self) -> None:
        """Read everything shown again (another clerk may have changed the database)."""
        self.refresh_due()
        self.refresh_bodies()
        self.chair_views.refresh()
        self.people_and_bodies.refresh()

    def refresh_bodies(self) -> None:
        current = self.selected_body()
        bodies = self.ops.run_query(list_bodies, parent=self)
        if bodies is None:
            return
        # The meetings are read once below, not again for each selection change on the way.
        self._rebuilding_tree = True
        try:
            self.body_model.set_bodies(bodies)
            self.body_tree.expandAll()
            self._fit_body_tree()
            if not (current and self.select_body(current.code)):
                self._select_first_body()
        finally:
            self._rebuilding_tree = False
        self.refresh_meetings()

    def refresh_meetings(self) -> None:
        body = self.selected_body()
        if body is None:
            self.meeting_model.set_meetings([], now=self._now())
            self._show_body(None)
            return
        now = self._now()

        def read(session: Session) -> tuple[list[MeetingSummary], dict[int, tuple[int, int]]]:
            found = list_meetings(session, body=body.code)
            upcoming = [m.id for m in found if is_upcoming(m, now)]
            return found, papers_in_and_expected(session, meeting_ids=upcoming)

        answer = self.ops.run_query(read, parent=self)
        meetings, papers = answer if answer is not None else ([], {})
        self.meeting_model.set_meetings(meetings, now=now, papers=papers)
        self._show_body(body)
        # Each meeting's quorum is judged from its attendance, its members' terms of office and
        # its body's terms of reference: the list is shown first, the Quorum column just after
        # (once the window is painted, when it opens).
        self._quorum_wanted = True
        if self._first_paint is None:
            QTimer.singleShot(0, self, self._judge_quorum)

    def _judge_quorum(self) -> None:
        body = self.selected_body()
        if not self._quorum_wanted or body is None:
            return
        self._quorum_wanted = False
        # With the models, imported once the window is painted (see store/schema.py).
        from ccsc_gov.core.services.meetings import body_quorum

        quorate = self.ops.run_query(lambda s: body_quorum(s, body=body.code), parent=self)
        self.meeting_model.set_quorum(quorate or {})

    def refresh_due(self) -> None:
        from ccsc_gov.core.services.deadlines import deadlines  # read after the first paint

        today = self._now().date()
        rows = self.ops.run_query(lambda s: deadlines(s, today=today), parent=self)
        self.due_panel.set_deadlines(rows or [])

    def on_changes(self, changes: Changes) -> None:
        """The one place this window reacts to a change made through `self.ops`."""
        if changes.areas & DUE_AREAS:
            self.refresh_due()
        if changes.areas & Area.BODIES:
            self.refresh_bodies()
        elif changes.areas & (Area.MEETINGS | Area.PAPERS):
            self.refresh_meetings()

    # Selection ----------------------------------------------------------------------------

    def selected_body(self) -> BodyView | None:
        return BodyTreeModel.body_at(self.body_tree.currentIndex())

    def select_body(self, code: str) -> bool:
        """Select the body with this code; False if there is none."""
        index = self.body_model.index_of(code)
        if not index.isValid():
            return False
        self._select_index(index)
        return True

    def _select_first_body(self) -> None:
        index = self.body_model.index(0, 0)
        if index.isValid():
            self._select_index(index)

    def _select_index(self, index: QModelIndex) -> None:
        self.body_tree.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.body_tree.scrollTo(index)

    def _on_body_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        if not selected.isEmpty() and not self._rebuilding_tree:
            self.refresh_meetings()

    def _show_body(self, body: BodyView | None) -> None:
        if body is None:
            self.heading.setText("")
            self.subheading.setText("")
            self.empty_state.setText(NO_BODY_GUIDE)
            self.meeting_stack.setCurrentWidget(self.empty_state)
            return
        self.heading.setText(f"{body.name} ({body.code})")
        self.subheading.setText(self._describe(body))
        if self.meeting_model.rowCount():
            self.meeting_stack.setCurrentWidget(self.meeting_table)
        else:
            import html  # for a body with no meetings yet: not needed to start

            self.empty_state.setText(
                NO_MEETINGS_GUIDE.format(
                    name=html.escape(body.name),
                    members_link=MEMBERS_LINK,
                    schedule_link=SCHEDULE_LINK,
                )
            )
            self.meeting_stack.setCurrentWidget(self.empty_state)

    def _describe(self, body: BodyView) -> str:
        parts = [sentence_case(body.kind)]
        parts.append(
            f"reports to {body.parent}" if body.parent else "reports to the funder and partners"
        )
        if body.independent_chair:
            parts.append("independently chaired")
        if body.retired:
            parts.append("retired")
        upcoming, past = self.meeting_model.upcoming_count, self.meeting_model.past_count
        if upcoming or past:
            parts.append(f"{_count(upcoming, 'upcoming meeting')}, {past} past")
        return " · ".join(parts)

    # Meetings -----------------------------------------------------------------------------

    def schedule_meeting(self) -> None:
        """Schedule a meeting of the selected body and open its workspace."""
        body = self.selected_body()
        if body is not None:
            self.workspaces.schedule(body)

    def open_selected_meeting(self) -> None:
        self._open_meeting_at(self.meeting_table.currentIndex())

    def _open_meeting_at(self, index: QModelIndex) -> None:
        if index.isValid():
            self.workspaces.open(self.meeting_model.meeting_at(index.row()).ref)

    def select_meeting(self, ref: str) -> bool:
        """Choose the meeting's row among the selected body's meetings; False if not there."""
        model = self.meeting_model
        row = next((r for r in range(model.rowCount()) if model.meeting_at(r).ref == ref), -1)
        if row < 0:
            return False
        self.meeting_table.selectRow(row)
        self.meeting_table.scrollTo(model.index(row, 0))
        return True

    def open_meeting(
        self, ref: str, item_id: int | None = None, record_ref: str | None = None
    ) -> None:
        """Choose the meeting (its body, then its row) and open its workspace; with an item,
        at that item's minute, and with a decision's or action's reference, at that record."""
        from ccsc_gov.core.services.meetings import get_meeting

        meeting = self.ops.run_query(lambda s: get_meeting(s, meeting=ref), parent=self)
        if meeting is None:
            return
        self.select_body(meeting.body)
        self.select_meeting(meeting.ref)
        workspace = self.workspaces.open(meeting.ref)
        if workspace is not None and item_id is not None:
            workspace.show_tab(workspace.tabs.indexOf(workspace.minutes_tab))
            workspace.minutes_tab.select(item_id, record_ref)

    def open_deadline(self, deadline: Deadline) -> None:
        """Open the place where a deadline is met: the action's record at the meeting that
        raised it, or the meeting's circulation (agenda, draft minutes, minutes)."""
        if deadline.meeting is None:
            return
        if deadline.action is not None:
            self.open_meeting(deadline.meeting, deadline.item_id, deadline.action)
            return
        self.open_meeting(deadline.meeting)
        workspace = self.workspaces.get(deadline.meeting)
        if workspace is not None:
            workspace.show_tab(workspace.tabs.indexOf(workspace.circulation_tab))

    def open_search(self) -> SearchDialog:
        """Edit ▸ Find: search every body's minutes, decisions and actions."""
        if self.search_dialog is None:
            from ccsc_gov.ui.search import SearchDialog

            self.search_dialog = SearchDialog(
                self.ops,
                self,
                open_place=lambda hit: self.open_meeting(
                    hit.meeting_ref, hit.item_id, hit.record_ref
                ),
            )
        self.search_dialog.bring_up()
        return self.search_dialog

    def _follow_guide(self, link: str) -> None:
        if link == MEMBERS_LINK:
            self.people_and_bodies.open_members()
        elif link == SCHEDULE_LINK:
            self.schedule_meeting()

    # Help ---------------------------------------------------------------------------------

    def _show_about(self) -> None:
        from ccsc_gov.ui.about import AboutDialog  # opened on first use, not at start-up

        AboutDialog(self.database, self).exec()

    # Restore ------------------------------------------------------------------------------

    def restore_from_backup(self) -> MainWindow | None:
        """File ▸ Restore from a backup…: put a backup in place of this window's database (the
        file there is kept beside it; an older backup is upgraded) and reopen the window on
        it. The new window, or None if nothing was done."""
        if self.database.path is None:
            show_user_error(self, DatabaseError(SERVER_RESTORE))
            return None
        # Opened on first use: nothing of restoring is loaded before the first paint.
        from ccsc_gov.core.store.restore import restore_backup
        from ccsc_gov.ui.forms import Confirm

        backup = choose_backup_file(self)
        if backup is None or not Confirm.ask(
            self,
            title="Restore from a backup",
            text=f"Put {backup.name} in place of {self.database.display_name}? The database "
            "there now is kept beside it, and the windows reopen on the backup.",
            ok_text="&Restore",
        ):
            return None
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        quit_on_close = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)  # the window closes and opens again
        try:
            if not self.close():  # a window that would lose typing said no
                return None
            target = str(self.database.path)
            self.database.close()
            refused: UserError | None = None
            try:
                restore_backup(backup, target=target)
                log.info("Restored %s into %s", backup, target)
            except UserError as error:
                log.warning("Refused to restore %s: %s", backup, error)
                refused = error
            database = open_database(target)
            app.aboutToQuit.connect(database.close)
            self.successor = MainWindow(database, now=self._now)
            self.successor.show()
            if refused is not None:
                show_user_error(self.successor, refused)
            else:
                self.successor.statusBar().showMessage(f"Restored from {backup}.")
            return self.successor
        finally:
            app.setQuitOnLastWindowClosed(quit_on_close)

    # Settings -----------------------------------------------------------------------------

    def open_settings(self) -> Settings | None:
        """File ▸ Settings…: the settings saved, or None if cancelled or refused."""
        # The settings file is read here and by what uses it, not to start.
        from ccsc_gov.core.settings.config import config_path, load_settings

        try:
            current = load_settings()
        except InvalidInput as error:  # a hand-edited file gone wrong: say where, carry on
            log.warning("Refused to open the settings: %s", error)
            show_user_error(self, error)
            return None
        # Opened on first use: the dialog checks Word templates, so it loads the writers.
        from ccsc_gov.core.export import settings_file
        from ccsc_gov.ui.settings_dialog import SettingsDialog

        chosen = SettingsDialog(self, current, config_path()).answer()
        if chosen is None:
            return None
        try:
            settings_file.save_settings(chosen)
        except UserError as error:
            log.warning("Refused to save the settings: %s", error)
            show_user_error(self, error)
            return None
        log.info("Saved the settings to %s", config_path())
        return chosen

    def _restore_settings(self) -> None:
        settings = user_settings()
        geometry = settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value(STATE_KEY)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        split = settings.value(SPLITTER_KEY)
        if isinstance(split, QByteArray):
            self._split_restored = self.splitter.restoreState(split)
        code = settings.value(BODY_KEY)
        if isinstance(code, str) and code:
            self.select_body(code)

    def save_settings(self) -> None:
        settings = user_settings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(STATE_KEY, self.saveState())
        settings.setValue(SPLITTER_KEY, self.splitter.saveState())
        body = self.selected_body()
        if body is not None:
            settings.setValue(BODY_KEY, body.code)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing the main window ends the app, so every other window is closed first and
        # keeps what it holds (a minute being typed, its place on the screen).
        for other in QApplication.topLevelWidgets():
            if other is not self and other.isVisible() and not other.close():
                event.ignore()
                return
        self.save_settings()
        super().closeEvent(event)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
