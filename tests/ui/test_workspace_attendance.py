"""The Attendance tab: the register in one click or one key per person, guests, late arrivals
and early departures, and the quorum of the meeting and of each item as it changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QModelIndex, QRect, Qt, QTime
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QComboBox, QStyle, QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from workspace_helpers import click_cell, schedule, seat_committee

from ccsc_gov.core.services import agenda, attendance, meetings
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import AttendanceCategory, Role
from ccsc_gov.ui.workspace.attendance_tab import (
    ATTENDANCE_COLUMNS,
    CATEGORY_COLUMNS,
    CHOSEN_ROLE,
    ITEM_QUORUM_COLUMNS,
    NAME_COLUMN,
    AttendanceModel,
    AttendanceRow,
)
from ccsc_gov.ui.workspace.dialogs import PersonDialog
from ccsc_gov.ui.workspace.window import MeetingWorkspace

if TYPE_CHECKING:
    from workspace_fixtures import Dialogs

pytest_plugins = ["workspace_fixtures"]

OpenWorkspace = Callable[[str], MeetingWorkspace]
COLUMN = {cat: number for number, cat in CATEGORY_COLUMNS.items()}
ARRIVED = next(n for n, c in enumerate(ATTENDANCE_COLUMNS) if c.field == "arrived")
LEFT = next(n for n, c in enumerate(ATTENDANCE_COLUMNS) if c.field == "left")


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    return seat_committee(db)


@pytest.fixture
def ref(db: Database, ids: dict[str, int]) -> str:
    ref = schedule(db)
    with db.transaction() as session:
        agenda.add_item(session, meeting=ref, title="Budget", duration=30)
        agenda.add_item(session, meeting=ref, title="Risk register", duration=20)
        meetings.publish_agenda(session, meeting=ref)
        meetings.mark_held(session, meeting=ref)
    return ref


def recorded(db: Database, ref: str) -> dict[int, AttendanceCategory]:
    with db.reading() as session:
        meeting_id = meetings.get_meeting(session, meeting=ref).id
        lists = attendance.meeting_attendance(session, meeting_id=meeting_id)
    lines = [*lists.present, *lists.in_attendance, *lists.apologies, *lists.absent]
    return {line.person_id: line.category for line in lines}


def row_of(model: AttendanceModel, person_id: int) -> AttendanceRow:
    return model.row_at(model.row_of(person_id))


def test_the_attendance_models_are_sound_qt_models(
    qtmodeltester: ModelTester, open_workspace: OpenWorkspace, ref: str, ids: dict[str, int]
) -> None:
    ws = open_workspace(ref)
    tab = ws.attendance_tab
    tab.mark_all_present()
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.items_model)


def test_every_member_expected_is_listed_chair_first_with_nothing_recorded_yet(
    open_workspace: OpenWorkspace, ref: str
) -> None:
    ws = open_workspace(ref)
    rows = ws.attendance_tab.model.rows

    assert [(r.name, r.role) for r in rows] == [
        ("Prof. Hannah Okafor", Role.CHAIR),
        ("Dr Luis Ferreira", Role.VICE_CHAIR),
        ("Dr Amara Mensah", Role.MEMBER),
        ("Ms Priya Natarajan", Role.MEMBER),
        ("Prof. Tomasz Wójcik", Role.MEMBER),
        ("Mr Tom Walsh", Role.SECRETARY),
    ]
    assert all(r.category is None for r in rows)
    assert "attendance has not been recorded" in ws.attendance_tab.quorum_label.text()
    model = ws.attendance_tab.model
    assert model.index(0, COLUMN[AttendanceCategory.PRESENT]).data(CHOSEN_ROLE) is False


def test_one_click_records_a_member_and_the_quorum_follows(
    qtbot: QtBot, open_workspace: OpenWorkspace, db: Database, ref: str, ids: dict[str, int]
) -> None:
    ws = open_workspace(ref)
    tab = ws.attendance_tab
    model = tab.model

    click_cell(qtbot, tab.table, model.index(model.row_of(ids["Okafor"]), COLUMN["remote"]))

    qtbot.waitUntil(lambda: recorded(db, ref) == {ids["Okafor"]: AttendanceCategory.REMOTE})
    assert row_of(model, ids["Okafor"]).category is AttendanceCategory.REMOTE
    assert model.index(model.row_of(ids["Okafor"]), COLUMN["remote"]).data(CHOSEN_ROLE)
    assert "Inquorate: 1 of 5 voting members present, 2 needed" in tab.quorum_label.text()

    click_cell(qtbot, tab.table, model.index(model.row_of(ids["Mensah"]), COLUMN["present"]))

    qtbot.waitUntil(lambda: len(recorded(db, ref)) == 2)
    assert "Quorate: 2 of 5 voting members present, 2 needed, including the chair" in (
        tab.quorum_label.text()
    )
    assert ws.undo_action.text() == "&Undo Mark Dr Amara Mensah as present"


def test_the_register_can_be_taken_from_the_keyboard(
    qtbot: QtBot, open_workspace: OpenWorkspace, db: Database, ref: str, ids: dict[str, int]
) -> None:
    ws = open_workspace(ref)
    tab = ws.attendance_tab
    model, table = tab.model, tab.table
    table.setFocus()
    keys = [Qt.Key.Key_P, Qt.Key.Key_A, Qt.Key.Key_R, Qt.Key.Key_X]
    for row, key in enumerate(keys):
        table.setCurrentIndex(model.index(row, NAME_COLUMN))
        qtbot.keyClick(table, key)
        qtbot.waitUntil(lambda row=row: model.row_at(row).category is not None)
    # Space on a category cell chooses it, like a click.
    table.setCurrentIndex(model.index(4, COLUMN[AttendanceCategory.APOLOGIES]))
    qtbot.keyClick(table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: model.row_at(4).category is not None)

    assert [r.category for r in model.rows][:5] == [
        AttendanceCategory.PRESENT,
        AttendanceCategory.APOLOGIES,
        AttendanceCategory.REMOTE,
        AttendanceCategory.ABSENT,
        AttendanceCategory.APOLOGIES,
    ]
    assert len(recorded(db, ref)) == 5


def test_all_present_keeps_apologies_already_recorded_and_undoes_in_one_step(
    qtbot: QtBot, open_workspace: OpenWorkspace, db: Database, ref: str, ids: dict[str, int]
) -> None:
    with db.transaction() as session:
        meeting_id = meetings.get_meeting(session, meeting=ref).id
        attendance.record_attendance(
            session,
            meeting_id=meeting_id,
            person_id=ids["Ferreira"],
            category=AttendanceCategory.APOLOGIES,
        )
    ws = open_workspace(ref)
    tab = ws.attendance_tab

    qtbot.mouseClick(tab.all_present_button, Qt.MouseButton.LeftButton)

    categories = recorded(db, ref)
    assert categories.pop(ids["Ferreira"]) is AttendanceCategory.APOLOGIES
    assert set(categories.values()) == {AttendanceCategory.PRESENT}
    assert len(categories) == 5
    assert not tab.all_present_button.isEnabled()

    ws.undo()

    assert recorded(db, ref) == {ids["Ferreira"]: AttendanceCategory.APOLOGIES}
    assert tab.all_present_button.isEnabled()


def test_a_guest_is_added_in_attendance_and_can_be_cleared(
    open_workspace: OpenWorkspace, db: Database, ref: str, ids: dict[str, int], dialogs: Dialogs
) -> None:
    ws = open_workspace(ref)
    tab = ws.attendance_tab
    dialogs.answer(PersonDialog, ids["Adeyemi"], None)

    tab.add_guest()

    [asked] = dialogs.asked["PersonDialog"]
    # Only people not already on the list are offered.
    assert [p.name for p in asked["people"]] == ["Dr Grace Adeyemi"]
    guest = row_of(tab.model, ids["Adeyemi"])
    assert (guest.category, guest.role) == (AttendanceCategory.IN_ATTENDANCE, None)
    row = tab.model.row_of(ids["Adeyemi"])
    assert tab.model.index(row, 1).data() == "Guest (in attendance)"
    # A guest's attendance is not a choice between present, remote and so on.
    present = tab.model.index(row, COLUMN[AttendanceCategory.PRESENT])
    assert present.data(CHOSEN_ROLE) is True
    assert not tab.model.flags(present) & Qt.ItemFlag.ItemIsEnabled

    tab.add_guest()  # cancelled: nothing happens
    tab.table.setCurrentIndex(tab.model.index(row, NAME_COLUMN))
    tab.clear_selected()

    assert recorded(db, ref) == {}
    assert tab.model.row_of(ids["Adeyemi"]) == -1


def test_an_early_departure_makes_the_later_items_inquorate(
    qtbot: QtBot, open_workspace: OpenWorkspace, db: Database, ref: str, ids: dict[str, int]
) -> None:
    ws = open_workspace(ref)
    tab = ws.attendance_tab
    model, table = tab.model, tab.table
    with db.transaction() as session:
        meeting_id = meetings.get_meeting(session, meeting=ref).id
        for name, category in (
            ("Okafor", AttendanceCategory.PRESENT),
            ("Ferreira", AttendanceCategory.APOLOGIES),
            ("Mensah", AttendanceCategory.PRESENT),
        ):
            attendance.record_attendance(
                session, meeting_id=meeting_id, person_id=ids[name], category=category
            )
    ws.refresh()

    # The chair left after 5.1: F2 opens the choice of items, Enter records it.
    table.setFocus()
    index = model.index(model.row_of(ids["Okafor"]), LEFT)
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    combo = table.findChild(QComboBox)
    assert combo is not None
    labels = [combo.itemText(n) for n in range(combo.count())]
    assert labels[0] == "Stayed to the end"
    combo.setCurrentIndex(labels.index("5.1 Budget"))
    qtbot.keyClick(combo, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: row_of(model, ids["Okafor"]).left_item_id is not None)
    assert model.index(model.row_of(ids["Okafor"]), LEFT).data() == "5.1"
    quorum = {q.number: q for q in tab.items_model.rows}
    # Only the items whose quorum differs from the meeting's are listed.
    assert "5.1" not in quorum
    assert not quorum["5.2"].answer.quorate
    assert "the chair or vice-chair was not present" in quorum["5.2"].answer.reason
    assert "(Prof. Hannah Okafor had left)" in quorum["5.2"].answer.reason
    # The meeting as a whole was quorate: the chair was there for part of it.
    assert tab.quorum_label.text().count("Quorate") == 1

    ws.undo()

    assert row_of(model, ids["Okafor"]).left_item_id is None
    assert all(q.answer.quorate for q in tab.items_model.rows)


def test_a_late_arrival_is_recorded_at_an_item(
    qtbot: QtBot, open_workspace: OpenWorkspace, db: Database, ref: str, ids: dict[str, int]
) -> None:
    ws = open_workspace(ref)
    tab = ws.attendance_tab
    tab.mark_all_present()
    with db.reading() as session:
        risk = next(i for i in agenda.agenda(session, meeting=ref) if i.title == "Risk register")
    index = tab.model.index(tab.model.row_of(ids["Mensah"]), ARRIVED)

    assert tab.model.setData(index, risk.id)

    qtbot.waitUntil(lambda: row_of(tab.model, ids["Mensah"]).arrived_item_id == risk.id)
    assert index.data() == "5.2 Risk register"
    with db.reading() as session:
        lists = attendance.meeting_attendance(
            session, meeting_id=meetings.get_meeting(session, meeting=ref).id
        )
    mensah = next(line for line in lists.present if line.person_id == ids["Mensah"])
    assert mensah.arrived_at == "5.2"


def test_a_member_not_yet_recorded_has_no_arrival_to_edit(
    open_workspace: OpenWorkspace, ref: str
) -> None:
    ws = open_workspace(ref)
    model = ws.attendance_tab.model
    assert not model.flags(model.index(0, ARRIVED)) & Qt.ItemFlag.ItemIsEditable


def test_the_quorum_is_stated_once_and_who_took_the_chair_is_recorded(
    qtbot: QtBot,
    db: Database,
    ref: str,
    ids: dict[str, int],
    open_workspace: OpenWorkspace,
    dialogs: Dialogs,
) -> None:
    with db.transaction() as session:
        meeting_id = meetings.get_meeting(session, meeting=ref).id
        for name in ("Okafor", "Natarajan", "Mensah", "Wójcik"):
            attendance.record_attendance(
                session,
                meeting_id=meeting_id,
                person_id=ids[name],
                category=AttendanceCategory.PRESENT,
            )
        budget = next(i for i in agenda.agenda(session, meeting=ref) if i.title == "Budget")
    ws = open_workspace(ref)
    tab = ws.attendance_tab
    ws.show_tab(1)
    # Every item had the meeting's quorum: the sentence is said once, no table repeats it.
    assert tab.quorum_label.text().count("Quorate") == 1
    assert tab.items_table.isHidden()
    assert not tab.same_label.isHidden()

    with db.transaction() as session:
        attendance.withdraw_from_item(session, item_id=budget.id, person_id=ids["Okafor"])
    ws.refresh()
    [row] = tab.items_model.rows
    assert (row.number, row.title) == ("5.1", "Budget")
    assert not tab.items_table.isHidden()
    # The vice-chair was away: nobody is known to have taken the chair until the clerk says.
    chair = next(n for n, c in enumerate(ITEM_QUORUM_COLUMNS) if c.title == "Chair")
    assert tab.items_model.index(0, chair).data() == "Not recorded"
    tab.items_table.setCurrentIndex(tab.items_model.index(0, 0))
    assert tab.chair_button.isEnabled()
    dialogs.answer(PersonDialog, ids["Natarajan"])
    qtbot.mouseClick(tab.chair_button, Qt.MouseButton.LeftButton)
    offered = {p.name for p in dialogs.asked["PersonDialog"][0]["people"]}
    assert "Prof. Hannah Okafor" not in offered
    assert "Ms Priya Natarajan" in offered
    qtbot.waitUntil(lambda: tab.items_model.index(0, chair).data() == "Ms Priya Natarajan")

    # The closing time goes into the record, for the minutes to end with it.
    tab.closing_time.setTime(QTime(15, 52))
    tab.closing.setChecked(True)
    with db.reading() as session:
        closed = meetings.get_meeting(session, meeting=ref).closed_at
    assert closed is not None
    assert (closed.hour, closed.minute) == (15, 52)


def radio_drawn_in(tab_table: QTableView, index: QModelIndex) -> tuple[QRect, bool]:
    """Where a category cell's radio button is drawn within the cell, and whether its centre is
    filled (chosen): read back from the painted cell, against the cell's own background."""
    tab_table.scrollTo(index)
    image = tab_table.viewport().grab(tab_table.visualRect(index)).toImage()
    background = image.pixelColor(1, 1)
    drawn = [
        (x, y)
        for x in range(image.width())
        for y in range(image.height())
        if abs(image.pixelColor(x, y).lightness() - background.lightness()) > 24
    ]
    xs, ys = [x for x, _ in drawn], [y for _, y in drawn]
    box = QRect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)
    centre = image.pixelColor(box.center())
    return box, centre.lightness() < background.lightness() - 100


