"""The agenda as a numbered tree (items and their sub-items): the column list and the Qt model,
which also turns a drag and drop into a request to move an item."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication

from ccsc_gov.core.governance.timing import Slot
from ccsc_gov.core.services.agenda import AgendaItemView
from ccsc_gov.core.services.paper_references import typed_references
from ccsc_gov.core.services.papers import PaperView
from ccsc_gov.core.store.models import Confidentiality
from ccsc_gov.ui.formats import sentence_case
from ccsc_gov.ui.tables import fill_rows
from ccsc_gov.ui.workspace.looks import duration_words

AnyIndex = QModelIndex | QPersistentModelIndex

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
MIME_TYPE = "application/x-ccsc-agenda-item"
FILES_MIME_TYPE = "text/uri-list"  # files dragged from the file manager


def confidentiality_words(item: AgendaItemView) -> str:
    if item.confidentiality is Confidentiality.OPEN:
        return ""
    return sentence_case(item.confidentiality)


def item_tooltip(item: AgendaItemView) -> str:
    lines = [item.ref, item.title]
    if item.confidentiality is not Confidentiality.OPEN:
        lines.append(
            f"{sentence_case(item.confidentiality)}; shown publicly as "
            f"“{item.public_title or 'Confidential item'}”"
        )
        if item.confidentiality_reason:
            lines.append(f"Why: {item.confidentiality_reason}")
        if item.confidentiality_review:
            lines.append(f"Review on {item.confidentiality_review:%d %b %Y}")
    if item.referral:
        lines.append(f"Brings recommendation {item.referral}")
    return "\n".join(lines)


def papers_words(item: AgendaItemView, papers: Sequence[PaperView]) -> str:
    """`EMC-26-11-A policy.pdf, EMC-26-11-B (due)`: the files attached, then the references
    typed on the item that no file holds yet."""
    attached = [f"{p.number} {p.filename}" for p in papers]
    held = {p.number for p in papers}
    due = [f"{ref} (due)" for ref in typed_references(item.papers) if ref not in held]
    return ", ".join(attached + due)


def papers_tooltip(papers: Sequence[PaperView]) -> str:
    return "\n".join(
        f"{p.number}: {p.title} · {p.filename} · version {p.version}"
        + (f" · {p.pages} pages" if p.pages else "")
        + (" · confidential" if p.confidential else "")
        for p in papers
    )


@dataclass(frozen=True)
class AgendaColumn:
    title: str
    text: Callable[[AgendaItemView, Sequence[PaperView]], str]


AGENDA_COLUMNS: tuple[AgendaColumn, ...] = (
    AgendaColumn("No.", lambda i, _p: i.number),
    AgendaColumn("Title", lambda i, _p: i.title),
    AgendaColumn("Purpose", lambda i, _p: sentence_case(i.purpose)),
    AgendaColumn("Presenter", lambda i, _p: i.presenter),
    AgendaColumn("Time", lambda i, _p: duration_words(i.duration) if i.duration else ""),
    AgendaColumn("Papers", papers_words),
    AgendaColumn("Confidentiality", lambda i, _p: confidentiality_words(i)),
)
NUMBER_COLUMN = 0
TITLE_COLUMN = 1
TIME_COLUMN = 4
PAPERS_COLUMN = 5


def slot_words(slot: Slot | None, item: AgendaItemView) -> str:
    """`14:10 · 20 min`; an item without a time of its own shows its share of what remains,
    `14:30 · 45 min (even share)`."""
    if slot is None:
        return duration_words(item.duration) if item.duration else ""
    text = f"{slot.start:%H:%M}"
    if slot.minutes:
        text += f" · {duration_words(slot.minutes)}"
    return text + (" (even share)" if slot.shared else "")


def position_of(item: AgendaItemView) -> int:
    """The item's 1-based place among its siblings: the last part of its number."""
    return int(item.number.rsplit(".", 1)[-1])


