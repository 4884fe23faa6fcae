"""Agenda numbering: the number of every item (5, 5.2) follows from positions alone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Placed:
    """What numbering needs to know of an item."""

    id: int
    parent_id: int | None
    position: int


def agenda_order(items: Iterable[Placed]) -> list[tuple[int, str]]:
    """(item id, number) in running order: each top-level item followed by its sub-items."""
    children: dict[int | None, list[Placed]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    for siblings in children.values():
        siblings.sort(key=lambda i: (i.position, i.id))
    ordered: list[tuple[int, str]] = []
    for top_number, top in enumerate(children.get(None, []), start=1):
        ordered.append((top.id, str(top_number)))
        for sub_number, sub in enumerate(children.get(top.id, []), start=1):
            ordered.append((sub.id, f"{top_number}.{sub_number}"))
    return ordered
