"""Between meetings: a body's written resolutions, open and closed, each with its tally against
the number that carries it and one click per member to record a reply; closing one; exporting
it to circulate or its outcome; and the chair's action form."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ccsc_gov.core.export.resolution import write_resolution_outcome, write_resolution_paper
from ccsc_gov.core.governance.errors import UserError
from ccsc_gov.core.governance.resolutions import Outcome, Vote
from ccsc_gov.core.services import resolutions
from ccsc_gov.core.services.body_list import list_bodies
from ccsc_gov.core.services.common import Area
from ccsc_gov.core.services.resolutions import (
    ChairsActionView,
    MemberLine,
    Reply,
    ResolutionView,
)
from ccsc_gov.core.store.models import Role
from ccsc_gov.ui.chairs.common import ChairWindow, ChoiceBox, add_labelled
from ccsc_gov.ui.export import FileKind, ask_save_path, open_path
from ccsc_gov.ui.formats import day_text
from ccsc_gov.ui.forms import ChoiceBox as FormChoice
from ccsc_gov.ui.forms import FormDialog, OptionalDate, multiline
from ccsc_gov.ui.ops import show_user_error
from ccsc_gov.ui.tables import Column, ListTableModel, make_table, select_row


def tally_words(view: ResolutionView) -> str:
    """`3 for, 1 against of 10 · 6 needed`."""
    t = view.tally
    return (
        f"{t.votes_for} for, {t.against} against, {t.abstain} abstaining of {t.entitled} · "
        f"{t.required} needed"
    )


class ResolutionsModel(ListTableModel[ResolutionView]):
    columns = (
        Column("Ref", lambda r: r.ref, lambda r: (r.proposed_on.year, r.ref), 14),
        Column("Title", lambda r: r.title, lambda r: r.title.casefold(), 30, stretch=True),
        Column("Proposed", lambda r: day_text(r.proposed_on), lambda r: r.proposed_on, 11),
        Column(
            "Deadline",
            lambda r: day_text(r.deadline, empty="none"),
            lambda r: r.deadline or dt.date.max,
            11,
        ),
        Column("Outcome", lambda r: r.outcome.value.capitalize(), lambda r: r.outcome.value, 11),
        Column("Tally", tally_words, lambda r: r.tally.votes_for, 34),
    )


class ChairsActionsModel(ListTableModel[ChairsActionView]):
    columns = (
        Column("Ref", lambda a: a.ref, lambda a: (a.taken_on.year, a.ref), 14),
        Column("Taken", lambda a: day_text(a.taken_on), lambda a: a.taken_on, 11),
        Column("Title", lambda a: a.title, lambda a: a.title.casefold(), 30, stretch=True),
        Column("By", lambda a: f"{a.taken_by} ({a.acting_as})", lambda a: a.taken_by, 22),
        Column(
            "Reason and consulted",
            lambda a: a.reason + (f" Consulted: {', '.join(a.consulted)}." if a.consulted else ""),
            lambda a: a.reason.casefold(),
            30,
            tooltip=lambda a: a.text,
        ),
    )


@dataclass(frozen=True)
class ResolutionDetails:
    title: str
    text: str
    deadline: dt.date | None
    recommends: bool


class ResolutionDialog(FormDialog[ResolutionDetails]):
    def __init__(self, parent: QWidget | None, body: str, today: dt.date) -> None:
        super().__init__(
            parent, "Written resolution", f"A written resolution of {body}", ok_text="&Propose"
        )
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Title")
        self.text = multiline(name="Resolution")
        self.deadline = OptionalDate("Replies &by", today + dt.timedelta(days=14), today)
        self.recommends = QCheckBox("Carried, it is a recommendation to the parent body")
        self.form.addRow("&Title:", self.title_edit)
        self.form.addRow("&Resolution:", self.text)
        self.form.addRow("", self.deadline)
        self.form.addRow("", self.recommends)
        self.title_edit.textChanged.connect(self.update_ok)
        self.text.textChanged.connect(self.update_ok)

    def problems(self) -> str:
        if not self.title_edit.text().strip():
            return "A written resolution needs a title."
        if not self.text.toPlainText().strip():
            return "A written resolution needs its text."
        return ""

    def value(self) -> ResolutionDetails:
        return ResolutionDetails(
            self.title_edit.text().strip(),
            self.text.toPlainText().strip(),
            self.deadline.value(),
            self.recommends.isChecked(),
        )

    @classmethod
    def ask(cls, parent: QWidget | None, *, body: str, today: dt.date) -> ResolutionDetails | None:
        return cls(parent, body, today).answer()


@dataclass(frozen=True)
class ChairsActionDetails:
    person: str  # email or name of the chair or vice-chair acting
    title: str
    text: str
    reason: str
    consulted: tuple[str, ...]
    recommends: bool


class ChairsActionDialog(FormDialog[ChairsActionDetails]):
    def __init__(self, parent: QWidget | None, body: str, chairs: Sequence[MemberLine]) -> None:
        super().__init__(parent, "Chair's action", f"Chair's action for {body}", ok_text="&Record")
        self.person: FormChoice[str] = FormChoice(
            [(f"{m.name} ({m.role})", m.email or m.name) for m in chairs], None
        )
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Title")
        self.text = multiline(name="Decision")
        self.reason = multiline(name="Reason for urgency", lines=2)
        self.consulted = QLineEdit()
        self.consulted.setPlaceholderText("Names, separated by commas")
        self.consulted.setAccessibleName("Consulted")
        self.recommends = QCheckBox("It is a recommendation to the parent body")
        self.form.addRow("&Taken by:", self.person)
        self.form.addRow("T&itle:", self.title_edit)
        self.form.addRow("&Decision:", self.text)
        self.form.addRow("Reason for &urgency:", self.reason)
        self.form.addRow("&Consulted:", self.consulted)
        self.form.addRow("", self.recommends)
        for edit in (self.title_edit, self.consulted):
            edit.textChanged.connect(self.update_ok)
        for box in (self.text, self.reason):
            box.textChanged.connect(self.update_ok)

    def problems(self) -> str:
        if self.person.count() == 0:
            return "The body has no chair or vice-chair today to take chair's action."
        if not self.title_edit.text().strip() or not self.text.toPlainText().strip():
            return "Chair's action needs a title and the decision taken."
        if not self.reason.toPlainText().strip():
            return "Say why it could not wait for the next meeting."
        return ""

    def value(self) -> ChairsActionDetails:
        return ChairsActionDetails(
            self.person.value(),
            self.title_edit.text().strip(),
            self.text.toPlainText().strip(),
            self.reason.toPlainText().strip(),
            tuple(n.strip() for n in self.consulted.text().split(",") if n.strip()),
            self.recommends.isChecked(),
        )

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, body: str, chairs: Sequence[MemberLine]
    ) -> ChairsActionDetails | None:
        return cls(parent, body, chairs).answer()


VOTE_BUTTONS = ((Vote.FOR, "For"), (Vote.AGAINST, "Against"), (Vote.ABSTAIN, "Abstain"))


class BetweenMeetingsWindow(ChairWindow):
    title = "Between meetings"
    areas = Area.DECISIONS | Area.BODIES | Area.PEOPLE
    settings_key = "chairs/between"

    def _build(self) -> None:
        self.model = ResolutionsModel(self)
        self.body_box = ChoiceBox("Body", self)
        self.body_box.currentIndexChanged.connect(lambda _i: self._body_changed())
        self.propose_button = QPushButton("&New written resolution…")
        self.propose_button.clicked.connect(self.propose)
        self.chairs_action_button = QPushButton("C&hair's action…")
        self.chairs_action_button.clicked.connect(self.take_chairs_action)
        top = QHBoxLayout()
        add_labelled(top, [("&Body:", self.body_box)], space=12)
        top.addStretch(1)
        top.addWidget(self.propose_button)
        top.addWidget(self.chairs_action_button)

        self.table = make_table(self.model, name="Written resolutions")
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.actions_model = ChairsActionsModel(self)
        self.actions_table = make_table(self.actions_model, name="Chair's actions")
        lists = QSplitter(Qt.Orientation.Vertical)
        lists.addWidget(self.table)
        lists.addWidget(self.actions_table)
        lists.setSizes([500, 220])

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.replies = QWidget()
        self.replies_grid = QGridLayout(self.replies)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.replies)
        self.close_button = QPushButton("C&lose resolution")
        self.close_button.clicked.connect(self.close_selected)
        self.paper_button = QPushButton("Export to &circulate…")
        self.paper_button.clicked.connect(lambda: self.export(outcome=False))
        self.outcome_button = QPushButton("Export &outcome…")
        self.outcome_button.clicked.connect(lambda: self.export(outcome=True))
        buttons = QHBoxLayout()
        for button in (self.close_button, self.paper_button, self.outcome_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.heading)
        detail_layout.addWidget(self.rule)
        detail_layout.addWidget(scroll, 1)
        detail_layout.addLayout(buttons)

        splitter = QSplitter()
        splitter.addWidget(lists)
        splitter.addWidget(detail)
        splitter.setSizes([640, 540])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.vote_buttons: dict[tuple[int, Vote], QPushButton] = {}
        self.current: ResolutionView | None = None
        self._wanted: str | None = None  # the body to show once the bodies are read
        self._show(None)

    # ------------------------------------------------------------ reading

    @property
    def body(self) -> str | None:
        value = self.body_box.value()
        return str(value) if value else None

    def show_body(self, code: str) -> None:
        """Show this body's, now or (not read yet) once the window has read the bodies."""
        self._wanted = code
        self.body_box.select_value(code)

    def load(self) -> None:
        bodies = self.ops.run_query(lambda s: list_bodies(s, include_retired=False), parent=self)
        if bodies is None:
            return
        self._bodies = bodies
        with self._updating_choices():
            self.body_box.set_choices(self._body_choices())
            if self._wanted is not None:
                self.body_box.select_value(self._wanted)
                self._wanted = None
        self._read_resolutions()

    def _body_changed(self) -> None:
        if not self._updating:
            self._read_resolutions()

    def _read_resolutions(self) -> None:
        code, today = self.body, self.today()
        if code is None:
            return
        keep = self.current.ref if self.current is not None else None
        views = self.ops.run_query(
            lambda s: resolutions.list_resolutions(s, body=code, today=today), parent=self
        )
        self.model.set_rows(views or [])
        self._select(keep)
        taken = self.ops.run_query(
            lambda s: resolutions.list_chairs_actions(s, body=code), parent=self
        )
        self.actions_model.set_rows(taken or [])

    def _select(self, ref: str | None) -> None:
        rows = self.model.shown_rows()
        row = next((n for n, r in enumerate(rows) if r.ref == ref), 0 if rows else None)
        if row is None:
            self._show(None)
        else:
            select_row(self.table, row)
            self._show(self.model.row_at(row))

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self._show(self.model.row_at(indexes[0].row()))

    def _show(self, view: ResolutionView | None) -> None:
        self.current = view
        while (item := self.replies_grid.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        self.vote_buttons = {}
        for button in (self.close_button, self.paper_button, self.outcome_button):
            button.setEnabled(view is not None)
        if view is None:
            self.heading.setText("No written resolution selected")
            self.rule.setText("Propose one, or choose one from the list.")
            return
        self.heading.setText(
            f"<b>{html.escape(view.ref)}</b> · {html.escape(view.title)}<br>"
            f"{html.escape(view.text)}"
        )
        closed = f"closed {day_text(view.closed_on)}" if view.closed_on else "open"
        self.rule.setText(
            f"{view.outcome.value.capitalize()} ({closed}). Carries with {view.rule.words()}: "
            f"{tally_words(view)}."
        )
        is_open = view.closed_on is None and view.outcome is Outcome.OPEN
        self.close_button.setEnabled(view.closed_on is None)
        for row, reply in enumerate(view.replies):
            self.replies_grid.addWidget(QLabel(reply.name), row, 0)
            self.replies_grid.addWidget(QLabel(_reply_words(reply)), row, 1)
            for column, (vote, text) in enumerate(VOTE_BUTTONS, start=2):
                button = QPushButton(text)
                button.setAccessibleName(f"{text}: {reply.name}")
                button.setCheckable(True)
                button.setChecked(reply.vote is vote)
                button.setEnabled(is_open and reply.entitled)
                button.clicked.connect(
                    lambda _checked=False, who=reply.email or reply.name, v=vote: self.record(
                        who, v
                    )
                )
                self.vote_buttons[(reply.person_id, vote)] = button
                self.replies_grid.addWidget(button, row, column)
        self.replies_grid.setRowStretch(len(view.replies), 1)

    # ------------------------------------------------------------ changing

    def record(self, person: str, vote: Vote) -> None:
        """One click: the member's reply, received today by email."""
        if self.current is None:
            return
        ref, today = self.current.ref, self.today()
        self.ops.run_op(
            lambda s: resolutions.record_vote(
                s, resolution=ref, person=person, vote=vote, today=today
            ),
            parent=self,
        )

    def close_selected(self) -> None:
        if self.current is None:
            return
        ref, today = self.current.ref, self.today()
        self.ops.run_op(
            lambda s: resolutions.close_resolution(s, resolution=ref, today=today), parent=self
        )

    def propose(self) -> None:
        code, today = self.body, self.today()
        if code is None:
            return
        details = ResolutionDialog.ask(self, body=code, today=today)
        if details is None:
            return
        view = self.ops.run_op(
            lambda s: resolutions.propose_resolution(
                s,
                body=code,
                title=details.title,
                text=details.text,
                deadline=details.deadline,
                recommends=details.recommends,
                today=today,
            ),
            parent=self,
        )
        if view is not None:
            self._select(view.ref)

    def take_chairs_action(self) -> None:
        code, today = self.body, self.today()
        if code is None:
            return
        members = self.ops.run_query(
            lambda s: resolutions.members_on(s, body=code, on=today), parent=self
        )
        chairs = [m for m in members or [] if m.role in (Role.CHAIR, Role.VICE_CHAIR)]
        details = ChairsActionDialog.ask(self, body=code, chairs=chairs)
        if details is None:
            return
        self.ops.run_op(
            lambda s: resolutions.take_chairs_action(
                s,
                body=code,
                person=details.person,
                title=details.title,
                text=details.text,
                reason=details.reason,
                consulted=details.consulted,
                recommends=details.recommends,
                today=today,
            ),
            parent=self,
        )

    def export(self, *, outcome: bool) -> None:
        view = self.current
        if view is None:
            return
        kind = "outcome" if outcome else "resolution"
        name = f"{view.ref.replace('/', '-')} {kind}.docx"
        path = ask_save_path(self, title=f"Export {kind}", name=name, kind=FileKind.WORD)
        if path is None:
            return
        write = write_resolution_outcome if outcome else write_resolution_paper
        try:
            written = write(view, path)
        except UserError as error:
            show_user_error(self, error)
            return
        open_path(written)


def _reply_words(reply: Reply) -> str:
    if reply.interest:
        return f"Declared an interest: {reply.interest}"
    if not reply.entitled:
        return "Does not vote"
    if reply.vote is None:
        return "No reply yet"
    via = f" by {reply.via.value}" if reply.via else ""
    return f"{reply.vote.value.capitalize()}, {day_text(reply.received_on)}{via}"
