"""Bodies, their reporting lines and their versioned terms of reference (with the quorum rule)."""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed, NotFound
from ccsc_gov.core.governance.guards import printable, shown
from ccsc_gov.core.governance.membership import (
    SEES_CONFIDENTIAL_BY_DEFAULT,
    Approved,
    first_approved,
)
from ccsc_gov.core.governance.quorum import QuorumRule
from ccsc_gov.core.governance.resolutions import MAJORITY, CarryingRule, check_fraction
from ccsc_gov.core.governance.rhythm import Rhythm
from ccsc_gov.core.governance.vocabulary import long_date
from ccsc_gov.core.services.common import Area, Changes, reference_key, row_by_id
from ccsc_gov.core.store.conflicts import check_version
from ccsc_gov.core.store.models import (
    Authority,
    Body,
    BodyKind,
    Meeting,
    MeetingStatus,
    Role,
    TermsOfReference,
)


class _Keep(enum.Enum):
    KEEP = "keep"


# "Leave this as it is" for an edit argument whose None would mean something (no parent).
KEEP: Final = _Keep.KEEP

CODE_PATTERN = re.compile(r"[A-Z][A-Z0-9]{0,15}")


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

    Read through the table rather than the mapped class, as `list_meetings` is: the main
    window's first paint reads both, and so compiles no ORM statement and configures no mapper
    before the clerk sees the meetings."""
    body = Body.__table__
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


def body_by_code(session: Session, code: str) -> Body:
    body = session.execute(
        select(Body).where(Body.code == reference_key(code))
    ).scalar_one_or_none()
    if body is None:
        raise unknown_body(code, session.scalars(select(Body.code).order_by(Body.id)))
    return body


def unknown_body(code: str, known: Iterable[str]) -> NotFound:
    """The error for a body code that names none of the bodies `known` (their codes)."""
    return NotFound(
        f"There is no body with the code “{shown(code)}”. Known bodies: {', '.join(known)}."
    )


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
    parent: str | _Keep | None = KEEP,
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


def approved_meetings(session: Session, *, body_id: int | None = None) -> dict[int, list[Approved]]:
    """The meetings whose minutes are approved, in date order, by body id (of one body, or all)."""
    query = select(Meeting.body_id, Meeting.ref, Meeting.start_at).where(
        Meeting.status == MeetingStatus.MINUTES_APPROVED
    )
    if body_id is not None:
        query = query.where(Meeting.body_id == body_id)
    found: dict[int, list[Approved]] = {}
    for row in session.execute(query.order_by(Meeting.start_at, Meeting.id)):
        found.setdefault(row.body_id, []).append(Approved(row.ref, row.start_at))
    return found


def first_locked_meeting(
    session: Session, *, body_id: int, start: dt.date, end: dt.date | None
) -> Approved | None:
    """The earliest meeting of a body on a day from `start` to `end` whose minutes are approved
    (the rule: `governance.membership.first_approved`)."""
    approved = approved_meetings(session, body_id=body_id).get(body_id, [])
    return first_approved(start, end, approved)


# ---------------------------------------------------------------- terms of reference


@dataclass(frozen=True)
class TermsView:
    """One version of a body's terms of reference."""

    id: int
    body_id: int
    body: str
    version: int
    effective_from: dt.date
    purpose: str
    authority: Authority
    quorum_count: int | None
    quorum_fraction: tuple[int, int] | None
    quorum_roles: frozenset[Role]
    chair_required: bool
    review_date: dt.date | None
    confidential_roles: frozenset[Role] = SEES_CONFIDENTIAL_BY_DEFAULT
    rhythm: Rhythm = field(default_factory=Rhythm)
    written_resolutions: bool = True  # whether the body may decide by written resolution
    resolution_rule: CarryingRule = field(default_factory=lambda: CarryingRule(MAJORITY))
    chairs_action: bool = True  # whether its chair (or vice-chair) may take chair's action

    @property
    def changes(self) -> Changes:
        return Changes(Area.BODIES)

    @property
    def quorum(self) -> QuorumRule:
        return QuorumRule(
            self.quorum_count, self.quorum_fraction, self.quorum_roles, self.chair_required
        )


def _terms_view(terms: TermsOfReference) -> TermsView:
    fraction = (
        (terms.quorum_fraction_num, terms.quorum_fraction_den)
        if terms.quorum_fraction_num is not None and terms.quorum_fraction_den is not None
        else None
    )
    return TermsView(
        id=terms.id,
        body_id=terms.body_id,
        body=terms.body.code,
        version=terms.version,
        effective_from=terms.effective_from,
        purpose=terms.purpose,
        authority=terms.authority,
        quorum_count=terms.quorum_count,
        quorum_fraction=fraction,
        quorum_roles=parse_roles(terms.quorum_roles),
        chair_required=terms.chair_required,
        review_date=terms.review_date,
        confidential_roles=(
            SEES_CONFIDENTIAL_BY_DEFAULT
            if terms.confidential_roles is None
            else parse_roles(terms.confidential_roles)
        ),
        rhythm=Rhythm(
            papers_due_days=terms.papers_due_days,
            circulate_days=terms.circulate_days,
            draft_minutes_days=terms.draft_minutes_days,
            remind_before_days=terms.remind_before_days,
            remind_every_days=terms.remind_every_days,
        ),
        written_resolutions=terms.written_resolutions,
        resolution_rule=CarryingRule(
            (terms.resolution_fraction_num, terms.resolution_fraction_den)
            if terms.resolution_fraction_num is not None
            and terms.resolution_fraction_den is not None
            else None
        ),
        chairs_action=terms.chairs_action,
    )


