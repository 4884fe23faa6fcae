"""The people-and-bodies windows: everyone on record, a body's members with their terms of
office, and a body's terms of reference. Each reads through the ops, changes through the ops,
and refreshes in its one `on_changes` hook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from ccsc_gov.core.services import bodies as body_services
from ccsc_gov.core.services import people as people_services
from ccsc_gov.core.services import terms as terms_services
from ccsc_gov.core.services.body_list import BodyView, list_bodies
from ccsc_gov.core.services.common import Area, Changes
from ccsc_gov.core.services.people import MembershipView, PersonView
from ccsc_gov.core.services.terms import TermsView
from ccsc_gov.core.store.models import Authority, Role
from ccsc_gov.ui.formats import sentence_case, short_date
from ccsc_gov.ui.ops import Operations, Unsaved
from ccsc_gov.ui.people import importing
from ccsc_gov.ui.people.details import PersonDetails
from ccsc_gov.ui.people.dialogs import (
    AddMemberDialog,
    ChangeRoleDialog,
    EndTermDialog,
    PersonDetailsDialog,
    TermsVersionDialog,
    first_upper,
    quorum_words,
)
from ccsc_gov.ui.people.importing import PeopleImporter
from ccsc_gov.ui.tables import Column, ListTableModel, make_table

Row = TypeVar("Row")


def _body_by_id(session: Session, body_id: int) -> BodyView:
    body_services.body_by_id(session, body_id)  # a plain-words NotFound if it has gone
    return next(b for b in list_bodies(session) if b.id == body_id)


def _selected(table: QTableView, kind: type[Row]) -> Row | None:
    """The row chosen in the table, if there is one of that kind."""
    index = table.currentIndex()
    model = table.model()
    if not index.isValid() or not isinstance(model, ListTableModel):
        return None
    row = model.row_at(index.row())
    return row if isinstance(row, kind) else None


def _select_row(table: QTableView, row: int) -> None:
    model = table.model()
    if row < 0 or row >= model.rowCount():
        return
    table.selectionModel().setCurrentIndex(
        model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def _select_by_id(table: QTableView, row_id: int | None) -> None:
    """Select the row with this `id`, or the first row when it is not shown."""
    model = table.model()
    assert isinstance(model, ListTableModel)
    row = model.find_row(lambda r: r.id == row_id) if row_id else -1
    _select_row(table, row if row >= 0 else 0)


class ManagerWindow(QDialog):
    """A window of its own (not modal) with a heading, a line of explanation, and Close."""

    areas = Area.PEOPLE | Area.BODIES

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None,
        *,
        title: str,
        today: Callable[[], dt.date],
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self._today = today
        self.setWindowTitle(title)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.layout_ = QVBoxLayout(self)
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.summary)
        self.close_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_buttons.rejected.connect(self.close)
        ops.changed.connect(self.on_changes)

    def add_buttons(self, *buttons: QPushButton) -> None:
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.close_buttons)
        self.layout_.addLayout(row)

    def on_changes(self, changes: Changes) -> None:
        if changes.areas & self.areas and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError

    def bring_up(self) -> None:
        """Show the window, read afresh, in front."""
        self.refresh()
        if self.isVisible():
            self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
            self.raise_()
        else:
            self.show()
        self.activateWindow()


class BodyWindow(ManagerWindow):
    """A window about one body, titled by what it shows of it: "Members of SAB"."""

    shows = ""  # what of the body the window shows, e.g. "Members"

    def __init__(
        self,
        ops: Operations,
        body: BodyView,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(ops, parent, title=f"{self.shows} of {body.code}", today=today)
        self.body_id = body.id
        self.body = body
        self.add_contents()
        self.refresh()

    def add_contents(self) -> None:
        """The window's own widgets, below the heading; made once, before the first read."""
        raise NotImplementedError

    def show_body(self, body: BodyView) -> None:
        """Title the window afresh from the body as read: its code or name may have changed."""
        self.body = body
        self.setWindowTitle(f"{self.shows} of {body.code}")
        self.heading.setText(f"{self.shows} of the {body.name}")


# --- a body's members -----------------------------------------------------------------------


def _term(m: MembershipView) -> str:
    return short_date(m.end) if m.end else "—"


