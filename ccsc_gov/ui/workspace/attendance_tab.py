"""The Attendance tab: every member expected at the meeting, each set to present, remote,
apologies or absent in one click (or one key), guests in attendance, late arrivals and early
departures, and the quorum of the meeting and of each item, live."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import (
    QIcon,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QPixmap,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.quorum import THERE
from ccsc_gov.core.services import agenda as agenda_service
from ccsc_gov.core.services import attendance as attendance_service
from ccsc_gov.core.services.agenda import AgendaItemView
from ccsc_gov.core.services.attendance import (
    AttendanceEntry,
    AttendeeLine,
    QuorumAnswer,
)
from ccsc_gov.core.services.common import Area
from ccsc_gov.core.services.meetings import get_meeting, record_closing_time
from ccsc_gov.core.services.people import MembershipView, list_people, surname_key
from ccsc_gov.core.store.models import AttendanceCategory, Role
from ccsc_gov.ui.formats import sentence_case
from ccsc_gov.ui.tables import (
    Column,
    ShortTableModel,
    fill_rows,
    set_up_table,
)
from ccsc_gov.ui.workspace.commands import RecordAttendance, push
from ccsc_gov.ui.workspace.context import Workspace
from ccsc_gov.ui.workspace.details import PersonChoice
from ccsc_gov.ui.workspace.dialogs import PersonDialog
from ccsc_gov.ui.workspace.looks import Status, section_label, status_dot, status_icon

AREAS = Area.ATTENDANCE | Area.AGENDA | Area.PEOPLE | Area.BODIES | Area.MEETINGS | Area.MINUTES
AnyIndex = QModelIndex | QPersistentModelIndex

# Whether a category cell is the chosen one (True/False); None where there is no choice.
CHOSEN_ROLE = Qt.ItemDataRole.UserRole + 10
# The item id (or None) of the late-arrival and early-departure cells.
ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 11

# The keys that set the selected person's attendance, as the register is read out.
CATEGORY_KEYS = {
    Qt.Key.Key_P: AttendanceCategory.PRESENT,
    Qt.Key.Key_R: AttendanceCategory.REMOTE,
    Qt.Key.Key_A: AttendanceCategory.APOLOGIES,
    Qt.Key.Key_X: AttendanceCategory.ABSENT,
}


@dataclass(frozen=True)
class AttendanceRow:
    """One person on the attendance list, as the clerk edits it."""

    person_id: int
    name: str
    role: Role | None  # None: a guest in attendance, not a member
    position: str
    category: AttendanceCategory | None  # None: not recorded yet
    arrived_item_id: int | None = None
    left_item_id: int | None = None  # the first item they missed
    note: str = ""

    @property
    def member(self) -> bool:
        return self.role is not None

    @property
    def there(self) -> bool:
        return self.category in THERE

    def entry(self) -> AttendanceEntry | None:
        if self.category is None:
            return None
        return AttendanceEntry(
            self.person_id, self.category, self.arrived_item_id, self.left_item_id, self.note
        )


@dataclass(frozen=True)
class AttendanceColumn:
    title: str
    category: AttendanceCategory | None = None
    field: str = ""  # "arrived" or "left" for the item cells


ATTENDANCE_COLUMNS: tuple[AttendanceColumn, ...] = (
    AttendanceColumn("Name"),
    AttendanceColumn("Role"),
    AttendanceColumn("Present", AttendanceCategory.PRESENT),
    AttendanceColumn("Remote", AttendanceCategory.REMOTE),
    AttendanceColumn("Apologies", AttendanceCategory.APOLOGIES),
    AttendanceColumn("Absent", AttendanceCategory.ABSENT),
    AttendanceColumn("Arrived at", field="arrived"),
    AttendanceColumn("Left after", field="left"),
)
NAME_COLUMN = 0
CATEGORY_COLUMNS = {
    number: column.category
    for number, column in enumerate(ATTENDANCE_COLUMNS)
    if column.category is not None
}


def rows_from(
    expected: Sequence[MembershipView],
    lines: Sequence[AttendeeLine],
    items: Sequence[AgendaItemView],
) -> list[AttendanceRow]:
    """Members in the order expected (chair first), then guests by surname, with what is
    recorded for each."""
    by_number = {item.number: item.id for item in items}
    following = {items[n].number: items[n + 1].id for n in range(len(items) - 1)}
    recorded = {line.person_id: line for line in lines}
    people: list[tuple[int, str, Role | None, str]] = [
        (m.person_id, m.person, m.role, m.position) for m in expected
    ]
    members = {m.person_id for m in expected}
    guests = sorted(
        (line for line in lines if line.person_id not in members),
        key=lambda line: surname_key(line.name),
    )
    people += [(g.person_id, g.name, None, g.position) for g in guests]
    rows = []
    for person_id, name, role, position in people:
        line = recorded.get(person_id)
        rows.append(
            AttendanceRow(
                person_id=person_id,
                name=name,
                role=role,
                position=position,
                category=line.category if line is not None else None,
                arrived_item_id=by_number.get(line.arrived_at or "") if line else None,
                left_item_id=following.get(line.left_after or "") if line else None,
                note=line.note if line is not None else "",
            )
        )
    return rows


class AttendanceModel(QStandardItemModel):
    """The attendance list; an edit is passed on as a request, and the list follows the
    database once the change is saved. The cells are made once per list (the radio buttons as
    pictures drawn once, `radio_icons`), so painting and sizing the register never call back
    into Python."""

    # (person id, "category" | "arrived" | "left", the new value)
    edit_requested = Signal(int, str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(0, len(ATTENDANCE_COLUMNS), parent)
        self.setHorizontalHeaderLabels([column.title for column in ATTENDANCE_COLUMNS])
        self._rows: list[AttendanceRow] = []
        self._items: list[AgendaItemView] = []
        self._editable = True
        # Chosen or not → its radio button (radio_icons); none, no pictures.
        self.radios: dict[bool, QIcon] = {}

    def set_rows(self, rows: Sequence[AttendanceRow], items: Sequence[AgendaItemView]) -> None:
        self._rows = list(rows)
        self._items = list(items)
        fill_rows(self, (self._cells(row) for row in self._rows))

    def set_radios(self, radios: dict[bool, QIcon]) -> None:
        """The radio buttons' pictures, drawn by the view (again when the theme changes, and
        then the cells, with their colours, are made again)."""
        self.radios = radios
        if self._rows:
            fill_rows(self, (self._cells(row) for row in self._rows))

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        if not self._rows:
            return
        self.blockSignals(True)  # one change for the whole list
        try:
            for number, row in enumerate(self._rows):
                for column in range(len(ATTENDANCE_COLUMNS)):
                    self.item(number, column).setFlags(self._flags(row, column))
        finally:
            self.blockSignals(False)
        # Radio buttons that are a choice no longer, or again.
        self.dataChanged.emit(
            self.index(0, 0), self.index(len(self._rows) - 1, len(ATTENDANCE_COLUMNS) - 1)
        )

    def _cells(self, row: AttendanceRow) -> list[QStandardItem]:
        unrecorded = row.category is None and row.member
        cells = []
        for number, column in enumerate(ATTENDANCE_COLUMNS):
            cell = QStandardItem(self._text(row, number, column))
            cell.setFlags(self._flags(row, number))
            cell.setToolTip(self._tooltip(row, column))
            if column.category is not None:
                chosen = self._chosen(row, column.category)
                cell.setData(chosen, CHOSEN_ROLE)
                if chosen is not None:
                    if self.radios:
                        cell.setIcon(self.radios[chosen])
                    words = "chosen" if chosen else "not chosen"
                    cell.setData(f"{column.title}: {words}", Qt.ItemDataRole.AccessibleTextRole)
            if column.field:
                arrived = column.field == "arrived"
                cell.setData(row.arrived_item_id if arrived else row.left_item_id, ITEM_ID_ROLE)
            if unrecorded:
                # Nobody has said where this member was yet: quieter until recorded.
                cell.setForeground(QApplication.palette().brush(QPalette.ColorRole.PlaceholderText))
            cells.append(cell)
        return cells

    def _text(self, row: AttendanceRow, number: int, column: AttendanceColumn) -> str:
        if number == NAME_COLUMN:
            return row.name
        if column.title == "Role":
            return sentence_case(row.role) if row.role is not None else "Guest (in attendance)"
        if column.field == "arrived":
            return self._label(row.arrived_item_id) if row.arrived_item_id else ""
        if column.field == "left":
            return self._previous_number(row.left_item_id) if row.left_item_id else ""
        return ""

    @staticmethod
    def _chosen(row: AttendanceRow, category: AttendanceCategory) -> bool | None:
        """Whether the category is the person's; None where there is no choice (a guest is in
        attendance, shown under Present)."""
        if not row.member:
            return True if category is AttendanceCategory.PRESENT else None
        return row.category is category

    def _flags(self, row: AttendanceRow, number: int) -> Qt.ItemFlag:
        column = ATTENDANCE_COLUMNS[number]
        if column.category is not None and not (row.member and self._editable):
            # Shown, but not a choice: a guest is in attendance; a locked meeting stays put.
            return Qt.ItemFlag.ItemIsSelectable
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if column.field and self._editable and row.there:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    @property
    def rows(self) -> list[AttendanceRow]:
        return list(self._rows)

    def row_at(self, row: int) -> AttendanceRow:
        return self._rows[row]

    def row_of(self, person_id: int) -> int:
        return next((n for n, r in enumerate(self._rows) if r.person_id == person_id), -1)

    def _label(self, item_id: int | None) -> str:
        item = next((i for i in self._items if i.id == item_id), None)
        return f"{item.number} {item.title}" if item is not None else ""

    def _previous_number(self, item_id: int | None) -> str:
        numbers = [i.id for i in self._items]
        if item_id not in numbers:
            return ""
        index = numbers.index(item_id)
        return self._items[index - 1].number if index > 0 else ""

    def choices(self, field: str) -> list[tuple[str, int | None]]:
        """Late arrival: the item they arrived at. Early departure: the last item they were
        there for (stored as the first item they missed)."""
        items = self._items
        if field == "arrived":
            return [("From the start", None)] + [(f"{i.number} {i.title}", i.id) for i in items[1:]]
        return [("Stayed to the end", None)] + [
            (f"{items[n].number} {items[n].title}", items[n + 1].id) for n in range(len(items) - 1)
        ]

    def _tooltip(self, row: AttendanceRow, column: AttendanceColumn) -> str:
        if column.category is not None:
            if not row.member:
                return "Guests are recorded as in attendance."
            return f"Mark {row.name} as {column.category} (key {column.title[0]})"
        if column.field == "arrived":
            return "Double-click or press F2 to record a late arrival."
        if column.field == "left":
            return "Double-click or press F2 to record an early departure."
        if row.position:
            return f"{row.name}, {row.position}"
        return ""

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """An edit from the view, passed on as a request (the list changes once it is saved)."""
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or not self._editable:
            return False
        row = self._rows[index.row()]
        column = ATTENDANCE_COLUMNS[index.column()]
        if column.category is not None and row.member:
            self.edit_requested.emit(row.person_id, "category", column.category)
            return True
        if column.field and row.there:
            self.edit_requested.emit(row.person_id, column.field, value)
            return True
        return False

    def choose(self, row: int, category: AttendanceCategory) -> None:
        """Set a member's attendance (the keyboard's way to a category cell)."""
        person = self._rows[row]
        if person.member and self._editable:
            self.edit_requested.emit(person.person_id, "category", category)


def radio_icons(view: QTableView, width: int) -> dict[bool, QIcon]:
    """The chosen and the not-chosen radio button, drawn once by the view's style as the
    register's cells used to draw them: centred in a cell `width` wide (the style's margins
    either side of the picture), greyed where the cell is not a choice. The view shows them
    at that size."""
    style = view.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    size = style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, None, view)
    picture = QSize(width - 2 * margin, size)
    ratio = view.devicePixelRatioF()
    icons = {}
    for chosen in (True, False):
        icon = QIcon()
        for enabled, modes in (
            (True, (QIcon.Mode.Normal, QIcon.Mode.Selected)),
            (False, (QIcon.Mode.Disabled,)),
        ):
            pixmap = QPixmap(picture * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            radio = QStyleOptionButton()
            radio.rect = QRect((picture.width() - size) // 2, 0, size, size)
            radio.state = QStyle.StateFlag.State_On if chosen else QStyle.StateFlag.State_Off
            if enabled:
                radio.state |= QStyle.StateFlag.State_Enabled
            painter = QPainter(pixmap)
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_IndicatorRadioButton, radio, painter, view
            )
            painter.end()
            for mode in modes:
                icon.addPixmap(pixmap, mode)
        icons[chosen] = icon
    view.setIconSize(picture)
    return icons


class AttendanceDelegate(QStyledItemDelegate):
    """One click or Space on a category cell chooses it; item cells are edited in combos."""

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: AnyIndex,
    ) -> bool:
        if index.data(CHOSEN_ROLE) is None:
            return super().editorEvent(event, model, option, index)
        if (
            isinstance(event, QMouseEvent)
            and event.type() == QEvent.Type.MouseButtonRelease
            and event.button() == Qt.MouseButton.LeftButton
            and option.rect.contains(event.position().toPoint())
        ):
            return model.setData(index, True, Qt.ItemDataRole.EditRole)
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select)
        ):
            return model.setData(index, True, Qt.ItemDataRole.EditRole)
        return False

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> Any:
        model = index.model()
        field = ATTENDANCE_COLUMNS[index.column()].field
        if not field or not isinstance(model, AttendanceModel):
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.setAccessibleName(ATTENDANCE_COLUMNS[index.column()].title)
        for text, item_id in model.choices(field):
            combo.addItem(text, item_id)
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            current = index.data(ITEM_ID_ROLE)
            # Arrow keys choose without opening the list; Alt+Down or a click opens it.
            editor.setCurrentIndex(max(0, editor.findData(current)))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            if editor.currentData() != index.data(ITEM_ID_ROLE):
                model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class AttendanceView(QTableView):
    """The register: P, R, A or X sets the selected member's attendance as it is read out."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        category = CATEGORY_KEYS.get(Qt.Key(event.key()))
        model = self.model()
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if category is not None and plain and isinstance(model, AttendanceModel):
            row = self.currentIndex().row()
            if row >= 0:
                model.choose(row, category)
                event.accept()
                return
        super().keyPressEvent(event)


