"""The attendance matrix: a body's members down the side, its meetings in a year across the
top, a coloured mark in each cell, and each person's attendance rate at the end."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
)

from ccsc_gov.core.governance.membership import CHAIR_ROLES, non_voting_note
from ccsc_gov.core.services.body_list import BodyView, list_bodies
from ccsc_gov.core.services.common import Area
from ccsc_gov.core.services.registers import (
    AttendanceMatrix,
    Mark,
    MatrixMeeting,
    MatrixPerson,
    attendance_matrix,
)
from ccsc_gov.core.store.models import MeetingStatus, Role
from ccsc_gov.ui.chairs import colours
from ccsc_gov.ui.chairs.common import ChairWindow, ChoiceBox, Legend, Swatch, add_labelled
from ccsc_gov.ui.formats import day_month, day_text, plural
from ccsc_gov.ui.tables import AnyIndex

# The letter in each cell, as the Word attendance register prints it.
LETTERS = {
    Mark.PRESENT: "P",
    Mark.REMOTE: "V",
    Mark.APOLOGIES: "A",
    Mark.ABSENT: "X",
    Mark.IN_ATTENDANCE: "I",
    Mark.NOT_RECORDED: "?",
    Mark.TO_COME: "",
    Mark.NOT_MEMBER: "–",
    Mark.NOT_INVITED: "–",
}
LEGEND = (
    (Mark.PRESENT, "Present"),
    (Mark.REMOTE, "By video"),
    (Mark.APOLOGIES, "Apologies"),
    (Mark.ABSENT, "Absent"),
    (Mark.IN_ATTENDANCE, "In attendance"),
    (Mark.NOT_RECORDED, "Not recorded"),
    (Mark.NOT_MEMBER, "Not a member then"),
    (Mark.TO_COME, "Still to come"),
)
_ROLE_WORDS = {
    Role.CHAIR: "Chair",
    Role.VICE_CHAIR: "Vice-chair",
    Role.MEMBER: "Member",
    Role.EX_OFFICIO: "Ex officio",
    Role.FUNDER_REPRESENTATIVE: "Funder representative",
    Role.OBSERVER: "Observer",
    Role.SECRETARY: "Secretary",
    Role.IN_ATTENDANCE: "In attendance",
}
# Name, role and attendance rate, then a column per meeting: the rate stays in view however
# many meetings the year had.
NAME, ROLE, RATE = 0, 1, 2
FIXED_BEFORE = 3


def role_words(person: MatrixPerson) -> str:
    if person.role is None:
        return "Guest"
    words = _ROLE_WORDS[person.role]
    return f"{words} (non-voting)" if non_voting_note(person.role, votes=person.votes) else words


def rate_text(person: MatrixPerson) -> str:
    rate = person.rate
    if rate is None:
        return f"{plural(person.attended, 'meeting')} as a guest" if person.attended else "–"
    return f"{round(rate * 100)}% ({person.attended} of {person.expected})"


def meeting_state(meeting: MatrixMeeting) -> str:
    if meeting.status is MeetingStatus.MINUTES_APPROVED:
        return "held; minutes approved"
    if meeting.held:
        return (
            f"held; {meeting.status.value}" if meeting.status is not MeetingStatus.HELD else "held"
        )
    return "still to come"


class AttendanceMatrixModel(QAbstractTableModel):
    """People × meetings: name, role, a mark per meeting, then the attendance rate."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.matrix: AttendanceMatrix | None = None
        self._bold = QFont()
        self._bold.setBold(True)
        self.theme_changed()

    def theme_changed(self) -> None:
        """Choose the colours again for the application's palette (light or dark)."""
        palette = QApplication.palette()
        self._tints = {mark: colours.mark_tint(mark, palette) for mark in Mark}
        self._text = palette.color(QPalette.ColorRole.Text)
        self._faint = palette.color(QPalette.ColorRole.PlaceholderText)
        self._to_come = to_come_colour(palette)
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    def set_matrix(self, matrix: AttendanceMatrix | None) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.endResetModel()

    @property
    def meetings(self) -> tuple[MatrixMeeting, ...]:
        return self.matrix.meetings if self.matrix is not None else ()

    @property
    def people(self) -> tuple[MatrixPerson, ...]:
        return self.matrix.people if self.matrix is not None else ()

    def meeting_column(self, number: int) -> int:
        return FIXED_BEFORE + number

    def rowCount(self, parent: AnyIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.people)

    def columnCount(self, parent: AnyIndex | None = None) -> int:
        if parent is not None and parent.isValid():
            return 0
        return FIXED_BEFORE + len(self.meetings)

    def mark(self, row: int, column: int) -> Mark | None:
        meeting = column - FIXED_BEFORE
        if 0 <= meeting < len(self.meetings):
            return self.people[row].marks[meeting]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        person = self.people[index.row()]
        column = index.column()
        meeting = column - FIXED_BEFORE
        if 0 <= meeting < len(self.meetings):
            return self._cell(person, meeting, role)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME:
                return person.name
            if column == ROLE:
                return role_words(person)
            return rate_text(person)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == RATE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == ROLE:
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.FontRole and column == NAME and person.role in CHAIR_ROLES:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == RATE:
            if person.rate is None:
                return f"{person.name} was not a member: only there when invited"
            return (
                f"{person.name} attended {person.attended} of the {person.expected} meetings held "
                "while a member"
            )
        return None

    def _cell(self, person: MatrixPerson, meeting: int, role: int) -> Any:
        # Drawn by Qt's own delegate from these roles: a filled, lettered tile per mark.
        mark = person.marks[meeting]
        if role == Qt.ItemDataRole.DisplayRole:
            return LETTERS[mark]
        if role == Qt.ItemDataRole.BackgroundRole:
            tint = self._tints[mark]
            if tint is not None:
                return tint.background
            return self._to_come if mark is Mark.TO_COME else None
        if role == Qt.ItemDataRole.ForegroundRole:
            tint = self._tints[mark]
            if tint is not None:
                return tint.text
            return self._text if mark is Mark.NOT_RECORDED else self._faint
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            held = self.meetings[meeting]
            note = person.notes[meeting]
            words = mark.value + (f" ({note})" if note else "")
            return f"{person.name}, {held.ref} on {day_text(held.start.date())}: {words}"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        meeting = section - FIXED_BEFORE
        if 0 <= meeting < len(self.meetings):
            held = self.meetings[meeting]
            if role == Qt.ItemDataRole.DisplayRole:
                # The body is in the heading: the reference without it keeps columns narrow.
                return f"{day_month(held.start.date())}\n{held.ref.partition('/')[2]}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{held.ref}, {day_text(held.start.date())}: {meeting_state(held)}"
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Qt.ItemDataRole.ForegroundRole and not held.held:
                return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == NAME:
                return "Name"
            if section == ROLE:
                return "Role"
            if section == RATE:
                return "Attended"
        if role == Qt.ItemDataRole.TextAlignmentRole and section == RATE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def to_come_colour(palette: QPalette) -> QColor:
    """A plain tile, a shade off the table's background: a meeting not yet held."""
    base = palette.color(QPalette.ColorRole.Base)
    return base.darker(112) if not colours.is_dark(palette) else base.lighter(160)


