"""Listing the bodies along their reporting lines, and the error for a code that names none.

The main window lists the bodies as it starts, before the models' classes are made: this module
reads through the tables of store/schema.py, and never imports the models.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import NotFound
from ccsc_gov.core.governance.guards import shown
from ccsc_gov.core.governance.vocabulary import BodyKind
from ccsc_gov.core.services.common import Area, Changes
from ccsc_gov.core.store import schema


@dataclass(frozen=True)
class BodyView:
    id: int
    code: str
    name: str
    kind: BodyKind
    parent: str | None
    independent_chair: bool
    retired: bool
    version: int  # raised by every change; an edit names the one it was made from

    @property
    def changes(self) -> Changes:
        return Changes(Area.BODIES)


def list_bodies(session: Session, *, include_retired: bool = True) -> list[BodyView]:
    """Every body, parents before their children (reporting-line order), then by code.

    Read through the table, as `list_meetings` is (see the module's docstring)."""
    body = schema.body
    parent = body.alias("parent")
    query = select(
        body.c.id,
        body.c.code,
        body.c.name,
        body.c.kind,
        parent.c.code,
        body.c.independent_chair,
        body.c.retired,
        body.c.version,
    ).select_from(body.outerjoin(parent, body.c.parent_id == parent.c.id))
    if not include_retired:
        query = query.where(body.c.retired.is_(False))
    return _in_tree_order([BodyView(*row) for row in session.execute(query)])


def _in_tree_order(bodies: list[BodyView]) -> list[BodyView]:
    children: dict[str | None, list[BodyView]] = {}
    for body in bodies:
        children.setdefault(body.parent, []).append(body)
    ordered: list[BodyView] = []

    def visit(code: str | None) -> None:
        for child in children.get(code, []):
            ordered.append(child)
            visit(child.code)

    # The reporting order of the seeded Centre (board, committee, subcommittees) comes from
    # insertion; any later body follows its siblings.
    for siblings in children.values():
        siblings.sort(key=lambda b: b.id)
    visit(None)
    # A body whose parent is retired and filtered out still belongs in the list.
    listed = {b.id for b in ordered}
    ordered += [b for b in bodies if b.id not in listed]
    return ordered


def unknown_body(code: str, known: Iterable[str]) -> NotFound:
    """The error for a body code that names none of the bodies `known` (their codes)."""
    return NotFound(
        f"There is no body with the code “{shown(code)}”. Known bodies: {', '.join(known)}."
    )
