"""Small touches shared by the app's item views."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget


class RoomyDelegate(QStyledItemDelegate):
    """The style's own painting, with a little more room per cell: easier to read and click."""

    def __init__(
        self, *, extra_height: int, extra_width: int = 0, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._extra_height = extra_height
        self._extra_width = extra_width

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + self._extra_width, size.height() + self._extra_height)
