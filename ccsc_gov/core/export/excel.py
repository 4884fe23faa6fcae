"""The action log as an Excel workbook, for a chair who sorts and filters it.

User text never becomes a formula: every text cell is stored as a string and flagged with
Excel's quote prefix, so "=cmd|' /C calc'!A0" stays words even after someone edits the cell.
Characters Excel cannot hold are cleaned, and text past Excel's 32,767-character limit is
cut with a marker saying so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from ccsc_gov.core.export.action_log import OVERDUE, status_cell
from ccsc_gov.core.export.files import write_atomic
from ccsc_gov.core.export.snapshots import ActionLogSnapshot
from ccsc_gov.core.export.text import (
    EXCEL_CELL_LIMIT,
    clean,
    clean_line,
    join_names,
    plain_date,
    truncate,
)

COLUMNS: Sequence[tuple[str, float]] = (
    ("Body", 8),
    ("Ref", 17),
    ("Item", 7),
    ("Action", 50),
    ("Owners", 22),
    ("Due", 12),
    ("Original due", 12),
    ("Status", 18),
    ("Overdue", 9),
    ("Latest note", 45),
    ("Confidential", 12),  # raised under a confidential item: the log is internal
)
HEADER_ROW = 4
DATE_FORMAT = "d mmm yyyy"

_TITLE = Font(bold=True, size=14, color="1F3A5F")
_HEADING = Font(bold=True, color="FFFFFF")
_HEADING_FILL = PatternFill("solid", fgColor="1F3A5F")
_OVERDUE = Font(bold=True, color="B3261E")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


def excel_text(value: str) -> str:
    """Text an Excel cell can hold."""
    return truncate(clean(value), EXCEL_CELL_LIMIT)


def _put(sheet: Any, row: int, column: int, value: str | dt.date | None) -> Any:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        if not value:
            return cell
        cell.value = excel_text(value)
        # openpyxl takes a string starting "=" for a formula; say it is text, and have Excel
        # keep it text if the cell is edited (the quote prefix), whatever it starts with.
        cell.data_type = "s"
        cell.quotePrefix = True
    elif value is not None:
        cell.value = value
        cell.number_format = DATE_FORMAT
    return cell


def action_log_workbook(snapshot: ActionLogSnapshot) -> Any:
    """The workbook (an openpyxl Workbook), for writing or for a test to read."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Action log"
    _put(
        sheet, 1, 1, f"{snapshot.scope} — action log as at {plain_date(snapshot.as_of)}"
    ).font = _TITLE
    shown = clean_line(snapshot.filter_description) or "all actions"
    _put(sheet, 2, 1, f"Showing: {shown}")
    for column, (heading, width) in enumerate(COLUMNS, start=1):
        cell = _put(sheet, HEADER_ROW, column, heading)
        cell.font = _HEADING
        cell.fill = _HEADING_FILL
        sheet.column_dimensions[get_column_letter(column)].width = width
    for offset, row in enumerate(snapshot.rows, start=1):
        values: list[str | dt.date | None] = [
            row.body_code,
            row.ref,
            row.item,
            row.description,
            join_names(row.owners, separator=", "),
            row.due,
            row.original_due if row.original_due != row.due else None,
            status_cell(row),
            OVERDUE if row.overdue else "",
            row.latest_note,
            "Yes" if row.confidential else "",
        ]
        for column, value in enumerate(values, start=1):
            cell = _put(sheet, HEADER_ROW + offset, column, value)
            cell.alignment = _WRAP if COLUMNS[column - 1][1] > 20 else _TOP
            if row.overdue:
                cell.font = _OVERDUE
    last = HEADER_ROW + len(snapshot.rows)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{last}"
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    workbook.properties.title = excel_text(f"{snapshot.scope} — action log")
    workbook.properties.creator = "ccsc-gov"
    return workbook


def write_action_log_xlsx(snapshot: ActionLogSnapshot, path: Path) -> Path:
    """Write the action log to `path` as an .xlsx workbook, atomically."""
    workbook = action_log_workbook(snapshot)
    return write_atomic(path, workbook.save)
