"""Who attended a meeting (and each item of it), whether it was quorate, and attendance records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed, NotFound
from ccsc_gov.core.governance.guards import printable
from ccsc_gov.core.governance.lifecycle import TOOK_PLACE
from ccsc_gov.core.governance.membership import ATTENDING_ROLES, CHAIR_ROLES, counts_towards_quorum
from ccsc_gov.core.governance.numbering import Placed, agenda_order
from ccsc_gov.core.governance.quorum import THERE
from ccsc_gov.core.governance.vocabulary import long_date
from ccsc_gov.core.services.agenda import item_by_id
from ccsc_gov.core.services.bodies import body_by_code
from ccsc_gov.core.services.common import Area, Changes, ensure_changeable, row_by_id
from ccsc_gov.core.services.people import (
    MembershipView,
    all_memberships,
    display_name,
    person_by_id,
    role_rank,
    surname_key,
)
from ccsc_gov.core.services.terms import TermsView, all_terms, pick_terms_in_force
from ccsc_gov.core.store.models import (
    AgendaItem,
    Attendance,
    AttendanceCategory,
    Meeting,
    Person,
    Role,
    Withdrawal,
)
from ccsc_gov.core.store.references import item_ref


def counts_for_quorum(membership: MembershipView, terms: TermsView) -> bool:
    """Whether a membership counts towards the quorum under these terms (see
    `governance.membership.counts_towards_quorum`)."""
    return counts_towards_quorum(
        membership.role, votes=membership.votes, quorum_roles=terms.quorum.roles
    )


def meeting_by_id(session: Session, meeting_id: int) -> Meeting:
    meeting = row_by_id(session, Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"There is no meeting number {meeting_id}.")
    return meeting


def running_order(session: Session, *, meeting_id: int) -> list[tuple[int, str]]:
    """(item id, number) of a meeting's agenda in the order the items are taken."""
    rows = session.execute(
        select(AgendaItem.id, AgendaItem.parent_id, AgendaItem.position).where(
            AgendaItem.meeting_id == meeting_id
        )
    )
    return agenda_order(Placed(id, parent_id, position) for id, parent_id, position in rows)


# ---------------------------------------------------------------- what a meeting's quorum rests on


@dataclass
class _Facts:
    """Everything quorum and attendance need to know about one meeting, read once."""

    meeting: Meeting
    day: dt.date
    terms: TermsView | None
    expected: list[MembershipView]
    rows: dict[int, Attendance]
    order: list[tuple[int, str]]
    withdrawn: dict[int, set[int]]
    names: dict[int, str]  # everyone recorded, expected or withdrawn: display names
    chaired_by: dict[int, int]  # item id -> who the clerk recorded as taking the chair
    counted: set[int] = field(init=False)  # counting members in office
    chairs: dict[int, Role] = field(init=False)  # chair and vice-chair in office
    position: dict[int, int] = field(init=False)  # item id -> index in running order
    number: dict[int, str] = field(init=False)  # item id -> number

    def __post_init__(self) -> None:
        terms = self.terms
        self.counted = (
            {m.person_id for m in self.expected if counts_for_quorum(m, terms)}
            if terms is not None
            else set()
        )
        self.chairs = {m.person_id: m.role for m in self.expected if m.role in CHAIR_ROLES}
        self.position = {item_id: index for index, (item_id, _) in enumerate(self.order)}
        self.number = dict(self.order)

    def membership(self, person_id: int) -> MembershipView | None:
        return next((m for m in self.expected if m.person_id == person_id), None)

    def name(self, person_id: int) -> str:
        return self.names[person_id]

    def at_meeting(self) -> set[int]:
        """Everyone there for at least part of the meeting."""
        return {pid for pid, row in self.rows.items() if row.category in THERE}

    def at_item(self, item_id: int) -> set[int]:
        """Everyone in the room for one item: arrived by then, not yet gone, not withdrawn."""
        position = self.position
        here = position[item_id]
        there: set[int] = set()
        for pid, row in self.rows.items():
            if row.category not in THERE or pid in self.withdrawn.get(item_id, set()):
                continue
            arrived = position.get(row.arrived_at_item_id or -1, 0)
            left = position.get(row.left_at_item_id or -1, len(self.order))
            if arrived <= here < left:
                there.add(pid)
        return there


