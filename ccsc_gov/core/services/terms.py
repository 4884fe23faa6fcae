"""Bodies' versioned terms of reference (with the quorum rule, the carrying rule and the
reminder rhythm), and the meetings whose approved minutes fix what was in force.

A module of its own beside bodies.py: the main window lists the bodies as it starts and needs
none of this to do so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed
from ccsc_gov.core.governance.membership import (
    SEES_CONFIDENTIAL_BY_DEFAULT,
    Approved,
    first_approved,
)
from ccsc_gov.core.governance.quorum import QuorumRule
from ccsc_gov.core.governance.resolutions import MAJORITY, CarryingRule, check_fraction
from ccsc_gov.core.governance.rhythm import Rhythm
from ccsc_gov.core.governance.vocabulary import long_date
from ccsc_gov.core.services.bodies import body_by_code, body_by_id
from ccsc_gov.core.services.common import KEEP, Area, Changes, Keep
from ccsc_gov.core.store.models import (
    Authority,
    Meeting,
    MeetingStatus,
    Role,
    TermsOfReference,
)


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
    resolution_fraction: tuple[int, int] | Keep | None = KEEP,
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
    if isinstance(resolution_fraction, Keep):
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
