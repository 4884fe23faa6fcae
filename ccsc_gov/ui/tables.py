"""The app's one table toolkit: the column list, the read-only table models over a plain list
of rows (Vorta's pattern: each table defines its columns once and the model is a thin adapter
that is reset when the rows change), the roles, and how every list, table and tree view is set
up.

A long list (`ListTableModel`) is built for tens of thousands of rows: filtering produces the
row numbers that match and resets the model (no `QSortFilterProxyModel` calling back into
Python for every row), sorting orders row numbers by keys worked out once per column, and
`make_table` tells the view that rows are all one height so it never measures them. Its row
numbers are kept in an `array` of machine integers, not a list: a list holds one int object
per row, made wherever memory was free, and at hundreds of thousands of rows every pass over
them (each keystroke of a filter) waited on memory, growing faster than the rows. A short
table (`ShortTableModel`) holds its cells in Qt's own model, made once per list, and
`ColumnFit` gives its columns their room once per change: painting and sizing it never call
Python.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTreeView,
    QWidget,
)

Row = TypeVar("Row")
AnyIndex = QModelIndex | QPersistentModelIndex
# The row object behind an index, for whatever opens, edits or exports it.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
# What a view asks of a cell as it paints and sizes it: worked out once per row and reload, so
# that painting and sizing again (scrolling, hovering, resizing columns) are look-ups.
CELL_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.CheckStateRole,
)
_CELL_ROLES = frozenset(CELL_ROLES)


def row_numbers(numbers: Iterable[int]) -> array[int]:
    """Row numbers as machine integers; numbers already so are taken as they are, not copied
    (a filter's result is kept for each keystroke; row numbers are never changed in place)."""
    return numbers if isinstance(numbers, array) else array("i", numbers)


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


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column: its heading, the text of a cell, the key it sorts by (its text if none),
    its starting width in a `make_table` table, and the tooltip of a cell."""

    title: str
    text: Callable[[Row], str]
    key: Callable[[Row], Any] | None = None
    width: int = 0  # in average character widths; ignored for the stretching column
    # Whether the column takes the width left over by the others (one column should).
    stretch: bool = False
    tooltip: Callable[[Row], str | None] | None = None


def column_cell(column: Column[Row], row: Row, role: int, text_tooltips: bool) -> Any:
    """What a column shows of a row in `role`: its text, and its tooltip; with
    `text_tooltips`, a column without a tooltip of its own shows its whole text as one."""
    if role == Qt.ItemDataRole.DisplayRole:
        return column.text(row)
    if role == Qt.ItemDataRole.ToolTipRole:
        if column.tooltip is not None:
            return column.tooltip(row)
        return (column.text(row) or None) if text_tooltips else None
    return None


class ListTableModel(QAbstractTableModel, Generic[Row]):
    """Rows shown = the rows that match the filter, in the order of the sort column.

    A table defines its `columns` as a class attribute of a subclass, or passes them in;
    `styling` (or a subclass's `styled`) may answer any role of a cell before the column does,
    such as an icon, a colour or a tooltip. With `text_tooltips`, a cell whose column has no
    tooltip of its own shows its whole text as one (for cells cut short by the view)."""

    columns: tuple[Column[Any], ...] = ()
    # The column the rows arrive sorted by (ascending), if any: sorting by it costs nothing.
    arrives_sorted_by = -1

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        columns: Sequence[Column[Row]] | None = None,
        styling: Callable[[Row, int, int], Any] | None = None,
        text_tooltips: bool = False,
    ) -> None:
        super().__init__(parent)
        if columns is not None:
            self.columns = tuple(columns)
        self._styling = styling
        self._text_tooltips = text_tooltips
        self._rows: Sequence[Row] = ()
        self._order = row_numbers(())  # every row number, in the current sort order
        self._shown = row_numbers(())  # the matching ones, in the same order
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._ascending: dict[int, array[int]] = {}  # sort column → row numbers in its order
        # Row number → each column's roles, made when the row is first asked for (CELL_ROLES).
        self._cells: dict[int, list[dict[int, Any]]] = {}

    # The rows -------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._ascending.clear()
        self._cells.clear()
        self._order = self._sorted(self._sort_column, self._sort_order)
        self._shown = row_numbers(self.matching(self._order))
        self.endResetModel()

    def refilter(self, *, narrowing: bool = False) -> None:
        """Show the rows that match now; `narrowing` when no row can match that did not
        before (more text typed), so only the rows shown are looked at again."""
        self.beginResetModel()
        self._shown = row_numbers(self.matching(self._shown if narrowing else self._order))
        self.endResetModel()

    def matching(self, candidates: Sequence[int]) -> Sequence[int]:
        """The candidates (row numbers) that pass the filter, in their order."""
        return candidates

    def row_at(self, row: int) -> Row:
        return self._rows[self._shown[row]]

    @property
    def rows(self) -> list[Row]:
        """Every row, shown or not, in the order they were given."""
        return list(self._rows)

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

    def _sorted(self, column: int, order: Qt.SortOrder) -> array[int]:
        if not 0 <= column < len(self.columns):
            return row_numbers(range(len(self._rows)))
        ascending = self._ascending.get(column)
        if ascending is None and column == self.arrives_sorted_by:
            ascending = self._ascending[column] = row_numbers(range(len(self._rows)))
        if ascending is None:
            key = self.columns[column].key or self.columns[column].text
            keys = [key(row) for row in self._rows]
            # Python's sort is stable: rows with equal keys keep the order they were given in.
            ascending = row_numbers(sorted(range(len(keys)), key=keys.__getitem__))
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
        self._shown = row_numbers([number for number in self._order if number in shown])
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
        number = self._shown[index.row()]
        if role not in _CELL_ROLES:
            return self.cell(self._rows[number], index.column(), role)
        cells = self._cells.get(number)
        if cells is None:
            row = self._rows[number]
            cells = self._cells[number] = [
                {
                    role: value
                    for role in CELL_ROLES
                    if (value := self.cell(row, c, role)) is not None
                }
                for c in range(len(self.columns))
            ]
        return cells[index.column()].get(role)

    def cell(self, row: Row, column_number: int, role: int) -> Any:
        """What a cell of `row` holds in `role`: the styling's, else the column's."""
        styled = self.styled(row, column_number, role)
        if styled is not None:
            return styled
        if role == ROW_ROLE:
            return row
        return column_cell(self.columns[column_number], row, role, self._text_tooltips)

    def styled(self, row: Row, column: int, role: int) -> Any:
        """Icons, colours, fonts or tooltips for a cell; None for the column's and the view's
        own."""
        return None if self._styling is None else self._styling(row, column, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_heading(self.columns, section, orientation, role)


def fill_rows(model: QStandardItemModel, rows: Iterable[Sequence[QStandardItem]]) -> None:
    """Replace the rows of a Qt model with these (each a row's cells, with any rows under it):
    one reset for the whole list, not a signal per row."""
    model.beginResetModel()
    model.blockSignals(True)
    try:
        model.setRowCount(0)
        for row in rows:
            model.appendRow(list(row))
    finally:
        model.blockSignals(False)
        model.endResetModel()


class ShortTableModel(QStandardItemModel, Generic[Row]):
    """A short read-only table over a plain list of rows (what is recorded at one item, one
    meeting's actions): its cells, every role of `CELL_ROLES` from the columns and the
    `styling`, are made once per list, so painting and sizing it never call back into Python.
    Neither sorted nor filtered; a long list is a `ListTableModel`'s."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        columns: Sequence[Column[Row]],
        styling: Callable[[Row, int, int], Any] | None = None,
        text_tooltips: bool = False,
    ) -> None:
        super().__init__(0, len(columns), parent)
        self.columns = tuple(columns)
        self.setHorizontalHeaderLabels([column.title for column in self.columns])
        self._styling = styling
        self._text_tooltips = text_tooltips
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self._rows = list(rows)
        fill_rows(self, (self._cells(row) for row in self._rows))

    def _cells(self, row: Row) -> list[QStandardItem]:
        cells = []
        for number, column in enumerate(self.columns):
            cell = QStandardItem()
            cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            cell.setData(row, ROW_ROLE)
            for role in CELL_ROLES:
                value = self._styling(row, number, role) if self._styling is not None else None
                if value is None:
                    value = column_cell(column, row, role, self._text_tooltips)
                if value is not None:
                    cell.setData(value, role)
            cells.append(cell)
        return cells

    @property
    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def find_row(self, predicate: Callable[[Row], bool]) -> int:
        """The row number of the first row that satisfies `predicate`; -1 if none."""
        return next((n for n, row in enumerate(self._rows) if predicate(row)), -1)


# The views ---------------------------------------------------------------------------------


# The room a cell is given beyond its text: easier to read and to click.
ROOM_WIDTH = 16
ROOM_HEIGHT = 6


class RoomyDelegate(QStyledItemDelegate):
    """The style's own painting, with a little more room per cell: easier to read and click.
    (Qt calls it for every cell as it sizes the view; `ColumnFit` and a row height set once
    give the same room without that.)"""

    def __init__(
        self, *, extra_height: int, extra_width: int = 0, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._extra_height = extra_height
        self._extra_width = extra_width

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + self._extra_width, size.height() + self._extra_height)


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


def set_up_table(
    view: QTableView,
    name: str,
    *,
    stretch: int,
    widths: Mapping[int, int] | None = None,
) -> None:
    """A table read as a list, with roomy cells: each column as wide as its contents but
    `stretch`, which takes the width left over, and those given fixed `widths`."""
    set_up_list_table(view, name)
    ColumnFit(view, view.horizontalHeader(), stretch=stretch, widths=widths or {})


def set_up_tree(view: QTreeView, name: str, *, stretch: int) -> None:
    """A tree read as a list: every item shown (sub-items under their items, never folded
    away), rows all one height, and each column as wide as its contents but `stretch`, which
    takes the width left over. The room of the rows is the model's: the size hint of its
    `stretch` cells, `roomy_row_height` high (the tree asks the first row)."""
    set_up_list_view(view, name)
    view.setAllColumnsShowFocus(True)
    view.setUniformRowHeights(True)
    view.setRootIsDecorated(False)
    view.setItemsExpandable(False)
    # Before the columns are fitted to what is shown.
    view.model().modelReset.connect(view.expandAll)
    header = view.header()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setStretchLastSection(False)
    ColumnFit(view, header, stretch=stretch, widths={})


def roomy_row_height(view: QWidget) -> int:
    """The height of a roomy row in a tree: one line of the view's text, and the room."""
    return view.fontMetrics().height() + ROOM_HEIGHT


class ColumnFit(QObject):
    """A view's columns as wide as their widest cell (or their heading) and `ROOM_WIDTH` more:
    measured by Qt, with its own delegate, once each time the rows change. (Sizing columns to
    their contents with a delegate written in Python had Qt call Python for every cell each
    time it laid the view out.)"""

    def __init__(
        self,
        view: QTableView | QTreeView,
        header: QHeaderView,
        *,
        stretch: int,
        widths: Mapping[int, int],
        room: int = ROOM_WIDTH,
    ) -> None:
        super().__init__(view)
        self._view, self._header, self._room = view, header, room
        model = view.model()
        self._columns = [
            column
            for column in range(model.columnCount())
            if column != stretch and column not in widths
        ]
        for column in range(model.columnCount()):
            header.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.Stretch
                if column == stretch
                else QHeaderView.ResizeMode.Fixed,
            )
        for column, width in widths.items():
            header.resizeSection(column, width)
        for changed in (
            model.modelReset,
            model.layoutChanged,
            model.rowsInserted,
            model.rowsRemoved,
            model.dataChanged,
        ):
            changed.connect(self.fit)
        self.fit()

    def fit(self, *_changed: object) -> None:
        view, header = self._view, self._header
        for column in self._columns:
            if not header.isSectionHidden(column):
                widest = view.sizeHintForColumn(column) + self._room
                header.resizeSection(column, max(widest, header.sectionSizeHint(column)))


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
