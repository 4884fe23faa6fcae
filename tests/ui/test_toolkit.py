"""The UI toolkit every window builds on: the table models over plain rows (a long list's,
filtered and sorted; a short table's, its cells made once), roomy columns, and the one export
helper (where to save, writing off the GUI thread, remembering the folder)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QFileDialog, QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ccsc_gov.core.governance.errors import InvalidInput
from ccsc_gov.ui import export
from ccsc_gov.ui.tables import (
    CELL_ROLES,
    ROOM_WIDTH,
    ROW_ROLE,
    Column,
    ListTableModel,
    ShortTableModel,
    make_table,
    set_up_table,
)


@dataclass(frozen=True)
class Action:
    ref: str
    owner: str
    due: dt.date


ACTIONS = [
    Action("EMC/2026/03/A2", "Dr Samir Haddad", dt.date(2026, 5, 1)),
    Action("EMC/2026/03/A1", "", dt.date(2026, 4, 14)),
    Action("EMC/2026/03/A10", "Prof. Hannah Okafor", dt.date(2026, 6, 30)),
]

COLUMNS: tuple[Column[Action], ...] = (
    Column("Ref.", lambda a: a.ref, lambda a: int(a.ref.rsplit("A", 1)[1]), 16),
    Column("Owner", lambda a: a.owner or "No owner", width=20),
    Column("Due", lambda a: a.due.isoformat(), lambda a: a.due, 11, stretch=True),
)


def shown(model: ListTableModel[Action]) -> list[str]:
    return [model.row_at(row).ref for row in range(model.rowCount())]


def test_a_list_table_is_a_sound_qt_model_before_and_after_its_rows_arrive(
    qtmodeltester: ModelTester,
) -> None:
    model: ListTableModel[Action] = ListTableModel(columns=COLUMNS)
    qtmodeltester.check(model)
    model.set_rows(ACTIONS)
    qtmodeltester.check(model)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_cells_show_the_columns_text_and_the_row_behind_them() -> None:
    model: ListTableModel[Action] = ListTableModel(columns=COLUMNS)
    model.set_rows(ACTIONS)

    assert [model.headerData(n, Qt.Orientation.Horizontal) for n in range(3)] == [
        "Ref.",
        "Owner",
        "Due",
    ]
    assert model.index(1, 1).data() == "No owner"
    assert model.index(1, 0).data(ROW_ROLE) is ACTIONS[1]
    assert model.rows == ACTIONS


def test_sorting_uses_each_columns_key_and_keeps_the_chosen_row() -> None:
    model: ListTableModel[Action] = ListTableModel(columns=COLUMNS)
    model.set_rows(ACTIONS)
    chosen = QPersistentModelIndex(model.index(0, 0))  # EMC/2026/03/A2

    model.sort(0, Qt.SortOrder.AscendingOrder)

    # By number, not as text: A10 after A2.
    assert shown(model) == ["EMC/2026/03/A1", "EMC/2026/03/A2", "EMC/2026/03/A10"]
    assert chosen.row() == 1
    model.sort(1, Qt.SortOrder.AscendingOrder)  # no key: the text shown
    assert shown(model) == ["EMC/2026/03/A2", "EMC/2026/03/A1", "EMC/2026/03/A10"]


def test_a_cell_repeats_its_text_as_a_tooltip_only_when_the_table_asks() -> None:
    plain: ListTableModel[Action] = ListTableModel(columns=COLUMNS)
    telling: ListTableModel[Action] = ListTableModel(columns=COLUMNS, text_tooltips=True)
    for model in (plain, telling):
        model.set_rows(ACTIONS)

    assert plain.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) is None
    assert telling.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == "Dr Samir Haddad"


def test_styling_answers_a_role_before_the_column_does() -> None:
    def styling(action: Action, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == 2 and action.due < dt.date(2026, 5, 1):
            return "Overdue"
        return None

    model: ListTableModel[Action] = ListTableModel(
        columns=COLUMNS, styling=styling, text_tooltips=True
    )
    model.set_rows(ACTIONS)

    assert model.index(1, 2).data(Qt.ItemDataRole.ToolTipRole) == "Overdue"
    assert model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) == "2026-05-01"


def test_a_filtering_table_shows_only_the_matching_rows() -> None:
    class Owned(ListTableModel[Action]):
        columns = COLUMNS

        def matching(self, candidates: Sequence[int]) -> Sequence[int]:
            return [n for n in candidates if self._rows[n].owner]

    model = Owned()
    model.set_rows(ACTIONS)

    assert shown(model) == ["EMC/2026/03/A2", "EMC/2026/03/A10"]
    assert model.total == 3
    assert model.find_row(lambda a: a.ref.endswith("A10")) == 1
    assert model.find_row(lambda a: a.ref.endswith("A1")) == -1


def test_tables_are_read_as_lists(qtbot: QtBot) -> None:
    model: ListTableModel[Action] = ListTableModel(columns=COLUMNS)
    model.set_rows(ACTIONS)
    sized = make_table(model, name="Actions")
    roomy = QTableView()
    roomy.setModel(model)
    set_up_table(roomy, "Actions due", stretch=2)
    for table in (sized, roomy):
        qtbot.addWidget(table)
        assert table.editTriggers() == QTableView.EditTrigger.NoEditTriggers
        assert table.selectionBehavior() == QTableView.SelectionBehavior.SelectRows
        assert not table.verticalHeader().isVisible()
    assert sized.accessibleName() == "Actions"
    assert roomy.accessibleName() == "Actions due"


def test_a_short_table_holds_the_cells_a_list_table_works_out(
    qtmodeltester: ModelTester,
) -> None:
    def styling(action: Action, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and not action.owner:
            return QBrush(QColor("grey"))
        return None

    long: ListTableModel[Action] = ListTableModel(
        columns=COLUMNS, styling=styling, text_tooltips=True
    )
    short: ShortTableModel[Action] = ShortTableModel(
        columns=COLUMNS, styling=styling, text_tooltips=True
    )
    for model in (long, short):
        model.set_rows(ACTIONS)
    qtmodeltester.check(short)

    assert short.rows == ACTIONS
    assert short.row_at(1) is ACTIONS[1]
    assert short.find_row(lambda a: a.ref.endswith("A10")) == 2
    assert [short.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "Ref.",
        "Owner",
        "Due",
    ]
    for row in range(len(ACTIONS)):
        for column in range(len(COLUMNS)):
            for role in (*CELL_ROLES, ROW_ROLE):
                expected = long.index(row, column).data(role)
                assert short.index(row, column).data(role) == expected, (row, column, role)
    # Read only, whatever the view allows.
    assert not short.flags(short.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


def test_a_roomy_tables_columns_fit_their_widest_cell_with_room_after_each_change(
    qtbot: QtBot,
) -> None:
    model: ShortTableModel[Action] = ShortTableModel(columns=COLUMNS)
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    set_up_table(table, "Actions due", stretch=2)
    header = table.horizontalHeader()

    def text_width(text: str) -> int:
        return table.fontMetrics().horizontalAdvance(text)

    # Before any row, a column is as wide as its heading.
    assert header.sectionSize(1) == header.sectionSizeHint(1)

    model.set_rows(ACTIONS)
    widest = max(text_width(a.owner or "No owner") for a in ACTIONS)
    assert header.sectionSize(1) >= widest + ROOM_WIDTH
    assert header.sectionSize(1) == table.sizeHintForColumn(1) + ROOM_WIDTH

    longer = Action(
        "EMC/2026/03/A11", "Professor Hannah Okafor-Wójcik, Deputy Director", ACTIONS[0].due
    )
    model.set_rows([*ACTIONS, longer])
    assert header.sectionSize(1) >= text_width(longer.owner) + ROOM_WIDTH
    # The stretching column takes what is left; the others are not dragged wider by hand.
    assert header.sectionResizeMode(2) == header.ResizeMode.Stretch
    assert header.sectionResizeMode(1) == header.ResizeMode.Fixed


# --- the export helper ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kind", "saved_as"),
    [
        ("minutes", export.FileKind.WORD, "minutes.docx"),
        ("minutes.DOCX", export.FileKind.WORD, "minutes.DOCX"),
        ("log", export.FileKind.EXCEL, "log.xlsx"),
        ("agenda.v2", export.FileKind.PDF, "agenda.v2.pdf"),
    ],
)
def test_a_name_typed_without_its_suffix_gets_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    typed: str,
    kind: export.FileKind,
    saved_as: str,
) -> None:
    offered: list[tuple[str, str]] = []

    def dialog(_parent: Any, _title: str, suggested: str, kinds: str) -> tuple[str, str]:
        offered.append((suggested, kinds))
        return str(tmp_path / typed), kinds

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)

    path = export.ask_save_path(None, title="Save", name="suggested" + kind.suffix, kind=kind)

    assert path == tmp_path / saved_as
    assert offered[0][0].endswith("suggested" + kind.suffix)
    assert offered[0][1] == f"{kind.label} (*{kind.suffix})"


def test_cancelling_the_save_dialog_saves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: ("", ""))
    assert (
        export.ask_save_path(None, title="Save", name="x.docx", kind=export.FileKind.WORD) is None
    )


def test_a_job_writes_off_the_gui_thread_and_the_next_export_starts_in_its_folder(
    qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "board papers"
    folder.mkdir()
    threads: list[int] = []

    def write(path: Path) -> Path:
        threads.append(threading.get_ident())
        path.write_text("minutes")
        return path

    job = export.ExportJob(write, folder / "minutes.docx")
    with qtbot.waitSignal(job.done, timeout=10_000) as done:
        job.start()

    assert done.args == [folder / "minutes.docx"]
    assert threads
    assert threads[0] != threading.get_ident()
    assert export.export_folder() == folder


def test_a_job_refused_in_words_says_so_and_remembers_no_folder(
    qtbot: QtBot, tmp_path: Path
) -> None:
    before = export.export_folder()

    def write(_path: Path) -> Path:
        raise InvalidInput("The folder does not exist.")

    job = export.ExportJob(write, tmp_path / "gone" / "log.xlsx")
    with qtbot.waitSignal(job.refused, timeout=10_000) as refused:
        job.start()

    assert str(refused.args[0]) == "The folder does not exist."
    assert export.export_folder() == before
