"""Decisions between meetings: written resolutions circulated to the voting members, and chair's
action. Each carried resolution and each chair's action is a decision in the body's register,
reported to its next meeting (and referred to the parent body when it recommends)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed, NotFound
from ccsc_gov.core.governance.guards import shown
from ccsc_gov.core.governance.membership import CHAIR_ROLES, counts_towards_quorum
from ccsc_gov.core.governance.resolutions import (
    CarryingRule,
    How,
    Outcome,
    Seat,
    Tally,
    Via,
    Vote,
    entitled,
    is_past,
    outcome,
    tally,
    voting_members,
)
from ccsc_gov.core.governance.vocabulary import long_date
from ccsc_gov.core.services import agenda, referrals, reported_decisions
from ccsc_gov.core.services.bodies import body_by_code
from ccsc_gov.core.services.common import Area, Changes, reference_key
from ccsc_gov.core.services.people import MembershipView, all_memberships, display_name
from ccsc_gov.core.services.terms import TermsView, terms_in_force
from ccsc_gov.core.store.conflicts import check_version
from ccsc_gov.core.store.models import (
    AgendaItem,
    Body,
    ChairsAction,
    Decision,
    DecisionOutcome,
    Person,
    ReportedDecision,
    ResolutionInterest,
    ResolutionVote,
    Role,
    WrittenResolution,
)
from ccsc_gov.core.store.references import (
    CHAIRS_ACTION,
    WRITTEN_RESOLUTION,
    allocate_between_meetings_ref,
)

CHANGES = Changes(Area.DECISIONS | Area.AGENDA)


@dataclass(frozen=True)
class Reply:
    """One member of the body on the day a resolution was proposed, and their reply."""

    person_id: int
    name: str
    email: str
    role: Role
    entitled: bool  # a voting member without a declared interest
    interest: str  # the interest declared, if any
    vote: Vote | None
    received_on: dt.date | None
    via: Via | None


@dataclass(frozen=True)
class ResolutionView:
    id: int
    ref: str
    body: str
    body_name: str
    title: str
    text: str
    proposed_on: dt.date
    deadline: dt.date | None
    recommends: bool
    closed_on: dt.date | None
    rule: CarryingRule
    tally: Tally
    outcome: Outcome
    decision: str | None  # the decision's reference, once carried and closed
    replies: tuple[Reply, ...]  # voting members first, then anyone who declared an interest
    version: int

    @property
    def changes(self) -> Changes:
        return CHANGES


@dataclass(frozen=True)
class ChairsActionView:
    ref: str  # also the decision's reference
    body: str
    taken_by: str
    acting_as: Role
    taken_on: dt.date
    title: str
    text: str
    reason: str
    consulted: tuple[str, ...]
    outcome: DecisionOutcome

    @property
    def changes(self) -> Changes:
        return CHANGES


@dataclass(frozen=True)
class HowTaken:
    """How a decision taken between meetings was taken, as the register shows it."""

    how: How
    body: str
    taken_on: dt.date
    title: str
    tally: str  # a written resolution's replies against its rule
    reason: str  # a chair's action's reason for urgency
    consulted: tuple[str, ...]
    taken_by: str


# ---------------------------------------------------------------- looking things up


@dataclass(frozen=True)
class MemberLine:
    """A member of a body on a day, as a clerk circulating a resolution needs them."""

    person_id: int
    name: str
    email: str
    role: Role
    votes: bool  # a voting member: replies to written resolutions and counts for the quorum
    start: dt.date
    end: dt.date | None


def members_on(session: Session, *, body: str, on: dt.date) -> list[MemberLine]:
    """The body's members on a day, chair first, with their email and whether they vote."""
    found = body_by_code(session, body)
    terms = terms_in_force(session, body_id=found.id, on=on)
    members = [m for m in all_memberships(session, body_id=found.id) if m.in_force(on)]
    emails = dict(
        session.execute(
            select(Person.id, Person.email).where(Person.id.in_([m.person_id for m in members]))
        )
        .tuples()
        .all()
    )
    return [
        MemberLine(
            m.person_id,
            m.person,
            emails[m.person_id],
            m.role,
            terms is not None
            and counts_towards_quorum(m.role, votes=m.votes, quorum_roles=terms.quorum_roles),
            m.start,
            m.end,
        )
        for m in members
    ]


def _terms(session: Session, body: Body, on: dt.date) -> TermsView:
    terms = terms_in_force(session, body_id=body.id, on=on)
    if terms is None:
        raise NotAllowed(f"The {body.name} has no terms of reference in force on {long_date(on)}.")
    return terms


