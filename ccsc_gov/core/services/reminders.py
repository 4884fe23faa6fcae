"""Reminders to action owners: each person's own open actions across every body (or one),
overdue first, and which of them the bodies' reminder rhythm says to chase today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.reminders import reminder_due
from ccsc_gov.core.governance.rhythm import Rhythm
from ccsc_gov.core.services import actions
from ccsc_gov.core.services.bodies import body_by_code
from ccsc_gov.core.services.people import display_name, surname_key
from ccsc_gov.core.services.terms import terms_in_force
from ccsc_gov.core.store.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Circulation,
    CirculationMessage,
    Confidentiality,
    Meeting,
    MessageOutcome,
    Person,
    RemindedAction,
)

OPEN = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


@dataclass(frozen=True)
class ReminderLine:
    action_id: int
    ref: str
    body: str
    meeting: str  # the meeting that raised it
    item_number: str
    item_title: str  # the public title when the item was confidential
    description: str
    due: dt.date | None
    original_due: dt.date | None  # when the due date was revised
    status: ActionStatus
    latest_note: str
    overdue: bool
    confidential: bool  # raised under a confidential or reserved item


@dataclass(frozen=True)
class OwnerReminder:
    person_id: int
    name: str
    address: str  # "" when the person's record has no email
    lines: tuple[ReminderLine, ...]  # overdue first, then by due date

    @property
    def overdue(self) -> int:
        return sum(line.overdue for line in self.lines)


def last_reminders(session: Session) -> dict[int, dt.date]:
    """The day each action was last in a reminder that went (drafted or sent)."""
    return {
        action_id: at.date()
        for action_id, at in session.execute(
            select(RemindedAction.action_id, func.max(Circulation.at))
            .join(CirculationMessage, CirculationMessage.id == RemindedAction.message_id)
            .join(Circulation, Circulation.id == CirculationMessage.circulation_id)
            .where(CirculationMessage.outcome != MessageOutcome.FAILED)
            .group_by(RemindedAction.action_id)
        )
    }


def _origins(session: Session, action_ids: list[int]) -> dict[int, tuple[str, str, bool, int]]:
    """(title, public title, confidential, body id) of the item that raised each action."""
    wanted = set(action_ids)
    return {
        action_id: (title, public_title, confidentiality is not Confidentiality.OPEN, body_id)
        for action_id, title, public_title, confidentiality, body_id in session.execute(
            select(
                Action.id,
                AgendaItem.title,
                AgendaItem.public_title,
                AgendaItem.confidentiality,
                Meeting.body_id,
            )
            .join(AgendaItem, Action.item_id == AgendaItem.id)
            .join(Meeting, AgendaItem.meeting_id == Meeting.id)
            .where(Action.status.in_(OPEN))
        )
        if action_id in wanted
    }


def action_reminders(
    session: Session,
    *,
    today: dt.date | None = None,
    body: str | None = None,
    by_rhythm: bool = False,
) -> list[OwnerReminder]:
    """One reminder per owner of an open action (of one body, or of all), listing that owner's
    open actions. With `by_rhythm`, only owners with an action the terms of reference say to
    chase today are reminded (of all their open actions)."""
    today = today or dt.date.today()
    scope = body_by_code(session, body).code if body is not None else None
    views = [v for v in actions.list_actions(session, body=scope, today=today) if v.status in OPEN]
    origins = _origins(session, [v.id for v in views])
    reminded = last_reminders(session) if by_rhythm else {}
    rhythms: dict[int, Rhythm] = {}

    def chase(view: actions.ActionView) -> bool:
        body_id = origins[view.id][3]
        if body_id not in rhythms:
            terms = terms_in_force(session, body_id=body_id, on=today)
            rhythms[body_id] = terms.rhythm if terms is not None else Rhythm()
        rhythm = rhythms[body_id]
        return reminder_due(
            due=view.due,
            last_reminded=reminded.get(view.id),
            today=today,
            before_days=rhythm.remind_before_days,
            every_days=rhythm.remind_every_days,
        )

    by_owner: dict[int, list[ReminderLine]] = {}
    chased: set[int] = set()
    for view in views:
        title, public_title, confidential, _ = origins[view.id]
        line = ReminderLine(
            action_id=view.id,
            ref=view.ref,
            body=view.body,
            meeting=view.origin_meeting,
            item_number=view.origin_item,
            item_title=(public_title or "Confidential item") if confidential else title,
            description=view.description,
            due=view.due,
            original_due=view.original_due if view.original_due != view.due else None,
            status=view.status,
            latest_note=view.latest_note or "",
            overdue=view.overdue,
            confidential=confidential,
        )
        due_today = not by_rhythm or chase(view)
        for owner_id in view.owner_ids:
            by_owner.setdefault(owner_id, []).append(line)
            if due_today:
                chased.add(owner_id)
    owners = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(list(by_owner))))}
    reminders = [
        OwnerReminder(
            person_id=owner_id,
            name=display_name(owners[owner_id].title, owners[owner_id].name),
            address=owners[owner_id].email.strip(),
            lines=tuple(
                sorted(
                    lines,
                    key=lambda line: (not line.overdue, line.due or dt.date.max, line.ref),
                )
            ),
        )
        for owner_id, lines in by_owner.items()
        if owner_id in chased
    ]
    return sorted(reminders, key=lambda r: surname_key(owners[r.person_id].name))
