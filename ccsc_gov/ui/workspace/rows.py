"""Read-only table models over lists of frozen rows (Vorta's pattern): each table defines its
column list once, and the model is a thin adapter that is reset when the rows change."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ccsc_gov.ui.chairs.table import column_heading

Row = TypeVar("Row")
AnyIndex = QModelIndex | QPersistentModelIndex

# Raw values for sorting: a date sorts as a date, not as its text.
SORT_ROLE = Qt.ItemDataRole.UserRole
# The frozen row behind a table row, for whatever acts on the selection.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column of a table: its heading, its text, and how it sorts."""

    title: str
    text: Callable[[Row], str]
    sort_key: Callable[[Row], Any] | None = None
    # Whether the column takes the width left over by the others (one column should).
    stretch: bool = False
    tooltip: Callable[[Row], str] | None = None


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """A table of frozen rows; `styling` may add (or override) a role per cell, such as an icon
    or a colour, answering None for the roles it leaves alone."""

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        parent: QObject | None = None,
        *,
        styling: Callable[[Row, int, int], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[Row] = []
        self._styling = styling

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    @property
    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if self._styling is not None:
            styled = self._styling(row, index.column(), role)
            if styled is not None:
                return styled
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = column.tooltip(row) if column.tooltip else column.text(row)
            return text or None
        if role == SORT_ROLE:
            return column.sort_key(row) if column.sort_key else column.text(row)
        if role == ROW_ROLE:
            return row
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_heading(self.columns, section, orientation, role)
