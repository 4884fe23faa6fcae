"""A realistic, fictional, deterministic history of the Centre, built through the services.

Nothing here writes rows directly: every meeting is scheduled, attended, minuted, decided
and approved the way a clerk would do it, so the demo exercises the same rules.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccsc_gov.core.demo.content import (
    BETWEEN_MEETINGS,
    BUSINESS,
    CONFIDENTIAL_BUSINESS,
    EMAIL_DOMAINS,
    MEETING_MONTHS,
    MEETING_PLACES,
    MEMBERSHIPS,
    NOTES,
    OPEN_RESOLUTION,
    OTHER_EMAIL_DOMAIN,
    PEOPLE,
    DemoBetween,
    DemoBusiness,
)
from ccsc_gov.core.demo.papers import attach_demo_papers
from ccsc_gov.core.export.text import body_words, capitalised
from ccsc_gov.core.governance.resolutions import Via, Vote
from ccsc_gov.core.services import (
    actions,
    agenda,
    approval,
    attendance,
    decisions,
    declarations,
    matters_arising,
    meetings,
    people,
    resolutions,
)
from ccsc_gov.core.services.body_list import BodyView, list_bodies
from ccsc_gov.core.services.common import meeting_by_ref
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import (
    ActionStatus,
    AttendanceCategory,
    BodyKind,
    Confidentiality,
    DecisionOutcome,
    DeclarationAction,
    Purpose,
    Role,
    StandardItem,
    TermsOfReference,
)

# The meetings of the history's last year carry papers (enough to see packs, and quick).
PAPERS_FOR_DAYS = 365

# (week of the month, weekday, start hour, minute, length in minutes): subcommittees meet
# before the EMC in a month and the EMC before the Board, so recommendations travel upwards.
SLOTS = {
    "RSC": (1, calendar.WEDNESDAY, 10, 0, 120),
    "NCTSC": (1, calendar.THURSDAY, 14, 0, 90),
    "CTSC": (1, calendar.FRIDAY, 16, 0, 90),
    "EMC": (2, calendar.TUESDAY, 14, 0, 120),
    "GB": (3, calendar.THURSDAY, 10, 0, 180),
}
# How often a voting member is there, by video, sends apologies or just does not come.
MEMBER_CATEGORIES = (
    AttendanceCategory.PRESENT,
    AttendanceCategory.REMOTE,
    AttendanceCategory.APOLOGIES,
    AttendanceCategory.ABSENT,
)
MEMBER_WEIGHTS = (80, 9, 9, 2)
STANDARD_MINUTES = {
    StandardItem.MATTERS_ARISING: "{body} reviewed the action log; progress is recorded "
    "against each action.",
    StandardItem.ANY_OTHER_BUSINESS: "There was no other business.",
}
# Business with a decision comes round once a year at most (an annual round, a renewal).
DECIDED_AGAIN_AFTER = dt.timedelta(days=330)
# An action done is raised again only a term later at the earliest, not at every meeting.
ACT_AGAIN_AFTER = dt.timedelta(days=120)

# What the minutes say when the body did not approve what the paper proposed.
OUTCOME_WORDS = {
    DecisionOutcome.DEFERRED: "Deferred to the next meeting, pending further information.",
    DecisionOutcome.REJECTED: "Not approved; the proposers were asked to revise the proposal.",
}


@dataclass(frozen=True)
class DemoSummary:
    meetings: int
    decisions: int
    actions: int


@dataclass
class _Story:
    rng: random.Random
    person_ids: dict[str, int] = field(default_factory=dict)
    previous: dict[str, str] = field(default_factory=dict)  # body → last held meeting's ref
    meetings: int = 0
    decisions: int = 0
    actions: int = 0
    inquorate_done: bool = False
    kinds: dict[str, BodyKind] = field(default_factory=dict)  # body code → its kind
    decided: dict[tuple[str, str], dt.date] = field(default_factory=dict)  # (body, title)
    # (body, description) → the reference of the action raised for it and not yet done.
    open_actions: dict[tuple[str, str], str] = field(default_factory=dict)
    acted: dict[tuple[str, str], dt.date] = field(default_factory=dict)  # (body, description)
    vice_chair_done: bool = False
    showcase: bool = False  # the meeting being held is its body's latest
    until: dt.date = dt.date.max
    held_on: dict[str, dt.date] = field(default_factory=dict)  # body → last held meeting's day
    # Decisions between meetings still to take, per body, and a dice of their own so that the
    # rest of the history is the same with or without them.
    between: dict[str, list[DemoBetween]] = field(default_factory=dict)
    between_rng: random.Random = field(default_factory=random.Random)


def nth_weekday(year: int, month: int, week: int, weekday: int) -> dt.date:
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (week - 1))


def meeting_slots(body: str, start: dt.date, end: dt.date) -> Iterator[tuple[dt.datetime, int]]:
    """Every meeting of a body from `start` up to and including the first after `end`."""
    week, weekday, hour, minute, length = SLOTS[body]
    for year in range(start.year, end.year + 2):
        for month in MEETING_MONTHS[body]:
            day = nth_weekday(year, month, week, weekday)
            if day < start:
                continue
            yield dt.datetime.combine(day, dt.time(hour, minute)), length
            if day > end:
                return


def build_demo(
    database: Database, *, years: int = 3, seed: int = 1, until: dt.date | None = None
) -> DemoSummary:
    """Fill a freshly seeded database with `years` of the Centre's business up to `until`."""
    until = until or dt.date.today()
    start = dt.date(until.year - years, until.month, 1)
    story = _Story(
        rng=random.Random(seed),
        until=until,
        between={body: list(entries) for body, entries in BETWEEN_MEETINGS.items()},
        between_rng=random.Random(seed * 7919),
    )
    with database.transaction() as session:
        _terms_since(session, start)
        _people_and_memberships(session, story, since=start - dt.timedelta(days=30))
    seeded = _seeded_bodies(database)
    story.kinds = {body.code: body.kind for body in seeded}
    diary = sorted(
        (when, length, body.code)
        for body in seeded
        for when, length in meeting_slots(body.code, start, until)
    )
    # Each body's latest meeting, whose draft minutes a new user opens first, shows the
    # whole of a meeting: confidential business in closed session and actions raised.
    latest = {body: when for when, _, body in diary if when.date() <= until}
    for when, length, body in diary:
        end = when + dt.timedelta(minutes=length)
        if when.date() <= until:
            with database.transaction() as session:
                _between_meetings(session, story, body, before=when.date())
        with database.transaction() as session:
            if when.date() <= until:
                story.showcase = latest[body] == when
                _hold_meeting(session, story, body, when, end)
            else:
                _plan_meeting(session, story, body, when, end, until=until)
    with database.transaction() as session:
        _open_resolution(session, until)
    return DemoSummary(story.meetings, story.decisions, story.actions)


