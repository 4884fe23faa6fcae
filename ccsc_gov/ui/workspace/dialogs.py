"""The workspace's dialogs. Each has an `ask(...)` classmethod that shows it and returns plain
values (or None when cancelled); tests replace `ask` instead of driving a modal loop."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ccsc_gov.core.services.approval import Finding
from ccsc_gov.core.store.models import (
    Confidentiality,
    DecisionOutcome,
    DeclarationAction,
    Purpose,
)
from ccsc_gov.ui.formats import sentence_case
from ccsc_gov.ui.forms import (
    ChoiceBox,
    FormDialog,
    OptionalDate,
    PickOneList,
    date_edit,
    hide_unmatched,
    multiline,
    narrowing_filter,
    pydate,
)
from ccsc_gov.ui.workspace.details import (
    ActionDetails,
    DecisionDetails,
    DeclarationDetails,
    ItemDetails,
    MeetingDetails,
    PersonChoice,
)

# --- meetings -------------------------------------------------------------------------------


class MeetingDialog(FormDialog[MeetingDetails]):
    """When and where a meeting takes place."""

    def __init__(self, parent: QWidget | None, title: str, heading: str, initial: MeetingDetails):
        super().__init__(parent, title, heading, ok_text="&Save")
        self.day = date_edit(initial.start.date())
        self.starts = QTimeEdit(QTime(initial.start.hour, initial.start.minute))
        self.starts.setDisplayFormat("HH:mm")
        self.ends = QTimeEdit(QTime(initial.end.hour, initial.end.minute))
        self.ends.setDisplayFormat("HH:mm")
        self.location = QLineEdit(initial.location)
        self.location.setPlaceholderText("Room, building")
        self.video_link = QLineEdit(initial.video_link)
        self.video_link.setPlaceholderText("https://…")
        self.form.addRow("&Date:", self.day)
        self.form.addRow("&Starts at:", self.starts)
        self.form.addRow("&Ends at:", self.ends)
        self.form.addRow("&Location:", self.location)
        self.form.addRow("&Video link:", self.video_link)
        for edit in (self.starts, self.ends):
            edit.timeChanged.connect(self.update_ok)

    def problems(self) -> str:
        if self.ends.time() <= self.starts.time():
            return "The meeting must end after it starts."
        return ""

    def value(self) -> MeetingDetails:
        day = pydate(self.day.date())
        start, end = self.starts.time(), self.ends.time()
        return MeetingDetails(
            start=dt.datetime.combine(day, dt.time(start.hour(), start.minute())),
            end=dt.datetime.combine(day, dt.time(end.hour(), end.minute())),
            location=self.location.text(),
            video_link=self.video_link.text(),
        )

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, title: str, heading: str, initial: MeetingDetails
    ) -> MeetingDetails | None:
        return cls(parent, title, heading, initial).answer()


# --- agenda items ---------------------------------------------------------------------------


class ItemDialog(FormDialog[ItemDetails]):
    """An agenda item's details, with the confidentiality fields when it is not open."""

    def __init__(
        self, parent: QWidget | None, heading: str, initial: ItemDetails, today: dt.date
    ) -> None:
        super().__init__(parent, "Agenda item", heading, ok_text="&Save")
        self.title = QLineEdit(initial.title)
        self.purpose = ChoiceBox([(sentence_case(p), p) for p in Purpose], initial.purpose)
        self.presenter = QLineEdit(initial.presenter)
        self.duration = QSpinBox()
        self.duration.setRange(0, 600)
        self.duration.setSingleStep(5)
        self.duration.setSuffix(" min")
        self.duration.setSpecialValueText("No time set")
        self.duration.setValue(initial.duration or 0)
        self.papers = QLineEdit(initial.papers)
        self.papers.setPlaceholderText("e.g. EMC/26/14, EMC/26/15")
        self.confidentiality = ChoiceBox(
            [(sentence_case(c), c) for c in Confidentiality], initial.confidentiality
        )
        self.public_title = QLineEdit(initial.public_title)
        self.public_title.setPlaceholderText("What public documents show instead of the title")
        self.reason = QLineEdit(initial.confidentiality_reason)
        self.reason.setPlaceholderText("e.g. commercially sensitive; personal information")
        self.review = OptionalDate(
            "Re&view on", initial.confidentiality_review, today + dt.timedelta(days=365)
        )
        self.form.addRow("&Title:", self.title)
        self.form.addRow("&Purpose:", self.purpose)
        self.form.addRow("P&resenter:", self.presenter)
        self.form.addRow("Ti&me:", self.duration)
        self.form.addRow("Pape&rs:", self.papers)
        self.form.addRow("&Confidentiality:", self.confidentiality)
        self.form.addRow("P&ublic title:", self.public_title)
        self.form.addRow("&Why:", self.reason)
        self.form.addRow("", self.review)
        self.title.textChanged.connect(self.update_ok)
        self.confidentiality.currentIndexChanged.connect(self._confidentiality_changed)
        self._confidentiality_changed()

    def _confidentiality_changed(self) -> None:
        closed = self.confidentiality.value() is not Confidentiality.OPEN
        for widget in (self.public_title, self.reason, self.review):
            widget.setEnabled(closed)
        self.update_ok()

    def problems(self) -> str:
        if not self.title.text().strip():
            return "An agenda item needs a title."
        return ""

    def value(self) -> ItemDetails:
        confidentiality: Confidentiality = self.confidentiality.value()
        closed = confidentiality is not Confidentiality.OPEN
        return ItemDetails(
            title=self.title.text().strip(),
            public_title=self.public_title.text().strip() if closed else "",
            purpose=self.purpose.value(),
            presenter=self.presenter.text().strip(),
            duration=self.duration.value() or None,
            papers=self.papers.text().strip(),
            confidentiality=confidentiality,
            confidentiality_reason=self.reason.text().strip() if closed else "",
            confidentiality_review=self.review.value() if closed else None,
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        heading: str,
        initial: ItemDetails | None = None,
        today: dt.date | None = None,
    ) -> ItemDetails | None:
        return cls(parent, heading, initial or ItemDetails(""), today or dt.date.today()).answer()


