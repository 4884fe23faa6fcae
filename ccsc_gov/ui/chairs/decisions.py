"""The decisions register: every body's decisions, and for the one selected the referral chain
it belongs to (RSC/2026/01/D3 → EMC/2026/03/D5 → GB/2026/02/D2), each link a way to it."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ccsc_gov.core.governance.resolutions import How
from ccsc_gov.core.services.body_list import BodyView, list_bodies
from ccsc_gov.core.services.common import Area
from ccsc_gov.core.services.decisions import DecisionChain, DecisionView, decision_chain
from ccsc_gov.core.services.registers import DecisionLine, decision_register
from ccsc_gov.core.store.models import DecisionOutcome
from ccsc_gov.ui.chairs.action_log import natural_key
from ccsc_gov.ui.chairs.common import ChairWindow, ChoiceBox, add_labelled, buddy_label
from ccsc_gov.ui.formats import day_text, showing
from ccsc_gov.ui.tables import Column, ListTableModel, make_table, select_row

LINK_PREFIX = "decision:"


def outcome_words(outcome: DecisionOutcome, parent: str | None = None) -> str:
    if outcome is DecisionOutcome.RECOMMENDED:
        return f"Recommended to {parent}" if parent else "Recommended to the parent body"
    return outcome.value.capitalize()


def where_taken(line: DecisionLine) -> str:
    """`EMC/2026/03 item 5.2`, or how it was taken between meetings: `Chair's action`."""
    if line.how is How.MEETING:
        return f"{line.meeting} item {line.item}"
    return line.how.value.capitalize()


def referral_words(line: DecisionLine) -> str:
    """`← RSC/2026/01/D3 · → GB/2026/02/D2`: what it acted on, and what acted on it."""
    parts = []
    if line.referred_from:
        parts.append(f"← {line.referred_from}")
    if line.referred_to:
        parts.append(f"→ {line.referred_to}")
    elif line.outcome is DecisionOutcome.RECOMMENDED:
        parts.append("→ awaiting a decision")
    return " · ".join(parts)


def _referral_tooltip(line: DecisionLine) -> str | None:
    parts = []
    if line.referred_from:
        parts.append(f"Acted on the recommendation {line.referred_from}")
    if line.referred_to:
        parts.append(f"Acted on by {line.referred_to}")
    elif line.outcome is DecisionOutcome.RECOMMENDED:
        parts.append("Recommended upwards; the parent body has not yet decided")
    return "\n".join(parts) or None


@dataclass(frozen=True)
class DecisionFilter:
    body: str | None = None
    outcome: DecisionOutcome | None = None
    referrals_only: bool = False
    text: str = ""


class DecisionsModel(ListTableModel[DecisionLine]):
    """The register's rows: every decision read, the ones that match the filter shown."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._filter = DecisionFilter()
        self._search: list[str] = []
        self._parents: dict[str, str | None] = {}
        self._dates: dict[str, dt.date] | None = None
        self._sort_column = 1
        self.columns = (
            Column(
                "Ref",
                lambda d: d.ref,
                lambda d: natural_key(d.ref),
                19,
                tooltip=lambda d: f"{d.ref}: {where_taken(d)}",
            ),
            Column("Date", lambda d: day_text(d.date), lambda d: d.date, 11),
            Column("Body", lambda d: d.body, lambda d: d.body, 6),
            Column("Item", lambda d: d.item, lambda d: natural_key(d.item), 5),
            Column("Taken", lambda d: d.how.value.capitalize(), lambda d: d.how.value, 17),
            Column("Outcome", self._outcome, lambda d: d.outcome.value, 22),
            Column(
                "Decision",
                lambda d: f"Confidential: {d.text}" if d.confidential else d.text,
                lambda d: d.text.casefold(),
                40,
                stretch=True,
                tooltip=lambda d: d.text,
            ),
            Column(
                "Referral",
                referral_words,
                lambda d: referral_words(d) or "\U0010ffff",
                36,
                tooltip=_referral_tooltip,
            ),
        )

    def _outcome(self, line: DecisionLine) -> str:
        return outcome_words(line.outcome, self._parents.get(line.body))

    def load(self, lines: Sequence[DecisionLine], bodies: Sequence[BodyView]) -> None:
        self._parents = {body.code: body.parent for body in bodies}
        self._dates = None
        self._search = [
            f"{line.ref}\n{line.meeting}\n{line.text}\n{line.referred_from or ''}\n"
            f"{line.referred_to or ''}".casefold()
            for line in lines
        ]
        self.set_rows(lines)

    @property
    def filter(self) -> DecisionFilter:
        return self._filter

    def set_filter(self, new: DecisionFilter) -> None:
        self._filter = new
        self.refilter()

    def matching(self, candidates: Sequence[int]) -> Sequence[int]:
        f = self._filter
        lines: Sequence[DecisionLine] = self._rows
        rows = candidates
        if f.body is not None:
            rows = [n for n in rows if lines[n].body == f.body]
        if f.outcome is not None:
            rows = [n for n in rows if lines[n].outcome is f.outcome]
        if f.referrals_only:
            rows = [n for n in rows if lines[n].referred_from or lines[n].referred_to]
        words = f.text.casefold().split()
        if words:
            search = self._search
            rows = [n for n in rows if all(word in search[n] for word in words)]
        return rows

    def row_of(self, ref: str) -> int:
        return self.find_row(lambda line: line.ref == ref)

    def has(self, ref: str) -> bool:
        return ref in self.dates()

    def dates(self) -> dict[str, dt.date]:
        """Reference → the date the decision was taken, for every decision read."""
        if self._dates is None:
            self._dates = {line.ref: line.date for line in self._rows}
        return self._dates