def _open_body(session: Session, code: str) -> Body:
    body = body_by_code(session, code)
    if body.retired:
        raise NotAllowed(f"The {body.name} is retired, so it takes no decisions.")
    return body


def resolution_by_ref(session: Session, ref: str) -> WrittenResolution:
    found = session.scalar(
        select(WrittenResolution).where(WrittenResolution.ref == reference_key(ref))
    )
    if found is None:
        raise NotFound(f"There is no written resolution with the reference “{shown(ref)}”.")
    return found


def person_by_name_or_email(session: Session, text: str) -> Person:
    """The one person whose email, name or name with title is this (in any case)."""
    wanted = " ".join(text.split()).casefold()
    if not wanted:
        raise InvalidInput("Say who: a person's name or email address.")
    found = [
        p
        for p in session.scalars(select(Person))
        if wanted
        in {p.email.casefold(), p.name.casefold(), display_name(p.title, p.name).casefold()}
    ]
    if not found:
        raise NotFound(f"There is nobody called or with the email “{shown(text)}”.")
    if len(found) > 1:
        raise InvalidInput(
            f"More than one person is called “{shown(text)}”: give their email address instead."
        )
    return found[0]


def _seats(members: Iterable[MembershipView]) -> list[Seat]:
    return [Seat(m.person_id, m.role, m.votes, m.start, m.end) for m in members]


@dataclass(frozen=True)
class _State:
    """A resolution with what its outcome is computed from."""

    row: WrittenResolution
    rule: CarryingRule
    members: list[MembershipView]  # memberships in force on the day it was proposed
    voting: frozenset[int]
    interests: dict[int, str]
    votes: dict[int, ResolutionVote]

    @property
    def entitled(self) -> frozenset[int]:
        return entitled(self.voting, self.interests)

    def tally(self) -> Tally:
        return tally(self.entitled, {p: v.vote for p, v in self.votes.items()}, self.rule)

    def outcome(self, today: dt.date) -> Outcome:
        row = self.row
        return outcome(self.tally(), closed_on=row.closed_on, deadline=row.deadline, today=today)


def _state(session: Session, row: WrittenResolution) -> _State:
    body = session.get_one(Body, row.body_id)
    terms = _terms(session, body, row.proposed_on)
    members = [m for m in all_memberships(session, body_id=body.id) if m.in_force(row.proposed_on)]
    interests = dict(
        session.execute(
            select(ResolutionInterest.person_id, ResolutionInterest.nature).where(
                ResolutionInterest.resolution_id == row.id
            )
        )
        .tuples()
        .all()
    )
    votes = {
        v.person_id: v
        for v in session.scalars(
            select(ResolutionVote).where(ResolutionVote.resolution_id == row.id)
        )
    }
    voting = voting_members(_seats(members), on=row.proposed_on, roles=terms.quorum_roles)
    return _State(row, terms.resolution_rule, members, voting, interests, votes)


def _view(session: Session, state: _State, *, today: dt.date) -> ResolutionView:
    row = state.row
    body = session.get_one(Body, row.body_id)
    listed = [m for m in state.members if m.person_id in state.voting]
    listed_ids = {m.person_id for m in listed}
    people = {
        p.id: p
        for p in session.scalars(
            select(Person).where(Person.id.in_(listed_ids | set(state.interests)))
        )
    }
    order = [(m.person_id, m.role) for m in listed] + [
        (pid, Role.MEMBER) for pid in sorted(set(state.interests) - listed_ids)
    ]
    replies = []
    for pid, role in order:
        vote = state.votes.get(pid)
        person = people[pid]
        replies.append(
            Reply(
                person_id=pid,
                name=display_name(person.title, person.name),
                email=person.email,
                role=role,
                entitled=pid in state.entitled,
                interest=state.interests.get(pid, ""),
                vote=vote.vote if vote else None,
                received_on=vote.received_on if vote else None,
                via=vote.via if vote else None,
            )
        )
    decision = session.get(Decision, row.decision_id) if row.decision_id is not None else None
    return ResolutionView(
        id=row.id,
        ref=row.ref,
        body=body.code,
        body_name=body.name,
        title=row.title,
        text=row.text,
        proposed_on=row.proposed_on,
        deadline=row.deadline,
        recommends=row.recommends,
        closed_on=row.closed_on,
        rule=state.rule,
        tally=state.tally(),
        outcome=state.outcome(today),
        decision=decision.ref if decision is not None else None,
        replies=tuple(replies),
        version=row.version,
    )