def _facts(session: Session, meeting: Meeting) -> _Facts:
    [facts] = _facts_of(session, [meeting])
    return facts


def _facts_of(session: Session, meetings: Sequence[Meeting]) -> list[_Facts]:
    """The facts of several meetings, read in a handful of queries whatever their number."""
    ids = [m.id for m in meetings]
    placed: dict[int, list[Placed]] = {meeting_id: [] for meeting_id in ids}
    chaired_by: dict[int, dict[int, int]] = {meeting_id: {} for meeting_id in ids}
    for meeting_id, item_id, parent_id, position, chair_id in session.execute(
        select(
            AgendaItem.meeting_id,
            AgendaItem.id,
            AgendaItem.parent_id,
            AgendaItem.position,
            AgendaItem.chaired_by_id,
        ).where(AgendaItem.meeting_id.in_(ids))
    ):
        placed[meeting_id].append(Placed(item_id, parent_id, position))
        if chair_id is not None:
            chaired_by[meeting_id][item_id] = chair_id
    rows: dict[int, dict[int, Attendance]] = {meeting_id: {} for meeting_id in ids}
    for row in session.scalars(select(Attendance).where(Attendance.meeting_id.in_(ids))):
        rows[row.meeting_id][row.person_id] = row
    withdrawn: dict[int, dict[int, set[int]]] = {meeting_id: {} for meeting_id in ids}
    for meeting_id, item_id, person_id in session.execute(
        select(AgendaItem.meeting_id, Withdrawal.item_id, Withdrawal.person_id)
        .join(AgendaItem, Withdrawal.item_id == AgendaItem.id)
        .where(AgendaItem.meeting_id.in_(ids))
    ):
        withdrawn[meeting_id].setdefault(item_id, set()).add(person_id)
    body_ids = {m.body_id for m in meetings}
    memberships = {b: all_memberships(session, body_id=b) for b in body_ids}
    terms = {b: all_terms(session, body_id=b) for b in body_ids}
    names = {m.person_id: m.person for views in memberships.values() for m in views}
    recorded = {pid for by_person in rows.values() for pid in by_person}
    recorded |= {pid for by_item in withdrawn.values() for pids in by_item.values() for pid in pids}
    recorded |= {pid for by_item in chaired_by.values() for pid in by_item.values()}
    for person in session.scalars(select(Person).where(Person.id.in_(recorded - set(names)))):
        names[person.id] = display_name(person.title, person.name)
    facts = []
    for meeting in meetings:
        day = meeting.start_at.date()
        expected = [m for m in memberships[meeting.body_id] if m.in_force(day)]
        facts.append(
            _Facts(
                meeting,
                day,
                pick_terms_in_force(terms[meeting.body_id], on=day),
                expected,
                rows[meeting.id],
                agenda_order(placed[meeting.id]),
                withdrawn[meeting.id],
                names,
                chaired_by[meeting.id],
            )
        )
    return facts


# ---------------------------------------------------------------- quorum


@dataclass(frozen=True)
class QuorumAnswer:
    """Whether a meeting or one of its items was quorate, and why, in a clerk's words."""

    subject: str  # "EMC/2026/03" or "EMC/2026/03 item 5.3"
    quorate: bool
    present: int  # counting members present
    required: int
    reason: str
    meeting_id: int
    voting_members: int = 0
    chair_required: bool = False
    chair_present: bool = False
    # Who withdrew from this item (everyone, counting members or not).
    withdrew: tuple[str, ...] = ()
    # An item the chair was not in the room for: who took the chair instead (empty when
    # nobody is known), and whether they are the vice-chair or a member chosen at the meeting.
    chair_away: bool = False
    taken_by: str = ""
    taken_by_vice_chair: bool = False

    @property
    def changes(self) -> Changes:
        return Changes(Area.ATTENDANCE, self.meeting_id)


def _chair_for_item(facts: _Facts, item_id: int) -> tuple[bool, int | None]:
    """Whether the chair was away for an item they were at the meeting for (withdrew, or
    arrived late or left early), and who took the chair: the member the clerk recorded, or
    else the vice-chair in the room."""
    chair = next((p for p, role in facts.chairs.items() if role is Role.CHAIR), None)
    there = facts.at_item(item_id)
    if chair is None or chair in there or chair not in facts.at_meeting():
        return False, None
    recorded = facts.chaired_by.get(item_id)
    if recorded is not None and recorded in there:
        return True, recorded
    vice = next((p for p in there if facts.chairs.get(p) is Role.VICE_CHAIR), None)
    return True, vice


