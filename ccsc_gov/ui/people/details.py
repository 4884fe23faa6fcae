"""What the people-and-bodies dialogs hand back: plain values, ready for a service call."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from dataclasses import fields as dataclass_fields
from typing import Any

from ccsc_gov.core.governance.membership import SEES_CONFIDENTIAL_BY_DEFAULT
from ccsc_gov.core.governance.resolutions import MAJORITY, CarryingRule
from ccsc_gov.core.governance.rhythm import Rhythm
from ccsc_gov.core.services.body_list import BodyView
from ccsc_gov.core.services.people import PersonView
from ccsc_gov.core.services.terms import TermsView
from ccsc_gov.core.store.models import Authority, BodyKind, Role


@dataclass(frozen=True)
class PersonDetails:
    name: str
    title: str = ""
    position: str = ""
    organisation: str = ""
    email: str = ""

    @classmethod
    def of(cls, person: PersonView) -> PersonDetails:
        return cls(person.name, person.title, person.position, person.organisation, person.email)

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.title.strip(), self.name.strip()) if part)

    def fields(self) -> dict[str, Any]:
        """Keyword arguments for `add_person` and `edit_person`."""
        return asdict(self)


@dataclass(frozen=True)
class NewMembership:
    """A term of office to start: someone on record (`person_id`) or someone new (`person`)."""

    role: Role
    votes: bool
    start: dt.date
    end: dt.date | None = None
    person_id: int | None = None
    person: PersonDetails | None = None


@dataclass(frozen=True)
class RoleChange:
    role: Role
    votes: bool
    on: dt.date  # the first day in the new role


@dataclass(frozen=True)
class BodyDetails:
    code: str
    name: str
    kind: BodyKind
    parent: str | None  # the code of the body it reports to
    independent_chair: bool = False

    @classmethod
    def of(cls, body: BodyView) -> BodyDetails:
        return cls(body.code, body.name, body.kind, body.parent, body.independent_chair)


@dataclass(frozen=True)
class TermsDetails:
    """A new version of a body's terms of reference, as `add_terms_of_reference` takes it."""

    effective_from: dt.date
    authority: Authority
    quorum_roles: frozenset[Role]
    quorum_count: int | None
    quorum_fraction: tuple[int, int] | None
    chair_required: bool
    purpose: str = ""
    review_date: dt.date | None = None
    confidential_roles: frozenset[Role] = SEES_CONFIDENTIAL_BY_DEFAULT
    rhythm: Rhythm = field(default_factory=Rhythm)
    # Decisions between meetings; `resolution_fraction` None: unanimity.
    written_resolutions: bool = True
    resolution_fraction: tuple[int, int] | None = MAJORITY
    chairs_action: bool = True

    def fields(self) -> dict[str, Any]:
        """Keyword arguments for `add_terms_of_reference` (the rhythm stays one value)."""
        return {f.name: getattr(self, f.name) for f in dataclass_fields(self)}

    def as_terms(self, body_id: int, body: str, version: int) -> TermsView:
        """The draft as the terms it would be, for the quorum's plain-words preview."""
        fields = self.fields()
        rule = CarryingRule(fields.pop("resolution_fraction"))
        return TermsView(
            id=0, body_id=body_id, body=body, version=version, resolution_rule=rule, **fields
        )