def quorum_text(answer: QuorumAnswer) -> str:
    reason = answer.reason[:1].upper() + answer.reason[1:]
    return status_dot(quorum_status(answer), reason)


def quorum_status(answer: QuorumAnswer) -> Status:
    if answer.quorate:
        return Status.GOOD
    if "cannot be judged" in answer.reason:
        return Status.NEUTRAL
    return Status.BAD


QUORUM_WORDS = {Status.GOOD: "Quorate", Status.BAD: "Not quorate", Status.NEUTRAL: "Not known"}


@dataclass(frozen=True)
class ItemQuorumRow:
    """One agenda item and whether it was quorate."""

    number: str
    title: str
    answer: QuorumAnswer
    item_id: int = 0


def chair_words(answer: QuorumAnswer) -> str:
    """Who took the chair for an item the chair was not in the room for."""
    if not answer.chair_away:
        return ""
    if not answer.taken_by:
        return "Not recorded"
    return f"{answer.taken_by}{' (Vice-chair)' if answer.taken_by_vice_chair else ''}"


ITEM_QUORUM_COLUMNS: tuple[Column[ItemQuorumRow], ...] = (
    Column("No.", lambda q: q.number, lambda q: [int(p) for p in q.number.split(".")]),
    Column("Item", lambda q: q.title, stretch=True),
    Column("Quorum", lambda q: QUORUM_WORDS[quorum_status(q.answer)]),
    Column("Why", lambda q: q.answer.reason[:1].upper() + q.answer.reason[1:]),
    Column("Withdrew", lambda q: ", ".join(q.answer.withdrew)),
    Column("Chair", lambda q: chair_words(q.answer)),
)