# --- decisions, actions, declarations ------------------------------------------------------


class DecisionDialog(FormDialog[DecisionDetails]):
    def __init__(
        self,
        parent: QWidget | None,
        heading: str,
        initial: DecisionDetails,
        outcomes: Sequence[DecisionOutcome],
        today: dt.date,
    ) -> None:
        super().__init__(parent, "Decision", heading, ok_text="&Record")
        self.text = multiline(initial.text, name="Resolution")
        self.text.setPlaceholderText("The resolution, e.g. “The Committee approved…”")
        self.outcome = ChoiceBox([(sentence_case(o), o) for o in outcomes], initial.outcome)
        self.review = OptionalDate(
            "Re&view on", initial.review_date, today + dt.timedelta(days=365)
        )
        self.form.addRow("&Resolution:", self.text)
        self.form.addRow("&Outcome:", self.outcome)
        self.form.addRow("", self.review)
        self.text.textChanged.connect(self.update_ok)

    def problems(self) -> str:
        if not self.text.toPlainText().strip():
            return "A decision needs the text of the resolution."
        return ""

    def value(self) -> DecisionDetails:
        return DecisionDetails(
            text=self.text.toPlainText().strip(),
            outcome=self.outcome.value(),
            review_date=self.review.value(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        heading: str,
        initial: DecisionDetails | None = None,
        outcomes: Sequence[DecisionOutcome] = tuple(DecisionOutcome),
        today: dt.date | None = None,
    ) -> DecisionDetails | None:
        start = initial or DecisionDetails("", DecisionOutcome.APPROVED)
        return cls(parent, heading, start, outcomes, today or dt.date.today()).answer()


class PeopleList(QWidget):
    """People to tick (several may be chosen), with a box to narrow the list as one types."""

    def __init__(self, people: Sequence[PersonChoice], chosen: Sequence[int], name: str) -> None:
        super().__init__()
        self.filter = narrowing_filter()
        self.filter.setAccessibleName(f"Filter {name.lower()}")
        self.list = QListWidget()
        self.list.setAccessibleName(name)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for person in people:
            item = QListWidgetItem(person.label)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if person.id in chosen else Qt.CheckState.Unchecked
            )
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.list.setMinimumHeight(self.list.sizeHintForRow(0) * 6 + 8)
        self.filter.textChanged.connect(self._narrow)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.setFocusProxy(self.filter)

    def _narrow(self, text: str) -> None:
        first_shown = hide_unmatched(self.list, text)
        if first_shown is not None:
            self.list.setCurrentRow(first_shown)

    def chosen(self) -> tuple[int, ...]:
        return tuple(
            self.list.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        )


