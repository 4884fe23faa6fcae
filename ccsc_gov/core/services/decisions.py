"""Decisions: recorded per agenda item, and the referral chain from a subcommittee's
recommendation up through its parent bodies, traceable both ways."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed, NotFound
from ccsc_gov.core.governance.guards import shown
from ccsc_gov.core.governance.resolutions import How
from ccsc_gov.core.services import agenda, referrals, reported_decisions
from ccsc_gov.core.services.agenda import UNCHANGED, Unchanged
from ccsc_gov.core.services.bodies import body_by_code
from ccsc_gov.core.services.common import (
    Area,
    Changes,
    ensure_changeable,
    meeting_by_ref,
    reference_key,
)
from ccsc_gov.core.services.resolutions import HowTaken, how_taken
from ccsc_gov.core.store.conflicts import check_version
from ccsc_gov.core.store.models import (
    AgendaItem,
    Body,
    Decision,
    DecisionOutcome,
    Meeting,
    Referral,
)
from ccsc_gov.core.store.references import allocate_decision_ref, item_ref


@dataclass(frozen=True)
class DecisionView:
    id: int
    ref: str
    body: str
    meeting: str  # "" for a decision taken between meetings
    meeting_id: int | None  # None for a decision taken between meetings
    item_id: int | None  # None for a decision taken between meetings
    item_number: str
    text: str
    outcome: DecisionOutcome
    review_date: dt.date | None
    referred_from: str | None  # the subcommittee decision this one acted on
    referred_to: str | None  # the parent body's decision on this recommendation
    referred_to_item: str | None  # where the recommendation is on the parent's agenda
    version: int  # raised by every change; an edit names the one it was made from
    between: HowTaken | None = None  # how it was taken, when between meetings

    @property
    def how(self) -> How:
        return self.between.how if self.between is not None else How.MEETING

    @property
    def changes(self) -> Changes:
        """A decision recorded or changed: the decisions and the minutes of its meeting."""
        return Changes(Area.DECISIONS | Area.MINUTES, self.meeting_id)


@dataclass(frozen=True)
class DecisionChain:
    """A decision with the recommendations that led to it and the decisions that followed."""

    earlier: tuple[DecisionView, ...]  # the original recommendation first
    decision: DecisionView
    later: tuple[DecisionView, ...]  # in the order they were taken


def decision_by_ref(session: Session, ref: str) -> Decision:
    decision = session.scalar(select(Decision).where(Decision.ref == reference_key(ref)))
    if decision is None:
        raise NotFound(f"There is no decision with the reference “{shown(ref)}”.")
    return decision


def _views(session: Session, decisions: Sequence[Decision]) -> list[DecisionView]:
    if not decisions:
        return []
    ids = [d.id for d in decisions]
    places = {
        item_id: (meeting_id, meeting_ref, code)
        for item_id, meeting_id, meeting_ref, code in session.execute(
            select(AgendaItem.id, Meeting.id, Meeting.ref, Body.code)
            .join(Meeting, AgendaItem.meeting_id == Meeting.id)
            .join(Body, Meeting.body_id == Body.id)
            .where(AgendaItem.id.in_({d.item_id for d in decisions if d.item_id is not None}))
        )
    }
    between = how_taken(session, [d.id for d in decisions if d.item_id is None])
    referral_items = dict(
        session.execute(
            select(Referral.decision_id, Referral.item_id).where(Referral.decision_id.in_(ids))
        )
        .tuples()
        .all()
    )
    referral_meetings: dict[int, tuple[int, str]] = {
        item_id: (meeting_id, meeting_ref)
        for item_id, meeting_id, meeting_ref in session.execute(
            select(AgendaItem.id, Meeting.id, Meeting.ref)
            .join(Meeting, AgendaItem.meeting_id == Meeting.id)
            .where(AgendaItem.id.in_(list(referral_items.values())))
        )
    }
    meeting_ids = {p[0] for p in places.values()} | {p[0] for p in referral_meetings.values()}
    numbers = agenda.item_numbers(session, list(meeting_ids))
    later: dict[int, str] = {}
    for from_id, ref in session.execute(
        select(Decision.referred_from_id, Decision.ref)
        .where(Decision.referred_from_id.in_(ids))
        .order_by(Decision.id.desc())
    ):
        if from_id is not None:
            later[from_id] = ref
    earlier_ids = {d.referred_from_id for d in decisions if d.referred_from_id is not None}
    earlier = dict(
        session.execute(select(Decision.id, Decision.ref).where(Decision.id.in_(earlier_ids)))
        .tuples()
        .all()
    )
    views = []
    for d in decisions:
        how = between.get(d.id)
        if d.item_id is not None:
            meeting_id, meeting_ref, code = places[d.item_id]
        else:
            assert how is not None
            meeting_id, meeting_ref, code = None, "", how.body
        referral_item = referral_items.get(d.id)
        views.append(
            DecisionView(
                id=d.id,
                ref=d.ref,
                body=code,
                meeting=meeting_ref,
                meeting_id=meeting_id,
                item_id=d.item_id,
                item_number=numbers[d.item_id] if d.item_id is not None else "",
                text=d.text,
                outcome=d.outcome,
                review_date=d.review_date,
                referred_from=earlier.get(d.referred_from_id) if d.referred_from_id else None,
                referred_to=later.get(d.id),
                referred_to_item=(
                    item_ref(referral_meetings[referral_item][1], numbers[referral_item])
                    if referral_item is not None
                    else None
                ),
                version=d.version,
                between=how,
            )
        )
    return views


def decision_view(session: Session, *, decision: str) -> DecisionView:
    return _views(session, [decision_by_ref(session, decision)])[0]


def list_decisions(
    session: Session, *, body: str | None = None, meeting: str | None = None
) -> list[DecisionView]:
    """Decisions in the order they were taken, for one body or meeting, or for all; those
    taken between meetings (with no meeting given) among them, on the day they were taken."""
    query = (
        select(Decision, Meeting.start_at)
        .join(AgendaItem, Decision.item_id == AgendaItem.id)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
    )
    body_id = body_by_code(session, body).id if body is not None else None
    if body_id is not None:
        query = query.where(Meeting.body_id == body_id)
    if meeting is not None:
        query = query.where(Meeting.id == meeting_by_ref(session, meeting).id)
    taken = [(when, d.id, d) for d, when in session.execute(query).tuples()]
    if meeting is None:
        for d, taken_by, day in session.execute(reported_decisions.between_meetings()).tuples():
            if body_id is None or taken_by == body_id:
                taken.append((dt.datetime.combine(day, dt.time.min), d.id, d))
    taken.sort(key=lambda entry: (entry[0], entry[1]))
    return _views(session, [d for _, _, d in taken])


def _ensure_taken_at_a_meeting(decision: Decision) -> int:
    """The item a decision was taken under; one taken between meetings never changes."""
    if decision.item_id is None:
        raise NotAllowed(
            f"{decision.ref} was taken between meetings and is closed: it cannot be changed or "
            "removed. The next meeting ratifies or notes it."
        )
    return decision.item_id


def _clean(text: str) -> str:
    cleaned = agenda.clean_text(text)
    if not cleaned:
        raise InvalidInput("A decision needs the text of the resolution.")
    return cleaned


def _check_can_recommend(session: Session, meeting: Meeting) -> None:
    body = session.get_one(Body, meeting.body_id)
    if body.parent_id is None:
        raise InvalidInput(
            f"The {body.name} reports to no other body, so it cannot recommend a decision "
            "upwards. Record it as approved, rejected, deferred or noted."
        )
    parent = session.get_one(Body, body.parent_id)
    if parent.retired:
        raise NotAllowed(
            f"The {body.name}'s parent body, the {parent.name}, has been retired, so it cannot "
            "receive recommendations."
        )


def record(
    session: Session,
    item: AgendaItem,
    *,
    text: str,
    outcome: DecisionOutcome,
    review_date: dt.date | None = None,
) -> Decision:
    """Record a decision on an item of a meeting the caller has checked may change."""
    meeting = agenda.meeting_of(session, item)
    if outcome is DecisionOutcome.RECOMMENDED:
        _check_can_recommend(session, meeting)
    referred_from = session.scalar(select(Referral.decision_id).where(Referral.item_id == item.id))
    decision = Decision(
        ref=allocate_decision_ref(session, meeting.ref),
        item_id=item.id,
        text=_clean(text),
        outcome=outcome,
        referred_from_id=referred_from,
        review_date=review_date,
    )
    session.add(decision)
    session.flush()
    if outcome is DecisionOutcome.RECOMMENDED:
        referrals.place_referral(session, decision)
    return decision


def record_decision(
    session: Session,
    *,
    item_id: int,
    text: str,
    outcome: DecisionOutcome,
    review_date: dt.date | None = None,
) -> DecisionView:
    """Record a decision under an agenda item. A recommendation to the parent body goes on the
    parent's next agenda; a decision on such an item links back to the recommendation."""
    item = agenda.item_by_id(session, item_id)
    ensure_changeable(agenda.meeting_of(session, item))
    decision = record(session, item, text=text, outcome=outcome, review_date=review_date)
    return _views(session, [decision])[0]


