"""The Minutes tab: item by item, the minute text (saved per item, undoable), with the item's
declarations of interest, decisions and actions recorded in place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from ccsc_gov.core.services import (
    actions as actions_service,
)
from ccsc_gov.core.services import (
    agenda as agenda_service,
)
from ccsc_gov.core.services import (
    attendance as attendance_service,
)
from ccsc_gov.core.services import (
    decisions as decisions_service,
)
from ccsc_gov.core.services import (
    declarations as declarations_service,
)
from ccsc_gov.core.services.actions import ActionView
from ccsc_gov.core.services.agenda import AgendaItemView, clean_text
from ccsc_gov.core.services.attendance import ItemQuorum
from ccsc_gov.core.services.common import Area
from ccsc_gov.core.services.decisions import DecisionView
from ccsc_gov.core.services.declarations import DeclarationView
from ccsc_gov.core.services.people import list_people
from ccsc_gov.core.store.models import AttendanceCategory, DecisionOutcome
from ccsc_gov.ui.formats import sentence_case, short_date
from ccsc_gov.ui.forms import Confirm
from ccsc_gov.ui.ops import Unsaved
from ccsc_gov.ui.tables import (
    ROW_ROLE,
    Column,
    ShortTableModel,
    roomy_row_height,
    set_up_table,
    set_up_tree,
)
from ccsc_gov.ui.workspace.agenda_model import NUMBER_COLUMN, TITLE_COLUMN, AgendaTreeModel
from ccsc_gov.ui.workspace.attendance_tab import quorum_text
from ccsc_gov.ui.workspace.commands import WriteMinute, push
from ccsc_gov.ui.workspace.context import Workspace
from ccsc_gov.ui.workspace.details import (
    ActionDetails,
    DecisionDetails,
    DeclarationDetails,
    PersonChoice,
)
from ccsc_gov.ui.workspace.dialogs import ActionDialog, DecisionDialog, DeclarationDialog
from ccsc_gov.ui.workspace.looks import heading_font

AREAS = (
    Area.AGENDA
    | Area.MINUTES
    | Area.DECISIONS
    | Area.ACTIONS
    | Area.ATTENDANCE
    | Area.PEOPLE
    | Area.MEETINGS
)
AUTOSAVE_MS = 1500

Row = TypeVar("Row")


def outcomes_for(reports_up: bool) -> tuple[DecisionOutcome, ...]:
    """A body that reports to no other cannot recommend a decision upwards."""
    return tuple(o for o in DecisionOutcome if reports_up or o is not DecisionOutcome.RECOMMENDED)


def first_line(text: str) -> str:
    return text.split("\n", 1)[0]


DECLARATION_COLUMNS: tuple[Column[DeclarationView], ...] = (
    Column("Person", lambda d: d.person),
    Column("Interest", lambda d: d.nature, stretch=True),
    Column(
        "What was done",
        lambda d: sentence_case(d.action_taken) if d.action_taken else "Not recorded yet",
    ),
)
DECISION_COLUMNS: tuple[Column[DecisionView], ...] = (
    Column("Ref.", lambda d: d.ref),
    Column("Decision", lambda d: first_line(d.text), stretch=True, tooltip=lambda d: d.text),
    Column("Outcome", lambda d: sentence_case(d.outcome)),
)
ACTION_COLUMNS: tuple[Column[ActionView], ...] = (
    Column("Ref.", lambda a: a.ref),
    Column("Action", lambda a: first_line(a.description), stretch=True),
    Column("Owners", lambda a: ", ".join(a.owners) or "No owner"),
    Column("Due", lambda a: short_date(a.due) if a.due else "No date", lambda a: a.due),
)


@dataclass(frozen=True)
class MinutesData:
    items: list[AgendaItemView]
    quorum: dict[int, ItemQuorum]
    declarations: list[DeclarationView]
    decisions: list[DecisionView]
    actions: list[ActionView]
    attendees: list[PersonChoice]  # members expected and everyone recorded as there
    people: list[PersonChoice]  # everyone, for action owners


def read_minutes(
    session: Session, *, meeting_ref: str, meeting_id: int, today: dt.date
) -> MinutesData:
    expected = attendance_service.expected_attendees(session, meeting_id=meeting_id)
    lists = attendance_service.meeting_attendance(session, meeting_id=meeting_id)
    attendees = [PersonChoice(m.person_id, m.person, sentence_case(m.role)) for m in expected]
    listed = {m.person_id for m in expected}
    for line in (*lists.present, *lists.in_attendance):
        if line.person_id not in listed and line.category is not AttendanceCategory.APOLOGIES:
            attendees.append(PersonChoice(line.person_id, line.name, "in attendance"))
    return MinutesData(
        items=agenda_service.agenda(session, meeting=meeting_ref),
        quorum={
            q.item_id: q for q in attendance_service.items_quorum(session, meeting_id=meeting_id)
        },
        declarations=declarations_service.declarations_at_meeting(session, meeting_id=meeting_id),
        decisions=decisions_service.list_decisions(session, meeting=meeting_ref),
        actions=actions_service.list_actions(session, meeting=meeting_ref, today=today),
        attendees=attendees,
        people=[PersonChoice(p.id, p.display_name, p.position) for p in list_people(session)],
    )


UNLIMITED = 16_777_215  # Qt's largest widget size (QWIDGETSIZE_MAX)


class RecordSection(QWidget, Generic[Row]):
    """A caption, Add/Edit/Remove buttons and a short table of what is recorded at an item."""

    def __init__(
        self,
        caption: str,
        noun: str,
        columns: Sequence[Column[Row]],
        *,
        add: Callable[[], None],
        edit: Callable[[Row], None],
        remove: Callable[[Row], None],
    ) -> None:
        super().__init__()
        self.noun = noun
        self.model: ShortTableModel[Row] = ShortTableModel(
            self, columns=columns, text_tooltips=True
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        stretch = next(n for n, c in enumerate(columns) if c.stretch)
        set_up_table(self.table, f"{noun.capitalize()}s at this item", stretch=stretch)
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * 3 + 8)
        self._edit, self._remove = edit, remove

        self.add_button = QPushButton(caption)
        self.add_button.clicked.connect(add)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setAccessibleName(f"Edit {noun}")
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName(f"Remove {noun}")
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.activated.connect(lambda _index: self.edit_selected())
        remove_action = QAction(f"Remove {noun}", self.table)
        remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove_action.triggered.connect(self.remove_selected)
        self.table.addAction(remove_action)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)

        title = QLabel(f"{noun.capitalize()}s")
        title.setFont(heading_font(title.font()))
        # An item with none shows this line instead of an empty table: the minute gets the room.
        self.none_label = QLabel("None at this item")
        self.none_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addSpacing(8)
        bar.addWidget(self.none_label)
        bar.addStretch(1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.editable = True
        self.set_rows([])

    def set_rows(self, rows: Sequence[Row]) -> None:
        row = self.table.currentIndex().row()
        self.model.set_rows(rows)
        empty = not rows
        self.table.setHidden(empty)
        self.none_label.setHidden(not empty)
        self.edit_button.setHidden(empty)
        self.remove_button.setHidden(empty)
        # Empty, the section is one line high and the splitter gives the minute the rest.
        self.setMaximumHeight(self.sizeHint().height() if empty else UNLIMITED)
        # The row chosen before stays chosen; nothing is chosen for the clerk otherwise.
        if rows and row >= 0:
            self.table.setCurrentIndex(self.model.index(min(row, len(rows) - 1), 0))
        self._update_buttons()

    def selected(self) -> Row | None:
        index = self.table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def choose(self, matches: Callable[[Row], bool]) -> bool:
        """Select the first row that matches; False if none does."""
        row = self.model.find_row(matches)
        if row < 0:
            return False
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self._update_buttons()

    def _update_buttons(self, *_args: QModelIndex) -> None:
        chosen = self.selected() is not None
        self.add_button.setEnabled(self.editable)
        self.edit_button.setEnabled(self.editable and chosen)
        self.remove_button.setEnabled(self.editable and chosen)

    def edit_selected(self) -> None:
        row = self.selected()
        if row is not None and self.editable:
            self._edit(row)

    def remove_selected(self) -> None:
        row = self.selected()
        if row is not None and self.editable:
            self._remove(row)


class MinutesTab(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.editable = True
        self.data: MinutesData | None = None
        self._item: AgendaItemView | None = None
        self._saved_text = ""
        # The item's version the minute in the editor was typed on: a save names it, so it
        # never writes over a minute another clerk saved meanwhile.
        self._base_version: int | None = None
        self._loading = False

        self.items_model = AgendaTreeModel(self)
        self.items_model.set_movable(False)
        self.items = QTreeView()
        self.items.setModel(self.items_model)
        set_up_tree(self.items, "Agenda items", stretch=TITLE_COLUMN)
        self.items_model.row_height = roomy_row_height(self.items)
        for column in range(self.items_model.columnCount()):
            if column not in (NUMBER_COLUMN, TITLE_COLUMN):
                self.items.setColumnHidden(column, True)
        self.items.selectionModel().currentRowChanged.connect(self._on_item_changed)

        self.heading = QLabel()
        self.heading.setFont(heading_font(self.heading.font(), 1.2))
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subheading = QLabel()
        self.subheading.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.quorum_label = QLabel()
        self.quorum_label.setTextFormat(Qt.TextFormat.RichText)
        self.quorum_label.setAccessibleName("Quorum for this item")

        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Minute text")
        self.editor.setPlaceholderText(
            "What was done, not a transcript: the key points, and the reasons for decisions. "
            "Decisions and actions go in the lists below, so they are numbered and tracked."
        )
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(self._on_text_changed)
        self.save_state = QLabel()
        self.save_state.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.save_button = QPushButton("&Save minute")
        self.save_button.setToolTip("Saved by itself as you pause, and when you move on (Ctrl+S)")
        self.save_button.clicked.connect(self.save_minute)
        save_action = QAction("Save minute", self)
        save_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_action.triggered.connect(self.save_minute)
        self.addAction(save_action)
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_minute)

        minute_label = QLabel("Minu&te")
        minute_label.setFont(heading_font(minute_label.font()))
        minute_label.setBuddy(self.editor)
        minute_bar = QHBoxLayout()
        minute_bar.addWidget(minute_label)
        minute_bar.addStretch(1)
        minute_bar.addWidget(self.save_state)
        minute_bar.addWidget(self.save_button)

        self.declaration_section: RecordSection[DeclarationView] = RecordSection(
            "Add decla&ration…",
            "declaration",
            DECLARATION_COLUMNS,
            add=self.add_declaration,
            edit=self.edit_declaration,
            remove=self.remove_declaration,
        )
        self.decision_section: RecordSection[DecisionView] = RecordSection(
            "Add &decision…",
            "decision",
            DECISION_COLUMNS,
            add=self.add_decision,
            edit=self.edit_decision,
            remove=self.remove_decision,
        )
        self.action_section: RecordSection[ActionView] = RecordSection(
            "Add a&ction…",
            "action",
            ACTION_COLUMNS,
            add=self.add_action,
            edit=self.edit_action,
            remove=self.remove_action,
        )

        minute_part = QWidget()
        minute_layout = QVBoxLayout(minute_part)
        minute_layout.setContentsMargins(0, 0, 0, 0)
        minute_layout.addWidget(self.heading)
        minute_layout.addWidget(self.subheading)
        minute_layout.addWidget(self.quorum_label)
        minute_layout.addSpacing(4)
        minute_layout.addLayout(minute_bar)
        minute_layout.addWidget(self.editor, 1)
        records = QSplitter(Qt.Orientation.Vertical)
        records.addWidget(minute_part)
        for section in (self.decision_section, self.action_section, self.declaration_section):
            records.addWidget(section)
        records.setStretchFactor(0, 3)
        for n in (1, 2, 3):
            records.setStretchFactor(n, 1)
        records.setChildrenCollapsible(False)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.items)
        splitter.addWidget(records)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 900])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._show_item(None)

    # Reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        ref, meeting_id, today = self.ws.meeting_ref, self.ws.meeting_id, self.ws.today()
        data = self.ws.ops.run_query(
            lambda s: read_minutes(s, meeting_ref=ref, meeting_id=meeting_id, today=today),
            parent=self,
        )
        if data is None:
            return
        self.data = data
        # The item chosen in the list: while moving on to another item, not yet the one shown.
        current = AgendaTreeModel.item_at(self.items.currentIndex()) or self._item
        self._loading = True
        try:
            self.items_model.set_items(data.items)
        finally:
            self._loading = False
        focus = self.ws.focus
        wanted = focus.id if focus is not None else current.id if current is not None else None
        if wanted is None or self.items_model.item(wanted) is None:
            wanted = data.items[0].id if data.items else None
        if wanted is not None:
            self.select(wanted)
        else:
            self._show_item(None)

    def select(self, item_id: int, record_ref: str | None = None) -> None:
        """Show an item's minute; with the reference of a decision or action recorded at it,
        that record is chosen too."""
        index = self.items_model.index_of(item_id)
        if not index.isValid():
            return
        self._loading = True
        try:
            self.items.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        finally:
            self._loading = False
        self.items.scrollTo(index)
        self._show_item(self.items_model.item(item_id))
        if record_ref is not None:
            for section in (self.decision_section, self.action_section):
                if section.choose(lambda row: row.ref == record_ref):
                    section.table.setFocus(Qt.FocusReason.OtherFocusReason)
                    break

    def current_item(self) -> AgendaItemView | None:
        return self._item

    def _on_item_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._loading:
            return
        # Saving the minute of the item left behind refreshes the tab, which then shows the
        # newly chosen item by itself.
        self.save_minute()
        item = AgendaTreeModel.item_at(self.items.currentIndex())
        if item is not None and (self._item is None or self._item.id != item.id):
            self._show_item(item)

    def _show_item(self, item: AgendaItemView | None) -> None:
        """Show an item's minute and records; a minute being typed is never overwritten."""
        previous = self._item
        self._item = item
        data = self.data
        if item is None or data is None:
            self.heading.setText("No item chosen")
            self.subheading.setText("")
            self.quorum_label.setText("")
            self._set_editor_text("")
            self._saved_text = ""
            self._base_version = None
            for section in (self.declaration_section, self.decision_section, self.action_section):
                section.set_rows([])
            self._update_editable()
            return
        self.heading.setText(f"{item.number}  {item.title}")
        details = [item.ref, sentence_case(item.purpose)]
        if item.presenter:
            details.append(item.presenter)
        if item.confidentiality.value != "open":
            details.append(
                f"{sentence_case(item.confidentiality)}: shown publicly as "
                f"“{item.public_title or 'Confidential item'}”"
            )
        self.subheading.setText(" · ".join(details))
        quorum = data.quorum.get(item.id)
        self.quorum_label.setText(quorum_text(quorum.answer) if quorum else "")
        same_item = previous is not None and previous.id == item.id
        saved = clean_text(self.editor.toPlainText()) == item.minutes  # by this clerk, say
        if not same_item or saved or not self.dirty():
            self._set_editor_text(item.minutes)
            self._base_version = item.version
        elif item.minutes == self._saved_text:
            # The minute being typed over is as it was: the item changed only in what saving
            # the minute leaves alone (its number, say). A minute someone else saved meanwhile
            # keeps the old version, so that saving over it is refused.
            self._base_version = item.version
        self._saved_text = item.minutes
        self.declaration_section.set_rows([d for d in data.declarations if d.item_id == item.id])
        self.decision_section.set_rows([d for d in data.decisions if d.item_id == item.id])
        self.action_section.set_rows([a for a in data.actions if a.origin_item == item.number])
        self._update_editable()
        self._show_save_state()

    def _set_editor_text(self, text: str) -> None:
        if clean_text(self.editor.toPlainText()) == text:
            return
        self._loading = True
        try:
            self.editor.setPlainText(text)
        finally:
            self._loading = False

    # The minute text -----------------------------------------------------------------------

    def dirty(self) -> bool:
        return self._item is not None and clean_text(self.editor.toPlainText()) != self._saved_text

    def _on_text_changed(self) -> None:
        if self._loading:
            return
        self._show_save_state()
        if self.dirty() and self.editable:
            self.autosave.start()

    def _show_save_state(self) -> None:
        if self._item is None:
            self.save_state.setText("")
        elif self.dirty():
            self.save_state.setText("Not saved yet")
        else:
            self.save_state.setText("Saved")
        self.save_button.setEnabled(self.editable and self.dirty())

    def save_minute(self) -> bool:
        """Save the minute being typed, if any; False if the service refused it."""
        self.autosave.stop()
        item = self._item
        if item is None or not self.dirty() or not self.editable:
            return True
        text = clean_text(self.editor.toPlainText())
        command = WriteMinute(
            self.ws,
            self.ws.handles(item.id),
            item.number,
            self._saved_text,
            text,
            version=self._base_version,
            discard=self._discard_typing,
        )
        return push(self.ws, command)

    def _discard_typing(self) -> None:
        """Let go of a minute refused as a conflict (the clerk has it on the clipboard), so
        that reloading shows the minute someone else saved."""
        self._set_editor_text(self._saved_text)
        self._show_save_state()

    def _update_editable(self) -> None:
        can = self.editable and self._item is not None
        self.editor.setReadOnly(not can)
        # A read-only minute looks like the window, not like a box waiting to be typed in.
        self.editor.viewport().setBackgroundRole(
            QPalette.ColorRole.Base if can else QPalette.ColorRole.Window
        )
        for section in (self.declaration_section, self.decision_section, self.action_section):
            section.set_editable(can)
        self._show_save_state()

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        if not editable:
            self.autosave.stop()
        self._update_editable()

    # Records at the item -------------------------------------------------------------------

    def _heading(self, what: str) -> str:
        item = self._item
        assert item is not None
        return f"{what} at item {item.number} “{item.title}” ({self.ws.meeting_ref})."

    def add_decision(self) -> None:
        item = self._item
        if item is None or not self.editable:
            return
        details = DecisionDialog.ask(
            self,
            heading=self._heading("A decision"),
            outcomes=outcomes_for(self.ws.reports_up),
            today=self.ws.today(),
        )
        if details is None:
            return
        self.ws.ops.run_op(
            lambda s: decisions_service.record_decision(
                s,
                item_id=item.id,
                text=details.text,
                outcome=details.outcome,
                review_date=details.review_date,
            ),
            parent=self.ws.window,
        )

    def edit_decision(self, decision: DecisionView) -> None:
        before = DecisionDetails(decision.text, decision.outcome, decision.review_date)
        after = DecisionDialog.ask(
            self,
            heading=f"Decision {decision.ref}.",
            initial=before,
            outcomes=outcomes_for(self.ws.reports_up),
            today=self.ws.today(),
        )
        if after is None or after == before:
            return
        changed: dict[str, Any] = {}
        if after.text != before.text:
            changed["text"] = after.text
        if after.outcome != before.outcome:
            changed["outcome"] = after.outcome
        if after.review_date != before.review_date:
            changed["review_date"] = after.review_date
        self.ws.ops.run_op(
            lambda s: decisions_service.edit_decision(
                s, decision=decision.ref, expected_version=decision.version, **changed
            ),
            parent=self,
            unsaved=Unsaved.of_fields(changed),
        )

    def remove_decision(self, decision: DecisionView) -> None:
        if Confirm.ask(
            self,
            title="Remove decision",
            text=f"Remove decision {decision.ref}? Its reference will not be used again.",
            ok_text="Remove",
        ):
            self.ws.ops.run_op(
                lambda s: decisions_service.remove_decision(s, decision=decision.ref),
                parent=self,
            )

    def _people(self) -> list[PersonChoice]:
        return self.data.people if self.data is not None else []

    def _default_due(self) -> dt.date:
        return self.ws.today() + dt.timedelta(days=28)

    def add_action(self) -> None:
        item = self._item
        if item is None or not self.editable:
            return
        details = ActionDialog.ask(
            self,
            heading=self._heading("An action"),
            people=self._people(),
            default_due=self._default_due(),
        )
        if details is None:
            return
        today = self.ws.today()
        self.ws.ops.run_op(
            lambda s: actions_service.add_action(
                s,
                item_id=item.id,
                description=details.description,
                owner_ids=details.owner_ids,
                due=details.due,
                today=today,
            ),
            parent=self.ws.window,
        )

    def edit_action(self, action: ActionView) -> None:
        before = ActionDetails(action.description, action.owner_ids, action.due)
        after = ActionDialog.ask(
            self,
            heading=f"Action {action.ref}.",
            people=self._people(),
            initial=before,
            default_due=action.due or self._default_due(),
        )
        if after is None or after == before:
            return
        today = self.ws.today()

        def edit(session: Session) -> Any:
            changes = actions_service.edit_action(
                session,
                action=action.ref,
                description=after.description,
                owner_ids=after.owner_ids,
                expected_version=action.version,
            )
            if after.due != before.due and after.due is not None:
                actions_service.revise_due_date(
                    session,
                    action=action.ref,
                    due=after.due,
                    reason="Corrected in the minutes",
                    today=today,
                )
            return changes

        typed = {"description": after.description, "due": after.due}
        self.ws.ops.run_op(edit, parent=self, unsaved=Unsaved.of_fields(typed))

    def remove_action(self, action: ActionView) -> None:
        if Confirm.ask(
            self,
            title="Remove action",
            text=f"Remove action {action.ref}? Its reference will not be used again.",
            ok_text="Remove",
        ):
            self.ws.ops.run_op(
                lambda s: actions_service.remove_action(s, action=action.ref), parent=self
            )

    def _attendees(self) -> list[PersonChoice]:
        return self.data.attendees if self.data is not None else []

    def add_declaration(self) -> None:
        item = self._item
        if item is None or not self.editable:
            return
        details = DeclarationDialog.ask(
            self, heading=self._heading("A declaration of interest"), people=self._attendees()
        )
        if details is None:
            return
        self.ws.ops.run_op(
            lambda s: declarations_service.record_declaration(
                s,
                item_id=item.id,
                person_id=details.person_id,
                nature=details.nature,
                action_taken=details.action_taken,
            ),
            parent=self,
        )

    def edit_declaration(self, declaration: DeclarationView) -> None:
        before = DeclarationDetails(
            declaration.person_id, declaration.nature, declaration.action_taken
        )
        people = self._attendees()
        if all(p.id != declaration.person_id for p in people):
            people = [PersonChoice(declaration.person_id, declaration.person), *people]
        after = DeclarationDialog.ask(
            self,
            heading=f"{declaration.person}'s declaration at item {declaration.item_number}.",
            people=people,
            initial=before,
        )
        if after is None or after == before:
            return
        self.ws.ops.run_op(
            lambda s: declarations_service.edit_declaration(
                s,
                declaration_id=declaration.id,
                nature=after.nature,
                action_taken=after.action_taken,
                expected_version=declaration.version,
            ),
            parent=self,
            unsaved=Unsaved.of_fields({"nature": after.nature, "action_taken": after.action_taken}),
        )

    def remove_declaration(self, declaration: DeclarationView) -> None:
        if Confirm.ask(
            self,
            title="Remove declaration",
            text=f"Remove {declaration.person}'s declaration of interest at item "
            f"{declaration.item_number}?",
            ok_text="Remove",
        ):
            self.ws.ops.run_op(
                lambda s: declarations_service.remove_declaration(s, declaration_id=declaration.id),
                parent=self,
            )