class ActionDialog(FormDialog[ActionDetails]):
    def __init__(
        self,
        parent: QWidget | None,
        heading: str,
        people: Sequence[PersonChoice],
        initial: ActionDetails,
        default_due: dt.date,
    ) -> None:
        super().__init__(parent, "Action", heading, ok_text="&Record")
        self.description = multiline(initial.description, name="What is to be done")
        self.description.setPlaceholderText("What is to be done, by whom, e.g. “Circulate…”")
        self.owners = PeopleList(people, initial.owner_ids, "Owners")
        self.due = OptionalDate("D&ue by", initial.due, default_due)
        if initial.due is None and not initial.description:
            self.due.set_value(default_due)
        self.form.addRow("&Action:", self.description)
        self.form.addRow("O&wners:", self.owners)
        self.form.addRow("", self.due)
        self.description.textChanged.connect(self.update_ok)

    def problems(self) -> str:
        if not self.description.toPlainText().strip():
            return "An action needs a description of what is to be done."
        return ""

    def value(self) -> ActionDetails:
        return ActionDetails(
            description=self.description.toPlainText().strip(),
            owner_ids=self.owners.chosen(),
            due=self.due.value(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        heading: str,
        people: Sequence[PersonChoice],
        initial: ActionDetails | None = None,
        default_due: dt.date | None = None,
    ) -> ActionDetails | None:
        due = default_due or dt.date.today() + dt.timedelta(days=28)
        return cls(parent, heading, people, initial or ActionDetails(""), due).answer()


DECLARATION_ACTIONS: tuple[tuple[str, DeclarationAction | None], ...] = (
    ("Not recorded yet", None),
    *((sentence_case(a), a) for a in DeclarationAction),
)


class DeclarationDialog(FormDialog[DeclarationDetails]):
    def __init__(
        self,
        parent: QWidget | None,
        heading: str,
        people: Sequence[PersonChoice],
        initial: DeclarationDetails | None,
    ) -> None:
        super().__init__(parent, "Declaration of interest", heading, ok_text="&Record")
        self.person: ChoiceBox[int | None] = ChoiceBox(
            [(p.label, p.id) for p in people] or [("Nobody to choose", None)],
            initial.person_id if initial else None,
        )
        self.person.setEnabled(initial is None)
        self.nature = QLineEdit(initial.nature if initial else "")
        self.nature.setPlaceholderText("e.g. co-applicant on one of the proposals")
        self.action_taken = ChoiceBox(
            DECLARATION_ACTIONS, initial.action_taken if initial else DeclarationAction.WITHDREW
        )
        self.form.addRow("&Person:", self.person)
        self.form.addRow("&Interest:", self.nature)
        self.form.addRow("&What was done:", self.action_taken)
        self.nature.textChanged.connect(self.update_ok)

    def problems(self) -> str:
        if self.person.value() is None:
            return "Choose who declared the interest."
        if not self.nature.text().strip():
            return "Say what the interest is."
        return ""

    def value(self) -> DeclarationDetails:
        person_id = self.person.value()
        assert person_id is not None, "OK is disabled until someone is chosen"
        return DeclarationDetails(
            person_id=person_id,
            nature=self.nature.text().strip(),
            action_taken=self.action_taken.value(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        heading: str,
        people: Sequence[PersonChoice],
        initial: DeclarationDetails | None = None,
    ) -> DeclarationDetails | None:
        return cls(parent, heading, people, initial).answer()


# --- small questions ------------------------------------------------------------------------


class PersonDialog(FormDialog[int]):
    """Pick one person from a list that narrows as one types."""

    def __init__(
        self, parent: QWidget | None, title: str, heading: str, people: Sequence[PersonChoice]
    ) -> None:
        super().__init__(parent, title, heading, ok_text="&Add")
        self.filter = narrowing_filter()
        self.list = PickOneList("People")
        for person in people:
            self.list.add_choice(person.label, person.id)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.form.addRow("&Find:", self.filter)
        self.form.addRow("&Person:", self.list)
        self.filter.textChanged.connect(self.list.narrow)
        self.filter.textChanged.connect(self.update_ok)
        self.list.currentRowChanged.connect(self.update_ok)
        self.list.itemActivated.connect(lambda _item: self.accept())

    def problems(self) -> str:
        return "" if self.list.chosen() is not None else "Choose someone."

    def value(self) -> int:
        return int(self.list.currentItem().data(Qt.ItemDataRole.UserRole))

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        title: str,
        heading: str,
        people: Sequence[PersonChoice],
    ) -> int | None:
        return cls(parent, title, heading, people).answer()


class TextDialog(FormDialog[str]):
    """One piece of text: a reason, a note, amendments."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        heading: str,
        label: str,
        text: str,
        required: bool,
        ok_text: str,
    ) -> None:
        super().__init__(parent, title, heading, ok_text=ok_text)
        self.required = required
        self.text = multiline(text, name=label.replace("&", "").rstrip(":"), lines=3)
        self.form.addRow(label, self.text)
        self.text.textChanged.connect(self.update_ok)

    def problems(self) -> str:
        return "Please fill this in." if self.required and not self.value() else ""

    def value(self) -> str:
        return self.text.toPlainText().strip()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        title: str,
        heading: str,
        label: str,
        text: str = "",
        required: bool = True,
        ok_text: str = "OK",
    ) -> str | None:
        return cls(parent, title, heading, label, text, required, ok_text).answer()


class DueDateDialog(FormDialog[tuple[dt.date, str]]):
    """A new due date for an action, and why."""

    def __init__(self, parent: QWidget | None, heading: str, current: dt.date) -> None:
        super().__init__(parent, "Revise due date", heading, ok_text="&Revise")
        self.due = date_edit(current)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. waiting for the funder's guidance")
        self.form.addRow("&New due date:", self.due)
        self.form.addRow("&Why:", self.reason)

    def value(self) -> tuple[dt.date, str]:
        return pydate(self.due.date()), self.reason.text().strip()

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, heading: str, current: dt.date
    ) -> tuple[dt.date, str] | None:
        return cls(parent, heading, current).answer()


class DraftMinutesDialog(FormDialog[str]):
    """The completeness check's findings, and an explicit override with a reason."""

    def __init__(self, parent: QWidget | None, meeting_ref: str, findings: Sequence[Finding]):
        super().__init__(
            parent,
            "Minutes not complete",
            f"The minutes of {meeting_ref} are not complete yet:",
            ok_text="&Draft anyway",
        )
        listed = QLabel(
            "<ul>"
            + "".join(f"<li>{html.escape(f.message)}</li>" for f in findings)
            + "</ul><p>Put these right first, or mark the minutes drafted anyway: the reason "
            "you give is kept in the audit trail.</p>"
        )
        listed.setWordWrap(True)
        listed.setTextFormat(Qt.TextFormat.RichText)
        self.form.addRow(listed)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. the chair asked for the draft to go out today")
        self.form.addRow("&Reason:", self.reason)
        self.reason.textChanged.connect(self.update_ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Go back and fix")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)

    def problems(self) -> str:
        return "" if self.reason.text().strip() else "Give a reason to draft them anyway."

    def value(self) -> str:
        return self.reason.text().strip()

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, meeting_ref: str, findings: Sequence[Finding]
    ) -> str | None:
        """The reason to override, or None to go back and fix the findings."""
        return cls(parent, meeting_ref, findings).answer()


def default_meeting(now: dt.datetime) -> MeetingDetails:
    """A first suggestion: 14:00–16:00 on a weekday about four weeks ahead."""
    day = (now + dt.timedelta(days=28)).date()
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return MeetingDetails(
        start=dt.datetime.combine(day, dt.time(14, 0)),
        end=dt.datetime.combine(day, dt.time(16, 0)),
    )
