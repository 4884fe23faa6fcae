"""The Centre's bodies as a tree following the reporting lines (GB ▸ EMC ▸ subcommittees)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication

from ccsc_gov.core.services.body_list import BodyView
from ccsc_gov.ui.formats import sentence_case

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
BODY_ROLE = Qt.ItemDataRole.UserRole + 2


def body_tooltip(body: BodyView) -> str:
    lines = [body.name, sentence_case(body.kind)]
    lines.append(
        f"Reports to {body.parent}" if body.parent else "Reports to the funder and partners"
    )
    if body.independent_chair:
        lines.append("Independently chaired")
    if body.retired:
        lines.append("Retired")
    return "\n".join(lines)


class BodyTreeModel(QStandardItemModel):
    """One read-only item per body, under the body it reports to."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(["Body", "Code"])

    def set_bodies(self, bodies: Sequence[BodyView]) -> None:
        """Rebuild from bodies listed parents first (as `list_bodies` returns them)."""
        self.beginResetModel()
        # Rows are added under the reset, so the per-row signals are not needed.
        blocked = self.blockSignals(True)
        try:
            self.removeRows(0, self.rowCount())
            items: dict[str, QStandardItem] = {}
            for body in bodies:
                row = self._row_for(body)
                # A body whose parent is not listed is shown at the top rather than lost.
                parent = items.get(body.parent) if body.parent else None
                (parent or self.invisibleRootItem()).appendRow(row)
                items[body.code] = row[0]
        finally:
            self.blockSignals(blocked)
        self.endResetModel()

    def _row_for(self, body: BodyView) -> list[QStandardItem]:
        name = QStandardItem(f"{body.name} (retired)" if body.retired else body.name)
        code = QStandardItem(body.code)
        palette = QApplication.palette()
        code.setForeground(palette.brush(QPalette.ColorRole.PlaceholderText))
        for item in (name, code):
            item.setEditable(False)
            item.setData(body.code, CODE_ROLE)
            item.setData(body, BODY_ROLE)
            item.setToolTip(body_tooltip(body))
            if body.retired:
                # Greyed but still selectable: a retired body's meetings stay on record.
                item.setForeground(
                    palette.brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
                )
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
        return [name, code]

    def index_of(self, code: str) -> QModelIndex:
        """The index (name column) of the body with this code; invalid if there is none."""
        matches = self.match(
            self.index(0, 0),
            CODE_ROLE,
            code,
            1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )
        return matches[0] if matches else QModelIndex()

    @staticmethod
    def body_at(index: QModelIndex | QPersistentModelIndex) -> BodyView | None:
        body = index.data(BODY_ROLE) if index.isValid() else None
        return body if isinstance(body, BodyView) else None
