"""The action log as an .xlsx workbook, reopened with openpyxl."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile
from pathlib import Path

from demo_meeting import demo_action_log
from openpyxl import load_workbook

from ccsc_gov.core.export.excel import HEADER_ROW, write_action_log_xlsx
from ccsc_gov.core.export.snapshots import ActionLogRow, ActionLogSnapshot
from ccsc_gov.core.export.text import EXCEL_CELL_LIMIT
from ccsc_gov.core.store.models import ActionStatus

INJECTIONS = ("=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)", '=HYPERLINK("x")')


def test_the_rows_match_the_log_with_real_dates_and_overdue_marked(tmp_path: Path) -> None:
    snapshot = demo_action_log()
    target = tmp_path / "actions.xlsx"
    write_action_log_xlsx(snapshot, target)
    sheet = load_workbook(target)["Action log"]
    header = [c.value for c in sheet[HEADER_ROW]]
    assert header[:4] == ["Body", "Ref", "Item", "Action"]
    for offset, row in enumerate(snapshot.rows, start=1):
        values = [c.value for c in sheet[HEADER_ROW + offset]]
        assert values[:5] == [
            row.body_code,
            row.ref,
            row.item,
            row.description,
            ", ".join(row.owners),
        ]
        assert row.due is not None
        assert values[5] == dt.datetime.combine(row.due, dt.time())
        assert (values[8] == "OVERDUE") == row.overdue
        assert sheet.cell(HEADER_ROW + offset, 1).font.b == row.overdue
    first = [c.value for c in sheet[HEADER_ROW + 1]]
    assert first[6] == dt.datetime(2026, 2, 28)  # the original due date of a revised one
    assert sheet.auto_filter.ref == f"A{HEADER_ROW}:K{HEADER_ROW + len(snapshot.rows)}"
    assert sheet["A2"].value == "Showing: Status: open, in progress, completed"


def test_user_text_never_becomes_a_formula(tmp_path: Path) -> None:
    rows = tuple(
        ActionLogRow(
            ref=f"EMC/2026/03/A{n}",
            body_code=text,
            item=text,
            description=text,
            status=ActionStatus.OPEN,
            owners=(text,),
            latest_note=text,
        )
        for n, text in enumerate(INJECTIONS, start=1)
    )
    target = tmp_path / "actions.xlsx"
    write_action_log_xlsx(
        ActionLogSnapshot(as_of=dt.date(2026, 4, 1), rows=rows, filter_description="=1+1"),
        target,
    )
    sheet = load_workbook(target)["Action log"]
    for offset, text in enumerate(INJECTIONS, start=1):
        for column in (1, 3, 4, 5, 10):
            cell = sheet.cell(HEADER_ROW + offset, column)
            assert cell.value == text
            assert cell.data_type == "s"
            assert cell.quotePrefix
    with zipfile.ZipFile(target) as package:
        worksheet = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in worksheet
    assert "<f " not in worksheet


def test_characters_excel_cannot_hold_are_cleaned_and_long_text_is_cut(tmp_path: Path) -> None:
    hostile = "a\x00b\x01c\x0bd\x1fe \ud800 \ud83d\ude00 😀 עברית \u202e"
    row = ActionLogRow(
        ref="EMC/2026/03/A1",
        body_code="EMC",
        item="5",
        description=hostile,
        status=ActionStatus.OPEN,
        latest_note="x" * 100_000,
    )
    target = tmp_path / "actions.xlsx"
    write_action_log_xlsx(ActionLogSnapshot(as_of=dt.date(2026, 4, 1), rows=(row,)), target)
    sheet = load_workbook(target)["Action log"]
    description = sheet.cell(HEADER_ROW + 1, 4).value
    assert description == "abc\nde \ufffd 😀 😀 עברית "
    note = sheet.cell(HEADER_ROW + 1, 10).value
    assert len(note) == EXCEL_CELL_LIMIT
    assert note.endswith("[truncated]")


def test_an_empty_log_is_still_a_workbook_with_its_headings(tmp_path: Path) -> None:
    target = tmp_path / "actions.xlsx"
    snapshot = dataclasses.replace(demo_action_log(), rows=())
    write_action_log_xlsx(snapshot, target)
    sheet = load_workbook(target)["Action log"]
    assert sheet.cell(HEADER_ROW, 2).value == "Ref"
    assert sheet.max_row == HEADER_ROW