MEMBER_COLUMNS: tuple[Column[MembershipView], ...] = (
    Column("Name", lambda m: m.person, lambda m: people_services.surname_key(m.person), 24),
    Column(
        "Role", lambda m: sentence_case(m.role), lambda m: people_services.role_rank(m.role), 18
    ),
    Column("Votes", lambda m: "Yes" if m.votes else "No", lambda m: not m.votes, 6),
    Column("From", lambda m: short_date(m.start), lambda m: m.start, 15),
    Column("To", _term, lambda m: m.end or dt.date.max, 15),
    Column("Position", lambda m: m.position, lambda m: m.position.casefold(), 20, stretch=True),
)


class MembershipTableModel(ListTableModel[MembershipView]):
    """A body's terms of office; ended ones only when asked for, and greyed."""

    columns = MEMBER_COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = dt.date.today()
        self.show_ended = False

    def ended(self, membership: MembershipView) -> bool:
        return membership.end is not None and membership.end < self.today

    def matching(self, candidates: Sequence[int]) -> Sequence[int]:
        if self.show_ended:
            return candidates
        rows = self._rows
        return [n for n in candidates if not self.ended(rows[n])]

    def styled(self, row: MembershipView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and self.ended(row):
            return QApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == Qt.ItemDataRole.ToolTipRole and row.end is not None and self.ended(row):
            return f"{row.person}'s term as {row.role} ended on {short_date(row.end)}."
        return None


@dataclass(frozen=True)
class BodyMembers:
    body: BodyView
    memberships: list[MembershipView]
    terms: TermsView | None  # in force today

    def in_office(self, today: dt.date) -> list[MembershipView]:
        return [m for m in self.memberships if m.in_force(today)]


def read_body_members(session: Session, *, body_id: int, today: dt.date) -> BodyMembers:
    return BodyMembers(
        body=_body_by_id(session, body_id),
        memberships=people_services.all_memberships(session, body_id=body_id),
        terms=terms_services.terms_in_force(session, body_id=body_id, on=today),
    )


def quorum_today(members: BodyMembers, today: dt.date, *, name_version: bool = True) -> str:
    """The quorum of the terms in force, for the members in office today, in plain words."""
    in_office = members.in_office(today)
    if members.terms is None:
        return (
            f"{len(in_office)} in office today. No terms of reference yet: add them to set "
            "the quorum."
        )
    rule = quorum_words(members.terms, in_office)
    version = f" (terms, version {members.terms.version})" if name_version else ""
    return f"{len(in_office)} in office today. {rule}{version}."


class MembersDialog(BodyWindow):
    """A body's members: add one, change a role, end a term, correct a person's details."""

    shows = "Members"

    def add_contents(self) -> None:
        self._memberships: list[MembershipView] = []
        self.show_ended = QCheckBox("Show &ended terms")
        self.model = MembershipTableModel(self)
        self.table = make_table(self.model, name="Members", parent=self)
        # In the body's own order: chair first, then by role and surname.
        self.table.horizontalHeader().setSortIndicatorShown(False)
        self.add_button = QPushButton("&Add member…")
        self.change_role_button = QPushButton("Change &role…")
        self.end_button = QPushButton("End &term…")
        self.person_button = QPushButton("Edit &person…")
        self.layout_.addWidget(self.show_ended)
        self.layout_.addWidget(self.table, 1)
        self.add_buttons(
            self.add_button, self.change_role_button, self.end_button, self.person_button
        )
        self.add_button.clicked.connect(self.add_member)
        self.change_role_button.clicked.connect(self.change_role)
        self.end_button.clicked.connect(self.end_term)
        self.person_button.clicked.connect(self.edit_person)
        self.show_ended.toggled.connect(self._show_ended)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.table.activated.connect(lambda _index: self.edit_person())
        self.resize(900, 480)

    def refresh(self) -> None:
        today = self._today()
        read = self.ops.run_query(
            lambda s: read_body_members(s, body_id=self.body_id, today=today), parent=self
        )
        if read is None:
            return
        current = self.selected()
        self.show_body(read.body)
        self.summary.setText(quorum_today(read, today))
        self.model.today = today
        self._memberships = read.memberships
        self.model.set_rows(read.memberships)
        self.select_membership(current.id if current else None)
        self._update_buttons()

    def _show_ended(self, shown: bool) -> None:
        self.model.show_ended = shown
        self.model.refilter()
        self._update_buttons()

    def selected(self) -> MembershipView | None:
        return _selected(self.table, MembershipView)

    def select_membership(self, membership_id: int | None) -> None:
        _select_by_id(self.table, membership_id)

    def _update_buttons(self) -> None:
        membership = self.selected()
        current = membership is not None and not self.model.ended(membership)
        for button in (self.change_role_button, self.end_button):
            button.setEnabled(current)
        self.person_button.setEnabled(membership is not None)
        self.add_button.setEnabled(not self.body.retired)

    # Changes -----------------------------------------------------------------------------

    def add_member(self) -> MembershipView | None:
        people = self.ops.run_query(people_services.list_people, parent=self)
        if people is None:
            return None
        today = self._today()
        # Someone already on the body cannot start a second term alongside the first.
        on_body = {m.person_id for m in self._memberships if not self.model.ended(m)}
        choice = AddMemberDialog.ask(
            self,
            body=self.body,
            people=[p for p in people if p.id not in on_body],
            today=today,
        )
        if choice is None:
            return None
        code = self.body.code

        def add(session: Session) -> MembershipView:
            person_id = choice.person_id
            if choice.person is not None:
                person_id = people_services.add_person(session, **choice.person.fields()).id
            assert person_id is not None
            return people_services.add_membership(
                session,
                body=code,
                person_id=person_id,
                role=choice.role,
                start=choice.start,
                end=choice.end,
                votes=choice.votes,
            )

        added = self.ops.run_op(add, parent=self)
        if added is not None:
            self.select_membership(added.id)
        return added

    def change_role(self) -> MembershipView | None:
        membership = self.selected()
        if membership is None:
            return None
        change = ChangeRoleDialog.ask(self, membership=membership, today=self._today())
        if change is None:
            return None
        changed = self.ops.run_op(
            lambda s: people_services.change_role(
                s,
                membership_id=membership.id,
                role=change.role,
                on=change.on,
                votes=change.votes,
                expected_version=membership.version,
            ),
            parent=self,
        )
        if changed is not None:
            self.select_membership(changed.id)
        return changed

    def end_term(self) -> MembershipView | None:
        membership = self.selected()
        if membership is None:
            return None
        last_day = EndTermDialog.ask(self, membership=membership, today=self._today())
        if last_day is None:
            return None
        return self.ops.run_op(
            lambda s: people_services.end_membership(
                s, membership_id=membership.id, on=last_day, expected_version=membership.version
            ),
            parent=self,
        )

    def edit_person(self) -> PersonView | None:
        membership = self.selected()
        if membership is None:
            return None
        return edit_person(self.ops, self, membership.person_id)


def edit_person(ops: Operations, parent: QWidget, person_id: int) -> PersonView | None:
    """Ask for a person's corrected details and save them."""
    person = ops.run_query(
        lambda s: people_services.get_person(s, person_id=person_id), parent=parent
    )
    if person is None:
        return None
    details = PersonDetailsDialog.ask(
        parent, title=f"{person.display_name}", initial=PersonDetails.of(person)
    )
    if details is None or details == PersonDetails.of(person):
        return None
    return ops.run_op(
        lambda s: people_services.edit_person(
            s, person_id=person_id, expected_version=person.version, **details.fields()
        ),
        parent=parent,
        unsaved=Unsaved.of_fields(details.fields()),
    )


# --- everyone on record ---------------------------------------------------------------------

PEOPLE_COLUMNS: tuple[Column[PersonView], ...] = (
    Column(
        "Name",
        lambda p: p.display_name,
        lambda p: people_services.surname_key(p.name),
        24,
    ),
    Column("Position", lambda p: p.position, lambda p: p.position.casefold(), 24),
    Column("Organisation", lambda p: p.organisation, lambda p: p.organisation.casefold(), 24),
    Column("Email", lambda p: p.email, lambda p: p.email.casefold(), 24, stretch=True),
)


class PeopleTableModel(ListTableModel[PersonView]):
    """Everyone on record, narrowed by the words typed (each in any column)."""

    columns = PEOPLE_COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._haystacks: list[str] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self._haystacks = [
            " ".join((p.display_name, p.position, p.organisation, p.email)).casefold() for p in rows
        ]
        super().set_rows(rows)

    def set_filter(self, text: str) -> None:
        words = text.casefold().split()
        narrowing = all(any(new.find(old) >= 0 for new in words) for old in self._words)
        self._words = words
        self.refilter(narrowing=narrowing and bool(words))

    def matching(self, candidates: Sequence[int]) -> Sequence[int]:
        words, haystacks = self._words, self._haystacks
        return [n for n in candidates if all(w in haystacks[n] for w in words)]


def _membership_line(memberships: Sequence[MembershipView], today: dt.date) -> str:
    if not memberships:
        return "Not a member of any body."
    parts = []
    for m in memberships:
        when = (
            f"since {short_date(m.start)}"
            if m.end is None
            else f"{short_date(m.start)} to {short_date(m.end)}"
        )
        state = "" if m.in_force(today) or m.end is None else " (ended)"
        parts.append(f"{m.body}: {m.role}, {when}{state}")
    return "Memberships: " + "; ".join(parts) + "."


class PeopleDialog(ManagerWindow):
    """Everyone on record: find someone, add someone, correct someone's details."""

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(ops, parent, title="People", today=today)
        self.heading.setText("People on record")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Find by name, position, organisation or email")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Find people")
        self.model = PeopleTableModel(self)
        self.table = make_table(self.model, name="People", parent=self)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.memberships = QLabel()
        self.memberships.setWordWrap(True)
        self.memberships.setTextFormat(Qt.TextFormat.PlainText)
        self.add_button = QPushButton("&Add person…")
        self.edit_button = QPushButton("&Edit person…")
        self.import_button = QPushButton("&Import people…")
        self.import_button.setToolTip("Add people and their memberships from a CSV file")
        self.importer = PeopleImporter(ops, self)
        self.layout_.addWidget(self.filter)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(self.memberships)
        self.add_buttons(self.add_button, self.edit_button, self.import_button)
        self.filter.textChanged.connect(self._filter)
        self.add_button.clicked.connect(self.add_person)
        self.edit_button.clicked.connect(self.edit_person)
        self.import_button.clicked.connect(self.import_people)
        self.table.activated.connect(lambda _index: self.edit_person())
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        # Ctrl+F here finds people, as it finds records in the main window.
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.filter.setFocus)
        self.resize(960, 560)
        self.refresh()

    def refresh(self) -> None:
        people = self.ops.run_query(people_services.list_people, parent=self)
        if people is None:
            return
        current = self.selected()
        self.model.set_rows(people)
        self.summary.setText(f"{len(people)} people. Double-click someone to correct details.")
        self.select_person(current.id if current else None)

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)
        _select_row(self.table, 0)
        self._on_row_changed(self.table.currentIndex(), QModelIndex())

    def selected(self) -> PersonView | None:
        return _selected(self.table, PersonView)

    def select_person(self, person_id: int | None) -> None:
        _select_by_id(self.table, person_id)
        self._on_row_changed(self.table.currentIndex(), QModelIndex())

    def _on_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        person = self.selected()
        self.edit_button.setEnabled(person is not None)
        if person is None:
            self.memberships.setText("")
            return
        memberships = self.ops.run_query(
            lambda s: people_services.list_memberships(s, person_id=person.id), parent=self
        )
        self.memberships.setText(_membership_line(memberships or [], self._today()))

    def add_person(self) -> PersonView | None:
        details = PersonDetailsDialog.ask(
            self,
            title="New person",
            heading="Someone who sits on, attends or reports to a body. Add them to a body "
            "from its list of members.",
            initial=PersonDetails(self.filter.text().strip()),
        )
        if details is None:
            return None
        added = self.ops.run_op(
            lambda s: people_services.add_person(s, **details.fields()), parent=self
        )
        if added is not None:
            self.filter.clear()
            self.select_person(added.id)
        return added

    def edit_person(self) -> PersonView | None:
        person = self.selected()
        return edit_person(self.ops, self, person.id) if person is not None else None

    def import_people(self) -> bool:
        """Ask for a CSV file and import it off the GUI thread (see `importing.py`); the list
        refreshes when it is in. False if nothing was started."""
        if self.importer.busy:
            return False
        path = importing.choose_people_file(self)
        return path is not None and self.importer.start(path)


