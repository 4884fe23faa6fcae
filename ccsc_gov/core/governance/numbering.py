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


def paper_letters(n: int) -> str:
    """The letters of a body's n-th paper in a month (1 → A, 26 → Z, 27 → AA), as in
    EMC-26-11-A."""
    if n < 1:
        raise ValueError(n)
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def paper_index(letters: str) -> int | None:
    """The inverse of `paper_letters`; None for anything that is not capital letters."""
    if not letters or not all("A" <= c <= "Z" for c in letters):
        return None
    n = 0
    for c in letters:
        n = n * 26 + ord(c) - 64
    return n
