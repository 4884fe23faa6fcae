"""Bodies and their reporting lines."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ccsc_gov.core.errors import NotFound
from ccsc_gov.core.models import Body, BodyKind


@dataclass(frozen=True)
class BodyView:
    id: int
    code: str
    name: str
    kind: BodyKind
    parent: str | None
    independent_chair: bool
    retired: bool


def list_bodies(session: Session, *, include_retired: bool = True) -> list[BodyView]:
    """Every body, parents before their children (reporting-line order), then by code."""
    parent = aliased(Body)
    query = select(Body, parent.code).outerjoin(parent, Body.parent_id == parent.id)
    if not include_retired:
        query = query.where(Body.retired.is_(False))
    rows = [
        BodyView(b.id, b.code, b.name, b.kind, parent_code, b.independent_chair, b.retired)
        for b, parent_code in session.execute(query)
    ]
    return _in_tree_order(rows)


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
    return ordered


def body_by_code(session: Session, code: str) -> Body:
    body = session.execute(select(Body).where(Body.code == code.upper())).scalar_one_or_none()
    if body is None:
        known = ", ".join(session.scalars(select(Body.code).order_by(Body.id)))
        raise NotFound(f"There is no body with the code “{code}”. Known bodies: {known}.")
    return body
