"""The Actions tab: the actions this meeting raised and the earlier ones it reviews (matters
arising), with progress notes, completion, closure at this meeting, cancellation and new dates."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.lifecycle import SITTING
from ccsc_gov.core.services import actions as actions_service
from ccsc_gov.core.services import matters_arising
from ccsc_gov.core.services.actions import ActionHistory, ActionView, is_overdue
from ccsc_gov.core.services.common import Area, Changes
from ccsc_gov.core.services.matters_arising import CarriedActionView
from ccsc_gov.core.store.models import ActionStatus, MeetingStatus
from ccsc_gov.ui.formats import sentence_case, short_date
from ccsc_gov.ui.legible import muted
from ccsc_gov.ui.tables import ROW_ROLE, Column, ShortTableModel, set_up_table
from ccsc_gov.ui.workspace.context import Workspace
from ccsc_gov.ui.workspace.dialogs import DueDateDialog, TextDialog
from ccsc_gov.ui.workspace.looks import Status, section_label, status_icon

AREAS = Area.ACTIONS | Area.MEETINGS | Area.PEOPLE
# A meeting at which progress can be recorded has at least published its agenda.
FINISHED = (ActionStatus.CLOSED, ActionStatus.CANCELLED)


def due_words(due: dt.date | None) -> str:
    return short_date(due) if due else "No date"


RAISED_COLUMNS: tuple[Column[ActionView], ...] = (
    Column("Ref.", lambda a: a.ref),
    Column("Item", lambda a: a.origin_item, lambda a: [int(p) for p in a.origin_item.split(".")]),
    Column("Action", lambda a: a.description.split("\n", 1)[0], stretch=True),
    Column("Owners", lambda a: ", ".join(a.owners) or "No owner"),
    Column("Due", lambda a: due_words(a.due), lambda a: a.due),
    Column("Status", lambda a: sentence_case(a.status), lambda a: a.status.value),
    Column("Latest note", lambda a: a.latest_note or ""),
)
CARRIED_COLUMNS: tuple[Column[CarriedActionView], ...] = (
    Column("Ref.", lambda a: a.ref),
    Column("From", lambda a: a.origin_meeting),
    Column("Action", lambda a: a.description.split("\n", 1)[0], stretch=True),
    Column("Owners", lambda a: ", ".join(a.owners) or "No owner"),
    Column("Due", lambda a: due_words(a.due), lambda a: a.due),
    Column(
        "Status",
        lambda a: sentence_case(a.status) + (" here" if a.closed_here else ""),
        lambda a: a.status.value,
    ),
)


def _styling(
    today: Callable[[], dt.date], due_column: int, status_column: int
) -> Callable[[Any, int, int], Any]:
    def style(row: ActionView | CarriedActionView, column: int, role: int) -> Any:
        overdue = is_overdue(row.status, row.due, today())
        if role == Qt.ItemDataRole.DecorationRole:
            if column == due_column and overdue:
                return status_icon(Status.BAD)
            if column == status_column:
                if row.status is ActionStatus.COMPLETED:
                    return status_icon(Status.GOOD)
                if row.status is ActionStatus.IN_PROGRESS:
                    return status_icon(Status.WARNING)
        if role == Qt.ItemDataRole.ToolTipRole and column == due_column and overdue:
            return f"Overdue: it was due on {due_words(row.due)}"
        if role == Qt.ItemDataRole.ForegroundRole and row.status in FINISHED:
            # Set back, but legible: at least 4.5:1 against the table's background.
            palette = QApplication.palette()
            text, base = QPalette.ColorRole.Text, QPalette.ColorRole.Base
            return QBrush(muted(palette.color(text), palette.color(base)))
        return None

    return style


@dataclass(frozen=True)
class ActionsData:
    raised: list[ActionView]
    carried: list[CarriedActionView]


def read_actions(session: Session, *, meeting_ref: str, today: dt.date) -> ActionsData:
    return ActionsData(
        raised=actions_service.list_actions(session, meeting=meeting_ref, today=today),
        carried=matters_arising.matters_arising(session, meeting=meeting_ref),
    )


def history_html(history: ActionHistory) -> str:
    action = history.action
    parts = [
        f"<p><b>{html.escape(action.ref)}</b> — {html.escape(action.description)}</p>",
        f"<p>Owners: {html.escape(', '.join(action.owners) or 'none')} · Due "
        f"{html.escape(due_words(action.due))}"
        + (
            f" (first due {html.escape(due_words(action.original_due))})"
            if action.original_due != action.due
            else ""
        )
        + f" · {html.escape(sentence_case(action.status))}</p>",
    ]
    entries: list[tuple[dt.date, str]] = []
    for revision in history.revisions:
        why = f": {revision.reason}" if revision.reason else ""
        entries.append(
            (
                revision.revised_on,
                f"Due date moved from {due_words(revision.previous_due)} to "
                f"{due_words(revision.new_due)}{why}",
            )
        )
    for note in history.notes:
        where = f" at {note.meeting}" if note.meeting else ""
        entries.append((note.written_on, f"{sentence_case(note.status)}{where}: {note.text}"))
    if entries:
        items = "".join(
            f"<li>{html.escape(short_date(day))} — {html.escape(text)}</li>"
            for day, text in sorted(entries, key=lambda e: e[0])
        )
        parts.append(f"<ul>{items}</ul>")
    else:
        parts.append("<p>No progress recorded yet.</p>")
    return "".join(parts)


class ActionsTab(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.editable = True
        self.status = MeetingStatus.PLANNED
        self._chosen: str | None = None  # the reference of the action the buttons act on

        self.raised_model: ShortTableModel[ActionView] = ShortTableModel(
            self, columns=RAISED_COLUMNS, styling=_styling(ws.today, 4, 5), text_tooltips=True
        )
        self.raised = QTableView()
        self.raised.setModel(self.raised_model)
        set_up_table(self.raised, "Actions raised at this meeting", stretch=2)
        self.carried_model: ShortTableModel[CarriedActionView] = ShortTableModel(
            self, columns=CARRIED_COLUMNS, styling=_styling(ws.today, 4, 5), text_tooltips=True
        )
        self.carried = QTableView()
        self.carried.setModel(self.carried_model)
        set_up_table(self.carried, "Actions carried forward", stretch=2)
        for table, other in ((self.raised, self.carried), (self.carried, self.raised)):
            table.selectionModel().currentRowChanged.connect(
                lambda current, _previous, table=table, other=other: self._on_chosen(
                    table, other, current
                )
            )

        self.note_button = QPushButton("Progress &note…")
        self.note_button.clicked.connect(self.add_note)
        self.complete_button = QPushButton("Mark comp&leted")
        self.complete_button.setToolTip("The owner says it is done; it stays on the log")
        self.complete_button.clicked.connect(self.mark_completed)
        self.close_button = QPushButton("Close at this meetin&g")
        self.close_button.setToolTip("The body accepts it as done; it leaves the log")
        self.close_button.clicked.connect(self.close_action)
        self.due_button = QPushButton("Revise &due date…")
        self.due_button.clicked.connect(self.revise_due)
        self.cancel_button = QPushButton("Cancel act&ion…")
        self.cancel_button.clicked.connect(self.cancel_action)
        self.buttons = (
            self.note_button,
            self.complete_button,
            self.close_button,
            self.due_button,
            self.cancel_button,
        )
        bar = QHBoxLayout()
        for button in self.buttons:
            bar.addWidget(button)
        bar.addStretch(1)

        self.history = QTextBrowser()
        self.history.setAccessibleName("History of the chosen action")
        self.history.setOpenLinks(False)

        tables = QWidget()
        tables_layout = QVBoxLayout(tables)
        tables_layout.setContentsMargins(0, 0, 0, 0)
        tables_layout.addWidget(section_label("&Raised at this meeting", self.raised))
        tables_layout.addWidget(self.raised, 2)
        tables_layout.addWidget(
            section_label("Carried for&ward from earlier meetings", self.carried)
        )
        tables_layout.addWidget(self.carried, 3)
        history_part = QWidget()
        history_layout = QVBoxLayout(history_part)
        history_layout.setContentsMargins(0, 0, 0, 0)
        history_layout.addWidget(section_label("Histor&y", self.history))
        history_layout.addWidget(self.history, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(tables)
        splitter.addWidget(history_part)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 240])
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self._update_buttons()

    # Reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        ref, today = self.ws.meeting_ref, self.ws.today()
        data = self.ws.ops.run_query(
            lambda s: read_actions(s, meeting_ref=ref, today=today), parent=self
        )
        if data is None:
            return
        chosen = self._chosen
        self.raised_model.set_rows(data.raised)
        self.carried_model.set_rows(data.carried)
        # The action stays chosen: its history still shows if it has just left the log (say,
        # cancelled between meetings), though nothing more can be done to it here.
        if chosen is not None:
            self.choose(chosen)
            self._chosen = chosen
        self._show_history()
        self._update_buttons()

    def set_meeting_status(self, status: MeetingStatus) -> None:
        self.status = status
        self._update_buttons()

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self._update_buttons()

    def choose(self, ref: str) -> bool:
        """Select the action with this reference in whichever list holds it."""
        lists: tuple[tuple[QTableView, Sequence[ActionView | CarriedActionView]], ...] = (
            (self.raised, self.raised_model.rows),
            (self.carried, self.carried_model.rows),
        )
        for table, rows in lists:
            for row, action in enumerate(rows):
                if action.ref == ref:
                    table.selectionModel().setCurrentIndex(
                        table.model().index(row, 0),
                        QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows,
                    )
                    return True
        return False

    def chosen(self) -> ActionView | CarriedActionView | None:
        for table in (self.raised, self.carried):
            index = table.currentIndex()
            if index.isValid():
                row: ActionView | CarriedActionView = index.data(ROW_ROLE)
                if row.ref == self._chosen:
                    return row
        return None

    def _on_chosen(self, table: QTableView, other: QTableView, current: QModelIndex) -> None:
        if not current.isValid():
            return
        # One action at a time across both lists.
        other.selectionModel().clear()
        row: ActionView | CarriedActionView = current.data(ROW_ROLE)
        self._chosen = row.ref
        self._show_history()
        self._update_buttons()

    def _show_history(self) -> None:
        ref = self._chosen
        if ref is None:
            self.history.setHtml("<p>Choose an action to see its history.</p>")
            return
        today = self.ws.today()
        found = self.ws.ops.run_query(
            lambda s: actions_service.action_history(s, action=ref, today=today), parent=self
        )
        self.history.setHtml(history_html(found) if found is not None else "")

    def _update_buttons(self, *_args: object) -> None:
        action = self.chosen()
        live = self.editable and action is not None and action.status not in FINISHED
        for button in self.buttons:
            button.setEnabled(live)
        reviewing = self.status in SITTING
        self.close_button.setEnabled(live and reviewing)
        self.close_button.setToolTip(
            "The body accepts it as done; it leaves the log"
            if reviewing
            else "An action is closed at a meeting whose agenda is published"
        )
        self.complete_button.setEnabled(
            live and action is not None and action.status is not ActionStatus.COMPLETED
        )

    # Changing ------------------------------------------------------------------------------

    def _at_meeting(self) -> str | None:
        return self.ws.meeting_ref if self.status in SITTING else None

    def _run(self, op: Callable[[Session], Changes]) -> None:
        self.ws.ops.run_op(op, parent=self)

    def add_note(self) -> None:
        action = self.chosen()
        if action is None:
            return
        text = TextDialog.ask(
            self,
            title="Progress note",
            heading=f"Progress on {action.ref}: {action.description.split(chr(10))[0]}",
            label="&Note:",
            ok_text="&Record",
        )
        if text is None:
            return
        ref, at, today = action.ref, self._at_meeting(), self.ws.today()
        self._run(
            lambda s: actions_service.record_progress(
                s,
                action=ref,
                text=text,
                status=ActionStatus.IN_PROGRESS if action.status is ActionStatus.OPEN else None,
                at_meeting=at,
                today=today,
            )
        )

    def mark_completed(self) -> None:
        action = self.chosen()
        if action is None:
            return
        ref, at, today = action.ref, self._at_meeting(), self.ws.today()
        self._run(
            lambda s: actions_service.mark_completed(s, action=ref, at_meeting=at, today=today)
        )

    def close_action(self) -> None:
        action = self.chosen()
        if action is None:
            return
        ref, at, today = action.ref, self.ws.meeting_ref, self.ws.today()
        self._run(lambda s: actions_service.close_action(s, action=ref, at_meeting=at, today=today))

    def revise_due(self) -> None:
        action = self.chosen()
        if action is None:
            return
        answer = DueDateDialog.ask(
            self,
            heading=f"A new due date for {action.ref}; the old one stays in its history.",
            current=action.due or self.ws.today() + dt.timedelta(days=28),
        )
        if answer is None:
            return
        due, reason = answer
        ref, today, version = action.ref, self.ws.today(), action.version
        self._run(
            lambda s: actions_service.revise_due_date(
                s, action=ref, due=due, reason=reason, today=today, expected_version=version
            )
        )

    def cancel_action(self) -> None:
        action = self.chosen()
        if action is None:
            return
        reason = TextDialog.ask(
            self,
            title="Cancel action",
            heading=f"Cancel {action.ref}? Say why: the reason goes on its record.",
            label="&Reason:",
            ok_text="Cancel &action",
        )
        if reason is None:
            return
        ref, at, today = action.ref, self._at_meeting(), self.ws.today()
        self._run(
            lambda s: actions_service.cancel_action(
                s, action=ref, reason=reason, at_meeting=at, today=today
            )
        )
