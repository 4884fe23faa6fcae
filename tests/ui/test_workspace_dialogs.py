"""The workspace's dialogs, filled in as a clerk would (without their modal loops)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTime, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from ccsc_gov.core.services.approval import Finding
from ccsc_gov.core.store.models import Confidentiality, DecisionOutcome, DeclarationAction, Purpose
from ccsc_gov.ui.forms import Confirm
from ccsc_gov.ui.workspace.details import (
    ActionDetails,
    DecisionDetails,
    DeclarationDetails,
    ItemDetails,
    MeetingDetails,
    PersonChoice,
)
from ccsc_gov.ui.workspace.dialogs import (
    ActionDialog,
    DecisionDialog,
    DeclarationDialog,
    DraftMinutesDialog,
    DueDateDialog,
    ItemDialog,
    MeetingDialog,
    PersonDialog,
    TextDialog,
    default_meeting,
)

PEOPLE = (
    PersonChoice(1, "Prof. Hannah Okafor", "Chair"),
    PersonChoice(2, "Dr Luis Ferreira", "Vice-chair"),
    PersonChoice(3, "Ms Priya Natarajan", "Member"),
)
TODAY = dt.date(2026, 5, 1)


def test_an_item_needs_a_title_and_confidential_fields_only_when_it_is_not_open(
    qtbot: QtBot,
) -> None:
    dialog = ItemDialog(None, "A new item.", ItemDetails(""), TODAY)
    qtbot.addWidget(dialog)
    dialog.update_ok()
    assert not dialog.ok_button.isEnabled()
    assert dialog.problem.text() == "An agenda item needs a title."
    assert not dialog.public_title.isEnabled()

    dialog.title.setText("  Budget  ")
    dialog.purpose.choose(Purpose.DECISION)
    dialog.duration.setValue(25)
    dialog.confidentiality.choose(Confidentiality.RESERVED)
    dialog.public_title.setText("Financial matter")
    dialog.reason.setText("Commercially sensitive")
    dialog.review.set_value(dt.date(2027, 1, 1))

    assert dialog.ok_button.isEnabled()
    assert dialog.public_title.isEnabled()
    assert dialog.value() == ItemDetails(
        "Budget",
        public_title="Financial matter",
        purpose=Purpose.DECISION,
        duration=25,
        confidentiality=Confidentiality.RESERVED,
        confidentiality_reason="Commercially sensitive",
        confidentiality_review=dt.date(2027, 1, 1),
    )

    # Back to open: what only a confidential item has is not kept.
    dialog.confidentiality.choose(Confidentiality.OPEN)
    dialog.duration.setValue(0)
    value = dialog.value()
    assert (value.public_title, value.confidentiality_review, value.duration) == ("", None, None)


def test_a_meeting_must_end_after_it_starts(qtbot: QtBot) -> None:
    start = default_meeting(dt.datetime(2026, 5, 1, 9, 30))
    assert start.start == dt.datetime(2026, 5, 29, 14, 0)  # a Friday, four weeks on
    dialog = MeetingDialog(None, "Schedule a meeting", "A new meeting.", start)
    qtbot.addWidget(dialog)
    dialog.update_ok()
    assert dialog.ok_button.isEnabled()

    dialog.ends.setTime(QTime(13, 0))
    assert not dialog.ok_button.isEnabled()
    assert dialog.problem.text() == "The meeting must end after it starts."

    dialog.day.setDate(QDate(2026, 6, 2))
    dialog.ends.setTime(QTime(15, 30))
    dialog.location.setText("Board Room")
    assert dialog.value() == MeetingDetails(
        dt.datetime(2026, 6, 2, 14), dt.datetime(2026, 6, 2, 15, 30), "Board Room", ""
    )


def test_a_decision_offers_the_outcomes_given(qtbot: QtBot) -> None:
    outcomes = (DecisionOutcome.APPROVED, DecisionOutcome.DEFERRED)
    dialog = DecisionDialog(
        None, "At item 5.1.", DecisionDetails("", DecisionOutcome.DEFERRED), outcomes, TODAY
    )
    qtbot.addWidget(dialog)
    dialog.update_ok()
    assert not dialog.ok_button.isEnabled()
    assert [dialog.outcome.itemText(i) for i in range(dialog.outcome.count())] == [
        "Approved",
        "Deferred",
    ]
    assert dialog.outcome.value() is DecisionOutcome.DEFERRED
    dialog.text.setPlainText("Deferred to the next meeting.")
    assert dialog.ok_button.isEnabled()
    assert dialog.value().review_date is None


def test_action_owners_are_ticked_from_a_list_that_narrows_as_one_types(qtbot: QtBot) -> None:
    dialog = ActionDialog(None, "At item 5.1.", PEOPLE, ActionDetails(""), dt.date(2026, 5, 29))
    qtbot.addWidget(dialog)
    owners = dialog.owners
    owners.filter.setText("natar")
    shown = [owners.list.item(r).text() for r in range(3) if not owners.list.item(r).isHidden()]
    assert shown == ["Ms Priya Natarajan — Member"]
    owners.list.item(2).setCheckState(Qt.CheckState.Checked)
    owners.list.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.description.setPlainText("Circulate the budget.")

    assert dialog.value() == ActionDetails("Circulate the budget.", (1, 3), dt.date(2026, 5, 29))

    dialog.due.check.setChecked(False)
    assert dialog.value().due is None


def test_a_declaration_says_who_what_and_what_was_done(qtbot: QtBot) -> None:
    dialog = DeclarationDialog(None, "At item 5.1.", PEOPLE, None)
    qtbot.addWidget(dialog)
    assert dialog.action_taken.value() is DeclarationAction.WITHDREW
    dialog.update_ok()
    assert dialog.problem.text() == "Say what the interest is."
    dialog.person.setCurrentIndex(1)
    dialog.nature.setText("Co-applicant")
    assert dialog.value() == DeclarationDetails(2, "Co-applicant", DeclarationAction.WITHDREW)

    # Correcting one: the person stays who they were.
    edit = DeclarationDialog(None, "", PEOPLE, DeclarationDetails(3, "Adviser", None))
    qtbot.addWidget(edit)
    assert not edit.person.isEnabled()
    assert edit.action_taken.currentText() == "Not recorded yet"
    assert edit.value() == DeclarationDetails(3, "Adviser", None)


def test_a_person_is_picked_from_a_narrowing_list(qtbot: QtBot) -> None:
    dialog = PersonDialog(None, "Add a guest", "Who?", PEOPLE)
    qtbot.addWidget(dialog)
    dialog.filter.setText("ferr")
    assert dialog.value() == 2
    dialog.filter.setText("nobody")
    assert not dialog.ok_button.isEnabled()


def test_texts_dates_and_the_draft_override(qtbot: QtBot) -> None:
    text = TextDialog(None, "Cancel action", "Why?", "&Reason:", "", True, "OK")
    qtbot.addWidget(text)
    text.update_ok()
    assert not text.ok_button.isEnabled()
    text.text.setPlainText(" Overtaken by events ")
    assert text.value() == "Overtaken by events"

    due = DueDateDialog(None, "A new date.", dt.date(2026, 6, 1))
    qtbot.addWidget(due)
    due.reason.setText("Waiting for the funder")
    assert due.value() == (dt.date(2026, 6, 1), "Waiting for the funder")

    draft = DraftMinutesDialog(None, "EMC/2026/01", [Finding("5.1", "Item 5.1 has no decision.")])
    qtbot.addWidget(draft)
    draft.update_ok()
    assert not draft.ok_button.isEnabled()
    assert draft.ok_button.text() == "&Draft anyway"
    draft.reason.setText("The chair asked for it")
    assert draft.ok_button.isEnabled()
    assert draft.value() == "The chair asked for it"


def test_ask_shows_the_dialog_and_returns_what_was_entered(qtbot: QtBot) -> None:
    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ItemDialog)
        dialog.title.setText("Budget")
        dialog.ok_button.click()

    QTimer.singleShot(0, fill_in)
    assert ItemDialog.ask(None, heading="A new item.", today=TODAY) == ItemDetails("Budget")

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        dialog.reject()

    QTimer.singleShot(0, cancel)
    assert TextDialog.ask(None, title="Note", heading="", label="&Note:") is None


def test_confirm_answers_yes_only_for_its_own_button(qtbot: QtBot) -> None:
    def click(cancel: bool) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        if cancel:
            box.button(QMessageBox.StandardButton.Cancel).click()
        else:
            next(b for b in box.buttons() if b.text() == "Publish").click()

    QTimer.singleShot(0, lambda: click(cancel=False))
    assert Confirm.ask(None, title="Publish", text="Publish?", ok_text="Publish")
    QTimer.singleShot(0, lambda: click(cancel=True))
    assert not Confirm.ask(None, title="Publish", text="Publish?", ok_text="Publish")