def _terms_since(session: Session, start: dt.date) -> None:
    """A history that begins before the seeded terms of reference take effect (2000; 30 years
    back from 2026 is 1996) has them in force from its start, as its meetings need."""
    first = select(TermsOfReference).where(
        TermsOfReference.version == 1, TermsOfReference.effective_from > start
    )
    for terms in session.scalars(first):
        terms.effective_from = start


def _seeded_bodies(database: Database) -> list[BodyView]:
    with database.reading() as session:
        return [b for b in list_bodies(session) if b.code in MEMBERSHIPS]


def demo_email(name: str, organisation: str) -> str:
    """first.last@ the organisation's domain, in plain letters: "tomasz.wojcik@…"."""
    letters = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    local = ".".join("".join(c for c in part if c.isalnum()) for part in letters.split())
    return f"{local}@{EMAIL_DOMAINS.get(organisation, OTHER_EMAIL_DOMAIN)}"


def _people_and_memberships(session: Session, story: _Story, *, since: dt.date) -> None:
    for person in PEOPLE:
        email = demo_email(person.name, person.organisation)
        view = people.add_person(
            session,
            name=person.name,
            title=person.title,
            position=person.position,
            organisation=person.organisation,
            email=email,
        )
        story.person_ids[person.key] = view.id
    for body, members in MEMBERSHIPS.items():
        for key, role, votes in members:
            people.add_membership(
                session,
                body=body,
                person_id=story.person_ids[key],
                role=role,
                votes=votes,
                start=since,
            )


