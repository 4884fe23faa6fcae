"""What a new database starts with: the Centre's five bodies and editable default terms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ccsc_gov.core.governance.resolutions import MAJORITY
from ccsc_gov.core.governance.rhythm import USUAL_RHYTHM
from ccsc_gov.core.store.models import (
    Authority,
    Body,
    BodyKind,
    Purpose,
    RecurringItem,
    Role,
    TermsOfReference,
)

VOTING_ROLES = (
    Role.CHAIR,
    Role.VICE_CHAIR,
    Role.MEMBER,
    Role.EX_OFFICIO,
    Role.FUNDER_REPRESENTATIVE,
)


@dataclass(frozen=True)
class SeedBody:
    code: str
    name: str
    kind: BodyKind
    parent: str | None
    independent_chair: bool
    authority: Authority
    purpose: str
    review_month: int


CENTRE_BODIES = (
    SeedBody(
        "GB",
        "Governance Board",
        BodyKind.BOARD,
        None,
        True,
        Authority.DECIDE,
        "Oversees the Centre on behalf of the funder and both partner institutions.",
        11,
    ),
    SeedBody(
        "EMC",
        "Executive Management Committee",
        BodyKind.COMMITTEE,
        "GB",
        False,
        Authority.DECIDE,
        "Runs the Centre within the strategy and budget the Board sets.",
        9,
    ),
    SeedBody(
        "RSC",
        "Research Subcommittee",
        BodyKind.SUBCOMMITTEE,
        "EMC",
        False,
        Authority.RECOMMEND,
        "Oversees the Centre's research programme and awards.",
        10,
    ),
    SeedBody(
        "NCTSC",
        "Non-clinical Training Subcommittee",
        BodyKind.SUBCOMMITTEE,
        "EMC",
        False,
        Authority.RECOMMEND,
        "Oversees PhD and non-clinical training.",
        10,
    ),
    SeedBody(
        "CTSC",
        "Clinical Training Subcommittee",
        BodyKind.SUBCOMMITTEE,
        "EMC",
        False,
        Authority.RECOMMEND,
        "Oversees clinical fellowships and clinical training.",
        10,
    ),
)

# Cycle of business every new database starts with (docs/architecture.md, "The vocabulary");
# clerks edit it freely.
CENTRE_RECURRING_ITEMS = (
    ("EMC", 3, "Annual report to the funder", Purpose.APPROVAL, "Centre Director"),
    ("EMC", 1, "Budget for the coming financial year", Purpose.APPROVAL, "Centre Manager"),
    ("GB", 5, "Risk register review", Purpose.DISCUSSION, "Centre Director"),
)
TOR_REVIEW_TITLE = "Annual review of the terms of reference"


def seed_centre(session: Session, *, today: dt.date | None = None) -> None:
    """Create the five bodies with a quorum of one third of voting members, chair required,
    written resolutions and chair's action allowed."""
    today = today or dt.date.today()
    by_code: dict[str, Body] = {}
    for spec in CENTRE_BODIES:
        body = Body(
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            parent=by_code[spec.parent] if spec.parent else None,
            independent_chair=spec.independent_chair,
            retired=False,
        )
        session.add(body)
        by_code[spec.code] = body
        session.add(
            TermsOfReference(
                body=body,
                version=1,
                effective_from=dt.date(2000, 1, 1),
                purpose=spec.purpose,
                authority=spec.authority,
                quorum_count=None,
                quorum_fraction_num=1,
                quorum_fraction_den=3,
                quorum_roles=",".join(role.value for role in VOTING_ROLES),
                chair_required=True,
                review_date=dt.date(today.year + 1, spec.review_month, 1),
                **vars(USUAL_RHYTHM),
                written_resolutions=True,
                # The Board's written resolutions carry by unanimity, the others' by a majority
                # of all voting members.
                resolution_fraction_num=None if spec.kind is BodyKind.BOARD else MAJORITY[0],
                resolution_fraction_den=None if spec.kind is BodyKind.BOARD else MAJORITY[1],
                chairs_action=True,
            )
        )
        session.add(
            RecurringItem(
                body=body,
                month=spec.review_month,
                title=TOR_REVIEW_TITLE,
                purpose=Purpose.APPROVAL,
                presenter="Secretary",
            )
        )
    for code, month, title, purpose, presenter in CENTRE_RECURRING_ITEMS:
        session.add(
            RecurringItem(
                body=by_code[code], month=month, title=title, purpose=purpose, presenter=presenter
            )
        )