# --- terms of reference ---------------------------------------------------------------------


def rule_words(terms: TermsView) -> str:
    """A version's quorum rule, whatever the membership: "1/3 of voting members, at least 3"."""
    parts = []
    if terms.quorum_fraction is not None:
        num, den = terms.quorum_fraction
        parts.append(f"{num}/{den} of voting members")
    if terms.quorum_count is not None:
        parts.append(f"at least {terms.quorum_count}" if parts else f"{terms.quorum_count} members")
    if terms.chair_required:
        parts.append("chair or vice-chair present")
    return first_upper(", ".join(parts))


def _who_counts(terms: TermsView) -> str:
    return ", ".join(role.value for role in Role if role in terms.quorum_roles)


AUTHORITY_WORDS = {
    Authority.DECIDE: "Decides",
    Authority.RECOMMEND: "Recommends",
}

TERMS_COLUMNS: tuple[Column[TermsView], ...] = (
    Column("Version", lambda t: str(t.version), lambda t: t.version, 8),
    Column("In force from", lambda t: short_date(t.effective_from), lambda t: t.effective_from, 16),
    Column("Authority", lambda t: AUTHORITY_WORDS[t.authority], lambda t: t.authority.value, 11),
    Column("Quorum", rule_words, rule_words, 34, stretch=True),
    Column(
        "Who counts",
        _who_counts,
        lambda t: len(t.quorum_roles),
        30,
        tooltip=_who_counts,
    ),
    Column(
        "Review by",
        lambda t: short_date(t.review_date) if t.review_date else "—",
        lambda t: t.review_date or dt.date.max,
        15,
    ),
)


