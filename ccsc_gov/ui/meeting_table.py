"""A body's meetings as a table: the column list, the upcoming-then-past order, the Qt model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtGui import QFont, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication

from ccsc_gov.core.governance.vocabulary import MeetingStatus
from ccsc_gov.core.services.meeting_list import MeetingSummary
from ccsc_gov.ui.formats import meeting_slot, sentence_case
from ccsc_gov.ui.tables import fill_rows

PaperCount = tuple[int, int]  # papers in, papers expected


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[MeetingSummary, PaperCount | None], str]
    # Whether the column takes the width left over by the others (one column should).
    stretch: bool = False


def stage_words(meeting: MeetingSummary) -> str:
    """Where the meeting itself stands; once held, the Minutes column tells the rest."""
    return "Held" if meeting.minutes_stage is not None else sentence_case(meeting.status)


COLUMNS: tuple[Column, ...] = (
    Column("Reference", lambda m, _p: m.ref),
    Column("Date and time", lambda m, _p: meeting_slot(m.start, m.end)),
    Column("Place", lambda m, _p: m.location, stretch=True),
    Column("Status", lambda m, _p: stage_words(m)),
    Column("Quorum", lambda m, _p: _quorum_words(m.quorate)),
    Column("Minutes", lambda m, _p: sentence_case(m.minutes_stage or "")),
    Column("Papers", lambda _m, p: papers_words(p)),
)
STRETCH_COLUMN = next(n for n, column in enumerate(COLUMNS) if column.stretch)
QUORUM_COLUMN = next(n for n, column in enumerate(COLUMNS) if column.title == "Quorum")


def papers_words(count: PaperCount | None) -> str:
    """`3 of 5 in`, for an upcoming meeting whose agenda expects papers."""
    if not count or not count[1]:
        return ""
    return f"{count[0]} of {count[1]} in"


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


class MeetingTableModel(QStandardItemModel):
    """A read-only table of `MeetingSummary` rows. The cells are made once per list, so painting
    and sizing the table never call back into Python."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels([column.title for column in COLUMNS])
        self._rows: list[MeetingSummary] = []
        self._upcoming = 0

    def set_meetings(
        self,
        meetings: Sequence[MeetingSummary],
        *,
        now: dt.datetime,
        papers: dict[int, PaperCount] | None = None,
    ) -> None:
        """The meetings, and for upcoming ones the papers in and expected, by meeting id."""
        papers = papers or {}
        self._rows = upcoming_then_past(meetings, now)
        self._upcoming = sum(1 for m in meetings if is_upcoming(m, now))
        fill_rows(self, (_cells(meeting, papers.get(meeting.id)) for meeting in self._rows))

    def set_quorum(self, quorate: dict[int, bool | None]) -> None:
        """Each meeting's quorum, by meeting id, judged once the list is shown."""
        self._rows = [replace(m, quorate=quorate.get(m.id)) for m in self._rows]
        self.blockSignals(True)  # one change for the whole column, not a signal per row
        try:
            for row, meeting in enumerate(self._rows):
                cell = self.item(row, QUORUM_COLUMN)
                text = COLUMNS[QUORUM_COLUMN].text(meeting, None)
                cell.setText(text)
                cell.setToolTip(_tool_tip(meeting, QUORUM_COLUMN, text))
        finally:
            self.blockSignals(False)
        if self._rows:
            column = self.index(0, QUORUM_COLUMN), self.index(len(self._rows) - 1, QUORUM_COLUMN)
            self.dataChanged.emit(*column)

    @property
    def upcoming_count(self) -> int:
        return self._upcoming

    @property
    def past_count(self) -> int:
        return len(self._rows) - self._upcoming

    def meeting_at(self, row: int) -> MeetingSummary:
        return self._rows[row]


def _cells(meeting: MeetingSummary, papers: PaperCount | None) -> list[QStandardItem]:
    cancelled = meeting.status is MeetingStatus.CANCELLED
    cells = []
    for number, column in enumerate(COLUMNS):
        text = column.text(meeting, papers)
        cell = QStandardItem(text)
        cell.setEditable(False)
        cell.setToolTip(_tool_tip(meeting, number, text))
        if cancelled:
            cell.setForeground(
                QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            )
            font = QFont()
            font.setItalic(True)
            cell.setFont(font)
        cells.append(cell)
    return cells


def _tool_tip(meeting: MeetingSummary, column: int, text: str) -> str:
    """The whole text on hovering, for a place too long for its column."""
    return f"{meeting.ref}: {text}" if column else meeting.ref
