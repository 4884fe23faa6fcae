"""Search (Ctrl+F): minutes, decisions and actions listed as one types, the words found in
bold; Enter or a double-click opens the meeting where a result was found, at its item."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ccsc_gov.core.services.common import Area, Changes
from ccsc_gov.core.services.search import HitKind, SearchHit, search
from ccsc_gov.ui.formats import short_date
from ccsc_gov.ui.ops import Operations
from ccsc_gov.ui.tables import Column, ListTableModel, make_table

# Long enough that a search does not run for every key of a word typed at speed.
SEARCH_DELAY_MS = 150
RESULT_LIMIT = 50
# The (start, end) spans of a result's text that matched.
MARKS_ROLE = Qt.ItemDataRole.UserRole + 2
# What a change must touch for the results shown to be worth reading again.
SEARCHED_AREAS = Area.AGENDA | Area.MINUTES | Area.DECISIONS | Area.ACTIONS | Area.MEETINGS

KIND_WORDS = {HitKind.MINUTE: "Minute", HitKind.DECISION: "Decision", HitKind.ACTION: "Action"}

HINT = (
    "Type words from the minutes, decisions or actions of any body; the last word can be "
    "the start of one. A reference such as EMC/2026/03/D2 finds that decision."
)

AnyIndex = QModelIndex | QPersistentModelIndex


def found_in(hit: SearchHit) -> str:
    """`Decision EMC/2026/03/D2`, `Minute EMC/2026/03 item 5.2`."""
    return f"{KIND_WORDS[hit.kind]} {hit.ref}"


def _tooltip(hit: SearchHit) -> str:
    return f"{found_in(hit)}\n{hit.body}, {short_date(hit.meeting_start.date())}\n{hit.item_title}"


HIT_COLUMNS: tuple[Column[SearchHit], ...] = (
    Column("Found in", found_in, found_in, 30, tooltip=_tooltip),
    Column("Date", lambda h: short_date(h.meeting_start.date()), lambda h: h.meeting_start, 15),
    Column("Item", lambda h: h.item_title, lambda h: h.item_title.casefold(), 26),
    Column("Text", lambda h: h.snippet, lambda h: h.snippet, 60, stretch=True),
)
TEXT_COLUMN = 3


class SearchHitModel(ListTableModel[SearchHit]):
    """The results, best first, as the core ranked them."""

    columns = HIT_COLUMNS

    def styled(self, row: SearchHit, column: int, role: int) -> Any:
        if role == MARKS_ROLE and column == TEXT_COLUMN:
            return row.marks
        return None


def highlighted_html(text: str, marks: Sequence[tuple[int, int]]) -> str:
    """The text as HTML with the marked spans in bold; everything else escaped."""
    parts = []
    at = 0
    for start, end in sorted(marks):
        if start < at:
            continue
        parts.append(html.escape(text[at:start]))
        parts.append(f"<b>{html.escape(text[start:end])}</b>")
        at = end
    parts.append(html.escape(text[at:]))
    return "".join(parts)


class HighlightDelegate(QStyledItemDelegate):
    """Paints a cell's text with the words found in bold, in the view's own colours."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        marks = index.data(MARKS_ROLE)
        if not marks:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        # The background, selection and focus as the style draws them, without the text.
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)

        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(opt.font)
        document.setHtml(highlighted_html(text, marks))
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        group = (
            QPalette.ColorGroup.Normal
            if opt.state & QStyle.StateFlag.State_Enabled
            else QPalette.ColorGroup.Disabled
        )
        context = QAbstractTextDocumentLayout.PaintContext()
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, palette.color(group, role))

        painter.save()
        painter.setClipRect(area)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        top = area.top() + (area.height() - document.size().height()) / 2
        painter.translate(area.left() + margin, top)
        document.documentLayout().draw(painter, context)
        painter.restore()


class SearchDialog(QDialog):
    """A search box over a list of results; stays open, so the clerk can open one after
    another. Each search runs a moment after typing stops."""

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None,
        *,
        open_place: Callable[[SearchHit], None],
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self._open_place = open_place
        self._searched = ""
        self.setWindowTitle("Search minutes, decisions and actions")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)

        self.query = QLineEdit()
        self.query.setPlaceholderText("Search for…")
        self.query.setAccessibleName("Search for")
        self.query.setClearButtonEnabled(True)
        self.status = QLabel(HINT)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.model = SearchHitModel(self)
        self.table = make_table(self.model, name="Search results", parent=self)
        self.table.setItemDelegateForColumn(TEXT_COLUMN, HighlightDelegate(self.table))
        # Best first, as ranked: the results are not for sorting.
        self.table.horizontalHeader().setSortIndicatorShown(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(lambda _text: self.timer.start())
        self.query.returnPressed.connect(self.open_current)
        self.query.installEventFilter(self)
        self.table.activated.connect(self._open_at)
        ops.changed.connect(self.on_changes)
        self.resize(1100, 560)

    # Searching ---------------------------------------------------------------------------

    def run_search(self) -> None:
        """Search now for what is typed (the timer calls this when typing pauses)."""
        self.timer.stop()
        typed = self.query.text()
        self._searched = typed
        if not typed.strip():
            self.model.set_rows([])
            self.status.setText(HINT)
            return
        hits = self.ops.run_query(lambda s: search(s, text=typed, limit=RESULT_LIMIT), parent=self)
        if hits is None:
            return
        self.model.set_rows(hits)
        if hits:
            self.table.selectRow(0)
        self.status.setText(self._describe(typed, len(hits)))

    @staticmethod
    def _describe(typed: str, found: int) -> str:
        if not found:
            return f"Nothing found for “{typed.strip()}”."
        if found >= RESULT_LIMIT:
            return (
                f"The {RESULT_LIMIT} best matches are shown: add a word to narrow the search. "
                "Enter or a double-click opens the meeting where one was found."
            )
        noun = "match" if found == 1 else "matches"
        return f"{found} {noun}. Enter or a double-click opens the meeting where one was found."

    def results(self) -> list[SearchHit]:
        return list(self.model.shown_rows())

    def on_changes(self, changes: Changes) -> None:
        """The record changed: the results shown may have too."""
        if changes.areas & SEARCHED_AREAS and self.isVisible() and self._searched.strip():
            self.timer.start()

    # Opening -----------------------------------------------------------------------------

    def open_current(self) -> None:
        if self.timer.isActive() or self.query.text() != self._searched:
            self.run_search()
        index = self.table.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        self._open_at(index)

    def _open_at(self, index: QModelIndex) -> None:
        if index.isValid():
            self._open_place(self.model.row_at(index.row()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down from the search box goes on to the results, as in any search field with a list.
        if (
            watched is self.query
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount()
        ):
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    def bring_up(self) -> None:
        """Show the search, in front, with what was last typed selected to type over."""
        if self.isVisible():
            self.raise_()
        else:
            self.show()
        self.activateWindow()
        self.query.setFocus()
        self.query.selectAll()
