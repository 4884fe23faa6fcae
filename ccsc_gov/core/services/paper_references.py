"""The paper references a clerk types on an agenda item ("GB/2026/07, GB/2026/08"), and how
many papers each meeting has attached against how many its agenda expects.

A module of its own so that the main window's Papers column reads it without the paper
library's services (papers.py), which the window does not need to start.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccsc_gov.core.services.common import reference_key
from ccsc_gov.core.store import schema

_SEPARATORS = re.compile(r"[,;\n]+")


def typed_papers(text: str) -> list[str]:
    """The references typed on an item as the clerk typed them, one per line or separated by
    commas."""
    return [p.strip() for p in _SEPARATORS.split(text) if p.strip()]


def typed_references(text: str) -> list[str]:
    """The references typed on an item, each as a paper's number is kept."""
    return [reference_key(p) for p in typed_papers(text)]


def papers_in_and_expected(
    session: Session, *, meeting_ids: list[int]
) -> dict[int, tuple[int, int]]:
    """Per meeting: how many papers are attached, and how many its agenda expects (the paper
    references typed on its items, and the papers attached)."""
    attached: dict[int, int] = dict.fromkeys(meeting_ids, 0)
    expected: dict[int, set[str]] = {meeting_id: set() for meeting_id in meeting_ids}
    # One row per item and paper attached to it (and one for an item with none).
    item, paper = schema.agenda_item, schema.paper
    for meeting_id, text, number in session.execute(
        select(item.c.meeting_id, item.c.papers, paper.c.number)
        .select_from(item.outerjoin(paper, paper.c.item_id == item.c.id))
        .where(item.c.meeting_id.in_(meeting_ids))
    ):
        expected[meeting_id].update(typed_references(text))
        if number is not None:
            attached[meeting_id] += 1
            expected[meeting_id].add(number)
    return {m: (attached[m], len(expected[m])) for m in meeting_ids}