def stored_roles(roles: Iterable[Role]) -> str:
    """Roles as stored, in the order of the Role enum so equal sets read the same in SQL."""
    wanted = frozenset(roles)
    return ",".join(role.value for role in Role if role in wanted)


def parse_roles(stored: str) -> frozenset[Role]:
    """The membership types stored in `TermsOfReference.quorum_roles`."""
    return frozenset(Role(part.strip()) for part in stored.split(",") if part.strip())


def list_terms(session: Session, *, body: str) -> list[TermsView]:
    """Every version of a body's terms of reference, oldest first."""
    found = body_by_code(session, body)
    return [_terms_view(t) for t in found.terms]


def all_terms(session: Session, *, body_id: int) -> list[TermsView]:
    """Every version of a body's terms of reference (by id), oldest first."""
    return [_terms_view(t) for t in body_by_id(session, body_id).terms]


def pick_terms_in_force(versions: Iterable[TermsView], *, on: dt.date) -> TermsView | None:
    """Of a body's versions, the one in force on a day: the latest to take effect by then."""
    candidates = [t for t in versions if t.effective_from <= on]
    return max(candidates, key=lambda t: (t.effective_from, t.version), default=None)


def terms_in_force(session: Session, *, body_id: int, on: dt.date) -> TermsView | None:
    """The terms of reference in force on a day; None before the body's first version."""
    return pick_terms_in_force(all_terms(session, body_id=body_id), on=on)


def add_terms_of_reference(
    session: Session,
    *,
    body: str,
    effective_from: dt.date,
    authority: Authority,
    quorum_roles: Iterable[Role],
    quorum_count: int | None = None,
    quorum_fraction: tuple[int, int] | None = None,
    chair_required: bool = False,
    purpose: str = "",
    review_date: dt.date | None = None,
    confidential_roles: Iterable[Role] | None = None,
    rhythm: Rhythm | None = None,
    written_resolutions: bool | None = None,
    resolution_fraction: tuple[int, int] | _Keep | None = KEEP,
    chairs_action: bool | None = None,
) -> TermsView:
    """A new version of a body's terms of reference; the earlier versions are kept as they were.

    Decisions between meetings: whether written resolutions and chair's action are allowed, and
    what carries a written resolution (`resolution_fraction` None: unanimity). Left out, they
    stay as the previous version had them (allowed, a majority of all voting members, for a
    body's first terms)."""
    found = body_by_code(session, body)
    if found.retired:
        raise NotAllowed(f"The {found.name} is retired; reinstate it before changing its terms.")
    roles = frozenset(quorum_roles)
    QuorumRule(quorum_count, quorum_fraction, roles).check()
    latest = found.terms[-1] if found.terms else None
    if latest is not None and effective_from < latest.effective_from:
        raise InvalidInput(
            f"Version {latest.version} of the {found.name}'s terms of reference took effect on "
            f"{long_date(latest.effective_from)}; a new version must take effect on or after "
            "that date."
        )
    locked = first_locked_meeting(session, body_id=found.id, start=effective_from, end=None)
    if locked is not None:
        raise NotAllowed(
            f"The minutes of {locked.ref} ({long_date(locked.start_at.date())}) are approved "
            "under the terms then in force; new terms must take effect after that meeting."
        )
    if review_date is not None and review_date <= effective_from:
        raise InvalidInput("The review date must come after the date the terms take effect.")
    rhythm = rhythm or Rhythm()
    rhythm.check()
    if isinstance(resolution_fraction, _Keep):
        resolution_fraction = (
            _terms_view(latest).resolution_rule.fraction if latest is not None else MAJORITY
        )
    refused = check_fraction(resolution_fraction) if resolution_fraction is not None else None
    if refused is not None:
        raise InvalidInput(refused)
    if written_resolutions is None:
        written_resolutions = latest.written_resolutions if latest is not None else True
    if chairs_action is None:
        chairs_action = latest.chairs_action if latest is not None else True
    terms = TermsOfReference(
        body=found,
        version=(latest.version + 1) if latest is not None else 1,
        effective_from=effective_from,
        purpose=purpose.strip(),
        authority=authority,
        quorum_count=quorum_count,
        quorum_fraction_num=quorum_fraction[0] if quorum_fraction else None,
        quorum_fraction_den=quorum_fraction[1] if quorum_fraction else None,
        quorum_roles=stored_roles(roles),
        chair_required=chair_required,
        review_date=review_date,
        confidential_roles=(
            None if confidential_roles is None else stored_roles(confidential_roles)
        ),
        **vars(rhythm),
        written_resolutions=written_resolutions,
        resolution_fraction_num=resolution_fraction[0] if resolution_fraction else None,
        resolution_fraction_den=resolution_fraction[1] if resolution_fraction else None,
        chairs_action=chairs_action,
    )
    session.add(terms)
    session.flush()
    return _terms_view(terms)
