"""The action log as a Word document: one body's, or every body's for the Board's chair.

Each row gives the reference, origin item, action, owners, due date (a revised date shown with
the original), status and latest note; an overdue row is set in the template's overdue style
and says so in words, so the marking survives a black-and-white printer.

The log is an internal document: it lists actions raised under confidential items too, each
marked "Confidential" before its text, and a log holding one is marked CONFIDENTIAL.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document

from ccsc_gov.core.export.files import save_document
from ccsc_gov.core.export.snapshots import ActionLogRow, ActionLogSnapshot
from ccsc_gov.core.export.template import (
    Cell,
    CharacterStyle,
    HeaderFields,
    ParagraphStyle,
    Properties,
    TableStyle,
    add_paragraph,
    add_row,
    add_table,
    landscape,
    new_document,
)
from ccsc_gov.core.export.text import (
    clean_line,
    count_words,
    due_text,
    join_names,
    plain_date,
    status_words,
)

P = ParagraphStyle
OVERDUE = "OVERDUE"
CONFIDENTIAL_ROW = "Confidential:"


def status_cell(row: ActionLogRow) -> str:
    status = status_words(row.status)
    return f"{status} · {OVERDUE}" if row.overdue else status


def _cells(row: ActionLogRow, *, combined: bool) -> list[str]:
    cells = [
        row.ref,
        row.item,
        row.description,
        join_names(row.owners, separator=", "),
        due_text(row.due, row.original_due),
        status_cell(row),
        row.latest_note,
    ]
    return [row.body_code, *cells] if combined else cells


def _summary(snapshot: ActionLogSnapshot) -> str:
    total = len(snapshot.rows)
    overdue = sum(row.overdue for row in snapshot.rows)
    actions = "action" if total == 1 else "actions"
    text = f"{count_words(total).capitalize()} {actions}"
    if overdue:
        text += f", {count_words(overdue)} of them overdue (marked {OVERDUE} in the status)"
    return text + "."


def action_log_document(snapshot: ActionLogSnapshot, *, template: Path | None = None) -> Document:
    scope = snapshot.scope
    as_of = plain_date(snapshot.as_of)
    confidential = any(row.confidential for row in snapshot.rows)
    document = new_document(
        template,
        header=HeaderFields(
            body=scope,
            document="Action log",
            reference=f"as at {as_of}",
            marking="CONFIDENTIAL" if confidential else "",
        ),
        properties=Properties(
            title=f"{scope} — action log as at {as_of}",
            subject="Action log",
            keywords=f"{snapshot.body_code or 'all bodies'}; action log",
            category="Action log",
        ),
    )
    landscape(document)
    add_paragraph(document, P.TITLE, "Action log")
    shown = clean_line(snapshot.filter_description) or "all actions"
    add_paragraph(document, P.SUBTITLE, f"{scope}, as at {as_of}: {shown[:1].lower()}{shown[1:]}")
    add_paragraph(document, P.DETAILS, ("Showing:", CharacterStyle.LABEL), f" {shown}")
    add_paragraph(document, P.DETAILS, _summary(snapshot))
    if not snapshot.rows:
        add_paragraph(document, P.NOTE, "No actions match.")
        return document

    headings = ["Ref", "Item", "Action", "Owners", "Due", "Status", "Latest note"]
    # Ref holds the longest reference ("NCTSC/2026/04/A12") on one line.
    proportions = [3.3, 0.9, 5.7, 2.6, 2.4, 2.2, 4.6]
    if snapshot.combined:
        headings.insert(0, "Body")
        proportions.insert(0, 1.5)
    texts = [_cells(row, combined=snapshot.combined) for row in snapshot.rows]
    table = add_table(
        document, TableStyle.ACTION_TABLE, headings, proportions, texts, {headings.index("Due")}
    )
    # Only the status of an overdue action is set in the overdue style, not the whole row.
    overdue = {headings.index("Status"): P.TABLE_OVERDUE}
    for row, plain in zip(snapshot.rows, texts, strict=True):
        cells: list[Cell] = list(plain)
        if row.confidential:
            at = headings.index("Action")
            cells[at] = ((CONFIDENTIAL_ROW, CharacterStyle.LABEL), " ", row.description)
        add_row(table, cells, cell_styles=overdue if row.overdue else None)
    add_paragraph(
        document,
        P.NOTE,
        "A revised due date is shown with the original in brackets. Overdue: past its due date "
        "and neither completed, closed nor cancelled.",
    )
    if confidential:
        add_paragraph(
            document,
            P.NOTE,
            f"Actions marked “{CONFIDENTIAL_ROW}” arose from confidential items: this log is "
            "not for circulation beyond the governance bodies.",
        )
    return document


def write_action_log(
    snapshot: ActionLogSnapshot, path: Path, *, template: Path | None = None
) -> Path:
    """Write the action log to `path` as a Word document, atomically."""
    return save_document(action_log_document(snapshot, template=template), path)