def test_each_category_is_a_radio_button_in_the_middle_of_its_cell(
    qtbot: QtBot, open_workspace: OpenWorkspace, db: Database, ref: str, ids: dict[str, int]
) -> None:
    ws = open_workspace(ref)
    tab = ws.attendance_tab
    model, table = tab.model, tab.table
    ws.show_tab(1)
    okafor = model.row_of(ids["Okafor"])
    click_cell(qtbot, table, model.index(okafor, COLUMN["remote"]))
    qtbot.waitUntil(lambda: row_of(model, ids["Okafor"]).category is AttendanceCategory.REMOTE)
    table.setCurrentIndex(model.index(okafor, NAME_COLUMN))

    size = table.style().pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth)
    for category, column in COLUMN.items():
        cell = model.index(okafor, column)
        box, filled = radio_drawn_in(table, cell)
        rect = table.visualRect(cell)
        # Drawn as the style draws a radio button, centred in the cell as it was painted before.
        assert abs(box.width() - size) <= 2
        assert abs(box.height() - size) <= 2
        assert abs(box.center().x() - (rect.width() - 1) / 2) <= 1
        assert abs(box.center().y() - (rect.height() - 1) / 2) <= 1
        assert filled == (category is AttendanceCategory.REMOTE), category
        chosen = "chosen" if category is AttendanceCategory.REMOTE else "not chosen"
        assert cell.data(Qt.ItemDataRole.AccessibleTextRole) == f"{category.title()}: {chosen}"
    assert {table.columnWidth(c) for c in COLUMN.values()} == {table.columnWidth(COLUMN["present"])}

    # A change of theme (light to dark or back) draws them again, as the style now draws them.
    def remote_picture() -> QImage:
        icon = model.index(okafor, COLUMN["remote"]).data(Qt.ItemDataRole.DecorationRole)
        return icon.pixmap(table.iconSize()).toImage()

    light, drawn_light = QApplication.palette(), remote_picture()
    try:
        QApplication.setPalette(QPalette(QColor("#2b2b2b")))
        qtbot.waitUntil(lambda: remote_picture() != drawn_light)
    finally:
        QApplication.setPalette(light)
    qtbot.waitUntil(lambda: remote_picture() == drawn_light)

    # Once the minutes are locked the buttons are no longer a choice.
    tab.set_editable(False)
    assert not model.flags(model.index(okafor, COLUMN["present"])) & Qt.ItemFlag.ItemIsEnabled
    click_cell(qtbot, table, model.index(okafor, COLUMN["present"]))
    qtbot.wait(50)
    assert row_of(model, ids["Okafor"]).category is AttendanceCategory.REMOTE