def mark_swatch(mark: Mark, palette: QPalette) -> Swatch:
    """A legend entry looking like the matrix's tile for the mark."""
    swatch = Swatch(LETTERS[mark])
    tint = colours.mark_tint(mark, palette)
    if tint is not None:
        swatch.set_colours(tint.background, tint.text)
    elif mark is Mark.TO_COME:
        swatch.set_colours(to_come_colour(palette), None)
    elif mark is Mark.NOT_RECORDED:
        text = palette.color(QPalette.ColorRole.Text)
        swatch.set_colours(None, text, border=text)
    else:
        swatch.set_colours(None, palette.color(QPalette.ColorRole.PlaceholderText))
    return swatch


class AttendanceMatrixWindow(ChairWindow):
    """Who came to a body's meetings in a year: the picture a chair wants."""

    title = "Attendance matrix"
    areas = Area.ATTENDANCE | Area.PEOPLE | Area.BODIES | Area.MEETINGS
    settings_key = "chairs/attendance"

    def _build(self) -> None:
        # What to show: a body (None: the first there is) and a year.
        self._year = self.today().year
        self._body: str | None = None
        self.model = AttendanceMatrixModel(self)
        self.body_box = ChoiceBox("Body")
        self.body_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.year_box = ChoiceBox("Year")
        self.body_box.currentIndexChanged.connect(self._on_choice)
        self.year_box.currentIndexChanged.connect(self._on_choice)
        controls = QHBoxLayout()
        controls.setSpacing(6)
        add_labelled(controls, (("&Body", self.body_box), ("&Year", self.year_box)), space=10)
        controls.addStretch(1)

        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.summary = QLabel()
        self.summary.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Attendance")
        # Thin lines in the table's own background part the tiles.
        self.table.setShowGrid(True)
        self.table.setStyleSheet("QTableView { gridline-color: palette(base); }")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 18)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        self.model.modelReset.connect(self._size_columns)

        self.legend = Legend()
        self._fill_legend()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 8)
        layout.setSpacing(6)
        layout.addLayout(controls)
        layout.addSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)

    def _size_columns(self) -> None:
        # A few dozen cells: measuring them all is cheap. Then a little air, and tiles of one
        # width, however short the date above them.
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        tile = self.fontMetrics().averageCharWidth() * 9
        for column in range(self.model.columnCount()):
            width = header.sectionSize(column)
            header.resizeSection(
                column, width + 20 if column < FIXED_BEFORE else max(width + 8, tile)
            )

    def _fill_legend(self) -> None:
        self.legend.set_entries(
            [(mark_swatch(mark, self.palette()), text) for mark, text in LEGEND]
        )

    def palette_changed(self) -> None:
        self.model.theme_changed()
        self._fill_legend()

    # Choosing ----------------------------------------------------------------------------------

    def show_body(self, code: str, year: int | None = None) -> None:
        """Show a body's matrix, for `year` or the one shown."""
        self._body = code
        if year is not None:
            self._year = year
        self.refresh()

    def _on_choice(self) -> None:
        if self._updating:
            return
        self._body = self.body_box.value()
        year = self.year_box.value()
        if isinstance(year, int):
            self._year = year
        self.refresh()

    # Reading ---------------------------------------------------------------------------------

    def load(self) -> None:
        body, year = self._body, self._year

        def read(session: Any) -> tuple[list[BodyView], AttendanceMatrix | None]:
            bodies = list_bodies(session)
            code = body if any(b.code == body for b in bodies) else None
            code = code or (bodies[0].code if bodies else None)
            if code is None:
                return bodies, None
            return bodies, attendance_matrix(session, body=code, year=year)

        result = self.ops.run_query(read, parent=self)
        if result is None:
            return
        bodies, matrix = result
        self._bodies = bodies
        self._show(matrix)

    def _show(self, matrix: AttendanceMatrix | None) -> None:
        with self._updating_choices():
            self.body_box.set_choices(self._body_choices())
            years = sorted(set(matrix.years) | {matrix.year}, reverse=True) if matrix else []
            self.year_box.set_choices([(str(year), year) for year in years])
            if matrix is not None:
                self._body, self._year = matrix.body, matrix.year
                self.body_box.select_value(matrix.body)
                self.year_box.select_value(matrix.year)
        self.model.set_matrix(matrix)
        self._describe(matrix)

    def _describe(self, matrix: AttendanceMatrix | None) -> None:
        if matrix is None:
            self.heading.setText("No bodies yet")
            self.summary.setText("")
            return
        self.heading.setText(f"{matrix.body_name}, {matrix.year}")
        held = sum(m.held for m in matrix.meetings)
        parts = [plural(len(matrix.meetings), "meeting")]
        if held != len(matrix.meetings):
            parts.append(f"{held} held, {len(matrix.meetings) - held} still to come")
        expected = sum(p.expected for p in matrix.people)
        attended = sum(p.attended for p in matrix.people if p.expected)
        if expected:
            parts.append(
                f"members attended {round(100 * attended / expected)}% of the meetings they "
                "were expected at"
            )
        if not matrix.meetings:
            parts = [f"No meetings of the {matrix.body_name} in {matrix.year}"]
        self.summary.setText(" · ".join(parts))
