"""What every part of a meeting workspace shares: the op helpers, the meeting, the undo stack,
and stable handles on agenda items that undo and redo re-create under new ids."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from ccsc_gov.ui.ops import Operations

Value = TypeVar("Value")
Result = TypeVar("Result")


class WorkspaceTab(Protocol):
    """What the workspace asks of each of its tabs."""

    def refresh(self) -> None:
        """Read again what the tab shows."""

    def set_editable(self, editable: bool) -> None:
        """Enable or disable every control that would change the record."""


class ItemHandle:
    """An agenda item as the undo history knows it: undoing a removal re-creates the item under
    a new id, and every command holding this handle follows it there."""

    def __init__(self, item_id: int) -> None:
        self.id = item_id

    def __repr__(self) -> str:
        return f"ItemHandle({self.id})"


@dataclass
class ItemHandles:
    _by_id: dict[int, ItemHandle] = field(default_factory=dict)

    def __call__(self, item_id: int) -> ItemHandle:
        """The one handle on the item with this id."""
        handle = self._by_id.get(item_id)
        if handle is None:
            handle = self._by_id[item_id] = ItemHandle(item_id)
        return handle

    def rebind(self, handle: ItemHandle, item_id: int) -> None:
        """The item behind `handle` now has the id `item_id`."""
        if self._by_id.get(handle.id) is handle:
            del self._by_id[handle.id]
        handle.id = item_id
        self._by_id[item_id] = handle


@dataclass
class Workspace:
    """The shared state of one open meeting."""

    ops: Operations
    meeting_ref: str
    meeting_id: int
    undo_stack: QUndoStack
    window: QWidget
    today: Callable[[], dt.date] = dt.date.today
    handles: ItemHandles = field(default_factory=ItemHandles)
    # The item the last undo or redo touched, for the views to select; cleared once they have.
    focus: ItemHandle | None = None
    # Whether the body reports to another, so its decisions can be recommendations upwards.
    reports_up: bool = True