class AgendaTreeModel(QStandardItemModel):
    """Top-level items with their sub-items under them (agendas go one level deep).

    The cells are made once per agenda, so painting and sizing the tree never call back into
    Python. Each cell holds its item (`ITEM_ROLE`); the title cells also hold the height of the
    tree's rows (`row_height`), the title being the column every view of the agenda stretches.
    """

    # (item id, new parent item id or None for the top level, 1-based place or None for last)
    move_requested = Signal(int, object, object)
    # (item id, the local files dropped on it)
    files_dropped = Signal(int, list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(0, len(AGENDA_COLUMNS), parent)
        self.setHorizontalHeaderLabels([column.title for column in AGENDA_COLUMNS])
        self._tops: list[AgendaItemView] = []
        self._children: dict[int, list[AgendaItemView]] = {}
        self._items: dict[int, AgendaItemView] = {}
        self._cells: dict[int, QStandardItem] = {}  # item id → its number cell
        self._papers: dict[int, list[PaperView]] = {}
        self._movable = True
        self.row_height = 0  # set by the view (tables.roomy_row_height); 0 for the text's own

    # The rows ------------------------------------------------------------------------------

    def set_items(
        self,
        items: Sequence[AgendaItemView],
        slots: Mapping[int, Slot] | None = None,
        papers: Sequence[PaperView] = (),
    ) -> None:
        """Rebuild from the agenda in running order (each item followed by its sub-items),
        with each item's start time when `slots` gives them, and the meeting's papers."""
        slots = slots or {}
        self._papers = {}
        for paper in papers:
            self._papers.setdefault(paper.item_id, []).append(paper)
        self._tops = [i for i in items if i.parent_id is None]
        self._children = {}
        for item in items:
            if item.parent_id is not None:
                self._children.setdefault(item.parent_id, []).append(item)
        self._items = {i.id: i for i in items}
        self._cells = {}
        fill_rows(self, (self._tree_row(top, slots) for top in self._tops))

    def _tree_row(self, top: AgendaItemView, slots: Mapping[int, Slot]) -> list[QStandardItem]:
        """A top-level item's cells, its sub-items' rows under them."""
        row = self._row(top, slots.get(top.id))
        for child in self._children.get(top.id, []):
            row[0].appendRow(self._row(child, slots.get(child.id)))
        return row

    def _row(self, item: AgendaItemView, slot: Slot | None) -> list[QStandardItem]:
        papers = self._papers.get(item.id, [])
        tooltip = item_tooltip(item)
        flags = self._flags(item)
        cells = []
        for number, column in enumerate(AGENDA_COLUMNS):
            cell = QStandardItem(
                slot_words(slot, item) if number == TIME_COLUMN else column.text(item, papers)
            )
            cell.setData(item, ITEM_ROLE)
            cell.setToolTip(
                papers_tooltip(papers) if number == PAPERS_COLUMN and papers else tooltip
            )
            cell.setFlags(flags)
            cells.append(cell)
        if item.parent_id is None:
            font = QFont()
            font.setBold(True)
            cells[NUMBER_COLUMN].setFont(font)
            cells[TITLE_COLUMN].setFont(font)
        if item.confidentiality is not Confidentiality.OPEN:
            cells[-1].setForeground(QApplication.palette().brush(QPalette.ColorRole.Link))
        if self.row_height:
            # No width of its own (the column stretches); the height of the tree's rows.
            cells[TITLE_COLUMN].setSizeHint(QSize(0, self.row_height))
        self._cells[item.id] = cells[0]
        return cells

    def _flags(self, item: AgendaItemView) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._movable:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
            # Only a top-level item can take sub-items.
            if item.parent_id is None:
                flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    def set_movable(self, movable: bool) -> None:
        """Whether items may be dragged (not on a locked meeting)."""
        self._movable = movable
        self.blockSignals(True)  # what the views show does not change
        try:
            # Dropping on the empty space below the items puts an item last.
            self.invisibleRootItem().setFlags(
                Qt.ItemFlag.ItemIsDropEnabled if movable else Qt.ItemFlag.NoItemFlags
            )
            for item_id, cell in self._cells.items():
                flags = self._flags(self._items[item_id])
                parent = cell.parent() or self.invisibleRootItem()
                for column in range(len(AGENDA_COLUMNS)):
                    parent.child(cell.row(), column).setFlags(flags)
        finally:
            self.blockSignals(False)

    def items(self) -> list[AgendaItemView]:
        """Every item in running order."""
        ordered: list[AgendaItemView] = []
        for top in self._tops:
            ordered.append(top)
            ordered.extend(self._children.get(top.id, []))
        return ordered

    # By item id: QStandardItemModel's own item(row, column) is not used on this model.
    def item(self, item_id: int) -> AgendaItemView | None:  # type: ignore[override]
        return self._items.get(item_id)

    def papers_of(self, item_id: int) -> list[PaperView]:
        return list(self._papers.get(item_id, []))

    def siblings(self, item: AgendaItemView) -> list[AgendaItemView]:
        return (
            list(self._tops) if item.parent_id is None else self._children.get(item.parent_id, [])
        )

    def sub_items(self, item_id: int) -> list[AgendaItemView]:
        return list(self._children.get(item_id, []))

    def top_items(self) -> list[AgendaItemView]:
        return list(self._tops)

    @staticmethod
    def item_at(index: AnyIndex) -> AgendaItemView | None:
        item = index.data(ITEM_ROLE) if index.isValid() else None
        return item if isinstance(item, AgendaItemView) else None

    def index_of(self, item_id: int, column: int = 0) -> QModelIndex:
        cell = self._cells.get(item_id)
        if cell is None:
            return QModelIndex()
        return self.indexFromItem(cell).siblingAtColumn(column)

    def _view(self, index: AnyIndex) -> AgendaItemView:
        item = self.item_at(index)
        assert item is not None
        return item

    # Drag and drop -------------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE, FILES_MIME_TYPE]

    @staticmethod
    def dropped_files(data: QMimeData) -> list[str]:
        """The local files among what is dropped (none for anything else)."""
        if not data.hasUrls():
            return []
        return [url.toLocalFile() for url in data.urls() if url.isLocalFile()]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        valid = [i for i in indexes if i.isValid()]
        if valid:
            data.setData(MIME_TYPE, QByteArray(str(self._view(valid[0]).id).encode()))
        return data

    def _dragged(self, data: QMimeData) -> AgendaItemView | None:
        if not data.hasFormat(MIME_TYPE):
            return None
        try:
            item_id = int(bytes(data.data(MIME_TYPE).data()).decode())
        except ValueError:
            return None
        return self._items.get(item_id)

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        if self.dropped_files(data):
            # Files attach to the item they are dropped on, as papers.
            return self._movable and parent.isValid()
        item = self._dragged(data)
        if item is None or not self._movable:
            return False
        if parent.isValid():
            target = self._view(parent)
            # Not under itself, not under a sub-item, and an item with sub-items stays on top.
            if target.id == item.id or target.parent_id is not None:
                return False
            if self._children.get(item.id):
                return False
        return True

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        """Ask for the move (or, for files, for them to be attached) and let the views follow
        the saved agenda; returning False keeps the view from removing the dragged row itself."""
        files = self.dropped_files(data)
        if files:
            if not self.canDropMimeData(data, action, row, column, parent):
                return False
            self.files_dropped.emit(self._view(parent).id, files)
            return False
        if action != Qt.DropAction.MoveAction or not self.canDropMimeData(
            data, action, row, column, parent
        ):
            return False
        item = self._dragged(data)
        assert item is not None
        new_parent = self._view(parent) if parent.isValid() else None
        new_parent_id = new_parent.id if new_parent is not None else None
        if row < 0:
            at: int | None = None  # dropped on an item (or the empty space): last under it
        else:
            at = row + 1
            # The service places an item among its siblings without it: a drop further down
            # the same list lands one place higher once the item has left its old place.
            if new_parent_id == item.parent_id and position_of(item) <= row:
                at = row
        self.move_requested.emit(item.id, new_parent_id, at)
        return False
