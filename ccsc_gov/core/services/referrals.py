"""Recommendations from subcommittees: placed on the parent body's next agenda under reports
from subcommittees, moved when that meeting is cancelled, withdrawn when the decision changes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from ccsc_gov.core.governance.errors import NotAllowed
from ccsc_gov.core.services.agenda import (
    items_under,
    meeting_of,
    new_item,
    number_of,
    removal_blockers,
    renumber,
    standard_item,
    summary,
)
from ccsc_gov.core.services.reported_decisions import between_meetings, next_planned, taken_by
from ccsc_gov.core.store.models import (
    AgendaItem,
    Body,
    Decision,
    DecisionOutcome,
    Meeting,
    MeetingStatus,
    Purpose,
    Referral,
    StandardItem,
)


def _bring_up(session: Session, decision: Decision, target: Meeting) -> None:
    """Put a subcommittee's recommendation before its parent body as an item for decision,
    under a title a reader takes in at a glance: the subject the subcommittee minuted, whose
    recommendation it is, and at which meeting ("PhD studentship allocation — recommendation
    of the Non-clinical Training Subcommittee (NCTSC/2026/01)"). The recommendation itself is
    the decision's text, which the minutes quote. One taken between meetings is titled by
    its own subject and reference."""
    if decision.item_id is None:
        child = session.get_one(Body, taken_by(session, decision)[0])
        heading = standard_item(session, target, StandardItem.SUBCOMMITTEE_REPORTS)
        title = f"{summary(decision.text)} — recommendation of the {child.name} ({decision.ref})"
        item = new_item(session, target, heading, title=title, purpose=Purpose.DECISION)
        session.add(Referral(decision_id=decision.id, item_id=item.id))
        session.flush()
        return
    origin_item = session.get_one(AgendaItem, decision.item_id)
    origin_meeting = session.get_one(Meeting, origin_item.meeting_id)
    child = session.get_one(Body, origin_meeting.body_id)
    heading = standard_item(session, target, StandardItem.SUBCOMMITTEE_REPORTS)
    # A recommendation passed on from further down keeps the subject it started with (as far
    # back as a meeting: one taken between meetings has no item).
    subject = origin_item
    while (
        earlier := session.scalar(
            select(Decision)
            .join(Referral, Referral.decision_id == Decision.id)
            .where(Referral.item_id == subject.id)
        )
    ) is not None and earlier.item_id is not None:
        subject = session.get_one(AgendaItem, earlier.item_id)
    item = new_item(
        session,
        target,
        heading,
        title=f"{subject.title} — recommendation of the {child.name} ({origin_meeting.ref})",
        purpose=Purpose.DECISION,
        confidentiality=origin_item.confidentiality,
        public_title=origin_item.public_title,
        confidentiality_reason=origin_item.confidentiality_reason,
        confidentiality_review=origin_item.confidentiality_review,
    )
    session.add(Referral(decision_id=decision.id, item_id=item.id))
    session.flush()


def place_referral(session: Session, decision: Decision) -> None:
    """Bring a new recommendation to the parent body's next meeting still being planned; if there
    is none yet, it waits for the parent's next meeting to be scheduled."""
    body_id, when = taken_by(session, decision)
    parent_id = session.get_one(Body, body_id).parent_id
    if parent_id is None:
        return
    target = next_planned(session, parent_id, after=when)
    if target is not None:
        _bring_up(session, decision, target)


def place_pending_referrals(session: Session, meeting: Meeting) -> None:
    """Recommendations referred up by this body's subcommittees and not yet on an agenda."""
    if meeting.status is not MeetingStatus.PLANNED:
        return
    child_meeting = aliased(Meeting)
    pending = session.scalars(
        select(Decision)
        .join(AgendaItem, Decision.item_id == AgendaItem.id)
        .join(child_meeting, AgendaItem.meeting_id == child_meeting.id)
        .join(Body, child_meeting.body_id == Body.id)
        .where(
            Body.parent_id == meeting.body_id,
            Decision.outcome == DecisionOutcome.RECOMMENDED,
            child_meeting.status != MeetingStatus.CANCELLED,
            child_meeting.start_at < meeting.start_at,
            ~exists().where(Referral.decision_id == Decision.id),
        )
        .order_by(child_meeting.start_at, Decision.id)
    ).all()
    for decision in pending:
        _bring_up(session, decision, meeting)
    children = set(session.scalars(select(Body.id).where(Body.parent_id == meeting.body_id)))
    between = session.execute(
        between_meetings().where(
            Decision.outcome == DecisionOutcome.RECOMMENDED,
            ~exists().where(Referral.decision_id == Decision.id),
        )
    ).tuples()
    for decision, body_id, day in between.all():
        if body_id in children and dt.datetime.combine(day, dt.time.min) < meeting.start_at:
            _bring_up(session, decision, meeting)


def withdraw_referral(session: Session, decision: Decision) -> None:
    """Take a recommendation off the parent's agenda, while that agenda is still being planned
    and the parent has not acted on it."""
    referral = session.scalar(select(Referral).where(Referral.decision_id == decision.id))
    if referral is None:
        return
    item = session.get_one(AgendaItem, referral.item_id)
    target = meeting_of(session, item)
    if target.status is not MeetingStatus.PLANNED or removal_blockers(session, item):
        raise NotAllowed(
            f"{decision.ref} is already before the parent body as item "
            f"{number_of(session, item)} of {target.ref}, so it can no longer be changed or "
            "withdrawn here."
        )
    siblings = [s for s in items_under(session, target.id, item.parent_id) if s.id != item.id]
    session.delete(referral)
    session.flush()
    session.delete(item)
    renumber(siblings)
    session.flush()
