"""The attendance matrix: a body's people against its meetings in a year, each cell the
attendance the clerk recorded, and each person's rate."""

from __future__ import annotations

import datetime as dt

import pytest
from chairs_helpers import TODAY, OpenChairWindow, cell, dark_palette, light_palette
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from pytestqt.modeltest import ModelTester

from ccsc_gov.core.services import attendance, people
from ccsc_gov.core.services.registers import Mark
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import AttendanceCategory, Role
from ccsc_gov.ui.chairs import colours
from ccsc_gov.ui.chairs.attendance import (
    FIXED_BEFORE,
    LEGEND,
    LETTERS,
    NAME,
    RATE,
    ROLE,
    AttendanceMatrixWindow,
)
from ccsc_gov.ui.legible import contrast

pytest_plugins = ["chairs_fixtures"]

CATEGORY_MARKS = {
    AttendanceCategory.PRESENT: Mark.PRESENT,
    AttendanceCategory.REMOTE: Mark.REMOTE,
    AttendanceCategory.APOLOGIES: Mark.APOLOGIES,
    AttendanceCategory.ABSENT: Mark.ABSENT,
    AttendanceCategory.IN_ATTENDANCE: Mark.IN_ATTENDANCE,
}


@pytest.fixture
def matrix(open_chair_window: OpenChairWindow, demo: Database) -> AttendanceMatrixWindow:
    window = open_chair_window(AttendanceMatrixWindow, demo)
    window.show_body("EMC", 2026)
    return window


def test_the_matrix_opens_on_a_body_and_year(matrix: AttendanceMatrixWindow) -> None:
    model = matrix.model

    assert matrix.heading.text() == "Executive Management Committee, 2026"
    assert matrix.body_box.value() == "EMC"
    assert matrix.year_box.value() == 2026
    assert [m.start.year for m in model.meetings] == [2026] * len(model.meetings)
    assert model.columnCount() == FIXED_BEFORE + len(model.meetings)
    assert cell(model, 0, ROLE, Qt.ItemDataRole.DisplayRole) == "Chair"
    assert "still to come" in matrix.summary.text()


def test_the_model_behaves_as_qt_expects(
    matrix: AttendanceMatrixWindow, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(matrix.model)


@pytest.mark.parametrize("body", ["GB", "EMC", "RSC", "NCTSC", "CTSC"])
def test_every_cell_is_the_attendance_recorded(
    matrix: AttendanceMatrixWindow, demo: Database, body: str
) -> None:
    matrix.show_body(body, 2026)
    model = matrix.model
    assert model.meetings
    assert model.people

    with demo.reading() as session:
        for number, meeting in enumerate(model.meetings):
            lists = attendance.meeting_attendance(session, meeting_id=meeting.id)
            recorded = {
                line.person_id: line.category
                for group in (lists.present, lists.in_attendance, lists.apologies, lists.absent)
                for line in group
            }
            expected = {
                m.person_id for m in attendance.expected_attendees(session, meeting_id=meeting.id)
            }
            for row, person in enumerate(model.people):
                mark = model.mark(row, model.meeting_column(number))
                if person.person_id in recorded:
                    assert mark is CATEGORY_MARKS[recorded[person.person_id]]
                elif person.person_id in expected:
                    assert mark is (Mark.NOT_RECORDED if meeting.held else Mark.TO_COME)
                else:
                    assert mark in (Mark.NOT_MEMBER, Mark.NOT_INVITED)
                column = model.meeting_column(number)
                assert cell(model, row, column, Qt.ItemDataRole.DisplayRole) == LETTERS[mark]
                tint = colours.mark_tint(mark)
                if tint is not None:
                    assert cell(model, row, column, Qt.ItemDataRole.BackgroundRole) == (
                        tint.background
                    )
                    assert cell(model, row, column, Qt.ItemDataRole.ForegroundRole) == tint.text


@pytest.mark.parametrize("body", ["EMC", "RSC"])
def test_each_member_s_rate_agrees_with_the_attendance_statistics(
    matrix: AttendanceMatrixWindow, demo: Database, body: str
) -> None:
    matrix.show_body(body, 2026)
    with demo.reading() as session:
        statistics = {
            s.person_id: s
            for s in attendance.attendance_statistics(
                session, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), body=body
            )
        }
    assert statistics
    for row, person in enumerate(matrix.model.people):
        if person.person_id in statistics:
            figures = statistics[person.person_id]
            assert (person.attended, person.expected) == (figures.attended, figures.expected)
            rate = cell(matrix.model, row, RATE, 0)
            assert (
                rate == f"{round(100 * figures.rate)}% ({figures.attended} of {figures.expected})"
            )


