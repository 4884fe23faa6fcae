"""The action log across every body: filters, colours for what needs a chair's attention, any
column to sort by, and exactly what is shown saved to Word or Excel.

Built to stay quick with 50,000 actions (docs/architecture.md, "Figures to design by"): the
rows are plain tuples read with column-only queries; each has a case-folded search text made
once at load; a filter is a few passes over row numbers followed by a model reset, and typing
more of the same text only looks again at the rows already shown."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import repeat
from operator import attrgetter, getitem
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
)

from ccsc_gov.core.export.snapshots import ActionLogRow, ActionLogSnapshot
from ccsc_gov.core.governance.errors import UserError
from ccsc_gov.core.services.body_list import BodyView, list_bodies
from ccsc_gov.core.services.common import Area, collector_paused
from ccsc_gov.core.services.registers import (
    DUE_SOON_DAYS,
    ActionLogData,
    ActionLogLine,
    ActionState,
    Owners,
    action_log_lines,
    action_state,
)
from ccsc_gov.core.store.models import ActionStatus
from ccsc_gov.ui import export
from ccsc_gov.ui.chairs import colours
from ccsc_gov.ui.chairs.common import (
    ChairWindow,
    ChoiceBox,
    Legend,
    Swatch,
    add_labelled,
    buddy_label,
)
from ccsc_gov.ui.export import ExportJob, FileKind
from ccsc_gov.ui.formats import day_text, plural, showing
from ccsc_gov.ui.ops import show_user_error
from ccsc_gov.ui.tables import (
    ROW_ROLE,
    Column,
    ListTableModel,
    make_table,
    row_numbers,
    select_row,
)

# --- what the filters offer -------------------------------------------------------------------

ON_THE_LOG = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.COMPLETED})
NOT_DONE = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})

# (label, statuses); None: any status. The first is where the log opens: what is still on it.
STATUS_CHOICES: tuple[tuple[str, frozenset[ActionStatus] | None], ...] = (
    ("Still on the log", ON_THE_LOG),
    ("Not yet done", NOT_DONE),
    ("Any status", None),
    ("Open", frozenset({ActionStatus.OPEN})),
    ("In progress", frozenset({ActionStatus.IN_PROGRESS})),
    ("Completed, awaiting closure", frozenset({ActionStatus.COMPLETED})),
    ("Closed", frozenset({ActionStatus.CLOSED})),
    ("Cancelled", frozenset({ActionStatus.CANCELLED})),
)


class DueChoice:
    ANY = "Any due date"
    SOON = f"Due in the next {DUE_SOON_DAYS} days"
    THIS_MONTH = "Due this month"
    NEXT_MONTH = "Due next month"
    NONE = "No due date"
    BETWEEN = "Due between…"

    ALL = (ANY, SOON, THIS_MONTH, NEXT_MONTH, NONE, BETWEEN)


@dataclass(frozen=True)
class ActionFilter:
    """What the action log shows: every condition set must hold."""

    body: str | None = None
    owner_id: int | None = None
    statuses: frozenset[ActionStatus] | None = None
    overdue_only: bool = False
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    no_due_date: bool = False
    text: str = ""

    @property
    def words(self) -> list[str]:
        return self.text.casefold().split()

    def narrows(self, earlier: ActionFilter) -> bool:
        """True when nothing can match this filter that did not match `earlier`: the same
        conditions with more text typed on the end."""
        return (
            replace(self, text="") == replace(earlier, text="")
            and bool(earlier.words)
            and self.text.casefold().startswith(earlier.text.casefold())
        )


# --- the columns --------------------------------------------------------------------------------

STATUSES = tuple(ActionStatus)
_STATUS_OF, _DUE_OF = attrgetter("status"), attrgetter("due")
STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}
_STATE_WORDS = {ActionState.OVERDUE: "overdue", ActionState.DUE_SOON: "due soon"}


def status_words(status: ActionStatus) -> str:
    text = status.value
    return text[:1].upper() + text[1:]


def natural_key(text: str) -> str:
    """`EMC/2026/10` after `EMC/2026/9`: the numbers in a reference compare as numbers. A
    string (numbers zero-padded) rather than a tuple, as strings compare far faster."""
    return _DIGITS.sub(lambda number: number.group().zfill(12), text.casefold())


_DIGITS = re.compile(r"\d+")
# Sorts after any text: empty cells go last.
_LAST = "\U0010ffff"


class _Memo(dict[Any, Any]):
    """A value per shared object (an origin, a set of owners), worked out once."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self._make(key)
        return value


