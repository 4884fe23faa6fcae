"""The Agenda tab: a numbered tree the clerk builds, reorders and undoes changes to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QToolButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from workspace_helpers import schedule, seat_committee

from ccsc_gov.core.services import agenda, decisions
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import Confidentiality, DecisionOutcome, Purpose, StandardItem
from ccsc_gov.ui.tables import roomy_row_height
from ccsc_gov.ui.workspace.agenda_model import (
    AGENDA_COLUMNS,
    TIME_COLUMN,
    TITLE_COLUMN,
    AgendaTreeModel,
)
from ccsc_gov.ui.workspace.agenda_tab import AgendaTab
from ccsc_gov.ui.workspace.details import ItemDetails
from ccsc_gov.ui.workspace.dialogs import ItemDialog
from ccsc_gov.ui.workspace.window import MeetingWorkspace

if TYPE_CHECKING:
    from workspace_fixtures import Dialogs

pytest_plugins = ["workspace_fixtures"]

OpenWorkspace = Callable[[str], MeetingWorkspace]
OUTLINE = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier


def numbered(db: Database, ref: str) -> list[tuple[str, str]]:
    with db.reading() as session:
        return [(i.number, i.title) for i in agenda.agenda(session, meeting=ref)]


def business(db: Database, ref: str) -> list[tuple[str, str]]:
    return [(n, t) for n, t in numbered(db, ref) if n.startswith("5.")]


def add_items(db: Database, ref: str, *titles: str) -> list[int]:
    with db.transaction() as session:
        return [agenda.add_item(session, meeting=ref, title=t, duration=20).id for t in titles]


def item(tab: AgendaTab, title: str) -> int:
    return next(i.id for i in tab.model.items() if i.title == title)


@pytest.fixture
def ref(db: Database) -> str:
    seat_committee(db)
    return schedule(db)


def test_the_agenda_tree_is_a_sound_qt_model(
    qtmodeltester: ModelTester, db: Database, ref: str
) -> None:
    add_items(db, ref, "Budget", "Risk register")
    with db.reading() as session:
        items = agenda.agenda(session, meeting=ref)
    model = AgendaTreeModel()
    model.set_items(items)

    qtmodeltester.check(model)

    top = [model.index(row, 1).data() for row in range(model.rowCount())]
    assert top[4] == "Business items"
    under = model.index(4, 0)
    assert [model.index(r, 0, under).data() for r in range(model.rowCount(under))] == [
        "5.1",
        "5.2",
    ]
    assert model.parent(model.index(1, 0, under)) == model.index(4, 0)


def test_a_new_item_goes_under_business_or_after_the_chosen_item(
    open_workspace: OpenWorkspace, db: Database, ref: str, dialogs: Dialogs
) -> None:
    ws = open_workspace(ref)
    tab = ws.agenda_tab
    dialogs.answer(
        ItemDialog,
        ItemDetails("Budget", purpose=Purpose.DECISION, duration=30),
        ItemDetails("Risk register"),
        ItemDetails("Estates update"),
        ItemDetails("Site visit"),
    )
    tab.tree.setCurrentIndex(QModelIndex())
    tab.add_item()  # nothing chosen: the last business item
    tab.select(item(tab, "Budget"))
    tab.add_item()  # after the chosen sub-item
    tab.select(item(tab, "Any other business"))
    tab.add_item()  # after a top-level item without sub-items: top level
    tab.select(item(tab, "Estates update"))
    tab.add_sub_item()  # under the chosen top-level item

    assert numbered(db, ref)[4:] == [
        ("5", "Business items"),
        ("5.1", "Budget"),
        ("5.2", "Risk register"),
        ("6", "Reports from subcommittees"),
        ("7", "Any other business"),
        ("8", "Estates update"),
        ("8.1", "Site visit"),
        ("9", "Date of next meeting"),
    ]
    # The new item is the one chosen, ready to edit or move.
    assert tab.selected() is not None
    assert tab.selected().title == "Site visit"


def test_editing_an_item_saves_what_changed_and_undo_takes_it_back(
    open_workspace: OpenWorkspace, db: Database, ref: str, dialogs: Dialogs
) -> None:
    [budget_id] = add_items(db, ref, "Budget")
    ws = open_workspace(ref)
    tab = ws.agenda_tab
    tab.select(budget_id)
    dialogs.answer(
        ItemDialog,
        ItemDetails(
            "Budget and staff costs",
            public_title="Financial matters",
            purpose=Purpose.DECISION,
            presenter="Finance Business Partner",
            duration=40,
            papers="EMC/26/14",
            confidentiality=Confidentiality.CONFIDENTIAL,
            confidentiality_reason="Commercially sensitive",
            confidentiality_review=dt.date(2027, 5, 1),
        ),
    )
    tab.edit_selected()
    [asked] = dialogs.asked["ItemDialog"]
    assert asked["initial"] == ItemDetails("Budget", duration=20)

    with db.reading() as session:
        edited = agenda.item_view(session, item_id=budget_id)
    assert (edited.title, edited.confidentiality, edited.public_title) == (
        "Budget and staff costs",
        Confidentiality.CONFIDENTIAL,
        "Financial matters",
    )
    assert tab.model.index_of(budget_id, 6).data() == "Confidential"
    assert ws.undo_action.text() == "&Undo Edit item 5.1"

    ws.undo_action.trigger()

    with db.reading() as session:
        restored = agenda.item_view(session, item_id=budget_id)
    assert ItemDetails.of(restored) == ItemDetails("Budget", duration=20)

    ws.redo_action.trigger()

    with db.reading() as session:
        assert agenda.item_view(session, item_id=budget_id).title == "Budget and staff costs"


def test_removing_an_item_from_the_keyboard_and_undoing_it(
    qtbot: QtBot, open_workspace: OpenWorkspace, db: Database, ref: str
) -> None:
    budget_id, _risk = add_items(db, ref, "Budget", "Risk register")
    with db.transaction() as session:
        agenda.write_minutes(session, item_id=budget_id, text="The budget was discussed.")
    ws = open_workspace(ref)
    tab = ws.agenda_tab
    tab.select(budget_id)
    tab.tree.setFocus()

    qtbot.keyClick(tab.tree, Qt.Key.Key_Delete)

    assert business(db, ref) == [("5.1", "Risk register")]

    qtbot.keyClick(ws, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert business(db, ref) == [("5.1", "Budget"), ("5.2", "Risk register")]
    back = next(i for i in tab.model.items() if i.title == "Budget")
    assert back.minutes == "The budget was discussed."
    assert tab.selected() == back

    qtbot.keyClick(
        ws, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )

    assert business(db, ref) == [("5.1", "Risk register")]


def test_a_removed_standard_item_comes_back_as_the_standard_item(
    open_workspace: OpenWorkspace, db: Database, ref: str
) -> None:
    ws = open_workspace(ref)
    tab = ws.agenda_tab
    tab.select(item(tab, "Minutes of the previous meeting"))
    tab.remove_selected()
    assert "Minutes of the previous meeting" not in dict(numbered(db, ref)).values()

    ws.undo()

    with db.reading() as session:
        items = agenda.agenda(session, meeting=ref)
    third = items[2]
    assert (third.number, third.title, third.standard) == (
        "3",
        "Minutes of the previous meeting",
        StandardItem.PREVIOUS_MINUTES,
    )


def test_items_move_indent_and_outdent_from_the_keyboard_and_each_step_undoes(
    qtbot: QtBot, open_workspace: OpenWorkspace, db: Database, ref: str
) -> None:
    add_items(db, ref, "Budget", "Risk register", "Staff survey")
    ws = open_workspace(ref)
    tab = ws.agenda_tab
    survey = item(tab, "Staff survey")
    tab.select(survey)
    tab.tree.setFocus()

    qtbot.keyClick(tab.tree, Qt.Key.Key_Up, OUTLINE)
    assert business(db, ref) == [
        ("5.1", "Budget"),
        ("5.2", "Staff survey"),
        ("5.3", "Risk register"),
    ]
    qtbot.keyClick(tab.tree, Qt.Key.Key_Left, OUTLINE)  # out to the top level, after 5
    assert numbered(db, ref)[4:8] == [
        ("5", "Business items"),
        ("5.1", "Budget"),
        ("5.2", "Risk register"),
        ("6", "Staff survey"),
    ]
    qtbot.keyClick(tab.tree, Qt.Key.Key_Down, OUTLINE)
    assert numbered(db, ref)[7:9] == [("6", "Reports from subcommittees"), ("7", "Staff survey")]
    qtbot.keyClick(tab.tree, Qt.Key.Key_Right, OUTLINE)  # under the item above it
    assert numbered(db, ref)[7:9] == [("6", "Reports from subcommittees"), ("6.1", "Staff survey")]
    assert tab.selected() is not None
    assert tab.selected().number == "6.1"

    for _ in range(4):
        ws.undo()

    assert business(db, ref) == [
        ("5.1", "Budget"),
        ("5.2", "Risk register"),
        ("5.3", "Staff survey"),
    ]
    assert not ws.undo_action.isEnabled()


def test_moves_that_make_no_sense_are_not_offered(
    open_workspace: OpenWorkspace, db: Database, ref: str
) -> None:
    add_items(db, ref, "Budget")
    ws = open_workspace(ref)
    tab = ws.agenda_tab
    tab.select(item(tab, "Welcome and apologies"))
    assert not tab.up_action.isEnabled()  # already first
    assert not tab.indent_action.isEnabled()  # nothing above to go under
    assert not tab.outdent_action.isEnabled()  # already a main item
    tab.select(item(tab, "Business items"))
    assert not tab.indent_action.isEnabled()  # it has sub-items of its own
    tab.select(item(tab, "Budget"))
    assert not tab.indent_action.isEnabled()  # agendas go one level deep
    assert not tab.down_action.isEnabled()  # the last of its sub-items


def test_dragging_an_item_onto_another_makes_it_a_sub_item_and_between_items_reorders(
    qtbot: QtBot, open_workspace: OpenWorkspace, db: Database, ref: str
) -> None:
    add_items(db, ref, "Budget", "Risk register")
    ws = open_workspace(ref)
    tab = ws.agenda_tab
    model = tab.model

    # "Risk register" dropped on "Any other business": its last (only) sub-item.
    data = model.mimeData([model.index_of(item(tab, "Risk register"))])
    aob = model.index_of(item(tab, "Any other business"))
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, aob)
    assert not model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, aob)
    qtbot.waitUntil(lambda: ("7.1", "Risk register") in numbered(db, ref))

    # "Date of next meeting" dragged to the top, above "Welcome and apologies".
    data = model.mimeData([model.index_of(item(tab, "Date of next meeting"))])
    model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    qtbot.waitUntil(lambda: numbered(db, ref)[0] == ("1", "Date of next meeting"))

    # "Welcome and apologies", now item 2, dropped below "Declarations of interest" (row 3).
    data = model.mimeData([model.index_of(item(tab, "Welcome and apologies"))])
    model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    qtbot.waitUntil(lambda: numbered(db, ref)[2] == ("3", "Welcome and apologies"))
    assert numbered(db, ref)[:3] == [
        ("1", "Date of next meeting"),
        ("2", "Declarations of interest"),
        ("3", "Welcome and apologies"),
    ]
    # A sub-item takes no sub-items; an item never goes under itself.
    data = model.mimeData([model.index_of(item(tab, "Budget"))])
    risk = model.index_of(item(tab, "Risk register"))
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, risk)
    business_heading = model.index_of(item(tab, "Business items"))
    data = model.mimeData([business_heading])
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, aob)

    ws.undo()
    assert numbered(db, ref)[0] == ("1", "Date of next meeting")
    assert numbered(db, ref)[1] == ("2", "Welcome and apologies")


def test_an_item_with_a_decision_cannot_be_removed_and_the_clerk_is_told_why(
    open_workspace: OpenWorkspace, db: Database, ref: str, shown_errors: list[str]
) -> None:
    [budget_id] = add_items(db, ref, "Budget")
    with db.transaction() as session:
        decisions.record_decision(
            session, item_id=budget_id, text="Approved.", outcome=DecisionOutcome.APPROVED
        )
    ws = open_workspace(ref)
    ws.agenda_tab.select(budget_id)

    ws.agenda_tab.remove_selected()

    assert shown_errors == [
        "Item 5.1 cannot be removed: decisions are recorded under it (EMC/2026/01/D1)."
    ]
    assert business(db, ref) == [("5.1", "Budget")]
    assert ws.undo_stack.count() == 0


def test_an_undo_refused_because_another_clerk_removed_the_item_leaves_the_history(
    open_workspace: OpenWorkspace, db: Database, ref: str, dialogs: Dialogs, shown_errors: list[str]
) -> None:
    [budget_id] = add_items(db, ref, "Budget")
    ws = open_workspace(ref)
    ws.agenda_tab.select(budget_id)
    dialogs.answer(ItemDialog, ItemDetails("Budget 2026/27", duration=20))
    ws.agenda_tab.edit_selected()
    with db.transaction() as session:
        agenda.remove_item(session, item_id=budget_id)

    ws.undo()

    assert shown_errors == ["That agenda item does not exist (it may have been removed)."]
    assert ws.undo_stack.count() == 0
    assert not ws.undo_action.isEnabled()


def test_the_total_time_is_shown_against_the_slot(
    open_workspace: OpenWorkspace, db: Database, ref: str
) -> None:
    add_items(db, ref, "Budget", "Risk register")
    ws = open_workspace(ref)
    assert "40 min planned of a 2 h slot (1 h 20 min spare)" in ws.agenda_tab.timing_label.text()
    with db.transaction() as session:
        for title in ("Estates", "Strategy away day", "Recruitment", "Data policy"):
            agenda.add_item(session, meeting=ref, title=title, duration=25)

    ws.refresh()

    text = ws.agenda_tab.timing_label.text()
    assert "2 h 20 min planned of a 2 h slot: <b>20 min over</b>" in text
    assert "8 items without a time" in text


def test_icon_only_buttons_have_names_and_the_moves_say_their_keys(
    open_workspace: OpenWorkspace, ref: str
) -> None:
    ws = open_workspace(ref)
    buttons = ws.agenda_tab.findChildren(QToolButton)
    icon_only = [b for b in buttons if b.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly]
    assert {b.accessibleName() for b in icon_only} == {
        "Move up",
        "Move down",
        "Indent (make a sub-item)",
        "Outdent (make a main item)",
    }
    assert "Alt+Shift+Up" in ws.agenda_tab.up_action.toolTip()


def test_every_item_shows_its_start_time_and_an_untimed_one_its_even_share(
    db: Database, ref: str, open_workspace: OpenWorkspace
) -> None:
    [timed] = add_items(db, ref, "Risk register")
    with db.transaction() as session:
        untimed = agenda.add_item(session, meeting=ref, title="Space allocation").id
    tab = open_workspace(ref).agenda_tab
    words = {i.id: tab.model.data(tab.model.index_of(i.id, TIME_COLUMN)) for i in tab.model.items()}
    assert words[timed].endswith("· 20 min")
    assert words[untimed].endswith("(even share)")
    first = tab.model.items()[0]
    assert words[first.id].startswith("14:00")


def test_the_agenda_rows_are_roomy_and_its_columns_fit_every_item_with_room(
    open_workspace: OpenWorkspace, db: Database, ref: str
) -> None:
    add_items(db, ref, "Budget")
    ws = open_workspace(ref)
    tab = ws.agenda_tab
    tree, header = tab.tree, tab.tree.header()
    room = 16  # tables.ROOM_WIDTH, as the tree's delegate used to add to each cell

    # Every row one line of text and the room, sub-items shown under their items.
    assert tree.isExpanded(tab.model.index_of(item(tab, "Business items")))
    heights = {tree.visualRect(tab.model.index_of(i.id)).height() for i in tab.model.items()}
    assert heights == {roomy_row_height(tree)}
    assert roomy_row_height(tree) == tree.fontMetrics().height() + 6

    # A longer presenter on a sub-item, added by another clerk: the column widens to it.
    with db.transaction() as session:
        agenda.add_item(
            session, meeting=ref, title="Risk register", presenter="Director of Operations"
        )
    ws.refresh()
    presenter = next(n for n, c in enumerate(AGENDA_COLUMNS) if c.title == "Presenter")
    for column in range(header.count()):
        if column == TITLE_COLUMN:
            assert header.sectionResizeMode(column) == header.ResizeMode.Stretch
            continue
        cells = [tab.model.index_of(i.id, column) for i in tab.model.items()]
        widest = max(
            # A main item's number and title are bold.
            QFontMetrics(cell.data(Qt.ItemDataRole.FontRole) or tree.font()).horizontalAdvance(
                str(cell.data())
            )
            for cell in cells
        )
        assert header.sectionSize(column) >= widest + room, AGENDA_COLUMNS[column].title
    width = tree.fontMetrics().horizontalAdvance("Director of Operations")
    assert header.sectionSize(presenter) >= width + room
