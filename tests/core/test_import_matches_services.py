"""The import refuses exactly what adding the same people and memberships one at a time refuses,
in the same words: each case below is tried both ways against the same database, the services
in a transaction that is then rolled back, the import in another."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import UserError
from ccsc_gov.core.services import bodies, people
from ccsc_gov.core.services.approval import approve_minutes, mark_minutes_drafted
from ccsc_gov.core.services.meetings import mark_held, publish_agenda, schedule_meeting
from ccsc_gov.core.services.people_import import ImportRefused, import_people
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import Role

HEADER = "title,name,email,body,role,start,end"


@dataclass(frozen=True)
class Row:
    title: str
    name: str
    email: str = ""
    body: str = ""
    role: Role = Role.MEMBER
    start: str = "2024-01-01"
    end: str = ""

    def line(self) -> str:
        body = f"{self.body},{self.role},{self.start},{self.end}" if self.body else ",,,"
        return f"{self.title},{self.name},{self.email},{body}"


OKAFOR = Row("Prof.", "Hannah Okafor", "h.okafor@ccsc.ac.uk")
ADA = Row("Dr", "Ada Lovelace", "ada@ccsc.ac.uk")
ALAN = Row("Dr", "Alan Turing", "alan@ccsc.ac.uk")


def on(row: Row, body: str, role: Role = Role.MEMBER, start: str = "2024-01-01") -> Row:
    return Row(row.title, row.name, row.email, body, role, start)


# (what the case is, the rows of the file, how the refusal begins: "" where both accept); the
# database is the one `record` makes.
CASES = [
    (
        "a second term of the same person",
        [on(OKAFOR, "EMC", start="2025-01-01")],
        "line 2: Prof. Hannah Okafor is already on EMC (member) from 1 January 2020.",
    ),
    ("a second chair", [on(ALAN, "GB", Role.CHAIR)], "line 2: Prof. Hannah Okafor is chair of GB"),
    (
        "a second chair, both in the file",
        [on(ADA, "RSC", Role.CHAIR), on(ALAN, "RSC", Role.CHAIR)],
        "line 3: Dr Ada Lovelace is chair of RSC then",
    ),
    (
        "two overlapping terms of one person, both in the file",
        [on(ADA, "RSC"), on(ADA, "RSC", Role.OBSERVER, start="2024-06-01")],
        "line 3: Dr Ada Lovelace is already on RSC (member) from 1 January 2024.",
    ),
    (
        "a term across approved minutes",
        [on(ADA, "EMC", start="2026-01-01")],
        "line 2: This membership would change who was expected at EMC/2026/01 (10 February 2026)",
    ),
    ("a term after approved minutes", [on(ADA, "EMC", start="2026-02-11")], ""),
    ("a retired body", [on(ADA, "CTSC")], "line 2: The "),
    ("an unknown body", [on(ADA, "XYZ")], "line 2: There is no body with the code “XYZ”."),
    ("a name too long", [Row("Dr", "A" * 201, body="GB")], "line 2: The name can be at most"),
    ("a title too long", [Row("T" * 41, "Ada", body="GB")], "line 2: The title can be at most"),
    (
        "an email address too long",
        [Row("Dr", "Ada Lovelace", "a" * 250 + "@ccsc.ac.uk")],
        "line 2: “aaaa",
    ),
    (
        "a start before the records begin",
        [on(ADA, "GB", start="1850-01-01")],
        "line 2: 1 January 1850 (start date) is outside the years",
    ),
    ("new members of a body", [on(ADA, "GB"), on(ALAN, "GB", Role.VICE_CHAIR)], ""),
]


def record(db: Database) -> None:
    """Prof. Okafor chairs GB and sits on EMC since 2020; EMC met on 10 February 2026 and its
    minutes were approved on 10 March; CTSC is retired."""
    with db.transaction() as session:
        okafor = people.add_person(
            session, title=OKAFOR.title, name=OKAFOR.name, email=OKAFOR.email
        )
        for body, role in (("GB", Role.CHAIR), ("EMC", Role.MEMBER)):
            people.add_membership(
                session, body=body, person_id=okafor.id, role=role, start=dt.date(2020, 1, 1)
            )
        bodies.retire_body(session, code="CTSC")
        refs = [
            schedule_meeting(
                session,
                body="EMC",
                start=dt.datetime(2026, month, 10, 14),
                end=dt.datetime(2026, month, 10, 16),
            ).ref
            for month in (2, 3)
        ]
        for ref in refs:
            publish_agenda(session, meeting=ref)
        mark_held(session, meeting=refs[0])
        mark_minutes_drafted(session, meeting=refs[0], override=True, reason="Not the point")
        approve_minutes(session, meeting=refs[0], at_meeting=refs[1])


class _Undone(Exception):
    """Rolls the services' transaction back once their outcome is known."""


Outcome = tuple[list[str], list[tuple[object, ...]]]  # the problems, then the memberships


def by_the_services(db: Database, rows: list[Row]) -> Outcome:
    """What a clerk adding the rows one at a time is told (in the import's form, by line), and
    the memberships there would then be; nothing of it is kept."""
    outcome: list[Outcome] = []
    with pytest.raises(_Undone):
        _one_at_a_time(db, rows, outcome)
    return outcome[0]


def _one_at_a_time(db: Database, rows: list[Row], outcome: list[Outcome]) -> None:
    problems: list[str] = []
    with db.transaction() as session:
        ids = {p.email: p.id for p in people.list_people(session) if p.email}
        for line, row in enumerate(rows, start=2):
            try:
                if not row.email or row.email not in ids:
                    ids[row.email or row.name] = people.add_person(
                        session, title=row.title, name=row.name, email=row.email
                    ).id
                if row.body:
                    people.add_membership(
                        session,
                        body=row.body,
                        person_id=ids[row.email or row.name],
                        role=row.role,
                        start=dt.date.fromisoformat(row.start),
                    )
            except UserError as error:
                problems.append(f"line {line}: {error}")
                break
        outcome.append((problems, _memberships(session)))
        raise _Undone


def by_the_import(db: Database, rows: list[Row]) -> Outcome:
    data = "\r\n".join([HEADER, *(row.line() for row in rows)]).encode()
    try:
        with db.transaction() as session:
            import_people(session, data=data)
    except ImportRefused as refused:
        problems = refused.problems
    else:
        problems = []
    with db.reading() as session:
        return problems, _memberships(session)


def _memberships(session: Session) -> list[tuple[object, ...]]:
    return sorted(
        (m.body, m.person, m.role, m.votes, m.start, m.end)
        for m in people.list_memberships(session)
    )


@pytest.mark.parametrize(("rows", "begins"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_import_refuses_what_the_services_refuse_in_their_words(
    db: Database, rows: list[Row], begins: str
) -> None:
    record(db)
    with db.reading() as session:
        before = _memberships(session)
    told, memberships = by_the_services(db, rows)
    problems, after = by_the_import(db, rows)
    assert problems == told
    if begins:
        [problem] = told
        assert problem.startswith(begins)
        assert after == before  # refused whole: nothing written
    else:
        assert told == []
        assert after == memberships
        assert len(after) == len(before) + len(rows)
