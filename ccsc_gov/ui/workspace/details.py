"""What the workspace's dialogs hand back: plain values, ready for a service call."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from ccsc_gov.core.services.agenda import AgendaItemView
from ccsc_gov.core.store.models import (
    Confidentiality,
    DecisionOutcome,
    DeclarationAction,
    Purpose,
)


@dataclass(frozen=True)
class MeetingDetails:
    start: dt.datetime
    end: dt.datetime
    location: str = ""
    video_link: str = ""


@dataclass(frozen=True)
class ItemDetails:
    """An agenda item's details as the clerk edits them (the minute text is edited apart)."""

    title: str
    public_title: str = ""
    purpose: Purpose = Purpose.DISCUSSION
    presenter: str = ""
    duration: int | None = None  # minutes
    papers: str = ""
    confidentiality: Confidentiality = Confidentiality.OPEN
    confidentiality_reason: str = ""
    confidentiality_review: dt.date | None = None

    @classmethod
    def of(cls, item: AgendaItemView) -> ItemDetails:
        return cls(
            title=item.title,
            public_title=item.public_title,
            purpose=item.purpose,
            presenter=item.presenter,
            duration=item.duration,
            papers=item.papers,
            confidentiality=item.confidentiality,
            confidentiality_reason=item.confidentiality_reason,
            confidentiality_review=item.confidentiality_review,
        )

    def fields(self) -> dict[str, Any]:
        """Keyword arguments for `add_item` and `edit_item`."""
        return asdict(self)

    def differences(self, before: ItemDetails) -> tuple[dict[str, Any], dict[str, Any]]:
        """(the fields as they were, as they are now), for the fields that changed."""
        old, new = before.fields(), self.fields()
        changed = [name for name in new if new[name] != old[name]]
        return {n: old[n] for n in changed}, {n: new[n] for n in changed}


@dataclass(frozen=True)
class DecisionDetails:
    text: str
    outcome: DecisionOutcome
    review_date: dt.date | None = None


@dataclass(frozen=True)
class ActionDetails:
    description: str
    owner_ids: tuple[int, ...] = ()
    due: dt.date | None = None


@dataclass(frozen=True)
class DeclarationDetails:
    person_id: int
    nature: str
    action_taken: DeclarationAction | None = None


@dataclass(frozen=True)
class PersonChoice:
    """Someone a clerk can pick, as the pickers list them."""

    id: int
    name: str
    detail: str = ""  # role or position, to tell people apart

    @property
    def label(self) -> str:
        return f"{self.name} — {self.detail}" if self.detail else self.name