def differs(row: ItemQuorumRow, meeting: QuorumAnswer) -> bool:
    """An item whose quorum says something the meeting's does not: someone withdrew, the chair
    was away, or it was judged otherwise (a late arrival, an early departure). A late arrival
    that leaves the item as quorate as the meeting is not worth a line."""
    answer = row.answer
    return bool(answer.withdrew) or answer.chair_away or answer.quorate != meeting.quorate


ITEM_COLUMN = 1
QUORUM_COLUMN = 2


def _item_quorum_styling(row: ItemQuorumRow, column: int, role: int) -> Any:
    if column == QUORUM_COLUMN and role == Qt.ItemDataRole.DecorationRole:
        return status_icon(quorum_status(row.answer))
    return None


@dataclass(frozen=True)
class AttendanceData:
    rows: list[AttendanceRow]
    items: list[AgendaItemView]
    quorum: QuorumAnswer
    items_quorum: list[ItemQuorumRow]  # only the items whose quorum differs from the meeting's
    closed_at: dt.datetime | None = None


def read_attendance(session: Session, *, meeting_ref: str, meeting_id: int) -> AttendanceData:
    items = agenda_service.agenda(session, meeting=meeting_ref)
    expected = attendance_service.expected_attendees(session, meeting_id=meeting_id)
    lists = attendance_service.meeting_attendance(session, meeting_id=meeting_id)
    lines = [*lists.present, *lists.in_attendance, *lists.apologies, *lists.absent]
    titles = {item.id: item.title for item in items}
    quorum = attendance_service.meeting_quorum(session, meeting_id=meeting_id)
    rows = [
        ItemQuorumRow(q.number, titles.get(q.item_id, ""), q.answer, q.item_id)
        for q in attendance_service.items_quorum(session, meeting_id=meeting_id)
    ]
    return AttendanceData(
        rows=rows_from(expected, lines, items),
        items=items,
        quorum=quorum,
        items_quorum=[r for r in rows if differs(r, quorum)],
        closed_at=get_meeting(session, meeting=meeting_ref).closed_at,
    )