def test_people_are_listed_chair_first_then_by_role_and_surname(
    matrix: AttendanceMatrixWindow,
) -> None:
    roles = [person.role for person in matrix.model.people]
    ranks = [people.role_rank(role) if role else len(Role) for role in roles]

    assert roles[0] is Role.CHAIR
    assert ranks == sorted(ranks)
    assert cell(matrix.model, 0, NAME, Qt.ItemDataRole.FontRole).bold()


def test_a_meeting_still_to_come_is_marked_so(matrix: AttendanceMatrixWindow) -> None:
    model = matrix.model
    number, coming = next((n, m) for n, m in enumerate(model.meetings) if not m.held)
    column = model.meeting_column(number)

    assert coming.start.date() > TODAY
    assert {model.mark(row, column) for row in range(model.rowCount())} <= {
        Mark.TO_COME,
        Mark.APOLOGIES,
        Mark.NOT_MEMBER,
        Mark.NOT_INVITED,
    }
    tooltip = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tooltip.endswith("still to come")


def test_a_cell_s_tooltip_names_the_person_meeting_and_attendance(
    matrix: AttendanceMatrixWindow,
) -> None:
    model = matrix.model
    person, meeting = model.people[0], model.meetings[0]
    tooltip = cell(model, 0, model.meeting_column(0), Qt.ItemDataRole.ToolTipRole)

    assert tooltip.startswith(f"{person.name}, {meeting.ref} on ")
    assert tooltip.endswith(person.marks[0].value) or "(" in tooltip


def test_a_member_who_joined_late_in_the_year_was_not_a_member_before(
    open_chair_window: OpenChairWindow, demo_copy: Database
) -> None:
    joined = dt.date(2026, 10, 20)
    with demo_copy.transaction() as session:
        newcomer = people.add_person(session, name="Nadia Karimi", title="Dr")
        people.add_membership(
            session, body="EMC", person_id=newcomer.id, role=Role.MEMBER, start=joined
        )
    window = open_chair_window(AttendanceMatrixWindow, demo_copy)
    window.show_body("EMC", 2026)
    model = window.model
    row = next(r for r, p in enumerate(model.people) if p.person_id == newcomer.id)

    marks = model.people[row].marks
    for meeting, mark in zip(model.meetings, marks, strict=True):
        if meeting.start.date() < joined:
            assert mark is Mark.NOT_MEMBER
        elif meeting.held:
            assert mark is Mark.NOT_RECORDED
        else:
            assert mark is Mark.TO_COME
    assert model.people[row].expected == sum(
        m.held and m.start.date() >= joined for m in model.meetings
    )


def test_choosing_another_body_and_year_reads_their_matrix(matrix: AttendanceMatrixWindow) -> None:
    matrix.body_box.select_value("RSC")
    assert matrix.heading.text() == "Research Subcommittee, 2026"
    assert all(m.ref.startswith("RSC/") for m in matrix.model.meetings)

    assert matrix.year_box.select_value(2027)
    assert matrix.heading.text() == "Research Subcommittee, 2027"
    assert matrix.model.meetings
    assert all(m.start.year == 2027 and not m.held for m in matrix.model.meetings)


def test_the_legend_explains_every_mark(matrix: AttendanceMatrixWindow) -> None:
    words = [label.text() for _swatch, label in matrix.legend.entries]

    assert words == [text for _mark, text in LEGEND]
    assert {mark for mark, _text in LEGEND} >= set(Mark) - {Mark.NOT_INVITED}


@pytest.mark.parametrize("palette", [light_palette(), dark_palette()], ids=["light", "dark"])
@pytest.mark.parametrize(
    "mark", [Mark.PRESENT, Mark.REMOTE, Mark.APOLOGIES, Mark.ABSENT, Mark.IN_ATTENDANCE]
)
def test_the_marks_read_in_light_and_dark_themes(palette: QPalette, mark: Mark) -> None:
    tint = colours.mark_tint(mark, palette)
    assert tint is not None

    assert contrast(tint.text, tint.background) >= 4.5
    # The chip stands out from the table behind it.
    assert contrast(tint.background, palette.color(QPalette.ColorRole.Base)) >= 1.8