def _judge(facts: _Facts, *, subject: str, there: set[int], item_id: int | None) -> QuorumAnswer:
    terms = facts.terms
    chair_away, taken_by = _chair_for_item(facts, item_id) if item_id is not None else (False, None)
    chair_fields: dict[str, Any] = {
        "chair_away": chair_away,
        "taken_by": facts.name(taken_by) if taken_by is not None else "",
        "taken_by_vice_chair": taken_by is not None
        and facts.chairs.get(taken_by) is Role.VICE_CHAIR,
    }
    withdrew = tuple(
        sorted(
            (facts.name(pid) for pid in facts.withdrawn.get(item_id or -1, set())),
            key=surname_key,
        )
    )
    if terms is None:
        return QuorumAnswer(
            subject=subject,
            quorate=False,
            present=0,
            required=0,
            reason=f"the quorum cannot be judged: the {facts.meeting.body.name} had no terms of "
            f"reference in force on {long_date(facts.day)}",
            meeting_id=facts.meeting.id,
            withdrew=withdrew,
            **chair_fields,
        )
    voting = len(facts.counted)
    rule = terms.quorum
    required = rule.required(voting)
    present = len(facts.counted & there)
    chairs_there = sorted((facts.chairs[p] for p in there if p in facts.chairs), key=role_rank)
    quorate = rule.is_met(present=present, voting_members=voting, chair_present=bool(chairs_there))
    chair_ok = bool(chairs_there) or not rule.chair_required
    counts = f"{present} of {voting} voting members present, {required} needed"
    if not facts.rows:
        reason = "the quorum cannot be judged: attendance has not been recorded"
    elif quorate:
        reason = f"quorate: {counts}"
        if terms.chair_required:
            reason += f", including the {chairs_there[0]}"
    elif present >= required:
        reason = f"inquorate: the chair or vice-chair was not present ({counts})"
    else:
        reason = f"inquorate: {counts}"
        if not chair_ok:
            reason += "; the chair or vice-chair was not present"
        if item_id is not None:
            reason += _missing_for_item(facts, item_id)
    return QuorumAnswer(
        subject=subject,
        quorate=bool(facts.rows) and quorate,
        present=present,
        required=required,
        reason=reason,
        meeting_id=facts.meeting.id,
        voting_members=voting,
        chair_required=terms.chair_required,
        chair_present=bool(chairs_there),
        withdrew=withdrew,
        **chair_fields,
    )


def _missing_for_item(facts: _Facts, item_id: int) -> str:
    """Why counting members at the meeting were not there for this item."""
    position = facts.position
    here = position[item_id]
    causes: dict[str, list[str]] = {}
    for pid in sorted(facts.counted & facts.at_meeting()):
        row = facts.rows[pid]
        if pid in facts.withdrawn.get(item_id, set()):
            cause = "withdrew"
        elif row.arrived_at_item_id is not None and position[row.arrived_at_item_id] > here:
            cause = "had not yet arrived"
        elif row.left_at_item_id is not None and position[row.left_at_item_id] <= here:
            cause = "had left"
        else:
            continue
        causes.setdefault(cause, []).append(facts.name(pid))
    if not causes:
        return ""
    parts = [
        f"{', '.join(sorted(names, key=surname_key))} {cause}" for cause, names in causes.items()
    ]
    return f" ({'; '.join(parts)})"


def _judge_meeting(facts: _Facts) -> QuorumAnswer:
    return _judge(facts, subject=facts.meeting.ref, there=facts.at_meeting(), item_id=None)


def _judge_item(facts: _Facts, item_id: int) -> QuorumAnswer:
    subject = item_ref(facts.meeting.ref, facts.number[item_id])
    return _judge(facts, subject=subject, there=facts.at_item(item_id), item_id=item_id)


def meeting_quorum(session: Session, *, meeting_id: int) -> QuorumAnswer:
    """Whether the meeting was quorate: counting members there for at least part of it,
    under the terms of reference and memberships in force on its date. Late arrivals, early
    departures and withdrawals are judged item by item (`item_quorum`)."""
    return _judge_meeting(_facts(session, meeting_by_id(session, meeting_id)))


