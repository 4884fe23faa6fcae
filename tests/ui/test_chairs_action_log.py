"""The chairs' action log: every body's actions, filtered, coloured, sorted and exported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from chairs_helpers import TODAY, OpenChairWindow, dark_palette, light_palette
from chairs_helpers import cell as model_cell
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ccsc_gov.core.export.excel import HEADER_ROW
from ccsc_gov.core.services import actions
from ccsc_gov.core.services.actions import ActionView
from ccsc_gov.core.services.registers import DUE_SOON_DAYS, ActionLogLine, ActionState
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import ActionStatus
from ccsc_gov.ui import export as export_module
from ccsc_gov.ui.chairs import colours
from ccsc_gov.ui.chairs.action_log import (
    COLUMNS,
    DUE,
    ON_THE_LOG,
    RAISED,
    STATUS,
    STATUS_CHOICES,
    ActionFilter,
    ActionLogWindow,
    DueChoice,
)
from ccsc_gov.ui.export import FileKind
from ccsc_gov.ui.legible import contrast

pytest_plugins = ["chairs_fixtures"]


@pytest.fixture
def log(open_chair_window: OpenChairWindow, demo: Database) -> ActionLogWindow:
    return open_chair_window(ActionLogWindow, demo)


def all_actions(database: Database, **criteria: Any) -> list[ActionView]:
    with database.reading() as session:
        return actions.list_actions(session, today=TODAY, **criteria)


def shown(window: ActionLogWindow) -> list[ActionLogLine]:
    return [window.model.row_at(row) for row in range(window.model.rowCount())]


def shown_refs(window: ActionLogWindow) -> list[str]:
    return [line.ref for line in shown(window)]


def choose_status(window: ActionLogWindow, label: str) -> None:
    window.status_box.setCurrentIndex([text for text, _ in STATUS_CHOICES].index(label))


def cell(window: ActionLogWindow, row: int, column: int, role: int) -> Any:
    return model_cell(window.model, row, column, role)


# --- what it shows ------------------------------------------------------------------------------


def test_the_log_opens_on_every_action_still_on_it_oldest_meeting_first(
    log: ActionLogWindow, demo: Database
) -> None:
    expected = [a.ref for a in all_actions(demo) if a.status in ON_THE_LOG]

    assert expected, "the demo history has actions still on the log"
    assert shown_refs(log) == expected
    assert log.model.total == len(all_actions(demo))
    assert log.summary.text().startswith(f"Showing {len(expected)} of {log.model.total} actions")


def test_the_model_behaves_as_qt_expects_through_filtering_and_sorting(
    log: ActionLogWindow, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(log.model)
    log.search.setText("review")
    log.table.sortByColumn(DUE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(log.model)


def test_a_body_filter_shows_that_body_s_actions_only(log: ActionLogWindow, demo: Database) -> None:
    choose_status(log, "Any status")
    log.body_box.select_value("RSC")

    assert shown_refs(log) == [a.ref for a in all_actions(demo, body="RSC")]
    assert {line.body for line in shown(log)} == {"RSC"}


def test_an_owner_filter_shows_the_actions_they_own(log: ActionLogWindow, demo: Database) -> None:
    choose_status(log, "Any status")
    person_id, name = log.model.shown_rows()[0].owners.ids[0], ""
    log.owner_box.select_value(person_id)
    name = log.owner_box.currentText()

    assert shown_refs(log) == [a.ref for a in all_actions(demo, owner_id=person_id)]
    assert all(name in line.owners.names for line in shown(log))


@pytest.mark.parametrize(
    ("label", "statuses"),
    [
        ("Open", {ActionStatus.OPEN}),
        ("Completed, awaiting closure", {ActionStatus.COMPLETED}),
        ("Closed", {ActionStatus.CLOSED}),
        ("Not yet done", {ActionStatus.OPEN, ActionStatus.IN_PROGRESS}),
    ],
)
def test_a_status_filter_shows_actions_in_those_statuses(
    log: ActionLogWindow, demo: Database, label: str, statuses: set[ActionStatus]
) -> None:
    choose_status(log, label)

    expected = [a.ref for a in all_actions(demo) if a.status in statuses]
    assert expected
    assert shown_refs(log) == expected


def test_overdue_only_shows_what_is_past_its_date_and_not_done(
    log: ActionLogWindow, demo: Database
) -> None:
    choose_status(log, "Any status")
    log.overdue_box.setChecked(True)

    expected = [a.ref for a in all_actions(demo, overdue=True)]
    assert expected
    assert shown_refs(log) == expected
    assert all("overdue" in cell(log, row, STATUS, 0) for row in range(len(expected)))
    assert f"{len(expected)} overdue" in log.summary.text()


def test_a_due_range_shows_actions_due_between_its_dates(
    log: ActionLogWindow, demo: Database
) -> None:
    choose_status(log, "Any status")
    log.due_box.select_value(DueChoice.BETWEEN)
    assert log.due_from.isVisible()
    assert log.due_to.isVisible()
    log.due_from.setDate(QDate(2026, 3, 1))
    log.due_to.setDate(QDate(2026, 6, 30))

    start, end = dt.date(2026, 3, 1), dt.date(2026, 6, 30)
    expected = [a.ref for a in all_actions(demo) if a.due and start <= a.due <= end]
    assert expected
    assert shown_refs(log) == expected
    assert "Due 1 Mar 2026 to 30 Jun 2026" in log.describe_filter()


def test_due_in_the_next_fortnight_and_no_due_date(log: ActionLogWindow, demo: Database) -> None:
    choose_status(log, "Any status")
    log.due_box.select_value(DueChoice.SOON)

    soon = TODAY + dt.timedelta(days=DUE_SOON_DAYS)
    expected = [a.ref for a in all_actions(demo) if a.due and TODAY <= a.due <= soon]
    assert shown_refs(log) == expected

    log.due_box.select_value(DueChoice.NONE)
    assert shown_refs(log) == [a.ref for a in all_actions(demo) if a.due is None]


def test_free_text_matches_every_word_in_any_case_wherever_it_appears(
    log: ActionLogWindow, demo: Database
) -> None:
    choose_status(log, "Any status")
    everything = all_actions(demo)

    def matching(*words: str) -> list[str]:
        def text(a: ActionView) -> str:
            return " ".join((a.ref, a.description, *a.owners, a.latest_note or "")).casefold()

        return [a.ref for a in everything if all(w in text(a) for w in words)]

    for typed in ("f", "fi", "fir", "fire", "FIRE-WARDEN"):
        log.search.setText(typed)
        assert shown_refs(log) == matching(typed.casefold())
    assert shown_refs(log)

    log.search.setText("training fourth")
    assert shown_refs(log) == matching("training", "fourth")

    owner = everything[0].owners[0]
    log.search.setText(owner.upper())
    assert shown_refs(log) == matching(owner.casefold())

    log.search.setText("EMC/2026/0")
    assert shown_refs(log) == [a.ref for a in everything if "EMC/2026/0" in a.ref]


def search_text(action: ActionView) -> str:
    """What a clerk's words are looked for in, read independently of the window."""
    return "\n".join((action.ref, action.description, *action.owners, action.latest_note or ""))


