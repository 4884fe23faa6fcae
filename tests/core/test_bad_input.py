"""Hostile input: whatever a clerk types, pastes or picks, a service call either succeeds or is
refused with a `UserError` in words; nothing else escapes, and a refused call leaves the
database exactly as it was (its audit trail included).

Property tests (hypothesis) over the services with arbitrary text (control characters, NUL,
right-to-left text, emoji, 100 kB strings), numbers of any size, dates from year 1 to 9999 and
the Europe/London clock changes (01:30 on the last Sunday of March does not exist; on the last
Sunday of October it happens twice), and random sequences of operations. Each test keeps one
database for all its examples, so later examples meet what earlier ones left behind.
"""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import NotFound, UserError
from ccsc_gov.core.services import (
    actions,
    agenda,
    approval,
    attendance,
    bodies,
    decisions,
    declarations,
    meeting_list,
    meetings,
    people,
    terms,
)
from ccsc_gov.core.services.common import meeting_by_ref
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.db import check, open_database
from ccsc_gov.core.store.models import (
    AgendaItem,
    AttendanceCategory,
    Authority,
    Body,
    BodyKind,
    Confidentiality,
    DecisionOutcome,
    DeclarationAction,
    Meeting,
    Membership,
    Person,
    Purpose,
    Role,
    StandardItem,
)
from ccsc_gov.core.store.schema import Base

T = TypeVar("T")