def item_quorum(session: Session, *, item_id: int) -> QuorumAnswer:
    """Whether one agenda item was quorate, counting who was in the room for it."""
    item = item_by_id(session, item_id)
    return _judge_item(_facts(session, item.meeting), item.id)


@dataclass(frozen=True)
class ItemQuorum:
    item_id: int
    number: str
    answer: QuorumAnswer


def items_quorum(session: Session, *, meeting_id: int) -> list[ItemQuorum]:
    """The quorum of every item of a meeting in running order (one read for the whole agenda)."""
    facts = _facts(session, meeting_by_id(session, meeting_id))
    return [
        ItemQuorum(item_id, number, _judge_item(facts, item_id)) for item_id, number in facts.order
    ]


def attendance_recorded(session: Session, *, meeting_id: int) -> bool:
    """True once every member expected at the meeting has been recorded as present, remote,
    apologies or absent."""
    return _recorded(_facts(session, meeting_by_id(session, meeting_id)))


def _recorded(facts: _Facts) -> bool:
    return bool(facts.rows) and all(m.person_id in facts.rows for m in facts.expected)


def meetings_quorate(session: Session, meetings: Sequence[Meeting]) -> dict[int, bool | None]:
    """Meeting id -> whether it was quorate, for many meetings at once (a body's list of
    meetings); None where its attendance is not fully recorded."""
    return {
        facts.meeting.id: _judge_meeting(facts).quorate if _recorded(facts) else None
        for facts in _facts_of(session, meetings)
    }


# ---------------------------------------------------------------- recording attendance


@dataclass(frozen=True)
class AttendeeLine:
    """One person's line in the attendance lists of the minutes."""

    meeting_id: int
    person_id: int
    name: str
    position: str
    role: Role | None  # None: not a member of the body (in attendance)
    category: AttendanceCategory
    arrived_at: str | None  # the item number they arrived at
    left_after: str | None  # the last item number they were there for
    note: str

    @property
    def label(self) -> str:
        """As printed: "Prof. Hannah Okafor (Director, Chair)"."""
        parts = [self.position] if self.position else []
        if self.role in CHAIR_ROLES:
            parts.append(str(self.role).capitalize())
        if self.category is AttendanceCategory.REMOTE:
            parts.append("by video")
        parts += self.notes
        return f"{self.name} ({', '.join(parts)})" if parts else self.name

    @property
    def notes(self) -> list[str]:
        """For which items they were there, then the clerk's note: ["from item 5.2", …]."""
        notes: list[str] = []
        if self.arrived_at is not None and self.arrived_at == self.left_after:
            notes.append(f"for item {self.arrived_at}")
        else:
            if self.arrived_at is not None:
                notes.append(f"from item {self.arrived_at}")
            if self.left_after is not None:
                notes.append(f"left after item {self.left_after}")
        if self.note:
            notes.append(self.note)
        return notes

    @property
    def changes(self) -> Changes:
        return Changes(Area.ATTENDANCE, self.meeting_id)


@dataclass(frozen=True)
class MeetingAttendance:
    """The attendance lists of a meeting, as the minutes print them."""

    meeting_id: int
    present: tuple[AttendeeLine, ...]  # members there, in person or by video
    in_attendance: tuple[AttendeeLine, ...]  # non-members, the secretary, observers
    apologies: tuple[AttendeeLine, ...]
    absent: tuple[AttendeeLine, ...]  # absent without apologies
    not_recorded: tuple[str, ...]  # expected members with nothing recorded yet


def _line(facts: _Facts, row: Attendance) -> AttendeeLine:
    member = facts.membership(row.person_id)
    number = facts.number
    left_after: str | None = None
    if row.left_at_item_id is not None:
        index = facts.position[row.left_at_item_id]
        left_after = facts.order[index - 1][1]
    return AttendeeLine(
        meeting_id=facts.meeting.id,
        person_id=row.person_id,
        name=facts.name(row.person_id),
        position=row.person.position,
        role=member.role if member is not None else None,
        category=row.category,
        arrived_at=number.get(row.arrived_at_item_id) if row.arrived_at_item_id else None,
        left_after=left_after,
        note=row.note,
    )


def _list_order(line: AttendeeLine) -> tuple[int, tuple[str, str]]:
    rank = role_rank(line.role) if line.role is not None else len(Role)
    return rank, surname_key(line.name)


