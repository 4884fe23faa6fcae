"""Small steps of the meeting cycle that the meeting-cycle stories share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy.orm import Session

from ccsc_gov.core.services import agenda, attendance, meetings, people
from ccsc_gov.core.services.common import meeting_by_ref
from ccsc_gov.core.store.models import AttendanceCategory, Role, StandardItem

# A committee of three, all voting: a third of them (one) and the chair make a quorum.
COMMITTEE = (
    ("Prof.", "Hannah Okafor", Role.CHAIR),
    ("Dr", "Luis Ferreira", Role.VICE_CHAIR),
    ("Ms", "Priya Natarajan", Role.MEMBER),
)


def seat(
    session: Session, body: str, members: Iterable[tuple[str, str, Role]] = COMMITTEE
) -> dict[str, int]:
    """Members of `body` since 2020; their person ids by surname."""
    ids: dict[str, int] = {}
    for title, name, role in members:
        person = people.add_person(session, name=name, title=title)
        people.add_membership(
            session, body=body, person_id=person.id, role=role, start=dt.date(2020, 1, 1)
        )
        ids[name.split()[-1]] = person.id
    return ids


def on(day: dt.date, hour: int = 14, hours: int = 2) -> dict[str, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(hour))
    return {"start": start, "end": start + dt.timedelta(hours=hours)}


def schedule(session: Session, body: str, day: dt.date) -> str:
    return meetings.schedule_meeting(session, body=body, **on(day)).ref


def meet(session: Session, ref: str, present: Iterable[int]) -> None:
    """Publish the agenda, hold the meeting, and record everyone given as present."""
    meetings.publish_agenda(session, meeting=ref)
    meetings.mark_held(session, meeting=ref)
    meeting_id = meeting_by_ref(session, ref).id
    for person_id in present:
        attendance.record_attendance(
            session, meeting_id=meeting_id, person_id=person_id, category=AttendanceCategory.PRESENT
        )


def item_id(session: Session, ref: str, number: str) -> int:
    return next(i.id for i in agenda.agenda(session, meeting=ref) if i.number == number)


def standard_id(session: Session, ref: str, slot: StandardItem) -> int:
    return next(i.id for i in agenda.agenda(session, meeting=ref) if i.standard is slot)


def numbered(session: Session, ref: str) -> list[tuple[str, str]]:
    return [(i.number, i.title) for i in agenda.agenda(session, meeting=ref)]
