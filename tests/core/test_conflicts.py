"""No lost updates: when two clerks edit the same record, the second save made from the version
both loaded is refused, saying who changed it and when, and never written over the first.

The clerks of the main stories are two processes (conflict_worker.py), each its own
operating-system user, saving the same agenda item's minute; on SQLite, and in the PostgreSQL
lane on the server.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ccsc_gov.cli import commands as cli
from ccsc_gov.cli.running import EXIT_CONFLICT
from ccsc_gov.core.governance.errors import Conflict, NotAllowed
from ccsc_gov.core.services import (
    actions,
    agenda,
    bodies,
    decisions,
    declarations,
    meetings,
    people,
)
from ccsc_gov.core.services.common import meeting_by_ref
from ccsc_gov.core.store import audit, migrate
from ccsc_gov.core.store.conflicts import check_version
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.db import open_database, resolve_url
from ccsc_gov.core.store.models import AgendaItem, DecisionOutcome, DeclarationAction, Role

WORKER = Path(__file__).with_name("conflict_worker.py")
# On PostgreSQL the audit names the database login after the operating-system user.
LOGIN = r"(?: \(\S+\))?"
CHANGED_BY = rf" was changed by \S+{LOGIN} at \d\d:\d\d on \d+ \w+ \d{{4}} — reload"
DAY = dt.datetime(2026, 6, 9, 14, 0)


@pytest.fixture
def meeting(db: Database) -> str:
    """A held meeting of the EMC whose minutes are being written."""
    with db.transaction() as session:
        person = people.add_person(session, name="Hannah Okafor", title="Prof.")
        people.add_membership(
            session, body="EMC", person_id=person.id, role=Role.CHAIR, start=dt.date(2020, 1, 1)
        )
        ref = meetings.schedule_meeting(
            session, body="EMC", start=DAY, end=DAY + dt.timedelta(hours=2)
        ).ref
        agenda.add_item(session, meeting=ref, title="Budget 2027")
        meetings.publish_agenda(session, meeting=ref)
        meetings.mark_held(session, meeting=ref)
    return ref


@pytest.fixture
def budget(db: Database, meeting: str) -> agenda.AgendaItemView:
    """The business item both clerks minute, as they loaded it."""
    with db.reading() as session:
        return next(i for i in agenda.agenda(session, meeting=meeting) if i.title == "Budget 2027")


def saved_minute(db: Database, item_id: int) -> agenda.AgendaItemView:
    with db.reading() as session:
        return agenda.item_view(session, item_id=item_id)


class Clerk:
    """A clerk's copy of the app in a process of its own (conflict_worker.py)."""

    def __init__(self, target: str, name: str) -> None:
        self.name = name
        environment = {**os.environ, "LOGNAME": name, "USER": name, "USERNAME": name}
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), target],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=environment,
        )
        assert self.stdout.readline() == "ready\n", f"{name}'s worker did not start"

    @property
    def stdout(self) -> IO[str]:
        assert self.process.stdout is not None
        return self.process.stdout

    def send(self, item_id: int, version: int, minute: str) -> None:
        assert self.process.stdin is not None
        request = {"item": item_id, "version": version, "text": minute}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()

    def answer(self) -> dict[str, Any]:
        line = self.stdout.readline()
        assert line, f"{self.name}'s worker stopped"
        answer: dict[str, Any] = json.loads(line)
        return answer

    def save(self, item_id: int, version: int, minute: str) -> dict[str, Any]:
        self.send(item_id, version, minute)
        return self.answer()

    def close(self) -> None:
        self.process.communicate(timeout=60)  # closes its standard input: it ends
        assert self.process.returncode == 0, f"{self.name}'s worker failed"


@pytest.fixture
def clerks(db_target: str, db: Database) -> Iterator[tuple[Clerk, Clerk]]:
    """Alice and Bob, each with the app open on the test's database."""
    alice, bob = Clerk(db_target, "alice"), Clerk(db_target, "bob")
    yield alice, bob
    alice.close()
    bob.close()


