"""The "Due" panel of the main window: what falls due this week and what is late, across every
body; each entry opens the place where it is done."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ccsc_gov.core.export.text import short_date
from ccsc_gov.core.services.deadlines import Deadline
from ccsc_gov.ui.formats import sentence_case

LATE_COLOUR = QColor("#a4262c")


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Deadline], str]


COLUMNS: tuple[Column, ...] = (
    Column("Due", lambda d: short_date(d.due) + (" — late" if d.late else "")),
    Column("Body", lambda d: d.body),
    Column("What", lambda d: d.what),
)
NOTHING_DUE = "Nothing falls due this week, and nothing is late."


class DueModel(QStandardItemModel):
    """The deadlines as a read-only table, late ones first and marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels([c.title for c in COLUMNS])
        self._rows: list[Deadline] = []

    def set_deadlines(self, rows: Sequence[Deadline]) -> None:
        self._rows = list(rows)
        self.beginResetModel()
        self.blockSignals(True)  # one reset for the whole list
        try:
            self.setRowCount(0)
            for deadline in self._rows:
                self.appendRow(_cells(deadline))
        finally:
            self.blockSignals(False)
        self.endResetModel()

    def deadline_at(self, row: int) -> Deadline:
        return self._rows[row]


def _cells(deadline: Deadline) -> list[QStandardItem]:
    cells = []
    for column in COLUMNS:
        cell = QStandardItem(column.text(deadline))
        cell.setEditable(False)
        cell.setToolTip(f"{sentence_case(deadline.kind)}: {deadline.what}")
        if deadline.late:
            cell.setForeground(QBrush(LATE_COLOUR))
            font = QFont()
            font.setBold(True)
            cell.setFont(font)
        cells.append(cell)
    return cells


class DuePanel(QWidget):
    """The list, and the word that there is nothing to do when there is not."""

    open_requested = Signal(object)  # the Deadline whose place to open

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DueModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Due")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(
            lambda index: self.open_requested.emit(self.model.deadline_at(index.row()))
        )
        self.empty = QLabel(NOTHING_DUE)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addWidget(self.stack)

    def set_deadlines(self, rows: Sequence[Deadline]) -> None:
        self.model.set_deadlines(rows)
        self.table.resizeRowsToContents()
        self.stack.setCurrentWidget(self.table if rows else self.empty)