def meeting_attendance(session: Session, *, meeting_id: int) -> MeetingAttendance:
    """Present, in attendance, apologies and absent, chair first and then by role and surname."""
    facts = _facts(session, meeting_by_id(session, meeting_id))
    lists: dict[str, list[AttendeeLine]] = {
        "present": [],
        "in_attendance": [],
        "apologies": [],
        "absent": [],
    }
    for row in facts.rows.values():
        line = _line(facts, row)
        if row.category is AttendanceCategory.APOLOGIES:
            lists["apologies"].append(line)
        elif row.category is AttendanceCategory.ABSENT:
            lists["absent"].append(line)
        elif line.role is None or line.role in ATTENDING_ROLES:
            lists["in_attendance"].append(line)
        else:
            lists["present"].append(line)
    return MeetingAttendance(
        meeting_id=meeting_id,
        present=tuple(sorted(lists["present"], key=_list_order)),
        in_attendance=tuple(sorted(lists["in_attendance"], key=_list_order)),
        apologies=tuple(sorted(lists["apologies"], key=_list_order)),
        absent=tuple(sorted(lists["absent"], key=_list_order)),
        not_recorded=tuple(m.person for m in facts.expected if m.person_id not in facts.rows),
    )


def expected_attendees(session: Session, *, meeting_id: int) -> list[MembershipView]:
    """The memberships in force on the meeting's date: who should attend or send apologies."""
    return _facts(session, meeting_by_id(session, meeting_id)).expected


def _item_of(facts: _Facts, item_id: int | None, what: str) -> int | None:
    if item_id is None:
        return None
    if item_id not in facts.position:
        raise InvalidInput(
            f"The item given for the {what} is not on the agenda of {facts.meeting.ref}."
        )
    return item_id


@dataclass(frozen=True)
class AttendanceEntry:
    """One person's line of the attendance record, as the clerk gives it."""

    person_id: int
    category: AttendanceCategory
    arrived_at_item_id: int | None = None  # there from that item onwards (a late arrival)
    left_at_item_id: int | None = None  # gone from that item onwards (an early departure)
    note: str = ""


def record_attendance(
    session: Session,
    *,
    meeting_id: int,
    person_id: int,
    category: AttendanceCategory,
    arrived_at_item_id: int | None = None,
    left_at_item_id: int | None = None,
    note: str = "",
) -> AttendeeLine:
    """Record (or correct) one person's attendance at a meeting."""
    entry = AttendanceEntry(person_id, category, arrived_at_item_id, left_at_item_id, note)
    [line] = record_register(session, meeting_id=meeting_id, entries=[entry])
    return line


def record_register(
    session: Session, *, meeting_id: int, entries: Sequence[AttendanceEntry]
) -> list[AttendeeLine]:
    """Record (or correct) the attendance of several people at once, e.g. from the sheet."""
    meeting = meeting_by_id(session, meeting_id)
    ensure_changeable(meeting)
    facts = _facts(session, meeting)
    lines = [_record_entry(session, facts, entry) for entry in entries]
    session.flush()
    return lines


def _record_entry(session: Session, facts: _Facts, entry: AttendanceEntry) -> AttendeeLine:
    meeting, category = facts.meeting, entry.category
    person = person_by_id(session, entry.person_id)
    name = display_name(person.title, person.name)
    member = facts.membership(person.id)
    if member is None and category is not AttendanceCategory.IN_ATTENDANCE:
        raise InvalidInput(
            f"{name} was not a member of {meeting.body.code} on {long_date(facts.day)}, so they "
            "can only be recorded as in attendance."
        )
    if (
        member is not None
        and member.role not in ATTENDING_ROLES
        and category is AttendanceCategory.IN_ATTENDANCE
    ):
        raise InvalidInput(
            f"{name} is a member of {meeting.body.code} ({member.role}): record them as present, "
            "attending remotely, apologies or absent."
        )
    arrived = _item_of(facts, entry.arrived_at_item_id, "late arrival")
    left = _item_of(facts, entry.left_at_item_id, "early departure")
    if (arrived is not None or left is not None) and category not in THERE:
        raise InvalidInput(
            f"Only someone who attended can arrive late or leave early; {name} is recorded as "
            f"{category}."
        )
    position = facts.position
    if left is not None and position[left] <= (position[arrived] if arrived is not None else 0):
        raise InvalidInput(
            f"{name} cannot leave before or at the item they arrived at; give the first item "
            "they missed as the departure."
        )
    cleaned_note = " ".join(printable(entry.note).split())
    if len(cleaned_note) > 300:
        raise InvalidInput("The attendance note can be at most 300 characters long.")
    row = facts.rows.get(person.id)
    if row is None:
        row = Attendance(meeting_id=meeting.id, person_id=person.id, person=person)
        session.add(row)
        facts.rows[person.id] = row
        facts.names.setdefault(person.id, name)
    row.category = category
    row.arrived_at_item_id = arrived
    row.left_at_item_id = left
    row.note = cleaned_note
    return _line(facts, row)