def test_the_second_clerk_to_save_from_the_same_version_is_refused_naming_the_first(
    db: Database, meeting: str, budget: agenda.AgendaItemView, clerks: tuple[Clerk, Clerk]
) -> None:
    alice, bob = clerks
    loaded = budget.version

    assert alice.save(budget.id, loaded, "The budget was approved.") == {"saved": loaded + 1}
    answer = bob.save(budget.id, loaded, "The budget was deferred.")

    assert set(answer) == {"conflict"}
    assert answer["conflict"].startswith(f"Item {budget.number} of {meeting} was changed by alice")
    assert answer["conflict"].endswith("— reload to see the latest version.")
    # Never a silent overwrite: the first clerk's minute stands.
    assert saved_minute(db, budget.id).minutes == "The budget was approved."
    assert saved_minute(db, budget.id).version == loaded + 1


def test_a_save_from_the_version_now_current_succeeds_and_raises_it(
    db: Database, budget: agenda.AgendaItemView, clerks: tuple[Clerk, Clerk]
) -> None:
    alice, bob = clerks
    loaded = budget.version
    alice.save(budget.id, loaded, "The budget was approved.")
    assert "conflict" in bob.save(budget.id, loaded, "The budget was deferred.")

    # Bob reloads, sees Alice's minute at the new version, and saves his own over it.
    assert bob.save(budget.id, loaded + 1, "The budget was approved, with a reserve.") == {
        "saved": loaded + 2
    }

    assert saved_minute(db, budget.id).minutes == "The budget was approved, with a reserve."
    assert saved_minute(db, budget.id).version == loaded + 2


def test_two_clerks_saving_at_the_same_moment_never_both_land(
    db: Database, budget: agenda.AgendaItemView, clerks: tuple[Clerk, Clerk]
) -> None:
    version = budget.version
    for round_ in range(8):
        minutes = {clerk.name: f"{clerk.name}'s minute, round {round_}." for clerk in clerks}
        for clerk in clerks:
            clerk.send(budget.id, version, minutes[clerk.name])
        answers = {clerk.name: clerk.answer() for clerk in clerks}

        saved = [name for name, answer in answers.items() if "saved" in answer]
        assert len(saved) == 1, answers
        winner, loser = saved[0], ({"alice", "bob"} - {saved[0]}).pop()
        assert answers[winner] == {"saved": version + 1}
        # Refused by the service's check, or (PostgreSQL) by the update finding the row
        # changed under it: the winner is named either way.
        assert re.search(f"was changed by {winner}{LOGIN} at ", answers[loser]["conflict"])
        item = saved_minute(db, budget.id)
        assert (item.minutes, item.version) == (minutes[winner], version + 1)
        version += 1


def race(
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    item: agenda.AgendaItemView,
    meanwhile: Callable[[Session], object],
) -> Conflict:
    """Bob's save of a minute, past the service's version check but not yet written, while
    Alice's change (`meanwhile`) commits; the conflict Bob is refused with."""
    if db.is_sqlite:
        pytest.skip("SQLite lets one writer in at a time, so no save lands inside another's")

    def bobs_save() -> None:
        with db.transaction() as session:
            row = session.get_one(AgendaItem, item.id)
            check_version(session, row, item.version, lambda: "Bob's item")
            row.minutes = "Bob's minute."
            monkeypatch.setattr(audit, "operator", lambda: "alice")
            with db.transaction() as other:
                meanwhile(other)
            monkeypatch.setattr(audit, "operator", lambda: "bob")

    with pytest.raises(Conflict) as refused:
        bobs_save()
    return refused.value