def resolution_view(session: Session, *, resolution: str, today: dt.date) -> ResolutionView:
    row = resolution_by_ref(session, resolution)
    return _view(session, _state(session, row), today=today)


def list_resolutions(
    session: Session, *, today: dt.date, body: str | None = None
) -> list[ResolutionView]:
    """Written resolutions, the latest proposed first, for one body or for all."""
    query = select(WrittenResolution)
    if body is not None:
        query = query.where(WrittenResolution.body_id == body_by_code(session, body).id)
    rows = session.scalars(
        query.order_by(WrittenResolution.proposed_on.desc(), WrittenResolution.id.desc())
    )
    return [_view(session, _state(session, row), today=today) for row in rows]


# ---------------------------------------------------------------- written resolutions


def _clean(text: str, what: str) -> str:
    cleaned = agenda.clean_text(text)
    if not cleaned:
        raise InvalidInput(f"A {what} needs its text.")
    return cleaned


def _title(text: str, what: str) -> str:
    cleaned = " ".join(agenda.clean_text(text).split())
    if not cleaned:
        raise InvalidInput(f"A {what} needs a title.")
    if len(cleaned) > 500:
        raise InvalidInput(f"The title of a {what} can be at most 500 characters long.")
    return cleaned


def propose_resolution(
    session: Session,
    *,
    body: str,
    title: str,
    text: str,
    today: dt.date,
    deadline: dt.date | None = None,
    recommends: bool = False,
) -> ResolutionView:
    """Circulate a written resolution to the body's voting members of today."""
    found = _open_body(session, body)
    terms = _terms(session, found, today)
    if not terms.written_resolutions:
        raise NotAllowed(
            f"The {found.name}'s terms of reference do not allow written resolutions: the "
            "matter must wait for a meeting (or chair's action, if urgent)."
        )
    if deadline is not None and deadline < today:
        raise InvalidInput(
            f"The deadline ({long_date(deadline)}) cannot be before the day the resolution is "
            "proposed."
        )
    if recommends and found.parent_id is None:
        raise InvalidInput(f"The {found.name} reports to no other body, so it cannot recommend.")
    row = WrittenResolution(
        ref=allocate_between_meetings_ref(session, found.code, today.year, WRITTEN_RESOLUTION),
        body_id=found.id,
        title=_title(title, "written resolution"),
        text=_clean(text, "written resolution"),
        proposed_on=today,
        deadline=deadline,
        recommends=recommends,
    )
    session.add(row)
    session.flush()
    state = _state(session, row)
    if not state.voting:
        raise NotAllowed(f"The {found.name} has no voting members today to reply to it.")
    return _view(session, state, today=today)


def _ensure_open(state: _State, today: dt.date) -> None:
    row = state.row
    if row.closed_on is not None:
        raise NotAllowed(
            f"Written resolution {row.ref} was closed on {long_date(row.closed_on)} "
            f"({state.outcome(today)}): nothing about it can change now."
        )


def _member_of(state: _State, person: Person, doing: str) -> None:
    name = display_name(person.title, person.name)
    if person.id in state.interests:
        raise NotAllowed(
            f"{name} declared an interest in {state.row.ref}, so takes no part in it and "
            f"cannot {doing}."
        )
    if person.id not in state.voting:
        raise NotAllowed(
            f"{name} was not a voting member of the body on {long_date(state.row.proposed_on)}, "
            f"when {state.row.ref} was proposed, so cannot {doing}."
        )


def record_vote(
    session: Session,
    *,
    resolution: str,
    person: str,
    vote: Vote,
    today: dt.date,
    received: dt.date | None = None,
    via: Via = Via.EMAIL,
    expected_version: int | None = None,
) -> ResolutionView:
    """Record a member's reply. A changed reply replaces the earlier one, which the audit
    trail keeps."""
    row = resolution_by_ref(session, resolution)
    check_version(session, row, expected_version, lambda: f"Written resolution {row.ref}")
    state = _state(session, row)
    _ensure_open(state, today)
    who = person_by_name_or_email(session, person)
    _member_of(state, who, "reply to it")
    received = received or today
    if received > today:
        raise InvalidInput("A reply cannot be received after today.")
    if received < row.proposed_on:
        raise InvalidInput(
            f"A reply cannot be received before {row.ref} was proposed "
            f"({long_date(row.proposed_on)})."
        )
    if is_past(row.deadline, received):
        assert row.deadline is not None
        raise NotAllowed(
            f"The deadline for {row.ref} was {long_date(row.deadline)}: a reply received on "
            f"{long_date(received)} is too late to count."
        )
    existing = state.votes.get(who.id)
    if existing is None:
        session.add(
            ResolutionVote(
                resolution_id=row.id, person_id=who.id, vote=vote, received_on=received, via=via
            )
        )
    else:
        existing.vote, existing.received_on, existing.via = vote, received, via
    session.flush()
    return _view(session, _state(session, row), today=today)