def _plan_meeting(
    session: Session,
    story: _Story,
    body: str,
    start: dt.datetime,
    end: dt.datetime,
    *,
    until: dt.date,
) -> None:
    ref = meetings.schedule_meeting(
        session, body=body, start=start, end=end, location=MEETING_PLACES[body]
    ).ref
    if (start.date() - until).days <= 21:
        meetings.publish_agenda(session, meeting=ref)
    story.meetings += 1


def _hold_meeting(
    session: Session, story: _Story, body: str, start: dt.datetime, end: dt.datetime
) -> None:
    rng = story.rng
    day = start.date()
    ref = meetings.schedule_meeting(
        session, body=body, start=start, end=end, location=MEETING_PLACES[body]
    ).ref
    story.meetings += 1
    # Business decided in the past year does not come back (it was settled).
    pool = [
        b
        for b in BUSINESS[body]
        if day - story.decided.get((body, b.title), dt.date.min) > DECIDED_AGAIN_AFTER
    ]
    business = rng.sample(pool, k=min(len(pool), rng.randint(2, 3)))
    # Papers are lettered in agenda order, one letter per paper: each reference is unique.
    papers = iter(f"{body}-{day:%y-%m}-{chr(65 + n)}" for n in range(26))
    for spec in business:
        agenda.add_item(
            session,
            meeting=ref,
            title=spec.title,
            purpose=spec.purpose,
            presenter=spec.presenter,
            duration=rng.choice((10, 15, 20, 30)),
            papers=next(papers),
        )
    secrets = [c for c in CONFIDENTIAL_BUSINESS if body in c.bodies]
    if (story.showcase and secrets) or rng.random() < 0.2:
        secret = rng.choice(secrets)
        business.append(secret)
        agenda.add_item(
            session,
            meeting=ref,
            title=secret.title,
            public_title=secret.public_title,
            purpose=secret.purpose,
            presenter=secret.presenter,
            papers=next(papers),
            confidentiality=Confidentiality.CONFIDENTIAL,
            confidentiality_reason=secret.reason,
            confidentiality_review=day.replace(year=day.year + 2),
            duration=15,
        )
    items = agenda.agenda(session, meeting=ref)
    if (story.until - day).days < PAPERS_FOR_DAYS:
        attach_demo_papers(session, ref, items, day=day)
    meetings.publish_agenda(session, meeting=ref)
    meeting_id = meeting_by_ref(session, ref).id
    _attendance(session, story, meeting_id, items)
    _declarations(session, story, meeting_id, items, business)
    if body in story.previous:
        amendments = "" if rng.random() < 0.8 else "One correction to the spelling of a name."
        approval.approve_minutes(
            session, meeting=story.previous[body], at_meeting=ref, amendments=amendments
        )
        story.decisions += 1
    _review_action_log(session, story, ref, day)
    for item in items:
        _minute_item(session, story, body, ref, item, business, day)
    meetings.mark_held(session, meeting=ref)
    # Where the record has gaps, the clerk drafts anyway and says why (audited).
    approval.mark_minutes_drafted(
        session,
        meeting=ref,
        override=True,
        reason="Drafted from the secretary's notes; the chair confirmed the record.",
    )
    story.previous[body] = ref
    story.held_on[body] = day


# Days after a body's meeting that a decision between meetings is taken, and the days a
# written resolution stays open.
BETWEEN_AFTER = 10
BETWEEN_OPEN = 7


def _between_meetings(session: Session, story: _Story, body: str, *, before: dt.date) -> None:
    """Now and then, a decision between the body's last meeting and the next: by written
    resolution (every voting member replies, in favour) or by chair's action."""
    last = story.held_on.get(body)
    waiting = story.between.get(body)
    if last is None or not waiting or story.between_rng.random() < 0.5:
        return
    day = last + dt.timedelta(days=BETWEEN_AFTER)
    if day + dt.timedelta(days=BETWEEN_OPEN + 3) >= before:
        return
    entry = waiting.pop(0)
    roles = {key: role for key, role, _ in MEMBERSHIPS[body]}
    chair = next(key for key, role in roles.items() if role is Role.CHAIR)
    if entry.chairs_action:
        resolutions.take_chairs_action(
            session,
            body=body,
            person=_email(chair),
            title=entry.title,
            text=entry.text,
            reason=entry.reason,
            consulted=entry.consulted,
            today=day,
        )
    else:
        ref = resolutions.propose_resolution(
            session,
            body=body,
            title=entry.title,
            text=entry.text,
            deadline=day + dt.timedelta(days=14),
            today=day,
        ).ref
        if entry.interest:
            vice = next(key for key, role in roles.items() if role is Role.VICE_CHAIR)
            resolutions.declare_interest(
                session,
                resolution=ref,
                person=_email(vice),
                interest=entry.interest,
                today=day,
            )
        closing = day + dt.timedelta(days=BETWEEN_OPEN)
        view = resolutions.resolution_view(session, resolution=ref, today=day)
        for reply in view.replies:
            if reply.entitled:
                resolutions.record_vote(
                    session,
                    resolution=ref,
                    person=reply.email,
                    vote=Vote.FOR,
                    received=day + dt.timedelta(days=story.between_rng.randint(1, BETWEEN_OPEN)),
                    via=Via.EMAIL,
                    today=closing,
                )
        resolutions.close_resolution(session, resolution=ref, today=closing)
    story.decisions += 1


