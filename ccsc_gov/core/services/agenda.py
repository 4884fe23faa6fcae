"""Agendas: the standard items, substantive items and their numbering, editing them, and the
agenda's timing. What the app brings forward by itself is in `matters_arising.py`,
`referrals.py` and `cycle_of_business.py`."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed, NotFound
from ccsc_gov.core.governance.guards import printable
from ccsc_gov.core.governance.numbering import Placed, agenda_order
from ccsc_gov.core.governance.timing import Slot, Timed, timings
from ccsc_gov.core.services.common import (
    Area,
    Changes,
    ensure_changeable,
    meeting_by_ref,
    row_by_id,
)
from ccsc_gov.core.store.conflicts import check_version
from ccsc_gov.core.store.models import (
    Action,
    AgendaItem,
    Attendance,
    Body,
    Confidentiality,
    Decision,
    Declaration,
    Meeting,
    Paper,
    Purpose,
    Referral,
    ReportedDecision,
    StandardItem,
    Withdrawal,
)
from ccsc_gov.core.store.references import item_ref


class Unchanged(enum.Enum):
    """The value of an edit argument the caller leaves as it is."""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED


@dataclass(frozen=True)
class StandardItemSpec:
    slot: StandardItem
    title: str
    purpose: Purpose
    # Only bodies with subcommittees get reports from them.
    parent_bodies_only: bool = False
    # Only on an agenda when the app has something to put under it.
    on_demand: bool = False


# The standard agenda (docs/architecture.md, "The vocabulary"), in its
# standard order: the one place these titles live.
STANDARD_AGENDA: tuple[StandardItemSpec, ...] = (
    StandardItemSpec(StandardItem.WELCOME, "Welcome and apologies", Purpose.NOTE),
    StandardItemSpec(StandardItem.DECLARATIONS, "Declarations of interest", Purpose.NOTE),
    StandardItemSpec(
        StandardItem.PREVIOUS_MINUTES, "Minutes of the previous meeting", Purpose.APPROVAL
    ),
    StandardItemSpec(StandardItem.MATTERS_ARISING, "Matters arising and action log", Purpose.NOTE),
    StandardItemSpec(
        StandardItem.DECISIONS_SINCE,
        "Decisions taken since the last meeting",
        Purpose.NOTE,
        on_demand=True,
    ),
    StandardItemSpec(StandardItem.BUSINESS, "Business items", Purpose.DISCUSSION),
    StandardItemSpec(
        StandardItem.SUBCOMMITTEE_REPORTS,
        "Reports from subcommittees",
        Purpose.NOTE,
        parent_bodies_only=True,
    ),
    StandardItemSpec(StandardItem.ANY_OTHER_BUSINESS, "Any other business", Purpose.DISCUSSION),
    StandardItemSpec(StandardItem.NEXT_MEETING, "Date of next meeting", Purpose.INFORMATION),
)
_STANDARD_ORDER = [spec.slot for spec in STANDARD_AGENDA]
_SPEC = {spec.slot: spec for spec in STANDARD_AGENDA}

# Statuses whose agenda is still being put together, so the app may add to it by itself.

# Actions that are still the body's business: they roll forward into every later meeting.


@dataclass(frozen=True)
class AgendaItemView:
    id: int
    meeting: str
    meeting_id: int
    number: str
    ref: str  # "EMC/2026/03 item 5.2"
    parent_id: int | None
    standard: StandardItem | None
    title: str
    public_title: str
    purpose: Purpose
    presenter: str
    duration: int | None  # minutes
    papers: str
    confidentiality: Confidentiality
    confidentiality_reason: str
    confidentiality_review: dt.date | None
    minutes: str
    referral: str | None  # the subcommittee decision this item brings to the body
    reported: str | None  # the decision taken since the last meeting that this item reports
    version: int  # raised by every change; an edit names the one it was made from

    @property
    def level(self) -> int:
        return 1 if self.parent_id is None else 2

    @property
    def changes(self) -> Changes:
        """An item added, edited or put back: the agenda and the item's minute."""
        return Changes(Area.AGENDA | Area.MINUTES, self.meeting_id)


@dataclass(frozen=True)
class AgendaTiming:
    planned_minutes: int  # the sum of every item's time, headings and sub-items alike
    slot_minutes: int
    untimed_items: int
    # Item id -> when it starts and for how long, the closed session last (see
    # `governance.timing`): an item without a time has an even share of what remains.
    slots: Mapping[int, Slot] = field(default_factory=dict)

    @property
    def over_by(self) -> int:
        return max(0, self.planned_minutes - self.slot_minutes)

    @property
    def fits(self) -> bool:
        return self.planned_minutes <= self.slot_minutes


