"""A large meeting's minutes, and the reference: python-docx writing the same content directly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document

from ccsc_gov.core.export.snapshots import (
    ActionEntry,
    Attendee,
    DecisionEntry,
    MinutesItem,
    MinutesSnapshot,
    QuorumStatement,
)
from ccsc_gov.core.store.models import DecisionOutcome, Purpose, Role

MINUTE = (
    "The Committee considered the paper and discussed the options set out in it. Members "
    "asked for the figures to be broken down by partner institution.\n"
    "- The proposal is within the agreed budget.\n- A further report will follow."
)


def big_meeting(*, items: int, actions: int) -> MinutesSnapshot:
    start = dt.datetime(2026, 3, 10, 14)
    entries = []
    for n in range(1, items + 1):
        owned = [a for a in range(actions) if a % items == n - 1]
        entries.append(
            MinutesItem(
                number=f"5.{n}",
                title=f"Business item {n}: report on the research programme",
                purpose=Purpose.DECISION,
                presenter="Centre Director",
                minutes=MINUTE,
                decisions=(
                    DecisionEntry(
                        f"EMC/2026/03/D{n}",
                        DecisionOutcome.APPROVED,
                        "The recommendations in the paper were approved.",
                    ),
                ),
                actions=tuple(
                    ActionEntry(
                        f"EMC/2026/03/A{a + 1}",
                        "Circulate the revised report",
                        ("P. Natarajan",),
                        start.date() + dt.timedelta(days=30),
                    )
                    for a in owned
                ),
            )
        )
    return MinutesSnapshot(
        body_name="Executive Management Committee",
        body_code="EMC",
        meeting_ref="EMC/2026/03",
        start=start,
        end=start + dt.timedelta(hours=3),
        location="Seminar Room 2",
        present=tuple(Attendee(f"Member {n}", Role.MEMBER) for n in range(10)),
        quorum=QuorumStatement(quorate=True, voting_present=10, voting_members=12),
        items=tuple(entries),
    )


def write_directly(snapshot: MinutesSnapshot, path: Path) -> None:
    """The same headings, paragraphs and action table, straight through python-docx."""
    doc = Document()
    doc.add_heading(snapshot.body_name, 0)
    doc.add_paragraph(f"Minutes of the meeting held on {snapshot.start:%A %d %B %Y}")
    doc.add_paragraph("Present: " + "; ".join(a.name for a in snapshot.present))
    rows = []
    for item in snapshot.items:
        doc.add_heading(f"{item.number} {item.title}", 2)
        for line in item.minutes.splitlines():
            doc.add_paragraph(
                line.removeprefix("- "), style="List Bullet" if line.startswith("- ") else None
            )
        for decision in item.decisions:
            doc.add_paragraph(f"Decision {decision.ref} — {decision.outcome}. {decision.text}")
        for action in item.actions:
            doc.add_paragraph(
                f"Action {action.ref} — {action.description}. "
                f"Owner: {', '.join(action.owners)}. Due: {action.due}"
            )
            rows.append(
                (
                    action.ref,
                    item.number,
                    action.description,
                    ", ".join(action.owners),
                    str(action.due),
                )
            )
    table = doc.add_table(rows=1, cols=5)
    for cell, heading in zip(
        table.rows[0].cells, ("Ref", "Item", "Action", "Owner", "Due"), strict=True
    ):
        cell.text = heading
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    doc.save(str(path))
