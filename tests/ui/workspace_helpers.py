"""Plain helpers the meeting-workspace tests share: a committee to sit, a meeting to schedule,
a click on a cell. The fixtures are in `workspace_fixtures`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from ccsc_gov.core.services import meetings, people
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import Role

# The workspace's clock in these tests: dates in documents and due dates follow from it.
TODAY = dt.date(2026, 5, 1)

# A committee of five voting members and a secretary: a third of the voting members (two) and
# the chair or vice-chair make a quorum.
COMMITTEE = (
    ("Prof.", "Hannah Okafor", Role.CHAIR, "Centre Director"),
    ("Dr", "Luis Ferreira", Role.VICE_CHAIR, "Deputy Director"),
    ("Ms", "Priya Natarajan", Role.MEMBER, "Head of Operations"),
    ("Dr", "Amara Mensah", Role.MEMBER, "Clinical Lead"),
    ("Prof.", "Tomasz Wójcik", Role.MEMBER, "Head of Biology"),
    ("Mr", "Tom Walsh", Role.SECRETARY, "Governance Officer"),
)


def seat_committee(db: Database, body: str = "EMC") -> dict[str, int]:
    """The committee on `body` since 2020, and a visitor who is on no body; ids by surname."""
    ids: dict[str, int] = {}
    with db.transaction() as session:
        for title, name, role, position in COMMITTEE:
            person = people.add_person(session, name=name, title=title, position=position)
            people.add_membership(
                session, body=body, person_id=person.id, role=role, start=dt.date(2020, 1, 1)
            )
            ids[name.split()[-1]] = person.id
        visitor = people.add_person(
            session, name="Grace Adeyemi", title="Dr", position="Funder's Research Manager"
        )
        ids["Adeyemi"] = visitor.id
    return ids


def slot(day: dt.date, hour: int = 14, hours: int = 2) -> dict[str, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(hour))
    return {"start": start, "end": start + dt.timedelta(hours=hours)}


def schedule(db: Database, body: str = "EMC", day: dt.date = dt.date(2026, 5, 12)) -> str:
    with db.transaction() as session:
        return meetings.schedule_meeting(session, body=body, **slot(day), location="Room 2.14").ref


def click_cell(qtbot: QtBot, view: QAbstractItemView, index: QModelIndex) -> None:
    view.scrollTo(index)
    centre: QPoint = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def texts(rows: Iterable[Any], attribute: str) -> list[Any]:
    return [getattr(row, attribute) for row in rows]