class ChainView(QWidget):
    """The referral chain as a row of small cards joined by arrows; the others are links."""

    def __init__(self, follow: Callable[[str], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._follow = follow
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.cards: list[QLabel] = []
        self.setAccessibleName("Referral chain")

    def show_chain(
        self,
        chain: DecisionChain | None,
        *,
        names: dict[str, str],
        parents: dict[str, str | None],
        dates: dict[str, dt.date] | None = None,
    ) -> None:
        while (item := self._layout.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.cards = []
        if chain is None:
            return
        links = [*chain.earlier, chain.decision, *chain.later]
        if len(links) == 1 and not _awaiting(chain.decision):
            note = QLabel("Not referred: taken by this body alone.")
            note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            self._layout.addWidget(note)
            self._layout.addStretch(1)
            return
        for number, view in enumerate(links):
            if number:
                self._layout.addWidget(_arrow())
            self._layout.addWidget(
                self._card(view, names, parents, dates or {}, current=view == chain.decision)
            )
        last = links[-1]
        if _awaiting(last):
            self._layout.addWidget(_arrow())
            parent = parents.get(last.body)
            where = (
                f"on the agenda of {last.referred_to_item}"
                if last.referred_to_item
                else "not yet on one of its agendas"
            )
            card = _frame_label(
                f"<b>Awaiting {html.escape(names.get(parent or '', parent or 'the parent body'))}"
                f"</b><br>{html.escape(where)}",
                dashed=True,
            )
            self.cards.append(card)
            self._layout.addWidget(card)
        self._layout.addStretch(1)

    def _card(
        self,
        view: DecisionView,
        names: dict[str, str],
        parents: dict[str, str | None],
        dates: dict[str, dt.date],
        *,
        current: bool,
    ) -> QLabel:
        ref = html.escape(view.ref)
        heading = f"<b>{ref}</b>" if current else f"<a href='{LINK_PREFIX}{ref}'>{ref}</a>"
        outcome = outcome_words(view.outcome, parents.get(view.body))
        if view.how is not How.MEETING:
            outcome = f"{view.how.value.capitalize()} · {outcome}"
        when = f"{day_text(dates[view.ref])} · " if view.ref in dates else ""
        text = (
            f"{heading}<br>{html.escape(names.get(view.body, view.body))}<br>"
            f"{html.escape(when + outcome)}"
        )
        card = _frame_label(text, current=current)
        card.setToolTip(view.text)
        card.setAccessibleName(f"{view.ref}{' (this decision)' if current else ''}")
        card.linkActivated.connect(self._follow_link)
        self.cards.append(card)
        return card

    def _follow_link(self, link: str) -> None:
        if link.startswith(LINK_PREFIX):
            self._follow(link.removeprefix(LINK_PREFIX))


def _awaiting(view: DecisionView) -> bool:
    return view.outcome is DecisionOutcome.RECOMMENDED and view.referred_to is None


def _arrow() -> QLabel:
    arrow = QLabel("→")
    font = QFont(arrow.font())
    font.setPointSizeF(font.pointSizeF() * 1.6)
    arrow.setFont(font)
    arrow.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    arrow.setAccessibleName("then")
    return arrow


def _frame_label(text: str, *, current: bool = False, dashed: bool = False) -> QLabel:
    card = QLabel(text)
    card.setTextFormat(Qt.TextFormat.RichText)
    card.setTextInteractionFlags(
        Qt.TextInteractionFlag.LinksAccessibleByMouse
        | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
    )
    card.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    card.setContentsMargins(10, 6, 10, 6)
    card.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)
    card.setAutoFillBackground(True)
    # Named colours from the palette: the card reads in light and dark themes alike.
    border = "palette(highlight)" if current else "palette(mid)"
    style = "dashed" if dashed else "solid"
    background = "palette(alternate-base)" if current else "palette(base)"
    card.setStyleSheet(
        f"QLabel {{ border: {2 if current else 1}px {style} {border}; border-radius: 6px;"
        f" background: {background}; }}"
    )
    return card


class DecisionsWindow(ChairWindow):
    """Every body's decisions, and where the selected one came from and went."""

    title = "Decisions register"
    areas = Area.DECISIONS | Area.AGENDA | Area.MEETINGS | Area.BODIES
    settings_key = "chairs/decisions"

    def _build(self) -> None:
        self.current_chain: DecisionChain | None = None
        self.model = DecisionsModel(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search references and resolutions")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the decisions")
        self.search.textChanged.connect(self.apply_filter)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(lambda: self.search.setFocus(Qt.FocusReason.ShortcutFocusReason))
        self.body_box = ChoiceBox("Body")
        self.outcome_box = ChoiceBox("Outcome")
        self.outcome_box.set_choices(
            [("Any outcome", None)] + [(outcome_words(o), o) for o in DecisionOutcome]
        )
        for box, letters in ((self.body_box, 10), (self.outcome_box, 14)):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(letters)
            box.currentIndexChanged.connect(self.apply_filter)
        self.referrals_box = QCheckBox("&Referred up or down only")
        self.referrals_box.toggled.connect(self.apply_filter)
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.clicked.connect(self.clear_filters)

        filters = QHBoxLayout()
        filters.setSpacing(6)
        add_labelled(filters, (("&Body", self.body_box), ("&Outcome", self.outcome_box)), space=8)
        filters.addWidget(self.referrals_box)
        filters.addSpacing(12)
        filters.addWidget(buddy_label("S&earch", self.search))
        filters.addWidget(self.search, 1)
        filters.addWidget(self.clear_button)

        self.table = make_table(self.model, name="Decisions")
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.selectionModel().selectionChanged.connect(self._on_selected)

        self.heading = QLabel()
        heading_font = QFont(self.heading.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.25)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.where = QLabel()
        self.where.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.resolution = QLabel()
        self.resolution.setWordWrap(True)
        self.resolution.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.resolution.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        chain_heading = QLabel("<b>Referral chain</b>")
        self.chain = ChainView(self.select_decision)
        chain_scroll = QScrollArea()
        chain_scroll.setWidget(self.chain)
        chain_scroll.setWidgetResizable(True)
        chain_scroll.setFrameShape(QFrame.Shape.NoFrame)
        chain_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        chain_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(4, 8, 4, 4)
        detail_layout.setSpacing(4)
        detail_layout.addWidget(self.heading)
        detail_layout.addWidget(self.where)
        detail_layout.addSpacing(4)
        detail_layout.addWidget(self.resolution)
        detail_layout.addSpacing(8)
        detail_layout.addWidget(chain_heading)
        detail_layout.addWidget(chain_scroll)
        detail_layout.addStretch(1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(detail)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)

        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 8)
        layout.setSpacing(8)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.summary)
        self._show_decision(None)

    # Reading ---------------------------------------------------------------------------------

    def load(self) -> None:
        result = self.ops.run_query(lambda s: (list_bodies(s), decision_register(s)), parent=self)
        if result is None:
            return
        bodies, lines = result
        selected = self.selected_line()
        self._bodies = list(bodies)
        self.body_box.set_choices([("All bodies", None), *self._body_choices()])
        self.model.load(lines, bodies)
        self.apply_filter()
        if selected is not None and not self.select_decision(selected.ref):
            self._show_decision(None)

    # Filtering -------------------------------------------------------------------------------

    def apply_filter(self) -> None:
        if self._updating:
            return
        selected = self.selected_line()
        self.model.set_filter(
            DecisionFilter(
                body=self.body_box.value(),
                outcome=self.outcome_box.value(),
                referrals_only=self.referrals_box.isChecked(),
                text=self.search.text(),
            )
        )
        if selected is not None:
            self.select_decision(selected.ref, widen=False)
        self.summary.setText(showing(self.model.rowCount(), self.model.total, "decision"))

    def clear_filters(self) -> None:
        with self._updating_choices():
            self.search.clear()
            self.body_box.setCurrentIndex(0)
            self.outcome_box.setCurrentIndex(0)
            self.referrals_box.setChecked(False)
        self.apply_filter()

    # Selection and the chain -------------------------------------------------------------------

    def selected_line(self) -> DecisionLine | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_decision(self, ref: str, *, widen: bool = True) -> bool:
        """Select a decision by reference; `widen`: clear the filters if they hide it."""
        row = self.model.row_of(ref)
        if row < 0 and widen and self.model.has(ref):
            self.clear_filters()
            row = self.model.row_of(ref)
        if row < 0:
            return False
        select_row(self.table, row)
        return True

    def _on_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_decision(self.selected_line())

    def _show_decision(self, line: DecisionLine | None) -> None:
        names = {body.code: body.name for body in self._bodies}
        parents = {body.code: body.parent for body in self._bodies}
        if line is None:
            self.heading.setText("No decision selected")
            self.where.setText("Choose a decision to see where it came from and where it went.")
            self.resolution.setText("")
            self.chain.show_chain(None, names=names, parents=parents)
            return
        self.heading.setText(f"{line.ref} · {outcome_words(line.outcome, parents.get(line.body))}")
        where = [
            names.get(line.body, line.body),
            day_text(line.date),
            where_taken(line),
        ]
        if line.review_date is not None:
            where.append(f"review by {day_text(line.review_date)}")
        self.where.setText(" · ".join(where))
        self.resolution.setText(line.text)
        chain = self.ops.run_query(lambda s: decision_chain(s, decision=line.ref), parent=self)
        self.chain.show_chain(chain, names=names, parents=parents, dates=self.model.dates())
        self.current_chain = chain