def declare_interest(
    session: Session, *, resolution: str, person: str, interest: str, today: dt.date
) -> ResolutionView:
    """A member declares an interest: they take no part, and no longer count towards the total
    (a reply they already gave is kept on record but not counted)."""
    row = resolution_by_ref(session, resolution)
    state = _state(session, row)
    _ensure_open(state, today)
    who = person_by_name_or_email(session, person)
    _member_of(state, who, "declare an interest in it again")
    nature = " ".join(agenda.clean_text(interest).split())
    if not nature:
        raise InvalidInput("Say what the interest is.")
    session.add(ResolutionInterest(resolution_id=row.id, person_id=who.id, nature=nature))
    session.flush()
    return _view(session, _state(session, row), today=today)


def _close(session: Session, state: _State, *, on: dt.date, today: dt.date) -> None:
    row = state.row
    result = outcome(state.tally(), closed_on=on, deadline=row.deadline, today=today)
    if result is Outcome.CARRIED:
        decision = _decide(
            session,
            ref=row.ref,
            text=row.text,
            recommends=row.recommends,
        )
        row.decision_id = decision.id
    row.closed_on = on
    session.flush()
    if row.decision_id is not None:
        _report(session, session.get_one(Decision, row.decision_id))


def close_resolution(session: Session, *, resolution: str, today: dt.date) -> ResolutionView:
    """Close a resolution: its outcome follows from the replies; carried, it becomes a decision.
    Closed after its deadline, it closes as the deadline passed."""
    row = resolution_by_ref(session, resolution)
    state = _state(session, row)
    _ensure_open(state, today)
    _close(session, state, on=_closing_day(row, today), today=today)
    return _view(session, _state(session, row), today=today)


def close_due_resolutions(session: Session, *, today: dt.date) -> list[str]:
    """Close every resolution whose deadline has passed; their references."""
    due = session.scalars(
        select(WrittenResolution)
        .where(WrittenResolution.closed_on.is_(None), WrittenResolution.deadline < today)
        .order_by(WrittenResolution.id)
    ).all()
    for row in due:
        _close(session, _state(session, row), on=_closing_day(row, today), today=today)
    return [row.ref for row in due]


def _closing_day(row: WrittenResolution, today: dt.date) -> dt.date:
    """Today, or the day after the deadline once that has passed (the first day it was shut)."""
    if row.deadline is not None and is_past(row.deadline, today):
        return row.deadline + dt.timedelta(days=1)
    return today


# ---------------------------------------------------------------- chair's action


def _report(session: Session, decision: Decision) -> None:
    """Before the body's next meeting, and a recommendation before the parent body's too."""
    reported_decisions.report(session, decision)
    if decision.outcome is DecisionOutcome.RECOMMENDED:
        referrals.place_referral(session, decision)


def _decide(session: Session, *, ref: str, text: str, recommends: bool) -> Decision:
    decision = Decision(
        ref=ref,
        item_id=None,
        text=text,
        outcome=DecisionOutcome.RECOMMENDED if recommends else DecisionOutcome.APPROVED,
    )
    session.add(decision)
    session.flush()
    return decision