def clear_attendance(session: Session, *, meeting_id: int, person_id: int) -> Changes:
    """Remove what was recorded for one person at a meeting (a record made in error)."""
    meeting = meeting_by_id(session, meeting_id)
    ensure_changeable(meeting)
    person_by_id(session, person_id)
    row = session.execute(
        select(Attendance).where(
            Attendance.meeting_id == meeting_id, Attendance.person_id == person_id
        )
    ).scalar_one_or_none()
    if row is None:
        raise NotFound("Nothing is recorded for that person at this meeting.")
    session.delete(row)
    session.flush()
    return Changes(Area.ATTENDANCE, meeting_id)


def update_register(
    session: Session,
    *,
    meeting_id: int,
    entries: Sequence[AttendanceEntry],
    cleared: Sequence[int] = (),
) -> Changes:
    """One change to the attendance sheet: record (or correct) some people's attendance and
    remove what was recorded for others (`cleared`, by person id), as undo and redo need."""
    if entries:
        record_register(session, meeting_id=meeting_id, entries=entries)
    for person_id in cleared:
        clear_attendance(session, meeting_id=meeting_id, person_id=person_id)
    return Changes(Area.ATTENDANCE, meeting_id)


def withdraw_from_item(session: Session, *, item_id: int, person_id: int) -> QuorumAnswer:
    """Record that someone left the room for one item only; answers the item's quorum now."""
    item = item_by_id(session, item_id)
    ensure_changeable(item.meeting)
    person = person_by_id(session, person_id)
    row = session.execute(
        select(Attendance).where(
            Attendance.meeting_id == item.meeting_id, Attendance.person_id == person_id
        )
    ).scalar_one_or_none()
    if row is not None and row.category not in THERE:
        raise NotAllowed(
            f"{display_name(person.title, person.name)} is recorded as {row.category} at "
            f"{item.meeting.ref}, so cannot withdraw from an item."
        )
    exists = session.execute(
        select(Withdrawal.id).where(
            Withdrawal.item_id == item_id, Withdrawal.person_id == person_id
        )
    ).first()
    if exists is None:
        session.add(Withdrawal(item_id=item_id, person_id=person_id))
        session.flush()
    return item_quorum(session, item_id=item_id)


def cancel_withdrawal(session: Session, *, item_id: int, person_id: int) -> QuorumAnswer:
    """Undo a withdrawal recorded in error; answers the item's quorum now."""
    item = item_by_id(session, item_id)
    ensure_changeable(item.meeting)
    person_by_id(session, person_id)
    withdrawal = session.execute(
        select(Withdrawal).where(Withdrawal.item_id == item_id, Withdrawal.person_id == person_id)
    ).scalar_one_or_none()
    if withdrawal is None:
        raise NotFound("No withdrawal from that item is recorded for that person.")
    session.delete(withdrawal)
    session.flush()
    return item_quorum(session, item_id=item_id)


def take_chair(session: Session, *, item_id: int, person_id: int | None) -> Changes:
    """Record who took the chair for an item the chair was not in the room for (after
    declaring an interest, usually): the vice-chair, or a member the meeting chose. None
    clears it (the vice-chair, when in the room, is then taken to have presided)."""
    item = item_by_id(session, item_id)
    ensure_changeable(item.meeting)
    facts = _facts(session, item.meeting)
    number = facts.number[item.id]
    if person_id is not None:
        person = person_by_id(session, person_id)
        name = display_name(person.title, person.name)
        chair_away, _ = _chair_for_item(facts, item.id)
        member = facts.membership(person_id)
        if not chair_away:
            raise NotAllowed(
                f"The Chair was in the room for item {number}, so nobody else took the chair."
            )
        if member is None or member.role in ATTENDING_ROLES:
            raise InvalidInput(
                f"{name} is not a member of the {item.meeting.body.name}, so cannot take the chair."
            )
        if person_id not in facts.at_item(item.id):
            raise InvalidInput(
                f"{name} was not in the room for item {number}, so cannot have taken the chair."
            )
    item.chaired_by_id = person_id
    session.flush()
    return Changes(Area.ATTENDANCE | Area.MINUTES, item.meeting_id)