# --- look-ups and guards -------------------------------------------------------------------


def item_by_id(session: Session, item_id: int) -> AgendaItem:
    item = row_by_id(session, AgendaItem, item_id)
    if item is None:
        raise NotFound("That agenda item does not exist (it may have been removed).")
    return item


def meeting_of(session: Session, item: AgendaItem) -> Meeting:
    return session.get_one(Meeting, item.meeting_id)


def item_numbers(session: Session, meeting_ids: list[int]) -> dict[int, str]:
    """Item id → number ("5.2") for every item of the given meetings."""
    rows = session.execute(
        select(
            AgendaItem.meeting_id, AgendaItem.id, AgendaItem.parent_id, AgendaItem.position
        ).where(AgendaItem.meeting_id.in_(meeting_ids))
    ).all()
    by_meeting: dict[int, list[Placed]] = {}
    for meeting_id, item_id, parent_id, position in rows:
        by_meeting.setdefault(meeting_id, []).append(Placed(item_id, parent_id, position))
    numbers: dict[int, str] = {}
    for placed in by_meeting.values():
        numbers.update(agenda_order(placed))
    return numbers


def number_of(session: Session, item: AgendaItem) -> str:
    return item_numbers(session, [item.meeting_id])[item.id]


def items_under(session: Session, meeting_id: int, parent_id: int | None) -> list[AgendaItem]:
    parent = (
        AgendaItem.parent_id.is_(None) if parent_id is None else (AgendaItem.parent_id == parent_id)
    )
    return list(
        session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id, parent)
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def _has_children(session: Session, item: AgendaItem) -> bool:
    return bool(session.scalar(select(exists().where(AgendaItem.parent_id == item.id))))


def renumber(siblings: list[AgendaItem]) -> None:
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position


def _insert(siblings: list[AgendaItem], item: AgendaItem, at: int | None) -> None:
    """Put `item` at 1-based position `at` among `siblings` (the end when None)."""
    if at is None:
        at = len(siblings) + 1
    if not 1 <= at <= len(siblings) + 1:
        raise InvalidInput(
            f"There is no position {at} there; choose a position from 1 to {len(siblings) + 1}."
        )
    siblings.insert(at - 1, item)
    renumber(siblings)


def _clean_title(title: str) -> str:
    cleaned = " ".join(printable(title).split())
    if not cleaned:
        raise InvalidInput("An agenda item needs a title.")
    return cleaned


def _clean_duration(minutes: int | None) -> int | None:
    if minutes is not None and minutes < 0:
        raise InvalidInput("An item's time cannot be negative.")
    return minutes


def clean_text(text: str) -> str:
    """Minute text as the clerk wrote it: paragraphs and bullets kept, line endings unified."""
    lines = printable(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def _resolve_parent(
    session: Session, meeting: Meeting, under: int | StandardItem | None
) -> AgendaItem | None:
    if under is None:
        return None
    if isinstance(under, StandardItem):
        return standard_item(session, meeting, under)
    parent = item_by_id(session, under)
    if parent.meeting_id != meeting.id:
        raise InvalidInput("That item belongs to another meeting's agenda.")
    if parent.parent_id is not None:
        raise NotAllowed(
            f"Item {number_of(session, parent)} is itself a sub-item. Agendas go one level deep "
            "only (5.1, 5.2), so it cannot hold sub-items."
        )
    return parent


# --- the standard items --------------------------------------------------------------------


def _has_subcommittees(session: Session, body_id: int) -> bool:
    return bool(
        session.scalar(select(exists().where(Body.parent_id == body_id, Body.retired.is_(False))))
    )


def new_item(
    session: Session,
    meeting: Meeting,
    parent: AgendaItem | None,
    *,
    title: str,
    purpose: Purpose,
    standard: StandardItem | None = None,
    at: int | None = None,
    presenter: str = "",
    duration: int | None = None,
    papers: str = "",
    confidentiality: Confidentiality = Confidentiality.OPEN,
    public_title: str = "",
    confidentiality_reason: str = "",
    confidentiality_review: dt.date | None = None,
) -> AgendaItem:
    parent_id = parent.id if parent is not None else None
    siblings = items_under(session, meeting.id, parent_id)
    item = AgendaItem(
        meeting_id=meeting.id,
        parent_id=parent_id,
        position=0,
        standard=standard,
        title=_clean_title(title),
        public_title=" ".join(public_title.split()),
        purpose=purpose,
        presenter=presenter.strip(),
        duration_minutes=_clean_duration(duration),
        papers=papers.strip(),
        confidentiality=confidentiality,
        confidentiality_reason=confidentiality_reason.strip(),
        confidentiality_review=confidentiality_review,
        minutes="",
    )
    _insert(siblings, item, at)
    session.add(item)
    session.flush()
    return item


def summary(text: str, limit: int = 90) -> str:
    """The first line of a text, cut at a word to fit an agenda item's title."""
    first = " ".join(text.split("\n", 1)[0].split())
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0]
    return f"{cut}…"