def take_chairs_action(
    session: Session,
    *,
    body: str,
    person: str,
    title: str,
    text: str,
    reason: str,
    today: dt.date,
    consulted: Sequence[str] = (),
    recommends: bool = False,
) -> ChairsActionView:
    """The chair (or the vice-chair acting) decides an urgent matter alone; the decision goes in
    the register and before the body's next meeting for ratification."""
    found = _open_body(session, body)
    terms = _terms(session, found, today)
    if not terms.chairs_action:
        raise NotAllowed(f"The {found.name}'s terms of reference do not allow chair's action.")
    who = person_by_name_or_email(session, person)
    name = display_name(who.title, who.name)
    roles = [
        m.role
        for m in all_memberships(session, body_id=found.id)
        if m.person_id == who.id and m.in_force(today) and m.role in CHAIR_ROLES
    ]
    if not roles:
        raise NotAllowed(
            f"{name} is not the chair or vice-chair of the {found.name} today, so cannot take "
            "chair's action."
        )
    why = agenda.clean_text(reason)
    if not why:
        raise InvalidInput("Chair's action needs the reason it could not wait for a meeting.")
    if recommends and found.parent_id is None:
        raise InvalidInput(f"The {found.name} reports to no other body, so it cannot recommend.")
    names = tuple(" ".join(c.split()) for c in consulted if c.strip())
    heading = _title(title, "chair's action")
    decision = _decide(
        session,
        ref=allocate_between_meetings_ref(session, found.code, today.year, CHAIRS_ACTION),
        text=_clean(text, "chair's action"),
        recommends=recommends,
    )
    row = ChairsAction(
        body_id=found.id,
        person_id=who.id,
        acting_as=min(roles, key=list(Role).index),
        taken_on=today,
        title=heading,
        reason=why,
        consulted="\n".join(names),
        decision_id=decision.id,
    )
    session.add(row)
    session.flush()
    _report(session, decision)
    return ChairsActionView(
        ref=decision.ref,
        body=found.code,
        taken_by=name,
        acting_as=row.acting_as,
        taken_on=today,
        title=row.title,
        text=decision.text,
        reason=row.reason,
        consulted=names,
        outcome=decision.outcome,
    )


def list_chairs_actions(session: Session, *, body: str) -> list[ChairsActionView]:
    """A body's chair's actions, the latest first."""
    found = body_by_code(session, body)
    rows = session.execute(
        select(ChairsAction, Decision, Person)
        .join(Decision, ChairsAction.decision_id == Decision.id)
        .join(Person, ChairsAction.person_id == Person.id)
        .where(ChairsAction.body_id == found.id)
        .order_by(ChairsAction.taken_on.desc(), ChairsAction.id.desc())
    ).tuples()
    return [
        ChairsActionView(
            ref=decision.ref,
            body=found.code,
            taken_by=display_name(person.title, person.name),
            acting_as=action.acting_as,
            taken_on=action.taken_on,
            title=action.title,
            text=decision.text,
            reason=action.reason,
            consulted=tuple(action.consulted.splitlines()),
            outcome=decision.outcome,
        )
        for action, decision, person in rows
    ]


# ---------------------------------------------------------------- for the register


def how_taken(session: Session, decision_ids: Iterable[int]) -> dict[int, HowTaken]:
    """For the decisions among these taken between meetings, how each was taken."""
    ids = list(decision_ids)
    found: dict[int, HowTaken] = {}
    for row in session.scalars(
        select(WrittenResolution).where(WrittenResolution.decision_id.in_(ids))
    ):
        assert row.decision_id is not None
        assert row.closed_on is not None
        state = _state(session, row)
        found[row.decision_id] = HowTaken(
            how=How.WRITTEN_RESOLUTION,
            body=session.get_one(Body, row.body_id).code,
            taken_on=row.closed_on,
            title=row.title,
            tally=f"{state.tally().words()} ({state.rule.words()})",
            reason="",
            consulted=(),
            taken_by="",
        )
    for action, code, person in session.execute(
        select(ChairsAction, Body.code, Person)
        .join(Body, ChairsAction.body_id == Body.id)
        .join(Person, ChairsAction.person_id == Person.id)
        .where(ChairsAction.decision_id.in_(ids))
    ).tuples():
        found[action.decision_id] = HowTaken(
            how=How.CHAIRS_ACTION,
            body=code,
            taken_on=action.taken_on,
            title=action.title,
            tally="",
            reason=action.reason,
            consulted=tuple(action.consulted.splitlines()),
            taken_by=f"{display_name(person.title, person.name)} ({action.acting_as})",
        )
    return found


@dataclass(frozen=True)
class ReportedView:
    """A decision taken between meetings, under the item that reports it to a meeting."""

    item_id: int
    ref: str
    text: str
    taken: HowTaken


def reported_at(session: Session, *, meeting_id: int) -> dict[int, ReportedView]:
    """Item id → the decision taken between meetings that the item reports."""
    rows = (
        session.execute(
            select(ReportedDecision.item_id, Decision)
            .join(Decision, ReportedDecision.decision_id == Decision.id)
            .join(AgendaItem, ReportedDecision.item_id == AgendaItem.id)
            .where(AgendaItem.meeting_id == meeting_id)
        )
        .tuples()
        .all()
    )
    taken = how_taken(session, [d.id for _, d in rows])
    return {item_id: ReportedView(item_id, d.ref, d.text, taken[d.id]) for item_id, d in rows}
