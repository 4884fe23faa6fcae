"""A read-only table model over a plain list of rows that filters and sorts in plain Python.

Built for tens of thousands of rows: filtering produces a list of row numbers and resets the
model (no `QSortFilterProxyModel` calling back into Python for every row), sorting orders row
numbers by keys worked out once per column, and the view is told that rows are all one height
so it never measures them.

Here too is what the app's other read-only tables share with it: headings from a column list,
the look of a table read as a list, and choosing a row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

Row = TypeVar("Row")
AnyIndex = QModelIndex | QPersistentModelIndex
# The row object behind an index, for whatever opens or exports it.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1


class Titled(Protocol):
    """A column of any of the app's table models: its heading needs only its title."""

    @property
    def title(self) -> str: ...


def column_heading(
    columns: Sequence[Titled], section: int, orientation: Qt.Orientation, role: int
) -> str | None:
    """A model's `headerData` from its column list: each title across the top, nothing else."""
    if (
        orientation == Qt.Orientation.Horizontal
        and role == Qt.ItemDataRole.DisplayRole
        and 0 <= section < len(columns)
    ):
        return columns[section].title
    return None


def _no_tooltip(_row: Any) -> str | None:
    return None


@dataclass(frozen=True)
class Column:
    """One column: its heading, the text of a cell, the key it sorts by, its starting width."""

    title: str
    text: Callable[[Any], str]
    key: Callable[[Any], Any]
    width: int  # in average character widths; ignored for the stretching column
    stretch: bool = False
    tooltip: Callable[[Any], str | None] = _no_tooltip


class ListTableModel(QAbstractTableModel, Generic[Row]):
    """Rows shown = the rows that match the filter, in the order of the sort column."""

    columns: tuple[Column, ...] = ()
    # The column the rows arrive sorted by (ascending), if any: sorting by it costs nothing.
    arrives_sorted_by = -1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: Sequence[Row] = ()
        self._order: list[int] = []  # every row number, in the current sort order
        self._shown: list[int] = []  # the matching ones, in the same order
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._ascending: dict[int, list[int]] = {}  # sort column → row numbers in its order

    # The rows -------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._ascending.clear()
        self._order = self._sorted(self._sort_column, self._sort_order)
        self._shown = self.matching(self._order)
        self.endResetModel()

    def refilter(self, *, narrowing: bool = False) -> None:
        """Show the rows that match now; `narrowing` when no row can match that did not
        before (more text typed), so only the rows shown are looked at again."""
        self.beginResetModel()
        self._shown = self.matching(self._shown if narrowing else self._order)
        self.endResetModel()

    def matching(self, candidates: list[int]) -> list[int]:
        """The candidates (row numbers) that pass the filter, in their order."""
        return candidates

    def row_at(self, row: int) -> Row:
        return self._rows[self._shown[row]]

    def shown_rows(self) -> list[Row]:
        """What the view shows, in its order."""
        rows = self._rows
        return [rows[number] for number in self._shown]

    @property
    def total(self) -> int:
        return len(self._rows)

    def find_row(self, predicate: Callable[[Row], bool]) -> int:
        """The view row of the first shown row that satisfies `predicate`; -1 if none."""
        rows = self._rows
        return next((r for r, n in enumerate(self._shown) if predicate(rows[n])), -1)

    # Sorting ---------------------------------------------------------------------------------

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    def _sorted(self, column: int, order: Qt.SortOrder) -> list[int]:
        if not 0 <= column < len(self.columns):
            return list(range(len(self._rows)))
        ascending = self._ascending.get(column)
        if ascending is None and column == self.arrives_sorted_by:
            ascending = self._ascending[column] = list(range(len(self._rows)))
        if ascending is None:
            key = self.columns[column].key
            keys = [key(row) for row in self._rows]
            # Python's sort is stable: rows with equal keys keep the order they were given in.
            ascending = sorted(range(len(keys)), key=keys.__getitem__)
            self._ascending[column] = ascending
        return ascending if order == Qt.SortOrder.AscendingOrder else ascending[::-1]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column == self._sort_column and order == self._sort_order:
            return
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()
        numbers = [(self._shown[index.row()], index.column()) for index in kept]
        self._sort_column, self._sort_order = column, order
        self._order = self._sorted(column, order)
        shown = set(self._shown)
        self._shown = [number for number in self._order if number in shown]
        if kept:
            place = {number: row for row, number in enumerate(self._shown)}
            self.changePersistentIndexList(
                kept, [self.createIndex(place[n], c) for n, c in numbers]
            )
        self.layoutChanged.emit()

    # The Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._shown)

    def columnCount(self, parent: AnyIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[self._shown[index.row()]]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row)
        if role == ROW_ROLE:
            return row
        return self.styled(row, index.column(), role)

    def styled(self, row: Row, column: int, role: int) -> Any:
        """Colours and fonts for a cell; None for the view's defaults."""
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_heading(self.columns, section, orientation, role)


# The views ---------------------------------------------------------------------------------


def set_up_list_view(view: QAbstractItemView, name: str) -> None:
    """A read-only list, table or tree: whole rows chosen one at a time, in alternating shades."""
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)


def set_up_list_table(view: QTableView, name: str) -> None:
    """A table read as a list: no grid, no wrapping, no row numbers, headings left-aligned."""
    set_up_list_view(view, name)
    view.setShowGrid(False)
    view.setWordWrap(False)
    # Tab leaves the table instead of walking its cells.
    view.setTabKeyNavigation(False)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def make_table(
    model: ListTableModel[Any], *, name: str, parent: QWidget | None = None
) -> QTableView:
    """A sortable, read-only, one-row-at-a-time table that never measures its rows."""
    table = QTableView(parent)
    table.setModel(model)
    set_up_list_table(table, name)
    table.setCornerButtonEnabled(False)
    table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    rows = table.verticalHeader()
    # One height for every row, set once: nothing is measured per row, however many there are.
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 12)
    header = table.horizontalHeader()
    header.setSortIndicatorShown(True)
    header.setSectionsMovable(False)
    header.setStretchLastSection(False)
    unit = table.fontMetrics().averageCharWidth()
    for number, column in enumerate(model.columns):
        if column.stretch:
            header.setSectionResizeMode(number, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(number, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(number, column.width * unit + 24)
    return table


def select_row(table: QTableView, row: int, *, scroll: bool = True) -> None:
    """Make a row of the table the current one, selected whole and alone; `scroll` to it."""
    index = table.model().index(row, 0)
    table.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    if scroll:
        table.scrollTo(index)