# ---------------------------------------------------------------- statistics


@dataclass(frozen=True)
class AttendanceStatistics:
    """One person's attendance at one body's meetings over a period."""

    person_id: int
    person: str
    body: str
    expected: int  # held meetings at which they held a counting membership
    present: int
    remote: int
    apologies: int
    absent: int
    not_recorded: int

    @property
    def attended(self) -> int:
        return self.present + self.remote

    @property
    def rate(self) -> float | None:
        """Share of expected meetings attended (0 to 1); None when none were expected."""
        return self.attended / self.expected if self.expected else None


def attendance_statistics(
    session: Session,
    *,
    start: dt.date,
    end: dt.date,
    body: str | None = None,
    person_id: int | None = None,
) -> list[AttendanceStatistics]:
    """Attendance per person and body from `start` to `end` (inclusive).

    Only meetings that took place count (not cancelled, not still to come), and for each person
    only those at which they were expected: a membership in force on the meeting's date of a
    type that counts towards the quorum.
    """
    if end < start:
        raise InvalidInput("The period must end on or after the day it starts.")
    query = select(Meeting).where(
        Meeting.status.in_(TOOK_PLACE),
        Meeting.start_at >= dt.datetime.combine(start, dt.time.min),
        Meeting.start_at <= dt.datetime.combine(end, dt.time.max),
    )
    if body is not None:
        query = query.where(Meeting.body_id == body_by_code(session, body).id)
    meetings = list(session.scalars(query.order_by(Meeting.start_at)))
    if person_id is not None:
        person_by_id(session, person_id)
    memberships: dict[int, list[MembershipView]] = {}
    terms: dict[int, list[TermsView]] = {}
    for body_id in {m.body_id for m in meetings}:
        memberships[body_id] = all_memberships(session, body_id=body_id)
        terms[body_id] = all_terms(session, body_id=body_id)
    categories: dict[tuple[int, int], AttendanceCategory] = {
        (meeting_id, pid): category
        for meeting_id, pid, category in session.execute(
            select(Attendance.meeting_id, Attendance.person_id, Attendance.category).where(
                Attendance.meeting_id.in_([m.id for m in meetings])
            )
        )
    }
    tallies: dict[tuple[str, int], dict[str, int]] = {}
    names: dict[int, str] = {}
    for meeting in meetings:
        day = meeting.start_at.date()
        in_force = pick_terms_in_force(terms[meeting.body_id], on=day)
        if in_force is None:
            continue
        for member in _counting(memberships[meeting.body_id], in_force, day, person_id):
            names[member.person_id] = member.person
            tally = tallies.setdefault(
                (meeting.body.code, member.person_id),
                {"expected": 0, **{c.value: 0 for c in AttendanceCategory}, "none": 0},
            )
            tally["expected"] += 1
            category = categories.get((meeting.id, member.person_id))
            tally[category.value if category is not None else "none"] += 1
    return sorted(
        (
            AttendanceStatistics(
                person_id=pid,
                person=names[pid],
                body=code,
                expected=t["expected"],
                present=t[AttendanceCategory.PRESENT.value]
                + t[AttendanceCategory.IN_ATTENDANCE.value],
                remote=t[AttendanceCategory.REMOTE.value],
                apologies=t[AttendanceCategory.APOLOGIES.value],
                absent=t[AttendanceCategory.ABSENT.value],
                not_recorded=t["none"],
            )
            for (code, pid), t in tallies.items()
        ),
        key=lambda s: (s.body, surname_key(s.person)),
    )


def _counting(
    memberships: Iterable[MembershipView], terms: TermsView, day: dt.date, person_id: int | None
) -> list[MembershipView]:
    return [
        m
        for m in memberships
        if m.in_force(day)
        and counts_for_quorum(m, terms)
        and (person_id is None or m.person_id == person_id)
    ]