def _owners_text(owners: Owners) -> str:
    return ", ".join(owners.names)


def _due_tooltip(line: ActionLogLine) -> str | None:
    if line.due is None:
        return "No due date set"
    text = f"Due {day_text(line.due)}"
    if line.original_due is not None and line.original_due != line.due:
        text += f" (first due {day_text(line.original_due)})"
    return text


def _ref_tooltip(line: ActionLogLine) -> str:
    origin = line.origin
    text = f"{line.ref}: raised at {origin.meeting} item {origin.item}, {day_text(origin.date)}"
    return text + " (a confidential item)" if origin.confidential else text


# As the exported log marks it: the log is internal, and says where care is needed.
CONFIDENTIAL = "Confidential:"


def _action_text(line: ActionLogLine) -> str:
    if line.origin.confidential:
        return f"{CONFIDENTIAL} {line.description}"
    return line.description


def _long_text(text: str) -> str | None:
    return text or None


def _columns() -> tuple[Column[ActionLogLine], ...]:
    meeting_keys = _Memo(lambda origin: natural_key(origin.meeting))
    owner_texts = _Memo(_owners_text)
    owner_keys = _Memo(lambda owners: _owners_text(owners).casefold() or _LAST)
    return (
        Column(
            "Ref",
            lambda line: line.ref,
            lambda line: f"{meeting_keys[line.origin]}/{line.id:012d}",
            18,
            tooltip=_ref_tooltip,
        ),
        Column("Body", lambda line: line.origin.body, lambda line: line.origin.body, 6),
        Column(
            "Raised",
            lambda line: day_text(line.origin.date),
            lambda line: line.origin.date,
            11,
            tooltip=_ref_tooltip,
        ),
        Column(
            "Action",
            _action_text,
            lambda line: line.description.casefold(),
            60,
            tooltip=lambda line: line.description,
        ),
        Column(
            "Owners",
            lambda line: owner_texts[line.owners],
            lambda line: owner_keys[line.owners],
            22,
            tooltip=lambda line: owner_texts[line.owners] or "No owner named",
        ),
        Column(
            "Due",
            lambda line: day_text(line.due, empty="No date"),
            lambda line: line.due or dt.date.max,
            11,
            tooltip=_due_tooltip,
        ),
        # The model adds "overdue" or "due soon", which depend on the day (see `data`).
        Column(
            "Status",
            lambda line: status_words(line.status),
            lambda line: STATUS_RANK[line.status],
            24,
        ),
        Column(
            "Latest note",
            lambda line: line.latest_note,
            lambda line: line.latest_note.casefold() or _LAST,
            30,
            stretch=True,
            tooltip=lambda line: _long_text(line.latest_note),
        ),
    )


COLUMNS = _columns()
TITLES = tuple(column.title for column in COLUMNS)
REF, BODY, RAISED, ACTION, OWNERS, DUE, STATUS, NOTE = range(len(COLUMNS))


# A row's state as one byte: a whole log's states fit in a `bytes`, and counting or picking
# out the overdue ones runs at C speed (an enum member hashes in Python).
STATES = tuple(ActionState)
_CODES = {state: code for code, state in enumerate(STATES)}
OVERDUE = _CODES[ActionState.OVERDUE]
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        ROW_ROLE,
    }
)


