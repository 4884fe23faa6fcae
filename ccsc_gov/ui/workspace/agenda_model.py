"""The agenda as a numbered tree (items and their sub-items): the column list and the Qt model,
which also turns a drag and drop into a request to move an item."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from ccsc_gov.core.governance.timing import Slot
from ccsc_gov.core.services.agenda import AgendaItemView
from ccsc_gov.core.services.paper_references import typed_references
from ccsc_gov.core.services.papers import PaperView
from ccsc_gov.core.store.models import Confidentiality
from ccsc_gov.ui.formats import sentence_case
from ccsc_gov.ui.tables import column_heading
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


class AgendaTreeModel(QAbstractItemModel):
    """Top-level items with their sub-items under them (agendas go one level deep).

    An index's internal id is 0 for a top-level item and 1 + its parent's row for a sub-item,
    so no Python object has to outlive the index.
    """

    # (item id, new parent item id or None for the top level, 1-based place or None for last)
    move_requested = Signal(int, object, object)
    # (item id, the local files dropped on it)
    files_dropped = Signal(int, list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tops: list[AgendaItemView] = []
        self._children: dict[int, list[AgendaItemView]] = {}
        self._items: dict[int, AgendaItemView] = {}
        self._slots: Mapping[int, Slot] = {}
        self._papers: dict[int, list[PaperView]] = {}
        self._movable = True

    # The rows ------------------------------------------------------------------------------

    def set_items(
        self,
        items: Sequence[AgendaItemView],
        slots: Mapping[int, Slot] | None = None,
        papers: Sequence[PaperView] = (),
    ) -> None:
        """Rebuild from the agenda in running order (each item followed by its sub-items),
        with each item's start time when `slots` gives them, and the meeting's papers."""
        self.beginResetModel()
        self._slots = slots or {}
        self._papers = {}
        for paper in papers:
            self._papers.setdefault(paper.item_id, []).append(paper)
        self._tops = [i for i in items if i.parent_id is None]
        self._children = {}
        for item in items:
            if item.parent_id is not None:
                self._children.setdefault(item.parent_id, []).append(item)
        self._items = {i.id: i for i in items}
        self.endResetModel()

    def set_movable(self, movable: bool) -> None:
        """Whether items may be dragged (not on a locked meeting)."""
        self._movable = movable

    def items(self) -> list[AgendaItemView]:
        """Every item in running order."""
        ordered: list[AgendaItemView] = []
        for top in self._tops:
            ordered.append(top)
            ordered.extend(self._children.get(top.id, []))
        return ordered

    def item(self, item_id: int) -> AgendaItemView | None:
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
        item = self._items.get(item_id)
        if item is None:
            return QModelIndex()
        if item.parent_id is None:
            return self.createIndex(self._tops.index(item), column, 0)
        parent_row = next(r for r, top in enumerate(self._tops) if top.id == item.parent_id)
        row = self._children[item.parent_id].index(item)
        return self.createIndex(row, column, parent_row + 1)

    def _view(self, index: AnyIndex) -> AgendaItemView:
        parent_row = index.internalId()
        if parent_row == 0:
            return self._tops[index.row()]
        return self._children[self._tops[parent_row - 1].id][index.row()]

    # QAbstractItemModel --------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex | None = None) -> QModelIndex:
        parent = parent if parent is not None else QModelIndex()
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        if parent.internalId() == 0:
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    # The stubs know parent() only as QObject.parent() with no argument; a tree model's Qt
    # method is also parent(index), so this override is right and the stubs cannot say so.
    def parent(self, index: AnyIndex | None = None) -> QModelIndex:  # type: ignore[override]
        if index is None or not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: AnyIndex | None = None) -> int:
        if parent is None or not parent.isValid():
            return len(self._tops)
        if parent.column() != 0 or parent.internalId() != 0:
            return 0
        return len(self._children.get(self._tops[parent.row()].id, []))

    def columnCount(self, parent: AnyIndex | None = None) -> int:
        return len(AGENDA_COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._view(index)
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == TIME_COLUMN:
                return slot_words(self._slots.get(item.id), item)
            return AGENDA_COLUMNS[index.column()].text(item, self._papers.get(item.id, []))
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == PAPERS_COLUMN and item.id in self._papers:
                return papers_tooltip(self._papers[item.id])
            return item_tooltip(item)
        if role == ITEM_ROLE:
            return item
        if role == Qt.ItemDataRole.FontRole and item.parent_id is None:
            font = QFont()
            font.setBold(index.column() in (NUMBER_COLUMN, TITLE_COLUMN))
            return font
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.column() == len(AGENDA_COLUMNS) - 1
            and item.confidentiality is not Confidentiality.OPEN
        ):
            return QApplication.palette().brush(QPalette.ColorRole.Link)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_heading(AGENDA_COLUMNS, section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            # Dropping on the empty space below the items puts an item last.
            return Qt.ItemFlag.ItemIsDropEnabled if self._movable else Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._movable:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
            # Only a top-level item can take sub-items.
            if index.internalId() == 0:
                flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

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
