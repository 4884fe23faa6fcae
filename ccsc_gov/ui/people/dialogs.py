"""The people-and-bodies questions: a person's details, a new member, a change of role, the end
of a term, a body's details, and a new version of terms of reference with its quorum rule in
plain words. Each has an `ask(...)` classmethod that shows it and returns plain values (None
when cancelled); tests replace `ask` instead of driving a modal loop."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QPalette, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ccsc_gov.core.governance.membership import VOTING_BY_DEFAULT
from ccsc_gov.core.governance.person_details import clean_email, email_problem
from ccsc_gov.core.governance.resolutions import MAJORITY, CarryingRule
from ccsc_gov.core.governance.rhythm import USUAL_RHYTHM, Rhythm
from ccsc_gov.core.governance.vocabulary import long_date
from ccsc_gov.core.services.attendance import counts_for_quorum
from ccsc_gov.core.services.bodies import CODE_PATTERN
from ccsc_gov.core.services.body_list import BodyView
from ccsc_gov.core.services.people import MembershipView, PersonView
from ccsc_gov.core.services.terms import TermsView
from ccsc_gov.core.store.models import Authority, BodyKind, Role
from ccsc_gov.ui.formats import sentence_case
from ccsc_gov.ui.forms import (
    ChoiceBox,
    FormDialog,
    OptionalDate,
    PickOneList,
    date_edit,
    multiline,
    narrowing_filter,
    pydate,
    qdate,
)
from ccsc_gov.ui.people.details import (
    BodyDetails,
    NewMembership,
    PersonDetails,
    RoleChange,
    TermsDetails,
)

TITLES = ("Prof.", "Dr", "Mr", "Mrs", "Ms", "Mx", "Sir", "Dame")
ROLE_CHOICES = [(sentence_case(role), role) for role in Role]
KIND_CHOICES = [(sentence_case(kind), kind) for kind in BodyKind]
AUTHORITY_CHOICES = [
    ("Decides", Authority.DECIDE),
    ("Recommends to the body it reports to", Authority.RECOMMEND),
]


def first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def years_later(day: dt.date, years: int) -> dt.date:
    """The same day some years on; 29 February becomes 28 February in other years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# --- people ---------------------------------------------------------------------------------