def test_words_typed_one_letter_at_a_time_over_a_sorted_and_filtered_log(
    log: ActionLogWindow, demo: Database
) -> None:
    """Each keystroke shows exactly the rows holding every word, in the order the log is
    sorted by, whether it narrows what was shown (typing on) or widens it (deleting)."""
    choose_status(log, "Any status")
    log.body_box.select_value("EMC")
    log.table.sortByColumn(DUE, Qt.SortOrder.DescendingOrder)
    in_order = shown_refs(log)
    actions_by_ref = {a.ref: a for a in all_actions(demo)}
    target = actions_by_ref[in_order[len(in_order) // 2]]
    # A word of the action and one of its owner's names, in capitals: case does not matter.
    typed = f"{target.description.split()[-1]} {target.owners[0].split()[-1]}".upper()

    def expected(text: str) -> list[str]:
        words = text.casefold().split()
        return [
            ref
            for ref in in_order
            if all(w in search_text(actions_by_ref[ref]).casefold() for w in words)
        ]

    steps = [typed[:n] for n in range(1, len(typed) + 1)]
    for text in [*steps, *reversed(steps[:-1])]:
        log.search.setText(text)
        assert shown_refs(log) == expected(text), text
    log.search.setText(typed)
    assert target.ref in shown_refs(log)
    assert len(shown_refs(log)) < len(in_order)


def test_a_word_runs_across_no_boundary_between_an_action_s_texts(
    log: ActionLogWindow, demo: Database
) -> None:
    """The end of one part of an action (its reference, description, owners, note) and the
    start of the next are not one word: "…report" then "Ann…" does not match "reportann"."""
    choose_status(log, "Any status")
    action = next(a for a in all_actions(demo) if a.owners)
    joined = (action.description.split()[-1] + action.owners[0].split()[0]).casefold()
    assert joined not in search_text(action).casefold()

    log.search.setText(joined)

    assert action.ref not in shown_refs(log)


def test_a_search_typed_the_moment_the_log_is_read_again_finds_the_same_rows(
    log: ActionLogWindow,
) -> None:
    """The search texts are made just after the log is shown; typing first still works."""
    choose_status(log, "Any status")
    log.search.setText("fire")
    found = shown_refs(log)
    log.search.setText("")

    log.refresh()  # and type before any event is processed
    log.search.setText("fire")

    assert found
    assert shown_refs(log) == found


def test_typing_on_only_narrows_and_deleting_widens_again(log: ActionLogWindow) -> None:
    choose_status(log, "Any status")
    log.search.setText("re")
    wide = shown_refs(log)
    log.search.setText("rev")
    narrow = shown_refs(log)
    log.search.setText("re")

    assert set(narrow) < set(wide)
    assert shown_refs(log) == wide
    assert ActionFilter(text="rev").narrows(ActionFilter(text="re"))
    assert not ActionFilter(text="re").narrows(ActionFilter(text="rev"))
    assert not ActionFilter(text="rev", body="EMC").narrows(ActionFilter(text="re"))


def test_clear_filters_shows_every_action(log: ActionLogWindow, demo: Database) -> None:
    log.body_box.select_value("EMC")
    log.overdue_box.setChecked(True)
    log.search.setText("fire")

    log.clear_button.click()

    assert shown_refs(log) == [a.ref for a in all_actions(demo)]
    assert log.search.text() == ""


# --- colours ------------------------------------------------------------------------------------


def row_where(window: ActionLogWindow, state: ActionState) -> int:
    return next(r for r in range(window.model.rowCount()) if window.model.state_at(r) is state)


@pytest.mark.parametrize("state", [ActionState.OVERDUE, ActionState.DUE_SOON, ActionState.DONE])
def test_overdue_due_soon_and_done_rows_are_coloured(
    log: ActionLogWindow, state: ActionState
) -> None:
    choose_status(log, "Any status")
    row = row_where(log, state)
    tint = colours.action_tint(state)
    assert tint is not None

    for column in range(len(COLUMNS)):
        assert cell(log, row, column, Qt.ItemDataRole.BackgroundRole) == tint.background
    assert cell(log, row, STATUS, Qt.ItemDataRole.ForegroundRole) == tint.text


def test_the_colours_follow_what_the_actions_are(log: ActionLogWindow) -> None:
    choose_status(log, "Any status")
    for row, line in enumerate(shown(log)):
        state = log.model.state_at(row)
        status = cell(log, row, STATUS, Qt.ItemDataRole.DisplayRole)
        if line.status in (ActionStatus.COMPLETED, ActionStatus.CLOSED):
            assert state is ActionState.DONE
        elif (
            line.due is not None
            and line.due < TODAY
            and line.status
            in (
                ActionStatus.OPEN,
                ActionStatus.IN_PROGRESS,
            )
        ):
            assert state is ActionState.OVERDUE
            assert status.endswith("· overdue")
        elif state is ActionState.OTHER:
            assert cell(log, row, STATUS, Qt.ItemDataRole.BackgroundRole) is None


@pytest.mark.parametrize("palette", [light_palette(), dark_palette()], ids=["light", "dark"])
@pytest.mark.parametrize("state", [ActionState.OVERDUE, ActionState.DUE_SOON, ActionState.DONE])
def test_status_colours_are_readable_in_light_and_dark_themes(
    palette: QPalette, state: ActionState
) -> None:
    tint = colours.action_tint(state, palette)
    assert tint is not None
    text = palette.color(QPalette.ColorRole.Text)

    assert contrast(tint.text, tint.background) >= 4.5
    assert contrast(text, tint.background) >= 4.5
    # Still a wash, not a block: it stays apart from the theme's own background.
    assert colours.is_dark(palette) == (tint.background.lightness() < 128)


def test_the_log_takes_dark_colours_when_the_theme_turns_dark(
    log: ActionLogWindow, qtbot: QtBot
) -> None:
    choose_status(log, "Any status")
    row = row_where(log, ActionState.OVERDUE)
    before = cell(log, row, 0, Qt.ItemDataRole.BackgroundRole)
    light = QApplication.palette()
    try:
        QApplication.setPalette(dark_palette())
        qtbot.waitUntil(lambda: cell(log, row, 0, Qt.ItemDataRole.BackgroundRole) != before)
        after = cell(log, row, 0, Qt.ItemDataRole.BackgroundRole)
        dark_tint = colours.action_tint(ActionState.OVERDUE, dark_palette())
        assert dark_tint is not None
        assert after == dark_tint.background
    finally:
        QApplication.setPalette(light)


# --- sorting ------------------------------------------------------------------------------------


@pytest.mark.parametrize("column", range(len(COLUMNS)), ids=[c.title for c in COLUMNS])
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_every_column_sorts_both_ways(
    log: ActionLogWindow, column: int, order: Qt.SortOrder
) -> None:
    choose_status(log, "Any status")
    before = set(shown_refs(log))

    log.table.sortByColumn(column, order)

    keys = [COLUMNS[column].key(line) for line in shown(log)]
    assert keys == sorted(keys, reverse=order == Qt.SortOrder.DescendingOrder)
    assert set(shown_refs(log)) == before
    assert log.table.horizontalHeader().sortIndicatorSection() == column


def test_references_sort_by_their_numbers_and_due_dates_put_undated_last(
    log: ActionLogWindow,
) -> None:
    choose_status(log, "Any status")
    log.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    refs = shown_refs(log)
    emc = [ref for ref in refs if ref.startswith("EMC/2026/")]
    numbers = [tuple(int(p.lstrip("A")) for p in ref.split("/")[1:]) for ref in emc]
    assert numbers == sorted(numbers)

    log.table.sortByColumn(DUE, Qt.SortOrder.AscendingOrder)
    dues = [line.due for line in shown(log)]
    dated = [d for d in dues if d is not None]
    assert dues[: len(dated)] == sorted(dated)


def test_the_selected_action_stays_selected_through_sorting_and_filtering(
    log: ActionLogWindow,
) -> None:
    choose_status(log, "Any status")
    line = shown(log)[3]
    assert log.select_action(line.id)

    log.table.sortByColumn(DUE, Qt.SortOrder.DescendingOrder)
    assert log.selected_line() == line
    log.search.setText(line.description.split()[0])
    assert log.selected_line() == line
    log.table.sortByColumn(RAISED, Qt.SortOrder.AscendingOrder)
    assert log.selected_line() == line


# --- export -------------------------------------------------------------------------------------


def narrow_and_sort(log: ActionLogWindow) -> None:
    choose_status(log, "Any status")
    log.body_box.select_value("EMC")
    log.search.setText("a")
    log.table.sortByColumn(DUE, Qt.SortOrder.DescendingOrder)


def test_excel_export_holds_exactly_the_rows_shown_in_their_order(
    log: ActionLogWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    narrow_and_sort(log)
    expected = shown(log)
    assert 1 < len(expected) < log.model.total

    with qtbot.waitSignal(log.exported, timeout=20_000) as written:
        log.export_to(tmp_path / "log.xlsx", FileKind.EXCEL)

    sheet = openpyxl.load_workbook(written.args[0]).active
    rows = list(sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert [row[1] for row in rows] == [line.ref for line in expected]
    assert [row[0] for row in rows] == ["EMC"] * len(expected)
    assert [row[3] for row in rows] == [line.description for line in expected]
    assert "Body: EMC" in sheet["A2"].value
    assert "Text: “a”" in sheet["A2"].value
    assert "Saved log.xlsx" in log.export_status.text()


def test_word_export_holds_exactly_the_rows_shown_in_their_order(
    log: ActionLogWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    narrow_and_sort(log)
    log.body_box.select_value(None)  # every body: the document gains a Body column
    expected = shown(log)

    with qtbot.waitSignal(log.exported, timeout=20_000) as written:
        log.export_to(tmp_path / "log.docx", FileKind.WORD)

    document = docx.Document(str(written.args[0]))
    table = document.tables[-1]
    body_rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [row[1] for row in body_rows] == [line.ref for line in expected]
    assert [row[0] for row in body_rows] == [line.body for line in expected]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Sorted by due, descending" in text


def test_export_asks_where_and_offers_to_open_the_file(
    log: ActionLogWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[dict[str, Any]] = []
    opened: list[Path] = []

    def ask(_parent: Any, **details: Any) -> Path:
        asked.append(details)
        return tmp_path / details["name"]

    monkeypatch.setattr(export_module, "ask_save_path", ask)
    monkeypatch.setattr(export_module, "open_path", opened.append)
    log.body_box.select_value("GB")

    with qtbot.waitSignal(log.exported, timeout=20_000):
        log.export_excel_action.trigger()

    assert asked[0]["name"] == f"GB action log {TODAY.isoformat()}.xlsx"
    assert asked[0]["kind"] is FileKind.EXCEL
    log.export_status.linkActivated.emit("open")
    log.export_status.linkActivated.emit("folder")
    assert opened == [tmp_path / asked[0]["name"], tmp_path]


def test_an_export_that_cannot_be_written_is_explained(
    log: ActionLogWindow, qtbot: QtBot, tmp_path: Path, shown_errors: list[str]
) -> None:
    log.export_to(tmp_path / "no such folder" / "log.xlsx", FileKind.EXCEL)

    qtbot.waitUntil(lambda: bool(shown_errors), timeout=10_000)
    assert "does not exist" in shown_errors[0]


def test_an_empty_database_shows_an_empty_log(
    open_chair_window: OpenChairWindow, db: Database
) -> None:
    log = open_chair_window(ActionLogWindow, db)

    assert log.model.rowCount() == 0
    assert log.summary.text() == "Showing 0 actions"
    assert not log.export_button.isEnabled()
    assert log.nothing.isVisible()
    assert log.nothing.text() == "No actions have been recorded yet."


def test_filters_that_match_nothing_say_so(log: ActionLogWindow) -> None:
    assert not log.nothing.isVisible()

    log.search.setText("no action says this")

    assert log.model.rowCount() == 0
    assert log.nothing.isVisible()
    assert log.nothing.text() == "No actions match these filters."
    assert not log.export_button.isEnabled()