HOSTILE = settings(
    max_examples=50,
    deadline=None,
    database=None,  # no example database left in the working tree
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # one database for every example, on purpose
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# ---------------------------------------------------------------- strategies

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x07\x08\x1b[2J",
    "\r",
    "\r\n",
    "\t",
    "\x0b",
    "\x0c",
    "\x85",
    "\u2028\u2029",
    "\u202eevil\u202c",
    "\u200f\u200e",
    "مجلس الإدارة",
    "ועדת מחקר",
    "👩🏽‍🔬🧬",
    "\U0001f600",
    "e\u0301",
    "\u200b",
    "\ufeff",
    "\ufffd\uffff\ufffe",
    "\U0010ffff",
    "'; DROP TABLE meeting; --",
    "%s %(x)s {0} \\N",
    "NULL",
]
CHARACTERS = st.characters(codec="utf-8")  # every character a Python str can carry to UTF-8
HUNDRED_KB = 100_000


def _long(seed: str) -> str:
    return (seed * (HUNDRED_KB // len(seed) + 1))[:HUNDRED_KB]


def weighted(*choices: tuple[int, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """One of the strategies, a weight of 2 twice as likely as a weight of 1 (`st.one_of`
    flattens nested choices, so a small list would be swamped by a long one)."""
    pool = [strategy for weight, strategy in choices for _ in range(weight)]
    return st.integers(0, len(pool) - 1).flatmap(lambda index: pool[index])


any_text = weighted(
    (3, st.text(CHARACTERS, max_size=40)),
    (2, st.sampled_from(NASTY)),
    (
        2,
        st.lists(st.sampled_from(NASTY) | st.text(CHARACTERS, max_size=5), max_size=6).map("".join),
    ),
    # One text in nine is 100 kB long: enough to meet every limit, few enough to stay quick.
    (1, st.text(CHARACTERS, min_size=1, max_size=8).map(_long)),
)
any_int = weighted(
    (3, st.integers(-5, 500)),
    (1, st.integers()),
    (1, st.sampled_from([2**31 - 1, 2**31, 2**63, -(2**63) - 1])),
)


def last_sunday(year: int, month: int) -> dt.date:
    day = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


# The small hours of the last Sundays of March and October, when the UK's clocks change.
clock_change = st.builds(
    lambda year, month, minute: dt.datetime.combine(last_sunday(year, month), dt.time(1, minute)),
    st.integers(1972, 2100),
    st.sampled_from([3, 10]),
    st.integers(0, 59),
)
# Half of the values are ones a clerk could mean; the rest reach as far as Python does.
any_datetime = weighted(
    (2, st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2100, 12, 31))),
    (2, clock_change),
    (1, st.datetimes()),
    (1, st.sampled_from([dt.datetime.min, dt.datetime.max, dt.datetime(9999, 12, 31, 20)])),
    (1, st.datetimes(timezones=st.timezones())),
)
any_date = weighted(
    (2, st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))),
    (1, clock_change.map(lambda moment: moment.date())),
    (1, st.dates()),
    (1, st.sampled_from([dt.date.min, dt.date.max, dt.date(2000, 2, 29)])),
)
maybe_date = st.none() | any_date
any_duration = weighted(
    (3, st.timedeltas(dt.timedelta(minutes=1), dt.timedelta(hours=8))),
    (1, st.timedeltas()),
    (1, st.sampled_from([dt.timedelta(0), dt.timedelta(minutes=-1)])),
)
body_code = weighted(
    (2, st.sampled_from(["GB", "EMC", "RSC", "NCTSC", "CTSC", " emc ", "rsc"])), (1, any_text)
)
new_code = weighted((2, st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,15}", fullmatch=True)), (1, any_text))
any_email = weighted((1, st.just("")), (2, st.emails()), (1, any_text))


TODAY = dt.date(2026, 11, 30)


# ---------------------------------------------------------------- the property itself


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in key order."""
    with db.engine.connect() as conn:
        return {
            table.name: [
                tuple(row)
                for row in conn.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }


CALLS: Counter[str] = Counter()  # what became of the calls of the test running now


@pytest.fixture(autouse=True)
def tally(capsys: pytest.CaptureFixture[str]) -> Iterator[None]:
    """Say, after each test, how many calls it made and what became of them."""
    CALLS.clear()
    yield
    with capsys.disabled():
        print(
            f"\n{sum(CALLS.values())} calls: {CALLS['done']} done, {CALLS['refused']} refused "
            "in words (and left no trace), nothing else",
            end="",
        )


def attempt(db: Database, call: Callable[[Session], T]) -> T | None:
    """Run one service call as a clerk's action; None when it is refused in words.

    Anything but a UserError fails the test; a refusal must leave no trace.
    """
    before = snapshot(db)
    try:
        with db.transaction() as session:
            result = call(session)
    except UserError as error:
        refusal = error
    else:
        CALLS["done"] += 1
        return result
    assert str(refusal).strip(), "a refusal without words"
    assert snapshot(db) == before, f"“{refusal}” left the database changed"
    CALLS["refused"] += 1
    return None


def read(db: Database, call: Callable[[Session], T]) -> T | None:
    try:
        with db.reading() as session:
            result = call(session)
    except UserError:
        CALLS["refused"] += 1
        return None
    CALLS["done"] += 1
    return result


def no_unprintable_text(db: Database) -> None:
    """Nothing stored holds a character a Word document (or PostgreSQL) cannot carry."""
    for table, rows in snapshot(db).items():
        for row in rows:
            for value in row:
                if isinstance(value, str):
                    assert not any(ord(c) < 32 and c not in "\t\n\r" for c in value), (
                        f"{table}: {value[:80]!r}"
                    )


def seated(db: Database) -> dict[str, Any]:
    """A committee of three on the EMC, and one planned meeting with a business item."""
    with db.transaction() as session:
        ids = []
        for name, role in (("Ada Chair", Role.CHAIR), ("Bo Member", Role.MEMBER)):
            person = people.add_person(session, name=name)
            people.add_membership(
                session, body="EMC", person_id=person.id, role=role, start=dt.date(2020, 1, 1)
            )
            ids.append(person.id)
        start = dt.datetime(2026, 3, 10, 14)
        meeting = meetings.schedule_meeting(
            session, body="EMC", start=start, end=start + dt.timedelta(hours=2)
        )
        item = agenda.add_item(session, meeting=meeting.ref, title="Budget")
    return {"people": ids, "meeting": meeting.ref, "meeting_id": meeting.id, "item": item.id}


# ---------------------------------------------------------------- text


def test_people_take_any_text_or_refuse_it_in_words(db: Database) -> None:
    @HOSTILE
    @given(
        any_text,
        any_text,
        any_text,
        any_text,
        any_email,
        st.sampled_from(["name", "title", "position", "organisation", "email"]),
        any_text,
    )
    def story(
        name: str,
        title: str,
        position: str,
        organisation: str,
        email: str,
        field: str,
        value: str,
    ) -> None:
        added = attempt(
            db,
            lambda s: people.add_person(
                s,
                name=name,
                title=title,
                position=position,
                organisation=organisation,
                email=email,
            ),
        )
        if added is None:
            return
        with db.reading() as session:
            assert people.get_person(session, person_id=added.id) == added
        edited = attempt(db, lambda s: people.edit_person(s, person_id=added.id, **{field: value}))
        if edited is not None:
            with db.reading() as session:
                assert people.get_person(session, person_id=added.id) == edited

    story()
    no_unprintable_text(db)
    assert check(db) == []


def test_bodies_take_any_code_and_name_or_refuse_them(db: Database) -> None:
    @HOSTILE
    @given(
        new_code,
        any_text,
        st.sampled_from(BodyKind),
        st.none() | body_code,
        any_text,
    )
    def story(code: str, name: str, kind: BodyKind, parent: str | None, rename: str) -> None:
        created = attempt(
            db, lambda s: bodies.create_body(s, code=code, name=name, kind=kind, parent=parent)
        )
        if created is not None:
            attempt(db, lambda s: bodies.edit_body(s, code=created.code, name=rename))

    story()
    no_unprintable_text(db)


def test_meetings_can_be_scheduled_at_any_time_and_place_or_refused(db: Database) -> None:
    @HOSTILE
    @given(body_code, any_datetime, any_duration, any_text, any_text)
    def story(
        body: str, start: dt.datetime, length: dt.timedelta, location: str, video: str
    ) -> None:
        try:
            end = start + length
        except OverflowError:
            end = start
        scheduled = attempt(
            db,
            lambda s: meetings.schedule_meeting(
                s, body=body, start=start, end=end, location=location, video_link=video
            ),
        )
        if scheduled is None:
            return
        with db.reading() as session:
            assert meetings.get_meeting(session, meeting=scheduled.ref) == scheduled
            slots = {i.standard for i in agenda.agenda(session, meeting=scheduled.ref)}
            assert {StandardItem.WELCOME, StandardItem.NEXT_MEETING} <= slots
        attempt(db, lambda s: meetings.edit_meeting(s, meeting=scheduled.ref, location=video))

    story()
    no_unprintable_text(db)


def test_agenda_items_take_any_text_and_numbers_or_refuse_them(db: Database) -> None:
    cast = seated(db)

    @HOSTILE
    @given(
        any_text,
        any_text,
        any_text,
        any_text,
        st.none() | any_int,
        st.none() | any_int,
        st.sampled_from(Confidentiality),
        maybe_date,
        st.one_of(st.none(), st.sampled_from(StandardItem), st.just(cast["item"]), any_int),
        any_text,
    )
    def story(
        title: str,
        public_title: str,
        presenter: str,
        papers: str,
        duration: int | None,
        at: int | None,
        confidentiality: Confidentiality,
        review: dt.date | None,
        under: int | StandardItem | None,
        minute: str,
    ) -> None:
        item = attempt(
            db,
            lambda s: agenda.add_item(
                s,
                meeting=cast["meeting"],
                title=title,
                public_title=public_title,
                presenter=presenter,
                papers=papers,
                duration=duration,
                at=at,
                under=under,
                confidentiality=confidentiality,
                confidentiality_reason=papers,
                confidentiality_review=review,
            ),
        )
        target = item.id if item is not None else cast["item"]
        attempt(db, lambda s: agenda.write_minutes(s, item_id=target, text=minute))
        attempt(db, lambda s: agenda.edit_item(s, item_id=target, title=minute, duration=at))
        attempt(db, lambda s: agenda.move_item(s, item_id=target, under=under, at=at))
        if item is not None:
            with db.reading() as session:
                stored = session.get_one(AgendaItem, item.id)
                assert stored.papers == item.papers
                assert stored.presenter == item.presenter

    story()
    no_unprintable_text(db)
    assert check(db) == []


def test_decisions_and_actions_take_any_text_and_dates_or_refuse_them(db: Database) -> None:
    cast = seated(db)

    @HOSTILE
    @given(
        any_text,
        st.sampled_from(DecisionOutcome),
        maybe_date,
        any_text,
        st.lists(weighted((2, st.sampled_from(cast["people"])), (1, any_int)), max_size=3),
        maybe_date,
        any_date,
        any_text,
    )
    def story(
        text: str,
        outcome: DecisionOutcome,
        review: dt.date | None,
        description: str,
        owners: list[int],
        due: dt.date | None,
        new_due: dt.date,
        note: str,
    ) -> None:
        attempt(
            db,
            lambda s: decisions.record_decision(
                s, item_id=cast["item"], text=text, outcome=outcome, review_date=review
            ),
        )
        action = attempt(
            db,
            lambda s: actions.add_action(
                s,
                item_id=cast["item"],
                description=description,
                owner_ids=owners,
                due=due,
                today=TODAY,
            ),
        )
        if action is None:
            return
        attempt(
            db,
            lambda s: actions.revise_due_date(
                s, action=action.ref, due=new_due, reason=note, today=new_due
            ),
        )
        attempt(db, lambda s: actions.record_progress(s, action=action.ref, text=note))
        attempt(db, lambda s: actions.cancel_action(s, action=action.ref, reason=note))

    story()
    no_unprintable_text(db)
    assert check(db) == []


# ---------------------------------------------------------------- dates and numbers


def test_memberships_and_terms_take_any_dates_and_numbers_or_refuse_them(db: Database) -> None:
    with db.transaction() as session:
        person_id = people.add_person(session, name="Cal Member").id

    @HOSTILE
    @given(
        body_code,
        st.sampled_from(Role),
        any_date,
        maybe_date,
        any_date,
        st.none() | any_int,
        st.none() | st.tuples(any_int, any_int),
        st.frozensets(st.sampled_from(Role)),
        maybe_date,
    )
    def story(
        body: str,
        role: Role,
        start: dt.date,
        end: dt.date | None,
        on: dt.date,
        quorum: int | None,
        fraction: tuple[int, int] | None,
        roles: frozenset[Role],
        review: dt.date | None,
    ) -> None:
        membership = attempt(
            db,
            lambda s: people.add_membership(
                s, body=body, person_id=person_id, role=role, start=start, end=end
            ),
        )
        if membership is not None:
            attempt(
                db,
                lambda s: people.change_role(
                    s, membership_id=membership.id, role=Role.VICE_CHAIR, on=on
                ),
            )
            attempt(db, lambda s: people.end_membership(s, membership_id=membership.id, on=on))
        attempt(
            db,
            lambda s: terms.add_terms_of_reference(
                s,
                body=body,
                effective_from=start,
                authority=Authority.DECIDE,
                quorum_roles=roles,
                quorum_count=quorum,
                quorum_fraction=fraction,
                review_date=review,
            ),
        )
        read(db, lambda s: attendance.attendance_statistics(s, start=start, end=on))
        read(db, lambda s: declarations.register_of_interests(s, start=start, end=on))

    story()
    assert check(db) == []


def test_looking_up_any_text_finds_it_or_says_it_is_not_there(db: Database) -> None:
    @HOSTILE
    @given(body_code)
    def story(text: str) -> None:
        for call in (
            lambda s: meeting_list.list_meetings(s, body=text),
            lambda s: meetings.get_meeting(s, meeting=text),
            lambda s: agenda.agenda(s, meeting=text),
            lambda s: bodies.body_view(s, code=text),
            lambda s: decisions.decision_view(s, decision=text),
            lambda s: decisions.list_decisions(s, body=text),
            lambda s: actions.action_view(s, action=text),
            lambda s: actions.list_actions(s, body=text),
        ):
            read(db, call)

    story()


# ---------------------------------------------------------------- random sequences


def an_hour_after(moment: dt.datetime) -> dt.datetime:
    try:
        return moment + dt.timedelta(hours=1)
    except OverflowError:
        return moment


def _ids(session: Session, column: Any) -> list[Any]:
    return list(session.scalars(select(column)))


def one_step(db: Database, data: st.DataObject, fallback_meeting: int) -> None:
    """Draw one operation and its arguments, from what the database holds now, and try it."""
    with db.reading() as session:
        refs = _ids(session, Meeting.ref)
        items = _ids(session, AgendaItem.id)
        persons = _ids(session, Person.id)
        decision_refs = [d.ref for d in decisions.list_decisions(session)]
        action_refs = [a.ref for a in actions.list_actions(session, today=TODAY)]
    ref = data.draw(weighted((3, st.sampled_from(refs)), (1, any_text)), label="meeting")
    other = data.draw(st.sampled_from(refs), label="other meeting")
    item = data.draw(weighted((3, st.sampled_from(items)), (1, any_int)), label="item")
    person = data.draw(weighted((3, st.sampled_from(persons)), (1, any_int)), label="person")
    decision = data.draw(st.sampled_from(decision_refs or ["?"]), label="decision")
    action = data.draw(st.sampled_from(action_refs or ["?"]), label="action")
    text = data.draw(any_text, label="text")
    when = data.draw(any_datetime, label="when")

    def meeting_id(session: Session) -> int:
        try:
            return meeting_by_ref(session, ref).id
        except NotFound:
            return fallback_meeting

    calls: dict[str, Callable[[Session], object]] = {
        "schedule": lambda s: meetings.schedule_meeting(
            s, body="EMC", start=when, end=an_hour_after(when)
        ),
        "add item": lambda s: agenda.add_item(s, meeting=ref, title=text, purpose=Purpose.DECISION),
        "edit item": lambda s: agenda.edit_item(s, item_id=item, minutes=text),
        "remove item": lambda s: agenda.remove_item(s, item_id=item),
        "indent": lambda s: agenda.indent_item(s, item_id=item),
        "outdent": lambda s: agenda.outdent_item(s, item_id=item),
        "publish": lambda s: meetings.publish_agenda(s, meeting=ref),
        "hold": lambda s: meetings.mark_held(s, meeting=ref),
        "cancel": lambda s: meetings.cancel_meeting(s, meeting=ref),
        "attendance": lambda s: attendance.record_attendance(
            s,
            meeting_id=meeting_id(s),
            person_id=person,
            category=data.draw(st.sampled_from(AttendanceCategory)),
            note=text,
        ),
        "declare": lambda s: declarations.record_declaration(
            s,
            item_id=item,
            person_id=person,
            nature=text,
            action_taken=data.draw(st.none() | st.sampled_from(DeclarationAction)),
        ),
        "decide": lambda s: decisions.record_decision(
            s, item_id=item, text=text, outcome=data.draw(st.sampled_from(DecisionOutcome))
        ),
        "remove decision": lambda s: decisions.remove_decision(s, decision=decision),
        "act": lambda s: actions.add_action(
            s, item_id=item, description=text, owner_ids=[person], today=TODAY
        ),
        "complete": lambda s: actions.mark_completed(
            s, action=action, note=text, at_meeting=ref, today=TODAY
        ),
        "close": lambda s: actions.close_action(
            s, action=action, at_meeting=ref, note=text, today=TODAY
        ),
        "remove action": lambda s: actions.remove_action(s, action=action),
        "draft": lambda s: approval.mark_minutes_drafted(
            s, meeting=ref, override=data.draw(st.booleans()), reason=text
        ),
        "approve": lambda s: approval.approve_minutes(
            s, meeting=ref, at_meeting=other, amendments=text
        ),
        "edit meeting": lambda s: meetings.edit_meeting(s, meeting=ref, location=text, start=when),
    }
    attempt(db, calls[data.draw(st.sampled_from(sorted(calls)), label="operation")])


@contextmanager
def copy_of(template: Database) -> Iterator[Database]:
    """A database of its own, copied from `template`, for one example: a failure found on the
    copy can be replayed and shrunk from the same start."""
    template.close()
    name = f"example_{uuid.uuid4().hex[:12]}"
    if template.path is not None:
        target = str(template.path.with_name(f"{name}.sqlite3"))
        shutil.copyfile(template.path, target)
    else:
        admin = create_engine(template.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template.url.database}"'))
        target = template.url.set(database=name).render_as_string(hide_password=False)
    copy = open_database(target, create=False)
    try:
        yield copy
    finally:
        copy.close()
        if template.path is not None:
            for suffix in ("", "-wal", "-shm"):
                Path(target + suffix).unlink(missing_ok=True)
        else:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            admin.dispose()


def test_random_sequences_of_operations_never_leave_a_half_written_record(db: Database) -> None:
    cast = seated(db)

    # PostgreSQL takes a second or two to copy and drop a database, SQLite milliseconds.
    @settings(HOSTILE, max_examples=50 if db.is_sqlite else 20)
    @given(st.data())
    def story(data: st.DataObject) -> None:
        with copy_of(db) as fresh:
            for _ in range(data.draw(st.integers(1, 12), label="steps")):
                one_step(fresh, data, cast["meeting_id"])
            no_unprintable_text(fresh)
            assert check(fresh) == []

    story()


def test_a_record_written_straight_to_a_model_is_guarded_too(db: Database) -> None:
    """The last line of defence holds for code that skips the services: text is cleaned of
    what no record may hold, and a value no record may hold is refused in words, with nothing
    written."""
    with db.transaction() as session:
        person = Person(name="Dr\x00 Ada\x0bLovelace", email="")
        session.add(person)
        session.flush()
        person_id = person.id
    with db.reading() as session:
        assert session.get(Person, person_id).name == "Dr Ada\nLovelace"  # type: ignore[union-attr]

    def save(change: Callable[[Session], object]) -> None:
        with db.transaction() as session:
            change(session)
            session.flush()

    def long_name(session: Session) -> None:
        session.get(Person, person_id).name = "x" * 201  # type: ignore[union-attr]

    def term_from_1066(session: Session) -> None:
        body = session.scalars(select(Body)).first()
        start = dt.date(1066, 10, 14)
        session.add(
            Membership(
                body=body, person_id=person_id, role=Role.MEMBER, votes=True, start_date=start
            )
        )

    with pytest.raises(UserError, match="at most 200 characters long; this one has 201"):
        save(long_name)
    with pytest.raises(
        UserError, match=r"14 October 1066 \(start date\) is outside the years 1900"
    ):
        save(term_from_1066)
    with db.reading() as session:
        assert session.get(Person, person_id).name == "Dr Ada\nLovelace"  # type: ignore[union-attr]