def test_a_save_racing_past_the_version_check_is_refused_when_it_is_written(
    db: Database, budget: agenda.AgendaItemView, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = race(
        db,
        monkeypatch,
        budget,
        lambda s: agenda.write_minutes(s, item_id=budget.id, text="Alice's minute."),
    )

    assert re.match(f"This agenda item was changed by alice{LOGIN} at ", str(refused))
    assert saved_minute(db, budget.id).minutes == "Alice's minute."


def test_an_item_removed_while_its_minute_was_being_saved_is_reported_removed(
    db: Database, meeting: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.transaction() as session:
        late = agenda.add_item(session, meeting=meeting, title="Late paper")

    refused = race(db, monkeypatch, late, lambda s: agenda.remove_item(s, item_id=late.id))

    assert re.match(f"This agenda item was removed by alice{LOGIN} at ", str(refused))


def test_every_kind_of_edit_from_a_stale_version_is_refused(db: Database, meeting: str) -> None:
    """Each editable record, edited once from the version loaded (saved), then again from
    that same version, as a second clerk would (refused; the first edit stands)."""
    with db.transaction() as session:
        item_id = agenda.add_item(session, meeting=meeting, title="Risk register").id
        chair = people.list_people(session)[0].id
        other = people.add_person(session, name="Luis Ferreira", title="Dr").id
        member = people.add_membership(
            session, body="EMC", person_id=other, role=Role.MEMBER, start=dt.date(2020, 1, 1)
        ).id
        chairing = people.list_memberships(session, body="EMC")[0].id
        decision = decisions.record_decision(
            session, item_id=item_id, text="Approved.", outcome=DecisionOutcome.APPROVED
        ).ref
        action = actions.add_action(
            session, item_id=item_id, description="Update the register.", owner_ids=[chair]
        ).ref
        declaration = declarations.record_declaration(
            session, item_id=item_id, person_id=chair, nature="Co-applicant."
        ).id

    Version = Callable[[Session], int]
    Edit = Callable[[Session, int], object]

    def membership(membership_id: int) -> Version:
        return lambda s: (
            next(m for m in people.list_memberships(s, body="EMC") if m.id == membership_id).version
        )

    edits: list[tuple[Version, Edit]] = [
        (
            lambda s: agenda.item_view(s, item_id=item_id).version,
            lambda s, v: agenda.edit_item(s, item_id=item_id, title="Risks", expected_version=v),
        ),
        (
            lambda s: agenda.item_view(s, item_id=item_id).version,
            lambda s, v: agenda.write_minutes(
                s, item_id=item_id, text="Noted.", expected_version=v
            ),
        ),
        (
            lambda s: decisions.decision_view(s, decision=decision).version,
            lambda s, v: decisions.edit_decision(
                s, decision=decision, text="Approved as amended.", expected_version=v
            ),
        ),
        (
            lambda s: actions.action_view(s, action=action).version,
            lambda s, v: actions.edit_action(
                s, action=action, owner_ids=[other], expected_version=v
            ),
        ),
        (
            lambda s: actions.action_view(s, action=action).version,
            lambda s, v: actions.revise_due_date(
                s, action=action, due=dt.date(2026, 9, 1), expected_version=v
            ),
        ),
        (
            lambda s: (
                declarations.declarations_at_meeting(s, meeting_id=meeting_by_ref(s, meeting).id)[
                    0
                ].version
            ),
            lambda s, v: declarations.edit_declaration(
                s,
                declaration_id=declaration,
                action_taken=DeclarationAction.NOTED,
                expected_version=v,
            ),
        ),
        (
            lambda s: people.get_person(s, person_id=chair).version,
            lambda s, v: people.edit_person(
                s, person_id=chair, position="Centre Director", expected_version=v
            ),
        ),
        (
            membership(member),
            lambda s, v: people.edit_membership(
                s, membership_id=member, votes=False, expected_version=v
            ),
        ),
        (
            membership(member),
            lambda s, v: people.change_role(
                s,
                membership_id=member,
                role=Role.VICE_CHAIR,
                on=dt.date(2025, 1, 1),
                expected_version=v,
            ),
        ),
        (
            membership(chairing),
            lambda s, v: people.end_membership(
                s, membership_id=chairing, on=dt.date(2027, 12, 31), expected_version=v
            ),
        ),
        (
            lambda s: bodies.body_view(s, code="EMC").version,
            lambda s, v: bodies.edit_body(
                s, code="EMC", name="Executive Committee", expected_version=v
            ),
        ),
        (
            lambda s: meetings.get_meeting(s, meeting=meeting).version,
            lambda s, v: meetings.edit_meeting(
                s, meeting=meeting, location="Room 3.01", expected_version=v
            ),
        ),
    ]
    for version_of, edit in edits:
        with db.reading() as session:
            loaded = version_of(session)
        with db.transaction() as session:
            edit(session, loaded)
        with pytest.raises(Conflict, match=CHANGED_BY), db.transaction() as session:
            edit(session, loaded)
        with db.reading() as session:
            assert version_of(session) == loaded + 1

    with db.reading() as session:
        assert agenda.item_view(session, item_id=item_id).title == "Risks"
        assert actions.action_view(session, action=action).owner_ids == (other,)
        assert meetings.get_meeting(session, meeting=meeting).location == "Room 3.01"


def test_an_edit_without_a_version_is_not_checked(
    db: Database, budget: agenda.AgendaItemView
) -> None:
    """Scripts and the app's own follow-on changes name no version; their edits go through."""
    with db.transaction() as session:
        agenda.write_minutes(session, item_id=budget.id, text="First.")
        agenda.write_minutes(session, item_id=budget.id, text="Second.")

    assert saved_minute(db, budget.id).version == budget.version + 2


def test_a_change_to_an_actions_owners_alone_raises_its_version(
    db: Database, budget: agenda.AgendaItemView
) -> None:
    with db.transaction() as session:
        owner = people.add_person(session, name="Priya Natarajan", title="Ms")
        action = actions.add_action(session, item_id=budget.id, description="Draft the plan.")
    with db.transaction() as session:
        actions.edit_action(
            session, action=action.ref, owner_ids=[owner.id], expected_version=action.version
        )

    with pytest.raises(Conflict), db.transaction() as session:
        actions.edit_action(session, action=action.ref, owner_ids=[], expected_version=1)
    with db.reading() as session:
        assert actions.action_view(session, action=action.ref).owners == ("Priya Natarajan",)


def test_the_command_line_reports_a_conflict_in_one_line_with_exit_status_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refused(_args: object) -> int:
        raise Conflict(subject="Item 5 of EMC/2026/03", by="alice at 14:02 on 3 March 2026")

    monkeypatch.setattr(cli, "cmd_check", refused)

    assert cli.main(["check"]) == EXIT_CONFLICT == 3
    err = capsys.readouterr().err
    assert err == (
        "ccsc-gov: Item 5 of EMC/2026/03 was changed by alice at 14:02 on 3 March 2026 — "
        "reload to see the latest version.\n"
    )


# --- the schema upgrade --------------------------------------------------------------------


def triggers(target: str) -> set[str]:
    engine = create_engine(resolve_url(target))
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        else:
            query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
        names = {row[0] for row in conn.execute(text(query))}
    engine.dispose()
    return names


def test_the_upgrade_gives_existing_rows_version_1_and_keeps_every_trigger(
    db_target: str, meeting: str, budget: agenda.AgendaItemView
) -> None:
    database = open_database(db_target)
    with database.transaction() as session:
        agenda.write_minutes(session, item_id=budget.id, text="Approved.")
        agenda.write_minutes(session, item_id=budget.id, text="Approved as tabled.")
        session.execute(text("UPDATE meeting SET status = 'minutes approved'"))
    database.close()
    # Taken back to the schema before versions: the record as an older version left it.
    engine = create_engine(resolve_url(db_target))
    command.downgrade(migrate.config(engine), "0004")
    engine.dispose()
    before = triggers(db_target)

    upgraded = open_database(db_target)
    try:
        # Every trigger is kept (later revisions add their own, e.g. the papers' locks).
        assert before <= triggers(db_target)
        with upgraded.reading() as session:
            assert session.get_one(AgendaItem, budget.id).version == 1
            assert meeting_by_ref(session, meeting).version == 1
        # The lock triggers still refuse any change to the approved meeting's record, however
        # it is made; and the service refuses it in words.
        with pytest.raises(DBAPIError, match="locked"), upgraded.transaction() as session:
            session.execute(text("UPDATE agenda_item SET minutes = 'Rewritten.'"))
        with pytest.raises(DBAPIError, match="locked"), upgraded.transaction() as session:
            session.get_one(AgendaItem, budget.id).minutes = "Rewritten."
        with pytest.raises(NotAllowed), upgraded.transaction() as session:
            agenda.write_minutes(session, item_id=budget.id, text="Rewritten.", expected_version=1)
        with upgraded.reading() as session:
            assert session.get_one(AgendaItem, budget.id).minutes == "Approved as tabled."
    finally:
        upgraded.close()