class PersonDetailsDialog(FormDialog[PersonDetails]):
    """A person's title, name, position, organisation and email address."""

    def __init__(self, parent: QWidget | None, title: str, heading: str, initial: PersonDetails):
        super().__init__(parent, title, heading, ok_text="&Save")
        self.title = QLineEdit(initial.title)
        self.title.setCompleter(QCompleter(list(TITLES), self.title))
        self.title.setPlaceholderText("Prof., Dr, Ms…")
        self.name = QLineEdit(initial.name)
        self.name.setPlaceholderText("Given name and surname")
        self.position = QLineEdit(initial.position)
        self.position.setPlaceholderText("Job title, e.g. Centre Director")
        self.organisation = QLineEdit(initial.organisation)
        self.email = QLineEdit(initial.email)
        self.email.setPlaceholderText("name@example.ac.uk")
        self.form.addRow("&Title:", self.title)
        self.form.addRow("&Name:", self.name)
        self.form.addRow("&Position:", self.position)
        self.form.addRow("&Organisation:", self.organisation)
        self.form.addRow("&Email:", self.email)
        for edit in (self.name, self.email):
            edit.textChanged.connect(self.update_ok)

    def problems(self) -> str:
        if not self.name.text().strip():
            return "A person needs a name."
        return email_problem(clean_email(self.email.text())) or ""

    def value(self) -> PersonDetails:
        return PersonDetails(
            name=self.name.text().strip(),
            title=self.title.text().strip(),
            position=self.position.text().strip(),
            organisation=self.organisation.text().strip(),
            email=self.email.text().strip(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        title: str,
        heading: str = "",
        initial: PersonDetails | None = None,
    ) -> PersonDetails | None:
        return cls(parent, title, heading, initial or PersonDetails("")).answer()


# --- memberships ----------------------------------------------------------------------------


class VotesBox(QCheckBox):
    """Whether a member votes: follows the role chosen until the clerk decides otherwise."""

    def __init__(self, role: Role) -> None:
        super().__init__("&Votes (counts towards the quorum when the terms say so)")
        self.setChecked(role in VOTING_BY_DEFAULT)
        self._chosen = False
        self.clicked.connect(self._on_clicked)

    def _on_clicked(self) -> None:
        self._chosen = True

    def follow(self, role: Role) -> None:
        if not self._chosen:
            self.setChecked(role in VOTING_BY_DEFAULT)


class AddMemberDialog(FormDialog[NewMembership]):
    """Someone on record, or someone new, joins a body in a role from a day."""

    def __init__(
        self,
        parent: QWidget | None,
        body: BodyView,
        people: Sequence[PersonView],
        today: dt.date,
    ) -> None:
        super().__init__(
            parent,
            f"Add a member to {body.code}",
            f"A new term of office on the {body.name}.",
            ok_text="&Add member",
        )
        self._new_person: PersonDetails | None = None
        self.filter = narrowing_filter()
        self.people = PickOneList("People on record")
        for person in people:
            label = person.display_name + (f", {person.position}" if person.position else "")
            self.people.add_choice(label, person.id)
        self.new_person_button = QPushButton("&New person…")
        self.new_person_button.clicked.connect(self._add_new_person)
        picker = QWidget()
        picker_layout = QVBoxLayout(picker)
        picker_layout.setContentsMargins(0, 0, 0, 0)
        picker_layout.addWidget(self.filter)
        picker_layout.addWidget(self.people)
        picker_layout.addWidget(self.new_person_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.role = ChoiceBox(ROLE_CHOICES, Role.MEMBER)
        self.votes = VotesBox(Role.MEMBER)
        self.start = date_edit(today, name="Term starts")
        self.end = OptionalDate("Term &ends on", None, years_later(today, 3))
        self.form.addRow("&Find:", picker)
        self.form.addRow("&Role:", self.role)
        self.form.addRow("", self.votes)
        self.form.addRow("&Starts on:", self.start)
        self.form.addRow("", self.end)
        self.filter.textChanged.connect(self.people.narrow)
        self.filter.textChanged.connect(self.update_ok)
        self.people.currentRowChanged.connect(self.update_ok)
        self.role.currentIndexChanged.connect(lambda _n: self.votes.follow(self.role.value()))
        for edit in (self.start, self.end.edit):
            edit.dateChanged.connect(self.update_ok)
        self.end.check.toggled.connect(self.update_ok)

    def _add_new_person(self) -> None:
        typed = self.filter.text().strip()
        details = PersonDetailsDialog.ask(
            self,
            title="New person",
            heading="They are added to the people on record when the membership is saved.",
            initial=PersonDetails(typed),
        )
        if details is None:
            return
        self._new_person = details
        self.people.add_choice(f"{details.display_name} (new)", None, row=0)
        self.filter.clear()
        self.people.setCurrentRow(0)
        self.role.setFocus()

    def problems(self) -> str:
        if self.people.chosen() is None:
            return "Choose someone on record, or add a new person."
        end = self.end.value()
        if end is not None and end < pydate(self.start.date()):
            return "A term of office cannot end before it starts."
        return ""

    def value(self) -> NewMembership:
        item = self.people.chosen()
        assert item is not None
        person_id = item.data(Qt.ItemDataRole.UserRole)
        return NewMembership(
            role=self.role.value(),
            votes=self.votes.isChecked(),
            start=pydate(self.start.date()),
            end=self.end.value(),
            person_id=int(person_id) if person_id is not None else None,
            person=self._new_person if person_id is None else None,
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        body: BodyView,
        people: Sequence[PersonView],
        today: dt.date,
    ) -> NewMembership | None:
        return cls(parent, body, people, today).answer()


class ChangeRoleDialog(FormDialog[RoleChange]):
    """A member takes a new role from a day; the old term ends the day before."""

    def __init__(self, parent: QWidget | None, membership: MembershipView, today: dt.date):
        super().__init__(
            parent,
            "Change role",
            f"{membership.person} has been {membership.role} of {membership.body} since "
            f"{long_date(membership.start)}. From the day chosen a new term starts in the new "
            "role and the old one ends the day before, so earlier minutes keep the old role.",
            ok_text="&Change role",
        )
        roles = [(text, role) for text, role in ROLE_CHOICES if role is not membership.role]
        first = Role.VICE_CHAIR if membership.role is not Role.VICE_CHAIR else Role.CHAIR
        self.role = ChoiceBox(roles, first)
        self.votes = VotesBox(self.role.value())
        earliest = membership.start + dt.timedelta(days=1)
        self.on = date_edit(max(today, earliest), name="New role from")
        self.on.setMinimumDate(qdate(earliest))
        if membership.end is not None:
            self.on.setMaximumDate(qdate(membership.end))
        self.form.addRow("&New role:", self.role)
        self.form.addRow("", self.votes)
        self.form.addRow("&From:", self.on)
        self.role.currentIndexChanged.connect(lambda _n: self.votes.follow(self.role.value()))

    def value(self) -> RoleChange:
        return RoleChange(self.role.value(), self.votes.isChecked(), pydate(self.on.date()))

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, membership: MembershipView, today: dt.date
    ) -> RoleChange | None:
        return cls(parent, membership, today).answer()


class EndTermDialog(FormDialog[dt.date]):
    """The last day of a term of office."""

    def __init__(self, parent: QWidget | None, membership: MembershipView, today: dt.date):
        super().__init__(
            parent,
            "End term of office",
            f"{membership.person}'s term as {membership.role} of {membership.body} ends on the "
            "day chosen. It stays in the history, and in the minutes of meetings before then.",
            ok_text="&End term",
        )
        self.last_day = date_edit(max(today, membership.start), name="Last day")
        self.last_day.setMinimumDate(qdate(membership.start))
        self.form.addRow("&Last day:", self.last_day)

    def value(self) -> dt.date:
        return pydate(self.last_day.date())

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, membership: MembershipView, today: dt.date
    ) -> dt.date | None:
        return cls(parent, membership, today).answer()