class ActionLogModel(ListTableModel[ActionLogLine]):
    """The action log's rows: every action read, the ones that match the filter shown."""

    columns = COLUMNS
    arrives_sorted_by = RAISED

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._filter = ActionFilter()
        self._today = dt.date.today()
        self._states = b""
        # Each row's text to search, made on the first search or just after the log is shown.
        self._search: list[str] | None = None
        self._owner_sets: Sequence[Owners] = ()
        self._ids: dict[int, int] | None = None
        self._statuses = b""
        self._sort_column = RAISED
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)
        self.theme_changed()

    # Loading and filtering -----------------------------------------------------------------

    def load(
        self,
        lines: Sequence[ActionLogLine],
        *,
        today: dt.date,
        action_filter: ActionFilter | None = None,
        owner_sets: Sequence[Owners] = (),
    ) -> None:
        """Take a fresh read of the log (in the order raised, as `action_log_lines` gives it),
        shown through `action_filter` or the filter as it was; the sort stays as it was.
        `owner_sets`: every distinct `Owners` the lines share, if known (it saves a pass)."""
        if action_filter is not None:
            self._filter = action_filter
        with collector_paused():
            self._today = today
            # Per-row facts as one byte each. Looked up by id(): an enum member hashes in
            # Python, which adds up over 50,000 rows.
            by_status = {id(status): code for code, status in enumerate(ActionStatus)}
            self._statuses = bytes([by_status[id(s)] for s in map(_STATUS_OF, lines)])
            states = _Memo(lambda key: _CODES[action_state(STATUSES[key[0]], key[1], today)])
            self._states = bytes(
                [states[key] for key in zip(self._statuses, map(_DUE_OF, lines), strict=True)]
            )
            self._search, self._owner_sets = None, owner_sets
            self._ids = None
            self.set_rows(lines)
        # The log shows first; the search texts are made as soon as it has been painted.
        QTimer.singleShot(0, self, self.search_texts)

    def search_texts(self) -> list[str]:
        """Each row's text to search, made once per load, so that a keystroke is one substring
        test per row. The meeting's reference is the start of the action's, so it is found
        through it."""
        if self._search is None:
            lines = self._rows
            with collector_paused():
                sets = self._owner_sets or {id(ln.owners): ln.owners for ln in lines}.values()
                owner_texts = {id(owners): "\n".join(owners.names) for owners in sets}
                self._search = [
                    f"{line.ref}\n{line.description}\n{owner_texts[id(line.owners)]}\n"
                    f"{line.latest_note}".casefold()
                    for line in lines
                ]
        return self._search

    @property
    def filter(self) -> ActionFilter:
        return self._filter

    def set_filter(self, new: ActionFilter) -> None:
        narrowing = new.narrows(self._filter)
        self._filter = new
        self.refilter(narrowing=narrowing)

    def matching(self, candidates: Sequence[int]) -> Sequence[int]:
        f = self._filter
        lines = self._rows
        rows = candidates
        if f.body is not None:
            body = f.body
            rows = [n for n in rows if lines[n].origin.body == body]
        if f.statuses is not None:
            wanted = {STATUSES.index(status) for status in f.statuses}
            codes = self._statuses
            rows = [n for n in rows if codes[n] in wanted]
        if f.overdue_only:
            states = self._states
            rows = [n for n in rows if states[n] == OVERDUE]
        if f.owner_id is not None:
            owner = f.owner_id
            rows = [n for n in rows if owner in lines[n].owners.ids]
        if f.no_due_date:
            rows = [n for n in rows if lines[n].due is None]
        if f.due_from is not None or f.due_to is not None:
            start, end = f.due_from or dt.date.min, f.due_to or dt.date.max
            rows = [n for n in rows if (due := lines[n].due) is not None and start <= due <= end]
        words = f.words
        if words:
            # The rows found go into an array one by one: a comprehension would first make a
            # list of int objects, one per row found, spread through memory, which at 500,000
            # rows each keystroke waited on.
            search = self.search_texts()
            if len(words) == 1:
                [word] = words
                rows = row_numbers(n for n in rows if word in search[n])
            else:
                rows = row_numbers(n for n in rows if all(word in search[n] for word in words))
        return rows

    # What is shown -------------------------------------------------------------------------

    def state_at(self, row: int) -> ActionState:
        return STATES[self._states[self._shown[row]]]

    def row_of(self, action_id: int) -> int:
        """The view row of an action; -1 if it is not shown."""
        if self._ids is None:
            self._ids = {line.id: number for number, line in enumerate(self._rows)}
        number = self._ids.get(action_id)
        if number is None:
            return -1
        try:
            return self._shown.index(number)
        except ValueError:
            return -1

    def shown_states(self) -> Counter[ActionState]:
        """How many of the rows shown are overdue, due soon, done or none of those."""
        if len(self._shown) == len(self._states):
            codes = self._states
        else:
            codes = bytes(map(getitem, repeat(self._states), self._shown))
        return Counter({state: codes.count(code) for code, state in enumerate(STATES)})

    def snapshot(self, *, body: BodyView | None, description: str) -> ActionLogSnapshot:
        """Exactly the rows shown, in the order shown, as the exporters take them."""
        lines, states = self._rows, self._states
        return ActionLogSnapshot(
            as_of=self._today,
            rows=tuple(
                ActionLogRow(
                    ref=line.ref,
                    body_code=line.origin.body,
                    item=line.origin.item,
                    description=line.description,
                    status=line.status,
                    owners=line.owners.names,
                    due=line.due,
                    original_due=line.original_due,
                    latest_note=line.latest_note,
                    overdue=states[n] == OVERDUE,
                    confidential=line.origin.confidential,
                )
                for n in self._shown
                for line in (lines[n],)
            ),
            body_code=body.code if body is not None else None,
            body_name=body.name if body is not None else "",
            filter_description=description,
        )

    # Colours ---------------------------------------------------------------------------------

    def theme_changed(self) -> None:
        """Choose the colours again for the application's palette (light or dark)."""
        palette = QApplication.palette()
        self._tints = [colours.action_tint(state, palette) for state in STATES]
        self._text = palette.color(QPalette.ColorRole.Text)
        self._greyed = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, len(self.columns) - 1)
            )

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every role of every cell painted: what is not ours goes back at once.
        if role not in _ROLES or not index.isValid():
            return None
        number = self._shown[index.row()]
        line: ActionLogLine = self._rows[number]
        column = index.column()
        state = self._states[number]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == STATUS:
                words = _STATE_WORDS.get(STATES[state])
                status = status_words(line.status)
                return f"{status} · {words}" if words else status
            return self.columns[column].text(line)
        if role == Qt.ItemDataRole.BackgroundRole:
            tint = self._tints[state]
            return tint.background if tint is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if line.status is ActionStatus.CANCELLED:
                return self._greyed
            tint = self._tints[state]
            if tint is None:
                return None
            # On the wash, ordinary text keeps the theme's colour; the status and a late due
            # date take the stronger one.
            if column == STATUS or (column == DUE and state == OVERDUE):
                return tint.text
            return self._text
        if role == Qt.ItemDataRole.FontRole:
            if column == STATUS and state == OVERDUE:
                return self._bold
            if line.status is ActionStatus.CANCELLED:
                return self._italic
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == STATUS:
                return self._status_tooltip(line, STATES[state])
            return self.columns[column].tooltip(line)
        return line  # ROW_ROLE

    def _status_tooltip(self, line: ActionLogLine, state: ActionState) -> str:
        status = status_words(line.status)
        if state is ActionState.OVERDUE and line.due is not None:
            return f"{status}; overdue by {plural((self._today - line.due).days, 'day')}"
        if state is ActionState.DUE_SOON and line.due is not None:
            left = (line.due - self._today).days
            return (
                f"{status}; due today" if left == 0 else f"{status}; due in {plural(left, 'day')}"
            )
        if line.status is ActionStatus.COMPLETED:
            return "Completed: the owner says it is done; the body has still to close it"
        if line.status is ActionStatus.CLOSED:
            return "Closed: the body has accepted it as done"
        return status