class TermsTableModel(ListTableModel[TermsView]):
    columns = TERMS_COLUMNS


@dataclass(frozen=True)
class BodyTerms:
    members: BodyMembers
    versions: list[TermsView]


def read_body_terms(session: Session, *, body_id: int, today: dt.date) -> BodyTerms:
    return BodyTerms(
        members=read_body_members(session, body_id=body_id, today=today),
        versions=terms_services.all_terms(session, body_id=body_id),
    )


class TermsDialog(BodyWindow):
    """A body's terms of reference, every version, and a new version with its quorum rule."""

    areas = Area.BODIES | Area.PEOPLE
    shows = "Terms of reference"

    def add_contents(self) -> None:
        self._read: BodyTerms | None = None
        self.model = TermsTableModel(self)
        self.table = make_table(self.model, name="Versions of the terms of reference", parent=self)
        self.table.horizontalHeader().setSortIndicatorShown(False)
        self.purpose = QLabel()
        self.purpose.setWordWrap(True)
        self.purpose.setTextFormat(Qt.TextFormat.PlainText)
        self.purpose.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.new_button = QPushButton("&New version…")
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(self.purpose)
        self.add_buttons(self.new_button)
        self.new_button.clicked.connect(self.new_version)
        self.table.selectionModel().currentRowChanged.connect(self._show_purpose)
        self.resize(960, 420)

    def refresh(self) -> None:
        today = self._today()
        read = self.ops.run_query(
            lambda s: read_body_terms(s, body_id=self.body_id, today=today), parent=self
        )
        if read is None:
            return
        self._read = read
        self.show_body(read.members.body)
        in_force = read.members.terms
        self.summary.setText(
            f"Version {in_force.version} in force since {short_date(in_force.effective_from)}. "
            + quorum_today(read.members, today, name_version=False)
            if in_force is not None
            else quorum_today(read.members, today)
        )
        self.model.set_rows(read.versions)
        _select_row(self.table, self.model.rowCount() - 1)
        self._show_purpose()
        self.new_button.setEnabled(not self.body.retired)

    def _show_purpose(self, *_args: object) -> None:
        terms = _selected(self.table, TermsView)
        if terms is not None:
            self.purpose.setText(f"Purpose (version {terms.version}): {terms.purpose or '—'}")
        else:
            self.purpose.setText("")

    def new_version(self) -> TermsView | None:
        read = self._read
        if read is None:
            return None
        today = self._today()
        details = TermsVersionDialog.ask(
            self,
            body=self.body,
            latest=read.versions[-1] if read.versions else None,
            members=read.members.in_office(today),
            today=today,
        )
        if details is None:
            return None
        code = self.body.code
        return self.ops.run_op(
            lambda s: terms_services.add_terms_of_reference(s, body=code, **details.fields()),
            parent=self,
        )