def _open_resolution(session: Session, until: dt.date) -> None:
    """A written resolution of the EMC still collecting replies on the demo's last day."""
    day = until - dt.timedelta(days=3)
    ref = resolutions.propose_resolution(
        session,
        body="EMC",
        title=OPEN_RESOLUTION.title,
        text=OPEN_RESOLUTION.text,
        deadline=until + dt.timedelta(days=11),
        today=day,
    ).ref
    voting = [key for key, _, votes in MEMBERSHIPS["EMC"] if votes]
    for key, vote in zip(voting, (Vote.FOR, Vote.FOR, Vote.AGAINST, Vote.FOR), strict=False):
        resolutions.record_vote(
            session, resolution=ref, person=_email(key), vote=vote, received=until, today=until
        )


def _email(key: str) -> str:
    person = next(p for p in PEOPLE if p.key == key)
    return demo_email(person.name, person.organisation)


def _attendance(
    session: Session, story: _Story, meeting_id: int, items: list[agenda.AgendaItemView]
) -> None:
    rng = story.rng
    # Items of business; not the reports of decisions taken since the last meeting.
    business = [i for i in items if i.parent_id is not None and i.reported is None]
    entries: list[attendance.AttendanceEntry] = []
    chairs: list[int] = []  # where the chair's and vice-chair's entries are
    for member in attendance.expected_attendees(session, meeting_id=meeting_id):
        if member.role in (Role.SECRETARY, Role.OBSERVER, Role.IN_ATTENDANCE):
            category = AttendanceCategory.IN_ATTENDANCE
        else:
            category = rng.choices(MEMBER_CATEGORIES, MEMBER_WEIGHTS)[0]
        late = None
        if category is AttendanceCategory.PRESENT and business and rng.random() < 0.04:
            late = rng.choice(business).id
        note = "minutes" if member.role is Role.SECRETARY else ""
        if member.role in (Role.CHAIR, Role.VICE_CHAIR):
            chairs.append(len(entries))
        entries.append(
            attendance.AttendanceEntry(
                member.person_id, category, arrived_at_item_id=late, note=note
            )
        )
    # The terms require the chair or the vice-chair: one of them is there from the start
    # (the vice-chair stands in), or every item of the meeting would be inquorate.
    there = (AttendanceCategory.PRESENT, AttendanceCategory.REMOTE)
    if chairs and not any(
        entries[i].category in there and entries[i].arrived_at_item_id is None for i in chairs
    ):
        stand_in = chairs[-1]
        entries[stand_in] = replace(
            entries[stand_in], category=AttendanceCategory.PRESENT, arrived_at_item_id=None
        )
    attendance.record_register(session, meeting_id=meeting_id, entries=entries)


