"""An agenda's timings: when each item starts, from the meeting's start and the time given to
each item before it, so that the last item ends by the meeting's end.

Items are taken in the order given (the open business, then the closed session). An item
with sub-items starts with its first sub-item and covers them; its own allocation, when its
sub-items have none, is shared among them. Items without an allocation share evenly what the
allocated ones leave of the meeting (at least `SMALLEST_SHARE` minutes each); when the
allocations alone overrun the meeting, they are shortened in proportion so that it still
ends on time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

SMALLEST_SHARE = 5
"""Minutes: what an item without an allocation gets however full the meeting is."""


@dataclass(frozen=True)
class Timed:
    """What timing needs to know of an item."""

    number: str  # "5", "5.2"
    minutes: int | None  # its allocation; None: a share of what remains


@dataclass(frozen=True)
class Slot:
    start: dt.datetime
    minutes: int
    shared: bool = False  # no allocation of its own: an even share of what remained


def _parent(number: str) -> str | None:
    return number.rsplit(".", 1)[0] if "." in number else None


def timings(items: Sequence[Timed], start: dt.datetime, end: dt.datetime) -> dict[str, Slot]:
    """Each item's start, length and whether that length is a share; by item number."""
    parents = {p for p in (_parent(i.number) for i in items) if p is not None}
    own = {i.number: i.minutes for i in items}
    # The items that take time themselves: those without sub-items.
    leaves: list[tuple[str, int | None]] = []
    for item in items:
        if item.number in parents:
            continue
        minutes = item.minutes
        parent = _parent(item.number)
        if minutes is None and parent is not None and own.get(parent) is not None:
            siblings = [i for i in items if _parent(i.number) == parent]
            if all(s.minutes is None for s in siblings):
                minutes = (own[parent] or 0) // len(siblings)
        leaves.append((item.number, minutes))

    length = max(int((end - start).total_seconds() // 60), 0)
    allocated = sum(m for _, m in leaves if m is not None)
    sharing = sum(1 for _, m in leaves if m is None)
    room = length - SMALLEST_SHARE * sharing
    scale = room / allocated if allocated > room > 0 else (0.0 if allocated > room else 1.0)
    lengths = {n: int(m * scale) for n, m in leaves if m is not None}
    share = 0
    if sharing:
        share = max((length - sum(lengths.values())) // sharing, SMALLEST_SHARE)

    slots: dict[str, Slot] = {}
    clock = start
    for number, minutes in leaves:
        taken = lengths[number] if minutes is not None else share
        slots[number] = Slot(clock, taken, shared=minutes is None)
        parent = _parent(number)
        if parent is not None and parent not in slots:
            slots[parent] = Slot(clock, 0)
        clock += dt.timedelta(minutes=taken)
    # A heading's length is the sum of its sub-items'.
    for parent in parents:
        if parent in slots:
            covered = sum(s.minutes for n, s in slots.items() if _parent(n) == parent)
            slots[parent] = Slot(slots[parent].start, covered)
    return slots
