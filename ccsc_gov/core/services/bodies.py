"""Bodies: finding one by its code, creating, editing, retiring and reinstating them. Listing
them along their reporting lines is in body_list.py, their terms of reference in terms.py."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed, NotFound
from ccsc_gov.core.governance.guards import printable, shown
from ccsc_gov.core.services.body_list import BodyView, unknown_body
from ccsc_gov.core.services.common import KEEP, Keep, reference_key, row_by_id
from ccsc_gov.core.store.conflicts import check_version
from ccsc_gov.core.store.models import (
    Body,
    BodyKind,
    Meeting,
    MeetingStatus,
)

CODE_PATTERN = re.compile(r"[A-Z][A-Z0-9]{0,15}")


def body_by_code(session: Session, code: str) -> Body:
    body = session.execute(
        select(Body).where(Body.code == reference_key(code))
    ).scalar_one_or_none()
    if body is None:
        raise unknown_body(code, session.scalars(select(Body.code).order_by(Body.id)))
    return body


def body_by_id(session: Session, body_id: int) -> Body:
    body = row_by_id(session, Body, body_id)
    if body is None:
        raise NotFound(f"There is no body number {body_id}.")
    return body


def _view(body: Body) -> BodyView:
    return BodyView(
        body.id,
        body.code,
        body.name,
        body.kind,
        body.parent.code if body.parent else None,
        body.independent_chair,
        body.retired,
        body.version,
    )


def body_view(session: Session, *, code: str) -> BodyView:
    return _view(body_by_code(session, code))


def _clean_code(session: Session, code: str, *, current: Body | None = None) -> str:
    cleaned = reference_key(code)
    if not CODE_PATTERN.fullmatch(cleaned):
        raise InvalidInput(
            f"“{shown(code)}” cannot be a body code: use 1 to 16 letters and digits, starting "
            "with a letter (for example EMC or SAB). The code is printed in every reference."
        )
    clash = session.execute(select(Body).where(Body.code == cleaned)).scalar_one_or_none()
    if clash is not None and clash is not current:
        raise InvalidInput(f"The code {cleaned} is already used by the {clash.name}.")
    return cleaned


def _clean_name(session: Session, name: str, *, current: Body | None = None) -> str:
    cleaned = " ".join(printable(name).split())
    if not cleaned:
        raise InvalidInput("A body needs a name.")
    if len(cleaned) > 200:
        raise InvalidInput("A body's name can be at most 200 characters long.")
    clash = session.execute(
        select(Body).where(func.lower(Body.name) == cleaned.lower())
    ).scalar_one_or_none()
    if clash is not None and clash is not current:
        raise InvalidInput(f"There is already a body called “{clash.name}” ({clash.code}).")
    return cleaned


def _parent_for(session: Session, parent: str | None, *, child: Body | None) -> Body | None:
    if parent is None or not parent.strip():
        return None
    found = body_by_code(session, parent)
    if found.retired:
        raise NotAllowed(f"The {found.name} is retired, so no body can report to it.")
    # Walk up the reporting line: the child must not appear above itself.
    step: Body | None = found
    while step is not None:
        if child is not None and step is child:
            raise NotAllowed(
                f"The {child.name} cannot report to the {found.name}: the {found.name} already "
                f"reports, directly or through others, to the {child.name}."
            )
        step = step.parent
    return found


def _check_kind(kind: BodyKind, parent: Body | None, name: str) -> None:
    if kind is BodyKind.SUBCOMMITTEE and parent is None:
        raise InvalidInput(f"The {name} is a subcommittee, so it must report to a parent body.")


def create_body(
    session: Session,
    *,
    code: str,
    name: str,
    kind: BodyKind,
    parent: str | None = None,
    independent_chair: bool = False,
) -> BodyView:
    """A new body (for example a Scientific Advisory Board); give it terms of reference next."""
    body = Body(
        code=_clean_code(session, code),
        name=_clean_name(session, name),
        kind=kind,
        parent=_parent_for(session, parent, child=None),
        independent_chair=independent_chair,
        retired=False,
    )
    _check_kind(kind, body.parent, body.name)
    session.add(body)
    session.flush()
    return _view(body)


def _has_meetings(session: Session, body: Body) -> bool:
    return session.execute(select(Meeting.id).where(Meeting.body_id == body.id)).first() is not None


def edit_body(
    session: Session,
    *,
    code: str,
    new_code: str | None = None,
    name: str | None = None,
    kind: BodyKind | None = None,
    parent: str | Keep | None = KEEP,
    independent_chair: bool | None = None,
    expected_version: int | None = None,
) -> BodyView:
    """Change a body's details; `parent=None` makes it report to no other body. With
    `expected_version`, the body must still be as the clerk loaded it (else a `Conflict`)."""
    body = body_by_code(session, code)
    check_version(session, body, expected_version, lambda: f"The {body.name} ({body.code})")
    if new_code is not None and new_code.strip().upper() != body.code:
        cleaned = _clean_code(session, new_code, current=body)
        if _has_meetings(session, body):
            raise NotAllowed(
                f"The {body.name} already has meetings whose references start with {body.code}, "
                "so its code cannot change. Change its name instead."
            )
        body.code = cleaned
    if name is not None:
        body.name = _clean_name(session, name, current=body)
    new_parent = body.parent if parent is KEEP else _parent_for(session, parent, child=body)
    new_kind = body.kind if kind is None else kind
    _check_kind(new_kind, new_parent, body.name)
    body.parent = new_parent
    body.kind = new_kind
    if independent_chair is not None:
        body.independent_chair = independent_chair
    session.flush()
    return _view(body)


def retire_body(session: Session, *, code: str) -> BodyView:
    """Retire a body: it keeps its history but takes no new meetings or members."""
    body = body_by_code(session, code)
    if body.retired:
        raise NotAllowed(f"The {body.name} is already retired.")
    children = session.scalars(
        select(Body.code).where(Body.parent_id == body.id, Body.retired.is_(False))
    ).all()
    if children:
        raise NotAllowed(
            f"{', '.join(children)} still report to the {body.name}: retire them or move them "
            "to another body first."
        )
    upcoming = session.scalars(
        select(Meeting.ref).where(
            Meeting.body_id == body.id,
            Meeting.status.in_([MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED]),
        )
    ).all()
    if upcoming:
        raise NotAllowed(
            f"The {body.name} still has meetings to come ({', '.join(upcoming)}): hold or cancel "
            "them before retiring it."
        )
    body.retired = True
    session.flush()
    return _view(body)


def reinstate_body(session: Session, *, code: str) -> BodyView:
    """Bring a retired body back into use."""
    body = body_by_code(session, code)
    if not body.retired:
        raise NotAllowed(f"The {body.name} is not retired.")
    if body.parent is not None and body.parent.retired:
        raise NotAllowed(
            f"The {body.name} reports to the {body.parent.name}, which is retired: reinstate "
            "that first or move it to another body."
        )
    body.retired = False
    session.flush()
    return _view(body)
