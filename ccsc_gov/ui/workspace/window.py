"""The meeting workspace: one window per open meeting, with its lifecycle, its agenda,
attendance, minutes and actions, undo and redo, and the export of its documents.

A window of its own rather than a page of the main window: a clerk keeps the list of meetings
beside it, and approving minutes means having last meeting's record open next to this one's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPalette, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from ccsc_gov.core.export.meeting_documents import MeetingDocument as Document
from ccsc_gov.core.services import approval, meetings
from ccsc_gov.core.services.bodies import body_view
from ccsc_gov.core.services.common import Area, Changes
from ccsc_gov.core.services.meeting_list import MeetingSummary
from ccsc_gov.core.store.models import MeetingStatus
from ccsc_gov.ui import export
from ccsc_gov.ui.formats import APP_TITLE
from ccsc_gov.ui.forms import Confirm
from ccsc_gov.ui.ops import Operations, Unsaved
from ccsc_gov.ui.settings import user_settings
from ccsc_gov.ui.workspace import (
    actions_tab,
    agenda_tab,
    attendance_tab,
    circulation_tab,
    minutes_tab,
    packs,
    review_dialog,
)
from ccsc_gov.ui.workspace.actions_tab import ActionsTab
from ccsc_gov.ui.workspace.agenda_tab import AgendaTab
from ccsc_gov.ui.workspace.attendance_tab import AttendanceTab
from ccsc_gov.ui.workspace.circulation_tab import CirculationTab
from ccsc_gov.ui.workspace.commands import push
from ccsc_gov.ui.workspace.context import Workspace, WorkspaceTab
from ccsc_gov.ui.workspace.details import MeetingDetails
from ccsc_gov.ui.workspace.dialogs import (
    DraftMinutesDialog,
    MeetingDialog,
    TextDialog,
)
from ccsc_gov.ui.workspace.documents import Exporter, ExportRequest, suggested_name
from ccsc_gov.ui.workspace.lifecycle import (
    NEXT_STEP,
    LifecycleBar,
    LockBanner,
    lock_reason,
    slot_words,
)
from ccsc_gov.ui.workspace.looks import heading_font
from ccsc_gov.ui.workspace.minutes_tab import MinutesTab
from ccsc_gov.ui.workspace.packs import PackBuilder

GEOMETRY_KEY = "workspace/geometry"
DEFAULT_SIZE = (1280, 800)

# Whatever changes another meeting may still show here: the action log, who sits on the body,
# the meeting list (an earlier meeting's minutes waiting for approval here).
SHARED_AREAS = Area.ACTIONS | Area.PEOPLE | Area.BODIES | Area.MEETINGS


# (public, supplement, menu text) of the packs a clerk builds.
PACK_CHOICES = (
    (False, False, "Build &board pack…"),
    (True, False, "Build &public pack…"),
    (False, True, "Build &supplement…"),
    (True, True, "Build public s&upplement…"),
)


@dataclass(frozen=True)
class ExportChoice:
    """One of the documents the workspace exports, in one version and format."""

    document: Document
    public: bool
    pdf: bool

    @property
    def version(self) -> str:
        """`Public (PDF)…`, as the export buttons' menus list it."""
        return f"{'Public' if self.public else 'Full'} ({'PDF' if self.pdf else 'Word'})…"

    @property
    def label(self) -> str:
        """`Minutes — public (PDF)…`, as the Meeting menu lists it."""
        if self.document is Document.REVIEW_COPY:
            return "Minutes — review copy for the chair (Word)…"
        return f"{self.document.value.capitalize()} — {self.version[:1].lower()}{self.version[1:]}"


EXPORTS: tuple[ExportChoice, ...] = (
    *tuple(
        ExportChoice(document, public, pdf)
        for document in (Document.AGENDA, Document.MINUTES)
        for pdf in (False, True)
        for public in (False, True)
    ),
    ExportChoice(Document.REVIEW_COPY, public=False, pdf=False),
)


@dataclass(frozen=True)
class MeetingState:
    meeting: MeetingSummary
    body_name: str
    reports_up: bool  # the body has a parent, so it can recommend decisions upwards
    approvable: MeetingSummary | None  # an earlier meeting whose draft this one can approve