# --- bodies ---------------------------------------------------------------------------------


def _below(bodies: Sequence[BodyView], code: str) -> set[str]:
    """The code of a body and of every body reporting to it, directly or through others."""
    found = {code}
    grew = True
    while grew:
        more = {b.code for b in bodies if b.parent in found} - found
        found |= more
        grew = bool(more)
    return found


class BodyDialog(FormDialog[BodyDetails]):
    """A body's code, name, kind, reporting line and chairing."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        heading: str,
        initial: BodyDetails,
        bodies: Sequence[BodyView],
        editing: str | None,
    ) -> None:
        super().__init__(parent, title, heading, ok_text="&Save")
        self.code = QLineEdit(initial.code)
        self.code.setValidator(
            QRegularExpressionValidator(QRegularExpression("[A-Za-z][A-Za-z0-9]{0,15}"), self.code)
        )
        self.code.setPlaceholderText("e.g. SAB")
        self.code.setToolTip("Printed in every reference: SAB/2027/01, SAB/2027/01/D3")
        self.code.textEdited.connect(self._upper_case)
        self.name = QLineEdit(initial.name)
        self.name.setPlaceholderText("e.g. Scientific Advisory Board")
        self.kind = ChoiceBox(KIND_CHOICES, initial.kind)
        excluded = _below(bodies, editing) if editing else set()
        parents = [("No other body: the funder and the partners", None)] + [
            (f"{b.name} ({b.code})", b.code)
            for b in bodies
            if not b.retired and b.code not in excluded
        ]
        self.parent_body: ChoiceBox[str | None] = ChoiceBox(parents, initial.parent)
        self.independent_chair = QCheckBox("&Independently chaired")
        self.independent_chair.setChecked(initial.independent_chair)
        self.form.addRow("&Code:", self.code)
        self.form.addRow("&Name:", self.name)
        self.form.addRow("&Kind:", self.kind)
        self.form.addRow("&Reports to:", self.parent_body)
        self.form.addRow("", self.independent_chair)
        self.code.textChanged.connect(self.update_ok)
        self.name.textChanged.connect(self.update_ok)
        self.kind.currentIndexChanged.connect(self.update_ok)
        self.parent_body.currentIndexChanged.connect(self.update_ok)

    def _upper_case(self, text: str) -> None:
        if text != text.upper():
            position = self.code.cursorPosition()
            self.code.setText(text.upper())
            self.code.setCursorPosition(position)

    def problems(self) -> str:
        if not CODE_PATTERN.fullmatch(self.code.text().strip().upper()):
            return "A body needs a code of 1 to 16 letters and digits, starting with a letter."
        if not self.name.text().strip():
            return "A body needs a name."
        if self.kind.value() is BodyKind.SUBCOMMITTEE and self.parent_body.value() is None:
            return "A subcommittee must report to a parent body."
        return ""

    def value(self) -> BodyDetails:
        return BodyDetails(
            code=self.code.text().strip().upper(),
            name=" ".join(self.name.text().split()),
            kind=self.kind.value(),
            parent=self.parent_body.value(),
            independent_chair=self.independent_chair.isChecked(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        title: str,
        heading: str,
        initial: BodyDetails,
        bodies: Sequence[BodyView],
        editing: str | None = None,
    ) -> BodyDetails | None:
        """`editing` is the code of the body being edited: it cannot report to itself, or to
        a body below it."""
        return cls(parent, title, heading, initial, bodies, editing).answer()


# --- terms of reference ---------------------------------------------------------------------

# What a clerk chooses from to carry a written resolution: unanimity, a majority of all, or
# more than two-thirds of all.
CARRYING_FRACTIONS: tuple[tuple[int, int] | None, ...] = (None, MAJORITY, (2, 3))


def default_terms(latest: TermsView | None, today: dt.date) -> TermsDetails:
    """A new version starts as a copy of the one before (or a common rule), from today."""
    if latest is None:
        return TermsDetails(
            effective_from=today,
            authority=Authority.DECIDE,
            quorum_roles=frozenset(VOTING_BY_DEFAULT),
            quorum_count=None,
            quorum_fraction=(1, 3),
            chair_required=True,
            review_date=years_later(today, 1),
            rhythm=USUAL_RHYTHM,
        )
    start = max(today, latest.effective_from)
    return TermsDetails(
        effective_from=start,
        authority=latest.authority,
        quorum_roles=latest.quorum_roles,
        quorum_count=latest.quorum_count,
        quorum_fraction=latest.quorum_fraction,
        chair_required=latest.chair_required,
        purpose=latest.purpose,
        review_date=years_later(start, 1),
        confidential_roles=latest.confidential_roles,
        rhythm=latest.rhythm,
        written_resolutions=latest.written_resolutions,
        resolution_fraction=latest.resolution_rule.fraction,
        chairs_action=latest.chairs_action,
    )


# The working rhythm's fields, as the dialog asks for them: (field, label, unit).
RHYTHM_FIELDS = (
    ("papers_due_days", "Papers &due", "days before the meeting"),
    ("circulate_days", "Agenda and pack &out", "days before the meeting"),
    ("draft_minutes_days", "Draft minutes to the c&hair", "working days after"),
    ("remind_before_days", "First action &reminder", "days before an action is due"),
    ("remind_every_days", "Then remind &every", "days while overdue"),
)
NOT_SET = -1  # a rhythm spin box at its minimum: the terms set no such deadline


def quorum_words(terms: TermsView, members: Sequence[MembershipView]) -> str:
    """The quorum the terms set for these members, in plain words: "Quorate with 4 of 9…"."""
    counting = sum(1 for m in members if counts_for_quorum(m, terms))
    return first_upper(terms.quorum.describe(counting))


class QuorumPreview(QLabel):
    """The quorum rule in plain words, for the members in office today."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName("Quorum in plain words")
        font = self.font()
        font.setBold(True)
        self.setFont(font)

    def show_rule(self, terms: TermsView | None, members: Sequence[MembershipView]) -> None:
        if terms is None:
            self.setText("—")
            return
        self.setText(quorum_words(terms, members) + ".")