def _declarations(
    session: Session,
    story: _Story,
    meeting_id: int,
    items: list[agenda.AgendaItemView],
    specs: list[DemoBusiness],
) -> None:
    """Now and then a member declares an interest that fits the item (a co-applicant on an
    award, a supervisor of a candidate); once, the chair's withdrawal (with the vice-chair
    away) leaves an item without a chair, so that item is inquorate. Otherwise, when the chair
    withdraws, the vice-chair takes the chair."""
    rng = story.rng
    interests = {b.title: b.interest for b in specs if b.interest}
    business = [i for i in items if i.title in interests]
    if not business or rng.random() > 0.25:
        return
    there = {
        line.person_id
        for line in attendance.meeting_attendance(session, meeting_id=meeting_id).present
    }
    present = [
        m
        for m in attendance.expected_attendees(session, meeting_id=meeting_id)
        if m.votes and m.person_id in there
    ]
    if not present:
        return
    item = rng.choice(business)
    chairs = [m for m in present if m.role in (Role.CHAIR, Role.VICE_CHAIR)]
    chosen: int | None = None  # a member the meeting chose to take the chair
    if not story.inquorate_done and len(chairs) == 1:
        person, action = chairs[0], DeclarationAction.WITHDREW
        story.inquorate_done = True
        chosen = next((m.person_id for m in present if m.role is Role.MEMBER), None)
    elif not story.vice_chair_done and len(chairs) == 2:
        # The chair withdraws and the vice-chair takes the chair for the item.
        person = next(m for m in chairs if m.role is Role.CHAIR)
        action = DeclarationAction.WITHDREW
        story.vice_chair_done = True
    else:
        person = rng.choice(present)
        action = rng.choice(list(DeclarationAction))
    declarations.record_declaration(
        session,
        item_id=item.id,
        person_id=person.person_id,
        nature=interests[item.title],
        action_taken=action,
    )
    if chosen is not None and person.role is Role.CHAIR:
        attendance.take_chair(session, item_id=item.id, person_id=chosen)


def _review_action_log(session: Session, story: _Story, ref: str, day: dt.date) -> None:
    """What the body says about each earlier action it reviews at this meeting."""
    rng = story.rng
    for carried in matters_arising.matters_arising(session, meeting=ref):
        roll = rng.random()
        action = carried.ref
        key = (ref.split("/")[0], carried.description)
        if story.open_actions.get(key) == action and (
            carried.status is ActionStatus.COMPLETED or roll < 0.35 or 0.45 <= roll < 0.48
        ):
            # Done, or cancelled: the same action may be raised again another time.
            del story.open_actions[key]
        if carried.status is ActionStatus.COMPLETED:
            actions.close_action(
                session, action=action, at_meeting=ref, note="Accepted as done.", today=day
            )
        elif roll < 0.35:
            actions.mark_completed(session, action=action, note=NOTES[3], at_meeting=ref, today=day)
        elif roll < 0.45 and carried.due is not None:
            new_due = max(carried.due, day) + dt.timedelta(weeks=6)
            actions.revise_due_date(session, action=action, due=new_due, reason=NOTES[1], today=day)
        elif roll < 0.48:
            actions.cancel_action(
                session, action=action, reason="Overtaken by events.", at_meeting=ref, today=day
            )
        elif roll < 0.8:
            actions.record_progress(
                session,
                action=action,
                text=rng.choice(NOTES[:3]),
                status=ActionStatus.IN_PROGRESS,
                at_meeting=ref,
                today=day,
            )
        # Otherwise no update was given: the action stays as it was, perhaps overdue.


def _minute_item(
    session: Session,
    story: _Story,
    body: str,
    ref: str,
    item: agenda.AgendaItemView,
    business: list[DemoBusiness],
    day: dt.date,
) -> None:
    spec = next((b for b in business if b.title == item.title), None)
    words = capitalised(body_words(story.kinds[body]))
    text = STANDARD_MINUTES.get(item.standard) if item.standard else None
    if item.standard is StandardItem.WELCOME:
        lists = attendance.meeting_attendance(session, meeting_id=meeting_by_ref(session, ref).id)
        text = "The Chair welcomed members."
        if lists.apologies:
            text += " Apologies were noted as above."
    elif item.standard is StandardItem.DECLARATIONS:
        # The minutes list the declarations themselves, or say that none were made.
        made = declarations.declarations_at_meeting(
            session, meeting_id=meeting_by_ref(session, ref).id
        )
        text = "The Chair invited declarations of interest." if made else None
    elif item.standard is StandardItem.NEXT_MEETING:
        text = None  # the minutes give the date from the schedule of meetings
    elif spec is not None:
        text = spec.minute
    elif item.referral is not None:
        text = f"{words} considered the recommendation and the paper supporting it."
    elif item.reported is not None:
        return  # the minutes say the meeting ratified or noted it
    elif item.standard is None and item.parent_id is not None:
        text = f"{words} considered the paper and agreed the proposals in it."
    if text:
        agenda.write_minutes(session, item_id=item.id, text=text.format(body=words))
    if item.standard is not None:
        return
    outcome = _decide(session, story, body, item, spec)
    if spec is not None and outcome in (DecisionOutcome.APPROVED, DecisionOutcome.RECOMMENDED):
        story.decided[(body, spec.title)] = day
    # Nothing follows from a proposal the body deferred or turned down, and an action still
    # open from an earlier meeting is not raised again.
    if (
        spec is not None
        and spec.action
        and outcome not in OUTCOME_WORDS
        and (body, spec.action) not in story.open_actions
        and (
            story.showcase
            or day - story.acted.get((body, spec.action), dt.date.min) > ACT_AGAIN_AFTER
        )
    ):
        _act(session, story, ref, item, spec, day)