def edit_decision(
    session: Session,
    *,
    decision: str,
    text: str | Unchanged = UNCHANGED,
    outcome: DecisionOutcome | Unchanged = UNCHANGED,
    review_date: dt.date | Unchanged | None = UNCHANGED,
    expected_version: int | None = None,
) -> Changes:
    """Correct a decision before the minutes are approved. With `expected_version`, the
    decision must still be as the clerk loaded it (else a `Conflict`)."""
    d = decision_by_ref(session, decision)
    check_version(session, d, expected_version, lambda: f"Decision {d.ref}")
    item = agenda.item_by_id(session, _ensure_taken_at_a_meeting(d))
    meeting = agenda.meeting_of(session, item)
    ensure_changeable(meeting)
    if not isinstance(text, Unchanged) or not isinstance(outcome, Unchanged):
        _ensure_not_acted_on(session, d)
    if not isinstance(text, Unchanged):
        d.text = _clean(text)
    if not isinstance(review_date, Unchanged):
        d.review_date = review_date
    if not isinstance(outcome, Unchanged) and outcome is not d.outcome:
        if d.outcome is DecisionOutcome.RECOMMENDED:
            referrals.withdraw_referral(session, d)
        if outcome is DecisionOutcome.RECOMMENDED:
            _check_can_recommend(session, meeting)
        d.outcome = outcome
        session.flush()
        if outcome is DecisionOutcome.RECOMMENDED:
            referrals.place_referral(session, d)
    session.flush()
    return Changes(Area.DECISIONS | Area.MINUTES | Area.AGENDA, meeting.id)


