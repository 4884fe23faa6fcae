"""The main window: the Centre's bodies along their reporting lines, and a body's meetings."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QStandardItemModel
from PySide6.QtWidgets import QTreeView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from python_calls import python_calls
from sqlalchemy import select
from sqlalchemy.orm import Session
from workspace_helpers import schedule, seat_committee

from ccsc_gov.core.services.attendance import record_attendance
from ccsc_gov.core.services.body_list import list_bodies
from ccsc_gov.core.services.common import Area, Changes, meeting_by_ref
from ccsc_gov.core.services.meeting_list import MeetingSummary
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import AttendanceCategory, Body, BodyKind, MeetingStatus
from ccsc_gov.ui import main_window as main_window_module
from ccsc_gov.ui.body_tree import BodyTreeModel
from ccsc_gov.ui.formats import meeting_slot
from ccsc_gov.ui.main_window import MainWindow
from ccsc_gov.ui.meeting_table import COLUMNS, MeetingTableModel, upcoming_then_past
from ccsc_gov.ui.settings import user_settings

OpenWindow = Callable[[], MainWindow]
PRESENT, APOLOGIES = AttendanceCategory.PRESENT, AttendanceCategory.APOLOGIES
MeetingMaker = Callable[..., str]

Tree = list[tuple[str, "Tree"]]


def tree_of(model: QStandardItemModel, parent: QModelIndex | None = None) -> Tree:
    """The body codes as (code, children) pairs, top level first."""
    parent = parent or QModelIndex()
    rows = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        body = BodyTreeModel.body_at(index)
        assert body is not None
        rows.append((body.code, tree_of(model, index)))
    return rows


def click_body(qtbot: QtBot, tree: QTreeView, index: QModelIndex) -> None:
    tree.scrollTo(index)
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(index).center()
    )


def shown_refs(window: MainWindow) -> list[str]:
    model = window.meeting_model
    return [model.meeting_at(row).ref for row in range(model.rowCount())]


def test_a_new_database_opens_on_the_five_bodies_along_their_reporting_lines(
    open_window: OpenWindow,
) -> None:
    window = open_window()

    assert tree_of(window.body_model) == [
        ("GB", [("EMC", [("RSC", []), ("NCTSC", []), ("CTSC", [])])]),
    ]
    # The whole tree is open: every body is one click away.
    emc = window.body_model.index_of("EMC")
    assert window.body_tree.isExpanded(window.body_model.index_of("GB"))
    assert window.body_tree.isExpanded(emc)
    assert window.body_model.index_of("RSC").data() == "Research Subcommittee"


def test_the_title_names_the_open_database(open_window: OpenWindow, db: Database) -> None:
    window = open_window()

    assert db.display_name in window.windowTitle()
    assert str(db.path) in window.windowTitle()


def test_a_body_without_meetings_shows_a_short_guide(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window()

    click_body(qtbot, window.body_tree, window.body_model.index_of("RSC"))

    assert window.selected_body() is not None
    assert window.heading.text() == "Research Subcommittee (RSC)"
    assert window.meeting_stack.currentWidget() is window.empty_state
    guide = window.empty_state.text()
    assert "No meetings yet for the Research Subcommittee" in guide
    assert "Add its members" in guide
    assert "Schedule its first meeting" in guide


def test_selecting_a_body_shows_its_meetings_upcoming_first_then_past(
    open_window: OpenWindow, add_meeting: MeetingMaker, qtbot: QtBot
) -> None:
    long_ago = add_meeting("EMC", -200, status=MeetingStatus.MINUTES_APPROVED)
    last_month = add_meeting("EMC", -30, status=MeetingStatus.MINUTES_DRAFTED)
    in_two_months = add_meeting("EMC", 60)
    next_week = add_meeting("EMC", 7, location="Boardroom")
    add_meeting("GB", 10)
    window = open_window()

    click_body(qtbot, window.body_tree, window.body_model.index_of("EMC"))

    assert window.selected_body() is not None
    assert window.meeting_stack.currentWidget() is window.meeting_table
    assert shown_refs(window) == [next_week, in_two_months, last_month, long_ago]
    first_row = [
        window.meeting_model.index(0, column).data()
        for column in range(window.meeting_model.columnCount())
    ]
    meeting = window.meeting_model.meeting_at(0)
    assert first_row == [
        next_week,
        meeting_slot(meeting.start, meeting.end),
        "Boardroom",
        "Planned",
        "",  # no quorum to judge before the meeting
        "",  # nor minutes
        "",  # and no papers expected
    ]
    assert "2 upcoming meetings, 2 past" in window.subheading.text()


def test_the_meetings_table_is_painted_and_measured_by_qt_alone_with_roomy_columns(
    open_window: OpenWindow, add_meeting: MeetingMaker, qtbot: QtBot
) -> None:
    add_meeting("EMC", -30, status=MeetingStatus.MINUTES_DRAFTED)
    add_meeting("EMC", 7, location="The Boardroom, second floor of the Centre's north building")
    window = open_window()
    window.resize(1400, 700)
    window.select_body("EMC")
    qtbot.waitUntil(lambda: window.meeting_model.rowCount() == 2)
    table, header = window.meeting_table, window.meeting_table.horizontalHeader()

    with python_calls() as calls:
        window.meeting_viewport.repaint()
        header.viewport().repaint()
        natural = [table.sizeHintForColumn(c) for c in range(header.count())]
    assert calls == []
    # Every column but Place has room beyond its widest cell; Place takes what is left.
    for column, title in enumerate(c.title for c in COLUMNS):
        if title != "Place":
            assert header.sectionSize(column) >= natural[column] + 24, title
    assert header.sectionResizeMode(2) == header.ResizeMode.Stretch


def test_the_meetings_follow_the_keyboard_through_the_tree(
    open_window: OpenWindow, add_meeting: MeetingMaker, qtbot: QtBot
) -> None:
    board_meeting = add_meeting("GB", 5)
    committee_meeting = add_meeting("EMC", 5)
    window = open_window()
    window.body_tree.setFocus()
    assert shown_refs(window) == [board_meeting]

    qtbot.keyClick(window.body_tree, Qt.Key.Key_Down)

    assert shown_refs(window) == [committee_meeting]


def test_a_meeting_scheduled_through_an_op_shows_without_a_manual_refresh(
    open_window: OpenWindow, put_in_diary: MeetingMaker
) -> None:
    window = open_window()
    assert window.select_body("CTSC")
    assert window.meeting_stack.currentWidget() is window.empty_state
    refs: list[str] = []

    def schedule(session: Session) -> Changes:
        refs.append(put_in_diary(session, "CTSC", 14))
        return Changes(Area.MEETINGS)

    window.ops.run_op(schedule, parent=window)

    assert shown_refs(window) == refs
    assert window.meeting_stack.currentWidget() is window.meeting_table


def test_refresh_shows_a_meeting_another_clerk_scheduled(
    open_window: OpenWindow, add_meeting: MeetingMaker
) -> None:
    window = open_window()
    assert window.select_body("RSC")
    ref = add_meeting("RSC", 21)  # written outside this window, as by another clerk
    assert shown_refs(window) == []

    window.refresh_action.trigger()

    assert shown_refs(window) == [ref]
    selected = window.selected_body()
    assert selected is not None
    assert selected.code == "RSC"


def test_a_retired_body_stays_in_the_tree_greyed(open_window: OpenWindow, db: Database) -> None:
    with db.transaction() as session:
        gb = session.scalars(select(Body).where(Body.code == "GB")).one()
        session.add(
            Body(
                code="SAB",
                name="Scientific Advisory Board",
                kind=BodyKind.BOARD,
                parent=gb,
                independent_chair=True,
                retired=True,
            )
        )
    window = open_window()

    index = window.body_model.index_of("SAB")
    assert index.parent() == window.body_model.index_of("GB")
    assert index.data() == "Scientific Advisory Board (retired)"
    assert index.data(Qt.ItemDataRole.FontRole).italic()
    assert window.select_body("SAB")
    assert "retired" in window.subheading.text()


def test_the_last_selected_body_and_the_window_size_come_back_on_reopening(
    open_window: OpenWindow,
) -> None:
    first = open_window()
    assert first.select_body("NCTSC")
    first.resize(720, 540)  # within the offscreen platform's 800×600 screen
    first.close()

    second = open_window()

    selected = second.selected_body()
    assert selected is not None
    assert selected.code == "NCTSC"
    assert (second.width(), second.height()) == (720, 540)


def test_an_unknown_remembered_body_falls_back_to_the_top_of_the_tree(
    open_window: OpenWindow,
) -> None:
    first = open_window()
    assert first.select_body("CTSC")
    first.close()
    user_settings().setValue(main_window_module.BODY_KEY, "GONE")

    second = open_window()

    selected = second.selected_body()
    assert selected is not None
    assert selected.code == "GB"


def test_quit_uses_the_platform_shortcut_and_closes_the_window(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window()
    assert window.quit_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)

    window.quit_action.trigger()

    qtbot.waitUntil(lambda: not window.isVisible())


# The table and tree models on their own -----------------------------------------------------

NOW = dt.datetime(2026, 3, 10, 12, 0)


def summary(
    id_: int, days: float, status: MeetingStatus = MeetingStatus.PLANNED, hours: float = 2
) -> MeetingSummary:
    start = NOW + dt.timedelta(days=days)
    return MeetingSummary(
        id=id_,
        ref=f"EMC/2026/{id_:02d}",
        body="EMC",
        start=start,
        end=start + dt.timedelta(hours=hours),
        location=f"Room {id_}",
        status=status,
    )


def test_upcoming_meetings_come_soonest_first_then_past_ones_latest_first() -> None:
    under_way = summary(1, -1 / 24)  # started an hour ago, ends in an hour
    meetings = [summary(2, -90), summary(3, 30), summary(4, -10), summary(5, 3), under_way]

    ordered = upcoming_then_past(meetings, NOW)

    assert [m.id for m in ordered] == [1, 5, 3, 4, 2]


def test_a_meeting_slot_reads_like_a_diary_entry() -> None:
    start = dt.datetime(2026, 4, 14, 14, 0)

    assert meeting_slot(start, start + dt.timedelta(hours=2)) == "Tue 14 Apr 2026, 14:00–16:00"
    assert (
        meeting_slot(start, start + dt.timedelta(hours=12))
        == "Tue 14 Apr 2026, 14:00 – Wed 15 Apr 2026, 02:00"
    )


def test_the_meeting_table_model_is_a_sound_qt_model(qtmodeltester: ModelTester) -> None:
    model = MeetingTableModel()
    model.set_meetings(
        [summary(1, -30), summary(2, 5), summary(3, 40, MeetingStatus.CANCELLED)], now=NOW
    )

    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)

    cancelled = model.index(1, 0)
    assert cancelled.data() == "EMC/2026/03"
    assert cancelled.data(Qt.ItemDataRole.FontRole).italic()
    assert model.upcoming_count == 2
    assert model.past_count == 1


def test_the_body_tree_model_is_a_sound_qt_model(qtmodeltester: ModelTester, db: Database) -> None:
    model = BodyTreeModel()
    with db.reading() as session:
        model.set_bodies(list_bodies(session))

    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)

    assert not model.index_of("NOPE").isValid()


def test_status_and_minutes_columns_say_different_things() -> None:
    model = MeetingTableModel()
    model.set_meetings(
        [
            dataclasses.replace(
                summary(1, -60, MeetingStatus.MINUTES_APPROVED), minutes_stage="approved"
            ),
            dataclasses.replace(
                summary(2, -30, MeetingStatus.MINUTES_DRAFTED), minutes_stage="draft"
            ),
            summary(3, 5),
        ],
        now=NOW,
    )
    titles = [c.title for c in COLUMNS]
    status, minutes, place = titles.index("Status"), titles.index("Minutes"), titles.index("Place")
    rows = [(model.index(r, status).data(), model.index(r, minutes).data()) for r in range(3)]
    assert rows == [("Planned", ""), ("Held", "Draft"), ("Held", "Approved")]
    # A place too long for its column is shown whole on hovering.
    tip = model.index(0, place).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith(model.index(0, place).data())


def test_the_quorum_column_follows_once_the_meetings_are_shown(
    open_window: OpenWindow, db: Database, qtbot: QtBot
) -> None:
    """Each meeting's quorum is judged just after its body's meetings are painted, and again
    when another body is chosen."""
    ids = seat_committee(db)
    quorate, inquorate, unrecorded = (
        schedule(db, day=dt.date(2026, 3, 10)),
        schedule(db, day=dt.date(2026, 4, 14)),
        schedule(db, day=dt.date(2026, 5, 12)),
    )
    there = {quorate: {"Okafor", "Ferreira"}, inquorate: {"Natarajan", "Mensah", "Wójcik"}}
    with db.transaction() as session:
        for ref, present in there.items():
            for surname, person_id in ids.items():
                if surname == "Adeyemi":  # a visitor, on no body
                    continue
                record_attendance(
                    session,
                    meeting_id=meeting_by_ref(session, ref).id,
                    person_id=person_id,
                    category=PRESENT if surname in present else APOLOGIES,
                )
    window = open_window()
    quorum = COLUMNS.index(next(c for c in COLUMNS if c.title == "Quorum"))

    def quorum_column() -> dict[str, str]:
        model = window.meeting_model
        return {
            model.meeting_at(row).ref: model.index(row, quorum).data()
            for row in range(model.rowCount())
        }

    click_body(qtbot, window.body_tree, window.body_model.index_of("EMC"))
    expected = {quorate: "Quorate", inquorate: "Inquorate", unrecorded: ""}
    qtbot.waitUntil(lambda: quorum_column() == expected)
    assert window.meeting_model.meeting_at(shown_refs(window).index(quorate)).quorate is True
    click_body(qtbot, window.body_tree, window.body_model.index_of("GB"))
    assert quorum_column() == {}
    click_body(qtbot, window.body_tree, window.body_model.index_of("EMC"))
    qtbot.waitUntil(lambda: quorum_column() == expected)