def insert_standard_items(session: Session, meeting: Meeting) -> None:
    """Give a new meeting the standard agenda in the standard order."""
    parent_body = _has_subcommittees(session, meeting.body_id)
    for spec in STANDARD_AGENDA:
        if spec.on_demand or (spec.parent_bodies_only and not parent_body):
            continue
        new_item(session, meeting, None, title=spec.title, purpose=spec.purpose, standard=spec.slot)


def standard_item(session: Session, meeting: Meeting, slot: StandardItem) -> AgendaItem:
    """The meeting's standard item for `slot`, put back in its standard place if removed."""
    found = session.scalars(
        select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting.id, AgendaItem.standard == slot)
        .order_by(AgendaItem.id)
    ).first()
    if found is not None:
        return found
    rank = _STANDARD_ORDER.index(slot)
    at = 1
    for index, top in enumerate(items_under(session, meeting.id, None), start=1):
        if top.standard is not None and _STANDARD_ORDER.index(top.standard) < rank:
            at = index + 1
    spec = _SPEC[slot]
    return new_item(
        session, meeting, None, title=spec.title, purpose=spec.purpose, standard=slot, at=at
    )


# --- reading the agenda ----------------------------------------------------------------------


def _views(session: Session, meeting: Meeting) -> list[AgendaItemView]:
    items = {
        i.id: i
        for i in session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id))
    }
    referrals = dict(
        session.execute(
            select(Referral.item_id, Decision.ref)
            .join(Decision, Referral.decision_id == Decision.id)
            .where(Referral.item_id.in_(list(items)))
        )
        .tuples()
        .all()
    )
    reported = dict(
        session.execute(
            select(ReportedDecision.item_id, Decision.ref)
            .join(Decision, ReportedDecision.decision_id == Decision.id)
            .where(ReportedDecision.item_id.in_(list(items)))
        )
        .tuples()
        .all()
    )
    order = agenda_order(Placed(i.id, i.parent_id, i.position) for i in items.values())
    views = []
    for item_id, number in order:
        i = items[item_id]
        views.append(
            AgendaItemView(
                id=i.id,
                meeting=meeting.ref,
                meeting_id=meeting.id,
                number=number,
                ref=item_ref(meeting.ref, number),
                parent_id=i.parent_id,
                standard=i.standard,
                title=i.title,
                public_title=i.public_title,
                purpose=i.purpose,
                presenter=i.presenter,
                duration=i.duration_minutes,
                papers=i.papers,
                confidentiality=i.confidentiality,
                confidentiality_reason=i.confidentiality_reason,
                confidentiality_review=i.confidentiality_review,
                minutes=i.minutes,
                referral=referrals.get(i.id),
                reported=reported.get(i.id),
                version=i.version,
            )
        )
    return views


def agenda(session: Session, *, meeting: str) -> list[AgendaItemView]:
    """The meeting's agenda in running order: each item followed by its sub-items."""
    return _views(session, meeting_by_ref(session, meeting))


def item_view(session: Session, *, item_id: int) -> AgendaItemView:
    item = item_by_id(session, item_id)
    return next(v for v in _views(session, meeting_of(session, item)) if v.id == item_id)