def _decide(
    session: Session,
    story: _Story,
    body: str,
    item: agenda.AgendaItemView,
    spec: DemoBusiness | None,
) -> DecisionOutcome | None:
    rng = story.rng
    if item.referral is not None:
        # The minutes quote the recommendation; the clerk adds what the body said of it.
        outcome = DecisionOutcome.APPROVED
        subject = item.title.split(" — ")[0]
        if body == "EMC" and rng.random() < 0.4:
            outcome = DecisionOutcome.RECOMMENDED
            text = f"{subject}: recommended to the Governance Board for approval."
        else:
            text = "Approved as recommended, without conditions."
    elif spec is not None and spec.decision:
        recommend = body in ("RSC", "NCTSC", "CTSC") and "recommended" in spec.decision
        outcome = (
            DecisionOutcome.RECOMMENDED
            if recommend
            else rng.choices(
                (DecisionOutcome.APPROVED, DecisionOutcome.DEFERRED, DecisionOutcome.REJECTED),
                (85, 10, 5),
            )[0]
        )
        text = OUTCOME_WORDS.get(outcome, spec.decision)
    elif item.purpose in (Purpose.DECISION, Purpose.APPROVAL):
        outcome, text = (
            DecisionOutcome.APPROVED,
            "The proposals in the paper were approved as presented.",
        )
    else:
        return None
    decisions.record_decision(session, item_id=item.id, text=text, outcome=outcome)
    story.decisions += 1
    return outcome


def _owner(
    session: Session, story: _Story, ref: str, item: agenda.AgendaItemView, spec: DemoBusiness
) -> int:
    """Who takes the action: the member whose post presents the business (the Centre
    Manager for the equipment agreement, every time) unless they withdrew from the item, else
    the first voting member in the room for it."""
    positions = {p.position: p.key for p in PEOPLE}
    body = ref.split("/")[0]
    members = {key for key, _, votes in MEMBERSHIPS[body] if votes}
    withdrew = set(attendance.item_quorum(session, item_id=item.id).withdrew)
    names = {p.key: f"{p.title} {p.name}" for p in PEOPLE}
    key = positions.get(spec.presenter)
    if key in members and names[key] not in withdrew:  # not someone who left the room
        return story.person_ids[key]
    meeting_id = meeting_by_ref(session, ref).id
    there = [
        line
        for line in attendance.meeting_attendance(session, meeting_id=meeting_id).present
        if line.name not in withdrew
    ]
    voting = [story.person_ids[k] for k, _, votes in MEMBERSHIPS[body] if votes]
    return next((p for p in voting if any(line.person_id == p for line in there)), voting[0])


def _act(
    session: Session,
    story: _Story,
    ref: str,
    item: agenda.AgendaItemView,
    spec: DemoBusiness,
    day: dt.date,
) -> None:
    rng = story.rng
    body = ref.split("/")[0]
    story.acted[(body, spec.action)] = day
    owners = [_owner(session, story, ref, item, spec)]
    if rng.random() < 0.2:  # now and then a second member shares it
        others = [story.person_ids[k] for k, _, votes in MEMBERSHIPS[body] if votes]
        owners.append(rng.choice([p for p in others if p not in owners]))
    raised = actions.add_action(
        session,
        item_id=item.id,
        description=spec.action,
        owner_ids=owners,
        due=day + dt.timedelta(weeks=rng.choice((3, 4, 6, 8))),
        today=day,
    )
    story.open_actions[(body, spec.action)] = raised.ref
    story.actions += 1
