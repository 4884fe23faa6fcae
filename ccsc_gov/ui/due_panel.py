"""The "Due" panel of the main window: what falls due this week and what is late, across every
body; each entry opens the place where it is done."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from ccsc_gov.ui.formats import day_text, sentence_case
from ccsc_gov.ui.tables import Column, ListTableModel, make_table

if TYPE_CHECKING:  # the service is imported when the panel is first filled
    from ccsc_gov.core.services.deadlines import Deadline

LATE_COLOUR = QColor("#a4262c")
NOTHING_DUE = "Nothing falls due this week, and nothing is late."
WAITING = "Reading what falls due…"


def _late_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class DueModel(ListTableModel["Deadline"]):
    """The deadlines as they come (late first, then by date), late ones marked."""

    columns = (
        Column["Deadline"](
            "Due",
            lambda d: day_text(d.due) + (" — late" if d.late else ""),
            key=lambda d: (not d.late, d.due),
            width=21,
        ),
        Column["Deadline"]("Body", lambda d: d.body, width=7),
        Column["Deadline"](
            "What",
            lambda d: d.what,
            stretch=True,
            tooltip=lambda d: f"{sentence_case(d.kind)}: {d.what}",
        ),
    )
    arrives_sorted_by = 0

    def styled(self, row: Deadline, column: int, role: int) -> Any:
        if not row.late:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(LATE_COLOUR)
        if role == Qt.ItemDataRole.FontRole:
            return _late_font()
        return None


class DuePanel(QWidget):
    """The list, and the word that there is nothing to do when there is not."""

    open_requested = Signal(object)  # the Deadline whose place to open

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DueModel(self)
        self.table = make_table(self.model, name="Due")
        self.table.activated.connect(self._activated)
        self.empty = QLabel(NOTHING_DUE)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addWidget(self.stack)

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        self.open_requested.emit(self.model.row_at(index.row()))

    @property
    def waiting(self) -> bool:
        """Not yet filled: the main window fills it just after its first paint."""
        return self.empty.text() == WAITING

    def set_waiting(self) -> None:
        self.empty.setText(WAITING)
        self.stack.setCurrentWidget(self.empty)

    def set_deadlines(self, rows: Sequence[Deadline]) -> None:
        self.model.set_rows(list(rows))
        self.empty.setText(NOTHING_DUE)
        self.stack.setCurrentWidget(self.table if rows else self.empty)
