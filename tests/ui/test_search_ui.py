"""Search in the desktop app: Ctrl+F, results as the clerk types, and a result opens the
meeting where it was found, at its item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ccsc_gov.core.services import actions, agenda, decisions, meetings
from ccsc_gov.core.services.search import HitKind
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import DecisionOutcome
from ccsc_gov.ui import ops as ops_module
from ccsc_gov.ui.main_window import MainWindow
from ccsc_gov.ui.search import (
    HINT,
    MARKS_ROLE,
    RESULT_LIMIT,
    TEXT_COLUMN,
    SearchDialog,
    highlighted_html,
)

NOW = dt.datetime(2026, 5, 1, 9, 30)


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        ops_module, "show_user_error", lambda _parent, error: shown.append(str(error))
    )
    return shown


@pytest.fixture
def window(qtbot: QtBot, db: Database, shown_errors: list[str]) -> Iterator[MainWindow]:
    main = MainWindow(db, now=lambda: NOW)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    assert shown_errors == []


@dataclass(frozen=True)
class Place:
    march: str
    april: str
    rsc: str
    awards: int  # the April meeting's awards item
    rsc_item: int


def record(db: Database) -> Place:
    """Two EMC meetings and an RSC one; the April EMC meeting has minutes, a decision and an
    action on its awards item."""
    with db.transaction() as s:

        def schedule(body: str, day: dt.date) -> str:
            start = dt.datetime.combine(day, dt.time(14))
            return meetings.schedule_meeting(
                s, body=body, start=start, end=start + dt.timedelta(hours=2)
            ).ref

        march = schedule("EMC", dt.date(2026, 3, 10))
        april = schedule("EMC", dt.date(2026, 4, 14))
        rsc = schedule("RSC", dt.date(2026, 4, 20))
        agenda.add_item(s, meeting=april, title="Estates update")
        awards = agenda.add_item(s, meeting=april, title="Pump-priming awards")
        agenda.write_minutes(
            s,
            item_id=awards.id,
            text="The Committee considered the shortlisted proposals for pump-priming awards.",
        )
        decisions.record_decision(
            s,
            item_id=awards.id,
            text="Fund the imaging & organoid proposals <for one year>.",
            outcome=DecisionOutcome.APPROVED,
        )
        actions.add_action(s, item_id=awards.id, description="Write to the unsuccessful applicants")
        rsc_item = agenda.add_item(s, meeting=rsc, title="Organoid facility")
    return Place(march, april, rsc, awards.id, rsc_item.id)


def search(qtbot: QtBot, dialog: SearchDialog, text: str) -> None:
    """Type into the search box and wait for the search that runs when typing pauses."""
    dialog.query.clear()
    qtbot.keyClicks(dialog.query, text)
    qtbot.waitUntil(lambda: dialog._searched == text and not dialog.timer.isActive())


def found(dialog: SearchDialog) -> list[str]:
    model = dialog.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_ctrl_f_opens_the_search_with_the_box_ready_to_type_in(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.find_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    with qtbot.waitActive(window):
        window.activateWindow()

    qtbot.keySequence(window, QKeySequence(QKeySequence.StandardKey.Find))

    dialog = window.search_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    assert dialog.status.text() == HINT
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.query)


def test_results_follow_the_typing_with_the_words_found_marked(
    window: MainWindow, db: Database, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    place = record(db)
    dialog = window.open_search()
    qtbot.addWidget(dialog)

    search(qtbot, dialog, "organo")

    april, rsc = place.april, place.rsc
    assert found(dialog) == [f"Minute {rsc} item 5.1", f"Decision {april}/D1"]
    qtmodeltester.check(dialog.model)
    decision_text = dialog.model.index(1, TEXT_COLUMN)
    assert decision_text.data() == "Fund the imaging & organoid proposals <for one year>."
    ((start, end),) = decision_text.data(MARKS_ROLE)
    assert decision_text.data()[start:end] == "organoid"
    assert dialog.model.index(1, 1).data() == "Tue 14 Apr 2026"
    assert dialog.model.index(1, 2).data() == "Pump-priming awards"
    assert dialog.status.text().startswith("2 matches.")

    search(qtbot, dialog, "organoid proposals")
    assert found(dialog) == [f"Decision {april}/D1"]

    search(qtbot, dialog, "nothing of the sort")
    assert found(dialog) == []
    assert dialog.status.text() == "Nothing found for “nothing of the sort”."


@pytest.mark.parametrize(
    ("query", "kind", "number", "chosen_in", "not_in"),
    [
        ("unsuccessful applicants", "Action", "A1", "action_section", "decision_section"),
        ("organoid proposals", "Decision", "D1", "decision_section", "action_section"),
    ],
)
def test_enter_opens_the_meeting_at_the_item_with_the_record_found_chosen(
    window: MainWindow,
    db: Database,
    qtbot: QtBot,
    query: str,
    kind: str,
    number: str,
    chosen_in: str,
    not_in: str,
) -> None:
    place = record(db)
    ref = f"{place.april}/{number}"
    dialog = window.open_search()
    qtbot.addWidget(dialog)
    search(qtbot, dialog, query)
    assert found(dialog) == [f"{kind} {ref}"]

    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)

    body = window.selected_body()
    assert body is not None
    assert body.code == "EMC"
    meeting = window.meeting_model.meeting_at(window.meeting_table.currentIndex().row())
    assert meeting.ref == place.april
    workspace = window.workspaces.get(place.april)
    assert workspace is not None
    qtbot.addWidget(workspace)
    qtbot.waitExposed(workspace)
    minutes = workspace.minutes_tab
    assert workspace.tabs.currentWidget() is minutes
    current = minutes.current_item()
    assert current is not None
    assert current.id == place.awards
    chosen = getattr(minutes, chosen_in).selected()
    assert chosen is not None
    assert chosen.ref == ref
    assert getattr(minutes, not_in).selected() is None


def test_a_double_click_opens_a_result_of_another_body(
    window: MainWindow, db: Database, qtbot: QtBot
) -> None:
    place = record(db)
    dialog = window.open_search()
    qtbot.addWidget(dialog)
    search(qtbot, dialog, "facility")
    assert found(dialog) == [f"Minute {place.rsc} item 5.1"]
    rect = dialog.table.visualRect(dialog.model.index(0, 0))

    # A double-click is a click and then a second one: QTest's alone lacks the first.
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    body = window.selected_body()
    assert body is not None
    assert body.code == "RSC"
    workspace = window.workspaces.get(place.rsc)
    assert workspace is not None
    qtbot.addWidget(workspace)
    current = workspace.minutes_tab.current_item()
    assert current is not None
    assert current.id == place.rsc_item


def test_down_from_the_box_goes_to_the_results(
    window: MainWindow, db: Database, qtbot: QtBot
) -> None:
    record(db)
    dialog = window.open_search()
    qtbot.addWidget(dialog)
    search(qtbot, dialog, "welcome")
    assert len(found(dialog)) == 3

    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)

    assert dialog.table.hasFocus() or QApplication.focusWidget() is dialog.table
    assert dialog.table.currentIndex().row() == 0


def test_the_results_follow_a_change_to_the_record(
    window: MainWindow, db: Database, qtbot: QtBot
) -> None:
    place = record(db)
    dialog = window.open_search()
    qtbot.addWidget(dialog)
    search(qtbot, dialog, "estates")
    assert found(dialog) == [f"Minute {place.april} item 5.1"]

    window.ops.run_op(
        lambda s: agenda.write_minutes(
            s, item_id=place.awards, text="Deferred: the estates review comes first."
        )
    )

    qtbot.waitUntil(lambda: len(found(dialog)) == 2)
    assert found(dialog) == [f"Minute {place.april} item 5.1", f"Minute {place.april} item 5.2"]


@pytest.mark.parametrize("typed", ['"', "*", "NEAR(", "-", "AND", "a:* | b", "(("])
def test_anything_typed_is_searched_without_a_complaint(
    window: MainWindow, db: Database, qtbot: QtBot, typed: str, shown_errors: list[str]
) -> None:
    record(db)
    dialog = window.open_search()
    qtbot.addWidget(dialog)

    search(qtbot, dialog, typed)

    assert shown_errors == []
    assert dialog.status.text() != ""


def test_many_results_say_that_only_the_best_are_shown(
    window: MainWindow, db: Database, qtbot: QtBot
) -> None:
    with db.transaction() as s:
        start = dt.datetime(2026, 4, 14, 14)
        ref = meetings.schedule_meeting(
            s, body="GB", start=start, end=start + dt.timedelta(hours=2)
        ).ref
        for n in range(RESULT_LIMIT + 5):
            agenda.add_item(s, meeting=ref, title=f"Grant report {n}")
    dialog = window.open_search()
    qtbot.addWidget(dialog)

    search(qtbot, dialog, "grant")

    assert dialog.model.rowCount() == RESULT_LIMIT
    assert dialog.status.text().startswith(f"The {RESULT_LIMIT} best matches are shown")


def test_the_kinds_of_result_read_as_words(window: MainWindow, db: Database, qtbot: QtBot) -> None:
    record(db)
    dialog = window.open_search()
    qtbot.addWidget(dialog)
    search(qtbot, dialog, "pump")
    kinds = {hit.kind for hit in dialog.results()}
    assert kinds == {HitKind.MINUTE}
    assert found(dialog)[0].startswith("Minute ")


def test_highlighted_text_is_escaped_and_bold_where_it_matched() -> None:
    assert highlighted_html("a <b> & c", [(0, 1), (8, 9)]) == "<b>a</b> &lt;b&gt; &amp; <b>c</b>"
    assert highlighted_html("plain", []) == "plain"