def _ensure_not_acted_on(session: Session, decision: Decision) -> None:
    acted = session.scalars(
        select(Decision.ref).where(Decision.referred_from_id == decision.id)
    ).first()
    if acted is not None:
        raise NotAllowed(
            f"The parent body has already acted on {decision.ref} (decision {acted}), so it can "
            "no longer be changed or removed."
        )


def remove_decision(session: Session, *, decision: str) -> Changes:
    """Remove a decision recorded in error; its reference is never given out again."""
    d = decision_by_ref(session, decision)
    meeting = agenda.meeting_of(session, agenda.item_by_id(session, _ensure_taken_at_a_meeting(d)))
    ensure_changeable(meeting)
    _ensure_not_acted_on(session, d)
    referrals.withdraw_referral(session, d)
    session.delete(d)
    session.flush()
    return Changes(Area.DECISIONS | Area.MINUTES | Area.AGENDA, meeting.id)


def trace_back(session: Session, *, decision: str) -> list[DecisionView]:
    """The recommendations that led to a decision, the original one first (the decision last)."""
    chain = [decision_by_ref(session, decision)]
    seen = {chain[0].id}
    while chain[0].referred_from_id is not None and chain[0].referred_from_id not in seen:
        earlier = session.get_one(Decision, chain[0].referred_from_id)
        seen.add(earlier.id)
        chain.insert(0, earlier)
    return _views(session, chain)


def trace_forward(session: Session, *, decision: str) -> list[DecisionView]:
    """The decision followed by every decision taken on it further up, in the order taken."""
    start = decision_by_ref(session, decision)
    found = [start]
    seen = {start.id}
    frontier = [start.id]
    while frontier:
        following = session.scalars(
            select(Decision).where(Decision.referred_from_id.in_(frontier)).order_by(Decision.id)
        ).all()
        frontier = [d.id for d in following if d.id not in seen]
        seen.update(frontier)
        found.extend(d for d in following if d.id in frontier)
    return _views(session, found)


def decision_chain(session: Session, *, decision: str) -> DecisionChain:
    """The whole referral chain through a decision, e.g. RSC → EMC → GB, from any link."""
    back = trace_back(session, decision=decision)
    forward = trace_forward(session, decision=decision)
    return DecisionChain(earlier=tuple(back[:-1]), decision=back[-1], later=tuple(forward[1:]))