def agenda_timing(session: Session, *, meeting: str) -> AgendaTiming:
    """The agenda's total time against the meeting's slot."""
    m = meeting_by_ref(session, meeting)
    total, untimed = session.execute(
        select(
            func.coalesce(func.sum(AgendaItem.duration_minutes), 0),
            func.count().filter(AgendaItem.duration_minutes.is_(None)),
        ).where(AgendaItem.meeting_id == m.id)
    ).one()
    slot = int((m.end_at - m.start_at).total_seconds() // 60)
    views = agenda(session, meeting=m.ref)
    ordered = [v for v in views if v.confidentiality is Confidentiality.OPEN] + [
        v for v in views if v.confidentiality is not Confidentiality.OPEN
    ]
    by_number = timings([Timed(v.number, v.duration) for v in ordered], m.start_at, m.end_at)
    return AgendaTiming(
        planned_minutes=int(total),
        slot_minutes=slot,
        untimed_items=int(untimed),
        slots={v.id: by_number[v.number] for v in views if v.number in by_number},
    )


# --- editing the agenda ----------------------------------------------------------------------


def add_item(
    session: Session,
    *,
    meeting: str,
    title: str,
    purpose: Purpose = Purpose.DISCUSSION,
    under: int | StandardItem | None = StandardItem.BUSINESS,
    at: int | None = None,
    presenter: str = "",
    duration: int | None = None,
    papers: str = "",
    confidentiality: Confidentiality = Confidentiality.OPEN,
    public_title: str = "",
    confidentiality_reason: str = "",
    confidentiality_review: dt.date | None = None,
) -> AgendaItemView:
    """Add an item: by default the last of the business items; `under=None` for a top-level
    item, or the id of a top-level item; `at` is the 1-based place among its siblings."""
    m = meeting_by_ref(session, meeting)
    ensure_changeable(m)
    parent = _resolve_parent(session, m, under)
    item = new_item(
        session,
        m,
        parent,
        title=title,
        purpose=purpose,
        at=at,
        presenter=presenter,
        duration=duration,
        papers=papers,
        confidentiality=confidentiality,
        public_title=public_title,
        confidentiality_reason=confidentiality_reason,
        confidentiality_review=confidentiality_review,
    )
    return item_view(session, item_id=item.id)


def _check_item_version(
    session: Session, item: AgendaItem, meeting: Meeting, expected: int | None
) -> None:
    check_version(
        session, item, expected, lambda: f"Item {number_of(session, item)} of {meeting.ref}"
    )


def edit_item(
    session: Session,
    *,
    item_id: int,
    title: str | Unchanged = UNCHANGED,
    public_title: str | Unchanged = UNCHANGED,
    purpose: Purpose | Unchanged = UNCHANGED,
    presenter: str | Unchanged = UNCHANGED,
    duration: int | Unchanged | None = UNCHANGED,
    papers: str | Unchanged = UNCHANGED,
    confidentiality: Confidentiality | Unchanged = UNCHANGED,
    confidentiality_reason: str | Unchanged = UNCHANGED,
    confidentiality_review: dt.date | Unchanged | None = UNCHANGED,
    minutes: str | Unchanged = UNCHANGED,
    expected_version: int | None = None,
) -> Changes:
    """Change an item's details; arguments left out stay as they are. With
    `expected_version`, the item must still be as the clerk loaded it (else a `Conflict`)."""
    item = item_by_id(session, item_id)
    meeting = meeting_of(session, item)
    _check_item_version(session, item, meeting, expected_version)
    ensure_changeable(meeting)
    areas = Area.AGENDA
    if not isinstance(title, Unchanged):
        item.title = _clean_title(title)
    if not isinstance(public_title, Unchanged):
        item.public_title = " ".join(public_title.split())
    if not isinstance(purpose, Unchanged):
        item.purpose = purpose
    if not isinstance(presenter, Unchanged):
        item.presenter = presenter.strip()
    if not isinstance(duration, Unchanged):
        item.duration_minutes = _clean_duration(duration)
    if not isinstance(papers, Unchanged):
        item.papers = papers.strip()
    if not isinstance(confidentiality, Unchanged):
        item.confidentiality = confidentiality
    if not isinstance(confidentiality_reason, Unchanged):
        item.confidentiality_reason = confidentiality_reason.strip()
    if not isinstance(confidentiality_review, Unchanged):
        item.confidentiality_review = confidentiality_review
    if not isinstance(minutes, Unchanged):
        item.minutes = clean_text(minutes)
        areas |= Area.MINUTES
    session.flush()
    return Changes(areas, meeting.id)


def write_minutes(
    session: Session, *, item_id: int, text: str, expected_version: int | None = None
) -> Changes:
    """The minute of one item: paragraphs and simple bullets are kept as written. With
    `expected_version`, the item must still be as the clerk loaded it (else a `Conflict`)."""
    item = item_by_id(session, item_id)
    meeting = meeting_of(session, item)
    _check_item_version(session, item, meeting, expected_version)
    ensure_changeable(meeting)
    item.minutes = clean_text(text)
    session.flush()
    return Changes(Area.MINUTES, meeting.id)


def move_item(
    session: Session, *, item_id: int, under: int | StandardItem | None, at: int | None = None
) -> Changes:
    """Move an item to 1-based place `at` (the end when None) at the top level (`under=None`)
    or among the sub-items of a top-level item."""
    item = item_by_id(session, item_id)
    meeting = meeting_of(session, item)
    ensure_changeable(meeting)
    with session.no_autoflush:
        parent = _resolve_parent(session, meeting, under)
        if parent is not None:
            if parent.id == item.id:
                raise NotAllowed("An item cannot be placed under itself.")
            if _has_children(session, item):
                raise NotAllowed(
                    f"Item {number_of(session, item)} has sub-items of its own. Agendas go one "
                    "level deep only (5.1, 5.2); move its sub-items out first."
                )
        old = [s for s in items_under(session, meeting.id, item.parent_id) if s.id != item.id]
        new_parent_id = parent.id if parent is not None else None
        new = (
            old
            if new_parent_id == item.parent_id
            else [s for s in items_under(session, meeting.id, new_parent_id) if s.id != item.id]
        )
        _insert(new, item, at)
        if new is not old:
            renumber(old)
        item.parent_id = new_parent_id
    session.flush()
    return Changes(Area.AGENDA, meeting.id)


def indent_item(session: Session, *, item_id: int) -> Changes:
    """Make a top-level item the last sub-item of the item above it (5 → 4.3)."""
    item = item_by_id(session, item_id)
    if item.parent_id is not None:
        raise NotAllowed(
            f"Item {number_of(session, item)} is already a sub-item; agendas go one level deep "
            "only."
        )
    tops = items_under(session, item.meeting_id, None)
    index = next(i for i, top in enumerate(tops) if top.id == item.id)
    if index == 0:
        raise NotAllowed("The first item has no item above it to go under.")
    return move_item(session, item_id=item.id, under=tops[index - 1].id)


def outdent_item(session: Session, *, item_id: int) -> Changes:
    """Make a sub-item a top-level item straight after its parent (4.2 → 5)."""
    item = item_by_id(session, item_id)
    if item.parent_id is None:
        raise NotAllowed(f"Item {number_of(session, item)} is already a top-level item.")
    tops = items_under(session, item.meeting_id, None)
    parent_place = next(i for i, top in enumerate(tops, start=1) if top.id == item.parent_id)
    return move_item(session, item_id=item.id, under=None, at=parent_place + 1)


def removal_blockers(session: Session, item: AgendaItem) -> list[str]:
    """What is recorded against an item, in words; removing it would lose that record."""
    blockers = []
    if _has_children(session, item):
        blockers.append("it has sub-items (move or remove them first)")
    decisions = list(session.scalars(select(Decision.ref).where(Decision.item_id == item.id)))
    if decisions:
        blockers.append(f"decisions are recorded under it ({', '.join(decisions)})")
    actions = list(session.scalars(select(Action.ref).where(Action.item_id == item.id)))
    if actions:
        blockers.append(f"actions are recorded under it ({', '.join(actions)})")
    if session.scalar(select(exists().where(Declaration.item_id == item.id))):
        blockers.append("declarations of interest are recorded against it")
    if session.scalar(select(exists().where(Withdrawal.item_id == item.id))):
        blockers.append("a withdrawal from it is recorded")
    papers = list(session.scalars(select(Paper.number).where(Paper.item_id == item.id)))
    if papers:
        blockers.append(f"papers are attached to it ({', '.join(papers)})")
    if session.scalar(
        select(
            exists().where(
                or_(Attendance.arrived_at_item_id == item.id, Attendance.left_at_item_id == item.id)
            )
        )
    ):
        blockers.append("a late arrival or early departure is recorded at it")
    return blockers


def remove_item(session: Session, *, item_id: int) -> Changes:
    """Remove an item with nothing recorded against it; the items after it move up."""
    item = item_by_id(session, item_id)
    meeting = meeting_of(session, item)
    ensure_changeable(meeting)
    number = number_of(session, item)
    referral = session.scalar(
        select(Decision.ref)
        .join(Referral, Referral.decision_id == Decision.id)
        .where(Referral.item_id == item.id)
    )
    if referral is not None:
        raise NotAllowed(
            f"Item {number} brings recommendation {referral} to the body, which must consider "
            "it. Move the item, or record a decision such as “deferred”, instead of removing it."
        )
    reported = session.scalar(
        select(Decision.ref)
        .join(ReportedDecision, ReportedDecision.decision_id == Decision.id)
        .where(ReportedDecision.item_id == item.id)
    )
    if reported is not None:
        raise NotAllowed(
            f"Item {number} reports {reported}, taken since the last meeting, which the meeting "
            "must ratify or note. Move the item instead of removing it."
        )
    blockers = removal_blockers(session, item)
    if blockers:
        raise NotAllowed(f"Item {number} cannot be removed: {'; '.join(blockers)}.")
    siblings = [s for s in items_under(session, meeting.id, item.parent_id) if s.id != item.id]
    session.delete(item)
    renumber(siblings)
    session.flush()
    return Changes(Area.AGENDA, meeting.id)