def read_meeting_state(session: Session, *, meeting_ref: str) -> MeetingState:
    meeting = meetings.get_meeting(session, meeting=meeting_ref)
    body = body_view(session, code=meeting.body)
    approvable = meetings.next_draft_to_approve(session, meeting=meeting_ref)
    return MeetingState(meeting, body.name, body.parent is not None, approvable)


class MeetingWorkspace(QMainWindow):
    """Everything about one meeting, in tabs, under its lifecycle bar."""

    def __init__(
        self,
        ops: Operations,
        state: MeetingState,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        if parent is not None:
            self.setWindowFlag(Qt.WindowType.Window, True)
        self.ops = ops
        self.state = state
        self.undo_stack = QUndoStack(self)
        self.ws = Workspace(
            ops=ops,
            meeting_ref=state.meeting.ref,
            meeting_id=state.meeting.id,
            undo_stack=self.undo_stack,
            window=self,
            today=today,
        )
        self._stale = False
        self.pack_builder = PackBuilder(ops.database, self)
        self.exporter = Exporter(ops.database, self)
        self.exporter.started.connect(self._export_started)
        self.exporter.done.connect(self._export_done)

        self._build_header()
        self._build_tabs()
        self._build_menus()
        self._build_status_bar()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.setSpacing(6)
        layout.addLayout(self.header)
        layout.addWidget(self.lifecycle)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.resize(*DEFAULT_SIZE)
        geometry = user_settings().value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

        ops.changed.connect(self.on_changes)
        self.refresh()

    @property
    def meeting_ref(self) -> str:
        return self.state.meeting.ref

    # Building ------------------------------------------------------------------------------

    def _build_header(self) -> None:
        self.title = QLabel()
        self.title.setFont(heading_font(self.title.font(), 1.35))
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.slot = QLabel()
        self.slot.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.export_agenda_button = self._export_button("Export agenda", Document.AGENDA)
        self.export_minutes_button = self._export_button("Export minutes", Document.MINUTES)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title)
        titles.addWidget(self.slot)
        self.header = QHBoxLayout()
        self.header.addLayout(titles, 1)
        self.header.addWidget(self.export_agenda_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.header.addWidget(self.export_minutes_button, 0, Qt.AlignmentFlag.AlignBottom)

        self.lifecycle = LifecycleBar()
        self.lifecycle.next_step_requested.connect(self.next_step)
        self.lifecycle.approve_requested.connect(self.approve_previous)
        self.banner = LockBanner()

    def _export_button(self, text: str, document: Document) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(f"Save the {document.value} as Word or PDF, in full or public")
        menu = QMenu(button)
        for choice in EXPORTS:
            if choice.document is document:
                action = menu.addAction(choice.version)
                action.triggered.connect(lambda _checked=False, c=choice: self._export_choice(c))
        button.setMenu(menu)
        return button

    def _build_tabs(self) -> None:
        self.agenda_tab = AgendaTab(self.ws)
        self.attendance_tab = AttendanceTab(self.ws)
        self.minutes_tab = MinutesTab(self.ws)
        self.actions_tab = ActionsTab(self.ws)
        self.circulation_tab = CirculationTab(self.ws)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for number, (widget, name) in enumerate(
            (
                (self.agenda_tab, "Agenda"),
                (self.attendance_tab, "Attendance"),
                (self.minutes_tab, "Minutes"),
                (self.actions_tab, "Actions"),
                (self.circulation_tab, "Circulation"),
            ),
            start=1,
        ):
            index = self.tabs.addTab(widget, name)
            self.tabs.setTabToolTip(index, f"{name} (Ctrl+{number})")
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self._tab_areas: tuple[tuple[WorkspaceTab, Area], ...] = (
            (self.agenda_tab, agenda_tab.AREAS),
            (self.attendance_tab, attendance_tab.AREAS),
            (self.minutes_tab, minutes_tab.AREAS),
            (self.actions_tab, actions_tab.AREAS),
            (self.circulation_tab, circulation_tab.AREAS),
        )

    def _build_menus(self) -> None:
        meeting_menu = self.menuBar().addMenu("&Meeting")
        self.next_step_action = QAction("Next step", self)
        self.next_step_action.triggered.connect(self.next_step)
        meeting_menu.addAction(self.next_step_action)
        self.approve_action = QAction("Approve earlier minutes…", self)
        self.approve_action.triggered.connect(self.approve_previous)
        meeting_menu.addAction(self.approve_action)
        meeting_menu.addSeparator()
        self.edit_details_action = QAction("Change &date, time or place…", self)
        self.edit_details_action.triggered.connect(self.edit_details)
        meeting_menu.addAction(self.edit_details_action)
        self.cancel_action = QAction("&Cancel meeting…", self)
        self.cancel_action.triggered.connect(self.cancel_meeting)
        meeting_menu.addAction(self.cancel_action)
        meeting_menu.addSeparator()
        self.import_review_action = QAction("Import chair's &review…", self)
        self.import_review_action.triggered.connect(self.import_review)
        meeting_menu.addAction(self.import_review_action)
        export_menu = meeting_menu.addMenu("&Export")
        for choice in EXPORTS:
            action = export_menu.addAction(choice.label)
            action.triggered.connect(lambda _checked=False, c=choice: self._export_choice(c))
        self.export_menu = export_menu
        pack_menu = meeting_menu.addMenu("Board &pack")
        for public, supplement, text in PACK_CHOICES:
            action = pack_menu.addAction(text)
            action.triggered.connect(
                lambda _checked=False, p=public, s=supplement: self.build_pack(
                    public=p, supplement=s
                )
            )
        self.pack_menu = pack_menu
        meeting_menu.addSeparator()
        close_action = QAction("Clo&se", self)
        close_action.setShortcut(QKeySequence.StandardKey.Close)
        close_action.triggered.connect(self.close)
        meeting_menu.addAction(close_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = QAction("&Undo", self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction("&Redo", self)
        redo_keys = [QKeySequence("Ctrl+Shift+Z")]
        for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo):
            if key not in redo_keys:
                redo_keys.append(key)
        self.redo_action.setShortcuts(redo_keys)
        self.redo_action.triggered.connect(self.redo)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        self.undo_stack.canUndoChanged.connect(self._update_undo_actions)
        self.undo_stack.canRedoChanged.connect(self._update_undo_actions)
        self.undo_stack.undoTextChanged.connect(self._update_undo_actions)
        self.undo_stack.redoTextChanged.connect(self._update_undo_actions)
        self._update_undo_actions()

        view_menu = self.menuBar().addMenu("&View")
        refresh = QAction("&Refresh", self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh)
        view_menu.addAction(refresh)
        view_menu.addSeparator()
        for number in range(self.tabs.count()):
            action = QAction(self.tabs.tabText(number), self)
            action.setShortcut(QKeySequence(f"Ctrl+{number + 1}"))
            action.triggered.connect(lambda _checked=False, n=number: self.show_tab(n))
            view_menu.addAction(action)

    def _build_status_bar(self) -> None:
        self.progress_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the writers cannot say how far they are
        self.progress.setMaximumWidth(160)
        self.progress.setAccessibleName("Export in progress")
        self.statusBar().addPermanentWidget(self.progress_label)
        self.statusBar().addPermanentWidget(self.progress)
        self.progress_label.setVisible(False)
        self.progress.setVisible(False)

    def show_tab(self, number: int) -> None:
        self.tabs.setCurrentIndex(number)
        self.tabs.currentWidget().setFocus()

    def _on_tab_changed(self, _index: int) -> None:
        # Leaving the minutes saves the minute being typed.
        self.minutes_tab.save_minute()

    # Reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read everything shown again."""
        self._refresh(~Area.NONE)

    def _refresh(self, areas: Area) -> None:
        if areas & Area.MEETINGS:
            state = self.ops.run_query(
                lambda s: read_meeting_state(s, meeting_ref=self.meeting_ref), parent=self
            )
            if state is not None:
                self.state = state
            self._show_state()
        for tab, wanted in self._tab_areas:
            if areas & wanted:
                tab.refresh()
        self.ws.focus = None

    def on_changes(self, changes: Changes) -> None:
        """The one place this window reacts to a change made anywhere through the ops."""
        mine = changes.meeting_id in (None, self.ws.meeting_id)
        areas = changes.areas if mine else changes.areas & SHARED_AREAS
        if not areas:
            return
        if not self.isVisible():
            self._stale = True
            return
        self._refresh(areas)

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)

    def _show_state(self) -> None:
        meeting = self.state.meeting
        self.setWindowTitle(f"{meeting.ref} — {self.state.body_name} — {APP_TITLE}")
        self.title.setText(f"{meeting.ref} · {self.state.body_name}")
        self.slot.setText(slot_words(meeting))
        approvable = self.state.approvable.ref if self.state.approvable else None
        self.lifecycle.show_meeting(meeting, approvable=approvable)
        step = NEXT_STEP.get(meeting.status)
        self.next_step_action.setVisible(step is not None)
        if step is not None:
            self.next_step_action.setText(step.label.replace("&", "") or "Next step")
        self.approve_action.setVisible(approvable is not None)
        if approvable is not None:
            self.approve_action.setText(f"Approve minutes of {approvable}…")
        reason = lock_reason(meeting)
        self.banner.show_reason(reason)
        editable = not reason
        self.edit_details_action.setEnabled(editable)
        self.cancel_action.setEnabled(
            meeting.status in (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED)
        )
        self.ws.reports_up = self.state.reports_up
        self.actions_tab.set_meeting_status(meeting.status)
        for tab, _areas in self._tab_areas:
            tab.set_editable(editable)
        if not editable:
            # Nothing recorded here can change any more, so nothing can be undone either.
            self.undo_stack.clear()
        self._update_undo_actions()

    @property
    def editable(self) -> bool:
        return not lock_reason(self.state.meeting)

    # Undo and redo -------------------------------------------------------------------------

    def _update_undo_actions(self, *_args: object) -> None:
        stack = self.undo_stack
        self.undo_action.setEnabled(stack.canUndo())
        self.redo_action.setEnabled(stack.canRedo())
        self.undo_action.setText(f"&Undo {stack.undoText()}" if stack.canUndo() else "&Undo")
        self.redo_action.setText(f"&Redo {stack.redoText()}" if stack.canRedo() else "&Redo")

    def undo(self) -> None:
        # A minute still being typed is saved first, so undo takes back the latest edit.
        self.minutes_tab.save_minute()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.undo_stack.redo()

    # The lifecycle -------------------------------------------------------------------------

    def next_step(self) -> None:
        status = self.state.meeting.status
        ref = self.meeting_ref
        if status is MeetingStatus.PLANNED:
            if Confirm.ask(
                self,
                title="Publish agenda",
                text=f"Publish the agenda of {ref}? The action log and recommendations from "
                "subcommittees are brought up to date; later items are added by hand.",
                ok_text="Publish",
            ):
                self.ops.run_op(lambda s: meetings.publish_agenda(s, meeting=ref), parent=self)
        elif status is MeetingStatus.AGENDA_PUBLISHED:
            if Confirm.ask(
                self,
                title="Mark as held",
                text=f"Mark {ref} as held? Record attendance and the minutes next.",
                ok_text="Mark as held",
            ):
                self.ops.run_op(lambda s: meetings.mark_held(s, meeting=ref), parent=self)
        elif status is MeetingStatus.HELD:
            self.mark_minutes_drafted()

    def mark_minutes_drafted(self) -> None:
        ref = self.meeting_ref
        if not self.minutes_tab.save_minute():
            return
        findings = self.ops.run_query(lambda s: approval.check_minutes(s, meeting=ref), parent=self)
        if findings is None:
            return
        if findings:
            reason = DraftMinutesDialog.ask(self, meeting_ref=ref, findings=findings)
            if reason is None:
                return
            self.ops.run_op(
                lambda s: approval.mark_minutes_drafted(
                    s, meeting=ref, override=True, reason=reason
                ),
                parent=self,
            )
        elif Confirm.ask(
            self,
            title="Mark minutes drafted",
            text=f"The minutes of {ref} are complete. Mark them drafted, ready for approval at the "
            "next meeting?",
            ok_text="Mark drafted",
        ):
            self.ops.run_op(lambda s: approval.mark_minutes_drafted(s, meeting=ref), parent=self)

    def approve_previous(self) -> None:
        draft = self.state.approvable
        if draft is None or not self.editable:
            return
        amendments = TextDialog.ask(
            self,
            title="Approve minutes",
            heading=f"Approve the minutes of {draft.ref} ({draft.start:%d %B %Y}) as a correct "
            f"record at {self.meeting_ref}? Their meeting is then locked for good. Note any "
            "amendments agreed; leave it empty if there were none. If that meeting had "
            "confidential business, the amendments are kept with its confidential minutes.",
            label="A&mendments:",
            required=False,
            ok_text="&Approve",
        )
        if amendments is None:
            return
        at = self.meeting_ref

        self.ops.run_op(
            lambda s: approval.approve_minutes(
                s, meeting=draft.ref, at_meeting=at, amendments=amendments
            ),
            parent=self,
        )

    def edit_details(self) -> None:
        meeting = self.state.meeting
        details = MeetingDialog.ask(
            self,
            title="Change the meeting",
            heading=f"When and where {meeting.ref} takes place.",
            initial=MeetingDetails(
                meeting.start, meeting.end, meeting.location, meeting.video_link
            ),
        )
        if details is None:
            return
        self.ops.run_op(
            lambda s: meetings.edit_meeting(
                s,
                meeting=meeting.ref,
                start=details.start,
                end=details.end,
                location=details.location,
                video_link=details.video_link,
                expected_version=meeting.version,
            ),
            parent=self,
            unsaved=Unsaved.of_fields(vars(details)),
        )

    def cancel_meeting(self) -> None:
        ref = self.meeting_ref
        if Confirm.ask(
            self,
            title="Cancel meeting",
            text=f"Cancel {ref}? Its recommendations from subcommittees and recurring items move "
            "to another meeting. This cannot be undone.",
            ok_text="Cancel the meeting",
        ):
            self.ops.run_op(lambda s: meetings.cancel_meeting(s, meeting=ref), parent=self)

    # The chair's review --------------------------------------------------------------------

    def import_review(self) -> None:
        """Read the review copy the chair returned, show its changes side by side, and take the
        accepted ones in as one undoable step."""
        if not self.minutes_tab.save_minute():
            return
        path = review_dialog.ask_review_file(self, export.export_folder())
        if path is None:
            return
        from ccsc_gov.core.export import chairs_review as review

        ref = self.meeting_ref
        report = self.ops.run_query(
            lambda s: review.review_changes(s, meeting=ref, path=path), parent=self
        )
        if report is None:
            return
        accepted = review_dialog.ReviewDialog.ask(self, report=report)
        if accepted is None:
            return
        chosen = set(accepted)
        newer = [c.id for c in report.changes if c.id in chosen and c.newer_in_record]
        push(self.ws, review_dialog.TakeInReview(self.ws, path, accepted, newer))

    # Export --------------------------------------------------------------------------------

    def _export_choice(self, choice: ExportChoice) -> None:
        self.export(choice.document, public=choice.public, pdf=choice.pdf)

    def export(self, document: Document, *, public: bool, pdf: bool) -> None:
        if self.exporter.busy:
            return
        if document is not Document.AGENDA and not self.minutes_tab.save_minute():
            return
        version = "public " if public else ""
        path = export.ask_save_path(
            self,
            title=f"Save the {version}{document.value} as",
            name=suggested_name(document, self.meeting_ref, public=public, pdf=pdf),
            kind=export.FileKind.PDF if pdf else export.FileKind.WORD,
        )
        if path is None:
            return
        self.exporter.start(
            ExportRequest(document, self.meeting_ref, public, pdf, Path(path), self.ws.today())
        )

    def _export_started(self, request: ExportRequest) -> None:
        self.progress_label.setText(f"Writing {request.description}…")
        self.progress_label.setVisible(True)
        self.progress.setVisible(True)
        for button in (self.export_agenda_button, self.export_minutes_button):
            button.setEnabled(False)
        self.export_menu.setEnabled(False)

    def _export_done(self, request: ExportRequest, path: Path | None) -> None:
        self.progress_label.setVisible(False)
        self.progress.setVisible(False)
        for button in (self.export_agenda_button, self.export_minutes_button):
            button.setEnabled(True)
        self.export_menu.setEnabled(True)
        if path is not None:
            self.statusBar().showMessage(f"Saved {path}", 8000)

    # Board pack ----------------------------------------------------------------------------

    def build_pack(self, *, public: bool = False, supplement: bool = False) -> None:
        """Ask where to save the pack, then build it off the GUI thread."""
        if self.pack_builder.busy:
            return
        path = export.ask_save_path(
            self,
            title="Save the board pack as",
            name=packs.suggested_name(self.meeting_ref, public=public, supplement=supplement),
            kind=export.FileKind.PDF,
        )
        if path is not None:
            self.pack_builder.start(
                packs.PackRequest(self.meeting_ref, Path(path), public, supplement)
            )

    # Closing -------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.minutes_tab.save_minute()
        self.exporter.wait()
        self.pack_builder.cancel()
        self.pack_builder.wait()
        user_settings().setValue(GEOMETRY_KEY, self.saveGeometry())
        super().closeEvent(event)