class TermsVersionDialog(FormDialog[TermsDetails]):
    """A new version of a body's terms of reference, with a live preview of its quorum."""

    def __init__(
        self,
        parent: QWidget | None,
        body: BodyView,
        latest: TermsView | None,
        members: Sequence[MembershipView],
        today: dt.date,
    ) -> None:
        version = latest.version + 1 if latest else 1
        super().__init__(
            parent,
            f"Terms of reference of {body.code}, version {version}",
            f"A new version of the {body.name}'s terms of reference. Earlier versions stay as "
            "they were, for the meetings held under them.",
            ok_text="&Save version",
        )
        self._body = body
        self._latest = latest
        self._members = list(members)
        self._version = version
        initial = default_terms(latest, today)

        self.effective_from = date_edit(initial.effective_from, name="In force from")
        self.authority = ChoiceBox(AUTHORITY_CHOICES, initial.authority)
        self.purpose = multiline(initial.purpose, name="Purpose", lines=3)
        self.review = OptionalDate("&Review by", initial.review_date, today)
        self.form.addRow("In &force from:", self.effective_from)
        self.form.addRow("&Authority:", self.authority)
        self.form.addRow("&Purpose:", self.purpose)
        self.form.addRow("", self.review)
        self.body.insertWidget(self.body.indexOf(self.problem), self._quorum_box(initial))
        self.body.insertWidget(self.body.indexOf(self.problem), self._circulation_box(initial))
        self.body.insertWidget(self.body.indexOf(self.problem), self._between_box(initial))

        self.effective_from.dateChanged.connect(self._changed)
        self.review.check.toggled.connect(self._changed)
        self.review.edit.dateChanged.connect(self._changed)
        self._changed()

    def _quorum_box(self, initial: TermsDetails) -> QGroupBox:
        box = QGroupBox("Quorum")
        grid = QGridLayout(box)
        self.use_count = QCheckBox("At &least")
        self.use_count.setChecked(initial.quorum_count is not None)
        self.count = QSpinBox()
        self.count.setRange(1, 99)
        self.count.setValue(initial.quorum_count or 3)
        self.count.setSuffix(" members")
        self.count.setAccessibleName("Quorum: number of members")
        self.use_fraction = QCheckBox("At least a f&raction")
        self.use_fraction.setChecked(initial.quorum_fraction is not None)
        num, den = initial.quorum_fraction or (1, 3)
        self.numerator = QSpinBox()
        self.numerator.setRange(1, 99)
        self.numerator.setValue(num)
        self.numerator.setAccessibleName("Quorum fraction: numerator")
        self.denominator = QSpinBox()
        self.denominator.setRange(1, 99)
        self.denominator.setValue(den)
        self.denominator.setPrefix("/ ")
        self.denominator.setSuffix(" of the voting members")
        self.denominator.setAccessibleName("Quorum fraction: denominator")
        grid.addWidget(self.use_count, 0, 0)
        grid.addWidget(self.count, 0, 1)
        grid.addWidget(self.use_fraction, 1, 0)
        fraction = QHBoxLayout()
        fraction.addWidget(self.numerator)
        fraction.addWidget(self.denominator, 1)
        grid.addLayout(fraction, 1, 1)
        both = QLabel("When both are set, the larger number applies.")
        both.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        grid.addWidget(both, 2, 0, 1, 2)

        grid.addWidget(QLabel("Who counts:"), 3, 0, Qt.AlignmentFlag.AlignTop)
        roles = QGridLayout()
        self.roles: dict[Role, QCheckBox] = {}
        for number, role in enumerate(Role):
            check = QCheckBox(sentence_case(role))
            check.setChecked(role in initial.quorum_roles)
            check.toggled.connect(self._changed)
            roles.addWidget(check, number // 2, number % 2)
            self.roles[role] = check
        grid.addLayout(roles, 3, 1)
        self.chair_required = QCheckBox("The c&hair or vice-chair must be present")
        self.chair_required.setChecked(initial.chair_required)
        grid.addWidget(self.chair_required, 4, 0, 1, 2)

        self.counting_note = QLabel()
        self.counting_note.setWordWrap(True)
        self.preview = QuorumPreview()
        grid.addWidget(self.counting_note, 5, 0, 1, 2)
        grid.addWidget(self.preview, 6, 0, 1, 2)
        grid.setColumnStretch(1, 1)

        for check in (self.use_count, self.use_fraction, self.chair_required):
            check.toggled.connect(self._changed)
        for spin in (self.count, self.numerator, self.denominator):
            spin.valueChanged.connect(self._changed)
        return box

    def _circulation_box(self, initial: TermsDetails) -> QGroupBox:
        box = QGroupBox("Circulation and working rhythm")
        grid = QGridLayout(box)
        grid.addWidget(QLabel("Confidential business goes to:"), 0, 0, Qt.AlignmentFlag.AlignTop)
        roles = QGridLayout()
        self.confidential_roles: dict[Role, QCheckBox] = {}
        for number, role in enumerate(Role):
            check = QCheckBox(sentence_case(role))
            check.setChecked(role in initial.confidential_roles)
            roles.addWidget(check, number // 2, number % 2)
            self.confidential_roles[role] = check
        grid.addLayout(roles, 0, 1)
        self.rhythm: dict[str, QSpinBox] = {}
        for row, (name, label, unit) in enumerate(RHYTHM_FIELDS, start=1):
            spin = QSpinBox()
            spin.setRange(NOT_SET, 365)
            spin.setSpecialValueText("not set")
            spin.setSuffix(f" {unit}")
            value = getattr(initial.rhythm, name)
            spin.setValue(NOT_SET if value is None else value)
            spin.setAccessibleName(label.replace("&", ""))
            caption = QLabel(f"{label}:")
            caption.setBuddy(spin)
            grid.addWidget(caption, row, 0)
            grid.addWidget(spin, row, 1)
            self.rhythm[name] = spin
        grid.setColumnStretch(1, 1)
        return box

    def _rhythm(self) -> Rhythm:
        values = {name: spin.value() for name, spin in self.rhythm.items()}
        return Rhythm(**{k: None if v == NOT_SET else v for k, v in values.items()})

    def _between_box(self, initial: TermsDetails) -> QGroupBox:
        box = QGroupBox("Decisions between meetings")
        layout = QVBoxLayout(box)
        self.written_resolutions = QCheckBox("&Written resolutions allowed, carried by:")
        self.written_resolutions.setChecked(initial.written_resolutions)
        rules = [(CarryingRule(f).words().capitalize(), f) for f in CARRYING_FRACTIONS]
        if initial.resolution_fraction not in CARRYING_FRACTIONS:
            words = CarryingRule(initial.resolution_fraction).words().capitalize()
            rules.append((words, initial.resolution_fraction))
        self.resolution_rule: ChoiceBox[tuple[int, int] | None] = ChoiceBox(
            rules, initial.resolution_fraction
        )
        self.resolution_rule.setAccessibleName("What carries a written resolution")
        self.chairs_action = QCheckBox("Chair's a&ction allowed (the chair or vice-chair)")
        self.chairs_action.setChecked(initial.chairs_action)
        layout.addWidget(self.written_resolutions)
        layout.addWidget(self.resolution_rule)
        layout.addWidget(self.chairs_action)
        self.written_resolutions.toggled.connect(self.resolution_rule.setEnabled)
        self.resolution_rule.setEnabled(initial.written_resolutions)
        return box

    def _changed(self) -> None:
        self.count.setEnabled(self.use_count.isChecked())
        self.numerator.setEnabled(self.use_fraction.isChecked())
        self.denominator.setEnabled(self.use_fraction.isChecked())
        self.update_ok()
        draft = self.draft()
        in_office = sum(1 for m in self._members if m.votes)
        self.counting_note.setText(
            f"With the members in office today ({in_office} voting):"
            if self._members
            else "The body has no members in office today:"
        )
        rule_is_whole = not self._rule_problem()
        self.preview.show_rule(
            draft.as_terms(self._body.id, self._body.code, self._version)
            if rule_is_whole
            else None,
            self._members,
        )

    def draft(self) -> TermsDetails:
        return TermsDetails(
            effective_from=pydate(self.effective_from.date()),
            authority=self.authority.value(),
            quorum_roles=frozenset(role for role, check in self.roles.items() if check.isChecked()),
            quorum_count=self.count.value() if self.use_count.isChecked() else None,
            quorum_fraction=(
                (self.numerator.value(), self.denominator.value())
                if self.use_fraction.isChecked()
                else None
            ),
            chair_required=self.chair_required.isChecked(),
            purpose=self.purpose.toPlainText().strip(),
            review_date=self.review.value(),
            confidential_roles=frozenset(
                role for role, check in self.confidential_roles.items() if check.isChecked()
            ),
            rhythm=self._rhythm(),
            written_resolutions=self.written_resolutions.isChecked(),
            resolution_fraction=self.resolution_rule.value(),
            chairs_action=self.chairs_action.isChecked(),
        )

    def _date_problem(self) -> str:
        start = pydate(self.effective_from.date())
        if self._latest is not None and start < self._latest.effective_from:
            return (
                f"Version {self._latest.version} took effect on "
                f"{long_date(self._latest.effective_from)}; a new version must take effect on or "
                "after that day."
            )
        review = self.review.value()
        if review is not None and review <= start:
            return "The review date must come after the day the terms take effect."
        return ""

    def problems(self) -> str:
        return self._rule_problem() or self._date_problem()

    def _rule_problem(self) -> str:
        if not (self.use_count.isChecked() or self.use_fraction.isChecked()):
            return "Set a number of members, a fraction of the voting members, or both."
        if self.use_fraction.isChecked() and self.numerator.value() > self.denominator.value():
            return "The fraction cannot be more than the whole (for example 1/3 or 1/2)."
        if not any(check.isChecked() for check in self.roles.values()):
            return "Say which membership types count towards the quorum."
        return ""

    def value(self) -> TermsDetails:
        return self.draft()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        body: BodyView,
        latest: TermsView | None,
        members: Sequence[MembershipView],
        today: dt.date,
    ) -> TermsDetails | None:
        """`members` are those in office today, for the preview of the quorum."""
        return cls(parent, body, latest, members, today).answer()
