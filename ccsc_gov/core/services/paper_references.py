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
from ccsc_gov.core.store.models import AgendaItem, Paper

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
    counts: dict[int, tuple[int, int]] = {}
    items = session.execute(
        select(AgendaItem.meeting_id, AgendaItem.id, AgendaItem.papers).where(
            AgendaItem.meeting_id.in_(meeting_ids)
        )
    ).all()
    numbers: dict[int, list[str]] = {}
    for item_id, number in session.execute(
        select(Paper.item_id, Paper.number).where(
            Paper.item_id.in_([item_id for _, item_id, _ in items])
        )
    ):
        numbers.setdefault(item_id, []).append(number)
    for meeting_id in meeting_ids:
        attached = 0
        expected: set[str] = set()
        for m_id, item_id, text in items:
            if m_id == meeting_id:
                attached += len(numbers.get(item_id, []))
                expected |= set(typed_references(text)) | set(numbers.get(item_id, []))
        counts[meeting_id] = (attached, len(expected))
    return counts
