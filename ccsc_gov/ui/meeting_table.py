"""A body's meetings as a table: the column list, the upcoming-then-past order, the Qt model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from ccsc_gov.core.models import MeetingStatus
from ccsc_gov.core.services.meetings import MeetingSummary, minutes_status
from ccsc_gov.ui.formats import meeting_slot, sentence_case

# Raw values for sorting (Vorta's habit): a date sorts as a date, not as its text.
SORT_ROLE = Qt.ItemDataRole.UserRole
# The MeetingSummary behind a row, for whatever opens a meeting.
MEETING_ROLE = Qt.ItemDataRole.UserRole + 1

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[MeetingSummary], str]
    sort_key: Callable[[MeetingSummary], Any]
    # Whether the column takes the width left over by the others (one column should).
    stretch: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("Reference", lambda m: m.ref, lambda m: m.ref),
    Column("Date and time", lambda m: meeting_slot(m.start, m.end), lambda m: m.start),
    Column("Place", lambda m: m.location, lambda m: m.location.casefold(), stretch=True),
    Column("Status", lambda m: sentence_case(m.status), lambda m: m.status.value),
    Column("Quorum", lambda m: _quorum_words(m.quorate), lambda m: _quorum_words(m.quorate)),
    Column(
        "Minutes",
        lambda m: sentence_case(minutes_status(m.status) or ""),
        lambda m: minutes_status(m.status) or "",
    ),
)


def _quorum_words(quorate: bool | None) -> str:
    return "" if quorate is None else "Quorate" if quorate else "Inquorate"


def is_upcoming(meeting: MeetingSummary, now: dt.datetime) -> bool:
    """A meeting still to come, or under way."""
    return meeting.end > now


def upcoming_then_past(
    meetings: Sequence[MeetingSummary], now: dt.datetime
) -> list[MeetingSummary]:
    """The next meeting first and later ones after it; then past meetings, latest first."""
    upcoming = sorted((m for m in meetings if is_upcoming(m, now)), key=lambda m: (m.start, m.id))
    past = sorted(
        (m for m in meetings if not is_upcoming(m, now)),
        key=lambda m: (m.start, m.id),
        reverse=True,
    )
    return upcoming + past


class MeetingTableModel(QAbstractTableModel):
    """A thin, read-only adapter over a list of `MeetingSummary` rows."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[MeetingSummary] = []
        self._upcoming = 0

    def set_meetings(self, meetings: Sequence[MeetingSummary], *, now: dt.datetime) -> None:
        self.beginResetModel()
        self._rows = upcoming_then_past(meetings, now)
        self._upcoming = sum(1 for m in meetings if is_upcoming(m, now))
        self.endResetModel()

    @property
    def upcoming_count(self) -> int:
        return self._upcoming

    @property
    def past_count(self) -> int:
        return len(self._rows) - self._upcoming

    def meeting_at(self, row: int) -> MeetingSummary:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        meeting = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(meeting)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{meeting.ref}: {column.text(meeting)}" if index.column() else meeting.ref
        if role == SORT_ROLE:
            return column.sort_key(meeting)
        if role == MEETING_ROLE:
            return meeting
        cancelled = meeting.status is MeetingStatus.CANCELLED
        if role == Qt.ItemDataRole.ForegroundRole and cancelled:
            return QApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == Qt.ItemDataRole.FontRole and cancelled:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section].title
        return None