# --- the window ---------------------------------------------------------------------------------


def _month_span(day: dt.date, months_ahead: int) -> tuple[dt.date, dt.date]:
    month_index = day.year * 12 + day.month - 1 + months_ahead
    first = dt.date(month_index // 12, month_index % 12 + 1, 1)
    following = dt.date((month_index + 1) // 12, (month_index + 1) % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def _to_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class ActionLogWindow(ChairWindow):
    """Every body's actions in one log, for the chairs."""

    title = "Action log"
    areas = Area.ACTIONS | Area.AGENDA | Area.MEETINGS | Area.BODIES | Area.PEOPLE
    settings_key = "chairs/action_log"

    # The path of a file once written.
    exported = Signal(object)

    # Building --------------------------------------------------------------------------------

    def _build(self) -> None:
        self._jobs: set[ExportJob] = set()
        self.model = ActionLogModel(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search references, actions, owners and notes")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the action log")
        self.search.setMinimumWidth(self.fontMetrics().averageCharWidth() * 34)
        self.search.textChanged.connect(self.apply_filter)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self._focus_search)

        self.body_box = ChoiceBox("Body")
        self.owner_box = ChoiceBox("Owner")
        self.status_box = ChoiceBox("Status")
        self.status_box.set_choices(STATUS_CHOICES)
        self.due_box = ChoiceBox("Due")
        self.due_box.set_choices([(choice, choice) for choice in DueChoice.ALL])
        self.due_from = QDateEdit()
        self.due_to = QDateEdit()
        for edit, name in ((self.due_from, "Due from"), (self.due_to, "Due to")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(name)
            edit.setVisible(False)
            edit.dateChanged.connect(self.apply_filter)
        self.due_dash = QLabel("to")
        self.due_dash.setVisible(False)
        self.overdue_box = QCheckBox("&Overdue only")
        for box, letters in (
            (self.body_box, 10),
            (self.owner_box, 14),
            (self.status_box, 16),
            (self.due_box, 18),
        ):
            # Wide enough for the usual choice; the list that drops down shows all of each.
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(letters)
            box.currentIndexChanged.connect(self.apply_filter)
        self.overdue_box.toggled.connect(self.apply_filter)
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.clicked.connect(self.clear_filters)

        searching = QHBoxLayout()
        searching.setSpacing(6)
        searching.addWidget(buddy_label("Sea&rch", self.search))
        searching.addWidget(self.search, 1)
        searching.addSpacing(8)
        searching.addWidget(self.clear_button)

        filters = QHBoxLayout()
        filters.setSpacing(6)
        add_labelled(
            filters,
            (("&Body", self.body_box), ("O&wner", self.owner_box), ("&Status", self.status_box)),
            space=8,
        )
        filters.addWidget(self.due_box)
        filters.addWidget(self.due_from)
        filters.addWidget(self.due_dash)
        filters.addWidget(self.due_to)
        filters.addSpacing(8)
        filters.addWidget(self.overdue_box)
        filters.addStretch(1)

        self.table = make_table(self.model, name="Actions")
        self.table.setSortingEnabled(False)
        self.table.horizontalHeader().setSortIndicator(RAISED, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)

        # Said over the empty table when the filters leave nothing to show.
        self.nothing = QLabel("No actions match these filters.")
        self.nothing.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nothing.setVisible(False)
        over_table = QVBoxLayout(self.table.viewport())
        over_table.addWidget(self.nothing)

        self.summary = QLabel()
        self.summary.setAccessibleName("Actions shown")
        self.legend = Legend()
        self._legend_swatches = {
            state: Swatch()
            for state in (ActionState.OVERDUE, ActionState.DUE_SOON, ActionState.DONE)
        }
        self.legend.set_entries(
            [
                (self._legend_swatches[ActionState.OVERDUE], "Overdue"),
                (self._legend_swatches[ActionState.DUE_SOON], f"Due within {DUE_SOON_DAYS} days"),
                (self._legend_swatches[ActionState.DONE], "Done (completed or closed)"),
            ]
        )
        self._paint_legend()

        self.export_status = QLabel()
        self.export_status.setTextFormat(Qt.TextFormat.RichText)
        self.export_status.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.export_status.linkActivated.connect(self._open_link)
        self.export_button = QToolButton()
        self.export_button.setText("&Export")
        self.export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button.setAccessibleName("Export what is shown")
        export_menu = QMenu(self.export_button)
        self.export_word_action = QAction("Word document (.docx)…", self)
        self.export_word_action.triggered.connect(lambda: self.export(FileKind.WORD))
        self.export_excel_action = QAction("Excel workbook (.xlsx)…", self)
        self.export_excel_action.triggered.connect(lambda: self.export(FileKind.EXCEL))
        export_menu.addAction(self.export_word_action)
        export_menu.addAction(self.export_excel_action)
        self.export_button.setMenu(export_menu)

        footer = QHBoxLayout()
        footer.addWidget(self.summary)
        footer.addSpacing(16)
        footer.addWidget(self.legend)
        footer.addStretch(1)
        footer.addWidget(self.export_status)
        footer.addSpacing(8)
        footer.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 8)
        layout.setSpacing(8)
        layout.addLayout(searching)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        self.setTabOrder(self.search, self.body_box)

    def _paint_legend(self) -> None:
        for state, swatch in self._legend_swatches.items():
            tint = colours.action_tint(state, self.palette())
            assert tint is not None
            swatch.set_colours(tint.background, tint.text, border=tint.text)

    def palette_changed(self) -> None:
        self._paint_legend()
        self.model.theme_changed()

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # Reading ---------------------------------------------------------------------------------

    def load(self) -> None:
        result = self.ops.run_query(lambda s: (list_bodies(s), action_log_lines(s)), parent=self)
        if result is None:
            return
        bodies, data = result
        self.show_log(bodies, data)

    def show_log(self, bodies: Sequence[BodyView], data: ActionLogData) -> None:
        """Show a fresh read, keeping the filters, the sort and the selected action."""
        selected = self.selected_line()
        self._bodies = list(bodies)
        with self._updating_choices():
            self.body_box.set_choices([("All bodies", None), *self._body_choices()])
            self.owner_box.set_choices(
                [("Anyone", None)] + [(name, person_id) for person_id, name in data.owners]
            )
        self.model.load(
            data.lines,
            today=self.today(),
            action_filter=self.current_filter(),
            owner_sets=data.owner_sets,
        )
        self._show_summary()
        if selected is not None:
            self.select_action(selected.id)

    # Filtering -------------------------------------------------------------------------------

    def current_filter(self) -> ActionFilter:
        due_from = due_to = None
        no_due = False
        choice = self.due_box.currentText()
        today = self.today()
        if choice == DueChoice.SOON:
            due_from, due_to = today, today + dt.timedelta(days=DUE_SOON_DAYS)
        elif choice == DueChoice.THIS_MONTH:
            due_from, due_to = _month_span(today, 0)
        elif choice == DueChoice.NEXT_MONTH:
            due_from, due_to = _month_span(today, 1)
        elif choice == DueChoice.NONE:
            no_due = True
        elif choice == DueChoice.BETWEEN:
            due_from, due_to = _to_date(self.due_from.date()), _to_date(self.due_to.date())
        return ActionFilter(
            body=self.body_box.value(),
            owner_id=self.owner_box.value(),
            statuses=self.status_box.value(),
            overdue_only=self.overdue_box.isChecked(),
            due_from=due_from,
            due_to=due_to,
            no_due_date=no_due,
            text=self.search.text(),
        )

    def apply_filter(self) -> None:
        if self._updating:
            return
        between = self.due_box.currentText() == DueChoice.BETWEEN
        if between and not self.due_from.isVisible():
            self._start_range()
        for widget in (self.due_from, self.due_dash, self.due_to):
            widget.setVisible(between)
        selected = self.selected_line()
        self.model.set_filter(self.current_filter())
        if selected is not None:
            self.select_action(selected.id, scroll=False)
        self._show_summary()

    def _start_range(self) -> None:
        """A new range starts as this month, a sensible place to adjust from."""
        first, last = _month_span(self.today(), 0)
        with self._updating_choices():
            self.due_from.setDate(QDate(first.year, first.month, first.day))
            self.due_to.setDate(QDate(last.year, last.month, last.day))

    def clear_filters(self) -> None:
        with self._updating_choices():
            self.search.clear()
            self.body_box.setCurrentIndex(0)
            self.owner_box.setCurrentIndex(0)
            self.status_box.setCurrentIndex(STATUS_CHOICES.index(("Any status", None)))
            self.due_box.setCurrentIndex(0)
            self.overdue_box.setChecked(False)
        self.apply_filter()

    def describe_filter(self) -> str:
        """The filters and the order in words, as an export prints them."""
        f = self.model.filter
        parts = []
        if f.body is not None:
            parts.append(f"Body: {f.body}")
        if f.owner_id is not None:
            parts.append(f"Owner: {self.owner_box.currentText()}")
        parts.append(f"Status: {self.status_box.currentText().lower()}")
        if f.overdue_only:
            parts.append("Overdue only")
        if f.no_due_date:
            parts.append("No due date")
        elif f.due_from is not None or f.due_to is not None:
            parts.append(f"Due {day_text(f.due_from)} to {day_text(f.due_to)}")
        if f.text.strip():
            parts.append(f"Text: “{' '.join(f.text.split())}”")
        column = self.model.sort_column
        if 0 <= column < len(TITLES):
            direction = (
                "ascending"
                if self.model.sort_order == Qt.SortOrder.AscendingOrder
                else "descending"
            )
            parts.append(f"Sorted by {TITLES[column].lower()}, {direction}")
        return " · ".join(parts)

    def _show_summary(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        states = self.model.shown_states()
        text = showing(shown, total, "action")
        if states[ActionState.OVERDUE]:
            text += f" · {states[ActionState.OVERDUE]:,} overdue"
        if states[ActionState.DUE_SOON]:
            text += f" · {states[ActionState.DUE_SOON]:,} due soon"
        self.summary.setText(text)
        self.export_button.setEnabled(shown > 0)
        self.nothing.setText(
            "No actions match these filters." if total else "No actions have been recorded yet."
        )
        self.nothing.setVisible(shown == 0)

    # Selection -------------------------------------------------------------------------------

    def selected_line(self) -> ActionLogLine | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isSelected(index):
            return None
        return self.model.row_at(index.row())

    def select_action(self, action_id: int, *, scroll: bool = True) -> bool:
        row = self.model.row_of(action_id)
        if row < 0:
            return False
        select_row(self.table, row, scroll=scroll)
        return True

    # Export ----------------------------------------------------------------------------------

    def snapshot(self) -> ActionLogSnapshot:
        code = self.model.filter.body
        body = next((b for b in self._bodies if b.code == code), None)
        return self.model.snapshot(body=body, description=self.describe_filter())

    def export(self, kind: FileKind) -> None:
        """Ask where, then save what is shown."""
        code = self.model.filter.body
        name = f"{f'{code} action log' if code else 'Action log'} {self.today().isoformat()}"
        path = export.ask_save_path(
            self,
            title=f"Export the action log as a {kind.label}",
            name=name + kind.suffix,
            kind=kind,
        )
        if path is not None:
            self.export_to(path, kind)

    def export_to(self, path: Path, kind: FileKind) -> ExportJob:
        """Save exactly what is shown to `path`, off the GUI thread; `exported` when done."""
        snapshot = self.snapshot()
        # The writers (python-docx, openpyxl) load only when a chair exports: start-up matters.
        from ccsc_gov.core.export.action_log import write_action_log
        from ccsc_gov.core.export.excel import write_action_log_xlsx

        write = write_action_log if kind is FileKind.WORD else write_action_log_xlsx
        job = ExportJob(lambda target: write(snapshot, target), path)
        job.done.connect(self._exported)
        job.refused.connect(self._export_refused)
        job.crashed.connect(export.report_crash)
        for signal in (job.done, job.refused, job.crashed):
            signal.connect(lambda *_args, job=job: self._jobs.discard(job))
        self._jobs.add(job)
        self.export_status.setText(f"Saving {plural(len(snapshot.rows), 'action')} to {path.name}…")
        job.start()
        return job

    def _exported(self, path: Path) -> None:
        self._last_export = path
        self.export_status.setText(
            f"Saved {path.name} · <a href='open'>Open</a> · <a href='folder'>Show folder</a>"
        )
        self.exported.emit(path)

    def _export_refused(self, error: UserError) -> None:
        self.export_status.setText("")
        show_user_error(self, error)

    def _open_link(self, link: str) -> None:
        path = getattr(self, "_last_export", None)
        if path is not None:
            export.open_path(path if link == "open" else path.parent)