class AttendanceTab(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.editable = True

        self.quorum_label = QLabel()
        self.quorum_label.setTextFormat(Qt.TextFormat.RichText)
        self.quorum_label.setWordWrap(True)
        self.quorum_label.setAccessibleName("Quorum of the meeting")
        font = self.quorum_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.quorum_label.setFont(font)

        self.model = AttendanceModel(self)
        self.model.edit_requested.connect(
            self._on_edit_requested, Qt.ConnectionType.QueuedConnection
        )
        self.table = AttendanceView()
        self.table.setModel(self.model)
        # The radio buttons' columns are all one width, wide enough for the widest heading.
        header = self.table.horizontalHeader()
        self.radio_width = max(84, *(header.sectionSizeHint(c) + 8 for c in CATEGORY_COLUMNS))
        set_up_table(
            self.table,
            "Attendance",
            stretch=NAME_COLUMN,
            widths=dict.fromkeys(CATEGORY_COLUMNS, self.radio_width),
        )
        self.model.set_radios(radio_icons(self.table, self.radio_width))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setItemDelegate(AttendanceDelegate(self.table))
        self.table.selectionModel().currentChanged.connect(self._update_buttons)

        self.all_present_button = QPushButton("All p&resent")
        self.all_present_button.setToolTip(
            "Mark every member not yet recorded as present (apologies already recorded stay)"
        )
        self.all_present_button.clicked.connect(self.mark_all_present)
        self.add_guest_button = QPushButton("Add &guest…")
        self.add_guest_button.setToolTip("Someone in attendance who is not a member")
        self.add_guest_button.clicked.connect(self.add_guest)
        self.clear_button = QPushButton("&Clear")
        self.clear_button.setToolTip("Remove what is recorded for the selected person")
        self.clear_button.clicked.connect(self.clear_selected)

        self.closing = QCheckBox("Meeting clos&ed at")
        self.closing.setToolTip("The minutes end “The meeting closed at …”")
        self.closing_time = QTimeEdit()
        self.closing_time.setDisplayFormat("HH:mm")
        self.closing_time.setAccessibleName("Time the meeting closed")
        self.closing.toggled.connect(self._closing_changed)
        self.closing_time.editingFinished.connect(self._closing_changed)

        buttons = QHBoxLayout()
        buttons.addWidget(self.all_present_button)
        buttons.addWidget(self.add_guest_button)
        buttons.addWidget(self.clear_button)
        buttons.addSpacing(16)
        buttons.addWidget(self.closing)
        buttons.addWidget(self.closing_time)
        buttons.addStretch(1)
        keys = QLabel("Keys: P present · R remote · A apologies · X absent · F2 arrival/departure")
        keys.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        buttons.addWidget(keys)

        self.items_model: ShortTableModel[ItemQuorumRow] = ShortTableModel(
            self, columns=ITEM_QUORUM_COLUMNS, styling=_item_quorum_styling, text_tooltips=True
        )
        self.items_table = QTableView()
        self.items_table.setModel(self.items_model)
        set_up_table(self.items_table, "Items whose quorum differs", stretch=ITEM_COLUMN)
        self.items_table.selectionModel().currentChanged.connect(self._update_buttons)
        self.same_label = QLabel("Every item had the quorum of the meeting stated above.")
        self.same_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.chair_button = QPushButton("Who took the c&hair…")
        self.chair_button.setToolTip(
            "The chair was not in the room for the selected item: record the member who took "
            "the chair (the vice-chair is assumed when in the room)"
        )
        self.chair_button.clicked.connect(self.record_chair)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(section_label("&Who attended", self.table))
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.table, 1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        heading = QHBoxLayout()
        heading.addWidget(section_label("&Items whose quorum differs", self.items_table))
        heading.addStretch(1)
        heading.addWidget(self.chair_button)
        bottom_layout.addLayout(heading)
        bottom_layout.addWidget(self.same_label)
        bottom_layout.addWidget(self.items_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.quorum_label)
        layout.addWidget(splitter, 1)
        self._update_buttons()

    # Reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        ref, meeting_id = self.ws.meeting_ref, self.ws.meeting_id
        data = self.ws.ops.run_query(
            lambda s: read_attendance(s, meeting_ref=ref, meeting_id=meeting_id), parent=self
        )
        if data is None:
            return
        current = self.table.currentIndex()
        person = self.model.row_at(current.row()).person_id if current.isValid() else None
        self.model.set_rows(data.rows, data.items)
        self.items_model.set_rows(data.items_quorum)
        self.items_table.setVisible(bool(data.items_quorum))
        self.same_label.setVisible(not data.items_quorum)
        self.quorum_label.setText(quorum_text(data.quorum))
        self.closing.blockSignals(True)
        self.closing.setChecked(data.closed_at is not None)
        self.closing.blockSignals(False)
        if data.closed_at is not None:
            self.closing_time.setTime(QTime(data.closed_at.hour, data.closed_at.minute))
        if person is not None and (row := self.model.row_of(person)) >= 0:
            self.table.setCurrentIndex(self.model.index(row, current.column()))
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (
            QEvent.Type.PaletteChange,
            QEvent.Type.ApplicationPaletteChange,
            QEvent.Type.StyleChange,
        ):
            # The theme changed (light to dark or back): the radio buttons are drawn again.
            self.model.set_radios(radio_icons(self.table, self.radio_width))
        super().changeEvent(event)

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self.model.set_editable(editable)
        self._update_buttons()

    def _update_buttons(self, *_args: QModelIndex) -> None:
        row = self.selected()
        self.all_present_button.setEnabled(
            self.editable and any(r.member and r.category is None for r in self.model.rows)
        )
        self.add_guest_button.setEnabled(self.editable)
        self.clear_button.setEnabled(self.editable and row is not None and row.category is not None)
        item = self.selected_item()
        self.chair_button.setEnabled(self.editable and item is not None and item.answer.chair_away)
        self.closing.setEnabled(self.editable)
        self.closing_time.setEnabled(self.editable and self.closing.isChecked())

    def selected_item(self) -> ItemQuorumRow | None:
        index = self.items_table.currentIndex()
        return self.items_model.row_at(index.row()) if index.isValid() else None

    def selected(self) -> AttendanceRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    # Editing -------------------------------------------------------------------------------

    def _on_edit_requested(self, person_id: int, field: str, value: Any) -> None:
        row_number = self.model.row_of(person_id)
        if row_number < 0 or not self.editable:
            return
        row = self.model.row_at(row_number)
        if field == "category":
            if value is row.category:
                return
            keep = value in THERE
            new = AttendanceEntry(
                person_id,
                value,
                row.arrived_item_id if keep else None,
                row.left_item_id if keep else None,
                row.note,
            )
            text = f"Mark {row.name} as {value}"
        else:
            if row.category is None:
                return
            arrived = value if field == "arrived" else row.arrived_item_id
            left = value if field == "left" else row.left_item_id
            new = AttendanceEntry(person_id, row.category, arrived, left, row.note)
            text = (
                f"Record when {row.name} arrived"
                if field == "arrived"
                else f"Record when {row.name} left"
            )
        push(
            self.ws,
            RecordAttendance(
                self.ws, text, before=[(person_id, row.entry())], after=[(person_id, new)]
            ),
        )

    def mark_all_present(self) -> None:
        waiting = [r for r in self.model.rows if r.member and r.category is None]
        if not waiting or not self.editable:
            return
        push(
            self.ws,
            RecordAttendance(
                self.ws,
                "Mark everyone present",
                before=[(r.person_id, None) for r in waiting],
                after=[
                    (r.person_id, AttendanceEntry(r.person_id, AttendanceCategory.PRESENT))
                    for r in waiting
                ],
            ),
        )

    def add_guest(self) -> None:
        if not self.editable:
            return
        listed = {r.person_id for r in self.model.rows}
        people = self.ws.ops.run_query(list_people, parent=self) or []
        choices = [
            PersonChoice(p.id, p.display_name, p.position or p.organisation)
            for p in people
            if p.id not in listed
        ]
        person_id = PersonDialog.ask(
            self,
            title="Add a guest",
            heading="Who attended without being a member? (Add new people under People.)",
            people=choices,
        )
        if person_id is None:
            return
        name = next(c.name for c in choices if c.id == person_id)
        entry = AttendanceEntry(person_id, AttendanceCategory.IN_ATTENDANCE)
        push(
            self.ws,
            RecordAttendance(
                self.ws,
                f"Add {name} in attendance",
                before=[(person_id, None)],
                after=[(person_id, entry)],
            ),
        )

    def record_chair(self) -> None:
        item = self.selected_item()
        if item is None or not item.answer.chair_away or not self.editable:
            return
        withdrew = set(item.answer.withdrew)
        choices = [
            PersonChoice(r.person_id, r.name, sentence_case(r.role) if r.role else "")
            for r in self.model.rows
            if r.member and r.there and r.role is not Role.CHAIR and r.name not in withdrew
        ]
        person_id = PersonDialog.ask(
            self,
            title="Who took the chair",
            heading=f"Who took the chair for item {item.number}, {item.title}?",
            people=choices,
        )
        if person_id is None:
            return
        self.ws.ops.run_op(
            lambda s: attendance_service.take_chair(s, item_id=item.item_id, person_id=person_id),
            parent=self,
        )

    def _closing_changed(self, *_args: Any) -> None:
        self.closing_time.setEnabled(self.editable and self.closing.isChecked())
        if not self.editable:
            return
        time = self.closing_time.time()
        closed_at = dt.time(time.hour(), time.minute()) if self.closing.isChecked() else None
        ref = self.ws.meeting_ref
        self.ws.ops.run_op(
            lambda s: record_closing_time(s, meeting=ref, closed_at=closed_at), parent=self
        )

    def clear_selected(self) -> None:
        row = self.selected()
        if row is None or row.category is None or not self.editable:
            return
        push(
            self.ws,
            RecordAttendance(
                self.ws,
                f"Clear the attendance of {row.name}",
                before=[(row.person_id, row.entry())],
                after=[(row.person_id, None)],
            ),
        )
